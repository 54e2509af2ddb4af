import type { DistrictDatabase, PersonalDataKeyring } from '@sanshe/core';
import type { SeedReport } from '@sanshe/core/demo';
import type { ServiceTokenConfig } from '../auth/service-token.js';
import { openDemoCity } from '../demo/open-demo-city.js';
import { createLocalDistrictSource, type DistrictSource } from '../gateway/district-source.js';
import { redactedUrl } from './database-errors.js';
import { describeLocation } from './database-location.js';
import type { DistrictTarget } from './district-targets.js';
import { openDistrictsFile } from './districts-file.js';
import { prepareDistrictDatabase, withDatabaseContext } from './prepare-district-database.js';

export interface OpenedDistricts {
  sources: DistrictSource[];
  /** The same districts' databases, for maintenance commands (rotate-keys). */
  databases: DistrictDatabase[];
  description: string;
  seeded: SeedReport[];
  /** Whether these are the demo city's districts (demo tokens may be made for them). */
  isDemoCity: boolean;
  /** Local districts the database records no district row for (served empty). */
  unrecorded: string[];
  /** From a districts file: how long one district may take, how many are asked at once. */
  districtTimeoutMs?: number;
  districtConcurrency?: number;
}

/**
 * Open the districts a command works on (the slow part of a start: opening, migrating,
 * seeding). The target was decided from the flags beforehand (district-targets.ts).
 */
export async function openDistricts(
  target: DistrictTarget,
  options: {
    personalData?: PersonalDataKeyring | undefined;
    serviceToken?: ServiceTokenConfig;
    init: boolean;
  },
): Promise<OpenedDistricts> {
  const keys = options.personalData ? { personalData: options.personalData } : {};
  switch (target.kind) {
    case 'districts-file': {
      const opened = await openDistrictsFile(target.path, target.file, options);
      const kinds = opened.sources.map((source) => `${source.districtCode} (${source.kind})`).join(', ');
      return {
        sources: opened.sources,
        databases: opened.databases,
        description: `the districts of ${target.path}: ${kinds}`,
        seeded: opened.seeded,
        isDemoCity: false,
        unrecorded: [],
        ...(opened.districtTimeoutMs ? { districtTimeoutMs: opened.districtTimeoutMs } : {}),
        ...(opened.districtConcurrency ? { districtConcurrency: opened.districtConcurrency } : {}),
      };
    }
    case 'one-district': {
      const prepared = await prepareDistrictDatabase(target.location, target.districtCode, {
        personalData: options.personalData,
        init: options.init,
        seedDemo: target.seedDemo,
      });
      const code = prepared.database.districtCode;
      return {
        sources: [createLocalDistrictSource(prepared.database)],
        databases: [prepared.database],
        description: `district ${code}${prepared.recorded ? ` (${prepared.recorded.name})` : ''} in the ${describeLocation(target.location)}`,
        seeded: prepared.seeded ? [prepared.seeded] : [],
        isDemoCity: false,
        unrecorded: prepared.recorded || prepared.seeded ? [] : [code],
      };
    }
    case 'demo-city': {
      const location = target.location;
      const where =
        'serverUrl' in location
          ? `the demo city on the PostgreSQL server ${redactedUrl(location.serverUrl)}`
          : `the demo city on embedded PGlite in ${location.dataDir}`;
      const city = await withDatabaseContext(where, () =>
        openDemoCity(
          'serverUrl' in location
            ? { postgresUrl: location.serverUrl, ...keys }
            : { dataDir: location.dataDir, ...keys },
        ),
      );
      return {
        sources: city.sources,
        databases: city.databases,
        description:
          'serverUrl' in location ? `${where} (one database per district, sanshe_demo_<code>)` : where,
        seeded: city.seeded,
        isDemoCity: true,
        unrecorded: [],
      };
    }
  }
}
