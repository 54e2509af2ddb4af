import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DistrictDatabase, PersonalDataKeyring } from '@sanshe/core';
import { demoDistricts, type SeedReport } from '@sanshe/core/demo';
import { z } from 'zod';
import type { ServiceTokenConfig } from '../auth/service-token.js';
import { createLocalDistrictSource, type DistrictSource } from '../gateway/district-source.js';
import { createRemoteDistrictSource } from '../gateway/remote-district-source.js';
import { prepareDistrictDatabase } from './prepare-district-database.js';
import { UsageError } from './usage-error.js';

/**
 * The districts file of `sanshe serve --districts <file>` (docs/architecture.md §3 "Federation"): each
 * district is local (a PGlite directory or a PostgreSQL URL) or remote (the origin of another
 * sanshe gateway that serves it). A city gateway lists remote districts; a district gateway its
 * one local district; any mix works.
 *
 * ```json
 * { "districts": [
 *     { "code": "320505", "local": { "dataDir": "data/320505" }, "demo": true },
 *     { "code": "320506", "local": { "databaseUrl": "postgres://127.0.0.1/huqiu" } },
 *     { "code": "320508", "remote": { "url": "http://10.0.3.8:4000" } } ],
 *   "districtTimeoutMs": 5000, "districtConcurrency": 8 }
 * ```
 */
const districtCode = z.string().regex(/^\d{6}$/, 'a district code has 6 digits');
const localDistrict = z
  .object({
    code: districtCode,
    local: z.union([
      z.object({ dataDir: z.string().min(1) }).strict(),
      z.object({ databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL') }).strict(),
    ]),
    /** Seed the demo district's data when the database is empty (demo city codes only). */
    demo: z.boolean().optional(),
  })
  .strict();
const remoteDistrict = z
  .object({
    code: districtCode,
    remote: z.object({ url: z.url({ protocol: /^https?$/ }) }).strict(),
  })
  .strict();
const districtsFile = z
  .object({
    districts: z.array(z.union([localDistrict, remoteDistrict])).min(1, 'list at least one district'),
    /** How long one district may take before it is reported unavailable. Default 10 s. */
    districtTimeoutMs: z.number().int().min(100).max(120_000).optional(),
    /** How many districts one query asks at once. Default 8. */
    districtConcurrency: z.number().int().min(1).max(256).optional(),
  })
  .strict()
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.districts.forEach((district, index) => {
      if (seen.has(district.code)) {
        context.addIssue({
          code: 'custom',
          path: ['districts', index, 'code'],
          message: `district ${district.code} is listed twice`,
        });
      }
      seen.add(district.code);
      if (
        'demo' in district &&
        district.demo &&
        !demoDistricts.some((d) => d.districtCode === district.code)
      ) {
        context.addIssue({
          code: 'custom',
          path: ['districts', index, 'demo'],
          message: `demo data exists for ${demoDistricts.map((d) => d.districtCode).join(', ')} only`,
        });
      }
    });
  });

export type DistrictsFile = z.infer<typeof districtsFile>;

/** Read and check a districts file; every problem is reported at once, with where it is. */
export function readDistrictsFile(path: string): DistrictsFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`districts file ${path}: ${(error as Error).message}`);
  }
  const parsed = districtsFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new UsageError(`districts file ${path} is not valid:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

export interface OpenedDistrictsFile {
  sources: DistrictSource[];
  databases: DistrictDatabase[];
  seeded: SeedReport[];
  districtTimeoutMs: number | undefined;
  districtConcurrency: number | undefined;
}

/**
 * Refuse, before anything is opened, a file whose remote districts cannot be called: they need
 * the service-token secret shared with their gateways.
 */
export function checkDistrictsFile(
  path: string,
  file: DistrictsFile,
  serviceToken: ServiceTokenConfig | undefined,
): void {
  const remote = file.districts.find((district) => 'remote' in district);
  if (remote && !serviceToken) {
    throw new UsageError(
      `districts file ${path}: district ${remote.code} is remote: set SANSHE_SERVICE_TOKEN_SECRET (shared with its gateway) to call it`,
    );
  }
}

/**
 * Open what a districts file lists: local databases checked, migrated (and seeded once when
 * marked demo), remotes wired. Relative data directories are relative to the file.
 */
export async function openDistrictsFile(
  path: string,
  file: DistrictsFile,
  options: {
    personalData?: PersonalDataKeyring | undefined;
    serviceToken?: ServiceTokenConfig | undefined;
    init: boolean;
  },
): Promise<OpenedDistrictsFile> {
  checkDistrictsFile(path, file, options.serviceToken);
  const base = dirname(resolve(path));
  const opened: OpenedDistrictsFile = {
    sources: [],
    databases: [],
    seeded: [],
    districtTimeoutMs: file.districtTimeoutMs,
    districtConcurrency: file.districtConcurrency,
  };
  try {
    for (const district of file.districts) {
      if ('remote' in district) {
        opened.sources.push(
          createRemoteDistrictSource({
            districtCode: district.code,
            url: district.remote.url,
            serviceToken: options.serviceToken!,
            ...(file.districtTimeoutMs ? { timeoutMs: file.districtTimeoutMs } : {}),
          }),
        );
        continue;
      }
      const prepared = await prepareDistrictDatabase(
        'dataDir' in district.local
          ? { dataDir: resolve(base, district.local.dataDir) }
          : { url: district.local.databaseUrl },
        district.code,
        { personalData: options.personalData, init: options.init, seedDemo: district.demo === true },
      );
      if (prepared.seeded) opened.seeded.push(prepared.seeded);
      opened.databases.push(prepared.database);
      opened.sources.push(createLocalDistrictSource(prepared.database));
    }
  } catch (error) {
    // The districts opened before the failure hold locks (PGlite) and connections: let them go.
    await Promise.all(opened.sources.map((source) => source.close().catch(() => {})));
    throw error;
  }
  return opened;
}
