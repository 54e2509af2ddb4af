import {
  type EventSource,
  type EventState,
  type EventStep,
  type EventUrgency,
  eventLifecycle,
  eventStates,
  seesWholeDistrict,
  storedInstant,
  todayInChina,
} from '@sanshe/core';
import { sql } from 'drizzle-orm';
import { builder, type SharedNodeRef } from '../../builder.js';
import { codeNameSQL, compiledValue } from '../../compiled-reads/compiled-value.js';
// The Department and PatrolRecord nodes relations of an event answer with (docs/domain.md §7.3, §7.4).
import '../departments/department-nodes.js';
import '../grid-plan/grid-plan-nodes.js';
import { auditTrailField } from '../audit-trail.js';
import { categoryNameField } from '../event-category-name.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { patrolRecordsVisibleTo } from '../visibility.js';
import {
  GridEventSourceEnum,
  GridEventStateEnum,
  GridEventStepEnum,
  GridEventUrgencyEnum,
} from './grid-event-enums.js';

/**
 * Grid events as nodes (docs/domain.md §7.7). Every field selects the columns it reads, so the
 * sealed reporter phone (`reporter_phone_encrypted`, `_hash`) is never read, and the accounts
 * kept on the row (`reported_by`, `handled_by`, `verified_by`: personal, docs/domain.md §9) are
 * read only to answer whether they are the caller's (`reportedByMe`, `handledByMe`), never
 * returned. Who may read an event at all is core's rule (access/grid-event-visibility.ts),
 * applied by the lists, the relations and `node(id)`.
 */

const key = { districtCode: true, id: true } as const;

/** An instant as stored (`2026-03-02 02:00:00+00`), or null, as the DateTime scalar's ISO text. */
function instantOrNull(value: string | null): string | null {
  return value === null ? null : storedInstant(value);
}

/** Whether an event is open past its closing day, as of `today` (core's filter says the same in SQL). */
export function isOverdue(row: { state: string; closeDueOn: string | null }, today: string): boolean {
  return row.state !== 'closed' && row.closeDueOn !== null && row.closeDueOn < today;
}

/**
 * The key the gateway merges district pages of events by, newest report first (routes.ts merges
 * ascending text): the report instant counted down from far in the future, then the district and
 * the local id counted down, so ascending text is each district's own order (`reported_at desc,
 * id desc`) and no two events of the city share a key. Milliseconds are shifted by 10¹³ so every
 * instant from 1900 to 2999 has 14 digits.
 */
export function newestFirstKey(row: { districtCode: string; id: number; reportedAt: string }): string {
  const shifted = Date.parse(storedInstant(row.reportedAt)) + 10 ** 13;
  const instant = String(10 ** 14 - 1 - shifted).padStart(14, '0');
  const id = String(10 ** 10 - 1 - row.id).padStart(10, '0');
  return `${instant}:${row.districtCode}:${id}`;
}

/** The steps the state machine allows from each state, as the compiled `allowedSteps` reads them. */
const stepsFromState = Object.fromEntries(
  Object.keys(eventStates).map((state) => [state, eventLifecycle.eventsFrom(state as EventState)]),
);

/** Roles whose account names a person outside public service: never shown as a step's actor. */
const privateActorRoles = new Set(['RESIDENT', 'VOLUNTEER']);

