import {
  type EventCategoryCode,
  eventCategories,
  eventCondition,
  gridEvents,
  type ParsedEventFilter,
  parseEventFilter,
  SansheError,
  todayInChina,
  visibleGridEvents,
} from '@sanshe/core';
import { and, type SQL, sql } from 'drizzle-orm';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { defineMutation } from '../../mutation-field.js';
import { filterLocalIdOf, localIdOf, visibleLocalIdOf } from '../local-id.js';
import { assertOwnDistrict, byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { rootListExtensions } from '../root-list.js';
import {
  type CategoryFamily,
  GridEventCategoryFamilyEnum,
  GridEventSourceEnum,
  GridEventStateEnum,
  GridEventUrgencyEnum,
} from './grid-event-enums.js';
import { GridEventRef } from './grid-event-nodes.js';

/**
 * Grid events in the API (docs/domain.md §7.5–§7.7): the classification they are filed under, the
 * list of events the caller may see across the districts served (newest report first), a grid's
 * and a community's events, and the moves of the five-step loop, each a mutation that answers
 * the event as moved or a typed error, and changes nothing when it refuses.
 */

// --- The classification ---------------------------------------------------------------------

interface CategoryView {
  code: EventCategoryCode;
  name: string;
  parent: string | null;
}

const GridEventCategoryRef = builder.objectRef<CategoryView>('GridEventCategory').implement({
  description:
    'A class of the two-level event classification (docs/domain.md §7.7), in the shape of GB/T 30428.2 / CJ/T 214: components (C…) and events (E…) of city management, plus the social-governance classes (S…) community grids handle. Events are filed under second-level codes.',
  fields: (t) => ({
    code: t.string({
      description: 'C01 for a first-level class, C0101 for one of its subclasses.',
      resolve: (c) => c.code,
    }),
    name: t.string({ description: 'Its Chinese name (上水井盖).', resolve: (c) => c.name }),
    parentCode: t.string({
      nullable: true,
      description: 'The first-level class of a subclass; null for a first-level class.',
      resolve: (c) => c.parent,
    }),
    level: t.int({
      description: '1 for a class, 2 for a subclass (the level an event is filed under).',
      resolve: (c) => (c.parent === null ? 1 : 2),
    }),
    family: t.field({
      type: GridEventCategoryFamilyEnum,
      description: 'Components, events or social governance: the first letter of the code.',
      resolve: (c) => c.code.charAt(0) as CategoryFamily,
    }),
  }),
});

builder.queryField('gridEventCategories', (t) =>
  t.field({
    type: [GridEventCategoryRef],
    nullable: true,
    description:
      'The event classification a district files events under, each class followed by its subclasses, in code order. It ships with sanshe, so every district of one version answers the same list; the district code routes the question to the district whose events it is for (null for a district this gateway does not serve).',
    args: {
      districtCode: t.arg.string({ required: true, description: 'The district (6 digits).' }),
      family: t.arg({ type: GridEventCategoryFamilyEnum, description: 'Only this family.' }),
      parentCode: t.arg.string({ description: 'Only the subclasses of this first-level class (E05).' }),
    },
    extensions: routeExtension({ kind: 'code', argPath: ['districtCode'] }),
    resolve: (_root, args, ctx) => {
      assertOwnDistrict(args.districtCode, ctx);
      if (args.parentCode != null && !Object.hasOwn(eventCategories, args.parentCode)) {
        throw new SansheError('INVALID_CODE_LIST_VALUE', 'parentCode is a first-level class (E05).', {
          path: ['parentCode'],
        });
      }
      return (
        Object.entries(eventCategories) as [EventCategoryCode, { name: string; parent: string | null }][]
      )
        .map(([code, { name, parent }]) => ({ code, name, parent }))
        .filter(
          (category) =>
            (args.family == null || category.code.startsWith(args.family)) &&
            (args.parentCode == null || category.parent === args.parentCode),
        )
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    },
  }),
);

// --- Lists ---------------------------------------------------------------------------------

export const GridEventFilterInput = builder.inputType('GridEventFilter', {
  description: 'Narrows a list of grid events. Every field is optional; together they narrow.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    unitCode: t.string({
      description:
        'Events of this unit: a district, subdistrict or community code (6, 9, 12 digits) or a grid code (a grid centre’s area).',
    }),
    states: t.field({ type: [GridEventStateEnum], description: 'Events in one of these states.' }),
    departmentId: t.id({ description: 'Events routed to this Department (a department’s inbox).' }),
    categoryCode: t.string({
      description: 'Events of this category; a first-level class (E05) includes its subclasses.',
    }),
    overdue: t.boolean({
      description: 'Only events still open after their closing day, as of today in China.',
    }),
    reportedByMe: t.boolean({ description: 'Only events the caller’s account reported.' }),
  }),
});

