import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { createPolicyService } from '../policies/policy-service.js';
import type { Department } from '../schema/departments.js';
import type { GridEvent } from '../schema/grid-events.js';
import { chinaDayOf, storedInstant } from '../volunteers/volunteer-rules.js';
import { type EventCategoryCode, type EventUrgency, eventCategories } from './code-lists.js';
import { communityCodeOf, type GridEventContext, MAX_REASON_LENGTH, roundCleared } from './event-context.js';
import { closeLimitOf, extendedCloseDue } from './event-deadlines.js';
import { noticeDepartment } from './event-steps.js';
import type {
  DispatchEventInput,
  ExtendEventInput,
  ReasonedMoveInput,
  RecategoriseEventInput,
  RerouteEventInput,
} from './event-types.js';

/** The highest escalation: 0 the community, 1 the subdistrict, 2 the district (docs/domain.md §7.7). */
export const MAX_ESCALATION_LEVEL = 2;

/**
 * The grid centre's side of the loop (任务派遣, docs/domain.md §7.5–§7.7): dispatch to the
 * responsible department with its deadlines, re-route or recategorise, escalate, and extend a
 * time limit with approval. Each move locks the event, asks the machine, writes one step and
 * audits.
 */
export function createDispatchingUseCases(ctx: GridEventContext) {
  const { kit, db, districtCode } = ctx;

  /** The department of a dispatch: the one named (serving the area) or the routing rules'. */
  function departmentFor(
    tx: SansheDb,
    named: number | null,
    categoryCode: EventCategoryCode,
    gridCode: string,
    day: string,
  ): Promise<Department> {
    return named !== null
      ? ctx.requireDepartmentServing(tx, named, gridCode, day, ['input', 'departmentId'])
      : ctx.routedDepartment(tx, categoryCode, gridCode, day, ['input', 'departmentId']);
  }

  function optionalDepartmentId(value: number | null | undefined): number | null {
    return value === undefined || value === null
      ? null
      : kit.requireId(value, 'department', ['input', 'departmentId']);
  }

  /** The changes of a fresh dispatch on today: the department, its deadlines and a new round. */
  async function dispatchChanges(
    tx: SansheDb,
    event: GridEvent,
    department: Department,
    categoryCode: EventCategoryCode,
  ) {
    const today = kit.today();
    const { deadlines, limitsSource } = await ctx.deadlinesOf(tx, { ...event, categoryCode }, today);
    return {
      changes: {
        ...roundCleared,
        categoryCode,
        departmentId: department.id,
        dispatchedAt: ctx.nowInstant(),
        acceptDueOn: deadlines.acceptDueOn,
        closeDueOn: deadlines.closeDueOn,
        dueProvisional: deadlines.provisional,
        extendedTo: null,
      },
      dueOn: deadlines.closeDueOn,
      basis: { timeLimitsSource: limitsSource, closeWorkingDays: deadlines.closeWorkingDays },
    };
  }

  return {
    /**
     * 任务派遣: send a collected event to its department, named or found by the routing rules
     * for its category and grid, with the days to accept and close it counted on the working
     * calendar from today (grid.event_time_limits).
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, EVENT_TRANSITION_NOT_ALLOWED,
     *   NO_ROUTE, POLICY_NOT_SET, VALIDATION_FAILED, INVALID_TEXT
     */
    async dispatch(input: DispatchEventInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const departmentId = optionalDepartmentId(input.departmentId);
      const note = ctx.optionalText(input.note, ['input', 'note'], MAX_REASON_LENGTH, 'The note', true);
      return db.transaction(async (tx) => {
        const event = await ctx.lockEvent(tx, id);
        kit.authorize('event.dispatch', { unitCode: event.unitCode });
        kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
        const to = ctx.nextState(event, 'dispatch');
        const category = event.categoryCode as EventCategoryCode;
        const department = await departmentFor(tx, departmentId, category, event.unitCode, kit.today());
        const dispatch = await dispatchChanges(tx, event, department, category);
        return ctx.writeMove(tx, event, { move: 'dispatch', to, note, ...dispatch });
      });
    },

    /**
     * 改派: re-route a dispatched or accepted event, to another category, another department or
     * both, with new deadlines from today. The department that loses it is told
     * (`routed_away`), as the routing practice requires (docs/domain.md §7.5).
     *
     * @throws {SansheError} REASON_REQUIRED, INVALID_CODE_LIST_VALUE, VALIDATION_FAILED (nothing
     *   changes), NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, EVENT_TRANSITION_NOT_ALLOWED, NO_ROUTE,
     *   POLICY_NOT_SET
     */
    async reroute(input: RerouteEventInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const categoryCode =
        input.categoryCode === undefined || input.categoryCode === null
          ? null
          : ctx.parseCategory(input.categoryCode, ['input', 'categoryCode']);
      const departmentId = optionalDepartmentId(input.departmentId);
      const reason = ctx.requiredReason(input.reason);
      return db.transaction(async (tx) => {
        const event = await ctx.lockEvent(tx, id);
        kit.authorize('event.dispatch', { unitCode: event.unitCode });
        kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
        const to = ctx.nextState(event, 'reroute');
        const category = categoryCode ?? (event.categoryCode as EventCategoryCode);
        const department = await departmentFor(tx, departmentId, category, event.unitCode, kit.today());
        if (category === event.categoryCode && department.id === event.departmentId) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `Grid event ${id} is already ${category} with department ${department.id}: a re-routing changes the category or the department.`,
            { path: ['input'], details: { categoryCode: category, departmentId: department.id } },
          );
        }
        const dispatch = await dispatchChanges(tx, event, department, category);
        const after = await ctx.writeMove(tx, event, {
          move: 'reroute',
          to,
          note: reason,
          reason,
          ...dispatch,
        });
        if (event.departmentId !== null && event.departmentId !== department.id) {
          await noticeDepartment(tx, districtCode, {
            departmentId: event.departmentId,
            kind: 'routed_away',
            eventId: id,
            message: `网格事件 ${id}（${event.title}）已改派，不再由本部门办理：${reason}`,
          });
        }
        return after;
      });
    },

    /**
     * Recategorise an event before dispatch (it has no department yet to tell); the dispatch then
     * routes by the new category.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, VALIDATION_FAILED (the same category),
     *   INVALID_TEXT, NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, EVENT_TRANSITION_NOT_ALLOWED
     */
    async recategorise(input: RecategoriseEventInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const categoryCode = ctx.parseCategory(input.categoryCode, ['input', 'categoryCode']);
      const reason = ctx.optionalText(
        input.reason,
        ['input', 'reason'],
        MAX_REASON_LENGTH,
        'The reason',
        true,
      );
      return db.transaction(async (tx) => {
        const event = await ctx.lockEvent(tx, id);
        kit.authorize('event.dispatch', { unitCode: event.unitCode });
        kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
        const to = ctx.nextState(event, 'recategorise');
        if (categoryCode === event.categoryCode) {
          throw new SansheError('VALIDATION_FAILED', `Grid event ${id} is already ${categoryCode}.`, {
            path: ['input', 'categoryCode'],
          });
        }
        return ctx.writeMove(tx, event, {
          move: 'recategorise',
          to,
          changes: { categoryCode },
          note: `${event.categoryCode} → ${categoryCode} (${eventCategories[categoryCode].name})${reason ? `: ${reason}` : ''}`,
          reason,
        });
      });
    },

    /**
     * Escalate an open event one level (community → subdistrict → district) for what the level
     * below cannot solve; the state stays.
     *
     * @throws {SansheError} REASON_REQUIRED, NOT_FOUND, FORBIDDEN, VERSION_CONFLICT,
     *   EVENT_TRANSITION_NOT_ALLOWED, STATUS_NOT_ALLOWED (already at the district)
     */
    async escalate(input: ReasonedMoveInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const reason = ctx.requiredReason(input.reason);
      return db.transaction(async (tx) => {
        const event = await ctx.lockEvent(tx, id);
        kit.authorize('event.dispatch', { unitCode: event.unitCode });
        kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
        const to = ctx.nextState(event, 'escalate');
        if (event.escalationLevel >= MAX_ESCALATION_LEVEL) {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Grid event ${id} is already escalated to the district (level ${event.escalationLevel}).`,
            {
              path: ['input', 'eventId'],
              details: { escalationLevel: event.escalationLevel, maxLevel: MAX_ESCALATION_LEVEL },
            },
          );
        }
        return ctx.writeMove(tx, event, {
          move: 'escalate',
          to,
          changes: { escalationLevel: event.escalationLevel + 1 },
          note: reason,
          reason,
        });
      });
    },

    /**
     * 延期: extend the closing limit, with approval, to `workingDays` counted from the dispatch
     * day, more than the current limit and at most the ceiling of grid.event_time_limits in force
     * on the dispatch day (the policy that set the limit).
     *
     * @throws {SansheError} REASON_REQUIRED, VALIDATION_FAILED, EXTENSION_TOO_LONG, NOT_FOUND,
     *   FORBIDDEN, VERSION_CONFLICT, EVENT_TRANSITION_NOT_ALLOWED, POLICY_NOT_SET
     */
    async extend(input: ExtendEventInput): Promise<GridEvent> {
      const id = ctx.eventIdOf(input);
      const reason = ctx.requiredReason(input.reason);
      const workingDays = input.workingDays;
      if (typeof workingDays !== 'number' || !Number.isInteger(workingDays)) {
        throw new SansheError('INVALID_NUMBER', 'An extension is a whole number of working days.', {
          path: ['input', 'workingDays'],
        });
      }
      return db.transaction(async (tx) => {
        const event = await ctx.lockEvent(tx, id);
        kit.authorize('event.extend', { unitCode: event.unitCode });
        kit.checkVersion(event, input.expectedVersion, `Grid event ${id}`);
        const to = ctx.nextState(event, 'extend');
        const dispatchedOn = chinaDayOf(storedInstant(event.dispatchedAt!));
        const limits = await createPolicyService({ db: tx, districtCode }).requireValueInForce(
          'grid.event_time_limits',
          communityCodeOf(event.unitCode),
          dispatchedOn,
        );
        const extended = extendedCloseDue({
          limits: limits.value,
          currentWorkingDays:
            event.extendedTo ??
            closeLimitOf(
              limits.value,
              event.categoryCode as EventCategoryCode,
              event.urgency as EventUrgency,
            ),
          workingDays,
          dispatchedOn,
          calendar: await ctx.workingCalendarFrom(tx, dispatchedOn),
        });
        return ctx.writeMove(tx, event, {
          move: 'extend',
          to,
          changes: {
            extendedTo: workingDays,
            closeDueOn: extended.closeDueOn,
            dueProvisional: extended.provisional,
          },
          note: reason,
          dueOn: extended.closeDueOn,
          reason,
          basis: { timeLimitsSource: limits.source },
        });
      });
    },
  };
}
