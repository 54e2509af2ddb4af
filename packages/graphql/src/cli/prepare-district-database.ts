import {
  type DistrictDatabase,
  inspectDatabaseContents,
  isSansheError,
  openDistrictDatabase,
  type PersonalDataKeyring,
} from '@sanshe/core';
import {
  demoDistricts,
  isDistrictSeeded,
  planDemoDistrict,
  type SeedReport,
  seedDemoDistrict,
} from '@sanshe/core/demo';
import { sql } from 'drizzle-orm';
import { databaseFailureOf } from './database-errors.js';
import { type DatabaseLocation, describeLocation } from './database-location.js';
import { CliRefusal } from './usage-error.js';

export interface PrepareOptions {
  personalData?: PersonalDataKeyring | undefined;
  /** Create sanshe's tables even where other tables are. */
  init: boolean;
  /** Seed the demo district's data when the database records no district yet. */
  seedDemo: boolean;
}

export interface PreparedDistrict {
  database: DistrictDatabase;
  /** The district the database records, when it records one. */
  recorded: { code: string; name: string } | undefined;
  seeded: SeedReport | undefined;
}

/**
 * Open one district's database and make it ready to serve, refusing what would damage
 * something: a database holding another application's tables (unless `init`), or one that
 * records another district than asked. Then migrate it and, for a demo district, seed it once.
 * With no district code, the district the database records is served (PostgreSQL only).
 */
export async function prepareDistrictDatabase(
  location: DatabaseLocation,
  districtCode: string | undefined,
  options: PrepareOptions,
): Promise<PreparedDistrict> {
  const where = describeLocation(location);
  return withDatabaseContext(where, async () => {
    const keys = options.personalData ? { personalData: options.personalData } : {};
    // Any valid code opens a database for looking at it; the district row inside says whose it is.
    let database = await openDistrictDatabase({
      ...('url' in location ? { url: location.url, poolSize: districtCode ? 10 : 1 } : location),
      districtCode: districtCode ?? '110101',
      ...keys,
    });
    try {
      const recorded = await checkContents(database, where, districtCode, options.init);
      const code = districtCode ?? recorded?.code;
      if (!code) {
        throw new CliRefusal(
          `${where} records no district yet`,
          'create one with sanshe create-district --district <code> --name <name>, or give --district to serve it empty',
        );
      }
      if (!districtCode && 'url' in location) {
        await database.close();
        database = await openDistrictDatabase({ url: location.url, districtCode: code, ...keys });
      }
      await database.migrate();
      let seeded: SeedReport | undefined;
      const demo = demoDistricts.find((d) => d.districtCode === code);
      if (options.seedDemo && demo && !(await isDistrictSeeded(database))) {
        seeded = await seedDemoDistrict(database, planDemoDistrict({ ...demo }));
      }
      return { database, recorded, seeded };
    } catch (error) {
      await database.close().catch(() => {});
      throw error;
    }
  });
}

/**
 * Run database work, turning a driver's failure into one line naming the database, the cause
 * (code and message) and a hint.
 */
export async function withDatabaseContext<T>(where: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const failure =
      error instanceof CliRefusal || isSansheError(error) ? undefined : databaseFailureOf(error);
    if (failure) throw new CliRefusal(`${where}: ${failure.cause}`, failure.hint);
    throw error;
  }
}

/** Refuse another application's database; return the district it records, if any. */
async function checkContents(
  database: DistrictDatabase,
  where: string,
  districtCode: string | undefined,
  init: boolean,
): Promise<{ code: string; name: string } | undefined> {
  const contents = await inspectDatabaseContents(database);
  if (contents.kind === 'other') {
    if (init) return undefined;
    throw new CliRefusal(
      `${where} holds tables that are not sanshe's (${contents.relations.join(', ')}, …) and no sanshe migrations`,
      "give the district a database of its own, or pass --init to create sanshe's tables beside them",
    );
  }
  if (contents.kind === 'empty') return undefined;
  const recorded = await recordedDistricts(database);
  if (recorded.length > 1) {
    throw new CliRefusal(
      `${where} records ${recorded.length} districts (${recorded.map((r) => r.code).join(', ')}); a district database holds one`,
    );
  }
  const [district] = recorded;
  if (district && districtCode && district.code !== districtCode) {
    throw new CliRefusal(
      `${where} holds district ${district.code} (${district.name}), not ${districtCode}`,
      'correct --district (or leave it out to use the district the database records), or the database',
    );
  }
  return district;
}

/** The districts table as the first migration made it: read before this version's migrations run. */
async function recordedDistricts(database: DistrictDatabase): Promise<{ code: string; name: string }[]> {
  const result = await database.db.execute(
    sql`select district_code as code, name from districts order by district_code`,
  );
  return (result as unknown as { rows: { code: string; name: string }[] }).rows;
}
