// The ready-made documents of grid events (docs/domain.md §7.5–§7.7) over real HTTP against a
// real gateway, with a signed token for each role of the five-step loop: a grid worker reports in
// its grid, the subdistrict's grid centre dispatches, the department accepts and feeds back, the
// community closes; a resident's own report is closed the same way and rated by the resident.
// Refusals come back typed (HANDLER_CANNOT_VERIFY, EVENT_TRANSITION_NOT_ALLOWED) and change nothing.
import { snapshotDatabase } from '@sanshe/core/testing';
import {
  createGateway,
  createLocalDistrictSource,
  encodeGlobalId,
  type ListeningGateway,
  listen,
  signHs256Token,
  type TokenClaims,
} from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createGridDistrict,
  DISTRICT,
  GRID_1,
  GRID_2,
  type GridDistrict,
  points,
  SHISHAN,
} from '../../core/test/grid-events/fixture.js';
import {
  AcceptGridEvent,
  CloseGridEvent,
  createClient,
  DispatchGridEvent,
  FeedBackGridEvent,
  GridAssessment,
  GridAssessmentAcrossDistricts,
  GridEventById,
  GridEventCategories,
  GridEventsPage,
  RateGridEvent,
  ReportGridEvent,
  type ResultOf,
  type SansheClient,
  type SchemaErrorCode,
} from '../src/index.js';
import { testAuth } from './support/test-auth.js';

let d: GridDistrict;
let running: ListeningGateway;
let url: string;
const clients = {} as Record<
  'gridWorker' | 'centre' | 'department' | 'community' | 'resident' | 'otherResident' | 'admin',
  SansheClient
>;
let grid1Id: string;
let cgId: string;

const as = async (claims: TokenClaims) =>
  createClient({ url, token: await signHs256Token(testAuth, claims, '2h') });

/** A mutation's success `data`, or the test fails with what came back instead. */
function success<R extends { __typename: string }>(
  result: R | undefined,
): Extract<R, { data: unknown }>['data'] {
  if (result && 'data' in result) return (result as Extract<R, { data: unknown }>).data;
  throw new Error(`expected a success, got ${JSON.stringify(result)}`);
}

type GridEvent = ResultOf<typeof GridEventById>['node'] & { __typename: 'GridEvent' };

