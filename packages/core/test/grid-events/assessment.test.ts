/**
 * The assessment of grid work (docs/domain.md §7.9) over events counted by hand: per community,
 * department and grid team member, on-time receipt and closure (an open event past its due day is
 * late already), closure, reopening and satisfaction, each with its Wilson interval, ranked only
 * with policy grid.assessment's minimum of events, by the interval's bound, so 狮山社区's 16 of 19
 * closed on time outranks 枫桥社区's one lucky event; and the marks beside them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { createGridAssessmentService } from '../../src/grid-events/assessment.js';
import type { AssessedUnit, GridAssessmentInput } from '../../src/grid-events/assessment-types.js';
import { createPolicyService } from '../../src/policies/index.js';
import { gridAssessmentMarks, gridTeamMembers } from '../../src/schema/index.js';
import { addDays } from '../../src/services/dates.js';
import { testDatabaseKind } from '../../src/testing/index.js';
import { at, type EventRow, insertEvent } from './assessment-fixture.js';
import { createGridDistrict, DISTRICT, FENGQIAO, type GridDistrict, SHISHAN, TODAY } from './fixture.js';

let d: GridDistrict;
const PERIOD = { from: '2026-01-01', to: '2026-02-28' };

function assess(actor: Actor, input: Partial<GridAssessmentInput>, today = TODAY) {
  return createGridAssessmentService(d.database, { actor, today: () => today }).gridAssessment({
    ...PERIOD,
    subject: 'community',
    ...input,
  } as GridAssessmentInput);
}

const byCode = (units: AssessedUnit[], code: string) => units.find((u) => u.code === code)!;
const pair = (unit: AssessedUnit) =>
  Object.fromEntries(
    Object.entries(unit.rates).map(([key, rate]) => [key, [rate.numerator, rate.denominator]]),
  );

beforeAll(async () => {
  d = await createGridDistrict();
  const event = (row: Partial<EventRow> & Pick<EventRow, 'state' | 'reportedAt'>) =>
    insertEvent(d, { grid: 'grid1', departmentId: d.departments.sszf, ...row });
  // A: 15 closed on time, accepted on time; 10 rated 5, 2 rated 4; the head verified 9.
  for (let i = 0; i < 15; i++) {
    const day = addDays('2026-01-05', i);
    await event({
      state: 'closed',
      reportedAt: at(day),
      acceptedAt: at(day, '10:00'),
      acceptedLate: false,
      fedBackAt: at(addDays(day, 1)),
      closedAt: at(addDays(day, 2)),
      closedLate: false,
      verifiedBy: i < 9 ? 'wg-ss-head' : 'sq-ss-01',
      satisfaction: i < 10 ? 5 : i < 12 ? 4 : null,
      ratedAt: i < 12 ? at(addDays(day, 3)) : null,
    });
  }
  // B: reopened once, then closed again on time; verified by the head.
  await event({
    state: 'closed',
    reportedAt: at('2026-01-15'),
    acceptedAt: at('2026-01-15', '10:00'),
    acceptedLate: false,
    reopened: { closedAt: at('2026-01-20'), reopenedAt: at('2026-01-22') },
    closedAt: at('2026-01-25'),
    closedLate: false,
    verifiedBy: 'wg-ss-head',
  });
  // C: two accepted late and closed late; one rated 2; the other closed on 03-01, after the period.
  await event({
    state: 'closed',
    reportedAt: at('2026-02-02'),
    acceptedAt: at('2026-02-04'),
    acceptedLate: true,
    closedAt: at('2026-02-27'),
    closedLate: true,
    satisfaction: 2,
    ratedAt: at('2026-02-28'),
  });
  await event({
    state: 'closed',
    reportedAt: at('2026-02-03'),
    acceptedAt: at('2026-02-05'),
    acceptedLate: true,
    closedAt: at('2026-03-01', '08:00'),
    closedLate: true,
    verifiedBy: 'wg-ss-head',
  });
  // D: in hand past its closing day (02-20): late already. E: not accepted past 02-25, closing day 03-10.
  await event({
    state: 'handling',
    reportedAt: at('2026-02-10'),
    acceptedAt: at('2026-02-10', '11:00'),
    acceptedLate: false,
    closeDueOn: '2026-02-20',
  });
  await event({
    state: 'dispatched',
    reportedAt: at('2026-02-24'),
    acceptDueOn: '2026-02-25',
    closeDueOn: '2026-03-10',
  });
  // F–H: collected, reported by wg-ss-02 at the edges of the period: only F is in it.
  await event({ state: 'collected', reportedAt: at('2026-02-28', '23:59'), reportedBy: 'wg-ss-02' });
  await event({ state: 'collected', reportedAt: at('2026-03-01', '00:00'), reportedBy: 'wg-ss-02' });
  await event({ state: 'collected', reportedAt: at('2025-12-31', '23:59'), reportedBy: 'wg-ss-02' });
  // I: 枫桥社区's one event, closed on time and rated 5: the lucky one.
  await insertEvent(d, {
    grid: 'fengqiao',
    state: 'closed',
    departmentId: d.departments.zj,
    reportedAt: at('2026-01-10'),
    reportedBy: 'wg-fq-01',
    acceptedAt: at('2026-01-10', '10:00'),
    acceptedLate: false,
    closedAt: at('2026-01-12'),
    closedLate: false,
    verifiedBy: 'sq-fq-01',
    satisfaction: 5,
    ratedAt: at('2026-01-13'),
  });

  const mark = (values: Partial<typeof gridAssessmentMarks.$inferInsert>) =>
    d.database.db.insert(gridAssessmentMarks).values({
      districtCode: DISTRICT,
      subjectKind: 'community',
      period: '2026-Q1',
      rater: 'self',
      score: 90,
      ratedBy: 'fixture',
      ...values,
    });
  await mark({ communityId: d.communities.shishan });
  await mark({ communityId: d.communities.shishan, rater: 'community', score: 80 });
  await mark({ communityId: d.communities.shishan, rater: 'third_party', score: 70 });
  await mark({ communityId: d.communities.shishan, period: '2025-Q4', score: 60 });
  await mark({ subjectKind: 'department', departmentId: d.departments.sszf, rater: 'community', score: 85 });
});
afterAll(async () => {
  await d?.database.close();
});

describe(`the assessment of communities (${testDatabaseKind()})`, () => {
  it('counts each community by hand: 狮山社区 21 events, 枫桥社区 1', async () => {
    const result = await assess(d.actors.admin, {});
    expect(result).toMatchObject({
      ...PERIOD,
      subject: 'community',
      unitCode: DISTRICT,
      asOf: TODAY,
      minimumEvents: 10,
      confidencePercent: 95,
      policySource: 'sanshe default (no national figure; set locally)',
    });
    const shishan = byCode(result.units, SHISHAN);
    expect(shishan.counts).toEqual({
      received: 21,
      acceptedOnTime: 17,
      acceptanceDue: 20,
      closedOnTime: 16,
      closureDue: 19,
      closed: 18,
      reopened: 1,
      everClosed: 18,
      satisfied: 12,
      rated: 13,
      satisfactionSum: 60,
      verified: 0,
    });
    expect(pair(shishan)).toEqual({
      acceptedOnTime: [17, 20],
      closedOnTime: [16, 19],
      closed: [18, 21],
      reopened: [1, 18],
      satisfied: [12, 13],
    });
    expect(shishan.meanSatisfaction).toBeCloseTo(60 / 13, 10);
    expect(shishan.rates.closedOnTime.interval).toEqual({
      lower: expect.closeTo(0.6243, 4),
      upper: expect.closeTo(0.9448, 4),
    });
    expect(pair(byCode(result.units, FENGQIAO))).toEqual({
      acceptedOnTime: [1, 1],
      closedOnTime: [1, 1],
      closed: [1, 1],
      reopened: [0, 1],
      satisfied: [1, 1],
    });
  });

  it('one lucky event does not top the ranking: below the minimum of 10 it is not ranked, and with a minimum of 1 the lower bound puts it second', async () => {
    const result = await assess(d.actors.admin, {});
    expect(result.units.map((u) => [u.code, u.ranked, u.rates.closedOnTime.rank])).toEqual([
      [SHISHAN, true, 1],
      [FENGQIAO, false, null],
    ]);

    await createPolicyService(d.database, { today: () => TODAY }).setPolicy({
      key: 'grid.assessment',
      jurisdictionCode: DISTRICT,
      effectiveFrom: '2026-03-03',
      value: { minimumEvents: 1, confidencePercent: 95 },
      source: '虎丘区网格化服务管理考核办法（试行）',
    });
    const anyVolume = await assess(d.actors.admin, {}, '2026-03-03');
    expect(anyVolume.minimumEvents).toBe(1);
    expect(anyVolume.policySource).toBe('虎丘区网格化服务管理考核办法（试行）');
    const shishan = byCode(anyVolume.units, SHISHAN);
    const fengqiao = byCode(anyVolume.units, FENGQIAO);
    // 枫桥社区 is on time and satisfied every time (1 of 1), 狮山社区 not (16 of 19, 12 of 13) …
    expect(fengqiao.rates.closedOnTime.value).toBeGreaterThan(shishan.rates.closedOnTime.value!);
    expect(fengqiao.rates.satisfied.value).toBeGreaterThan(shishan.rates.satisfied.value!);
    // … but one event says little: ranked by the lower bound (0.21 against 0.62), it comes second.
    expect(fengqiao.rates.closedOnTime.interval!.lower).toBeCloseTo(0.2065, 4);
    for (const key of ['acceptedOnTime', 'closedOnTime', 'closed', 'satisfied'] as const) {
      expect([key, shishan.rates[key].rank, fengqiao.rates[key].rank]).toEqual([key, 1, 2]);
    }
    // Reopening is better low: 1 of 18 (upper bound 0.26) against 0 of 1 (upper bound 0.79).
    expect([shishan.rates.reopened.rank, fengqiao.rates.reopened.rank]).toEqual([1, 2]);
    expect(anyVolume.units.map((u) => u.code)).toEqual([SHISHAN, FENGQIAO]);
  });

  it('the marks of the quarters the period overlaps, by kind of rater', async () => {
    const q1 = byCode((await assess(d.actors.admin, {})).units, SHISHAN);
    expect(q1.marks).toEqual({
      self: { count: 1, sum: 90, mean: 90 },
      community: { count: 1, sum: 80, mean: 80 },
      third_party: { count: 1, sum: 70, mean: 70 },
    });
    const fromDecember = byCode((await assess(d.actors.admin, { from: '2025-12-01' })).units, SHISHAN);
    expect(fromDecember.marks.self).toEqual({ count: 2, sum: 150, mean: 75 });
    // H, reported on 2025-12-31, now falls in the period.
    expect(fromDecember.counts.received).toBe(22);
    expect(byCode((await assess(d.actors.admin, {})).units, FENGQIAO).marks.self).toEqual({
      count: 0,
      sum: 0,
      mean: null,
    });
  });
});

describe(`the assessment of departments and grid workers (${testDatabaseKind()})`, () => {
  it('departments count the events dispatched to them in the period; every department serving the unit is listed', async () => {
    const result = await assess(d.actors.admin, { subject: 'department' });
    expect(result.units.map((u) => [u.code, u.counts.received, u.rates.closedOnTime.rank])).toEqual([
      ['SSZF', 20, 1],
      ['CG', 0, null],
      ['SW', 0, null],
      ['ZJ', 1, null],
    ]);
    expect(pair(byCode(result.units, 'SSZF'))).toEqual({
      acceptedOnTime: [17, 20],
      closedOnTime: [16, 19],
      closed: [18, 20],
      reopened: [1, 18],
      satisfied: [12, 13],
    });
    expect(byCode(result.units, 'SSZF').marks.community).toEqual({ count: 1, sum: 85, mean: 85 });
    // 枫桥社区's staff see the departments serving it, with its events only: not 狮山街道's office.
    const fengqiao = await assess(d.actors.fengqiao, { subject: 'department' });
    expect(fengqiao.unitCode).toBe(FENGQIAO);
    expect(fengqiao.units.map((u) => [u.code, u.counts.received])).toEqual([
      ['CG', 0],
      ['SW', 0],
      ['ZJ', 1],
    ]);
  });

  it('grid workers by account: the events each reported in its grid, and those it verified and closed in the period', async () => {
    const result = await assess(d.actors.centre, { subject: 'member' });
    expect(result.unitCode).toBe('320505001');
    const members = await d.database.db.select().from(gridTeamMembers);
    const idOf = (account: string) => members.find((m) => m.accountId === account)!.id;
    expect(
      result.units
        .map((u) => [u.id, u.accountId, u.name, u.counts.received, u.counts.verified])
        .sort((a, b) => (a[0] as number) - (b[0] as number)),
    ).toEqual([
      [idOf('wg-ss-head'), 'wg-ss-head', '王网格长', 0, 10],
      [idOf('wg-ss-01'), 'wg-ss-01', '李网格员', 20, 0],
      [idOf('wg-ss-02'), 'wg-ss-02', '赵网格员', 1, 0],
    ]);
    expect(result.units[0]!.accountId).toBe('wg-ss-01');
    expect(await assess(d.actors.fengqiao, { subject: 'member' })).toMatchObject({ units: [] });
  });
});

describe(`who reads it, and bad input (${testDatabaseKind()})`, () => {
  it('unit staff read their unit; others nothing', async () => {
    const mine = await assess(d.actors.shishan, {});
    expect(mine.units.map((u) => u.code)).toEqual([SHISHAN]);
    expect((await assess(d.actors.gridWorker, {})).units.map((u) => u.code)).toEqual([SHISHAN]);
    expect((await assess(d.actors.cg, {})).units).toHaveLength(2);
    expect((await assess(d.actors.evaluator, { unitCode: '320505002' })).units.map((u) => u.code)).toEqual([
      FENGQIAO,
    ]);
    for (const actor of [d.actors.resident, d.actors.public, d.actors.informant]) {
      await expect(assess(actor, {})).rejects.toMatchObject({ code: 'FORBIDDEN', path: [] });
    }
    await expect(assess(d.actors.fengqiao, { unitCode: SHISHAN })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      path: ['input', 'unitCode'],
    });
    await expect(assess(d.actors.centre, { unitCode: '320505002' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      path: ['input', 'unitCode'],
    });
  });

  it('dates, the period, the subject and the unit are checked', async () => {
    const refused = async (input: Partial<GridAssessmentInput>, code: string, path: (string | number)[]) =>
      expect(assess(d.actors.admin, input)).rejects.toMatchObject({ code, path });
    await refused({ from: '2026-02-30' }, 'INVALID_DATE', ['input', 'from']);
    await refused({ to: '2025-12-31' }, 'INVALID_DATE_RANGE', ['input', 'to']);
    await refused({ from: '2025-01-01', to: '2026-01-02' }, 'INVALID_DATE_RANGE', ['input', 'to']);
    await refused({ subject: 'grid' }, 'INVALID_CODE_LIST_VALUE', ['input', 'subject']);
    await refused({ unitCode: '320506' }, 'CODE_OUTSIDE_DISTRICT', ['input', 'unitCode']);
    await refused({ unitCode: '32050500' }, 'INVALID_DIVISION_CODE', ['input', 'unitCode']);
  });
});

describe(`a district's part of an assessment across districts (${testDatabaseKind()})`, () => {
  const across = (actor: Actor, rule: { minimumEvents?: number | null; confidencePercent?: number | null }) =>
    createGridAssessmentService(d.database, { actor, today: () => TODAY }).gridAssessmentAcrossDistricts({
      ...PERIOD,
      subject: 'community',
      ...rule,
    });

  it('ranks under the rule asked for, not the district’s policy, and totals the units’ counts', async () => {
    const own = await assess(d.actors.admin, {});
    const part = await across(d.actors.admin, { minimumEvents: 1, confidencePercent: 80 });
    expect(part).toMatchObject({
      minimumEvents: 1,
      confidencePercent: 80,
      districts: [DISTRICT],
      asOf: TODAY,
    });
    // The same counts; under one event a rule 枫桥社区's one lucky event is ranked, second.
    expect(
      part.units.map((u) => [u.districtCode, u.code, u.counts, u.ranked, u.rates.closedOnTime.rank]),
    ).toEqual(own.units.map((u) => [DISTRICT, u.code, u.counts, true, u.code === SHISHAN ? 1 : 2]));
    // Intervals at 80 %: narrower than the district's 95 %.
    const shishan = part.units.find((u) => u.code === SHISHAN)!;
    expect(shishan.rates.closedOnTime.interval!.lower).toBeGreaterThan(
      byCode(own.units, SHISHAN).rates.closedOnTime.interval!.lower,
    );
    const received = own.units.reduce((n, u) => n + u.counts.received, 0);
    expect(part.total.counts.received).toBe(received);
    expect(part.total.rates.closedOnTime).toMatchObject({
      numerator: own.units.reduce((n, u) => n + u.counts.closedOnTime, 0),
      denominator: own.units.reduce((n, u) => n + u.counts.closureDue, 0),
      rank: null,
    });
    expect(part.byDistrict).toEqual([{ districtCode: DISTRICT, ...part.total }]);
    // Without a rule: the national default (10 events, 95 %).
    expect(await across(d.actors.admin, {})).toMatchObject({ minimumEvents: 10, confidencePercent: 95 });
  });

  it('where the caller reads nothing, the part is empty rather than FORBIDDEN; a bad rule is refused by its field', async () => {
    const nothing = await across(d.actors.public, {});
    expect(nothing).toMatchObject({
      districts: [],
      units: [],
      byDistrict: [],
      total: { counts: { received: 0 } },
    });
    expect((await across(d.actors.shishan, {})).units.map((u) => u.code)).toEqual([SHISHAN]);
    await expect(across(d.actors.admin, { minimumEvents: 0 })).rejects.toMatchObject({
      code: 'INVALID_NUMBER',
      path: ['input', 'minimumEvents'],
    });
    await expect(across(d.actors.admin, { confidencePercent: 97 })).rejects.toMatchObject({
      code: 'INVALID_NUMBER',
      path: ['input', 'confidencePercent'],
    });
    await expect(across(d.actors.public, { minimumEvents: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_NUMBER',
    });
  });
});
