import type { DistrictDatabase } from '../database/district-database.js';
import type { SansheError } from '../errors/sanshe-error.js';
import { createBoundaryUseCases } from './boundaries.js';
import { createGridPlanContext, type GridPlanServiceOptions } from './grid-plan-context.js';
import { createGridPlanReads } from './grid-plan-reads.js';
import { createGridTeamUseCases } from './grid-teams.js';
import { createPatrolUseCases } from './patrols.js';

export type { GridPlanServiceOptions } from './grid-plan-context.js';

/**
 * The grid plans of one district (docs/domain.md §7.1–§7.3): grid boundaries as GeoJSON, the
 * "1+2+N" teams that work each grid, and their patrols of the departments' inspection lists.
 *
 * Every write validates its input first, then runs in one transaction that checks what the
 * caller may do where the grid lies, locks what its rules read (the grid's row stands for its
 * team), appends to the audit log, and either applies whole or throws a {@link SansheError} and
 * changes nothing. Reads answer only what the caller may see (access/grid-plan-visibility.ts).
 */
export function createGridPlanService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: GridPlanServiceOptions = {},
) {
  const context = createGridPlanContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createBoundaryUseCases(context),
    ...createGridTeamUseCases(context),
    ...createPatrolUseCases(context),
    ...createGridPlanReads(context),
  };
}

export type GridPlanService = ReturnType<typeof createGridPlanService>;
