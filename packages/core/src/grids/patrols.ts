import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { patrolResults } from '../grid-events/code-lists.js';
import { gridTeamMembers, inspectionItems, type PatrolRecord, patrolRecords } from '../schema/grid-teams.js';
import { parseCode } from '../services/code-list.js';
import { chinaDayOf, parseInstant, storedInstant } from '../volunteers/volunteer-rules.js';
import type { GridPlanContext } from './grid-plan-context.js';
import type { RecordPatrolInput } from './grid-plan-types.js';

/** A patrol as answered: its instant in ISO 8601 (UTC), whichever driver read it. */
export function patrolAsAnswered(row: PatrolRecord): PatrolRecord {
  return { ...row, patrolledAt: storedInstant(row.patrolledAt), createdAt: storedInstant(row.createdAt) };
}

/**
 * Patrols (巡查, docs/domain.md §7.3): one inspection item checked in one grid, by whom and with
 * what result. Append-only (by trigger); a problem found is reported as a grid event naming the
 * patrol.
 */
export function createPatrolUseCases(ctx: GridPlanContext) {
  const { kit, db, districtCode } = ctx;

  return {
    /**
     * Record a patrol (`grid.patrol` at the grid). A grid worker patrols only a grid whose team
     * listed its account on the day of the patrol (网格员 work their own grid); staff of the grid's
     * community or above may record for it. The item is in force that day; the patrol is never
     * after now.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, INVALID_CODE_LIST_VALUE,
     *   VALIDATION_FAILED / INVALID_TEXT (note), FORBIDDEN, UNIT_NOT_IN_FORCE (the grid that day),
     *   STATUS_NOT_ALLOWED (the item not in force that day)
     */
    async recordPatrol(input: RecordPatrolInput): Promise<PatrolRecord> {
      const gridId = kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
      const itemId = kit.requireId(input.itemId, 'inspection item', ['input', 'itemId']);
      const patrolledAt = parseInstant(input.patrolledAt, ['input', 'patrolledAt']);
      const now = ctx.now();
      if (Date.parse(patrolledAt) > now.getTime()) {
        throw new SansheError(
          'DATE_IN_FUTURE',
          `The patrol at ${patrolledAt} lies after now (${now.toISOString()}); records hold what has happened.`,
          { path: ['input', 'patrolledAt'] },
        );
      }
      const result = parseCode(patrolResults, input.result, ['input', 'result'], 'The result');
      const note =
        input.note == null
          ? null
          : kit.text(input.note, ['input', 'note'], { maxLength: 2000, label: 'The note', multiline: true });
      const day = chinaDayOf(patrolledAt);
      return db.transaction(async (tx) => {
        // FOR SHARE: a change of the team (FOR UPDATE on the grid) waits until the patrol is written.
        const grid = await ctx.requireGrid(tx, gridId, 'share', ['input', 'gridId']);
        kit.authorize('grid.patrol', ctx.gridTarget(grid));
        if (kit.actor.role === 'GRID_WORKER') {
          const [place] = await tx
            .select({ id: gridTeamMembers.id })
            .from(gridTeamMembers)
            .where(
              and(
                eq(gridTeamMembers.districtCode, districtCode),
                eq(gridTeamMembers.gridId, gridId),
                eq(gridTeamMembers.accountId, kit.actor.id),
                lte(gridTeamMembers.joinedOn, day),
                or(isNull(gridTeamMembers.leftOn), gt(gridTeamMembers.leftOn, day)),
              ),
            )
            .limit(1);
          if (!place) {
            throw new SansheError(
              'FORBIDDEN',
              `${kit.actor.id} is not on the team of grid ${grid.code} on ${day}: a grid worker patrols its own grid.`,
              { details: { action: 'grid.patrol' } },
            );
          }
        }
        ctx.requireGridInForce(grid, day, ['input', 'gridId']);
        await kit.requireVisible(tx, 'inspection_item', itemId, ['input', 'itemId']);
        // FOR SHARE: the item's retirement waits for the patrol.
        const item = await kit.requireRecord(
          tx,
          inspectionItems,
          itemId,
          'inspection item',
          ['input', 'itemId'],
          'share',
        );
        if (item.effectiveFrom > day || (item.retiredOn !== null && item.retiredOn <= day)) {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Inspection item ${item.code} is not on the list on ${day} (in force from ${item.effectiveFrom}${item.retiredOn ? ` until ${item.retiredOn}` : ''}).`,
            {
              path: ['input', 'itemId'],
              details: { effectiveFrom: item.effectiveFrom, retiredOn: item.retiredOn, day },
            },
          );
        }
        const [patrol] = await tx
          .insert(patrolRecords)
          .values({ districtCode, gridId, itemId, patrolledAt, patrolledBy: kit.actor.id, result, note })
          .returning();
        await kit.audit(tx, {
          action: 'patrol.record',
          entityType: 'patrol_record',
          entityId: patrol!.id,
          after: patrol,
        });
        return patrolAsAnswered(patrol!);
      });
    },
  };
}