export const GridEventStepRecordRef = builder.drizzleObject('gridEventSteps', {
  name: 'GridEventStepRecord',
  description:
    'One move of a grid event (its 流转记录, docs/domain.md §7.7): the step, the states before and after, who took it (by role), the department responsible after it, the reason or result, and the due day it set. Append-only: the loop can always be replayed from these.',
  select: { columns: key },
  fields: (t) => ({
    step: t.field({
      type: GridEventStepEnum,
      description: 'Which move it was.',
      select: { columns: { step: true } },
      resolve: (row) => row.step as EventStep,
    }),
    fromState: t.field({
      type: GridEventStateEnum,
      nullable: true,
      description: 'Null for the report that started the event.',
      select: { columns: { fromState: true } },
      resolve: (row) => row.fromState as EventState | null,
    }),
    toState: t.field({
      type: GridEventStateEnum,
      description: 'The state after the move (the same for a move in place: escalate, extend, rate …).',
      select: { columns: { toState: true } },
      resolve: (row) => row.toState as EventState,
    }),
    actorRole: t.exposeString('actorRole', {
      description:
        'The role the step was taken in (GRID_WORKER, DEPARTMENT_STAFF, RESIDENT …; SYSTEM for the overdue job).',
    }),
    actorId: t.string({
      nullable: true,
      description:
        'The account that took the step, for callers who see the whole district (its administrators, departments, evaluators): who did what is their accountability record. Null for everyone else, and for steps taken by residents and volunteers, whose accounts are personal (docs/domain.md §9).',
      select: { columns: { actorId: true, actorRole: true } },
      resolve: (row, _args, ctx) =>
        seesWholeDistrict(ctx.actor, ctx.district.districtCode) && !privateActorRoles.has(row.actorRole)
          ? row.actorId
          : null,
      extensions: compiledValue((row, ctx) =>
        seesWholeDistrict(ctx.actor, ctx.district.districtCode)
          ? sql`(case when ${row.actorRole} in (${sql.join(
              [...privateActorRoles].map((role) => sql`${role}`),
              sql`, `,
            )}) then null else ${row.actorId} end)`
          : sql`null::text`,
      ),
    }),
    byMe: t.boolean({
      description: 'Whether the caller’s account took the step.',
      select: { columns: { actorId: true } },
      resolve: (row, _args, ctx) => row.actorId === ctx.actor.id,
      extensions: compiledValue((row, ctx) => sql`coalesce(${row.actorId} = ${ctx.actor.id}, false)`),
    }),
    department: t.relation('department', {
      nullable: true,
      description: 'The department responsible after the step (null while the event is collected).',
    }),
    note: t.exposeString('note', {
      nullable: true,
      description: 'The reason, the result fed back or the note the step was taken with.',
    }),
    dueOn: t.expose('dueOn', {
      type: 'Date',
      nullable: true,
      description: 'The closing day the step set (a dispatch, a re-routing, a reopening, an extension).',
    }),
    at: t.field({
      type: 'DateTime',
      description: 'When the step was taken.',
      select: { columns: { at: true } },
      resolve: (row) => storedInstant(row.at),
      extensions: compiledValue((row) => row.at),
    }),
  }),
});

/** What a GridEvent row holds before any field asks for more: its key and where it lies. */
export type GridEventShape = {
  districtCode: string;
  id: number;
  gridId: number;
  communityId: number;
  unitCode: string;
  departmentId: number | null;
};