type EventFilterArgs =
  | {
      districtCode?: string | null;
      unitCode?: string | null;
      states?: readonly string[] | null;
      departmentId?: string | number | null;
      categoryCode?: string | null;
      overdue?: boolean | null;
      reportedByMe?: boolean | null;
    }
  | null
  | undefined;

/**
 * The filter parsed by core (typed errors at `filter.<field>`), or null when it names another
 * district (by its code, a unit of it, or a department of it: that district answers it).
 */
function eventFilterFor(args: EventFilterArgs, ctx: DistrictContext): ParsedEventFilter | null {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  const departmentId = filterLocalIdOf(
    args?.departmentId == null ? null : String(args.departmentId),
    'Department',
    districtCode,
    ['filter', 'departmentId'],
  );
  const parsed = parseEventFilter({
    states: args?.states ?? null,
    unitCode: args?.unitCode ?? null,
    categoryCode: args?.categoryCode ?? null,
    overdue: args?.overdue ?? null,
    reportedByMe: args?.reportedByMe ?? null,
  });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  if (departmentId === undefined) return null;
  if (parsed.data.unitCode !== null && !parsed.data.unitCode.startsWith(districtCode)) return null;
  return { ...parsed.data, departmentId };
}

// biome-ignore lint/suspicious/noExplicitAny: drizzle passes the (aliased) table of the query
type AnyTable = any;

/** Core's filter AND core's read rule on the table (or its alias), as of today in China. */
function eventsWhere(ctx: DistrictContext, filter: ParsedEventFilter, table: AnyTable): SQL {
  const { districtCode } = ctx.district;
  // The caller's id is read only by a filter that asks for it (`reportedByMe`): a compiled read
  // that never reads it is shared by every caller of the same standing (compiled-reads-plugin.ts).
  const context = {
    today: todayInChina(),
    get actorId() {
      return ctx.actor.id;
    },
  };
  return and(
    eventCondition(districtCode, filter, context, table),
    visibleGridEvents(ctx.actor, districtCode, table),
  )!;
}

/** The relational query of a list of events: the filter, the read rule, newest report first. */
function eventListQuery(ctx: DistrictContext, args: EventFilterArgs) {
  const filter = eventFilterFor(args, ctx);
  return {
    where: { RAW: (table: AnyTable) => (filter ? eventsWhere(ctx, filter, table) : sql`false`) },
    orderBy: { reportedAt: 'desc', id: 'desc' } as const,
  };
}

builder.queryFields((t) => ({
  gridEvents: t.drizzleConnection(
    {
      type: 'gridEvents',
      description:
        'Grid events across the districts served that the caller may see, newest report first: district-wide roles see their district’s, subdistrict and community staff and grid workers their unit’s, residents and informants their own reports; PUBLIC none (it reads the anonymised figures of the indicators).',
      args: { filter: t.arg({ type: GridEventFilterInput }) },
      extensions: rootListExtensions(
        { newest: ['newestFirstKey'] },
        {
          table: 'gridEvents',
          query: (args: { filter?: EventFilterArgs }, ctx: DistrictContext) =>
            eventFilterFor(args.filter, ctx) ? eventListQuery(ctx, args.filter) : undefined,
        },
      ),
      totalCount: (_parent, args, ctx) => {
        const filter = eventFilterFor(args.filter, ctx);
        return filter ? ctx.district.db.$count(gridEvents, eventsWhere(ctx, filter, gridEvents)) : 0;
      },
      resolve: (query, _parent, args, ctx) => {
        if (!eventFilterFor(args.filter, ctx)) return [];
        return ctx.district.db.query.gridEvents.findMany(query(eventListQuery(ctx, args.filter)));
      },
    },
    { name: 'GridEventConnection', description: 'A page of grid events.' },
    { name: 'GridEventEdge', description: 'A grid event in a page.' },
  ),
}));

