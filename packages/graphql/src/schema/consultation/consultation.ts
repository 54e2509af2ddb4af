import {
  type ConsultationFigures,
  isSansheError,
  type ParsedMeetingFilter,
  type ParsedTaskFilter,
  parseMeetingFilter,
  parseTaskFilter,
  recordIsVisible,
  SansheError,
  type TaskOwnerInput,
  todayInChina,
  visibleOutcomeTasks,
} from '@sanshe/core';
import { communities, consultationMeetings, outcomeTasks } from '@sanshe/core/schema';
import { and, eq, gte, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { decodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { atArguments } from '../grid-assessment/argument-paths.js';
import { filterLocalIdOf, localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { rootListExtensions } from '../root-list.js';
import { MeetingFormEnum, ParticipantKindEnum, TopicSourceEnum } from './consultation-enums.js';
import { ConsultationMeetingRef, MeetingOutcomeRef, OutcomeTaskRef } from './consultation-nodes.js';

/**
 * 协商议事 in the API (docs/domain.md §8): the meetings of the communities (public), the tasks of
 * their outcomes (staff and owners), the figures "outcomes implemented" of a unit, and the writes
 * that record a meeting and follow an outcome to its end: tasks added and done, the outcome
 * implemented and reported back to the residents. Every rule is core's (consultation/).
 */

const idText = (id: string | number | null | undefined): string | null => (id == null ? null : String(id));

/** A core error at `[root, from, …]` re-thrown at `[root, to]`, where core's input names a field otherwise. */
async function renamed<T>(from: string, to: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isSansheError(error) || error.path[1] !== from) throw error;
    throw new SansheError(error.code, error.message, {
      path: [error.path[0]!, to],
      ...(error.details ? { details: { ...error.details } } : {}),
      cause: error,
    });
  }
}

// --- Meetings -------------------------------------------------------------------------------

const ConsultationMeetingFilterInput = builder.inputType('ConsultationMeetingFilter', {
  description: 'Narrows a list of consultation meetings. Every field is optional; together they narrow.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    parentCode: t.string({
      description: 'Held by the communities under this subdistrict (9 digits), or by this community (12).',
    }),
    communityId: t.id({ description: 'Held by this Community.' }),
    from: t.field({ type: 'Date', description: 'Held on or after this day.' }),
    to: t.field({ type: 'Date', description: 'Held on or before this day.' }),
  }),
});

type MeetingFilterArgs =
  | {
      districtCode?: string | null;
      parentCode?: string | null;
      communityId?: string | number | null;
      from?: string | null;
      to?: string | null;
    }
  | null
  | undefined;

type MeetingListFilter = ParsedMeetingFilter & { communityId: number | null };

/** The filter checked by core (typed errors at `filter.<field>`), or null when it names another district. */
function meetingFilterFor(args: MeetingFilterArgs, ctx: DistrictContext): MeetingListFilter | null {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  if (args?.parentCode != null && args.parentCode.slice(0, 6) !== districtCode) return null;
  const communityId = filterLocalIdOf(idText(args?.communityId), 'Community', districtCode, [
    'filter',
    'communityId',
  ]);
  if (communityId === undefined) return null;
  let parsed: ParsedMeetingFilter;
  try {
    // Core names the unit `unitCode`; lists of the API call it `parentCode`, as every unit filter does.
    parsed = parseMeetingFilter(districtCode, {
      unitCode: args?.parentCode ?? null,
      from: args?.from ?? null,
      to: args?.to ?? null,
    });
  } catch (error) {
    if (isSansheError(error) && error.path[1] === 'unitCode') {
      throw new SansheError(error.code, error.message, { path: ['filter', 'parentCode'], cause: error });
    }
    throw error;
  }
  return { ...parsed, communityId };
}

/** The filter on the meetings' table (or the list's alias of it); meetings are public. */
function meetingCondition(
  table: typeof consultationMeetings,
  filter: MeetingListFilter,
  districtCode: string,
): SQL {
  return and(
    eq(table.districtCode, districtCode),
    filter.communityId === null ? undefined : eq(table.communityId, filter.communityId),
    filter.unitCode === null
      ? undefined
      : sql`exists (select 1 from ${communities}
          where ${communities.districtCode} = ${table.districtCode} and ${communities.id} = ${table.communityId}
            and ${communities.code} like ${`${filter.unitCode}%`})`,
    filter.from === null ? undefined : gte(table.heldOn, filter.from),
    filter.to === null ? undefined : lte(table.heldOn, filter.to),
  )!;
}

