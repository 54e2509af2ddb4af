/**
 * Grid events through a real gateway over HTTP with signed tokens (docs/domain.md §7.5–§7.7): a
 * grid worker reports in its grid, the subdistrict's grid centre dispatches (the routing rules
 * pick 城市管理局, the deadlines are policy grid.event_time_limits' on the working calendar), the
 * department accepts and feeds back, the grid head closes; a resident reports by a point alone,
 * rates the fix once and reopens it. Refusals come back typed and change nothing: an illegal
 * transition, the handler verifying its own work (查办分离), another department accepting, a point
 * outside every grid, a first-level category. Who sees an event follows core's rule (a resident
 * its own reports, PUBLIC none), in the list, `node(id)`, a grid's and a community's events. A
 * gateway over two districts lists their events newest report first, merged page by page.
 */
import {
  addDays,
  createGridEventService,
  createHierarchyService,
  createPolicyService,
  type DistrictDatabase,
  eventDeadlines,
  gridBoundaries,
  loadWorkingCalendar,
  todayInChina,
} from '@sanshe/core';
import { createTestDistrictDatabase, snapshotDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGridDistrict,
  DISTRICT,
  FENGQIAO,
  GRID_1,
  GRID_2,
  type GridDistrict,
  points,
  SHISHAN,
  square,
} from '../../core/test/grid-events/fixture.js';
import {
  createGateway,
  createLocalDistrictSource,
  decodeGlobalId,
  encodeGlobalId,
  type ListeningGateway,
  listen,
  type TokenClaims,
} from '../src/index.js';
import { testAuth, testToken } from './support/demo-gateway.js';

const OTHER = '320506';
const OTHER_GRID = '320506001001001';

let d: GridDistrict;
let other: DistrictDatabase;
let running: ListeningGateway;
const ids = {} as Record<'grid1' | 'grid2' | 'cg' | 'zj', string>;

const admin: TokenClaims = { sub: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT };
const cityAdmin: TokenClaims = { sub: 'city-admin-01', role: 'CITY_ADMIN' };
/** The grid centre of 狮山街道 (网格化服务管理中心). */
const centre: TokenClaims = {
  sub: 'js-wgzx-01',
  role: 'SUBDISTRICT_STAFF',
  district: DISTRICT,
  subdistrict: '320505001',
};
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
const gridWorker: TokenClaims = {
  sub: 'wg-ss-01',
  role: 'GRID_WORKER',
  district: DISTRICT,
  community: SHISHAN,
};
const gridHead: TokenClaims = {
  sub: 'wg-ss-head',
  role: 'GRID_WORKER',
  district: DISTRICT,
  community: SHISHAN,
};
const resident: TokenClaims = { sub: 'app-user-1001', role: 'RESIDENT', district: DISTRICT };
const resident2: TokenClaims = { sub: 'app-user-1002', role: 'RESIDENT', district: DISTRICT };
const staffOf = (sub: string, department: string): TokenClaims => ({
  sub,
  role: 'DEPARTMENT_STAFF',
  district: DISTRICT,
  department,
});
let cg: TokenClaims;
let zj: TokenClaims;

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
type Loose = any;

