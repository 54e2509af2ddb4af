/**
 * 吹哨报到 through a real gateway over HTTP with signed tokens (docs/domain.md §7.8): a community
 * summons two departments about its event, the deadline is policy grid.summons_report's on the
 * working-day calendar; a summons to an unknown department, or one not serving the community, and
 * a deadline on a holiday are refused with their typed codes and change nothing; a summoned
 * department reports in (on time), one not summoned is NOT_RESPONSIBLE_DEPARTMENT; the community
 * closes the summons. Who sees a summons follows core's rule: PUBLIC, residents and another
 * community see none, and cannot act on it.
 */
import {
  addDays,
  createPolicyService,
  loadWorkingCalendar,
  policySummonsDeadline,
  todayInChina,
} from '@sanshe/core';
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
let summonsId: string;
const ids = {} as Record<'shishan' | 'fengqiao' | 'cg' | 'zj' | 'sw' | 'sszf', string>;

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
const admin: TokenClaims = { sub: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT };
const resident: TokenClaims = { sub: 'app-user-1001', role: 'RESIDENT', district: DISTRICT };
const departmentStaff = (sub: string, departmentId: string): TokenClaims => ({
  sub,
  role: 'DEPARTMENT_STAFF',
  district: DISTRICT,
  department: departmentId,
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

const summonsFields = `id districtCode state reason description issuedAt reportDueAt closedAt solved closingNote version
  community { code }
  event { id }
  departments { department { id code } reportedAt note onTime }`;

const issue = `mutation($input: IssueSummonsInput!) {
  issueSummons(input: $input) {
    __typename
    ... on IssueSummonsSuccess { data { ${summonsFields} } }
    ... on Error { code message path }
  }
}`;
const reportIn = `mutation($input: ReportInToSummonsInput!) {
  reportInToSummons(input: $input) {
    __typename
    ... on ReportInToSummonsSuccess { data { ${summonsFields} } }
    ... on Error { code message path }
  }
}`;
const close = `mutation($input: CloseSummonsInput!) {
  closeSummons(input: $input) {
    __typename
    ... on CloseSummonsSuccess { data { ${summonsFields} } }
    ... on Error { code message path }
  }
}`;
const list = `query($filter: SummonsFilter) {
  summonses(first: 20, filter: $filter) { totalCount nodes { id state } }
}`;

/** The first Saturday after `day` that the district's calendar holds as a day off (no 调休 make-up). */
async function restDayAfter(day: string): Promise<string> {
  const year = Number(day.slice(0, 4));
  const calendar = await loadWorkingCalendar(d.database.db, DISTRICT, year, year + 1);
  let candidate = addDays(day, 3);
  while (new Date(`${candidate}T12:00:00Z`).getUTCDay() !== 6 || calendar.isWorkingDay(candidate)) {
    candidate = addDays(candidate, 1);
  }
  return candidate;
}

beforeAll(async () => {
  d = await createGridDistrict();
  for (const name of ['shishan', 'fengqiao'] as const) {
    ids[name] = encodeGlobalId('Community', DISTRICT, d.communities[name]);
  }
  for (const name of ['cg', 'zj', 'sw', 'sszf'] as const) {
    ids[name] = encodeGlobalId('Department', DISTRICT, d.departments[name]);
  }
  // An event of 狮山社区 being handled by 狮山街道综合行政执法局 that the community cannot solve alone.
  const event = await insertEvent(d, {
    grid: 'grid1',
    state: 'handling',
    categoryCode: 'S0102',
    departmentId: d.departments.sszf,
    reportedAt: at('2026-02-24'),
    dispatchedAt: at('2026-02-24', '10:00'),
    acceptedAt: at('2026-02-24', '15:00'),
    acceptedLate: false,
    closeDueOn: '2026-03-12',
  });
  eventId = encodeGlobalId('GridEvent', DISTRICT, event);
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
// The gateway closes the district database it serves.
afterAll(() => running?.close());

describe('issuing a summons (吹哨)', () => {
  it('the community summons two departments about its event: the deadline is the policy’s, on the working-day calendar', async () => {
    const data = await gql(
      issue,
      {
        input: {
          communityId: ids.shishan,
          eventId,
          reason: 'DIFFICULT',
          description: '物业纠纷涉及违建和消防通道，社区无法单独解决。',
          departmentIds: [ids.sszf, ids.zj],
        },
      },
      shishanStaff,
    );
    const summons = data.issueSummons;
    expect(summons.__typename).toBe('IssueSummonsSuccess');
    summonsId = summons.data.id;
    expect(summons.data).toMatchObject({
      districtCode: DISTRICT,
      state: 'OPEN',
      reason: 'DIFFICULT',
      closedAt: null,
      solved: null,
      version: 1,
      community: { code: SHISHAN },
      event: { id: eventId },
    });
    // Departments by id, none reported in yet, and the deadline still ahead.
    expect(summons.data.departments).toEqual([
      { department: { id: ids.zj, code: 'ZJ' }, reportedAt: null, note: null, onTime: null },
      { department: { id: ids.sszf, code: 'SSZF' }, reportedAt: null, note: null, onTime: null },
    ]);
    // The deadline core's rule gives for that instant, from the policy in force and the calendar.
    const issuedAt = new Date(summons.data.issuedAt);
    const policy = await createPolicyService(d.database).requireValueInForce(
      'grid.summons_report',
      SHISHAN,
      todayInChina(issuedAt),
    );
    const year = issuedAt.getUTCFullYear();
    const calendar = await loadWorkingCalendar(d.database.db, DISTRICT, year, year + 1);
    const expected = policySummonsDeadline({
      reason: 'difficult',
      policy: policy.value,
      calendar,
      now: issuedAt,
    });
    expect(summons.data.reportDueAt).toBe(expected.reportDueAt);
    expect(Date.parse(summons.data.reportDueAt)).toBeGreaterThan(issuedAt.getTime());
  });

  it('a summons to an unknown department, or to one not serving the community, is NOT_FOUND at its place in the list; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const unknown = encodeGlobalId('Department', DISTRICT, 999_999);
    const toUnknown = await gql(
      issue,
      {
        input: {
          communityId: ids.shishan,
          reason: 'ENFORCEMENT',
          description: '联合执法',
          departmentIds: [ids.cg, unknown],
        },
      },
      shishanStaff,
    );
    expect(toUnknown.issueSummons).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      path: ['input', 'departmentIds', '1'],
    });
    // 狮山街道综合行政执法局 serves 狮山街道 only, not 枫桥社区.
    const notServing = await gql(
      issue,
      {
        input: {
          communityId: ids.fengqiao,
          reason: 'ENFORCEMENT',
          description: '联合执法',
          departmentIds: [ids.sszf],
        },
      },
      fengqiaoStaff,
    );
    expect(notServing.issueSummons).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      path: ['input', 'departmentIds', '0'],
    });
    const none = await gql(
      issue,
      {
        input: { communityId: ids.shishan, reason: 'DIFFICULT', description: '疑难问题', departmentIds: [] },
      },
      shishanStaff,
    );
    expect(none.issueSummons).toMatchObject({ code: 'VALIDATION_FAILED', path: ['input', 'departmentIds'] });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('a report-in deadline named on a day off is DEADLINE_ON_HOLIDAY; another community’s staff are FORBIDDEN; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const saturday = await restDayAfter(todayInChina());
    const onHoliday = await gql(
      issue,
      {
        input: {
          communityId: ids.shishan,
          reason: 'DIFFICULT',
          description: '疑难问题',
          departmentIds: [ids.zj],
          reportDueAt: `${saturday}T10:00:00+08:00`,
        },
      },
      shishanStaff,
    );
    expect(onHoliday.issueSummons).toMatchObject({
      __typename: 'ValidationError',
      code: 'DEADLINE_ON_HOLIDAY',
      path: ['input', 'reportDueAt'],
    });
    const elsewhere = await gql(
      issue,
      {
        input: {
          communityId: ids.shishan,
          reason: 'DIFFICULT',
          description: '疑难问题',
          departmentIds: [ids.zj],
        },
      },
      fengqiaoStaff,
    );
    expect(elsewhere.issueSummons).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });
});

