import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { createPolicyService } from '../policies/policy-service.js';
import { type Department, departments } from '../schema/departments.js';
import { type GridEvent, gridEvents } from '../schema/grid-events.js';
import { gridTeamMembers } from '../schema/grid-teams.js';
import { createServiceKit } from '../services/service-kit.js';
import { type EventCategoryCode, type EventUrgency, eventCategories } from './code-lists.js';
import { type EventDeadlines, eventDeadlines } from './event-deadlines.js';
import { type EventState, eventLifecycle } from './event-lifecycle.js';
import { appendEventStep } from './event-steps.js';
import type { EventMoveInput, GridEventServiceOptions } from './event-types.js';
import { responsibleDepartment } from './grid-lookups.js';
import { loadWorkingCalendar } from './working-calendar-loader.js';

/** The moves of the lifecycle (the machine's events); `report` is the insert, not a move. */
export type EventMove = keyof typeof eventLifecycle.transitions;

/** What a move may change besides the state, version and bookkeeping. */
export type GridEventChanges = Partial<
  Omit<GridEvent, 'districtCode' | 'id' | 'state' | 'version' | 'createdAt' | 'updatedAt'>
>;

/** The fields of a round of handling, cleared when an event goes back to be dispatched again. */
export const roundCleared = {
  acceptedAt: null,
  acceptedLate: null,
  handledBy: null,
  fedBackAt: null,
} as const satisfies GridEventChanges;

/** The fields of a closure and of its rating, cleared when an event is reopened. */
export const closureCleared = {
  verifiedBy: null,
  closedAt: null,
  closedLate: null,
  confirmedAt: null,
  satisfaction: null,
  ratedAt: null,
} as const satisfies GridEventChanges;

/** Reasons and notes are one paragraph people read on a phone: at most this many characters. */
export const MAX_REASON_LENGTH = 500;
export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const MAX_ADDRESS_LENGTH = 200;
export const MAX_MEDIA_URL_LENGTH = 500;

