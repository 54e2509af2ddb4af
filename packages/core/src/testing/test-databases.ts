import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import pg from 'pg';
import { type DistrictDatabase, openDistrictDatabase } from '../database/district-database.js';
import { migrationsFolder } from '../database/migrations-folder.js';

/**
 * Where tests put their databases: PostgreSQL when `SANSHE_TEST_PG` or `DATABASE_URL` names a
 * server (the URL's database is used only to create and drop throwaway ones), else embedded
 * PGlite. The same suites run on both.
 */
export function testPostgresUrl(): string | undefined {
  return process.env.SANSHE_TEST_PG || process.env.DATABASE_URL || undefined;
}

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return testPostgresUrl() ? 'postgres' : 'pglite';
}

/**
 * The test run the process belongs to, when the root vitest config named one (SANSHE_TEST_RUN):
 * what a run builds once for all its workers (migrated and seeded templates) is kept under it and
 * removed by {@link cleanUpTestRun} when the run ends.
 */
export function testRunId(): string | undefined {
  const run = process.env.SANSHE_TEST_RUN;
  return run && /^[a-z0-9]{6,32}$/.test(run) ? run : undefined;
}

/** Where a run's workers share PGlite data directories (none outside a run). */
function runCacheDir(): string | undefined {
  const run = testRunId();
  return run ? join(tmpdir(), `sanshe-test-run-${run}`) : undefined;
}

/**
 * A PGlite built once per run: loaded from the run's image file when a worker wrote it already,
 * else built and its data directory written for the others (written aside and renamed, so a
 * worker never reads half a file; two workers building at once both write the same image).
 */
export async function cachedPgliteImage(key: string, build: () => Promise<PGlite>): Promise<PGlite> {
  const dir = runCacheDir();
  const file = dir && join(dir, `${key}.tar`);
  if (file && existsSync(file)) return PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) });
  const built = await build();
  if (dir && file) {
    mkdirSync(dir, { recursive: true });
    const aside = `${file}.${process.pid}.part`;
    writeFileSync(aside, Buffer.from(await (await built.dumpDataDir('none')).arrayBuffer()));
    renameSync(aside, file);
  }
  return built;
}

/**
 * Remove what a test run built for its workers: the PGlite images and, on PostgreSQL, the run's
 * seeded template databases and any test database a suite left open (the migrated template is
 * named after the migrations and kept).
 * Called by the root vitest config's global setup when the run ends.
 */
export async function cleanUpTestRun(run: string): Promise<void> {
  rmSync(join(tmpdir(), `sanshe-test-run-${run}`), { recursive: true, force: true });
  const url = testPostgresUrl();
  if (!url) return;
  const { runTemplatePrefix } = await import('./demo-test-databases.js');
  await withAdmin(url, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1) or starts_with(datname, $2)',
      [runTemplatePrefix(run), `sanshe_t_${run.slice(0, 12)}_`],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  });
}

export interface TestDistrictOptions {
  districtCode: string;
  logger?: Logger;
}

/**
 * A fresh, migrated, empty district database for one test. Closing it also drops it when it
 * lives on PostgreSQL. Both kinds are copied from a migrated template, because migrating
 * from scratch costs seconds on PGlite.
 */
export async function createTestDistrictDatabase(options: TestDistrictOptions): Promise<DistrictDatabase> {
  const url = testPostgresUrl();
  return url ? createPostgresTestDatabase(url, options) : createPgliteTestDatabase(options);
}

let pgliteTemplate: Promise<PGlite> | undefined;

/** A migrated, empty PGlite, made once per worker (once per run when the run shares images). */
export function migratedPgliteTemplate(): Promise<PGlite> {
  pgliteTemplate ??= cachedPgliteImage(`migrated_${migrationsHash()}`, async () => {
    const template = await PGlite.create();
    // The district code is not stored by migrations: any serves.
    const database = await openDistrictDatabase({ pglite: template, districtCode: '110101' });
    await database.migrate();
    return template;
  });
  return pgliteTemplate;
}

async function createPgliteTestDatabase(options: TestDistrictOptions): Promise<DistrictDatabase> {
  const client = (await (await migratedPgliteTemplate()).clone()) as PGlite;
  const database = await openDistrictDatabase({
    pglite: client,
    districtCode: options.districtCode,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    ...database,
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

let postgresTemplate: Promise<string> | undefined;

/** The migrated template database of the server, made once (named after the migrations it holds). */
export function migratedPostgresTemplate(adminUrl: string): Promise<string> {
  postgresTemplate ??= ensurePostgresTemplate(adminUrl);
  return postgresTemplate;
}

/** A database copied from a template (by default the migrated one), dropped when closed. */
export async function createPostgresTestDatabase(
  adminUrl: string,
  options: TestDistrictOptions,
  templateName?: string,
): Promise<DistrictDatabase> {
  const template = templateName ?? (await migratedPostgresTemplate(adminUrl));
  // Named after the run, so that the run's end drops any a suite left open.
  const name = `sanshe_t_${testRunId()?.slice(0, 12) ?? process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => createDatabaseFromTemplate(admin, name, template));
  const database = await openDistrictDatabase({
    url: databaseUrl(adminUrl, name),
    poolSize: 4,
    districtCode: options.districtCode,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    ...database,
    close: async () => {
      await database.close();
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/**
 * Create a database as a copy of a template, with the template's own settings (`ALTER DATABASE
 * … SET`, such as the migrations' `jit = off`), which PostgreSQL does not copy: the test's
 * database is then configured as the migrated one it stands for.
 */
export async function createDatabaseFromTemplate(admin: pg.Client, name: string, template: string) {
  await admin.query(`create database "${name}" template "${template}"`);
  const { rows } = await admin.query<{ setting: string }>(
    `select unnest(setconfig) as setting from pg_db_role_setting
      where setrole = 0 and setdatabase = (select oid from pg_database where datname = $1)`,
    [template],
  );
  for (const { setting } of rows) {
    const [key, ...value] = setting.split('=');
    await admin.query(
      `alter database "${name}" set ${pg.escapeIdentifier(key ?? '')} to ${pg.escapeLiteral(value.join('='))}`,
    );
  }
}

/** A migrated template database named after the migrations it holds, made once per server. */
async function ensurePostgresTemplate(adminUrl: string): Promise<string> {
  const name = `sanshe_tpl_${migrationsHash()}`;
  await withAdmin(adminUrl, async (admin) => {
    // Test workers start together: one creates the template, the others wait for it.
    await admin.query('select pg_advisory_lock(727274)');
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (!rowCount) {
        const building = `${name}_building`;
        await admin.query(`drop database if exists "${building}" with (force)`);
        await admin.query(`create database "${building}"`);
        const database = await openDistrictDatabase({
          url: databaseUrl(adminUrl, building),
          districtCode: '110101',
        });
        try {
          await database.migrate();
        } finally {
          await database.close();
        }
        await admin.query(`alter database "${building}" rename to "${name}"`);
      }
    } finally {
      await admin.query('select pg_advisory_unlock(727274)');
    }
  });
  return name;
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  const folder = migrationsFolder();
  for (const entry of readdirSync(folder).sort()) {
    if (entry === 'meta') continue;
    hash.update(entry);
    try {
      hash.update(readFileSync(join(folder, entry, 'migration.sql')));
    } catch {
      // not a migration folder
    }
  }
  return hash.digest('hex').slice(0, 12);
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
