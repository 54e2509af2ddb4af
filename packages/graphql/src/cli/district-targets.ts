import { join } from 'node:path';
import { demoDistricts } from '@sanshe/core/demo';
import { databaseNameOf } from './database-errors.js';
import type { DatabaseLocation } from './database-location.js';
import { type DistrictsFile, readDistrictsFile } from './districts-file.js';
import type { CliOptions } from './options.js';
import { UsageError } from './usage-error.js';

/**
 * What a command works on, decided from its flags alone, before anything is opened: a
 * districts file, one district's database, or the demo city.
 */
export type DistrictTarget =
  | { kind: 'districts-file'; path: string; file: DistrictsFile }
  | {
      kind: 'one-district';
      location: DatabaseLocation;
      /** Undefined: the district the database records. */
      districtCode: string | undefined;
      /** Write the demo district's data when the database holds no district yet. */
      seedDemo: boolean;
    }
  | { kind: 'demo-city'; location: { serverUrl: string } | { dataDir: string } };

/** The districts `serve` (and `rotate-keys`) works on. */
export function serveTarget(options: CliOptions, command: string): DistrictTarget {
  const help = `sanshe ${command} --help`;
  if (options.districtsFile) return districtsFileTarget(options, help);
  if (options.demo && options.district) {
    throw new UsageError(
      `${given(options, 'demo')} means the whole demo city and ${given(options, 'district')} one district: drop one`,
      help,
    );
  }
  if (options.databaseUrl) {
    if (options.demo) return { kind: 'demo-city', location: { serverUrl: options.databaseUrl } };
    checkDatabaseName(options.databaseUrl, options.init);
    return {
      kind: 'one-district',
      location: { url: options.databaseUrl },
      districtCode: options.district,
      seedDemo: false,
    };
  }
  if (options.district) {
    return {
      kind: 'one-district',
      location: { dataDir: join(options.dataDir, options.district) },
      districtCode: options.district,
      seedDemo: false,
    };
  }
  return { kind: 'demo-city', location: { dataDir: options.dataDir } };
}

/**
 * The databases `seed` writes demo data into: exactly the one named, or the demo city's own
 * (one per district). A server URL alone is ambiguous and refused.
 */
export function seedTarget(options: CliOptions): DistrictTarget {
  const help = 'sanshe seed --help';
  if (options.production) {
    throw new UsageError(
      `seed writes demo data, which production refuses (${given(options, 'production')})`,
      help,
    );
  }
  if (options.districtsFile) return districtsFileTarget(options, help);
  if (options.district) {
    if (options.demo) {
      throw new UsageError(
        `${given(options, 'demo')} means the whole demo city and ${given(options, 'district')} one district: drop one`,
        help,
      );
    }
    if (!demoDistricts.some((d) => d.districtCode === options.district)) {
      throw new UsageError(
        `demo data exists for ${demoCodes()} only, not ${options.district}; a real district starts with sanshe create-district`,
        help,
      );
    }
    return oneDistrictTarget(options, options.district, { seedDemo: true });
  }
  if (options.databaseUrl) {
    if (!options.demo) {
      throw new UsageError(
        `seed ${given(options, 'database-url')} needs --district <code> (that demo district into exactly that database) or --demo (the whole demo city, one database per district on that server)`,
        help,
      );
    }
    return { kind: 'demo-city', location: { serverUrl: options.databaseUrl } };
  }
  return { kind: 'demo-city', location: { dataDir: options.dataDir } };
}

/** The one district database `migrate` works on. */
export function migrateTarget(options: CliOptions): DistrictTarget {
  if (!options.district) throw new UsageError('migrate needs --district <code>', 'sanshe migrate --help');
  return oneDistrictTarget(options, options.district, { seedDemo: false });
}

/** One district's database: the one `--database-url` names, or `<data-dir>/<code>`. */
function oneDistrictTarget(
  options: CliOptions,
  districtCode: string,
  { seedDemo }: { seedDemo: boolean },
): DistrictTarget {
  if (options.databaseUrl) checkDatabaseName(options.databaseUrl, options.init);
  return {
    kind: 'one-district',
    location: options.databaseUrl
      ? { url: options.databaseUrl }
      : { dataDir: join(options.dataDir, districtCode) },
    districtCode,
    seedDemo,
  };
}

/** Whether the target writes or serves demo data (refused in production). */
export function demoDataIn(target: DistrictTarget): string | undefined {
  switch (target.kind) {
    case 'demo-city':
      return 'the demo city';
    case 'one-district':
      return target.seedDemo ? `demo district ${target.districtCode}` : undefined;
    case 'districts-file': {
      const demo = target.file.districts.filter((d) => 'demo' in d && d.demo).map((d) => d.code);
      return demo.length > 0 ? `demo data (${target.path} marks ${demo.join(', ')} "demo": true)` : undefined;
    }
  }
}

/**
 * The server's own databases are not a district's: `postgres` is where administrators and tools
 * connect (a district there is a wrong URL more often than a choice), and a template's tables
 * would be copied into every database created after. --init allows `postgres`, never a template.
 */
export function checkDatabaseName(url: string, init: boolean): void {
  const name = databaseNameOf(url);
  if (name === 'template0' || name === 'template1') {
    throw new UsageError(
      `${name} is a template database of the server; give each district a database of its own`,
    );
  }
  if (name === 'postgres' && !init) {
    throw new UsageError(
      `postgres is the server's maintenance database, not a district's: give the district a database of its own (sanshe create-district creates it), or pass --init to use it anyway`,
    );
  }
}

function districtsFileTarget(options: CliOptions, help: string): DistrictTarget {
  const path = options.districtsFile!;
  for (const flag of ['database-url', 'district', 'demo'] as const) {
    if (options.givenBy[flag]) {
      throw new UsageError(
        `${given(options, 'districts')} lists the districts itself: drop ${options.givenBy[flag]}`,
        help,
      );
    }
  }
  const file = readDistrictsFile(path);
  for (const district of file.districts) {
    if ('local' in district && 'databaseUrl' in district.local) {
      try {
        checkDatabaseName(district.local.databaseUrl, options.init);
      } catch (error) {
        throw new UsageError(
          `districts file ${path}, district ${district.code}: ${(error as Error).message}`,
        );
      }
    }
  }
  return { kind: 'districts-file', path, file };
}

function given(options: CliOptions, flag: keyof CliOptions['givenBy']): string {
  return options.givenBy[flag] ?? `--${flag}`;
}

function demoCodes(): string {
  return demoDistricts.map((d) => d.districtCode).join(', ');
}
