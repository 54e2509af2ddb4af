import { and, asc, desc, eq, gt, gte, isNull, lt, lte, or } from 'drizzle-orm';
import { visibleGridTeamMembers, visiblePatrolRecords } from '../access/grid-plan-visibility.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import type { InspectionFrequency } from '../grid-events/code-lists.js';
import { parsePosition } from '../grid-events/grid-geometry.js';
import { boundaryInForce, gridsAt } from '../grid-events/grid-lookups.js';
import { parseListPage } from '../needs/need-filter-rules.js';
import {
  type GridBoundary,
  type GridTeamMember,
  gridBoundaries,
  gridTeamMembers,
  inspectionItems,
  type PatrolRecord,
  patrolRecords,
} from '../schema/grid-teams.js';
import { addDays } from '../services/dates.js';
import { isLocalId } from '../services/service-kit.js';
import { parseIsoDate } from '../validators/text.js';
import { chinaDayOf, storedInstant } from '../volunteers/volunteer-rules.js';
import { type GridPlanContext, teamOrder } from './grid-plan-context.js';
import type {
  BoundaryOfInput,
  GridAtInput,
  PatrolCoverage,
  PatrolCoverageInput,
  PatrolFilter,
  TeamOfInput,
} from './grid-plan-types.js';
import { coverageOf } from './patrol-coverage.js';
import { patrolAsAnswered } from './patrols.js';

/** A coverage report spans at most this many days (two years): a daily item's periods are counted one by one. */
export const MAX_COVERAGE_DAYS = 731;

/** The later of two days (YYYY-MM-DD compares as text). */
function laterDay(a: string, b: string): string {
  return a > b ? a : b;
}

