import type { SansheDb } from '../database/district-database.js';
import type { GridEvent } from '../schema/grid-events.js';
import { type GridEventContext, MAX_DESCRIPTION_LENGTH, roundCleared } from './event-context.js';
import type { EventMoveInput, FeedBackEventInput, ReasonedMoveInput } from './event-types.js';

/**
 * The department's side of the loop (任务处理 and 结果反馈, docs/domain.md §7.7): accept an event
 * routed to it, return one that is not its own, and feed back what it did. 查办分离: the
 * department handles, and only the department the event is routed to (`event.handle`, and the
 * token's department must be the event's).
 */
export function createHandlingUseCases(ctx: GridEventContext) {
  const { kit, db } = ctx;

  /** Load and lock the event, and check the caller may handle it for its department. */
  async function lockForDepartment(tx: SansheDb, input: EventMoveInput, id: number): Promise<GridEvent> {
    const event = await ctx.lockEvent(tx, id);
    kit.authorize('event.handle', { unitCode: event.unitCode });
    ctx.requireResponsibleDepartment(event);
    kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
    return event;
  }

  return {
    /**
     * 受理: the department accepts an event dispatched to it; late when after its accept day.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, NOT_RESPONSIBLE_DEPARTMENT, VERSION_CONFLICT,
     *   EVENT_TRANSITION_NOT_ALLOWED
     */
    async accept(input: EventMoveInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      return db.transaction(async (tx) => {
        const event = await lockForDepartment(tx, input, id);
        const to = ctx.nextState(event, 'accept');
        return ctx.writeMove(tx, event, {
          move: 'accept',
          to,
          changes: {
            acceptedAt: ctx.nowInstant(),
            acceptedLate: event.acceptDueOn !== null && kit.today() > event.acceptDueOn,
          },
        });
      });
    },

    /**
     * 退回: the department returns an event that is not its own, with its reason; the event is
     * collected again, without department or deadlines, for the centre to dispatch anew.
     *
     * @throws {SansheError} REASON_REQUIRED, INVALID_TEXT, NOT_FOUND, FORBIDDEN,
     *   NOT_RESPONSIBLE_DEPARTMENT, VERSION_CONFLICT, EVENT_TRANSITION_NOT_ALLOWED
     */
    async giveBack(input: ReasonedMoveInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const reason = ctx.requiredReason(input.reason);
      return db.transaction(async (tx) => {
        const event = await lockForDepartment(tx, input, id);
        const to = ctx.nextState(event, 'giveBack');
        return ctx.writeMove(tx, event, {
          move: 'giveBack',
          to,
          changes: {
            ...roundCleared,
            departmentId: null,
            dispatchedAt: null,
            acceptDueOn: null,
            closeDueOn: null,
            dueProvisional: false,
            extendedTo: null,
          },
          note: reason,
          reason,
        });
      });
    },

    /**
     * 结果反馈: the department reports what it did; the event waits for the community's check.
     * The caller is recorded as its handler, whom 查办分离 keeps from verifying it.
     *
     * @throws {SansheError} VALIDATION_FAILED, INVALID_TEXT, NOT_FOUND, FORBIDDEN,
     *   NOT_RESPONSIBLE_DEPARTMENT, VERSION_CONFLICT, EVENT_TRANSITION_NOT_ALLOWED
     */
    async feedBack(input: FeedBackEventInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const result = kit.text(input.result, ['input', 'result'], {
        maxLength: MAX_DESCRIPTION_LENGTH,
        label: 'The result',
        multiline: true,
      });
      return db.transaction(async (tx) => {
        const event = await lockForDepartment(tx, input, id);
        const to = ctx.nextState(event, 'feedBack');
        return ctx.writeMove(tx, event, {
          move: 'feedBack',
          to,
          changes: { handledBy: ctx.actor.id, fedBackAt: ctx.nowInstant() },
          note: result,
        });
      });
    },
  };
}