builder.drizzleObjectFields('grids', (t) => ({
  events: t.relatedConnection(
    'events',
    {
      description: 'The grid’s events the caller may see, newest report first.',
      args: { filter: t.arg({ type: GridEventFilterInput }) },
      query: (args, ctx) => eventListQuery(ctx, args.filter),
      totalCount: true,
    },
    { name: 'GridGridEventsConnection', description: 'A page of a grid’s events.' },
    { name: 'GridGridEventsConnectionEdge', description: 'An event of the grid in a page.' },
  ),
}));

builder.drizzleObjectFields('communities', (t) => ({
  gridEvents: t.relatedConnection(
    'gridEvents',
    {
      description: 'The events of the community’s grids the caller may see, newest report first.',
      args: { filter: t.arg({ type: GridEventFilterInput }) },
      query: (args, ctx) => eventListQuery(ctx, args.filter),
      totalCount: true,
    },
    { name: 'CommunityGridEventsConnection', description: 'A page of a community’s grid events.' },
    { name: 'CommunityGridEventsConnectionEdge', description: 'An event of the community in a page.' },
  ),
}));

// --- The loop's moves ----------------------------------------------------------------------

const expectedVersionField = {
  description:
    'The event’s version the move was decided on: refused with VERSION_CONFLICT if it moved since.',
} as const;

/** The event a move names, checked by its type, district and the caller's read rule. */
function eventIdOf(ctx: DistrictContext, input: { eventId: string | number }): Promise<number> {
  return visibleLocalIdOf(ctx, String(input.eventId), 'GridEvent', ['input', 'eventId']);
}

/** An optional Department the input names (public reference data, checked like every ID). */
async function departmentIdOf(
  ctx: DistrictContext,
  departmentId: string | number | null | undefined,
): Promise<number | null> {
  return departmentId == null
    ? null
    : visibleLocalIdOf(ctx, String(departmentId), 'Department', ['input', 'departmentId']);
}

const ReportGridEventInput = builder.inputType('ReportGridEventInput', {
  description:
    '信息收集: what a reporter sends. Name the grid, or the district and the point (the grid is then the one whose boundary contains it).',
  fields: (t) => ({
    gridId: t.id({
      description: 'The Grid it is filed under; a point given with it must lie in its boundary.',
    }),
    districtCode: t.string({
      description:
        'The district (6 digits), required when no grid is named: the point is looked up among its grids. With a grid, it must be the grid’s.',
    }),
    longitude: t.float({ description: 'Where, in degrees east (CGCS2000); with latitude, or neither.' }),
    latitude: t.float({ description: 'Where, in degrees north.' }),
    categoryCode: t.string({
      required: true,
      description: 'A second-level code of `gridEventCategories` (E0502, not E05).',
    }),
    urgency: t.field({
      type: GridEventUrgencyEnum,
      required: true,
      description: 'How fast it must be handled.',
    }),
    title: t.string({ required: true, description: 'One line, at most 200 characters.' }),
    description: t.string({ required: true, description: 'What is wrong, at most 2000 characters.' }),
    address: t.string({ description: 'Where, in words (at most 200 characters).' }),
    source: t.field({
      type: GridEventSourceEnum,
      required: true,
      description: 'Where it came from (PATROL for a problem a grid team found).',
    }),
    reporterPhone: t.string({
      description: 'A mobile number to call the reporter back on: stored sealed, shown masked only.',
    }),
    mediaUrl: t.string({ description: 'A photo: an absolute http(s) URL without credentials.' }),
    patrolRecordId: t.id({
      description:
        'The PatrolRecord that found it: a problem found in the same grid (then source is PATROL).',
    }),
    reportedAt: t.field({
      type: 'DateTime',
      description: 'When it was reported; default now, never after it.',
    }),
  }),
});

