import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import type { GridTeamComposition } from '../policies/grid-policies.js';
import { createPolicyService } from '../policies/policy-service.js';
import type { PolicyInForce } from '../policies/resolve-policy.js';
import { type GridTeamMember, gridTeamMembers } from '../schema/grid-teams.js';
import { type Grid, grids } from '../schema/hierarchy.js';
import { createServiceKit, type RowLock, type ServiceOptions } from '../services/service-kit.js';

/** Options of the grid plan service: those of every service, and the clock of instants. */
export interface GridPlanServiceOptions extends ServiceOptions {
  /** Now, for instants (a patrol is never recorded after it). Defaults to the wall clock. */
  now?: () => Date;
}

/** Heads first, then workers, then informants: how a team is listed. */
export const teamOrder = sql`case ${gridTeamMembers.role} when 'head' then 0 when 'worker' then 1 else 2 end`;

/**
 * What the use cases of grid plans share (docs/domain.md §7.1–§7.3), for one district and one
 * caller: the service kit, the clock, loads and locks of grids and teams, and the composition in
 * force. The use cases are boundaries.ts, grid-teams.ts and patrols.ts; reads are in
 * grid-plan-reads.ts; rules are pure, in team-composition.ts and patrol-coverage.ts.
 *
 * Lock order: the grid first. Its row stands for its team: every write of the team locks it FOR
 * UPDATE (so two changes of one team apply one after the other, each checking the composition
 * against what the other left) and a patrol FOR SHARE (so the team it reads stays as it is until
 * the patrol is written). Then volunteers and inspection items FOR SHARE, then member rows.
 */
export function createGridPlanContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: GridPlanServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;
  const now = options.now ?? (() => new Date());

  function requireGrid(executor: SansheDb, id: number, lock: RowLock, path: FieldPath): Promise<Grid> {
    return kit.requireRecord(executor, grids, id, 'grid', path, lock);
  }

  /**
   * The grid is in force on `day`.
   *
   * @throws {SansheError} UNIT_NOT_IN_FORCE
   */
  function requireGridInForce(grid: Grid, day: string, path: FieldPath): void {
    if (!isActiveOn(grid, day)) {
      throw new SansheError('UNIT_NOT_IN_FORCE', `Grid ${grid.code} is not in force on ${day}.`, {
        path,
        details: { effectiveFrom: grid.effectiveFrom, retiredOn: grid.retiredOn },
      });
    }
  }

  /** Where a grid's plan lies, for the jurisdiction check: the grid's own code (within its community's). */
  function gridTarget(grid: Grid): WriteTarget {
    return { unitCode: grid.code };
  }

  /** The members of the grid's team who have not left, as the team lists them. */
  function openTeam(executor: SansheDb, gridId: number): Promise<GridTeamMember[]> {
    return executor
      .select()
      .from(gridTeamMembers)
      .where(
        and(
          eq(gridTeamMembers.districtCode, districtCode),
          eq(gridTeamMembers.gridId, gridId),
          isNull(gridTeamMembers.leftOn),
        ),
      )
      .orderBy(teamOrder, asc(gridTeamMembers.id));
  }

  /**
   * The composition ("1+2+N", policy `grid.team_composition`) in force for the grid on `day`: the
   * value set for its community's jurisdiction (its subdistrict, the district) or the default. A
   * grid code is its community's code and a local suffix (validators/division-code.ts).
   *
   * @throws {SansheError} POLICY_NOT_SET
   */
  function compositionFor(
    tx: SansheDb,
    grid: Grid,
    day: string,
  ): Promise<PolicyInForce<GridTeamComposition>> {
    return createPolicyService({ db: tx, districtCode }).requireValueInForce(
      'grid.team_composition',
      grid.code.slice(0, 12),
      day,
    );
  }

  return {
    kit,
    db,
    districtCode,
    now,
    requireGrid,
    requireGridInForce,
    gridTarget,
    openTeam,
    compositionFor,
  };
}

export type GridPlanContext = ReturnType<typeof createGridPlanContext>;
