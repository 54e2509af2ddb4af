import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { SansheError } from '../errors/sanshe-error.js';
import { parseDivisionCodeOfLevel } from '../validators/division-code.js';
import { acquireDataDirLock, dataDirLockFile } from './data-dir-lock.js';
import { filterTarEntries, readTarEntries, TarFormatError } from './tar-entries.js';

/**
 * Backing up and restoring an embedded (PGlite) district database: the whole data directory as
 * one gzipped tar archive, PGlite's own `dumpDataDir` format, so `new PGlite({ loadDataDir })`
 * also reads it.
 *
 * Offline, by design. A data directory has one writer (data-dir-lock.ts): files copied from
 * under a running gateway would be torn, and a second PGlite cannot look at them consistently.
 * So a backup takes the directory's lock like any other opener and is refused with
 * DATABASE_IN_USE while a gateway serves it: stop the gateway for the backup (a district's
 * PGlite archive takes seconds), or run the district on PostgreSQL for online backups
 * (pg_dump, docs/operations.md).
 */
export interface DataDirBackup {
  /** The gzipped tar archive of the data directory. */
  archive: Uint8Array;
  /** The district the database records as its owner; undefined before it was seeded. */
  districtCode: string | undefined;
}

export interface RestoreDataDirOptions {
  /** An archive made by {@link backupDataDir} (or PGlite's `dumpDataDir`), gzipped or not. */
  archive: Uint8Array;
  /** The data directory to restore into; created when missing. */
  dataDir: string;
  /** Refuse an archive whose database records another district as its owner. */
  districtCode?: string;
  /** Replace what `dataDir` holds. Without it, a directory holding anything is refused. */
  overwrite?: boolean;
}

export interface RestoredDataDir {
  dataDir: string;
  /** The district the restored database records; undefined when it records none. */
  districtCode: string | undefined;
}

const lockFiles = new Set([dataDirLockFile, `${dataDirLockFile}.takeover`]);

/**
 * Archive an embedded database directory, with no process serving it.
 *
 * @throws {SansheError} NOT_FOUND when `dataDir` holds no database.
 * @throws {SansheError} DATABASE_IN_USE when a process (a gateway) has the directory open.
 */
export async function backupDataDir(dataDir: string): Promise<DataDirBackup> {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    throw new SansheError('NOT_FOUND', `There is no embedded database in ${dir} to back up.`, {
      path: ['dataDir'],
    });
  }
  const lock = await acquireDataDirLock(dir);
  try {
    const pglite = await PGlite.create({ dataDir: dir });
    try {
      // A checkpoint first, so the archive's files are current and a restore replays no WAL.
      await pglite.exec('checkpoint');
      const districtCode = await recordedOwner(pglite);
      const tar = new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer());
      // The archive leaves out our lock file: it names this process, and on another machine it
      // would read as a live holder and keep the restored directory from opening.
      const withoutLock = filterTarEntries(tar, (entry) => !lockFiles.has(entry.name));
      const archive = new Uint8Array(await promisify(gzip)(withoutLock));
      return { archive, districtCode };
    } finally {
      await pglite.close();
    }
  } finally {
    lock.release();
  }
}

/**
 * Restore an archive into a data directory: the archive is checked and opened in a staging
 * directory beside the target first, so a damaged archive, one of another district, or a
 * target that is in use or (without `overwrite`) not empty changes nothing. The target is
 * locked throughout; no process can open it half-restored.
 *
 * @throws {SansheError} VALIDATION_FAILED (path `archive`) when the archive is not an embedded
 *   database, does not open, or records another district than `districtCode`; (path
 *   `dataDir`) when the target is not a directory, or holds files and `overwrite` is not set.
 * @throws {SansheError} INVALID_DIVISION_CODE when `districtCode` is not a district code.
 * @throws {SansheError} DATABASE_IN_USE when a process has the target directory open.
 */