// --- Tasks ----------------------------------------------------------------------------------

const OutcomeTaskFilterInput = builder.inputType('OutcomeTaskFilter', {
  description: 'Narrows a list of outcome tasks. Every field is optional; together they narrow.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    ownerId: t.id({ description: 'Owned by this Department, SocialOrganization or Community.' }),
    outcomeId: t.id({ description: 'Carrying out this MeetingOutcome.' }),
    open: t.boolean({ description: 'Only tasks not yet done (true), or only those done (false).' }),
    overdue: t.boolean({
      description: 'Only tasks not done and due before today (true), or only the others (false).',
    }),
  }),
});

type TaskFilterArgs =
  | {
      districtCode?: string | null;
      ownerId?: string | number | null;
      outcomeId?: string | number | null;
      open?: boolean | null;
      overdue?: boolean | null;
    }
  | null
  | undefined;

/** The owner kinds by the GraphQL type of their global ID. */
const ownerKindOfType = {
  Department: 'departmentId',
  SocialOrganization: 'organizationId',
  Community: 'communityId',
} as const;

function typenameOf(globalId: string): string | undefined {
  try {
    return decodeGlobalId(globalId).typename;
  } catch {
    return undefined;
  }
}

/**
 * The task filter checked by core, or null when it names another district (by code or by an ID),
 * or an organization the caller may not see: a task may be visible when its owner is not, and
 * filtering by guessed organization IDs would otherwise tell whose it is.
 */
async function taskFilterFor(args: TaskFilterArgs, ctx: DistrictContext): Promise<ParsedTaskFilter | null> {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  let owner: TaskOwnerInput | null = null;
  const ownerId = idText(args?.ownerId);
  if (ownerId !== null) {
    const typename = typenameOf(ownerId);
    const field = typename ? ownerKindOfType[typename as keyof typeof ownerKindOfType] : undefined;
    // Another type (or a malformed ID) is refused as NOT_FOUND (INVALID_ID) by localIdOf.
    if (!field) localIdOf(ownerId, 'Community', districtCode, ['filter', 'ownerId']);
    const id = filterLocalIdOf(ownerId, typename!, districtCode, ['filter', 'ownerId']);
    if (id === undefined) return null;
    const { db } = ctx.district;
    if (
      field === 'organizationId' &&
      !(await recordIsVisible(db, ctx.actor, districtCode, 'social_organization', id!))
    ) {
      return null;
    }
    owner = { [field!]: id } as TaskOwnerInput;
  }
  const outcomeId = filterLocalIdOf(idText(args?.outcomeId), 'MeetingOutcome', districtCode, [
    'filter',
    'outcomeId',
  ]);
  if (outcomeId === undefined) return null;
  try {
    return parseTaskFilter({ owner, outcomeId, open: args?.open ?? null, overdue: args?.overdue ?? null });
  } catch (error) {
    if (isSansheError(error) && error.path[1] === 'owner') {
      throw new SansheError(error.code, error.message, { path: ['filter', 'ownerId'], cause: error });
    }
    throw error;
  }
}

/**
 * The filter and the caller's read rule on the tasks' table (or the list's alias of it), as
 * core's task list reads them (consultation-reads.ts `tasks`): overdue is not done and due before
 * today, China time.
 */
function taskCondition(table: typeof outcomeTasks, filter: ParsedTaskFilter, ctx: DistrictContext): SQL {
  const { districtCode } = ctx.district;
  const owner = filter.owner;
  const ownerColumn =
    owner === null
      ? null
      : owner.kind === 'department'
        ? table.departmentId
        : owner.kind === 'organization'
          ? table.organizationId
          : table.communityId;
  const today = todayInChina();
  return and(
    eq(table.districtCode, districtCode),
    ownerColumn === null ? undefined : eq(ownerColumn, owner!.id),
    filter.outcomeId === null ? undefined : eq(table.outcomeId, filter.outcomeId),
    filter.open === null ? undefined : filter.open ? isNull(table.doneOn) : isNotNull(table.doneOn),
    filter.overdue === null
      ? undefined
      : filter.overdue
        ? and(isNull(table.doneOn), lt(table.dueOn, today))
        : or(isNotNull(table.doneOn), gte(table.dueOn, today)),
    visibleOutcomeTasks(ctx.actor, districtCode, table),
  )!;
}

