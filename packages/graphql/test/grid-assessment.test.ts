/**
 * The assessment of grid work through a real gateway over HTTP with signed tokens (docs/domain.md
 * §7.9): per community, department and grid team member, each rate as numerator and denominator
 * with its Wilson interval and rank, a community with one lucky event left unranked below the
 * policy's minimum of 10; marks given through recordAssessmentMark (self, community, third party)
 * counted beside them, and refused with their typed codes when the role may not give them, the
 * quarter has not begun, the score is out of range or the mark was given already, changing
 * nothing. PUBLIC and another community read nothing.
 */
import { addDays, todayInChina, wilsonInterval } from '@sanshe/core';
import { gridTeamMembers } from '@sanshe/core/schema';
import { snapshotDatabase } from '@sanshe/core/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, type EventRow, insertEvent } from '../../core/test/grid-events/assessment-fixture.js';
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
let headMemberId: string;
const ids = {} as Record<'shishan' | 'fengqiao' | 'zj' | 'sszf', string>;
const today = todayInChina();
/** From New Year to today: at most 366 days, covering every event below and the current quarter. */
const period = { from: `${today.slice(0, 4)}-01-01`, to: today };
const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;

const admin: TokenClaims = { sub: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT };
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
const gridHead: TokenClaims = {
  sub: 'wg-ss-head',
  role: 'GRID_WORKER',
  district: DISTRICT,
  community: SHISHAN,
};
const evaluator: TokenClaims = { sub: 'pg-01', role: 'EVALUATOR', district: DISTRICT };

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
type Loose = any;

async function post(
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
  return response.json();
}