export async function restoreDataDir(options: RestoreDataDirOptions): Promise<RestoredDataDir> {
  const expected = options.districtCode === undefined ? undefined : districtCodeOf(options.districtCode);
  const tar = await tarOf(options.archive);
  const postgresVersion = postgresVersionOf(tar);

  const target = resolve(options.dataDir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new SansheError('VALIDATION_FAILED', `${target} exists and is not a directory.`, {
      path: ['dataDir'],
    });
  }
  const createdTarget = !existsSync(target);
  mkdirSync(target, { recursive: true });
  let lock: Awaited<ReturnType<typeof acquireDataDirLock>> | undefined;
  let staging: string | undefined;
  try {
    lock = await acquireDataDirLock(target);
    const present = readdirSync(target).filter((name) => !lockFiles.has(name));
    if (present.length > 0 && !options.overwrite) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `${target} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); refusing to replace it without overwrite.`,
        { path: ['dataDir'], details: { reason: 'not_empty' } },
      );
    }
    // Beside the target, so moving the files in is a rename on the same file system.
    staging = mkdtempSync(join(dirname(target), `.${basename(target)}.restoring-`));
    const districtCode = await openInto(staging, tar, postgresVersion, expected);
    for (const name of readdirSync(staging)) {
      if (lockFiles.has(name)) rmSync(join(staging, name), { force: true });
    }
    for (const name of present) rmSync(join(target, name), { recursive: true, force: true });
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(target, name));
    return { dataDir: target, districtCode };
  } catch (error) {
    if (createdTarget && lock) {
      lock.release();
      lock = undefined;
      rmSync(target, { recursive: true, force: true });
    }
    throw error;
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
    lock?.release();
  }
}

/** Load the archive into an empty directory with PGlite, which checks it is a database. */
async function openInto(
  dir: string,
  tar: Uint8Array,
  postgresVersion: string,
  expected: string | undefined,
): Promise<string | undefined> {
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: dir,
      loadDataDir: new Blob([tar as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' }),
    });
  } catch (error) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `The archive (a PostgreSQL ${postgresVersion} data directory) does not open with this version of PGlite: ${(error as Error).message}.`,
      { path: ['archive'], cause: error },
    );
  }
  try {
    const districtCode = await recordedOwner(pglite);
    if (expected !== undefined && districtCode !== undefined && districtCode !== expected) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `The archive holds district ${districtCode}, not ${expected}.`,
        { path: ['archive'], details: { archiveDistrict: districtCode, expectedDistrict: expected } },
      );
    }
    return districtCode;
  } finally {
    await pglite.close();
  }
}

/** The district a database records in its `districts` table (one row: the owner). */
async function recordedOwner(pglite: PGlite): Promise<string | undefined> {
  const table = await pglite.query<{ found: string | null }>(
    `select to_regclass('public.districts')::text as found`,
  );
  if (!table.rows[0]?.found) return undefined;
  const owners = await pglite.query<{ district_code: string }>(
    'select district_code from districts order by district_code limit 1',
  );
  return owners.rows[0]?.district_code;
}

async function tarOf(archive: Uint8Array): Promise<Uint8Array> {
  const gzipped = archive[0] === 0x1f && archive[1] === 0x8b;
  if (!gzipped) return archive;
  try {
    return new Uint8Array(await promisify(gunzip)(archive));
  } catch (error) {
    throw new SansheError('VALIDATION_FAILED', `The archive is damaged: ${(error as Error).message}.`, {
      path: ['archive'],
      cause: error,
    });
  }
}

/**
 * The PostgreSQL major version of the data directory in the archive, once every header is
 * found intact and a PG_VERSION sits at the top: what PGlite needs to load it safely.
 */
function postgresVersionOf(tar: Uint8Array): string {
  let entries: ReturnType<typeof readTarEntries>;
  try {
    entries = readTarEntries(tar);
  } catch (error) {
    if (!(error instanceof TarFormatError)) throw error;
    throw new SansheError(
      'VALIDATION_FAILED',
      `The archive is not a readable tar archive: ${error.message}.`,
      {
        path: ['archive'],
      },
    );
  }
  const pgVersion = entries.find((entry) => entry.name === 'PG_VERSION');
  if (!pgVersion) {
    throw new SansheError(
      'VALIDATION_FAILED',
      'The archive is not an embedded database directory (no PG_VERSION).',
      {
        path: ['archive'],
      },
    );
  }
  return new TextDecoder().decode(pgVersion.data).trim();
}

function districtCodeOf(code: string): string {
  const parsed = parseDivisionCodeOfLevel(code, 'district', { path: ['districtCode'] });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  return parsed.data.code;
}