/** The relational query of the meetings' list, by the day held; undefined when the filter names nothing here. */
function meetingListQuery(args: { filter?: Parameters<typeof meetingFilterFor>[0] }, ctx: DistrictContext) {
  const filter = meetingFilterFor(args.filter, ctx);
  if (!filter) return undefined;
  const { districtCode } = ctx.district;
  return {
    where: {
      RAW: (table: typeof consultationMeetings) => meetingCondition(table, filter, districtCode),
    },
    orderBy: { heldOn: 'asc', id: 'asc' } as const,
  };
}

builder.queryFields((t) => ({
  consultationMeetings: t.drizzleConnection(
    {
      type: 'consultationMeetings',
      description:
        'Consultation meetings (协商议事) of the communities across the districts served, by the day held: the communities’ public record, read by every caller.',
      args: {
        filter: t.arg({
          type: ConsultationMeetingFilterInput,
          description: 'Which meetings; every field narrows.',
        }),
      },
      extensions: rootListExtensions(
        { heldOn: ['heldOn', 'sortKey'] },
        { table: 'consultationMeetings', query: meetingListQuery },
      ),
      totalCount: (_parent, args, ctx) => {
        const filter = meetingFilterFor(args.filter, ctx);
        if (!filter) return 0;
        const { districtCode, db } = ctx.district;
        return db.$count(consultationMeetings, meetingCondition(consultationMeetings, filter, districtCode));
      },
      resolve: (query, _parent, args, ctx) => {
        const options = meetingListQuery(args, ctx);
        return options ? ctx.district.db.query.consultationMeetings.findMany(query(options)) : [];
      },
    },
    { name: 'ConsultationMeetingConnection', description: 'A page of consultation meetings.' },
    { name: 'ConsultationMeetingEdge', description: 'A meeting in a page.' },
  ),
  outcomeTasks: t.drizzleConnection(
    {
      type: 'outcomeTasks',
      description:
        'Tasks that carry adopted outcomes out, across the districts served, by due day: those the caller may see (district-wide roles, the staff and grid workers of the meeting’s unit, the owning organization).',
      args: {
        filter: t.arg({ type: OutcomeTaskFilterInput, description: 'Which tasks; every field narrows.' }),
      },
      extensions: routeExtension({
        kind: 'fanOutConnection',
        filterArg: 'filter',
        sortFields: { dueOn: ['dueOn', 'sortKey'] },
      }),
      totalCount: async (_parent, args, ctx) => {
        const filter = await taskFilterFor(args.filter, ctx);
        if (!filter) return 0;
        return ctx.district.db.$count(outcomeTasks, taskCondition(outcomeTasks, filter, ctx));
      },
      resolve: async (query, _parent, args, ctx) => {
        const filter = await taskFilterFor(args.filter, ctx);
        if (!filter) return [];
        return ctx.district.db.query.outcomeTasks.findMany(
          query({
            where: { RAW: (table) => taskCondition(table as typeof outcomeTasks, filter, ctx) },
            orderBy: { dueOn: 'asc', id: 'asc' },
          }),
        );
      },
    },
    { name: 'OutcomeTaskConnection', description: 'A page of outcome tasks.' },
    { name: 'OutcomeTaskEdge', description: 'A task in a page.' },
  ),
}));

// --- Figures --------------------------------------------------------------------------------

const ConsultationFiguresRef = builder.objectRef<ConsultationFigures>('ConsultationFigures').implement({
  description:
    'The figures of consultation in a unit over a period (docs/domain.md §8): counts only, so units and districts add up; the indicator "outcomes implemented" is outcomesImplemented / outcomesAdopted. Implementation and report back are counted as of the period’s end. Aggregates of the public record: every caller reads them.',
  fields: (t) => ({
    unitCode: t.exposeString('unitCode', { description: 'The district, subdistrict or community counted.' }),
    from: t.field({
      type: 'Date',
      description: 'The first day of the period.',
      resolve: (figures) => figures.from,
    }),
    to: t.field({
      type: 'Date',
      description: 'The last day of the period.',
      resolve: (figures) => figures.to,
    }),
    meetingsHeld: t.exposeInt('meetingsHeld', { description: 'Meetings held in the period.' }),
    topics: t.exposeInt('topics', { description: 'Topics those meetings took up.' }),
    outcomes: t.exposeInt('outcomes', { description: 'Outcomes they voted.' }),
    outcomesAdopted: t.exposeInt('outcomesAdopted', { description: 'Of those, adopted.' }),
    outcomesImplemented: t.exposeInt('outcomesImplemented', {
      description: 'Of those, implemented by the period’s end.',
    }),
    outcomesReportedBack: t.exposeInt('outcomesReportedBack', {
      description: 'Of those, reported back to the residents by the period’s end.',
    }),
    implementedShare: t.float({
      nullable: true,
      description:
        'outcomesImplemented / outcomesAdopted; null when nothing was adopted. To combine units, sum the counts, never these shares.',
      resolve: (figures) =>
        figures.outcomesAdopted === 0 ? null : figures.outcomesImplemented / figures.outcomesAdopted,
    }),
  }),
});