defineMutation('reportGridEvent', {
  type: GridEventRef,
  description:
    '信息收集: report an event in a grid, as a grid team member on patrol (in a grid whose team lists the caller), an informant volunteer, community or subdistrict staff, a resident, or a system of the district (Open311, the hotline). It enters the loop COLLECTED.',
  input: ReportGridEventInput,
  // By the grid's ID; a report that names only a point is routed by its district code.
  route: routeExtension({
    kind: 'globalId',
    argPath: ['input', 'gridId'],
    orCodeAt: ['input', 'districtCode'],
  }),
  resolve: async (input, ctx) => {
    const { districtCode } = ctx.district;
    // The record an input names first: a patrol the caller cannot see answers NOT_FOUND, exactly
    // as a missing one, whatever else the input lacks.
    const patrolRecordId =
      input.patrolRecordId == null
        ? null
        : await visibleLocalIdOf(ctx, String(input.patrolRecordId), 'PatrolRecord', [
            'input',
            'patrolRecordId',
          ]);
    if (input.gridId == null && input.districtCode == null) {
      throw new SansheError('VALIDATION_FAILED', 'Name the grid, or the district the point lies in.', {
        path: ['input', 'districtCode'],
      });
    }
    if (input.districtCode != null) assertOwnDistrict(input.districtCode, ctx);
    const gridId =
      input.gridId == null
        ? null
        : localIdOf(String(input.gridId), 'Grid', districtCode, ['input', 'gridId']);
    const { districtCode: _district, gridId: _grid, patrolRecordId: _patrol, ...rest } = definedOnly(input);
    return ctx.gridEvents.report({ ...rest, gridId, patrolRecordId });
  },
});

