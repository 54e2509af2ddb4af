/**
 * Backing up and restoring an embedded district database (src/database/data-dir-backup.ts):
 * the archive restores to a database holding exactly the rows backed up; a backup is refused
 * while the directory is open; a restore refuses a damaged archive, another district's, a target
 * in use or one holding files, and each refusal leaves the target as it was.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDataDir, restoreDataDir } from '../../src/database/data-dir-backup.js';
import { dataDirLockFile } from '../../src/database/data-dir-lock.js';
import { openDistrictDatabase } from '../../src/database/district-database.js';
import { filterTarEntries, readTarEntries } from '../../src/database/tar-entries.js';
import { planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import { SansheError } from '../../src/errors/sanshe-error.js';
import { snapshotDatabase } from '../../src/testing/database-snapshot.js';

const root = mkdtempSync(join(tmpdir(), 'sanshe-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const source = join(root, 'source', '320505');
let archive: Uint8Array;
let sourceRows: Record<string, unknown[]>;

async function snapshotOf(dataDir: string, districtCode = '320505') {
  const database = await openDistrictDatabase({ dataDir, districtCode });
  try {
    return await snapshotDatabase(database);
  } finally {
    await database.close();
  }
}

async function refusal(promise: Promise<unknown>, code: string): Promise<SansheError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SansheError);
  expect((error as SansheError).code).toBe(code);
  return error as SansheError;
}

/** The archive with one byte of its second entry's header changed. */
function damagedHeader(tar: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(tar);
  copy[1024 + 5] = (copy[1024 + 5] ?? 0) ^ 0xff;
  return copy;
}

/** What a directory holds, file by file, to show a refusal changed nothing. */
function listing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : [];
}

beforeAll(async () => {
  const database = await openDistrictDatabase({ dataDir: source, districtCode: '320505' });
  try {
    await database.migrate();
    const plan = planDemoDistrict({
      districtCode: '320505',
      name: '虎丘区',
      seed: 7,
      scale: { subdistricts: 1, communitiesPerSubdistrict: 2, gridsPerCommunity: 1 },
    });
    await seedDemoDistrict(database, plan);
    sourceRows = await snapshotDatabase(database);
  } finally {
    await database.close();
  }
  const backup = await backupDataDir(source);
  archive = backup.archive;
  expect(backup.districtCode).toBe('320505');
}, 120_000);

describe('backing up and restoring a PGlite data directory', () => {
  it('restores every row backed up, into a directory that opens without a stale lock', async () => {
    expect(sourceRows.communities).toHaveLength(2);
    // A gzipped tar without our lock file (it would name the backing-up process).
    const names = readTarEntries(gunzipSync(archive)).map((entry) => entry.name);
    expect(names).toContain('PG_VERSION');
    expect(names).not.toContain(dataDirLockFile);

    const target = join(root, 'restored', '320505');
    const restored = await restoreDataDir({ archive, dataDir: target, districtCode: '320505' });
    expect(restored).toEqual({ dataDir: target, districtCode: '320505' });
    expect(existsSync(join(target, dataDirLockFile))).toBe(false);
    expect(await snapshotOf(target)).toEqual(sourceRows);
    // Nothing is left beside the target.
    expect(readdirSync(join(root, 'restored'))).toEqual(['320505']);
  }, 60_000);

  it('refuses to back up a directory a process has open, or one holding no database', async () => {
    const open = await openDistrictDatabase({ dataDir: source, districtCode: '320505' });
    try {
      const error = await refusal(backupDataDir(source), 'DATABASE_IN_USE');
      expect(error.message).toContain(`in use by process ${process.pid} on ${hostname()}`);
    } finally {
      await open.close();
    }
    const empty = join(root, 'no-database');
    mkdirSync(empty);
    await refusal(backupDataDir(empty), 'NOT_FOUND');
    expect(readdirSync(empty)).toEqual([]);
  });

  it('refuses damaged archives and archives that are not a database, creating nothing', async () => {
    const tar = gunzipSync(archive);
    // Each with the reason a refusal gives; headers are checked before PGlite sees an archive
    // (its loader ends the process on a damaged one).
    const damaged: [string, Uint8Array, RegExp][] = [
      ['not an archive', new TextEncoder().encode('hello, not a tar'), /not a readable tar archive/],
      ['zeros', new Uint8Array(10_240), /holds no entries/],
      ['a damaged gzip stream', Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), /archive is damaged/],
      ['a truncated archive', gzipSync(tar.subarray(0, tar.length - 3_000_000)), /truncated/],
      ['a damaged header', damagedHeader(tar), /header at byte 1024 is damaged/],
      [
        'an archive without PG_VERSION',
        gzipSync(filterTarEntries(tar, (entry) => entry.name !== 'PG_VERSION')),
        /not an embedded database directory/,
      ],
      [
        'a database missing its control file',
        gzipSync(filterTarEntries(tar, (entry) => entry.name !== 'global/pg_control')),
        /PostgreSQL \d+ data directory\) does not open/,
      ],
    ];
    for (const [what, bytes, reason] of damaged) {
      const target = join(root, 'damaged', what.replaceAll(' ', '-'));
      const error = await refusal(restoreDataDir({ archive: bytes, dataDir: target }), 'VALIDATION_FAILED');
      expect(error.message, what).toMatch(reason);
      expect(error.path, what).toEqual(['archive']);
      expect(existsSync(target), what).toBe(false);
    }
    expect(listing(join(root, 'damaged'))).toEqual([]);
  }, 60_000);

  it("refuses another district's archive, a target in use, and a target holding files unless asked", async () => {
    const other = join(root, 'other', '320506');
    const wrong = await refusal(
      restoreDataDir({ archive, dataDir: other, districtCode: '320506' }),
      'VALIDATION_FAILED',
    );
    expect(wrong.message).toContain('holds district 320505, not 320506');
    expect(existsSync(other)).toBe(false);
    expect(readdirSync(join(root, 'other'))).toEqual([]);

    const occupied = join(root, 'occupied', '320505');
    mkdirSync(occupied, { recursive: true });
    writeFileSync(join(occupied, 'notes.txt'), 'keep me');
    const notEmpty = await refusal(restoreDataDir({ archive, dataDir: occupied }), 'VALIDATION_FAILED');
    expect(notEmpty.path).toEqual(['dataDir']);
    expect(notEmpty.details).toEqual({ reason: 'not_empty' });
    expect(listing(occupied)).toEqual(['notes.txt']);
    expect(readFileSync(join(occupied, 'notes.txt'), 'utf8')).toBe('keep me');

    // A served database is never replaced under its process, overwrite or not.
    const served = await openDistrictDatabase({ dataDir: source, districtCode: '320505' });
    try {
      await refusal(restoreDataDir({ archive, dataDir: source, overwrite: true }), 'DATABASE_IN_USE');
    } finally {
      await served.close();
    }
    expect(await snapshotOf(source)).toEqual(sourceRows);

    // Asked to: what the directory held is replaced by the archive's database.
    await restoreDataDir({ archive, dataDir: occupied, overwrite: true, districtCode: '320505' });
    expect(existsSync(join(occupied, 'notes.txt'))).toBe(false);
    expect(await snapshotOf(occupied)).toEqual(sourceRows);
  }, 120_000);
});