builder.queryFields((t) => ({
  consultationFigures: t.field({
    type: ConsultationFiguresRef,
    description:
      'The figures of consultation (meetings held, topics, outcomes adopted, implemented, reported back) of a district, subdistrict or community over a period. Public.',
    args: {
      unitCode: t.arg.string({
        required: true,
        description: 'A district (6 digits), subdistrict (9) or community (12) code.',
      }),
      from: t.arg({ type: 'Date', required: true, description: 'The first day of the period.' }),
      to: t.arg({ type: 'Date', required: true, description: 'The last day of the period.' }),
    },
    extensions: routeExtension({ kind: 'code', argPath: ['unitCode'] }),
    resolve: (_root, args, ctx) =>
      atArguments(() =>
        ctx.consultation.consultationFigures({ unitCode: args.unitCode, from: args.from, to: args.to }),
      ),
  }),
}));

// --- Writes ---------------------------------------------------------------------------------

const MeetingParticipantInput = builder.inputType('MeetingParticipantInput', {
  description: 'Who took part, by kind and number; one row per kind (and organization or department).',
  fields: (t) => ({
    kind: t.field({ type: ParticipantKindEnum, required: true, description: 'Which kind of participant.' }),
    headcount: t.int({ required: true, description: 'How many took part (1–10,000).' }),
    organizationId: t.id({ description: 'For SOCIAL_ORGANIZATION only: the SocialOrganization.' }),
    departmentId: t.id({ description: 'For DEPARTMENT only: the Department, serving the community.' }),
  }),
});

const MeetingOutcomeInput = builder.inputType('MeetingOutcomeInput', {
  description:
    'An outcome voted on a topic. Whether it was adopted follows from the votes (more than half of those cast), never from the caller.',
  fields: (t) => ({
    text: t.string({ required: true, description: 'What was proposed (published: no personal data).' }),
    votesFor: t.int({ required: true, description: 'Votes in favour.' }),
    votesAgainst: t.int({ required: true, description: 'Votes against.' }),
    abstentions: t.int({ description: 'Cast and not in favour. Default 0.' }),
  }),
});

const MeetingTopicInput = builder.inputType('MeetingTopicInput', {
  description: 'A topic the meeting took up, and the outcomes voted on it.',
  fields: (t) => ({
    title: t.string({ required: true, description: 'Published: no personal data.' }),
    source: t.field({ type: TopicSourceEnum, required: true, description: 'Where the topic came from.' }),
    eventId: t.id({ description: 'For EVENT: the GridEvent, of the meeting’s community.' }),
    needId: t.id({ description: 'For NEED: the Need, of the meeting’s community.' }),
    outcomes: t.field({ type: [MeetingOutcomeInput], description: 'At most 20.' }),
  }),
});

const RecordConsultationMeetingInput = builder.inputType('RecordConsultationMeetingInput', {
  description:
    'A meeting as held, written at once as the community’s public record: every text is checked as published text (no personal data).',
  fields: (t) => ({
    communityId: t.id({ required: true, description: 'The Community that held it.' }),
    title: t.string({ required: true, description: 'What it was about (published: no personal data).' }),
    form: t.field({ type: MeetingFormEnum, required: true, description: 'Its form.' }),
    heldOn: t.field({ type: 'Date', required: true, description: 'Not after today.' }),
    place: t.string({ required: true, description: 'Where it was held (published).' }),
    summary: t.string({ description: 'The minutes as published to the residents.' }),
    participants: t.field({
      type: [MeetingParticipantInput],
      required: true,
      description: 'At most 50 rows; residents’ representatives among them.',
    }),
    topics: t.field({ type: [MeetingTopicInput], required: true, description: 'At least 1, at most 50.' }),
  }),
});

