/**
 * The service-chain indicators of the hand-built district (docs/domain.md §6, §10), counted by
 * hand from service-chain-fixture.ts: each expectation lists the rows it counts. Money in fen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import {
  createIndicatorService,
  type IndicatorService,
  type IndicatorValue,
  serviceChainIndicatorKeys,
} from '../../src/indicators/index.js';
import { createSqlRecorder, createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { A, A1, A2, A3, A4, buildDistrict, DAY_AFTER, DISTRICT, ON, T, T1, T2 } from './fixture.js';
import { A6, buildServiceChain } from './service-chain-fixture.js';

type ChainKey = (typeof serviceChainIndicatorKeys)[number];
type ChainFigures = Record<ChainKey, [numerator: number, denominator: number]>;

function chainFiguresOf(values: readonly IndicatorValue[]): ChainFigures {
  const byKey = new Map(values.map((v) => [v.key, [v.numerator, v.denominator] as [number, number]]));
  return Object.fromEntries(serviceChainIndicatorKeys.map((key) => [key, byKey.get(key)])) as ChainFigures;
}

const yuan = (amount: number) => amount * 100;

describe(`service-chain indicators of a hand-built district (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let service: IndicatorService;
  const recorder = createSqlRecorder();
  const figures = async (unitCode: string, on = ON) =>
    chainFiguresOf(await service.indicatorsFor({ unitCode, on }));

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: DISTRICT, logger: recorder });
    const communities = await buildDistrict(database);
    await buildServiceChain(database, communities);
    service = createIndicatorService(database, { today: () => ON });
  });
  afterAll(() => database.close());

  it('district: every need, and every project whatever unit designed it', async () => {
    expect(await figures(DISTRICT)).toEqual({
      // N1, N2, N3 (A1), N5, N6, N7 (A2), N9 (T2), N10 (A4), N11 (T1), N12 (A6) — not N4 (merged 05-20),
      // N8 (collected tomorrow). Covered: N1 and N10 (P1), N2 (met today) — not N6 (draft P3), N7 (P4
      // cancelled 06-01), N9 (linked tomorrow).
      needs_covered_by_projects: [3, 10],
      // Budgets of P1 200,000, P2 100,000, P5 120,000 (closed), P6 80,000, P7 30,000 — not P3 (draft), P4
      // (cancelled). Contracts of P1 180,000, P5 110,000, P6 75,000 (terminated, keeps its amount).
      project_budget_contracted_share: [yuan(365_000), yuan(530_000)],
      // P1: 90,000 + 34,000 (reversed only on 07-02) + 20,000 from D1 − 20,000 (reversed 06-28) + 20,000 from
      // E1 = 144,000; P5: 60,000 + 50,000.
      project_budget_disbursed_share: [yuan(254_000), yuan(530_000)],
      // Earmarked: P1 155,000 + 20,000 + 20,000 + 5,000; P2 80,000 + 10,000 − 10,000; P4 15,000 − 15,000;
      // P5 120,000. Not government: D1, E1 and IK1 for P1 (E1's for P2 and CF1's for P4 were reversed).
      non_government_funding_share: [yuan(45_000), yuan(400_000)],
      // P1 5 + 5 + 4 + 3 (not tomorrow's 1); P5 5 + 4 + 4 + 3 (not 07-05's 2); P6 2 + 3 + 1.
      satisfaction_average_score: [17 + 16 + 6, 11],
      // Finals: P5 excellent 91, P6 fail 55 — P1's good 88.5 is on 07-10, its mid-term never counts.
      final_evaluations_passed_share: [1, 2],
      final_evaluation_average_score: [91 + 55, 2],
    });
  });

  it('subdistrict and communities: needs by their community, projects by the unit that designed them', async () => {
    const a1 = {
      needs_covered_by_projects: [2, 3],
      project_budget_contracted_share: [yuan(290_000), yuan(320_000)],
      project_budget_disbursed_share: [yuan(254_000), yuan(320_000)],
      non_government_funding_share: [yuan(45_000), yuan(320_000)],
      satisfaction_average_score: [33, 8],
      final_evaluations_passed_share: [1, 1],
      final_evaluation_average_score: [91, 1],
    };
    expect(await figures(A1)).toEqual(a1);
    // N5, N6, N7 open or not yet closed today, none covered; P3 is a draft and P4 was cancelled.
    expect(await figures(A2)).toEqual({
      needs_covered_by_projects: [0, 3],
      project_budget_contracted_share: [0, 0],
      project_budget_disbursed_share: [0, 0],
      non_government_funding_share: [0, 0],
      satisfaction_average_score: [0, 0],
      final_evaluations_passed_share: [0, 0],
      final_evaluation_average_score: [0, 0],
    });
    // P7: approved, no contract.
    expect((await figures(A3)).project_budget_contracted_share).toEqual([0, yuan(30_000)]);
    // A4 and A6 are retired; their needs N10 and N12 still count with them.
    expect((await figures(A4)).needs_covered_by_projects).toEqual([1, 1]);
    expect((await figures(A6)).needs_covered_by_projects).toEqual([0, 1]);
    expect(await figures(A)).toEqual({
      ...a1,
      needs_covered_by_projects: [3, 8],
      project_budget_contracted_share: [yuan(290_000), yuan(350_000)],
      project_budget_disbursed_share: [yuan(254_000), yuan(350_000)],
    });
    // P2 is the town's own project: counted for T, for none of its communities.
    expect(await figures(T)).toEqual({
      needs_covered_by_projects: [0, 2],
      project_budget_contracted_share: [0, yuan(100_000)],
      project_budget_disbursed_share: [0, yuan(100_000)],
      non_government_funding_share: [0, yuan(80_000)],
      satisfaction_average_score: [0, 0],
      final_evaluations_passed_share: [0, 0],
      final_evaluation_average_score: [0, 0],
    });
    expect((await figures(T1)).needs_covered_by_projects).toEqual([0, 1]);
    expect((await figures(T2)).project_budget_contracted_share).toEqual([0, 0]);
  });

  it('values are the ratios of the sums; a 5-point average and shares of 1', async () => {
    const values = await service.indicatorsFor({ unitCode: A1, on: ON });
    const byKey = Object.fromEntries(values.map((v) => [v.key, v]));
    expect(byKey.satisfaction_average_score).toMatchObject({ scale: 1, value: 33 / 8, target: null });
    expect(byKey.project_budget_disbursed_share!.value).toBeCloseTo(254_000 / 320_000, 12);
    expect(byKey.final_evaluation_average_score!.value).toBe(91);
    const t2 = await service.indicatorsFor({ unitCode: T2, on: ON });
    expect(t2.find((v) => v.key === 'satisfaction_average_score')!.value).toBeNull();
  });

  it('boundary days: closing, linking, cancelling, reversing and answering count from their own day', async () => {
    // 05-19: N4 is not merged yet (merged 05-20); N2 is covered through P1 already.
    expect((await figures(A1, '2024-05-19')).needs_covered_by_projects).toEqual([2, 4]);
    // 05-31: P4 is not yet cancelled: its budget, its earmark from CF1 and N7's answer count.
    const a2Before = await figures(A2, '2024-05-31');
    expect(a2Before.needs_covered_by_projects).toEqual([1, 3]);
    expect(a2Before.project_budget_disbursed_share).toEqual([0, yuan(40_000)]);
    expect(a2Before.non_government_funding_share).toEqual([yuan(15_000), yuan(15_000)]);
    // 06-04: cancelled (its budget is out) but the earmark is reversed only on 06-05.
    const a2Cancelled = await figures(A2, '2024-06-04');
    expect(a2Cancelled.project_budget_disbursed_share).toEqual([0, 0]);
    expect(a2Cancelled.non_government_funding_share).toEqual([yuan(15_000), yuan(15_000)]);
    expect((await figures(A2, '2024-06-05')).non_government_funding_share).toEqual([0, 0]);
    // The day after: N8 is collected, N9 is linked to P2, P1 has one answer more.
    expect((await figures(A2, DAY_AFTER)).needs_covered_by_projects).toEqual([0, 4]);
    expect((await figures(T2, DAY_AFTER)).needs_covered_by_projects).toEqual([1, 1]);
    expect((await figures(A1, DAY_AFTER)).satisfaction_average_score).toEqual([34, 9]);
    // 06-27: D1's payment (06-26) is not reversed yet, E1 has not paid; 06-28 the reversal nets it out.
    expect((await figures(A1, '2024-06-27')).project_budget_disbursed_share[0]).toBe(yuan(254_000));
    expect((await figures(A1, '2024-06-28')).project_budget_disbursed_share[0]).toBe(yuan(234_000));
    // 07-02: G1's 34,000 for P1 is reversed.
    expect((await figures(A1, '2024-07-02')).project_budget_disbursed_share[0]).toBe(yuan(220_000));
    // 07-10: P1's final evaluation (good, 88.5).
    expect((await figures(DISTRICT, '2024-07-10')).final_evaluations_passed_share).toEqual([2, 3]);
    expect((await figures(DISTRICT, '2024-07-10')).final_evaluation_average_score).toEqual([234.5, 3]);
    // Before P6's contract (03-28) and after P1's (03-10).
    expect((await figures(DISTRICT, '2024-03-20')).project_budget_contracted_share).toEqual([
      yuan(290_000),
      // P1, P2, P4 (approved 01-15), P5 (closed 03-31), P6 (approved 03-01).
      yuan(200_000 + 100_000 + 40_000 + 120_000 + 80_000),
    ]);
  });

  it('children add up: needs exactly; projects up to what the parent designed itself', async () => {
    const add = (children: { indicators: IndicatorValue[] }[]) => {
      const total = chainFiguresOf(children[0]!.indicators);
      for (const child of children.slice(1)) {
        const figures = chainFiguresOf(child.indicators);
        for (const key of serviceChainIndicatorKeys) {
          total[key] = [total[key][0] + figures[key][0], total[key][1] + figures[key][1]];
        }
      }
      return total;
    };
    const communities = await service.indicatorsByChildUnit({ unitCode: A, on: ON });
    // A4 is retired and listed (organization 8, need N10); A6 is retired and listed for N12 alone.
    expect(communities.map((c) => c.unitCode)).toEqual([A1, A2, A3, A4, A6]);
    expect(add(communities)).toEqual(await figures(A));
    const subdistricts = await service.indicatorsByChildUnit({ unitCode: DISTRICT, on: ON });
    const district = await figures(DISTRICT);
    const sum = add(subdistricts);
    expect(sum.needs_covered_by_projects).toEqual(district.needs_covered_by_projects);
    // P6 is the district's own project: 80,000 budget, 75,000 contract, 3 answers, 1 final evaluation.
    expect(sum.project_budget_contracted_share).toEqual([
      district.project_budget_contracted_share[0] - yuan(75_000),
      district.project_budget_contracted_share[1] - yuan(80_000),
    ]);
    expect(sum.satisfaction_average_score).toEqual([
      district.satisfaction_average_score[0] - 6,
      district.satisfaction_average_score[1] - 3,
    ]);
    expect(sum.final_evaluations_passed_share).toEqual([1, 1]);
    // The town's communities carry none of P2: it is the town's own project.
    const town = add(await service.indicatorsByChildUnit({ unitCode: T, on: ON }));
    expect(town.needs_covered_by_projects).toEqual([0, 2]);
    expect(town.non_government_funding_share).toEqual([0, 0]);
    for (const child of communities) {
      expect(chainFiguresOf(child.indicators)).toEqual(await figures(child.unitCode));
    }
  });

  it('definitions say what is counted, for the level and day asked', async () => {
    const values = await service.indicatorsFor({ unitCode: A1, on: ON });
    const byKey = Object.fromEntries(values.map((v) => [v.key, v]));
    expect(byKey.needs_covered_by_projects!.denominatorDefinition).toMatch(/merged/);
    expect(byKey.needs_covered_by_projects!.numeratorDefinition).toContain(ON);
    expect(byKey.project_budget_disbursed_share!.numeratorDefinition).toMatch(/reversal/);
    expect(byKey.project_budget_disbursed_share!.numeratorDefinition).toContain(A1);
    expect(byKey.non_government_funding_share!.numeratorDefinition).toMatch(/in-kind/);
    const district = await service.indicatorsFor({ unitCode: DISTRICT, on: ON });
    expect(district.find((v) => v.key === 'satisfaction_average_score')!.numeratorDefinition).toMatch(
      /any of its subdistricts and communities/,
    );
  });

  describe('funds by kind of source', () => {
    it('district: committed, received, earmarked and paid per kind, every kind listed, reversals netted', async () => {
      const funds = await service.fundsBySource({ unitCode: DISTRICT, on: ON });
      expect(funds).toMatchObject({ unitCode: DISTRICT, level: 'district', on: ON });
      expect(funds.kinds).toEqual([
        {
          kind: 'government_budget',
          label: '财政预算',
          // G1 300,000 and G2 120,000.
          committedFen: yuan(420_000),
          receivedFen: yuan(420_000),
          // G1: P1 155,000, P2 80,000; G2: P5 120,000.
          earmarkedFen: yuan(355_000),
          // G1: 90,000 + 34,000 (reversed 07-02); G2: 110,000.
          disbursedFen: yuan(234_000),
        },
        // D1's payment was reversed on 06-28.
        {
          kind: 'donation',
          label: '慈善捐赠',
          committedFen: yuan(20_000),
          receivedFen: yuan(20_000),
          earmarkedFen: yuan(20_000),
          disbursedFen: 0,
        },
        // CF1: 15,000 received (the 5,000 of 06-10 reversed on 06-11); its earmark for P4 reversed 06-05.
        {
          kind: 'community_foundation',
          label: '社区基金会',
          committedFen: yuan(20_000),
          receivedFen: yuan(15_000),
          earmarkedFen: 0,
          disbursedFen: 0,
        },
        // E1: P1 20,000 (paid 06-29), P2 10,000 reversed.
        {
          kind: 'enterprise_sponsorship',
          label: '企业赞助',
          committedFen: yuan(30_000),
          receivedFen: yuan(30_000),
          earmarkedFen: yuan(20_000),
          disbursedFen: yuan(20_000),
        },
        {
          kind: 'in_kind',
          label: '实物资助',
          committedFen: yuan(5_000),
          receivedFen: yuan(5_000),
          earmarkedFen: yuan(5_000),
          disbursedFen: 0,
        },
      ]);
      // The kinds add up to the project indicators: every project's earmarks, and what was paid.
      const district = await figures(DISTRICT);
      const total = (field: 'earmarkedFen' | 'disbursedFen') => funds.kinds.reduce((t, k) => t + k[field], 0);
      expect(total('earmarkedFen')).toBe(district.non_government_funding_share[1]);
      expect(total('disbursedFen')).toBe(district.project_budget_disbursed_share[0]);
    });

    it('below the district: the unit’s projects only, and no source totals', async () => {
      const town = await service.fundsBySource({ unitCode: T, on: ON });
      expect(
        town.kinds.map((k) => [k.kind, k.committedFen, k.receivedFen, k.earmarkedFen, k.disbursedFen]),
      ).toEqual([
        ['government_budget', null, null, yuan(80_000), 0],
        ['donation', null, null, 0, 0],
        ['community_foundation', null, null, 0, 0],
        ['enterprise_sponsorship', null, null, 0, 0],
        ['in_kind', null, null, 0, 0],
      ]);
      const before = await service.fundsBySource({ unitCode: A2, on: '2024-06-04' });
      expect(before.kinds.find((k) => k.kind === 'community_foundation')!.earmarkedFen).toBe(yuan(15_000));
      const a1Later = await service.fundsBySource({ unitCode: A1, on: '2024-07-02' });
      expect(a1Later.kinds.find((k) => k.kind === 'government_budget')!.disbursedFen).toBe(yuan(200_000));
      // Before the late CF1 receipt's reversal (06-11), it counts.
      const district = await service.fundsBySource({ unitCode: DISTRICT, on: '2024-06-10' });
      expect(district.kinds.find((k) => k.kind === 'community_foundation')!.receivedFen).toBe(yuan(20_000));
    });

    it('refuses what indicatorsFor refuses', async () => {
      await expect(service.fundsBySource({ unitCode: '320506' })).rejects.toMatchObject({
        code: 'CODE_OUTSIDE_DISTRICT',
        path: ['input', 'unitCode'],
      });
      await expect(service.fundsBySource({ unitCode: `${A}009` })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(service.fundsBySource({ unitCode: A, on: '2024-02-30' })).rejects.toMatchObject({
        code: 'INVALID_DATE',
        path: ['input', 'on'],
      });
    });

    it('one grouped statement for a unit, two for a district', async () => {
      const reads = () => recorder.statements.filter((s) => /^\s*(select|with)/i.test(s.sql)).length;
      recorder.clear();
      await service.fundsBySource({ unitCode: A, on: ON });
      expect(reads()).toBe(2); // the unit, then the earmarks
      recorder.clear();
      await service.fundsBySource({ unitCode: DISTRICT, on: ON });
      expect(reads()).toBe(3); // the district, the earmarks, the sources
    });
  });
});
