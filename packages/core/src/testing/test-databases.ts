import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
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

async function createPgliteTestDatabase(options: TestDistrictOptions): Promise<DistrictDatabase> {
  pgliteTemplate ??= (async () => {
    const template = await PGlite.create();
    const database = await openDistrictDatabase({ pglite: template, districtCode: options.districtCode });
    await database.migrate();
    return template;
  })();
  const client = (await (await pgliteTemplate).clone()) as PGlite;
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

async function createPostgresTestDatabase(
  adminUrl: string,
  options: TestDistrictOptions,
): Promise<DistrictDatabase> {
  postgresTemplate ??= ensurePostgresTemplate(adminUrl);
  const template = await postgresTemplate;
  const name = `sanshe_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`create database "${name}" template "${template}"`));
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

async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