/** The earlier of two days. */
function earlierDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** The first instant of a day in China (UTC+8 all year since 1991). */
function startOfChinaDay(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/**
 * Reads of grid plans, outside any write's transaction, through the caller's read rule
 * (access/grid-plan-visibility.ts): boundaries are public; team members and patrols the caller
 * may not see are absent.
 */
export function createGridPlanReads(ctx: GridPlanContext) {
  const { kit, db, districtCode } = ctx;
  const actor = kit.actor;

  function day(value: string | null | undefined, path: FieldPath): string {
    return value === undefined || value === null ? kit.today() : kit.unwrap(parseIsoDate(value, { path }));
  }

  /**
   * A range of days, both ends inclusive, in order.
   *
   * @throws {SansheError} INVALID_DATE, INVALID_DATE_RANGE
   */
  function dayRange(
    from: string | null | undefined,
    to: string | null | undefined,
    path: FieldPath,
  ): { from: string | null; to: string | null } {
    const first = from == null ? null : kit.unwrap(parseIsoDate(from, { path: [...path, 'from'] }));
    const last = to == null ? null : kit.unwrap(parseIsoDate(to, { path: [...path, 'to'] }));
    if (first !== null && last !== null && last < first) {
      throw new SansheError('INVALID_DATE_RANGE', `The range ends on ${last}, before it begins (${first}).`, {
        path: [...path, 'to'],
      });
    }
    return { from: first, to: last };
  }

  return {
    /**
     * The boundary of a grid in force on a day (default today), or null when none was drawn by then.
     *
     * @throws {SansheError} NOT_FOUND (grid), INVALID_DATE
     */
    async boundaryOf(input: BoundaryOfInput): Promise<GridBoundary | null> {
      const gridId = kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
      const on = day(input.day, ['input', 'day']);
      await ctx.requireGrid(db, gridId, false, ['input', 'gridId']);
      const found = await boundaryInForce(db, districtCode, gridId, on);
      return found ? ((await kit.findRecord(db, gridBoundaries, found.id)) ?? null) : null;
    },

    /** Every boundary a grid has had, oldest first (the table is append-only). */
    async boundariesOf(gridId: number): Promise<GridBoundary[]> {
      if (!isLocalId(gridId)) return [];
      return db
        .select()
        .from(gridBoundaries)
        .where(and(eq(gridBoundaries.districtCode, districtCode), eq(gridBoundaries.gridId, gridId)))
        .orderBy(asc(gridBoundaries.effectiveFrom));
    },

    /**
     * The grids in force on a day (default today) whose boundary then contains the point, by
     * code: one, or several where boundaries overlap or the point lies on a shared edge.
     *
     * @throws {SansheError} VALIDATION_FAILED (a coordinate missing), INVALID_NUMBER, INVALID_DATE
     */
    async gridAt(input: GridAtInput): Promise<{ gridId: number; code: string; communityId: number }[]> {
      const position = kit.unwrap(parsePosition(input.longitude, input.latitude, ['input']));
      if (position === null) {
        throw new SansheError('VALIDATION_FAILED', 'A position gives both longitude and latitude.', {
          path: ['input', 'longitude'],
        });
      }
      const on = day(input.day, ['input', 'day']);
      return gridsAt(db, districtCode, position.longitude, position.latitude, on);
    },

    /**
     * The members of a grid's team on a day (default today) that the caller may see, head first.
     *
     * @throws {SansheError} NOT_FOUND (grid), INVALID_DATE
     */
    async teamOf(input: TeamOfInput): Promise<GridTeamMember[]> {
      const gridId = kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
      const on = day(input.day, ['input', 'day']);
      await ctx.requireGrid(db, gridId, false, ['input', 'gridId']);
      return db
        .select()
        .from(gridTeamMembers)
        .where(
          and(
            eq(gridTeamMembers.districtCode, districtCode),
            eq(gridTeamMembers.gridId, gridId),
            lte(gridTeamMembers.joinedOn, on),
            or(isNull(gridTeamMembers.leftOn), gt(gridTeamMembers.leftOn, on)),
            visibleGridTeamMembers(actor, districtCode, gridTeamMembers),
          ),
        )
        .orderBy(teamOrder, asc(gridTeamMembers.id));
    },

    /** One team member by local id, if the caller may see it. */
    async teamMemberById(id: number): Promise<GridTeamMember | undefined> {
      if (!isLocalId(id)) return undefined;
      const [row] = await db
        .select()
        .from(gridTeamMembers)
        .where(
          and(
            eq(gridTeamMembers.districtCode, districtCode),
            eq(gridTeamMembers.id, id),
            visibleGridTeamMembers(actor, districtCode, gridTeamMembers),
          ),
        );
      return row;
    },

    /**
     * Patrols matching the filter that the caller may see, latest first, a page at a time
     * (`limit` default 100, at most 500; `offset`).
     *
     * @throws {SansheError} INVALID_DATE, INVALID_DATE_RANGE, INVALID_PAGINATION, PAGE_SIZE_EXCEEDED
     */
    async patrolsOf(
      filter: PatrolFilter | null = null,
      pageInput: { limit?: number | null; offset?: number | null } | null = null,
    ): Promise<PatrolRecord[]> {
      const range = dayRange(filter?.from, filter?.to, ['filter']);
      const { limit, offset } = kit.unwrap(parseListPage(pageInput, { path: ['page'] }));
      const gridId = filter?.gridId ?? null;
      const itemId = filter?.itemId ?? null;
      if ((gridId !== null && !isLocalId(gridId)) || (itemId !== null && !isLocalId(itemId))) return [];
      const rows = await db
        .select()
        .from(patrolRecords)
        .where(
          and(
            eq(patrolRecords.districtCode, districtCode),
            gridId === null ? undefined : eq(patrolRecords.gridId, gridId),
            itemId === null ? undefined : eq(patrolRecords.itemId, itemId),
            range.from === null ? undefined : gte(patrolRecords.patrolledAt, startOfChinaDay(range.from)),
            range.to === null
              ? undefined
              : lt(patrolRecords.patrolledAt, startOfChinaDay(addDays(range.to, 1))),
            visiblePatrolRecords(actor, districtCode, patrolRecords),
          ),
        )
        .orderBy(desc(patrolRecords.patrolledAt), desc(patrolRecords.id))
        .limit(limit)
        .offset(offset);
      return rows.map(patrolAsAnswered);
    },

    /**
     * Per inspection item in force during the period, the patrols its frequency expects in the
     * grid, how many of those periods a patrol covered, and the patrols done
     * (patrol-coverage.ts). Only patrols the caller may see are counted.
     *
     * @throws {SansheError} NOT_FOUND (grid), INVALID_DATE, INVALID_DATE_RANGE, VALIDATION_FAILED
     *   (longer than two years)
     */
    async patrolCoverage(input: PatrolCoverageInput): Promise<PatrolCoverage> {
      const gridId = kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
      const from = kit.unwrap(parseIsoDate(input.from, { path: ['input', 'from'] }));
      const to = kit.unwrap(parseIsoDate(input.to, { path: ['input', 'to'] }));
      if (to < from) {
        throw new SansheError('INVALID_DATE_RANGE', `The period ends on ${to}, before it begins (${from}).`, {
          path: ['input', 'to'],
        });
      }
      if (to > addDays(from, MAX_COVERAGE_DAYS - 1)) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `A coverage report spans at most ${MAX_COVERAGE_DAYS} days.`,
          {
            path: ['input', 'to'],
          },
        );
      }
      await ctx.requireGrid(db, gridId, false, ['input', 'gridId']);
      const items = await db
        .select()
        .from(inspectionItems)
        .where(
          and(
            eq(inspectionItems.districtCode, districtCode),
            lte(inspectionItems.effectiveFrom, to),
            or(isNull(inspectionItems.retiredOn), gt(inspectionItems.retiredOn, from)),
          ),
        )
        .orderBy(asc(inspectionItems.code));
      const patrols = await db
        .select({ itemId: patrolRecords.itemId, patrolledAt: patrolRecords.patrolledAt })
        .from(patrolRecords)
        .where(
          and(
            eq(patrolRecords.districtCode, districtCode),
            eq(patrolRecords.gridId, gridId),
            gte(patrolRecords.patrolledAt, startOfChinaDay(from)),
            lt(patrolRecords.patrolledAt, startOfChinaDay(addDays(to, 1))),
            visiblePatrolRecords(actor, districtCode, patrolRecords),
          ),
        );
      const daysByItem = new Map<number, string[]>();
      for (const patrol of patrols) {
        const days = daysByItem.get(patrol.itemId) ?? [];
        days.push(chinaDayOf(storedInstant(patrol.patrolledAt)));
        daysByItem.set(patrol.itemId, days);
      }
      return {
        gridId,
        from,
        to,
        items: items.flatMap((item) => {
          const lastDay = item.retiredOn === null ? to : earlierDay(addDays(item.retiredOn, -1), to);
          const inForce = { from: laterDay(item.effectiveFrom, from), to: lastDay };
          // An item retired on the day it took effect was never in force.
          if (inForce.to < inForce.from) return [];
          const coverage = coverageOf(
            item.frequency as InspectionFrequency,
            inForce,
            daysByItem.get(item.id) ?? [],
          );
          return [{ item, inForce, ...coverage }];
        }),
      };
    },
  };
}
