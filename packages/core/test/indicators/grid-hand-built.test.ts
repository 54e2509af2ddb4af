/**
 * The grid-management and consultation indicators (docs/domain.md §7, §8, §10) of the grid suites'
 * district, with events, summonses and meetings written by hand: each expectation lists the rows it
 * counts. The edges: the 12 months in China's calendar (a closure at 23:59 the day before they
 * start is out, one at 23:30 on the day is in, one ten minutes after it is out), an event reopened
 * and not closed again, a rating in the window of a closure before it, a report-in exactly at the
 * deadline, a department whose deadline is still to come, an outcome implemented after the day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIndicatorService,
  gridIndicatorKeys,
  type IndicatorService,
  type IndicatorValue,
} from '../../src/indicators/index.js';
import {
  consultationMeetings,
  meetingOutcomes,
  meetingTopics,
  summonsDepartments,
  summonses,
} from '../../src/schema/index.js';
import { testDatabaseKind } from '../../src/testing/index.js';
import { at, type EventRow, insertEvent } from '../grid-events/assessment-fixture.js';
import {
  createGridDistrict,
  DISTRICT,
  FENGQIAO,
  type GridDistrict,
  SHISHAN,
} from '../grid-events/fixture.js';

type Key = (typeof gridIndicatorKeys)[number];
const ON = '2026-03-02';
const SHISHAN_STREET = '320505001';
const FENGQIAO_STREET = '320505002';

function figuresOf(values: readonly IndicatorValue[]): Record<Key, [number, number]> {
  const byKey = new Map(values.map((v) => [v.key, [v.numerator, v.denominator] as [number, number]]));
  return Object.fromEntries(gridIndicatorKeys.map((key) => [key, byKey.get(key)])) as Record<
    Key,
    [number, number]
  >;
}

let d: GridDistrict;
let service: IndicatorService;

beforeAll(async () => {
  d = await createGridDistrict();
  service = createIndicatorService(d.database, { today: () => ON });
  const closed = (row: Partial<EventRow> & Pick<EventRow, 'reportedAt'>) =>
    insertEvent(d, { grid: 'grid1', state: 'closed', closedLate: false, ...row });
  // 狮山社区, 网格一.
  await closed({
    reportedAt: at('2026-01-05'),
    closedAt: at('2026-01-10'),
    satisfaction: 5,
    ratedAt: at('2026-01-11'),
  }); // e1
  await closed({
    reportedAt: at('2026-02-02'),
    closedAt: at('2026-02-10'),
    closedLate: true,
    satisfaction: 3,
    ratedAt: at('2026-02-11'),
  }); // e2
  await closed({
    reportedAt: at('2026-01-20'),
    reopened: { closedAt: at('2026-02-01'), reopenedAt: at('2026-02-05') },
    closedAt: at('2026-02-15'),
    satisfaction: 4,
    ratedAt: at('2026-02-16'),
  }); // e3
  await insertEvent(d, {
    grid: 'grid1',
    state: 'handling',
    reportedAt: at('2026-02-12'),
    reopened: { closedAt: at('2026-02-20'), reopenedAt: at('2026-02-25') },
    acceptedAt: at('2026-02-26'),
  }); // e4: reopened, in hand again
  await closed({
    reportedAt: at('2025-02-20'),
    closedAt: at('2025-03-02', '23:59'),
    satisfaction: 5,
    ratedAt: at('2025-03-05'),
  }); // e5: closed the day before the 12 months, rated in them
  await closed({ reportedAt: at('2026-02-25'), closedAt: at('2026-03-02', '23:30') }); // e6
  await closed({ reportedAt: at('2026-02-26'), closedAt: at('2026-03-03', '00:10') }); // e7: after the day
  // 狮山社区, 网格二.
  await closed({
    grid: 'grid2',
    reportedAt: at('2025-05-20'),
    closedAt: at('2025-06-01'),
    satisfaction: 1,
    ratedAt: at('2025-06-02'),
  }); // e8
  // 枫桥社区.
  await closed({
    grid: 'fengqiao',
    departmentId: d.departments.zj,
    reportedAt: at('2025-11-20'),
    closedAt: at('2025-12-01'),
    closedLate: true,
    satisfaction: 5,
    ratedAt: at('2025-12-02'),
  }); // e9
  await closed({
    grid: 'fengqiao',
    departmentId: d.departments.zj,
    reportedAt: at('2025-02-20'),
    reopened: { closedAt: at('2025-03-01'), reopenedAt: at('2025-03-10') },
    closedAt: at('2025-03-20'),
  }); // e10: first closed before the 12 months, reopened and closed again in them

  const summon = async (
    communityId: number,
    issuedAt: string,
    reportDueAt: string,
    departments: [number, string | null][],
  ) => {
    const [row] = await d.database.db
      .insert(summonses)
      .values({
        districtCode: DISTRICT,
        communityId,
        reason: 'difficult',
        description: '联合处置。',
        issuedBy: 'fixture',
        issuedAt,
        reportDueAt,
      })
      .returning({ id: summonses.id });
    await d.database.db.insert(summonsDepartments).values(
      departments.map(([departmentId, reportedAt]) => ({
        districtCode: DISTRICT,
        summonsId: row!.id,
        departmentId,
        reportedAt,
        reportedBy: reportedAt === null ? null : 'fixture',
      })),
    );
  };
  const { cg, sszf, zj, sw } = d.departments;
  const { shishan, fengqiao } = d.communities;
  // s1: on time, late, never.
  await summon(shishan, at('2026-02-02', '10:00'), at('2026-02-04', '18:00'), [
    [cg, at('2026-02-04', '17:00')],
    [sszf, at('2026-02-05')],
    [zj, null],
  ]);
  // s2: issued on the day: one reported in, one still to come (not yet counted).
  await summon(shishan, at(ON, '09:00'), at('2026-03-04', '18:00'), [
    [cg, at(ON, '09:30')],
    [sw, null],
  ]);
  // s3: issued before the 12 months. s4: reported in at the deadline exactly (on time).
  await summon(fengqiao, at('2025-03-01'), at('2025-03-03', '18:00'), [[zj, at('2025-03-03', '12:00')]]);
  await summon(fengqiao, at('2025-10-10'), at('2025-10-13', '18:00'), [[zj, at('2025-10-13', '18:00')]]);
  // s5: an emergency due at 10:00 on the day, reported in only the day after.
  await summon(shishan, at(ON, '08:00'), at(ON, '10:00'), [[sw, at('2026-03-03', '08:00')]]);

  const meeting = async (
    communityId: number,
    heldOn: string,
    outcomes: { state: string; implementedOn?: string; reportedBackOn?: string }[],
  ) => {
    const [m] = await d.database.db
      .insert(consultationMeetings)
      .values({
        districtCode: DISTRICT,
        communityId,
        title: '居民议事会',
        form: 'council',
        heldOn,
        place: '社区议事厅',
        convenedBy: 'fixture',
      })
      .returning({ id: consultationMeetings.id });
    const [topic] = await d.database.db
      .insert(meetingTopics)
      .values({ districtCode: DISTRICT, meetingId: m!.id, title: '老旧管网改造', source: 'proposal' })
      .returning({ id: meetingTopics.id });
    for (const outcome of outcomes) {
      await d.database.db.insert(meetingOutcomes).values({
        districtCode: DISTRICT,
        topicId: topic!.id,
        meetingId: m!.id,
        text: '分批改造老旧管网。',
        votesFor: outcome.state === 'not_adopted' ? 3 : 20,
        votesAgainst: outcome.state === 'not_adopted' ? 20 : 3,
        state: outcome.state,
        implementedOn: outcome.implementedOn ?? null,
        reportedBackOn: outcome.reportedBackOn ?? null,
        report: outcome.reportedBackOn ? '已完成改造并公示。' : null,
      });
    }
  };
  await meeting(shishan, '2025-09-10', [
    { state: 'adopted' }, // o1
    { state: 'implemented', implementedOn: '2025-12-01' }, // o2
    { state: 'reported_back', implementedOn: '2025-11-01', reportedBackOn: '2025-11-15' }, // o3
    { state: 'not_adopted' }, // o4
  ]);
  await meeting(fengqiao, '2025-03-02', [{ state: 'implemented', implementedOn: '2025-04-01' }]); // o5: before
  await meeting(fengqiao, '2025-03-03', [{ state: 'implemented', implementedOn: '2026-03-03' }]); // o6
  await meeting(shishan, ON, [{ state: 'adopted' }]); // o7
});
afterAll(async () => {
  await d?.database.close();
});

describe(`grid and consultation indicators of a hand-built district (${testDatabaseKind()})`, () => {
  it('the district on the day, row by row', async () => {
    expect(figuresOf(await service.indicatorsFor({ unitCode: DISTRICT, on: ON }))).toEqual({
      // Closed in the 12 months: e1, e2, e3, e6, e8, e9, e10 (e4 is in hand again, e5 before, e7 after);
      // on time all but e2 and e9.
      grid_events_closed_on_time_share: [5, 7],
      // A closing step in the 12 months: e1, e2, e3, e4, e6, e8, e9, e10; reopened in them: e3, e4, e10.
      grid_events_reopened_share: [3, 8],
      // Rated in the 12 months: e1 5, e2 3, e3 4, e5 5, e8 1, e9 5.
      grid_event_ratings_satisfied_share: [4, 6],
      // s1 (cg on time, sszf late, zj never), s2 (cg on time; sw not yet due), s4 (at the deadline), s5 (late).
      summons_reported_in_on_time_share: [3, 6],
      // Adopted at meetings from 2025-03-03: o1, o2, o3, o6, o7; implemented by the day: o2, o3.
      consultation_outcomes_implemented_share: [2, 5],
    });
  });

  it('by subdistrict and community: each figure where its grid or community lies, adding up to the district', async () => {
    const district = figuresOf(await service.indicatorsFor({ unitCode: DISTRICT, on: ON }));
    const subdistricts = await service.indicatorsByChildUnit({ unitCode: DISTRICT, on: ON });
    const of = (units: typeof subdistricts, code: string) =>
      figuresOf(units.find((u) => u.unitCode === code)!.indicators);
    expect(of(subdistricts, SHISHAN_STREET)).toEqual({
      grid_events_closed_on_time_share: [4, 5],
      grid_events_reopened_share: [2, 6],
      grid_event_ratings_satisfied_share: [3, 5],
      summons_reported_in_on_time_share: [2, 5],
      consultation_outcomes_implemented_share: [2, 4],
    });
    expect(of(subdistricts, FENGQIAO_STREET)).toEqual({
      grid_events_closed_on_time_share: [1, 2],
      grid_events_reopened_share: [1, 2],
      grid_event_ratings_satisfied_share: [1, 1],
      summons_reported_in_on_time_share: [1, 1],
      consultation_outcomes_implemented_share: [0, 1],
    });
    for (const key of gridIndicatorKeys) {
      expect(
        subdistricts.reduce((t, s) => t + figuresOf(s.indicators)[key][0], 0),
        key,
      ).toBe(district[key][0]);
      expect(
        subdistricts.reduce((t, s) => t + figuresOf(s.indicators)[key][1], 0),
        key,
      ).toBe(district[key][1]);
    }
    const communities = await service.indicatorsByChildUnit({ unitCode: SHISHAN_STREET, on: ON });
    expect(of(communities, SHISHAN)).toEqual(of(subdistricts, SHISHAN_STREET));
    expect(figuresOf(await service.indicatorsFor({ unitCode: FENGQIAO, on: ON }))).toEqual(
      of(subdistricts, FENGQIAO_STREET),
    );
  });

  it('on another day the 12 months move: 2025-12-31', async () => {
    expect(figuresOf(await service.indicatorsFor({ unitCode: DISTRICT, on: '2025-12-31' }))).toEqual({
      // e5 (2025-03-02), e8, e9, e10 closed in 2025; e9 late.
      grid_events_closed_on_time_share: [3, 4],
      // Closing steps in 2025: e5, e8, e9, e10 (its first, 03-01, and 03-20); reopened: e10.
      grid_events_reopened_share: [1, 4],
      // e5 5, e8 1, e9 5.
      grid_event_ratings_satisfied_share: [2, 3],
      // s3 and s4, both on time.
      summons_reported_in_on_time_share: [2, 2],
      // o1, o2, o3, o5, o6 adopted at meetings of 2025; o2, o3, o5 implemented by then (o6 only in 2026).
      consultation_outcomes_implemented_share: [3, 5],
    });
  });

  it('each value is the numerator over the denominator, with its definition in words', async () => {
    const values = await service.indicatorsFor({ unitCode: DISTRICT, on: ON });
    const closedOnTime = values.find((v) => v.key === 'grid_events_closed_on_time_share')!;
    expect(closedOnTime).toMatchObject({ scale: 1, value: 5 / 7, target: null });
    expect(closedOnTime.denominatorDefinition).toContain('from 2025-03-03 to 2026-03-02, China time');
    expect(values.find((v) => v.key === 'summons_reported_in_on_time_share')!.numeratorDefinition).toContain(
      'by the end of 2026-03-02',
    );
  });
});
