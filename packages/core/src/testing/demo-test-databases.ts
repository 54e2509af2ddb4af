import { createHash, randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { type DistrictDatabase, openDistrictDatabase } from '../database/district-database.js';
import { demoDistricts } from '../demo/demo-city.js';
import { type DemoScale, planDemoDistrict } from '../demo/plan-district.js';
import { seedDemoDistrict } from '../demo/seed-district.js';
import {
  cachedPgliteImage,
  createDatabaseFromTemplate,
  createPostgresTestDatabase,
  createTestDistrictDatabase,
  databaseUrl,
  migratedPgliteTemplate,
  migratedPostgresTemplate,
  testPostgresUrl,
  testRunId,
  withAdmin,
} from './test-databases.js';

/** What a demo district is planned from (planDemoDistrict's options). */
export type DemoDistrictInput = Parameters<typeof planDemoDistrict>[0];

export interface DemoTestDistrictOptions {
  /** The district to plan and seed (its code, name, seed and scale). */
  plan: DemoDistrictInput;
  logger?: Logger;
}

/**
 * A fresh database holding a seeded demo district, for one test. Seeding the demo city costs
 * seconds a district, and dozens of suites stand on it: within one test run (the root vitest
 * config names it, SANSHE_TEST_RUN) each district is seeded once and every suite gets a copy — on
 * PGlite a copy of the seeded data directory, shared by the run's workers through a file, on
 * PostgreSQL a database created from a seeded template database. Outside a test run each call
 * seeds its own. Closing the database drops it, as {@link createTestDistrictDatabase} does.
 */
export async function createDemoTestDistrictDatabase(
  options: DemoTestDistrictOptions,
): Promise<DistrictDatabase> {
  const url = testPostgresUrl();
  const run = testRunId();
  if (!run) {
    const database = await createTestDistrictDatabase({
      districtCode: options.plan.districtCode,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    await seedDemoDistrict(database, planDemoDistrict(options.plan));
    return database;
  }
  const key = demoKey(options.plan);
  if (url) {
    const template = await seededPostgresTemplate(url, run, key, options.plan);
    return createPostgresTestDatabase(
      url,
      { districtCode: options.plan.districtCode, ...optionalLogger(options) },
      template,
    );
  }
  const template = await seededPgliteTemplate(key, options.plan);
  const client = (await template.clone()) as PGlite;
  const database = await openDistrictDatabase({
    pglite: client,
    districtCode: options.plan.districtCode,
    ...optionalLogger(options),
  });
  return {
    ...database,
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

/**
 * For `openDemoCity({ openDatabase })` (@sanshe/graphql): each district of the demo city, at the
 * given scale, from {@link createDemoTestDistrictDatabase}. openDemoCity finds it seeded and
 * seeds nothing.
 */
export function demoTestDatabases(options: { scale?: DemoScale; logger?: Logger } = {}) {
  return (districtCode: string): Promise<DistrictDatabase> => {
    const district = demoDistricts.find((d) => d.districtCode === districtCode);
    if (!district) throw new Error(`${districtCode} is not a district of the demo city.`);
    return createDemoTestDistrictDatabase({
      plan: { ...district, ...(options.scale ? { scale: options.scale } : {}) },
      ...optionalLogger(options),
    });
  };
}

function optionalLogger(options: { logger?: Logger }) {
  return options.logger ? { logger: options.logger } : {};
}

/** A short, stable name for what a plan is built from. */
function demoKey(plan: DemoDistrictInput): string {
  const inputs = JSON.stringify([
    plan.districtCode,
    plan.name,
    plan.seed,
    plan.scale ?? {},
    plan.asOf ?? null,
  ]);
  return `demo_${plan.districtCode}_${createHash('sha256').update(inputs).digest('hex').slice(0, 10)}`;
}

const pgliteTemplates = new Map<string, Promise<PGlite>>();

/** The seeded PGlite of a plan, once per worker, from the run's file when another worker made it. */
function seededPgliteTemplate(key: string, plan: DemoDistrictInput): Promise<PGlite> {
  let template = pgliteTemplates.get(key);
  if (!template) {
    template = cachedPgliteImage(key, async () => {
      const client = (await (await migratedPgliteTemplate()).clone()) as PGlite;
      const database = await openDistrictDatabase({ pglite: client, districtCode: plan.districtCode });
      await seedDemoDistrict(database, planDemoDistrict(plan));
      return client;
    });
    pgliteTemplates.set(key, template);
  }
  return template;
}

const postgresTemplates = new Map<string, Promise<string>>();

/**
 * A template database holding the seeded plan, made once per test run and server (named after the
 * run, so that a template never outlives the code that seeded it: the run's teardown drops it).
 */
function seededPostgresTemplate(
  adminUrl: string,
  run: string,
  key: string,
  plan: DemoDistrictInput,
): Promise<string> {
  let template = postgresTemplates.get(key);
  if (!template) {
    template = (async () => {
      const migrated = await migratedPostgresTemplate(adminUrl);
      const name = `${runTemplatePrefix(run)}${key}`;
      await withAdmin(adminUrl, async (admin) => {
        // Test workers start together: one seeds the template, the others wait for it.
        await admin.query('select pg_advisory_lock(727275)');
        try {
          const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
          if (rowCount) return;
          const building = `sanshe_b_${randomBytes(6).toString('hex')}`;
          await createDatabaseFromTemplate(admin, building, migrated);
          const database = await openDistrictDatabase({
            url: databaseUrl(adminUrl, building),
            districtCode: plan.districtCode,
          });
          try {
            await seedDemoDistrict(database, planDemoDistrict(plan));
          } finally {
            await database.close();
          }
          await admin.query(`alter database "${building}" rename to "${name}"`);
        } finally {
          await admin.query('select pg_advisory_unlock(727275)');
        }
      });
      return name;
    })();
    postgresTemplates.set(key, template);
  }
  return template;
}

/** The names of a run's seeded template databases begin so (at most 63 characters in all). */
export function runTemplatePrefix(run: string): string {
  return `sanshe_run_${run.slice(0, 12)}_`;
}
