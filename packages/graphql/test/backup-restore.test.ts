/**
 * Backing up and restoring a district with the real `sanshe` binary, the way docs/operations.md
 * tells an operator to.
 *
 * PGlite: `sanshe backup` is refused while a gateway serves the directory; with it stopped, the
 * archive is written; a row changed afterwards comes back with its old value once the archive is
 * restored into a new directory and served. A restore over a directory holding a database, or of
 * another district's archive, is refused and changes nothing.
 *
 * PostgreSQL (only with SANSHE_TEST_PG): the documented pg_dump / createdb / pg_restore commands,
 * run as written, give a database holding exactly the source's rows, which `sanshe serve` serves.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDistrictDatabase } from '@sanshe/core';
import { planDemoDistrict, seedDemoDistrict } from '@sanshe/core/demo';
import { snapshotDatabase, testPostgresUrl } from '@sanshe/core/testing';
import { describe, expect, it } from 'vitest';
import { cityAdminToken, graphqlRequest, processEnv } from './support/gateway-client.js';
import { processSandbox, sansheBin, sansheBuilt, startSanshe } from './support/sanshe-process.js';
import { scratchDatabases } from './support/scratch-databases.js';

const { dir, running } = processSandbox('backup');
const env = { ...processEnv, SANSHE_SHUTDOWN_GRACE_MS: '0' };
const serverUrl = testPostgresUrl();
const scratch = scratchDatabases(serverUrl);

/** A tiny demo district: every table has rows, and seeding takes a second, not a minute. */
const tinyPlan = () =>
  planDemoDistrict({
    districtCode: '320505',
    name: '虎丘区',
    seed: 11,
    scale: { subdistricts: 1, communitiesPerSubdistrict: 2, gridsPerCommunity: 1 },
  });

/** Run a program to its end; what it printed, and its exit code. */
function runProgram(program: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(program, args, {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: '', SANSHE_TEST_PG: '', ...env },
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output: output.join('') }));
  });
}

const sanshe = (...args: string[]) => runProgram(process.execPath, [sansheBin, ...args]);

/** `sanshe backup` or `sanshe restore` of one district's directory in `dataDir`, by its archive. */
const archiveCommand = (
  command: 'backup' | 'restore',
  options: { district: string; dataDir: string; archive: string },
) =>
  sanshe(
    command,
    '--district',
    options.district,
    '--data-dir',
    options.dataDir,
    '--archive',
    options.archive,
  );

async function serve(...args: string[]) {
  const started = await startSanshe(['serve', '--port', '0', ...args], env);
  running.push(started);
  return started;
}

const firstCommunity = `{ communities(first: 1) { nodes { id code name } } }`;
const rename = `mutation($input: RenameUnitInput!) {
  renameCommunity(input: $input) { __typename ... on Error { code message } }
}`;

async function communityName(origin: string, token: string): Promise<{ id: string; name: string }> {
  const answer = await graphqlRequest(origin, { query: firstCommunity }, { token });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.communities.nodes[0];
}