export const GridEventRef: SharedNodeRef<'gridEvents', GridEventShape> = builder.drizzleNode('gridEvents', {
  name: 'GridEvent',
  description:
    '网格事件 (docs/domain.md §7.7): a problem found or reported in a grid, carried through the five-step loop 信息收集 → 任务派遣 → 任务处理 → 结果反馈 → 核查结案, routed to a department by category and area, timed on the working calendar, and followed by whoever reported it. Seen by district-wide roles, by staff and grid workers of its unit, and by its reporter; never by PUBLIC.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: {
    columns: { ...key, gridId: true, communityId: true, unitCode: true, departmentId: true },
  },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode', { description: 'The district it lies in (6 digits).' }),
    sortKey: t.string({
      description: 'Orders events by record across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    newestFirstKey: t.string({
      description:
        'Orders events newest report first across the city, as `gridEvents` lists them: ascending text order of this key is descending report time (ties by district and record).',
      select: { columns: { reportedAt: true } },
      resolve: newestFirstKey,
      // The same key in SQL: the instant's milliseconds (as Date.parse reads the stored instant).
      extensions: compiledValue(
        (row) =>
          sql`lpad((${10 ** 14 - 1 - 10 ** 13}::bigint - floor(extract(epoch from ${row.reportedAt}) * 1000)::bigint)::text, 14, '0') || ':' || ${row.districtCode} || ':' || lpad((${10 ** 10 - 1}::bigint - ${row.id})::text, 10, '0')`,
      ),
    }),
    unitCode: t.exposeString('unitCode', {
      description: 'The code of its grid, which its jurisdiction follows.',
    }),
    grid: t.relation('grid', { description: 'The grid it is filed under.' }),
    community: t.relation('community', { description: 'The community of its grid.' }),
    categoryCode: t.exposeString('categoryCode', {
      description: 'Its second-level category (E0502), a code of `gridEventCategories`.',
    }),
    categoryName: t.string({
      nullable: true,
      description: 'The category’s name (占道经营).',
      ...categoryNameField,
    }),
    urgency: t.field({
      type: GridEventUrgencyEnum,
      description: 'How fast it must be handled: its time limits follow.',
      select: { columns: { urgency: true } },
      resolve: (row) => row.urgency as EventUrgency,
    }),
    title: t.exposeString('title', { description: 'One line, at most 200 characters.' }),
    description: t.exposeString('description', { description: 'What is wrong, at most 2000 characters.' }),
    address: t.exposeString('address', { nullable: true, description: 'Where, in words.' }),
    longitude: t.exposeFloat('longitude', {
      nullable: true,
      description: 'Where, in degrees east (CGCS2000); with latitude, or neither.',
    }),
    latitude: t.exposeFloat('latitude', { nullable: true, description: 'Where, in degrees north.' }),
    source: t.field({
      type: GridEventSourceEnum,
      description: 'Where it came from.',
      select: { columns: { source: true } },
      resolve: (row) => row.source as EventSource,
    }),
    mediaUrl: t.exposeString('mediaUrl', {
      nullable: true,
      description: 'A photo of the problem (an http(s) URL the reporter’s app uploaded it to).',
    }),
    patrolRecord: t.relation('patrolRecord', {
      nullable: true,
      description:
        'The patrol that found it (source PATROL), when the caller may see the patrol (the grid centre’s working records).',
      query: (_args, ctx) => ({ where: patrolRecordsVisibleTo(ctx) }),
    }),
    reporterRole: t.exposeString('reporterRole', {
      description:
        'The role it was reported in (GRID_WORKER, RESIDENT, SERVICE …); the reporter’s account is never shown.',
    }),
    reportedAt: t.field({
      type: 'DateTime',
      description: 'When it was reported (信息收集).',
      select: { columns: { reportedAt: true } },
      resolve: (row) => storedInstant(row.reportedAt),
      extensions: compiledValue((row) => row.reportedAt),
    }),
    reporterPhoneMasked: t.exposeString('reporterPhoneMasked', {
      nullable: true,
      description:
        'A phone to call the reporter back on (Open311, hotline), masked (138****5678); stored only sealed.',
    }),
    reportedByMe: t.boolean({
      description:
        'Whether the caller’s account reported it: a resident’s own report, which it may confirm, rate and reopen.',
      select: { columns: { reportedBy: true } },
      resolve: (row, _args, ctx) => row.reportedBy === ctx.actor.id,
      extensions: compiledValue((row, ctx) => sql`coalesce(${row.reportedBy} = ${ctx.actor.id}, false)`),
    }),
    handledByMe: t.boolean({
      description:
        'Whether the caller’s account fed back the current round: 查办分离 keeps it from closing or rejecting the event (HANDLER_CANNOT_VERIFY).',
      select: { columns: { handledBy: true } },
      resolve: (row, _args, ctx) => row.handledBy !== null && row.handledBy === ctx.actor.id,
      extensions: compiledValue((row, ctx) => sql`coalesce(${row.handledBy} = ${ctx.actor.id}, false)`),
    }),
    state: t.field({
      type: GridEventStateEnum,
      description: 'Where it stands in the loop; only the state machine moves it.',
      select: { columns: { state: true } },
      resolve: (row) => row.state as EventState,
    }),
    stateLabel: t.string({
      description: 'The state as grid centres name it (待派遣, 待受理, 处理中, 待核查, 已结案).',
      select: { columns: { state: true } },
      resolve: (row) => eventStates[row.state as EventState] ?? row.state,
      extensions: compiledValue((row) => codeNameSQL(row.state, eventStates, row.state)),
    }),
    allowedSteps: t.field({
      type: [GridEventStepEnum],
      description:
        'The moves the state machine allows from the current state, for a client to offer as buttons. It does not check the caller’s permission, department or team (the mutation does, and refuses with a typed error), nor rules beyond the state (a rating already given, the reopening window, 查办分离).',
      select: { columns: { state: true } },
      resolve: (row) => eventLifecycle.eventsFrom(row.state as EventState),
      extensions: compiledValue(
        (row) =>
          sql`array(select jsonb_array_elements_text(${JSON.stringify(stepsFromState)}::jsonb -> ${row.state}))`,
      ),
    }),
    department: t.relation('department', {
      nullable: true,
      description:
        'The department it is routed to; null while it is collected (before dispatch, or given back).',
    }),
    dispatchedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the current round was dispatched (a re-routing or a reopening dispatches anew).',
      select: { columns: { dispatchedAt: true } },
      resolve: (row) => instantOrNull(row.dispatchedAt),
      extensions: compiledValue((row) => row.dispatchedAt),
    }),
    acceptDueOn: t.expose('acceptDueOn', {
      type: 'Date',
      nullable: true,
      description: 'The last working day its department must accept it (受理).',
    }),
    acceptedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When its department accepted the current round (受理); null before.',
      select: { columns: { acceptedAt: true } },
      resolve: (row) => instantOrNull(row.acceptedAt),
      extensions: compiledValue((row) => row.acceptedAt),
    }),
    acceptedLate: t.exposeBoolean('acceptedLate', {
      nullable: true,
      description: 'Whether it was accepted after its accept day; null until accepted.',
    }),
    closeDueOn: t.expose('closeDueOn', {
      type: 'Date',
      nullable: true,
      description: 'The last working day it must be closed: its time limit from dispatch, or as extended.',
    }),
    dueProvisional: t.exposeBoolean('dueProvisional', {
      description:
        'Whether a due day was counted through a year the working calendar does not hold yet (weekdays only): it may move when the year’s holidays are known.',
    }),
    extendedTo: t.exposeInt('extendedTo', {
      nullable: true,
      description: 'The working days from dispatch its limit was extended to, with approval (延期).',
    }),
    fedBackAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When its department fed back the current round (结果反馈); null before, and after a rejection.',
      select: { columns: { fedBackAt: true } },
      resolve: (row) => instantOrNull(row.fedBackAt),
      extensions: compiledValue((row) => row.fedBackAt),
    }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was verified and closed (核查结案); null while open, and after a reopening.',
      select: { columns: { closedAt: true } },
      resolve: (row) => instantOrNull(row.closedAt),
      extensions: compiledValue((row) => row.closedAt),
    }),
    closedLate: t.exposeBoolean('closedLate', {
      nullable: true,
      description: 'Whether the last closure came after its closing day; null until closed.',
    }),
    overdue: t.boolean({
      description:
        'Whether it is still open after its closing day, as of today in China (the overdue job escalates such events once a day).',
      select: { columns: { state: true, closeDueOn: true } },
      resolve: (row) => isOverdue(row, todayInChina()),
      extensions: compiledValue(
        (row) =>
          sql`(${row.state} <> 'closed' and ${row.closeDueOn} is not null and ${row.closeDueOn} < ${todayInChina()}::date)`,
      ),
    }),
    reopenCount: t.exposeInt('reopenCount', { description: 'How often it was reopened after closure.' }),
    escalationLevel: t.exposeInt('escalationLevel', {
      description: '0 at the community; 1 escalated to the subdistrict, 2 to the district.',
    }),
    confirmedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When its reporter confirmed the fix (null when not, or not confirmed).',
      select: { columns: { confirmedAt: true } },
      resolve: (row) => instantOrNull(row.confirmedAt),
      extensions: compiledValue((row) => row.confirmedAt),
    }),
    satisfaction: t.exposeInt('satisfaction', {
      nullable: true,
      description: 'Its reporter’s rating of the handling, 1 (very dissatisfied) to 5; once per closure.',
    }),
    ratedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When its reporter rated the last closure; null before.',
      select: { columns: { ratedAt: true } },
      resolve: (row) => instantOrNull(row.ratedAt),
      extensions: compiledValue((row) => row.ratedAt),
    }),
    version: t.exposeInt('version', {
      description: 'Increases with every move; pass it as expectedVersion to move the event safely.',
    }),
    steps: t.relation('steps', {
      description: 'Its moves, oldest first (流转记录): read with the event, so whoever sees it sees them.',
      query: { orderBy: { id: 'asc' } },
    }),
    auditTrail: auditTrailField(t, 'grid_event'),
  }),
});