const DispatchGridEventInput = builder.inputType('DispatchGridEventInput', {
  description: '任务派遣: the event and, when the routing rules are not to decide, the department.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'A COLLECTED GridEvent.' }),
    departmentId: t.id({
      description: 'The Department to send it to; absent, the routing rules decide by category and area.',
    }),
    note: t.string({ description: 'Instructions for the department (at most 500 characters).' }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

defineMutation('dispatchGridEvent', {
  type: GridEventRef,
  description:
    '任务派遣: the grid centre (community, subdistrict or district staff) sends a collected event to its department, with the days to accept and to close it counted on the working calendar from today (policy grid.event_time_limits). NO_ROUTE when no rule names a department and none is given.',
  input: DispatchGridEventInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.dispatch({
      ...definedOnly(input),
      eventId: await eventIdOf(ctx, input),
      departmentId: await departmentIdOf(ctx, input.departmentId),
    }),
});

const EventMoveInput = builder.inputType('GridEventMoveInput', {
  description: 'A move that needs nothing but the event.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'The GridEvent to move.' }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

const ReasonedMoveInput = builder.inputType('GridEventReasonedMoveInput', {
  description: 'A move that needs a written reason, kept on the step and in the audit log.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'The GridEvent to move.' }),
    reason: t.string({
      required: true,
      description: 'Why (at most 500 characters); blank is REASON_REQUIRED.',
    }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

defineMutation('acceptGridEvent', {
  type: GridEventRef,
  description:
    '受理: the department an event is dispatched to accepts it (its staff, whose token names the department; NOT_RESPONSIBLE_DEPARTMENT otherwise). Late when after its accept day.',
  input: EventMoveInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.accept({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

defineMutation('giveBackGridEvent', {
  type: GridEventRef,
  description:
    '退回: the department returns an event that is not its own, with the reason; it is COLLECTED again, without department or deadlines, for the centre to dispatch anew.',
  input: ReasonedMoveInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.giveBack({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

const FeedBackGridEventInput = builder.inputType('FeedBackGridEventInput', {
  description: '结果反馈: the event and what was done.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'A GridEvent in HANDLING.' }),
    result: t.string({ required: true, description: 'What the department did (at most 2000 characters).' }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

defineMutation('feedBackGridEvent', {
  type: GridEventRef,
  description:
    '结果反馈: the department reports what it did; the event waits for the community’s check (FED_BACK). The caller is recorded as its handler, whom 查办分离 keeps from verifying it.',
  input: FeedBackGridEventInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.feedBack({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

const CloseGridEventInput = builder.inputType('CloseGridEventInput', {
  description: '核查结案: the event and what the check found.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'A FED_BACK GridEvent.' }),
    note: t.string({ description: 'What the check on the spot found (at most 500 characters).' }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

defineMutation('closeGridEvent', {
  type: GridEventRef,
  description:
    '核查结案: the community side (its staff, the grid centre, a grid worker of the event’s grid team) checks the fix and closes the event; late when after its closing day. Whoever fed it back can never close it (查办分离: HANDLER_CANNOT_VERIFY).',
  input: CloseGridEventInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.close({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

defineMutation('rejectGridEvent', {
  type: GridEventRef,
  description:
    '核查不通过: the community finds the problem not solved and sends the event back to its department (HANDLING) with the reason; its deadlines stay. Not by whoever fed it back (HANDLER_CANNOT_VERIFY).',
  input: ReasonedMoveInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.reject({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

const RerouteGridEventInput = builder.inputType('RerouteGridEventInput', {
  description: '改派: the event, why, and its new category, department or both.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'A DISPATCHED or HANDLING GridEvent.' }),
    reason: t.string({ required: true, description: 'Why it is re-routed (at most 500 characters).' }),
    categoryCode: t.string({ description: 'A new second-level category; absent, the category stays.' }),
    departmentId: t.id({
      description: 'The new Department; absent, the routing rules decide for the (new) category.',
    }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

defineMutation('rerouteGridEvent', {
  type: GridEventRef,
  description:
    '改派: the grid centre re-routes a dispatched or accepted event to another category, department or both, with new deadlines from today; the department that loses it is told.',
  input: RerouteGridEventInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.reroute({
      ...definedOnly(input),
      eventId: await eventIdOf(ctx, input),
      departmentId: await departmentIdOf(ctx, input.departmentId),
    }),
});

const RecategoriseGridEventInput = builder.inputType('RecategoriseGridEventInput', {
  description: 'A collected event and the category it belongs under.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'A COLLECTED GridEvent.' }),
    categoryCode: t.string({ required: true, description: 'The new second-level category.' }),
    reason: t.string({ description: 'Why (at most 500 characters).' }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

defineMutation('recategoriseGridEvent', {
  type: GridEventRef,
  description:
    'The grid centre files a collected event under another category before dispatching it (it has no department yet to tell); the dispatch then routes by the new category.',
  input: RecategoriseGridEventInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.recategorise({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

defineMutation('escalateGridEvent', {
  type: GridEventRef,
  description:
    'The grid centre escalates an open event one level (community → subdistrict → district) for what the level below cannot solve; the state stays. STATUS_NOT_ALLOWED at the district already.',
  input: ReasonedMoveInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.escalate({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

const ExtendGridEventInput = builder.inputType('ExtendGridEventInput', {
  description: '延期: the event, the approved limit and why.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'A DISPATCHED or HANDLING GridEvent.' }),
    workingDays: t.int({
      required: true,
      description:
        'The new closing limit in working days from the dispatch: more than the current one, at most the ceiling of grid.event_time_limits (EXTENSION_TOO_LONG).',
    }),
    reason: t.string({ required: true, description: 'The approval and why (at most 500 characters).' }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

defineMutation('extendGridEvent', {
  type: GridEventRef,
  description:
    '延期: subdistrict or district staff approve a longer time limit; the closing day is counted again on the working calendar from the dispatch day.',
  input: ExtendGridEventInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.extend({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

defineMutation('reopenGridEvent', {
  type: GridEventRef,
  description:
    '重新办理: reopen a closed event, back to its department (routed anew if that one no longer serves the grid) with new deadlines from today; its closure and rating are cleared and the reopening counted. Its reporter may within the days of policy grid.resident_feedback (REOPEN_WINDOW_CLOSED after), the grid centre at any time.',
  input: ReasonedMoveInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.reopen({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});

const RateGridEventInput = builder.inputType('RateGridEventInput', {
  description: '回访评价: the reporter’s confirmation and rating.',
  fields: (t) => ({
    eventId: t.id({ required: true, description: 'A CLOSED GridEvent the caller reported.' }),
    satisfaction: t.int({ required: true, description: '1 (very dissatisfied) to 5 (very satisfied).' }),
    confirmed: t.boolean({
      required: true,
      description: 'Whether the reporter confirms the problem is fixed.',
    }),
    expectedVersion: t.int(expectedVersionField),
  }),
});

defineMutation('rateGridEvent', {
  type: GridEventRef,
  description:
    '回访评价: the resident (or the system relaying them) who reported a closed event confirms the fix or not and rates the handling, once per closure (ALREADY_RATED).',
  input: RateGridEventInput,
  route: byInputGlobalId('eventId'),
  resolve: async (input, ctx) =>
    ctx.gridEvents.rate({ ...definedOnly(input), eventId: await eventIdOf(ctx, input) }),
});
