/**
 * 协商议事 through a real gateway over HTTP with signed tokens (docs/domain.md §8): a community
 * records a meeting with its participants by kind, a topic from its grid event and one from a
 * residents' proposal, and the outcomes voted (adopted by more than half of the votes cast); bad
 * input is refused at the GraphQL field that holds it, nested ones included, and changes nothing.
 * An adopted outcome is charged with tasks (a department's and the community's own, due on working
 * days), the owner and the community complete them, the outcome is implemented and reported back;
 * before that it is OUTCOME_TASKS_OPEN. PUBLIC reads the meetings, outcomes and figures, never the
 * tasks nor the events behind topics.
 */
import { createOrganizationService } from '@sanshe/core';
import { snapshotDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, insertEvent } from '../../core/test/grid-events/assessment-fixture.js';
import {
  createGridDistrict,
  DISTRICT,
  FENGQIAO,
  type GridDistrict,
  SHISHAN,
} from '../../core/test/grid-events/fixture.js';
import { encodeGlobalId } from '../src/global-id.js';
import {
  createGateway,
  createLocalDistrictSource,
  type ListeningGateway,
  listen,
  type TokenClaims,
} from '../src/index.js';
import { testAuth, testToken } from './support/demo-gateway.js';

let d: GridDistrict;
let running: ListeningGateway;
let eventId: string;
let fengqiaoEventId: string;
/** A residents' group guided by 枫桥社区: 狮山社区's staff do not see it. */
let fengqiaoGroupId: string;
const ids = {} as Record<'shishan' | 'fengqiao' | 'zj' | 'sszf', string>;
/** The meeting was held on Monday 2026-11-02; tasks fall due on Friday 11-13 (working days of 2026). */
const HELD_ON = '2026-11-02';
const DUE_ON = '2026-11-13';

const shishanStaff: TokenClaims = {
  sub: 'sq-ss-01',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  community: SHISHAN,
};
const fengqiaoStaff: TokenClaims = {
  sub: 'sq-fq-01',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  community: FENGQIAO,
};
const resident: TokenClaims = { sub: 'app-user-1001', role: 'RESIDENT', district: DISTRICT };
const departmentStaff = (sub: string, department: string): TokenClaims => ({
  sub,
  role: 'DEPARTMENT_STAFF',
  district: DISTRICT,
  department,
});

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
type Loose = any;

