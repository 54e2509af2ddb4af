import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { GridEvent } from '../schema/grid-events.js';
import { type GridEventContext, MAX_REASON_LENGTH } from './event-context.js';
import type { CloseEventInput, EventMoveInput, ReasonedMoveInput } from './event-types.js';

/**
 * The community's side of the loop (核查结案, docs/domain.md §7.7): verify what the department fed
 * back and close the event, or send it back as not solved. 查办分离: the community finds and
 * verifies, the department handles, and whoever handled an event never verifies it.
 */
export function createVerificationUseCases(ctx: GridEventContext) {
  const { kit, db, actor } = ctx;

  /**
   * Load and lock the event, and check the caller may verify it: `event.verify` in its unit, a
   * grid worker only in a grid whose team lists it.
   */
  async function lockForVerifier(tx: SansheDb, input: EventMoveInput, id: number): Promise<GridEvent> {
    const event = await ctx.lockEvent(tx, id);
    kit.authorize('event.verify', { unitCode: event.unitCode });
    await ctx.requireGridWorkerOnTeam(tx, event.gridId, event.unitCode, kit.today());
    kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
    return event;
  }

  return {
    /**
     * 核查结案: the community checks the fix on the spot and closes the event; late when after
     * its closing day. The verifier is never the handler (查办分离; the table's CHECK
     * `grid_events_verifier_not_handler` holds it too).
     *
     * @throws {SansheError} VALIDATION_FAILED, INVALID_TEXT, NOT_FOUND, FORBIDDEN, VERSION_CONFLICT,
     *   EVENT_TRANSITION_NOT_ALLOWED, HANDLER_CANNOT_VERIFY
     */
    async close(input: CloseEventInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const note = ctx.optionalText(input.note, ['input', 'note'], MAX_REASON_LENGTH, 'The note', true);
      return db.transaction(async (tx) => {
        const event = await lockForVerifier(tx, input, id);
        const to = ctx.nextState(event, 'close');
        if (event.handledBy === actor.id) {
          throw new SansheError(
            'HANDLER_CANNOT_VERIFY',
            `${actor.id} fed back grid event ${id} and cannot also verify it (查办分离).`,
            { path: ['input', 'eventId'], details: { handledBy: event.handledBy } },
          );
        }
        return ctx.writeMove(tx, event, {
          move: 'close',
          to,
          changes: {
            verifiedBy: actor.id,
            closedAt: ctx.nowInstant(),
            closedLate: event.closeDueOn !== null && kit.today() > event.closeDueOn,
          },
          note,
        });
      });
    },

    /**
     * 核查不通过: the problem is not solved; the event goes back to its department, in handling,
     * with the reason. Its deadlines stay: the time limit runs from the dispatch.
     *
     * @throws {SansheError} REASON_REQUIRED, INVALID_TEXT, NOT_FOUND, FORBIDDEN, VERSION_CONFLICT,
     *   EVENT_TRANSITION_NOT_ALLOWED, HANDLER_CANNOT_VERIFY
     */
    async reject(input: ReasonedMoveInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const reason = ctx.requiredReason(input.reason);
      return db.transaction(async (tx) => {
        const event = await lockForVerifier(tx, input, id);
        const to = ctx.nextState(event, 'reject');
        if (event.handledBy === actor.id) {
          throw new SansheError(
            'HANDLER_CANNOT_VERIFY',
            `${actor.id} fed back grid event ${id} and cannot also judge it (查办分离).`,
            { path: ['input', 'eventId'], details: { handledBy: event.handledBy } },
          );
        }
        return ctx.writeMove(tx, event, {
          move: 'reject',
          to,
          changes: { handledBy: null, fedBackAt: null },
          note: reason,
          reason,
        });
      });
    },
  };
}