describe('reporting in (报到) and closing', () => {
  it('a summoned department reports in for itself, on time; once only', async () => {
    const zj = departmentStaff('zj-01', ids.zj);
    const data = await gql(reportIn, { input: { summonsId, note: '已派员到场核查。' } }, zj);
    expect(data.reportInToSummons.__typename).toBe('ReportInToSummonsSuccess');
    const [zjEntry, sszfEntry] = data.reportInToSummons.data.departments;
    expect(zjEntry).toMatchObject({ department: { code: 'ZJ' }, note: '已派员到场核查。', onTime: true });
    expect(Date.parse(zjEntry.reportedAt)).toBeLessThanOrEqual(Date.now());
    expect(sszfEntry).toMatchObject({ department: { code: 'SSZF' }, reportedAt: null, onTime: null });

    const before = await snapshotDatabase(d.database);
    const again = await gql(reportIn, { input: { summonsId } }, zj);
    expect(again.reportInToSummons).toMatchObject({
      __typename: 'ConflictError',
      code: 'ALREADY_REPORTED_IN',
    });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('a department not summoned, or staff naming another department, is NOT_RESPONSIBLE_DEPARTMENT; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const cg = departmentStaff('cg-01', ids.cg);
    const notNamed = await gql(reportIn, { input: { summonsId } }, cg);
    expect(notNamed.reportInToSummons).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'NOT_RESPONSIBLE_DEPARTMENT',
      path: ['input', 'summonsId'],
    });
    const forAnother = await gql(reportIn, { input: { summonsId, departmentId: ids.sszf } }, cg);
    expect(forAnother.reportInToSummons).toMatchObject({
      code: 'NOT_RESPONSIBLE_DEPARTMENT',
      path: ['input', 'departmentId'],
    });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('the community closes the summons, solved; a second closing and a stale version are refused', async () => {
    const stale = await gql(
      close,
      { input: { summonsId, solved: true, note: '已解决', expectedVersion: 0 } },
      shishanStaff,
    );
    expect(stale.closeSummons).toMatchObject({ __typename: 'ConflictError', code: 'VERSION_CONFLICT' });
    const data = await gql(
      close,
      { input: { summonsId, solved: true, note: '违建已拆除，消防通道已打通。', expectedVersion: 1 } },
      shishanStaff,
    );
    expect(data.closeSummons.data).toMatchObject({
      state: 'CLOSED',
      solved: true,
      closingNote: '违建已拆除，消防通道已打通。',
      version: 2,
    });
    expect(data.closeSummons.data.closedAt).not.toBeNull();
    const again = await gql(close, { input: { summonsId, solved: false, note: '再次关闭' } }, shishanStaff);
    expect(again.closeSummons).toMatchObject({ __typename: 'ConflictError', code: 'STATUS_NOT_ALLOWED' });
    const late = await gql(reportIn, { input: { summonsId } }, departmentStaff('sszf-01', ids.sszf));
    expect(late.reportInToSummons).toMatchObject({ code: 'STATUS_NOT_ALLOWED' });
  });
});

describe('who sees a summons', () => {
  it('the district and the community’s unit list it, narrowed by department, unit and state', async () => {
    const all = await gql(list, { filter: { districtCode: DISTRICT } }, admin);
    expect(all.summonses).toEqual({ totalCount: 1, nodes: [{ id: summonsId, state: 'CLOSED' }] });
    const forZj = await gql(
      list,
      { filter: { departmentId: ids.zj, state: 'CLOSED' } },
      departmentStaff('zj-01', ids.zj),
    );
    expect(forZj.summonses.totalCount).toBe(1);
    const forCg = await gql(list, { filter: { departmentId: ids.cg } }, admin);
    expect(forCg.summonses).toEqual({ totalCount: 0, nodes: [] });
    const fengqiaoUnit = await gql(list, { filter: { parentCode: '320505002' } }, admin);
    expect(fengqiaoUnit.summonses.totalCount).toBe(0);
    const open = await gql(list, { filter: { state: 'OPEN' } }, shishanStaff);
    expect(open.summonses.totalCount).toBe(0);
    const mine = await gql(
      list,
      { filter: { communityId: ids.shishan, issuedFrom: todayInChina() } },
      shishanStaff,
    );
    expect(mine.summonses.nodes).toEqual([{ id: summonsId, state: 'CLOSED' }]);
  });

  it('PUBLIC, a resident and another community see none; node(id) is null for them; acting on it is NOT_FOUND', async () => {
    for (const caller of ['public', resident, fengqiaoStaff] as const) {
      const listed = await gql(list, {}, caller);
      expect(listed.summonses).toEqual({ totalCount: 0, nodes: [] });
      const node = await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: summonsId }, caller);
      expect(node.node).toBeNull();
    }
    const seen = await gql(
      `query($id: ID!) { node(id: $id) { ... on Summons { id state } } }`,
      { id: summonsId },
      shishanStaff,
    );
    expect(seen.node).toEqual({ id: summonsId, state: 'CLOSED' });
    const before = await snapshotDatabase(d.database);
    const hidden = await gql(close, { input: { summonsId, solved: false, note: '关闭' } }, fengqiaoStaff);
    const missing = await gql(
      close,
      { input: { summonsId: encodeGlobalId('Summons', DISTRICT, 999_999), solved: false, note: '关闭' } },
      fengqiaoStaff,
    );
    expect(hidden.closeSummons).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'summonsId'] });
    expect(hidden).toEqual(missing);
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('a bad filter is a typed error at the field', async () => {
    const token = await testToken(admin);
    const response = await fetch(`${running.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: list,
        variables: { filter: { issuedFrom: '2026-03-10', issuedTo: '2026-03-01' } },
      }),
    });
    const body = (await response.json()) as Loose;
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_DATE_RANGE',
      field: ['filter', 'issuedTo'],
    });
  });
});
