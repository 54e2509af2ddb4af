import { SansheError } from '../errors/sanshe-error.js';
import { createPolicyService } from '../policies/policy-service.js';
import type { GridEvent } from '../schema/grid-events.js';
import { addDays } from '../services/dates.js';
import { chinaDayOf, storedInstant } from '../volunteers/volunteer-rules.js';
import type { EventCategoryCode } from './code-lists.js';
import { closureCleared, communityCodeOf, type GridEventContext, roundCleared } from './event-context.js';
import type { RateEventInput, ReasonedMoveInput } from './event-types.js';

/** Satisfaction is rated on five points, as the practice's return visits (回访) ask. */
export const MIN_SATISFACTION = 1;
export const MAX_SATISFACTION = 5;

/**
 * The reporter's side of the loop (docs/domain.md §7.5): the resident who reported an event
 * confirms the fix and rates it, or reopens it within the days grid.resident_feedback allows; the
 * grid centre may reopen any closed event of its unit at any time.
 */
export function createResidentUseCases(ctx: GridEventContext) {
  const { kit, db, districtCode, actor } = ctx;

  /** Whether the caller acts as a reporter (a resident, or a system relaying its residents). */
  const actsAsReporter = actor.role === 'RESIDENT' || actor.role === 'SERVICE';

  /**
   * The reporter itself: a system of the district (SERVICE) reaches every event, so the rule
   * "one's own report" is checked on the event, not by reach alone.
   *
   * @throws {SansheError} FORBIDDEN
   */
  function requireReporter(event: GridEvent): void {
    if (!actsAsReporter || event.reportedBy === actor.id) return;
    throw new SansheError('FORBIDDEN', `Grid event ${event.id} was not reported by ${actor.id}.`, {
      details: { action: 'event.rate' },
    });
  }

  return {
    /**
     * 重新办理: reopen a closed event, back to its department (routed anew when that department
     * is no longer there) with new deadlines from today; the closure and its rating are cleared
     * and the reopening counted. Its reporter may within grid.resident_feedback's days of the
     * closure; the grid centre (`event.reopen` staff) at any time.
     *
     * @throws {SansheError} REASON_REQUIRED, INVALID_TEXT, NOT_FOUND, FORBIDDEN, VERSION_CONFLICT,
     *   EVENT_TRANSITION_NOT_ALLOWED, REOPEN_WINDOW_CLOSED, NO_ROUTE, POLICY_NOT_SET
     */
    async reopen(input: ReasonedMoveInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const reason = ctx.requiredReason(input.reason);
      return db.transaction(async (tx) => {
        const event = await ctx.lockEvent(tx, id);
        kit.authorize('event.reopen', { unitCode: event.unitCode, reporterId: event.reportedBy });
        kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
        const to = ctx.nextState(event, 'reopen');
        const today = kit.today();
        if (actor.role === 'RESIDENT') {
          const policy = await createPolicyService({ db: tx, districtCode }).requireValueInForce(
            'grid.resident_feedback',
            communityCodeOf(event.unitCode),
            today,
          );
          const closedOn = chinaDayOf(storedInstant(event.closedAt!));
          const lastDay = addDays(closedOn, policy.value.reopenWithinDays);
          if (today > lastDay) {
            throw new SansheError(
              'REOPEN_WINDOW_CLOSED',
              `Grid event ${id} was closed on ${closedOn}; its reporter may reopen it until ${lastDay} (${policy.value.reopenWithinDays} days, grid.resident_feedback).`,
              {
                path: ['input', 'eventId'],
                details: { closedOn, lastDay, reopenWithinDays: policy.value.reopenWithinDays },
              },
            );
          }
        }
        const category = event.categoryCode as EventCategoryCode;
        // Back to the department that closed it; routed anew if it no longer serves the grid.
        const department =
          (await ctx.departmentServing(tx, event.departmentId!, event.unitCode, today)) ??
          (await ctx.routedDepartment(tx, category, event.unitCode, today, ['input', 'eventId']));
        const { deadlines, limitsSource } = await ctx.deadlinesOf(tx, event, today);
        return ctx.writeMove(tx, event, {
          move: 'reopen',
          to,
          changes: {
            ...roundCleared,
            ...closureCleared,
            departmentId: department.id,
            dispatchedAt: ctx.nowInstant(),
            acceptDueOn: deadlines.acceptDueOn,
            closeDueOn: deadlines.closeDueOn,
            dueProvisional: deadlines.provisional,
            extendedTo: null,
            reopenCount: event.reopenCount + 1,
          },
          note: reason,
          dueOn: deadlines.closeDueOn,
          reason,
          basis: { timeLimitsSource: limitsSource, closeWorkingDays: deadlines.closeWorkingDays },
        });
      });
    },

    /**
     * 回访评价: the reporter confirms (or not) that the problem is fixed and rates the handling,
     * once per closure (a reopened event is rated again after its next closure).
     *
     * @throws {SansheError} INVALID_NUMBER, VALIDATION_FAILED, NOT_FOUND, FORBIDDEN,
     *   VERSION_CONFLICT, EVENT_TRANSITION_NOT_ALLOWED, ALREADY_RATED
     */
    async rate(input: RateEventInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const { satisfaction, confirmed } = input;
      if (
        typeof satisfaction !== 'number' ||
        !Number.isInteger(satisfaction) ||
        satisfaction < MIN_SATISFACTION ||
        satisfaction > MAX_SATISFACTION
      ) {
        throw new SansheError(
          'INVALID_NUMBER',
          `Satisfaction is a whole number from ${MIN_SATISFACTION} to ${MAX_SATISFACTION}.`,
          { path: ['input', 'satisfaction'] },
        );
      }
      if (typeof confirmed !== 'boolean') {
        throw new SansheError('VALIDATION_FAILED', 'Say whether the fix is confirmed (true or false).', {
          path: ['input', 'confirmed'],
        });
      }
      return db.transaction(async (tx) => {
        const event = await ctx.lockEvent(tx, id);
        kit.authorize('event.rate', { unitCode: event.unitCode, reporterId: event.reportedBy });
        requireReporter(event);
        kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
        const to = ctx.nextState(event, 'rate');
        if (event.ratedAt !== null) {
          throw new SansheError('ALREADY_RATED', `Grid event ${id} is already rated for this closure.`, {
            path: ['input', 'eventId'],
            details: { satisfaction: event.satisfaction },
          });
        }
        const now = ctx.nowInstant();
        return ctx.writeMove(tx, event, {
          move: 'rate',
          to,
          changes: { satisfaction, ratedAt: now, confirmedAt: confirmed ? now : null },
          // The step keeps the rating: a reopening clears it from the event, not from the loop.
          note: `satisfaction ${satisfaction}/${MAX_SATISFACTION}; fix ${confirmed ? 'confirmed' : 'not confirmed'}`,
        });
      });
    },
  };
}
