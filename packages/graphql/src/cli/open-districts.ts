import { type DistrictDatabase, openDistrictDatabase, type PersonalDataKeyring } from '@sanshe/core';
import type { ServiceTokenConfig } from '../auth/service-token.js';
import { openDemoCity } from '../demo/open-demo-city.js';
import { createLocalDistrictSource, type DistrictSource } from '../gateway/district-source.js';
import { openDistrictsFile } from './districts-file.js';
import { type CliOptions, UsageError } from './options.js';

export interface OpenedDistricts {
  sources: DistrictSource[];
  /** The same districts' databases, for maintenance commands (rotate-keys). */
  databases: DistrictDatabase[];
  description: string;
  seeded: { districtCode: string; rows: number; milliseconds: number }[];
  /** Whether these are the demo city's districts (demo tokens may be made for them). */
  isDemoCity: boolean;
  /** From a districts file: how long one district may take, how many are asked at once. */
  districtTimeoutMs?: number;
  districtConcurrency?: number;
}

/**
 * The districts a command works on: one PostgreSQL district database (--database-url), the
 * demo city on PostgreSQL (--database-url with --demo), or the demo city on embedded PGlite.
 */
export async function openDistricts(
  options: CliOptions,
  personalData?: PersonalDataKeyring,
  serviceToken?: ServiceTokenConfig,
): Promise<OpenedDistricts> {
  const keys = personalData ? { personalData } : {};
  if (options.districtsFile) {
    const opened = await openDistrictsFile(options.districtsFile, { personalData, serviceToken });
    const kinds = opened.sources.map((source) => `${source.districtCode} (${source.kind})`).join(', ');
    return {
      sources: opened.sources,
      databases: opened.databases,
      description: `the districts of ${options.districtsFile}: ${kinds}`,
      seeded: opened.seeded,
      isDemoCity: false,
      ...(opened.districtTimeoutMs ? { districtTimeoutMs: opened.districtTimeoutMs } : {}),
      ...(opened.districtConcurrency ? { districtConcurrency: opened.districtConcurrency } : {}),
    };
  }
  if (options.databaseUrl && !options.demo) {
    const districtCode = options.district ?? (await districtRecordedIn(options.databaseUrl));
    const database = await openDistrictDatabase({ url: options.databaseUrl, districtCode, ...keys });
    await database.migrate();
    return {
      sources: [createLocalDistrictSource(database)],
      databases: [database],
      description: `district ${districtCode} on PostgreSQL`,
      seeded: [],
      isDemoCity: false,
    };
  }
  const city = options.databaseUrl
    ? await openDemoCity({ postgresUrl: options.databaseUrl, ...keys })
    : await openDemoCity({ dataDir: options.dataDir, ...keys });
  return {
    sources: city.sources,
    databases: city.databases,
    description: options.databaseUrl
      ? 'the demo city on PostgreSQL (one database per district)'
      : `the demo city on embedded PGlite in ${options.dataDir}`,
    seeded: city.seeded,
    isDemoCity: true,
  };
}

async function districtRecordedIn(url: string): Promise<string> {
  // Any valid code opens the database; the district row inside says whose it is.
  const probe = await openDistrictDatabase({ url, districtCode: '110101', poolSize: 1 });
  try {
    await probe.migrate();
    const rows = await probe.db.query.districts.findMany({ columns: { districtCode: true } });
    if (rows.length !== 1) {
      throw new UsageError(
        'The database records no district yet: pass --district <code> (and seed it), or use --demo.',
      );
    }
    return rows[0]!.districtCode;
  } finally {
    await probe.close();
  }
}
