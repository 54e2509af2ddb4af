import type { DistrictDatabase } from '../database/district-database.js';
import type { SansheError } from '../errors/sanshe-error.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createDepartmentContext } from './department-context.js';
import { createDepartmentReads } from './department-reads.js';
import { createDepartmentUseCases } from './departments.js';
import { createInspectionItemUseCases } from './inspection-items.js';
import { createRouteUseCases } from './routes.js';

/**
 * The departments of one district (docs/domain.md §7.3–§7.5): the departments that handle grid
 * events, the routing of event categories to them by area, and their inspection lists. Kept by
 * the district (`department.manage`); read by every caller, as public reference data.
 *
 * Every write validates its input first, then runs in one transaction that locks what its rules
 * read, appends to the audit log, and either applies whole or throws a {@link SansheError} and
 * changes nothing.
 */
export function createDepartmentService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const context = createDepartmentContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createDepartmentUseCases(context),
    ...createRouteUseCases(context),
    ...createInspectionItemUseCases(context),
    ...createDepartmentReads(context),
  };
}

export type DepartmentService = ReturnType<typeof createDepartmentService>;
