import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { backupDataDir, isSansheError, restoreDataDir } from '@sanshe/core';
import { readDistrictsFile } from './districts-file.js';
import type { CliOptions } from './options.js';
import { CliRefusal, UsageError } from './usage-error.js';

/**
 * `sanshe backup` and `sanshe restore`: one district's embedded (PGlite) database to and from an
 * archive file, through core's `backupDataDir` / `restoreDataDir` (data-dir-backup.ts). Both are
 * offline: a directory a gateway serves is refused with DATABASE_IN_USE, never copied torn. A
 * PostgreSQL district is backed up with pg_dump instead (docs/operations.md).
 */
export type BackupOptions = Pick<CliOptions, 'dataDir' | 'district' | 'districtsFile'> & {
  /** The archive file: written by backup (default `sanshe-<code>-<time>.tar.gz`), read by restore. */
  archive: string | undefined;
  /** backup: replace an existing archive file; restore: replace a data directory holding files. */
  force: boolean;
};

/** `sanshe backup`: archive the district's data directory, with no gateway serving it. */
export async function backupCommand(options: BackupOptions): Promise<void> {
  const { districtCode, dataDir } = dataDirOf(options, 'backup');
  const archive = resolve(options.archive ?? `sanshe-${districtCode}-${timestamp()}.tar.gz`);
  if (existsSync(archive) && !options.force) {
    throw new CliRefusal(
      `${archive} already exists`,
      'choose another --archive, or pass --force to replace it',
    );
  }
  const backup = await refusedPlainly(() => backupDataDir(dataDir), 'backup');
  // Written beside the archive and renamed into place: an interrupted backup leaves no archive
  // that looks whole.
  mkdirSync(dirname(archive), { recursive: true });
  const partial = `${archive}.partial-${process.pid}`;
  try {
    writeFileSync(partial, backup.archive);
    renameSync(partial, archive);
  } finally {
    rmSync(partial, { force: true });
  }
  console.log(
    `backed up district ${districtCode} (PGlite database ${dataDir}) to ${archive}: ${megabytes(backup.archive.length)}`,
  );
  if (backup.districtCode !== undefined && backup.districtCode !== districtCode) {
    console.log(`  note: the database records district ${backup.districtCode}, not ${districtCode}`);
  }
  if (backup.districtCode === undefined) console.log('  note: the database records no district yet');
}

/** `sanshe restore`: an archive into the district's data directory, empty unless --force. */
export async function restoreCommand(options: BackupOptions): Promise<void> {
  const { districtCode, dataDir } = dataDirOf(options, 'restore');
  if (!options.archive) throw new UsageError('restore needs --archive <file>', 'sanshe restore --help');
  const archivePath = resolve(options.archive);
  if (!existsSync(archivePath)) throw new CliRefusal(`there is no archive at ${archivePath}`);
  const archive = new Uint8Array(readFileSync(archivePath));
  const restored = await refusedPlainly(
    () => restoreDataDir({ archive, dataDir, districtCode, overwrite: options.force }),
    'restore',
  );
  console.log(`restored district ${districtCode} from ${archivePath} into ${restored.dataDir}`);
  const serveIt = options.districtsFile
    ? `sanshe serve --districts ${options.districtsFile}`
    : `sanshe serve --district ${districtCode} --data-dir ${options.dataDir}`;
  console.log(`  serve it with: ${serveIt} (it is migrated to this version at start)`);
}

/**
 * The district's PGlite directory: `<data-dir>/<code>`, or the one a districts file gives it.
 * The district is required: a backup is of one district, as each is its own database.
 */
function dataDirOf(
  options: BackupOptions,
  command: 'backup' | 'restore',
): { districtCode: string; dataDir: string } {
  const help = `sanshe ${command} --help`;
  const districtCode = options.district;
  if (!districtCode) throw new UsageError(`${command} needs --district <code>`, help);
  if (!options.districtsFile) return { districtCode, dataDir: resolve(join(options.dataDir, districtCode)) };

  const file = readDistrictsFile(options.districtsFile);
  const listed = file.districts.find((district) => district.code === districtCode);
  if (!listed) throw new UsageError(`${options.districtsFile} does not list district ${districtCode}`, help);
  if ('remote' in listed) {
    throw new CliRefusal(
      `district ${districtCode} is served by another gateway (${listed.remote.url})`,
      `run sanshe ${command} where its database is`,
    );
  }
  if ('databaseUrl' in listed.local) {
    throw new CliRefusal(
      `district ${districtCode} is on PostgreSQL: sanshe ${command} handles embedded PGlite databases`,
      'use pg_dump / pg_restore (docs/operations.md, "Backup and restore")',
    );
  }
  return { districtCode, dataDir: resolve(dirname(resolve(options.districtsFile)), listed.local.dataDir) };
}

/**
 * A refusal from core (a directory in use, no database, a damaged archive, a directory holding
 * files) as one line with what to do; DATABASE_IN_USE keeps its code, which operators grep for.
 */
async function refusedPlainly<T>(run: () => Promise<T>, command: 'backup' | 'restore'): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isSansheError(error)) throw error;
    if (error.code === 'DATABASE_IN_USE') {
      throw new CliRefusal(
        `DATABASE_IN_USE: ${error.message}`,
        `${command} works on a stopped gateway's directory: stop it (SIGTERM), ${command}, start it again`,
      );
    }
    if (error.details?.reason === 'not_empty') {
      throw new CliRefusal(
        error.message,
        'restore into a new --data-dir, or pass --force to replace what the directory holds',
      );
    }
    throw new CliRefusal(error.message);
  }
}

function timestamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