async function post(query: string, variables: Record<string, unknown>, as: TokenClaims | 'public') {
  const token = as === 'public' ? undefined : await testToken(as);
  const response = await fetch(`${running.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Loose; errors?: Loose[] };
}

/** The data of a request that must not fail. */
async function gql(
  query: string,
  variables: Record<string, unknown>,
  as: TokenClaims | 'public',
): Promise<Loose> {
  const body = await post(query, variables, as);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const stepFields = 'step fromState toState actorRole actorId byMe note dueOn at department { code }';
const eventFields = `id districtCode unitCode categoryCode categoryName urgency title description address
  longitude latitude source mediaUrl reporterRole reportedAt reporterPhoneMasked reportedByMe handledByMe
  state stateLabel allowedSteps overdue reopenCount escalationLevel version dispatchedAt acceptDueOn
  acceptedAt acceptedLate closeDueOn dueProvisional extendedTo fedBackAt closedAt closedLate confirmedAt
  satisfaction ratedAt newestFirstKey
  grid { code } community { code } department { id code }
  steps { ${stepFields} }`;

/** A mutation of the loop with its result union: the event, or the typed error. */
function mutation(name: string, inputType: string): string {
  const success = `${name.charAt(0).toUpperCase()}${name.slice(1)}Success`;
  return `mutation($input: ${inputType}!) {
    ${name}(input: $input) {
      __typename
      ... on ${success} { data { ${eventFields} } }
      ... on Error { code message path }
    }
  }`;
}

const inputTypes: Record<string, string> = {
  reportGridEvent: 'ReportGridEventInput',
  dispatchGridEvent: 'DispatchGridEventInput',
  acceptGridEvent: 'GridEventMoveInput',
  giveBackGridEvent: 'GridEventReasonedMoveInput',
  feedBackGridEvent: 'FeedBackGridEventInput',
  closeGridEvent: 'CloseGridEventInput',
  rejectGridEvent: 'GridEventReasonedMoveInput',
  rerouteGridEvent: 'RerouteGridEventInput',
  recategoriseGridEvent: 'RecategoriseGridEventInput',
  escalateGridEvent: 'GridEventReasonedMoveInput',
  extendGridEvent: 'ExtendGridEventInput',
  reopenGridEvent: 'GridEventReasonedMoveInput',
  rateGridEvent: 'RateGridEventInput',
};

/** Send a move; answers the union member (`__typename`, and `data` or `code`). */
async function move(name: string, input: Record<string, unknown>, as: TokenClaims): Promise<Loose> {
  const data = await gql(mutation(name, inputTypes[name]!), { input }, as);
  return data[name];
}

/** A move that must succeed: the event after it. */
async function moved(name: string, input: Record<string, unknown>, as: TokenClaims): Promise<Loose> {
  const result = await move(name, input, as);
  expect(result.__typename, JSON.stringify(result)).toBe(
    `${name.charAt(0).toUpperCase()}${name.slice(1)}Success`,
  );
  return result.data;
}

const rubbish = {
  categoryCode: 'E0101',
  urgency: 'ROUTINE',
  title: '狮山路垃圾暴露',
  description: '狮山路 12 号门口生活垃圾堆放两天未清运。',
};

const byId = `query($id: ID!) { node(id: $id) { id ... on GridEvent { ${eventFields} } } }`;
const list = `query($filter: GridEventFilter, $first: Int, $after: String) {
  gridEvents(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id districtCode reportedAt reportedByMe title }
  }
}`;

/** A small second district (吴中区) with one grid drawn at (120.60, 31.25), for the city gateway. */
async function createOtherDistrict(): Promise<{ database: DistrictDatabase; gridId: number }> {
  const database = await createTestDistrictDatabase({ districtCode: OTHER });
  const h = createHierarchyService(database, { today: () => '2026-01-05' });
  await h.ensureDistrict({ name: '吴中区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320506001', name: '长桥街道', effectiveFrom: '2000-01-01' });
  await h.createCommunity({ code: '320506001001', name: '长桥社区', effectiveFrom: '2001-01-01' });
  const grid = await h.createGrid({ code: OTHER_GRID, name: '网格一', effectiveFrom: '2010-01-01' });
  await database.db.insert(gridBoundaries).values({
    districtCode: OTHER,
    gridId: grid.id,
    effectiveFrom: '2020-01-01',
    geometry: square(120.6, 31.25),
    minLongitude: 120.6,
    minLatitude: 31.25,
    maxLongitude: 120.61,
    maxLatitude: 31.26,
    source: '吴中区网格划分方案（2020）',
    recordedBy: 'wz-admin-01',
  });
  return { database, gridId: grid.id };
}

beforeAll(async () => {
  d = await createGridDistrict();
  const second = await createOtherDistrict();
  other = second.database;
  ids.grid1 = encodeGlobalId('Grid', DISTRICT, d.grids.grid1);
  ids.grid2 = encodeGlobalId('Grid', DISTRICT, d.grids.grid2);
  ids.cg = encodeGlobalId('Department', DISTRICT, d.departments.cg);
  ids.zj = encodeGlobalId('Department', DISTRICT, d.departments.zj);
  cg = staffOf('cg-01', ids.cg);
  zj = staffOf('zj-01', ids.zj);
  running = await listen(
    createGateway({
      districts: [createLocalDistrictSource(d.database), createLocalDistrictSource(other)],
      auth: testAuth,
      logging: false,
      // One event below is past its closing day: the overdue job would escalate it in the background.
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
}, 120_000);
// The gateway closes the district databases it serves.
afterAll(() => running?.close());

/** The deadlines core gives a dispatch today of a routine E0101 in 狮山社区: policy and calendar. */
async function expectedDeadlines() {
  const today = todayInChina();
  const policy = await createPolicyService(d.database).requireValueInForce(
    'grid.event_time_limits',
    SHISHAN,
    today,
  );
  const year = Number(today.slice(0, 4));
  const calendar = await loadWorkingCalendar(d.database.db, DISTRICT, year, year + 1);
  return eventDeadlines({
    limits: policy.value,
    categoryCode: 'E0101',
    urgency: 'routine',
    dispatchedOn: today,
    calendar,
  });
}

describe('the five-step loop over HTTP', () => {
  let eventId: string;

  it('信息收集: a grid worker reports in its grid; the event is COLLECTED, its own report', async () => {
    const event = await moved(
      'reportGridEvent',
      { gridId: ids.grid1, ...points.grid1, ...rubbish, source: 'PATROL', address: '狮山路 12 号' },
      gridWorker,
    );
    eventId = event.id;
    expect(decodeGlobalId(eventId)).toMatchObject({ typename: 'GridEvent', districtCode: DISTRICT });
    expect(event).toMatchObject({
      districtCode: DISTRICT,
      unitCode: GRID_1,
      grid: { code: GRID_1 },
      community: { code: SHISHAN },
      categoryCode: 'E0101',
      categoryName: '暴露垃圾',
      urgency: 'ROUTINE',
      source: 'PATROL',
      longitude: points.grid1.longitude,
      latitude: points.grid1.latitude,
      reporterRole: 'GRID_WORKER',
      reporterPhoneMasked: null,
      reportedByMe: true,
      handledByMe: false,
      state: 'COLLECTED',
      stateLabel: '待派遣',
      allowedSteps: ['DISPATCH', 'RECATEGORISE', 'ESCALATE'],
      department: null,
      closeDueOn: null,
      overdue: false,
      version: 1,
    });
    expect(event.steps).toEqual([
      expect.objectContaining({
        step: 'REPORT',
        fromState: null,
        toState: 'COLLECTED',
        actorRole: 'GRID_WORKER',
        byMe: true,
      }),
    ]);
  });

  it('任务派遣: the grid centre dispatches; the routing rules pick 城市管理局, the deadlines are the policy’s on the calendar', async () => {
    const event = await moved(
      'dispatchGridEvent',
      { eventId, note: '请尽快清运', expectedVersion: 1 },
      centre,
    );
    const due = await expectedDeadlines();
    expect(event).toMatchObject({
      state: 'DISPATCHED',
      department: { id: ids.cg, code: 'CG' },
      acceptDueOn: due.acceptDueOn,
      closeDueOn: due.closeDueOn,
      dueProvisional: due.provisional,
      allowedSteps: ['ACCEPT', 'GIVE_BACK', 'REROUTE', 'ESCALATE', 'EXTEND'],
      reportedByMe: false,
      version: 2,
    });
    expect(event.steps.at(-1)).toMatchObject({
      step: 'DISPATCH',
      fromState: 'COLLECTED',
      toState: 'DISPATCHED',
      actorRole: 'SUBDISTRICT_STAFF',
      note: '请尽快清运',
      dueOn: due.closeDueOn,
      department: { code: 'CG' },
    });
  });

  it('受理 by another department is NOT_RESPONSIBLE_DEPARTMENT, a stale version VERSION_CONFLICT; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const wrong = await move('acceptGridEvent', { eventId }, zj);
    expect(wrong).toMatchObject({ code: 'NOT_RESPONSIBLE_DEPARTMENT', path: ['input', 'eventId'] });
    const stale = await move('acceptGridEvent', { eventId, expectedVersion: 1 }, cg);
    expect(stale).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('任务处理 and 结果反馈: its department accepts and feeds back', async () => {
    const accepted = await moved('acceptGridEvent', { eventId, expectedVersion: 2 }, cg);
    expect(accepted).toMatchObject({
      state: 'HANDLING',
      acceptedLate: false,
      allowedSteps: ['GIVE_BACK', 'FEED_BACK', 'REROUTE', 'ESCALATE', 'EXTEND'],
    });
    expect(accepted.acceptedAt).not.toBeNull();
    const fedBack = await moved('feedBackGridEvent', { eventId, result: '已清运，门口已冲洗。' }, cg);
    expect(fedBack).toMatchObject({
      state: 'FED_BACK',
      stateLabel: '待核查',
      handledByMe: true,
      allowedSteps: ['CLOSE', 'REJECT'],
    });
    expect(fedBack.fedBackAt).not.toBeNull();
  });

  it('核查结案: the grid head checks on the spot and closes; the steps replay the loop', async () => {
    const closed = await moved('closeGridEvent', { eventId, note: '现场核查已清理干净。' }, gridHead);
    expect(closed).toMatchObject({
      state: 'CLOSED',
      stateLabel: '已结案',
      closedLate: false,
      handledByMe: false,
      overdue: false,
      allowedSteps: ['REOPEN', 'RATE'],
      version: 5,
    });
    expect(closed.steps.map((step: Loose) => [step.step, step.toState, step.actorRole])).toEqual([
      ['REPORT', 'COLLECTED', 'GRID_WORKER'],
      ['DISPATCH', 'DISPATCHED', 'SUBDISTRICT_STAFF'],
      ['ACCEPT', 'HANDLING', 'DEPARTMENT_STAFF'],
      ['FEED_BACK', 'FED_BACK', 'DEPARTMENT_STAFF'],
      ['CLOSE', 'CLOSED', 'GRID_WORKER'],
    ]);
    expect(closed.steps[3].note).toBe('已清运，门口已冲洗。');
    // Accounts are the district's accountability record: its admin sees who; the community does not.
    const asAdmin = (await gql(byId, { id: eventId }, admin)).node;
    expect(asAdmin.steps.map((step: Loose) => step.actorId)).toEqual([
      'wg-ss-01',
      'js-wgzx-01',
      'cg-01',
      'cg-01',
      'wg-ss-head',
    ]);
    const asCommunity = (await gql(byId, { id: eventId }, shishanStaff)).node;
    expect(asCommunity.steps.map((step: Loose) => step.actorId)).toEqual([null, null, null, null, null]);
    expect(asCommunity.steps.map((step: Loose) => step.byMe)).toEqual([false, false, false, false, false]);
  });

  it('an illegal transition is EVENT_TRANSITION_NOT_ALLOWED at input.eventId; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const again = await move('feedBackGridEvent', { eventId, result: '再次反馈' }, cg);
    expect(again).toMatchObject({
      __typename: 'ConflictError',
      code: 'EVENT_TRANSITION_NOT_ALLOWED',
      path: ['input', 'eventId'],
    });
    const dispatchClosed = await move('dispatchGridEvent', { eventId }, centre);
    expect(dispatchClosed).toMatchObject({ code: 'EVENT_TRANSITION_NOT_ALLOWED' });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });
});

describe('查办分离: whoever fed an event back never verifies it', () => {
  it('the district admin who handled it cannot close nor reject it (HANDLER_CANNOT_VERIFY, nothing changes); the community can', async () => {
    const reported = await moved(
      'reportGridEvent',
      { gridId: ids.grid1, ...rubbish, source: 'PATROL' },
      gridWorker,
    );
    const eventId = reported.id;
    await moved('dispatchGridEvent', { eventId }, admin);
    await moved('acceptGridEvent', { eventId }, admin);
    const fedBack = await moved('feedBackGridEvent', { eventId, result: '已处理。' }, admin);
    expect(fedBack.handledByMe).toBe(true);
    const before = await snapshotDatabase(d.database);
    const close = await move('closeGridEvent', { eventId }, admin);
    expect(close).toMatchObject({ code: 'HANDLER_CANNOT_VERIFY', path: ['input', 'eventId'] });
    const reject = await move('rejectGridEvent', { eventId, reason: '未处理完' }, admin);
    expect(reject).toMatchObject({ code: 'HANDLER_CANNOT_VERIFY', path: ['input', 'eventId'] });
    expect(await snapshotDatabase(d.database)).toEqual(before);
    const closed = await moved('closeGridEvent', { eventId }, shishanStaff);
    expect(closed).toMatchObject({ state: 'CLOSED', handledByMe: false });
  });
});

describe('the loop’s other moves, each through its mutation', () => {
  it('recategorise, escalate, give back, re-route, extend (within the ceiling), reject: states, departments and deadlines move as core says', async () => {
    const sszf = staffOf('sszf-01', encodeGlobalId('Department', DISTRICT, d.departments.sszf));
    const { id: eventId } = await moved(
      'reportGridEvent',
      { gridId: ids.grid1, ...rubbish, title: '人行道停车', source: 'PATROL' },
      gridWorker,
    );
    // Illegal parking (E0503) in 狮山街道 is routed to its 综合行政执法局 (the fixture's rules).
    const recategorised = await moved(
      'recategoriseGridEvent',
      { eventId, categoryCode: 'E0503', reason: '实为机动车乱停放' },
      centre,
    );
    expect(recategorised).toMatchObject({
      state: 'COLLECTED',
      categoryCode: 'E0503',
      categoryName: '机动车乱停放',
    });
    const dispatched = await moved('dispatchGridEvent', { eventId }, centre);
    expect(dispatched.department.code).toBe('SSZF');
    const escalated = await moved('escalateGridEvent', { eventId, reason: '涉及多个部门' }, centre);
    expect(escalated).toMatchObject({ state: 'DISPATCHED', escalationLevel: 1 });
    const givenBack = await moved('giveBackGridEvent', { eventId, reason: '不属本部门职责' }, sszf);
    expect(givenBack).toMatchObject({ state: 'COLLECTED', department: null, closeDueOn: null });
    await moved('dispatchGridEvent', { eventId, departmentId: ids.cg }, centre);
    const rerouted = await moved(
      'rerouteGridEvent',
      { eventId, departmentId: ids.zj, reason: '涉及小区内部道路' },
      centre,
    );
    expect(rerouted).toMatchObject({ state: 'DISPATCHED', department: { code: 'ZJ' } });
    await moved('acceptGridEvent', { eventId }, zj);
    // An extension beyond the policy's ceiling (15 working days) is refused and changes nothing.
    const before = await snapshotDatabase(d.database);
    const tooLong = await move('extendGridEvent', { eventId, workingDays: 16, reason: '需协调业主' }, centre);
    expect(tooLong).toMatchObject({ code: 'EXTENSION_TOO_LONG', path: ['input', 'workingDays'] });
    expect(await snapshotDatabase(d.database)).toEqual(before);
    const extended = await moved(
      'extendGridEvent',
      { eventId, workingDays: 10, reason: '需协调业主，经街道批准' },
      centre,
    );
    const today = todayInChina();
    const year = Number(today.slice(0, 4));
    const calendar = await loadWorkingCalendar(d.database.db, DISTRICT, year, year + 1);
    expect(extended).toMatchObject({
      state: 'HANDLING',
      extendedTo: 10,
      closeDueOn: calendar.addWorkingDays(today, 10).day,
    });
    await moved('feedBackGridEvent', { eventId, result: '已在小区内划定停车位。' }, zj);
    const rejected = await moved('rejectGridEvent', { eventId, reason: '仍有车辆停在人行道' }, shishanStaff);
    expect(rejected).toMatchObject({ state: 'HANDLING', fedBackAt: null, closeDueOn: extended.closeDueOn });
    await moved('feedBackGridEvent', { eventId, result: '已加装隔离桩。' }, zj);
    const closed = await moved('closeGridEvent', { eventId }, gridHead);
    expect(closed.steps.map((step: Loose) => step.step)).toEqual([
      'REPORT',
      'RECATEGORISE',
      'DISPATCH',
      'ESCALATE',
      'GIVE_BACK',
      'DISPATCH',
      'REROUTE',
      'ACCEPT',
      'EXTEND',
      'FEED_BACK',
      'REJECT',
      'FEED_BACK',
      'CLOSE',
    ]);
    expect(closed.steps.map((step: Loose) => step.department?.code ?? null)).toEqual([
      null,
      null,
      'SSZF',
      'SSZF',
      null,
      'CG',
      'ZJ',
      'ZJ',
      'ZJ',
      'ZJ',
      'ZJ',
      'ZJ',
      'ZJ',
    ]);
  });
});

describe('a resident’s report, by a point alone', () => {
  let eventId: string;

  it('is routed by its district code, filed under the grid whose boundary holds the point; the phone comes back masked', async () => {
    const event = await moved(
      'reportGridEvent',
      {
        districtCode: DISTRICT,
        ...points.grid2,
        ...rubbish,
        title: '小区门口垃圾',
        source: 'RESIDENT',
        reporterPhone: '13812345678',
        mediaUrl: 'https://img.example.cn/p/1.jpg',
      },
      resident,
    );
    eventId = event.id;
    expect(event).toMatchObject({
      unitCode: GRID_2,
      grid: { code: GRID_2 },
      reporterRole: 'RESIDENT',
      reporterPhoneMasked: '138****5678',
      mediaUrl: 'https://img.example.cn/p/1.jpg',
      reportedByMe: true,
    });
    expect(JSON.stringify(event)).not.toContain('13812345678');
  });

  it('is followed through the loop; its reporter confirms and rates once (ALREADY_RATED after), then reopens it', async () => {
    await moved('dispatchGridEvent', { eventId }, centre);
    await moved('acceptGridEvent', { eventId }, cg);
    await moved('feedBackGridEvent', { eventId, result: '已清运。' }, cg);
    await moved('closeGridEvent', { eventId }, shishanStaff);
    // Another resident cannot see it, so cannot rate it: NOT_FOUND, as for an event that does not exist.
    const stranger = await move('rateGridEvent', { eventId, satisfaction: 1, confirmed: false }, resident2);
    const missing = await move(
      'rateGridEvent',
      { eventId: encodeGlobalId('GridEvent', DISTRICT, 999_999), satisfaction: 1, confirmed: false },
      resident2,
    );
    expect(stranger).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      path: ['input', 'eventId'],
    });
    expect(stranger).toEqual(missing);
    const rated = await moved('rateGridEvent', { eventId, satisfaction: 4, confirmed: true }, resident);
    expect(rated).toMatchObject({ state: 'CLOSED', satisfaction: 4 });
    expect(rated.confirmedAt).toBe(rated.ratedAt);
    expect(rated.steps.at(-1)).toMatchObject({
      step: 'RATE',
      actorRole: 'RESIDENT',
      byMe: true,
      actorId: null,
    });
    const before = await snapshotDatabase(d.database);
    const twice = await move('rateGridEvent', { eventId, satisfaction: 5, confirmed: true }, resident);
    expect(twice).toMatchObject({ code: 'ALREADY_RATED', path: ['input', 'eventId'] });
    const outOfScale = await move('rateGridEvent', { eventId, satisfaction: 6, confirmed: true }, resident);
    expect(outOfScale).toMatchObject({ code: 'INVALID_NUMBER', path: ['input', 'satisfaction'] });
    expect(await snapshotDatabase(d.database)).toEqual(before);
    const reopened = await moved('reopenGridEvent', { eventId, reason: '垃圾又堆起来了。' }, resident);
    expect(reopened).toMatchObject({
      state: 'DISPATCHED',
      reopenCount: 1,
      satisfaction: null,
      closedAt: null,
      department: { code: 'CG' },
    });
  });
});

describe('bad reports are refused, typed, and change nothing', () => {
  it('a point outside every grid, a point outside the grid named, a first-level category, no grid and no district', async () => {
    const before = await snapshotDatabase(d.database);
    const outside = await move(
      'reportGridEvent',
      { districtCode: DISTRICT, ...points.nowhere, ...rubbish, source: 'RESIDENT' },
      resident,
    );
    expect(outside).toMatchObject({ code: 'POINT_OUTSIDE_GRID', path: ['input', 'longitude'] });
    const otherGrid = await move(
      'reportGridEvent',
      { gridId: ids.grid1, ...points.grid2, ...rubbish, source: 'PATROL' },
      gridWorker,
    );
    expect(otherGrid).toMatchObject({ code: 'POINT_OUTSIDE_GRID', path: ['input', 'longitude'] });
    const firstLevel = await move(
      'reportGridEvent',
      { gridId: ids.grid1, ...rubbish, categoryCode: 'E01', source: 'PATROL' },
      gridWorker,
    );
    expect(firstLevel).toMatchObject({ code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'categoryCode'] });
    const nowhere = await move(
      'reportGridEvent',
      { ...points.grid1, ...rubbish, source: 'RESIDENT' },
      resident,
    );
    expect(nowhere).toMatchObject({ code: 'VALIDATION_FAILED', path: ['input', 'districtCode'] });
    const mismatch = await move(
      'reportGridEvent',
      { gridId: ids.grid1, districtCode: OTHER, ...rubbish, source: 'PATROL' },
      gridWorker,
    );
    expect(mismatch).toMatchObject({ code: 'CODE_OUTSIDE_DISTRICT', path: ['input', 'districtCode'] });
    const notServed = await move(
      'reportGridEvent',
      { districtCode: '320599', ...points.grid1, ...rubbish, source: 'RESIDENT' },
      resident,
    );
    expect(notServed).toMatchObject({ __typename: 'NotFoundError', code: 'DISTRICT_NOT_SERVED' });
    // A grid worker reports only in a grid whose team lists it (docs/domain.md §7.2).
    const offTeam = await move(
      'reportGridEvent',
      { gridId: ids.grid2, ...rubbish, source: 'PATROL' },
      gridWorker,
    );
    expect(offTeam).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });
});

describe('who sees an event (core’s rule, in every read)', () => {
  let residentEvent: string;
  let fengqiaoEvent: string;

  beforeAll(async () => {
    residentEvent = (
      await moved(
        'reportGridEvent',
        { gridId: ids.grid1, ...rubbish, title: '楼道堆物', source: 'RESIDENT' },
        resident,
      )
    ).id;
    fengqiaoEvent = (
      await moved(
        'reportGridEvent',
        { districtCode: DISTRICT, ...points.fengqiao, ...rubbish, title: '枫桥路垃圾', source: 'PATROL' },
        fengqiaoStaff,
      )
    ).id;
  });

  it('a resident sees only its own reports; another resident and PUBLIC see none, and node(id) answers null', async () => {
    const own = (await gql(list, { first: 50, filter: { districtCode: DISTRICT } }, resident)).gridEvents;
    expect(own.totalCount).toBeGreaterThanOrEqual(2);
    expect(own.nodes.map((node: Loose) => node.id)).toContain(residentEvent);
    expect(own.nodes.every((node: Loose) => node.reportedByMe)).toBe(true);
    const mine = (await gql(list, { first: 50, filter: { reportedByMe: true } }, resident)).gridEvents;
    expect(mine.totalCount).toBe(own.totalCount);
    for (const as of [resident2, 'public'] as const) {
      const none = (await gql(list, { first: 50 }, as)).gridEvents;
      expect(none).toMatchObject({ totalCount: 0, nodes: [] });
      expect((await gql(byId, { id: residentEvent }, as)).node).toBeNull();
    }
    expect((await gql(byId, { id: residentEvent }, resident)).node.reportedByMe).toBe(true);
  });

  it('community staff see their community’s events and not the neighbour’s; district-wide roles see all', async () => {
    const all = (await gql(list, { first: 100, filter: { districtCode: DISTRICT } }, admin)).gridEvents;
    const shishan = (await gql(list, { first: 100 }, shishanStaff)).gridEvents;
    const fengqiao = (await gql(list, { first: 100 }, fengqiaoStaff)).gridEvents;
    const department = (await gql(list, { first: 100 }, cg)).gridEvents;
    expect(shishan.totalCount + fengqiao.totalCount).toBe(all.totalCount);
    expect(fengqiao.nodes.map((node: Loose) => node.id)).toEqual([fengqiaoEvent]);
    expect(shishan.nodes.map((node: Loose) => node.id)).not.toContain(fengqiaoEvent);
    expect(shishan.nodes.map((node: Loose) => node.id)).toContain(residentEvent);
    expect(department.totalCount).toBe(all.totalCount);
    expect((await gql(byId, { id: residentEvent }, fengqiaoStaff)).node).toBeNull();
    // Newest report first.
    const instants = all.nodes.map((node: Loose) => Date.parse(node.reportedAt));
    expect(instants).toEqual([...instants].sort((a, b) => b - a));
  });

  it('a grid’s and a community’s events apply the same rule', async () => {
    const query = `query($grid: String!, $community: String!) {
      grid(code: $grid) { events(first: 50) { totalCount nodes { id unitCode } } }
      community(code: $community) { gridEvents(first: 50) { totalCount nodes { id unitCode } } }
    }`;
    const asStaff = await gql(query, { grid: GRID_1, community: SHISHAN }, shishanStaff);
    const listed = (await gql(list, { first: 100, filter: { unitCode: GRID_1 } }, shishanStaff)).gridEvents;
    expect(asStaff.grid.events.totalCount).toBe(listed.totalCount);
    expect(asStaff.grid.events.nodes.map((node: Loose) => node.id)).toEqual(
      listed.nodes.map((node: Loose) => node.id),
    );
    expect(asStaff.grid.events.nodes.every((node: Loose) => node.unitCode === GRID_1)).toBe(true);
    expect(asStaff.community.gridEvents.nodes.map((node: Loose) => node.id)).toContain(residentEvent);
    const asResident = await gql(query, { grid: GRID_1, community: SHISHAN }, resident);
    expect(asResident.community.gridEvents.nodes.map((node: Loose) => node.id)).toContain(residentEvent);
    const asPublic = await gql(query, { grid: GRID_1, community: SHISHAN }, 'public');
    expect(asPublic.grid.events.totalCount).toBe(0);
    expect(asPublic.community.gridEvents.totalCount).toBe(0);
    const asNeighbour = await gql(query, { grid: GRID_1, community: SHISHAN }, fengqiaoStaff);
    expect(asNeighbour.community.gridEvents).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('filters by state, department, category and unit, and a department’s ID of another district is no row here', async () => {
    const closed = (await gql(list, { first: 100, filter: { states: ['CLOSED'] } }, admin)).gridEvents;
    expect(closed.totalCount).toBeGreaterThanOrEqual(2);
    const routed = (await gql(list, { first: 100, filter: { departmentId: ids.cg } }, admin)).gridEvents;
    expect(routed.totalCount).toBeGreaterThanOrEqual(3);
    const byClass = (
      await gql(list, { first: 100, filter: { categoryCode: 'E01', districtCode: DISTRICT } }, admin)
    ).gridEvents;
    const bySubclass = (
      await gql(list, { first: 100, filter: { categoryCode: 'E0101', districtCode: DISTRICT } }, admin)
    ).gridEvents;
    expect(byClass.totalCount).toBe(bySubclass.totalCount);
    const elsewhere = encodeGlobalId('Department', OTHER, d.departments.cg);
    const none = (
      await gql(list, { first: 100, filter: { departmentId: elsewhere, districtCode: DISTRICT } }, admin)
    ).gridEvents;
    expect(none.totalCount).toBe(0);
    const badCategory = await post(list, { filter: { categoryCode: 'X99' } }, admin);
    expect(badCategory.errors?.[0]?.extensions?.code).toBe('INVALID_CODE_LIST_VALUE');
  });
});

describe('an event past its closing day', () => {
  it('is overdue, found by the overdue filter', async () => {
    // Reported and dispatched a month ago through core, on that day's clock.
    const day = addDays(todayInChina(), -30);
    const then = new Date(`${day}T09:00:00+08:00`);
    const service = createGridEventService(d.database, {
      actor: { id: 'js-wgzx-01', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict: '320505001' },
      today: () => day,
      now: () => then,
    });
    const event = await service.report({
      gridId: d.grids.grid1,
      categoryCode: 'E0101',
      urgency: 'routine',
      title: '积存垃圾',
      description: '一个月未清运。',
      source: 'patrol',
    });
    await service.dispatch({ eventId: event.id });
    const id = encodeGlobalId('GridEvent', DISTRICT, event.id);
    const read = (await gql(byId, { id }, admin)).node;
    expect(read.closeDueOn < todayInChina()).toBe(true);
    expect(read).toMatchObject({ state: 'DISPATCHED', overdue: true });
    const overdue = (await gql(list, { first: 100, filter: { overdue: true } }, admin)).gridEvents;
    expect(overdue.nodes.map((node: Loose) => node.id)).toEqual([id]);
  });
});

describe('the classification', () => {
  it('lists classes and subclasses by family, routed by the district code', async () => {
    const query = `query($districtCode: String!, $family: GridEventCategoryFamily, $parentCode: String) {
      gridEventCategories(districtCode: $districtCode, family: $family, parentCode: $parentCode) { code name parentCode level family }
    }`;
    const all = (await gql(query, { districtCode: DISTRICT }, 'public')).gridEventCategories;
    expect(all[0]).toEqual({
      code: 'C01',
      name: '公用设施',
      parentCode: null,
      level: 1,
      family: 'COMPONENT',
    });
    expect(all.map((c: Loose) => c.code)).toEqual([...all.map((c: Loose) => c.code)].sort());
    expect(new Set(all.map((c: Loose) => c.family))).toEqual(
      new Set(['COMPONENT', 'EVENT', 'SOCIAL_GOVERNANCE']),
    );
    const street = (await gql(query, { districtCode: OTHER, parentCode: 'E05' }, 'public'))
      .gridEventCategories;
    expect(street.map((c: Loose) => c.code)).toEqual(['E0501', 'E0502', 'E0503', 'E0504']);
    expect(street.every((c: Loose) => c.level === 2 && c.parentCode === 'E05' && c.family === 'EVENT')).toBe(
      true,
    );
    const social = (await gql(query, { districtCode: DISTRICT, family: 'SOCIAL_GOVERNANCE' }, 'public'))
      .gridEventCategories;
    expect(social.every((c: Loose) => c.code.startsWith('S'))).toBe(true);
    expect((await gql(query, { districtCode: '320599' }, 'public')).gridEventCategories).toBeNull();
  });
});

describe('a gateway over two districts', () => {
  it('lists their events newest report first, merged page by page, each once; totals add up', async () => {
    // 施工扰民 (E0301) reports only this test makes, at instants that interleave the two districts.
    const base = Date.parse(`${addDays(todayInChina(), -3)}T08:00:00+08:00`);
    const reports: { districtCode: string; at: number }[] = [
      { districtCode: DISTRICT, at: base },
      { districtCode: OTHER, at: base + 60_000 },
      { districtCode: DISTRICT, at: base + 120_000 },
      { districtCode: OTHER, at: base + 180_000 },
      // The same instant in both: the district code orders them.
      { districtCode: OTHER, at: base + 240_000 },
      { districtCode: DISTRICT, at: base + 240_000 },
      { districtCode: DISTRICT, at: base + 300_000 },
    ];
    const reported: { id: string; districtCode: string; at: number }[] = [];
    for (const [index, report] of reports.entries()) {
      const input =
        report.districtCode === DISTRICT
          ? { gridId: ids.grid1 }
          : // The other district's report names only its point: routed by the district code.
            { districtCode: OTHER, longitude: 120.605, latitude: 31.255 };
      const event = await moved(
        'reportGridEvent',
        {
          ...input,
          categoryCode: 'E0301',
          urgency: 'URGENT',
          title: `夜间施工扰民 ${index + 1}`,
          description: '工地夜间施工噪声扰民。',
          source: 'HOTLINE',
          reportedAt: new Date(report.at).toISOString(),
        },
        cityAdmin,
      );
      expect(event.districtCode).toBe(report.districtCode);
      reported.push({ id: event.id, ...report });
    }
    const expected = [...reported]
      .sort((a, b) => b.at - a.at || a.districtCode.localeCompare(b.districtCode) || 0)
      .map((event) => event.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = 0;
    do {
      const page: Loose = (await gql(list, { first: 2, after, filter: { categoryCode: 'E0301' } }, cityAdmin))
        .gridEvents;
      seen.push(...page.nodes.map((node: Loose) => node.id));
      total = page.totalCount;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(4);
    expect(total).toBe(7);
    expect(seen).toEqual(expected);
    // A district's filter asks that district only; its admin sees its own.
    const otherOnly = (
      await gql(list, { first: 10, filter: { categoryCode: 'E0301', districtCode: OTHER } }, cityAdmin)
    ).gridEvents;
    expect(otherOnly.nodes.map((node: Loose) => node.id)).toEqual(
      expected.filter((id) => decodeGlobalId(id).districtCode === OTHER),
    );
    const asAdmin = (await gql(list, { first: 10, filter: { categoryCode: 'E0301' } }, admin)).gridEvents;
    expect(asAdmin.totalCount).toBe(4);
    // node(id) reaches the other district's event through the city gateway.
    const otherId = expected.find((id) => decodeGlobalId(id).districtCode === OTHER)!;
    expect((await gql(byId, { id: otherId }, cityAdmin)).node).toMatchObject({ unitCode: OTHER_GRID });
  });
});