async function gql(
  query: string,
  variables: Record<string, unknown>,
  as: TokenClaims | 'public',
): Promise<Loose> {
  const token = as === 'public' ? undefined : await testToken(as);
  const response = await fetch(`${running.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const meetingFields = `id districtCode title form heldOn place summary attendance version
  community { code }
  participants { kind headcount department { code } organization { id } }
  topics { title source event { id } outcomes { id text votesFor votesAgainst abstentions state } }`;

const record = `mutation($input: RecordConsultationMeetingInput!) {
  recordConsultationMeeting(input: $input) {
    __typename
    ... on RecordConsultationMeetingSuccess { data { ${meetingFields} } }
    ... on Error { code message path }
  }
}`;
const taskFields =
  'id title ownerKind department { code } community { code } organization { id } dueOn doneOn result overdue version event { id } outcome { id state }';
const addTask = `mutation($input: AddOutcomeTaskInput!) {
  addOutcomeTask(input: $input) {
    __typename
    ... on AddOutcomeTaskSuccess { data { ${taskFields} } }
    ... on Error { code message path }
  }
}`;
const completeTask = `mutation($input: CompleteOutcomeTaskInput!) {
  completeOutcomeTask(input: $input) {
    __typename
    ... on CompleteOutcomeTaskSuccess { data { ${taskFields} } }
    ... on Error { code message path }
  }
}`;
const outcomeFields = 'id state implementedOn reportedBackOn report version tasks { id doneOn }';
const implement = `mutation($input: MarkOutcomeImplementedInput!) {
  markOutcomeImplemented(input: $input) {
    __typename
    ... on MarkOutcomeImplementedSuccess { data { ${outcomeFields} } }
    ... on Error { code message path }
  }
}`;
const reportBack = `mutation($input: ReportOutcomeBackInput!) {
  reportOutcomeBack(input: $input) {
    __typename
    ... on ReportOutcomeBackSuccess { data { ${outcomeFields} } }
    ... on Error { code message path }
  }
}`;

/** A meeting of 狮山社区 as recorded below, with `changes` applied to a copy. */
function meetingInput(changes: (input: Loose) => void = () => {}): Loose {
  const input = {
    communityId: ids.shishan,
    title: '关于小区消防通道和加装电梯的居民议事会',
    form: 'COUNCIL',
    heldOn: HELD_ON,
    place: '狮山社区党群服务中心二楼会议室',
    summary: '居民代表、居委会和街道执法局就消防通道占用和加装电梯两事协商。',
    participants: [
      { kind: 'RESIDENTS_REPRESENTATIVE', headcount: 12 },
      { kind: 'RESIDENTS_COMMITTEE', headcount: 3 },
      { kind: 'DEPARTMENT', headcount: 1, departmentId: ids.sszf },
    ],
    topics: [
      {
        title: '消防通道长期被占用',
        source: 'EVENT',
        eventId,
        outcomes: [
          {
            text: '由街道执法局牵头清理消防通道，物业设置隔离桩。',
            votesFor: 13,
            votesAgainst: 2,
            abstentions: 1,
          },
          { text: '在消防通道旁增设临时停车位。', votesFor: 5, votesAgainst: 8 },
        ],
      },
      {
        title: '3号楼加装电梯',
        source: 'PROPOSAL',
        outcomes: [
          { text: '社区协调3号楼居民签署加装电梯意向书。', votesFor: 10, votesAgainst: 3, abstentions: 3 },
        ],
      },
    ],
  };
  changes(input);
  return input;
}

beforeAll(async () => {
  d = await createGridDistrict();
  ids.shishan = encodeGlobalId('Community', DISTRICT, d.communities.shishan);
  ids.fengqiao = encodeGlobalId('Community', DISTRICT, d.communities.fengqiao);
  ids.zj = encodeGlobalId('Department', DISTRICT, d.departments.zj);
  ids.sszf = encodeGlobalId('Department', DISTRICT, d.departments.sszf);
  const event = await insertEvent(d, {
    grid: 'grid1',
    state: 'handling',
    categoryCode: 'S0201',
    departmentId: d.departments.sszf,
    reportedAt: at('2026-10-20'),
    acceptedAt: at('2026-10-20', '15:00'),
    acceptedLate: false,
    closeDueOn: '2026-10-29',
  });
  eventId = encodeGlobalId('GridEvent', DISTRICT, event);
  const elsewhere = await insertEvent(d, {
    grid: 'fengqiao',
    state: 'collected',
    reportedAt: at('2026-10-21'),
  });
  fengqiaoEventId = encodeGlobalId('GridEvent', DISTRICT, elsewhere);
  const group = await createOrganizationService(d.database).fileCommunityGroup({
    name: '枫桥社区楼道自治小组',
    category: 'culture_sport',
    guidingUnitCode: FENGQIAO,
    filedOn: '2020-01-01',
  });
  fengqiaoGroupId = encodeGlobalId('SocialOrganization', DISTRICT, group.id);
  running = await listen(
    createGateway({
      districts: [createLocalDistrictSource(d.database)],
      auth: testAuth,
      logging: false,
      // The event is past its closing day: the overdue job would escalate it in the background.
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
}, 120_000);
afterAll(() => running?.close());

let meeting: Loose;
let adopted: string;
let notAdopted: string;
let proposalOutcome: string;
let departmentTask: string;
let communityTask: string;

describe('recording a meeting', () => {
  it('community staff record the meeting, its participants by kind, its topics and the outcomes voted; adoption follows the votes', async () => {
    const data = await gql(record, { input: meetingInput() }, shishanStaff);
    expect(data.recordConsultationMeeting.__typename).toBe('RecordConsultationMeetingSuccess');
    meeting = data.recordConsultationMeeting.data;
    expect(meeting).toMatchObject({
      districtCode: DISTRICT,
      form: 'COUNCIL',
      heldOn: HELD_ON,
      attendance: 16,
      version: 1,
      community: { code: SHISHAN },
      participants: [
        { kind: 'RESIDENTS_REPRESENTATIVE', headcount: 12, department: null, organization: null },
        { kind: 'RESIDENTS_COMMITTEE', headcount: 3, department: null },
        { kind: 'DEPARTMENT', headcount: 1, department: { code: 'SSZF' } },
      ],
    });
    const [fire, lift] = meeting.topics;
    expect(fire).toMatchObject({ source: 'EVENT', event: { id: eventId } });
    // 13 of 16 cast is more than half: adopted; 5 of 13 is not.
    expect(fire.outcomes.map((o: Loose) => o.state)).toEqual(['ADOPTED', 'NOT_ADOPTED']);
    expect(lift).toMatchObject({
      source: 'PROPOSAL',
      event: null,
      outcomes: [{ state: 'ADOPTED', abstentions: 3 }],
    });
    adopted = fire.outcomes[0].id;
    notAdopted = fire.outcomes[1].id;
    proposalOutcome = lift.outcomes[0].id;
  });

  it('refuses bad input at the GraphQL field that holds it, nested ones included, and changes nothing', async () => {
    const before = await snapshotDatabase(d.database);
    const cases: [string, (input: Loose) => void, string, (string | number)[]][] = [
      [
        'more votes than people',
        (i) => (i.topics[0].outcomes[1].votesFor = 50),
        'VALIDATION_FAILED',
        ['input', 'topics', 0, 'outcomes', 1, 'votesFor'],
      ],
      [
        'a phone number in a published title',
        (i) => (i.title = '议事会联系人13812345678'),
        'PERSONAL_DATA_IN_PUBLIC_TEXT',
        ['input', 'title'],
      ],
      [
        'no residents’ representatives',
        (i) => i.participants.shift(),
        'VALIDATION_FAILED',
        ['input', 'participants'],
      ],
      // 狮山社区's staff do not see 枫桥社区's events: one is NOT_FOUND, exactly as a missing one.
      [
        'an event the caller cannot see',
        (i) => (i.topics[0].eventId = fengqiaoEventId),
        'NOT_FOUND',
        ['input', 'topics', 0, 'eventId'],
      ],
      [
        'a department where none belongs',
        (i) => (i.participants[1].departmentId = ids.zj),
        'VALIDATION_FAILED',
        ['input', 'participants', 1, 'departmentId'],
      ],
      [
        'an unknown department',
        (i) => (i.participants[2].departmentId = encodeGlobalId('Department', DISTRICT, 999_999)),
        'NOT_FOUND',
        ['input', 'participants', 2, 'departmentId'],
      ],
      ['no topic', (i) => (i.topics = []), 'VALIDATION_FAILED', ['input', 'topics']],
      ['a meeting not yet held', (i) => (i.heldOn = '2999-01-04'), 'DATE_IN_FUTURE', ['input', 'heldOn']],
    ];
    for (const [what, change, code, path] of cases) {
      const data = await gql(record, { input: meetingInput(change) }, shishanStaff);
      expect(data.recordConsultationMeeting, what).toMatchObject({ code, path: path.map(String) });
    }
    // The district sees both communities' events: one of another community is refused for what it is.
    const otherCommunity = await gql(
      record,
      { input: meetingInput((i) => (i.topics[0].eventId = fengqiaoEventId)) },
      { sub: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT },
    );
    expect(otherCommunity.recordConsultationMeeting).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['input', 'topics', '0', 'eventId'],
    });
    const elsewhere = await gql(record, { input: meetingInput() }, fengqiaoStaff);
    expect(elsewhere.recordConsultationMeeting).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    const anonymous = await gql(record, { input: meetingInput() }, 'public');
    expect(anonymous.recordConsultationMeeting.__typename).toBe('ForbiddenError');
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });
});

describe('following an outcome to its end', () => {
  it('charges the adopted outcome with a department’s task and the community’s own; due on working days', async () => {
    const department = await gql(
      addTask,
      { input: { outcomeId: adopted, title: '清理消防通道', ownerId: ids.sszf, dueOn: DUE_ON, eventId } },
      shishanStaff,
    );
    expect(department.addOutcomeTask.data).toMatchObject({
      ownerKind: 'DEPARTMENT',
      department: { code: 'SSZF' },
      community: null,
      dueOn: DUE_ON,
      doneOn: null,
      overdue: true,
      event: { id: eventId },
      outcome: { id: adopted, state: 'ADOPTED' },
    });
    departmentTask = department.addOutcomeTask.data.id;
    const own = await gql(
      addTask,
      { input: { outcomeId: adopted, title: '协调物业设置隔离桩', ownerId: ids.shishan, dueOn: DUE_ON } },
      shishanStaff,
    );
    expect(own.addOutcomeTask.data).toMatchObject({ ownerKind: 'COMMUNITY', community: { code: SHISHAN } });
    communityTask = own.addOutcomeTask.data.id;
  });

  it('refuses a due day off, an outcome not adopted, another community as owner; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const cases: [Record<string, unknown>, string, string, string[]][] = [
      [
        { outcomeId: adopted, title: '周六清理', ownerId: ids.sszf, dueOn: '2026-11-14' },
        'ValidationError',
        'DEADLINE_ON_HOLIDAY',
        ['input', 'dueOn'],
      ],
      [
        { outcomeId: notAdopted, title: '增设车位', ownerId: ids.shishan, dueOn: DUE_ON },
        'ConflictError',
        'STATUS_NOT_ALLOWED',
        ['input', 'outcomeId'],
      ],
      [
        { outcomeId: adopted, title: '枫桥协助', ownerId: ids.fengqiao, dueOn: DUE_ON },
        'ValidationError',
        'VALIDATION_FAILED',
        ['input', 'ownerId'],
      ],
      [
        { outcomeId: adopted, title: '早于会议', ownerId: ids.shishan, dueOn: '2026-10-30' },
        'ValidationError',
        'INVALID_DATE_RANGE',
        ['input', 'dueOn'],
      ],
    ];
    for (const [input, typename, code, path] of cases) {
      const data = await gql(addTask, { input }, shishanStaff);
      expect(data.addOutcomeTask, JSON.stringify(input)).toMatchObject({ __typename: typename, code, path });
    }
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('the outcome is not implemented while a task is open, nor reported back before: OUTCOME_TASKS_OPEN', async () => {
    const before = await snapshotDatabase(d.database);
    const early = await gql(
      implement,
      { input: { outcomeId: adopted, implementedOn: '2026-11-12' } },
      shishanStaff,
    );
    expect(early.markOutcomeImplemented).toMatchObject({
      __typename: 'ConflictError',
      code: 'OUTCOME_TASKS_OPEN',
      path: ['input', 'outcomeId'],
    });
    const noTask = await gql(
      implement,
      { input: { outcomeId: proposalOutcome, implementedOn: '2026-11-12' } },
      shishanStaff,
    );
    expect(noTask.markOutcomeImplemented.code).toBe('OUTCOME_TASKS_OPEN');
    const report = await gql(
      reportBack,
      { input: { outcomeId: adopted, reportedBackOn: '2026-11-16', report: '消防通道已清理。' } },
      shishanStaff,
    );
    expect(report.reportOutcomeBack).toMatchObject({
      code: 'OUTCOME_TASKS_OPEN',
      path: ['input', 'outcomeId'],
    });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('the owning department completes its task, another department may not; the community completes its own', async () => {
    const before = await snapshotDatabase(d.database);
    const other = await gql(
      completeTask,
      { input: { taskId: departmentTask, doneOn: '2026-11-09', result: '已清理' } },
      departmentStaff('zj-01', ids.zj),
    );
    expect(other.completeOutcomeTask).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(await snapshotDatabase(d.database)).toEqual(before);
    const owner = await gql(
      completeTask,
      {
        input: {
          taskId: departmentTask,
          doneOn: '2026-11-09',
          result: '占道车辆已清离，设置禁停标识。',
          expectedVersion: 1,
        },
      },
      departmentStaff('sszf-01', ids.sszf),
    );
    expect(owner.completeOutcomeTask.data).toMatchObject({
      doneOn: '2026-11-09',
      overdue: false,
      version: 2,
    });
    const own = await gql(
      completeTask,
      { input: { taskId: communityTask, doneOn: '2026-11-10', result: '物业已设置隔离桩。' } },
      shishanStaff,
    );
    expect(own.completeOutcomeTask.data.doneOn).toBe('2026-11-10');
    const twice = await gql(
      completeTask,
      { input: { taskId: communityTask, doneOn: '2026-11-11', result: '再次' } },
      shishanStaff,
    );
    expect(twice.completeOutcomeTask.code).toBe('STATUS_NOT_ALLOWED');
  });

  it('implemented once every task is done, then reported back to the residents', async () => {
    const tooEarly = await gql(
      implement,
      { input: { outcomeId: adopted, implementedOn: '2026-11-09' } },
      shishanStaff,
    );
    expect(tooEarly.markOutcomeImplemented).toMatchObject({
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'implementedOn'],
    });
    const done = await gql(
      implement,
      { input: { outcomeId: adopted, implementedOn: '2026-11-11', expectedVersion: 1 } },
      shishanStaff,
    );
    expect(done.markOutcomeImplemented.data).toMatchObject({
      state: 'IMPLEMENTED',
      implementedOn: '2026-11-11',
      version: 2,
    });
    const told = await gql(
      reportBack,
      {
        input: {
          outcomeId: adopted,
          reportedBackOn: '2026-11-16',
          report: '消防通道已清理并设置隔离桩，欢迎居民监督。',
        },
      },
      shishanStaff,
    );
    expect(told.reportOutcomeBack.data).toMatchObject({
      state: 'REPORTED_BACK',
      reportedBackOn: '2026-11-16',
      report: '消防通道已清理并设置隔离桩，欢迎居民监督。',
    });
    const again = await gql(
      reportBack,
      { input: { outcomeId: adopted, reportedBackOn: '2026-11-17', report: '再次反馈' } },
      shishanStaff,
    );
    expect(again.reportOutcomeBack.code).toBe('STATUS_NOT_ALLOWED');
  });
});

describe('who reads what', () => {
  const meetings = `query($filter: ConsultationMeetingFilter) {
    consultationMeetings(first: 10, filter: $filter) {
      totalCount
      nodes { id title topics { event { id } outcomes { state report tasks { id } } } }
    }
  }`;
  const tasks = `query($filter: OutcomeTaskFilter) { outcomeTasks(first: 10, filter: $filter) { totalCount nodes { id } } }`;
  const figures = `query($unitCode: String!, $from: Date!, $to: Date!) {
    consultationFigures(unitCode: $unitCode, from: $from, to: $to) {
      unitCode meetingsHeld topics outcomes outcomesAdopted outcomesImplemented outcomesReportedBack implementedShare
    }
  }`;

  it('PUBLIC reads the meetings, the outcomes and their report back, never the tasks nor the event behind a topic', async () => {
    const data = await gql(meetings, { filter: { parentCode: '320505001' } }, 'public');
    expect(data.consultationMeetings.totalCount).toBe(1);
    const [read] = data.consultationMeetings.nodes;
    expect(read.id).toBe(meeting.id);
    expect(read.topics[0].event).toBeNull();
    expect(read.topics[0].outcomes[0]).toEqual({
      state: 'REPORTED_BACK',
      report: '消防通道已清理并设置隔离桩，欢迎居民监督。',
      tasks: [],
    });
    expect((await gql(tasks, {}, 'public')).outcomeTasks).toEqual({ totalCount: 0, nodes: [] });
    expect((await gql(tasks, {}, resident)).outcomeTasks.totalCount).toBe(0);
    const node = await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: departmentTask }, 'public');
    expect(node.node).toBeNull();
    const elsewhere = await gql(meetings, { filter: { parentCode: '320505002' } }, 'public');
    expect(elsewhere.consultationMeetings.totalCount).toBe(0);
    const period = await gql(meetings, { filter: { from: '2026-11-03' } }, 'public');
    expect(period.consultationMeetings.totalCount).toBe(0);
  });

  it('staff list the tasks by owner and state; another community sees none of them', async () => {
    const bySszf = await gql(tasks, { filter: { ownerId: ids.sszf } }, shishanStaff);
    expect(bySszf.outcomeTasks.nodes).toEqual([{ id: departmentTask }]);
    const ofOutcome = await gql(tasks, { filter: { outcomeId: adopted, open: false } }, shishanStaff);
    expect(ofOutcome.outcomeTasks.totalCount).toBe(2);
    const overdue = await gql(tasks, { filter: { overdue: true } }, shishanStaff);
    expect(overdue.outcomeTasks.totalCount).toBe(0);
    expect((await gql(tasks, {}, fengqiaoStaff)).outcomeTasks.totalCount).toBe(0);
    expect((await gql(tasks, {}, departmentStaff('zj-01', ids.zj))).outcomeTasks.totalCount).toBe(2);
  });

  it('the figures of a unit: meetings held, outcomes adopted, implemented and reported back (public)', async () => {
    const data = await gql(figures, { unitCode: SHISHAN, from: '2026-11-01', to: '2026-11-30' }, 'public');
    expect(data.consultationFigures).toEqual({
      unitCode: SHISHAN,
      meetingsHeld: 1,
      topics: 2,
      outcomes: 3,
      outcomesAdopted: 2,
      outcomesImplemented: 1,
      outcomesReportedBack: 1,
      implementedShare: 0.5,
    });
    // As of the day before the report back, it was implemented and not yet reported back.
    const before = await gql(
      figures,
      { unitCode: '320505001', from: '2026-11-01', to: '2026-11-15' },
      'public',
    );
    expect(before.consultationFigures).toMatchObject({ outcomesImplemented: 1, outcomesReportedBack: 0 });
  });

  it('a task owned by an organization the caller may not see shows no owner, and filtering by it finds nothing', async () => {
    const admin: TokenClaims = { sub: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT };
    const added = await gql(
      addTask,
      {
        input: { outcomeId: proposalOutcome, title: '协助动员居民', ownerId: fengqiaoGroupId, dueOn: DUE_ON },
      },
      admin,
    );
    expect(added.addOutcomeTask.data).toMatchObject({
      ownerKind: 'ORGANIZATION',
      organization: { id: fengqiaoGroupId },
    });
    const taskId = added.addOutcomeTask.data.id;
    // 狮山社区's staff see the task of their meeting, but not whose it is …
    const read = await gql(
      `query($id: ID!) { node(id: $id) { ... on OutcomeTask { ownerKind organization { id } } } }`,
      { id: taskId },
      shishanStaff,
    );
    expect(read.node).toEqual({ ownerKind: 'ORGANIZATION', organization: null });
    // … and cannot find it out by filtering on guessed owners.
    const byOwner = { filter: { ownerId: fengqiaoGroupId } };
    expect((await gql(tasks, byOwner, shishanStaff)).outcomeTasks).toEqual({ totalCount: 0, nodes: [] });
    expect((await gql(tasks, byOwner, admin)).outcomeTasks.nodes).toEqual([{ id: taskId }]);
  });
});
