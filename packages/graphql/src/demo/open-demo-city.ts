import { join } from 'node:path';
import { type DistrictDatabase, openDistrictDatabase, type PersonalDataKeyring } from '@sanshe/core';
import {
  type DemoScale,
  demoDistricts,
  isDistrictSeeded,
  planDemoDistrict,
  seedDemoDistrict,
} from '@sanshe/core/demo';
import type { Logger } from 'drizzle-orm';
import { createLocalDistrictSource, type DistrictSource } from '../gateway/district-source.js';

export interface OpenDemoCityOptions {
  /** Keep each district's PGlite database in `<dataDir>/<district code>`. */
  dataDir?: string;
  /** Or put each district in its own PostgreSQL database on this server: `sanshe_demo_<code>`. */
  postgresUrl?: string;
  /** Or keep everything in memory. */
  memory?: boolean;
  /** Or open each district's database yourself (tests pass `createTestDistrictDatabase`). */
  openDatabase?: (districtCode: string) => Promise<DistrictDatabase>;
  scale?: DemoScale;
  logger?: Logger;
  /** The keys sealing the districts' personal identifiers; default the development keyring. */
  personalData?: PersonalDataKeyring;
}

export interface DemoCity {
  sources: DistrictSource[];
  databases: DistrictDatabase[];
  /** The districts seeded by this call (empty when the data was already there). */
  seeded: { districtCode: string; rows: number; milliseconds: number }[];
}

/**
 * Open, migrate and (once) seed the demo city: three districts, each in its own database.
 * A second call on the same data directory reuses the data and does not reseed.
 */
export async function openDemoCity(options: OpenDemoCityOptions): Promise<DemoCity> {
  const city: DemoCity = { sources: [], databases: [], seeded: [] };
  for (const district of demoDistricts) {
    if (options.openDatabase) {
      const database = await options.openDatabase(district.districtCode);
      await database.migrate();
      await seedOnce(database, district, options, city);
      continue;
    }
    const connection = options.postgresUrl
      ? { url: await ensurePostgresDatabase(options.postgresUrl, `sanshe_demo_${district.districtCode}`) }
      : options.dataDir
        ? { dataDir: join(options.dataDir, district.districtCode) }
        : { memory: true as const };
    const database = await openDistrictDatabase({
      ...connection,
      districtCode: district.districtCode,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.personalData ? { personalData: options.personalData } : {}),
    });
    await database.migrate();
    await seedOnce(database, district, options, city);
  }
  return city;
}

async function seedOnce(
  database: DistrictDatabase,
  district: (typeof demoDistricts)[number],
  options: OpenDemoCityOptions,
  city: DemoCity,
) {
  if (!(await isDistrictSeeded(database))) {
    const plan = planDemoDistrict({ ...district, ...(options.scale ? { scale: options.scale } : {}) });
    city.seeded.push(await seedDemoDistrict(database, plan));
  }
  city.databases.push(database);
  city.sources.push(createLocalDistrictSource(database));
}

async function ensurePostgresDatabase(serverUrl: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