describe.runIf(existsSync(sansheBuilt))('sanshe backup and restore (PGlite)', () => {
  it('backs up a stopped district, restores it into a new directory, and serves the old value', async () => {
    const dataDir = join(dir, 'data');
    const source = await openDistrictDatabase({ dataDir: join(dataDir, '320505'), districtCode: '320505' });
    try {
      await source.migrate();
      await seedDemoDistrict(source, tinyPlan());
    } finally {
      await source.close();
    }
    const token = await cityAdminToken();
    const archive = join(dir, 'backups', '320505.tar.gz');

    // Served: the backup is refused, naming the gateway's process, and writes no archive.
    const gateway = await serve('--district', '320505', '--data-dir', dataDir);
    const before = await communityName(gateway.origin, token);
    const refused = await archiveCommand('backup', { district: '320505', dataDir, archive });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(
      `DATABASE_IN_USE: The database in ${join(dataDir, '320505')} is in use by process ${gateway.process.pid}`,
    );
    expect(refused.output).toMatch(/hint: backup works on a stopped gateway's directory/);
    expect(existsSync(archive)).toBe(false);
    await gateway.stop('SIGTERM');

    const backedUp = await archiveCommand('backup', { district: '320505', dataDir, archive });
    expect(backedUp.output).toMatch(/backed up district 320505 .* MB/);
    expect(backedUp.code).toBe(0);
    expect(readdirSync(join(dir, 'backups'))).toEqual(['320505.tar.gz']);
    // Asked again, an existing archive is kept.
    const again = await archiveCommand('backup', { district: '320505', dataDir, archive });
    expect(again.code).toBe(1);
    expect(again.output).toContain('already exists');

    // The row changes after the backup.
    const changed = await serve('--district', '320505', '--data-dir', dataDir);
    const renamed = await graphqlRequest(
      changed.origin,
      { query: rename, variables: { input: { id: before.id, name: `${before.name}（改名）` } } },
      { token },
    );
    expect(renamed.body.data.renameCommunity.__typename).toBe('RenameCommunitySuccess');
    expect((await communityName(changed.origin, token)).name).toBe(`${before.name}（改名）`);
    await changed.stop('SIGTERM');

    // Restoring over the live data is refused without --force (the end of this test finds the
    // change still there).
    const listing = readdirSync(join(dataDir, '320505')).sort();
    const overwrite = await archiveCommand('restore', { district: '320505', dataDir, archive });
    expect(overwrite.code).toBe(1);
    expect(overwrite.output).toMatch(/is not empty/);
    expect(overwrite.output).toMatch(/hint: restore into a new --data-dir, or pass --force/);
    expect(readdirSync(join(dataDir, '320505')).sort()).toEqual(listing);
    // Another district's archive is refused, and leaves no directory behind.
    const wrong = await archiveCommand('restore', {
      district: '320506',
      dataDir: join(dir, 'wrong'),
      archive,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain('The archive holds district 320505, not 320506.');
    expect(readdirSync(join(dir, 'wrong'))).toEqual([]);

    const restoredDir = join(dir, 'restored');
    const restored = await archiveCommand('restore', { district: '320505', dataDir: restoredDir, archive });
    expect(restored.output).toContain(
      `restored district 320505 from ${archive} into ${join(restoredDir, '320505')}`,
    );
    expect(restored.code).toBe(0);

    const fromBackup = await serve('--district', '320505', '--data-dir', restoredDir);
    expect(await communityName(fromBackup.origin, token)).toEqual(before);
    await fromBackup.stop('SIGTERM');
    // The original still has the change: the restore went to its own directory.
    const original = await serve('--district', '320505', '--data-dir', dataDir);
    expect((await communityName(original.origin, token)).name).toBe(`${before.name}（改名）`);
    await original.stop('SIGTERM');
  }, 180_000);
});

describe.runIf(existsSync(sansheBuilt) && serverUrl)(
  'pg_dump and pg_restore as documented (PostgreSQL)',
  () => {
    it('restores a seeded district database into a new database with every row, and serves it', async () => {
      const sourceName = await scratch.create('backup');
      // Made by createdb below, as the documentation says.
      const restoredName = scratch.name('restored');

      const source = await openDistrictDatabase({
        url: scratch.url(sourceName),
        districtCode: '320505',
        poolSize: 1,
      });
      let sourceRows: Record<string, unknown[]>;
      try {
        await source.migrate();
        await seedDemoDistrict(source, tinyPlan());
        sourceRows = await snapshotDatabase(source);
      } finally {
        await source.close();
      }

      // docs/operations.md, "PostgreSQL": the commands as written there.
      const dump = join(dir, `${sourceName}.dump`);
      const dumped = await runProgram('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${dump}`,
        scratch.url(sourceName),
      ]);
      expect(dumped.output).toBe('');
      expect(dumped.code).toBe(0);
      const created = await runProgram('createdb', [
        `--maintenance-db=${serverUrl}`,
        '--template=template0',
        restoredName,
      ]);
      expect(created.output).toBe('');
      expect(created.code).toBe(0);
      const restoredRun = await runProgram('pg_restore', [
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${scratch.url(restoredName)}`,
        dump,
      ]);
      expect(restoredRun.output).toBe('');
      expect(restoredRun.code).toBe(0);

      const restored = await openDistrictDatabase({
        url: scratch.url(restoredName),
        districtCode: '320505',
        poolSize: 1,
      });
      try {
        expect(await snapshotDatabase(restored)).toEqual(sourceRows);
        expect(sourceRows.communities).toHaveLength(2);
      } finally {
        await restored.close();
      }

      // Served as it is: already migrated (drizzle's journal came along), the district it records.
      const gateway = await serve('--database-url', scratch.url(restoredName));
      expect(gateway.output.join('')).toMatch(/320505/);
      const token = await cityAdminToken();
      const community = await communityName(gateway.origin, token);
      expect(sourceRows.communities?.map((row) => (row as { name: string }).name)).toContain(community.name);
      await gateway.stop('SIGTERM');
    }, 120_000);
  },
);
