/**
 * The exports by the name the CLI (`sanshe export <standard>`) and the gateway
 * (`GET /exports/<standard>/<district>`) give them, and the one way both build them.
 */
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { export360GivingPackage, type GivingExportOptions } from './360giving-package.js';
import { exportHsds } from './hsds-directory.js';
import { exportOcdsReleasePackage, type OcdsExportOptions } from './ocds-release-package.js';

export const exportStandards = {
  ocds: 'Open Contracting Data Standard 1.1 release package (purchases)',
  '360giving': '360Giving Data Standard 1.4 data package (funding)',
  hsds: 'Open Referral HSDS 3.0 organizations with their services',
} as const;

export type ExportStandard = keyof typeof exportStandards;

export function isExportStandard(value: string): value is ExportStandard {
  return Object.hasOwn(exportStandards, value);
}

/** The options of every export at once: each takes what it uses. */
export type DistrictExportOptions = OcdsExportOptions & GivingExportOptions;

/**
 * One district's export in one standard, as the JSON document the standard defines.
 *
 * @throws {SansheError} INVALID_CODE_LIST_VALUE (no such standard), and what the export throws
 */
export async function exportDistrict(
  db: SansheDb,
  standard: string,
  districtCode: string,
  options: DistrictExportOptions,
): Promise<object> {
  switch (standard) {
    case 'ocds':
      return exportOcdsReleasePackage(db, districtCode, options);
    case '360giving':
      return export360GivingPackage(db, districtCode, options);
    case 'hsds':
      return exportHsds(db, districtCode, options);
    default:
      throw new SansheError(
        'INVALID_CODE_LIST_VALUE',
        `There is no export "${standard}"; the exports are ${Object.keys(exportStandards).join(', ')}.`,
        { path: ['standard'] },
      );
  }
}