beforeAll(async () => {
  d = await createGridDistrict();
  running = await listen(
    createGateway({
      districts: [createLocalDistrictSource(d.database)],
      logging: false,
      auth: testAuth,
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
  url = `${running.origin}/graphql`;
  grid1Id = encodeGlobalId('Grid', DISTRICT, d.grids.grid1);
  cgId = encodeGlobalId('Department', DISTRICT, d.departments.cg);
  // Each role with its own token: the claims core's rules read (docs/domain.md §7.2, §7.4).
  clients.gridWorker = await as({
    sub: 'wg-ss-01',
    role: 'GRID_WORKER',
    district: DISTRICT,
    community: SHISHAN,
  });
  clients.centre = await as({
    sub: 'js-wgzx-01',
    role: 'SUBDISTRICT_STAFF',
    district: DISTRICT,
    subdistrict: '320505001',
  });
  clients.department = await as({
    sub: 'cg-01',
    role: 'DEPARTMENT_STAFF',
    district: DISTRICT,
    department: cgId,
  });
  clients.community = await as({
    sub: 'sq-ss-01',
    role: 'COMMUNITY_STAFF',
    district: DISTRICT,
    community: SHISHAN,
  });
  clients.resident = await as({ sub: 'app-user-1001', role: 'RESIDENT', district: DISTRICT });
  clients.otherResident = await as({ sub: 'app-user-1002', role: 'RESIDENT', district: DISTRICT });
  clients.admin = await as({ sub: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT });
}, 120_000);
afterAll(() => running?.close());

/** Steps 2 to 5 of the loop, each by its own role: dispatch, accept, feed back, close. */
async function dispatchToClose(eventId: string) {
  const dispatched = success(
    (await clients.centre.request(DispatchGridEvent, { input: { eventId, expectedVersion: 1 } })).data
      ?.dispatchGridEvent,
  );
  expect(dispatched).toMatchObject({ state: 'DISPATCHED', department: { id: cgId, code: 'CG' } });
  expect(dispatched.closeDueOn).not.toBeNull();
  const accepted = success(
    (await clients.department.request(AcceptGridEvent, { input: { eventId, expectedVersion: 2 } })).data
      ?.acceptGridEvent,
  );
  expect(accepted).toMatchObject({ state: 'HANDLING', acceptedLate: false });
  const fedBack = success(
    (
      await clients.department.request(FeedBackGridEvent, {
        input: { eventId, result: '已安排保洁清运，并加密巡查。', expectedVersion: 3 },
      })
    ).data?.feedBackGridEvent,
  );
  expect(fedBack).toMatchObject({ state: 'FED_BACK', handledByMe: true, allowedSteps: ['CLOSE', 'REJECT'] });
  const closed = success(
    (
      await clients.community.request(CloseGridEvent, {
        input: { eventId, note: '社区现场核查，已清理。', expectedVersion: 4 },
      })
    ).data?.closeGridEvent,
  );
  expect(closed).toMatchObject({ state: 'CLOSED', closedLate: false, version: 5 });
  return closed;
}

describe('one event through the five steps, each by its role', () => {
  it('信息收集 by the grid worker, 任务派遣 by the centre, 处理 and 反馈 by the department, 核查结案 by the community', async () => {
    const reported = success(
      (
        await clients.gridWorker.request(ReportGridEvent, {
          input: {
            gridId: grid1Id,
            ...points.grid1,
            categoryCode: 'E0101',
            urgency: 'ROUTINE',
            title: '狮山路垃圾暴露',
            description: '狮山路 12 号门口生活垃圾堆放两天未清运。',
            source: 'PATROL',
          },
        })
      ).data?.reportGridEvent,
    );
    expect(reported).toMatchObject({
      state: 'COLLECTED',
      stateLabel: '待派遣',
      grid: { code: GRID_1 },
      categoryName: '暴露垃圾',
      reporterRole: 'GRID_WORKER',
      reportedByMe: true,
      allowedSteps: ['DISPATCH', 'RECATEGORISE', 'ESCALATE'],
    });
    expectTypeOf(reported.state).toEqualTypeOf<
      'CLOSED' | 'COLLECTED' | 'DISPATCHED' | 'FED_BACK' | 'HANDLING'
    >();
    expectTypeOf(reported.department).toEqualTypeOf<{ id: string; code: string; name: string } | null>();

    const closed = await dispatchToClose(reported.id);
    expect(closed.steps.map((step) => [step.step, step.actorRole])).toEqual([
      ['REPORT', 'GRID_WORKER'],
      ['DISPATCH', 'SUBDISTRICT_STAFF'],
      ['ACCEPT', 'DEPARTMENT_STAFF'],
      ['FEED_BACK', 'DEPARTMENT_STAFF'],
      ['CLOSE', 'COMMUNITY_STAFF'],
    ]);
    expect(closed.steps.at(-1)).toMatchObject({ byMe: true, note: '社区现场核查，已清理。' });

    // The department's inbox holds it, closed, through the page document.
    const inbox: string[] = [];
    for await (const event of clients.department.paginate(
      GridEventsPage,
      { first: 10, filter: { departmentId: cgId, states: ['CLOSED'] } },
      (data) => data.gridEvents,
    )) {
      inbox.push(event.id);
    }
    expect(inbox).toContain(reported.id);
  });

  it('a resident’s own report by a point alone, closed the same way, is rated by the resident', async () => {
    const reported = success(
      (
        await clients.resident.request(ReportGridEvent, {
          input: {
            districtCode: DISTRICT,
            ...points.grid2,
            categoryCode: 'E0101',
            urgency: 'ROUTINE',
            title: '小区门口垃圾',
            description: '小区东门垃圾桶满溢。',
            source: 'RESIDENT',
            reporterPhone: '13812345678',
          },
        })
      ).data?.reportGridEvent,
    );
    expect(reported).toMatchObject({
      grid: { code: GRID_2 },
      reporterPhoneMasked: '138****5678',
      reportedByMe: true,
    });
    await dispatchToClose(reported.id);
    const rated = success(
      (
        await clients.resident.request(RateGridEvent, {
          input: { eventId: reported.id, satisfaction: 5, confirmed: true, expectedVersion: 5 },
        })
      ).data?.rateGridEvent,
    );
    expect(rated).toMatchObject({ state: 'CLOSED', satisfaction: 5, allowedSteps: ['REOPEN', 'RATE'] });
    expect(rated.confirmedAt).not.toBeNull();
    expectTypeOf(rated.satisfaction).toEqualTypeOf<number | null>();
    // Another resident sees nothing of it.
    expect((await clients.otherResident.request(GridEventById, { id: reported.id })).data?.node).toBeNull();
    const own = (
      await clients.resident.request(GridEventsPage, { first: 10, filter: { reportedByMe: true } })
    ).data;
    expect(own?.gridEvents.nodes.map((event) => event.id)).toEqual([reported.id]);
  });
});

describe('typed refusals', () => {
  it('HANDLER_CANNOT_VERIFY: whoever fed an event back cannot close it; nothing changes', async () => {
    const eventId = success(
      (
        await clients.gridWorker.request(ReportGridEvent, {
          input: {
            gridId: grid1Id,
            categoryCode: 'E0502',
            urgency: 'URGENT',
            title: '占道经营',
            description: '早市摊贩占用人行道。',
            source: 'PATROL',
          },
        })
      ).data?.reportGridEvent,
    ).id;
    success((await clients.admin.request(DispatchGridEvent, { input: { eventId } })).data?.dispatchGridEvent);
    success((await clients.admin.request(AcceptGridEvent, { input: { eventId } })).data?.acceptGridEvent);
    success(
      (await clients.admin.request(FeedBackGridEvent, { input: { eventId, result: '已劝离。' } })).data
        ?.feedBackGridEvent,
    );
    const before = await snapshotDatabase(d.database);
    const refused = (await clients.admin.request(CloseGridEvent, { input: { eventId } })).data
      ?.closeGridEvent;
    if (refused?.__typename !== 'ForbiddenError') throw new Error(JSON.stringify(refused));
    expectTypeOf(refused.code).toEqualTypeOf<SchemaErrorCode>();
    expect(refused).toMatchObject({ code: 'HANDLER_CANNOT_VERIFY', path: ['input', 'eventId'] });
    expect(await snapshotDatabase(d.database)).toEqual(before);
    const read = (await clients.admin.request(GridEventById, { id: eventId })).data?.node as GridEvent;
    expect(read).toMatchObject({ state: 'FED_BACK', handledByMe: true });
  });

  it('EVENT_TRANSITION_NOT_ALLOWED: a move the state machine does not allow from the state; nothing changes', async () => {
    const eventId = success(
      (
        await clients.resident.request(ReportGridEvent, {
          input: {
            gridId: grid1Id,
            categoryCode: 'C0104',
            urgency: 'ROUTINE',
            title: '路灯不亮',
            description: '小区南门路灯连续三晚不亮。',
            source: 'RESIDENT',
          },
        })
      ).data?.reportGridEvent,
    ).id;
    const before = await snapshotDatabase(d.database);
    const closing = (await clients.community.request(CloseGridEvent, { input: { eventId } })).data
      ?.closeGridEvent;
    if (closing?.__typename !== 'ConflictError') throw new Error(JSON.stringify(closing));
    expect(closing).toMatchObject({ code: 'EVENT_TRANSITION_NOT_ALLOWED', path: ['input', 'eventId'] });
    const rating = (
      await clients.resident.request(RateGridEvent, { input: { eventId, satisfaction: 3, confirmed: false } })
    ).data?.rateGridEvent;
    expect(rating).toMatchObject({ __typename: 'ConflictError', code: 'EVENT_TRANSITION_NOT_ALLOWED' });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });
});

describe('the assessment of the events closed above', () => {
  it('GridAssessmentAcrossDistricts over one district answers what GridAssessment does, totals summed, under the rule asked', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const period = { from: `${today.slice(0, 4)}-01-01`, to: today, subject: 'COMMUNITY' as const };
    const own = await clients.admin.request(GridAssessment, { ...period, unitCode: DISTRICT });
    const across = await clients.admin.request(GridAssessmentAcrossDistricts, {
      ...period,
      minimumEvents: 1,
    });
    expect(own.error).toBeUndefined();
    expect(across.error).toBeUndefined();
    const data = across.data!.gridAssessmentAcrossDistricts;
    expectTypeOf(data.total.counts.received).toEqualTypeOf<number>();
    expect(data).toMatchObject({ minimumEvents: 1, confidencePercent: 95, districts: [DISTRICT] });
    const units = own.data!.gridAssessment.units;
    expect(data.units.map((unit) => [unit.unitId, unit.counts])).toEqual(
      expect.arrayContaining(units.map((unit) => [unit.unitId, unit.counts])),
    );
    expect(data.total.counts.received).toBe(units.reduce((n, unit) => n + unit.counts.received, 0));
    expect(data.total.counts.closed).toBeGreaterThanOrEqual(2);
    expect(data.byDistrict).toEqual([{ districtCode: DISTRICT, ...data.total }]);
    // Every unit with an event takes a place under a rule of one event.
    for (const unit of data.units) expect(unit.ranked).toBe(unit.counts.received >= 1);
  });
});

describe('the classification', () => {
  it('answers the second-level categories of a class, to anyone', async () => {
    const anyone = createClient({ url });
    const { data, error } = await anyone.request(GridEventCategories, {
      districtCode: DISTRICT,
      parentCode: 'C01',
    });
    expect(error).toBeUndefined();
    expect(data?.gridEventCategories?.map((category) => category.code)).toEqual([
      'C0101',
      'C0102',
      'C0103',
      'C0104',
      'C0105',
      'C0106',
    ]);
    expectTypeOf(data!.gridEventCategories![0]!.family).toEqualTypeOf<
      'COMPONENT' | 'EVENT' | 'SOCIAL_GOVERNANCE'
    >();
  });
});