/** The audit log's verb of a move: `feedBack` → `feed_back`. */
function verbOf(move: EventMove | 'report'): string {
  return move.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The community code of a grid code: the policy of a grid is its community's (docs/domain.md §12). */
export function communityCodeOf(gridCode: string): string {
  return gridCode.slice(0, 12);
}

/**
 * What the use cases of grid events share, for one district and one caller: the service kit and
 * its clock, the parsing every move repeats, the loads and locks of an event and a department,
 * the routing and deadlines of a dispatch, and the one way a move is written (state, version, a
 * step, the audit entry). The use cases are event-reporting.ts, event-dispatching.ts,
 * event-handling.ts, event-verification.ts and event-residents.ts; reads are in event-reads.ts.
 */
export function createGridEventContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: GridEventServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, actor } = kit;
  const now = options.now ?? (() => new Date());

  /** The service's now, as the ISO instant stored. */
  function nowInstant(): string {
    return now().toISOString();
  }

  /**
   * A category an event is filed under: a second-level code of the classification (GB/T 30428.2
   * and CJ/T 214 file events under subclasses; a first-level code names a class, not a problem).
   *
   * @throws {SansheError} INVALID_CODE_LIST_VALUE
   */
  function parseCategory(value: unknown, path: FieldPath): EventCategoryCode {
    if (
      typeof value === 'string' &&
      Object.hasOwn(eventCategories, value) &&
      eventCategories[value as EventCategoryCode].parent !== null
    ) {
      return value as EventCategoryCode;
    }
    throw new SansheError(
      'INVALID_CODE_LIST_VALUE',
      'The category is a second-level code of the event classification (E0503, not E05).',
      { path },
    );
  }

  /** Optional one-line or multiline text: null when absent. */
  function optionalText(
    value: unknown,
    path: FieldPath,
    maxLength: number,
    label: string,
    multiline = false,
  ): string | null {
    if (value === undefined || value === null) return null;
    return kit.text(value, path, { maxLength, label, multiline });
  }

  /**
   * The written reason a move needs (a return, a rejection, a re-routing, a reopening …).
   *
   * @throws {SansheError} REASON_REQUIRED when absent or blank; VALIDATION_FAILED, INVALID_TEXT
   */
  function requiredReason(value: unknown, path: FieldPath = ['input', 'reason']): string {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      throw new SansheError('REASON_REQUIRED', 'Give the reason for this move of the event.', { path });
    }
    return kit.text(value, path, { maxLength: MAX_REASON_LENGTH, label: 'The reason', multiline: true });
  }

  /** The event a move names (pure): NOT_FOUND for an id that cannot exist. */
  function eventIdOf(input: EventMoveInput): number {
    return kit.requireId(input?.eventId, 'grid event', ['input', 'eventId']);
  }

  /**
   * The event, checked by the caller's read rule (one it cannot see answers as a missing one)
   * and locked FOR UPDATE: every move of one event waits for the one before it, so each reads
   * the state the last one left.
   *
   * @throws {SansheError} NOT_FOUND
   */
  async function lockEvent(tx: SansheDb, id: number): Promise<GridEvent> {
    await kit.requireVisible(tx, 'grid_event', id, ['input', 'eventId']);
    return kit.requireRecord(tx, gridEvents, id, 'grid event', ['input', 'eventId'], 'update');
  }

  /**
   * The state the move leads to, or the machine's refusal (event-lifecycle.ts).
   *
   * @throws {SansheError} EVENT_TRANSITION_NOT_ALLOWED
   */
  function nextState(event: GridEvent, move: EventMove): EventState {
    return eventLifecycle.next(
      event.state as EventState,
      move,
      ['input', 'eventId'],
      `Grid event ${event.id}`,
    );
  }

  /**
   * 查办分离's other half: a department's staff act only on what is routed to their own
   * department (the token names it); staff without one (a bureau not handling events) act on none.
   * District and city administrators, and sanshe itself, act for any department.
   *
   * @throws {SansheError} NOT_RESPONSIBLE_DEPARTMENT
   */
  function requireResponsibleDepartment(event: GridEvent): void {
    if (actor.role !== 'DEPARTMENT_STAFF') return;
    if (actor.departmentId != null && actor.departmentId === event.departmentId) return;
    throw new SansheError(
      'NOT_RESPONSIBLE_DEPARTMENT',
      `Grid event ${event.id} is routed to another department than ${actor.id}'s.`,
      { path: ['input', 'eventId'], details: { eventDepartmentId: event.departmentId } },
    );
  }

  /**
   * Whether the caller's account (a head or grid worker) or its volunteer (an informant) has an
   * open place on the grid's team on `day` ("1+2+N", docs/domain.md §7.2). Read FOR SHARE, so a
   * member leaving waits for the write that relied on the place.
   */
  async function onGridTeam(
    tx: SansheDb,
    gridId: number,
    day: string,
    member: { accountId: string } | { volunteerId: number },
  ): Promise<boolean> {
    const rows = await tx
      .select({ id: gridTeamMembers.id })
      .from(gridTeamMembers)
      .where(
        and(
          eq(gridTeamMembers.districtCode, districtCode),
          eq(gridTeamMembers.gridId, gridId),
          'accountId' in member
            ? and(
                eq(gridTeamMembers.accountId, member.accountId),
                sql`${gridTeamMembers.role} <> 'informant'`,
              )
            : and(eq(gridTeamMembers.volunteerId, member.volunteerId), eq(gridTeamMembers.role, 'informant')),
          sql`${gridTeamMembers.joinedOn} <= ${day}`,
          or(isNull(gridTeamMembers.leftOn), sql`${gridTeamMembers.leftOn} > ${day}`),
        ),
      )
      .limit(1)
      .for('share');
    return rows.length > 0;
  }

  /**
   * A grid worker acts only in a grid whose team lists it (docs/domain.md §7.2): its community
   * reach is checked by `kit.authorize`, this narrows it to its grids.
   *
   * @throws {SansheError} FORBIDDEN
   */
  async function requireGridWorkerOnTeam(tx: SansheDb, gridId: number, gridCode: string, day: string) {
    if (actor.role !== 'GRID_WORKER') return;
    if (await onGridTeam(tx, gridId, day, { accountId: actor.id })) return;
    throw new SansheError(
      'FORBIDDEN',
      `${actor.id} (GRID_WORKER) is not on the team of grid ${gridCode} on ${day}.`,
      { details: { gridCode } },
    );
  }

  /**
   * The department, locked FOR SHARE (a dissolution waits for the write that relies on it), when
   * it exists, is in force on `day` and serves the grid's area (its unit, the district or a
   * subdistrict, contains the grid); otherwise undefined.
   */
  async function departmentServing(
    tx: SansheDb,
    departmentId: number,
    gridCode: string,
    day: string,
  ): Promise<Department | undefined> {
    const department = await kit.findRecord(tx, departments, departmentId, 'share');
    const serves =
      department !== undefined &&
      isActiveOn({ effectiveFrom: department.establishedOn, retiredOn: department.dissolvedOn }, day) &&
      gridCode.startsWith(department.unitCode);
    return serves ? department : undefined;
  }

  /**
   * The department a caller names for an event (see {@link departmentServing}): any other
   * answers NOT_FOUND, as a department that is not there for this event.
   *
   * @throws {SansheError} NOT_FOUND
   */
  async function requireDepartmentServing(
    tx: SansheDb,
    departmentId: number,
    gridCode: string,
    day: string,
    path: FieldPath,
  ): Promise<Department> {
    const department = await departmentServing(tx, departmentId, gridCode, day);
    if (!department) {
      throw new SansheError(
        'NOT_FOUND',
        `No department with id ${departmentId} serves grid ${gridCode} on ${day} in district ${districtCode}.`,
        { path },
      );
    }
    return department;
  }

  /**
   * The department the routing rules make responsible for the category in the grid on `day`
   * (docs/domain.md §7.5, grid-lookups.ts), locked FOR SHARE like a named one.
   *
   * @throws {SansheError} NO_ROUTE
   */
  async function routedDepartment(
    tx: SansheDb,
    categoryCode: EventCategoryCode,
    gridCode: string,
    day: string,
    path: FieldPath,
  ): Promise<Department> {
    const route = await responsibleDepartment(tx, districtCode, categoryCode, gridCode, day);
    if (!route) {
      throw new SansheError(
        'NO_ROUTE',
        `No department is responsible for ${categoryCode} (${eventCategories[categoryCode].name}) in ${gridCode} on ${day}: add a routing rule, or name the department.`,
        { path, details: { categoryCode, unitCode: gridCode, day } },
      );
    }
    return requireDepartmentServing(tx, route.departmentId, gridCode, day, path);
  }

  /**
   * The deadlines of a dispatch on `dispatchedOn` (docs/domain.md §7.6): the limits of
   * grid.event_time_limits in force for the grid's community that day, counted on the
   * district's working calendar of that year and the next (a limit is weeks; the ceiling of an
   * extension, 60 working days, stays within them). Read in the writing transaction.
   *
   * @throws {SansheError} POLICY_NOT_SET
   */
  async function deadlinesOf(
    tx: SansheDb,
    event: { categoryCode: string; urgency: string; unitCode: string },
    dispatchedOn: string,
  ): Promise<{ deadlines: EventDeadlines; limitsSource: string }> {
    const limits = await createPolicyService({ db: tx, districtCode }).requireValueInForce(
      'grid.event_time_limits',
      communityCodeOf(event.unitCode),
      dispatchedOn,
    );
    const calendar = await workingCalendarFrom(tx, dispatchedOn);
    const deadlines = eventDeadlines({
      limits: limits.value,
      categoryCode: event.categoryCode as EventCategoryCode,
      urgency: event.urgency as EventUrgency,
      dispatchedOn,
      calendar,
    });
    return { deadlines, limitsSource: limits.source };
  }

  /** The district's working calendar of the year of `day` and the next. */
  function workingCalendarFrom(tx: SansheDb, day: string) {
    const year = Number(day.slice(0, 4));
    return loadWorkingCalendar(tx, districtCode, year, year + 1);
  }

  /**
   * The one way a move is written: the event at its next version with the move's changes (the
   * row is locked, so the version guard only asserts it), the step of the loop
   * (`appendEventStep`), and the audit entry `grid_event.<move>`.
   */
  async function writeMove(
    tx: SansheDb,
    before: GridEvent,
    move: {
      move: EventMove;
      to: EventState;
      changes?: GridEventChanges;
      note?: string | null;
      dueOn?: string | null;
      reason?: string | null;
      /** What the audit entry keeps beside the row (the source of the limits a dispatch used). */
      basis?: Record<string, unknown>;
    },
  ): Promise<GridEvent> {
    const [after] = await tx
      .update(gridEvents)
      .set({ ...move.changes, state: move.to, version: before.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(gridEvents.districtCode, districtCode),
          eq(gridEvents.id, before.id),
          eq(gridEvents.version, before.version),
        ),
      )
      .returning();
    if (!after) throw new Error(`grid event ${before.id} changed while locked`);
    await appendEventStep(tx, districtCode, actor, {
      eventId: before.id,
      step: move.move,
      fromState: before.state as EventState,
      toState: move.to,
      departmentId: after.departmentId,
      note: move.note ?? null,
      dueOn: move.dueOn ?? null,
      at: nowInstant(),
    });
    await kit.audit(tx, {
      action: `grid_event.${verbOf(move.move)}`,
      entityType: 'grid_event',
      entityId: before.id,
      before,
      after: move.basis ? { ...after, ...move.basis } : after,
      reason: move.reason ?? null,
    });
    return after;
  }

  return {
    kit,
    db,
    districtCode,
    actor,
    now,
    nowInstant,
    parseCategory,
    optionalText,
    requiredReason,
    eventIdOf,
    lockEvent,
    nextState,
    requireResponsibleDepartment,
    onGridTeam,
    requireGridWorkerOnTeam,
    departmentServing,
    requireDepartmentServing,
    routedDepartment,
    deadlinesOf,
    workingCalendarFrom,
    writeMove,
    verbOf,
  };
}

export type GridEventContext = ReturnType<typeof createGridEventContext>;