const AddOutcomeTaskInput = builder.inputType('AddOutcomeTaskInput', {
  description: 'A task that carries an adopted outcome out.',
  fields: (t) => ({
    outcomeId: t.id({ required: true, description: 'The MeetingOutcome, adopted and not yet implemented.' }),
    title: t.string({ required: true, description: 'What is to be done (at most 200 characters).' }),
    ownerId: t.id({
      required: true,
      description:
        'Who carries it out: a Department serving the community, a SocialOrganization the caller sees, or the Community that held the meeting.',
    }),
    dueOn: t.field({
      type: 'Date',
      required: true,
      description: 'A working day on the district’s calendar, not before the meeting.',
    }),
    eventId: t.id({ description: 'The GridEvent of the community it created or follows.' }),
    projectId: t.id({ description: 'The ServiceProject it created or follows.' }),
  }),
});

const CompleteOutcomeTaskInput = builder.inputType('CompleteOutcomeTaskInput', {
  description: 'A task done, by the community or its owner.',
  fields: (t) => ({
    taskId: t.id({ required: true, description: 'The OutcomeTask done.' }),
    doneOn: t.field({
      type: 'Date',
      required: true,
      description: 'Not after today, not before the meeting.',
    }),
    result: t.string({ required: true, description: 'What was done (at most 2000 characters).' }),
    expectedVersion: t.int({ description: 'The version read; a task changed since is refused.' }),
  }),
});

const MarkOutcomeImplementedInput = builder.inputType('MarkOutcomeImplementedInput', {
  description: 'An adopted outcome implemented (已落实), once every task is done.',
  fields: (t) => ({
    outcomeId: t.id({ required: true, description: 'The MeetingOutcome implemented.' }),
    implementedOn: t.field({
      type: 'Date',
      required: true,
      description: 'Not after today, not before the last task was done.',
    }),
    expectedVersion: t.int({ description: 'The version read; an outcome changed since is refused.' }),
  }),
});

const ReportOutcomeBackInput = builder.inputType('ReportOutcomeBackInput', {
  description: 'An implemented outcome reported back to the residents (结果反馈).',
  fields: (t) => ({
    outcomeId: t.id({ required: true, description: 'The MeetingOutcome reported back.' }),
    reportedBackOn: t.field({
      type: 'Date',
      required: true,
      description: 'Not after today, not before the implementation.',
    }),
    report: t.string({
      required: true,
      description: 'What is reported back (published: no personal data; at most 5000 characters).',
    }),
    expectedVersion: t.int({ description: 'The version read; an outcome changed since is refused.' }),
  }),
});

defineMutation('recordConsultationMeeting', {
  type: ConsultationMeetingRef,
  description:
    'Record a consultation meeting a community held (community, subdistrict or district staff), with its participants by kind, its topics and the outcomes voted on each, at once. Errors name the field: ["input", "topics", 0, "outcomes", 1, "votesFor"].',
  input: RecordConsultationMeetingInput,
  route: byInputGlobalId('communityId'),
  resolve: (input, ctx) => {
    const { districtCode } = ctx.district;
    // The records rows name are decoded here (their type and district) and checked by core, each
    // through the caller's read rule at its own path (a hidden organization, event or need is
    // NOT_FOUND as a missing one) once the whole input has passed its checks: a list of
    // thousands is refused by its length before any statement.
    const optional = (id: string | number | null | undefined, typename: string, path: (string | number)[]) =>
      id == null ? null : localIdOf(String(id), typename, districtCode, ['input', ...path]);
    return ctx.consultation.recordMeeting({
      communityId: localIdOf(String(input.communityId), 'Community', districtCode, ['input', 'communityId']),
      title: input.title,
      form: input.form,
      heldOn: input.heldOn,
      place: input.place,
      summary: input.summary ?? null,
      participants: input.participants.map((participant, index) => ({
        kind: participant.kind,
        headcount: participant.headcount,
        organizationId: optional(participant.organizationId, 'SocialOrganization', [
          'participants',
          index,
          'organizationId',
        ]),
        departmentId: optional(participant.departmentId, 'Department', [
          'participants',
          index,
          'departmentId',
        ]),
      })),
      topics: input.topics.map((topic, index) => ({
        title: topic.title,
        source: topic.source,
        eventId: optional(topic.eventId, 'GridEvent', ['topics', index, 'eventId']),
        needId: optional(topic.needId, 'Need', ['topics', index, 'needId']),
        outcomes: topic.outcomes?.map((outcome) => ({ ...definedOnly(outcome) })) ?? null,
      })),
    });
  },
});