async function gql(
  query: string,
  variables: Record<string, unknown>,
  as: TokenClaims | 'public',
): Promise<Loose> {
  const body = await post(query, variables, as);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const rate = 'numerator denominator value interval { lower upper } better rank';
const assessment = `query($unitCode: String!, $from: Date!, $to: Date!, $subject: AssessmentSubject!) {
  gridAssessment(unitCode: $unitCode, from: $from, to: $to, subject: $subject) {
    districtCode unitCode subject from to asOf minimumEvents confidencePercent policySource
    units {
      subject unitId code name ranked meanSatisfaction
      counts { received acceptedOnTime acceptanceDue closedOnTime closureDue closed reopened everClosed satisfied rated satisfactionSum verified }
      rates {
        acceptedOnTime { ${rate} } closedOnTime { ${rate} } closed { ${rate} }
        reopened { ${rate} } satisfied { ${rate} }
      }
      marks { self { count sum mean } community { count sum mean } thirdParty { count sum mean } }
    }
  }
}`;
const mark = `mutation($input: RecordAssessmentMarkInput!) {
  recordAssessmentMark(input: $input) {
    __typename
    ... on RecordAssessmentMarkSuccess { data { subject subjectId period rater score note createdAt } }
    ... on Error { code message path }
  }
}`;

beforeAll(async () => {
  d = await createGridDistrict();
  ids.shishan = encodeGlobalId('Community', DISTRICT, d.communities.shishan);
  ids.fengqiao = encodeGlobalId('Community', DISTRICT, d.communities.fengqiao);
  ids.zj = encodeGlobalId('Department', DISTRICT, d.departments.zj);
  ids.sszf = encodeGlobalId('Department', DISTRICT, d.departments.sszf);
  const [head] = await d.database.db
    .select({ id: gridTeamMembers.id })
    .from(gridTeamMembers)
    .where(and(eq(gridTeamMembers.districtCode, DISTRICT), eq(gridTeamMembers.accountId, 'wg-ss-head')));
  headMemberId = encodeGlobalId('GridTeamMember', DISTRICT, head!.id);

  const year = period.from.slice(0, 4);
  const event = (row: Partial<EventRow> & Pick<EventRow, 'state' | 'reportedAt'>) =>
    insertEvent(d, { grid: 'grid1', departmentId: d.departments.sszf, ...row });
  // 狮山社区: 12 events closed on time, the first 9 verified by the grid head, 10 rated 5 …
  for (let i = 0; i < 12; i++) {
    const day = addDays(`${year}-01-05`, i);
    await event({
      state: 'closed',
      reportedAt: at(day),
      acceptedAt: at(day, '10:00'),
      acceptedLate: false,
      fedBackAt: at(addDays(day, 1)),
      closedAt: at(addDays(day, 2)),
      closedLate: false,
      verifiedBy: i < 9 ? 'wg-ss-head' : 'sq-ss-01',
      satisfaction: i < 10 ? 5 : null,
      ratedAt: i < 10 ? at(addDays(day, 3)) : null,
    });
  }
  // … and one still in hand long past its closing day: late already.
  await event({
    state: 'handling',
    reportedAt: at(`${year}-02-10`),
    acceptedAt: at(`${year}-02-10`, '11:00'),
    acceptedLate: false,
    closeDueOn: `${year}-02-20`,
  });
  // 枫桥社区: one event, on time and rated 5 — the lucky one.
  await insertEvent(d, {
    grid: 'fengqiao',
    state: 'closed',
    departmentId: d.departments.zj,
    reportedAt: at(`${year}-01-10`),
    reportedBy: 'wg-fq-01',
    acceptedAt: at(`${year}-01-10`, '10:00'),
    acceptedLate: false,
    closedAt: at(`${year}-01-12`),
    closedLate: false,
    verifiedBy: 'sq-fq-01',
    satisfaction: 5,
    ratedAt: at(`${year}-01-13`),
  });
  running = await listen(
    createGateway({
      districts: [createLocalDistrictSource(d.database)],
      auth: testAuth,
      logging: false,
      // An event is past its closing day: the overdue job would escalate it in the background.
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
}, 120_000);
afterAll(() => running?.close());

describe('recording marks', () => {
  it('the grid centre gives 狮山社区 its community mark for the quarter; the grid head its own self mark; a department its self mark; an evaluator a third-party mark', async () => {
    const given = await gql(
      mark,
      { input: { subjectId: ids.shishan, period: quarter, rater: 'COMMUNITY', score: 88, note: '考核合格' } },
      centre,
    );
    expect(given.recordAssessmentMark).toMatchObject({
      __typename: 'RecordAssessmentMarkSuccess',
      data: {
        subject: 'COMMUNITY',
        subjectId: ids.shishan,
        period: quarter,
        rater: 'COMMUNITY',
        score: 88,
        note: '考核合格',
      },
    });
    const self = await gql(
      mark,
      { input: { subjectId: headMemberId, period: quarter, rater: 'SELF', score: 95 } },
      gridHead,
    );
    expect(self.recordAssessmentMark.data).toMatchObject({
      subject: 'MEMBER',
      subjectId: headMemberId,
      rater: 'SELF',
    });
    const department = await gql(
      mark,
      { input: { subjectId: ids.sszf, period: quarter, rater: 'SELF', score: 90 } },
      { sub: 'sszf-01', role: 'DEPARTMENT_STAFF', district: DISTRICT, department: ids.sszf },
    );
    expect(department.recordAssessmentMark.data).toMatchObject({
      subject: 'DEPARTMENT',
      subjectId: ids.sszf,
    });
    const thirdParty = await gql(
      mark,
      { input: { subjectId: ids.shishan, period: quarter, rater: 'THIRD_PARTY', score: 76 } },
      evaluator,
    );
    expect(thirdParty.recordAssessmentMark.data).toMatchObject({ rater: 'THIRD_PARTY', score: 76 });
  });

  it('refuses, with the field, a mark given twice, a self mark by another, a quarter not begun, a score over 100 and a subject of another type; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const cases: [Record<string, unknown>, TokenClaims, string, string, string[]][] = [
      [
        { subjectId: ids.shishan, period: quarter, rater: 'COMMUNITY', score: 70 },
        centre,
        'ConflictError',
        'DUPLICATE_RECORD',
        ['input', 'rater'],
      ],
      [
        { subjectId: ids.shishan, period: quarter, rater: 'SELF', score: 99 },
        centre,
        'ForbiddenError',
        'FORBIDDEN',
        ['input', 'rater'],
      ],
      [
        { subjectId: ids.shishan, period: `${Number(quarter.slice(0, 4)) + 1}-Q1`, rater: 'SELF', score: 80 },
        shishanStaff,
        'ValidationError',
        'DATE_IN_FUTURE',
        ['input', 'period'],
      ],
      [
        { subjectId: ids.shishan, period: '2026-Q5', rater: 'SELF', score: 80 },
        shishanStaff,
        'ValidationError',
        'VALIDATION_FAILED',
        ['input', 'period'],
      ],
      [
        { subjectId: ids.shishan, period: quarter, rater: 'SELF', score: 101 },
        shishanStaff,
        'ValidationError',
        'INVALID_NUMBER',
        ['input', 'score'],
      ],
      [
        {
          subjectId: encodeGlobalId('Grid', DISTRICT, d.grids.grid1),
          period: quarter,
          rater: 'SELF',
          score: 80,
        },
        shishanStaff,
        'NotFoundError',
        'NOT_FOUND',
        ['input', 'subjectId'],
      ],
      [
        { subjectId: headMemberId, period: quarter, rater: 'SELF', score: 80 },
        fengqiaoStaff,
        'NotFoundError',
        'NOT_FOUND',
        ['input', 'subjectId'],
      ],
    ];
    for (const [input, caller, typename, code, path] of cases) {
      const data = await gql(mark, { input }, caller);
      expect(data.recordAssessmentMark, JSON.stringify(input)).toMatchObject({
        __typename: typename,
        code,
        path,
      });
    }
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });
});

describe('reading the assessment', () => {
  it('counts each community, ranks only those with the minimum of events by the Wilson lower bound, and shows the marks beside', async () => {
    const data = await gql(assessment, { unitCode: DISTRICT, ...period, subject: 'COMMUNITY' }, admin);
    const result = data.gridAssessment;
    expect(result).toMatchObject({
      districtCode: DISTRICT,
      unitCode: DISTRICT,
      subject: 'COMMUNITY',
      ...period,
      asOf: today,
      minimumEvents: 10,
      confidencePercent: 95,
    });
    expect(result.units.map((u: Loose) => [u.code, u.unitId, u.ranked, u.rates.closedOnTime.rank])).toEqual([
      [SHISHAN, ids.shishan, true, 1],
      [FENGQIAO, ids.fengqiao, false, null],
    ]);
    const [shishan, fengqiao] = result.units;
    expect(shishan.counts).toEqual({
      received: 13,
      acceptedOnTime: 13,
      acceptanceDue: 13,
      closedOnTime: 12,
      closureDue: 13,
      closed: 12,
      reopened: 0,
      everClosed: 12,
      satisfied: 10,
      rated: 10,
      satisfactionSum: 50,
      verified: 0,
    });
    const interval = wilsonInterval(12, 13, 95)!;
    expect(shishan.rates.closedOnTime).toEqual({
      numerator: 12,
      denominator: 13,
      value: 12 / 13,
      interval: { lower: interval.lower, upper: interval.upper },
      better: 'HIGHER',
      rank: 1,
    });
    expect(shishan.rates.reopened).toMatchObject({ numerator: 0, denominator: 12, better: 'LOWER', rank: 1 });
    expect(shishan.meanSatisfaction).toBe(5);
    // One event, on time and rated 5: every rate 1, yet not ranked.
    expect(fengqiao.rates.closedOnTime).toMatchObject({ numerator: 1, denominator: 1, value: 1, rank: null });
    expect(fengqiao.rates.closedOnTime.interval.lower).toBeCloseTo(0.2065, 4);
    expect(shishan.marks).toEqual({
      self: { count: 0, sum: 0, mean: null },
      community: { count: 1, sum: 88, mean: 88 },
      thirdParty: { count: 1, sum: 76, mean: 76 },
    });
  });

  it('departments and grid team members: the events dispatched to each, the events each verified', async () => {
    const departments = await gql(
      assessment,
      { unitCode: DISTRICT, ...period, subject: 'DEPARTMENT' },
      admin,
    );
    const received = Object.fromEntries(
      departments.gridAssessment.units.map((u: Loose) => [u.code, [u.unitId, u.counts.received]]),
    );
    expect(received).toMatchObject({ SSZF: [ids.sszf, 13], ZJ: [ids.zj, 1], CG: [expect.any(String), 0] });
    const sszf = departments.gridAssessment.units.find((u: Loose) => u.code === 'SSZF');
    expect(sszf.marks.self).toEqual({ count: 1, sum: 90, mean: 90 });

    const members = await gql(assessment, { unitCode: SHISHAN, ...period, subject: 'MEMBER' }, shishanStaff);
    const head = members.gridAssessment.units.find((u: Loose) => u.unitId === headMemberId);
    expect(head).toMatchObject({
      subject: 'MEMBER',
      counts: { verified: 9 },
      marks: { self: { count: 1, sum: 95 } },
    });
  });

  it('a community’s staff read their own unit only; PUBLIC reads none; a bad period is refused at the argument', async () => {
    const own = await gql(assessment, { unitCode: FENGQIAO, ...period, subject: 'COMMUNITY' }, fengqiaoStaff);
    expect(own.gridAssessment.units.map((u: Loose) => u.code)).toEqual([FENGQIAO]);
    const other = await post(
      assessment,
      { unitCode: SHISHAN, ...period, subject: 'COMMUNITY' },
      fengqiaoStaff,
    );
    expect(other.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: ['unitCode'] });
    const anonymous = await post(
      assessment,
      { unitCode: DISTRICT, ...period, subject: 'COMMUNITY' },
      'public',
    );
    expect(anonymous.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(anonymous.data).toBeNull();
    const backwards = await post(
      assessment,
      { unitCode: DISTRICT, from: today, to: period.from, subject: 'COMMUNITY' },
      admin,
    );
    expect(backwards.errors[0].extensions).toMatchObject({ code: 'INVALID_DATE_RANGE', field: ['to'] });
    const otherDistrict = await post(
      assessment,
      { unitCode: '320506', ...period, subject: 'COMMUNITY' },
      admin,
    );
    expect(otherDistrict.errors[0].extensions.code).toBeDefined();
  });
});