/** The global ID of a task's owner as core's owner: a department, an organization or a community. */
async function taskOwnerOf(ctx: DistrictContext, ownerId: string): Promise<TaskOwnerInput> {
  const path = ['input', 'ownerId'];
  const typename = typenameOf(ownerId);
  if (typename === 'Department') {
    return { departmentId: await visibleLocalIdOf(ctx, ownerId, 'Department', path) };
  }
  if (typename === 'SocialOrganization') {
    return { organizationId: await visibleLocalIdOf(ctx, ownerId, 'SocialOrganization', path) };
  }
  // A community, or anything else: localIdOf refuses another type as NOT_FOUND.
  return { communityId: localIdOf(ownerId, 'Community', ctx.district.districtCode, path) };
}

defineMutation('addOutcomeTask', {
  type: OutcomeTaskRef,
  description:
    'Charge an adopted outcome with a task (the meeting’s community, subdistrict or district staff). The due day must be a working day (DEADLINE_ON_HOLIDAY otherwise); an outcome not adopted or already implemented takes no task (STATUS_NOT_ALLOWED).',
  input: AddOutcomeTaskInput,
  route: byInputGlobalId('outcomeId'),
  resolve: async (input, ctx) => {
    const outcomeId = await visibleLocalIdOf(ctx, String(input.outcomeId), 'MeetingOutcome', [
      'input',
      'outcomeId',
    ]);
    const owner = await taskOwnerOf(ctx, String(input.ownerId));
    const eventId =
      input.eventId == null
        ? null
        : await visibleLocalIdOf(ctx, String(input.eventId), 'GridEvent', ['input', 'eventId']);
    const projectId =
      input.projectId == null
        ? null
        : await visibleLocalIdOf(ctx, String(input.projectId), 'ServiceProject', ['input', 'projectId']);
    // Core names the owner `owner.<kind>Id`; the caller sent one `ownerId`.
    return renamed('owner', 'ownerId', () =>
      ctx.consultation.addOutcomeTask({
        outcomeId,
        title: input.title,
        owner,
        dueOn: input.dueOn,
        eventId,
        projectId,
      }),
    );
  },
});

defineMutation('completeOutcomeTask', {
  type: OutcomeTaskRef,
  description:
    'Record a task done, once: by the staff of the meeting’s community or above it, or by its owner (the owning department’s or organization’s staff). Another department’s staff are FORBIDDEN.',
  input: CompleteOutcomeTaskInput,
  route: byInputGlobalId('taskId'),
  resolve: async (input, ctx) =>
    ctx.consultation.completeTask({
      ...definedOnly(input),
      taskId: await visibleLocalIdOf(ctx, String(input.taskId), 'OutcomeTask', ['input', 'taskId']),
    }),
});

defineMutation('markOutcomeImplemented', {
  type: MeetingOutcomeRef,
  description:
    'Mark an adopted outcome implemented (已落实) on a day, once every one of its tasks is done: with no task, or a task not done, it is OUTCOME_TASKS_OPEN (its detail counts the tasks not done; the outcome’s tasks show which).',
  input: MarkOutcomeImplementedInput,
  route: byInputGlobalId('outcomeId'),
  resolve: async (input, ctx) =>
    ctx.consultation.markImplemented({
      ...definedOnly(input),
      outcomeId: await visibleLocalIdOf(ctx, String(input.outcomeId), 'MeetingOutcome', [
        'input',
        'outcomeId',
      ]),
    }),
});

defineMutation('reportOutcomeBack', {
  type: MeetingOutcomeRef,
  description:
    'Record that an implemented outcome was reported back to the residents (结果反馈), with what was said. Before it is implemented: OUTCOME_TASKS_OPEN.',
  input: ReportOutcomeBackInput,
  route: byInputGlobalId('outcomeId'),
  resolve: async (input, ctx) =>
    ctx.consultation.reportBack({
      ...definedOnly(input),
      outcomeId: await visibleLocalIdOf(ctx, String(input.outcomeId), 'MeetingOutcome', [
        'input',
        'outcomeId',
      ]),
    }),
});
