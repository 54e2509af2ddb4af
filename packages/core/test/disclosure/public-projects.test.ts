/**
 * The public views of the service chain (四公开, docs/domain.md §6.8) over the hand-built district
 * and its chain (test/indicators/service-chain-fixture.ts): which projects are disclosed and when,
 * exactly the whitelisted fields, no personal data, and the figures of each part.
 */
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import {
  createDisclosureReads,
  type DisclosureReads,
  isDisclosed,
  PERSONAL_DONOR_NAME,
  type PublicProject,
} from '../../src/disclosure/index.js';
import { isSansheError } from '../../src/errors/index.js';
import { purchases, serviceProjects } from '../../src/schema/index.js';
import {
  createSqlRecorder,
  createTestDistrictDatabase,
  snapshotDatabase,
  testDatabaseKind,
} from '../../src/testing/index.js';
import { A, A1, A2, buildDistrict, DISTRICT, T, T1, T2, uscc } from '../indicators/fixture.js';
import {
  buildServiceChain,
  FUNDS_TODAY,
  PRIVATE_TEXTS,
  respondentHash,
  type ServiceChain,
} from '../indicators/service-chain-fixture.js';
import { expectWhitelisted } from './whitelist.js';

const yuan = (amount: number) => amount * 100;

describe(`public views of service projects (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let chain: ServiceChain;
  let reads: DisclosureReads;
  const recorder = createSqlRecorder();
  const on = (day: string) => createDisclosureReads(database, { today: () => day });
  const ids = (page: { edges: { node: PublicProject }[] }) => page.edges.map((edge) => edge.node.id);
  let disclosedIds: number[];

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: DISTRICT, logger: recorder });
    chain = await buildServiceChain(database, await buildDistrict(database));
    reads = createDisclosureReads(database, { today: () => FUNDS_TODAY });
    const { P1, P2, P5, P6 } = chain.projects;
    disclosedIds = [P1, P2, P5, P6];
  });
  afterAll(() => database.close());

  it('discloses approved and closed projects once the live purchase’s tender is published, as isDisclosed says', async () => {
    const page = await reads.publicProjects({ first: 50 });
    expect(ids(page)).toEqual(disclosedIds);
    // Restate the rule over the rows: P3 is a draft, P4 cancelled, P7 still at its purchase plan.
    const rows = await database.db
      .select()
      .from(serviceProjects)
      .where(eq(serviceProjects.districtCode, DISTRICT));
    const live = await database.db
      .select()
      .from(purchases)
      .where(and(eq(purchases.districtCode, DISTRICT), ne(purchases.stage, 'cancelled')));
    const byRule = rows
      .filter((p) =>
        isDisclosed(p, live.find((purchase) => purchase.projectId === p.id) ?? null, FUNDS_TODAY),
      )
      .map((p) => p.id)
      .sort((a, b) => a - b);
    expect(byRule).toEqual(disclosedIds);
    for (const hidden of [chain.projects.P3, chain.projects.P4, chain.projects.P7, 999_999, -1, 1.5]) {
      expect(await reads.publicProject(hidden)).toBeNull();
    }
    // P2's live purchase was tendered on 05-01; its cancelled first purchase does not disclose it.
    expect(await on('2024-04-30').publicProject(chain.projects.P2)).toBeNull();
    expect((await on('2024-05-01').publicProject(chain.projects.P2))?.purchase.stage).toBe('tender');
  });

  it('every object of every view has exactly its whitelisted fields', async () => {
    const page = await reads.publicProjects({ first: 50 });
    const kinds = new Set<string>();
    for (const { node } of page.edges) for (const kind of expectWhitelisted(node)) kinds.add(kind);
    // Every kind of the whitelist was met, so none is left unchecked.
    expect([...kinds].sort()).toEqual(
      [
        'budget',
        'budgetLine',
        'contract',
        'evaluation',
        'funding',
        'fundingSource',
        'indicator',
        'need',
        'project',
        'purchase',
        'purchaseStage',
        'satisfaction',
        'scoreCount',
        'tranche',
        'undertaker',
        'unit',
      ].sort(),
    );
  });

  it('no personal data, no private text, no staff ids, no other bidders', async () => {
    const text = JSON.stringify(await reads.publicProjects({ first: 50 }));
    for (const [name, value] of Object.entries(PRIVATE_TEXTS)) {
      expect(text.includes(value), `${name} is not public`).toBe(false);
    }
    for (let n = 1; n <= 13; n += 1) expect(text).not.toContain(respondentHash(n));
    expect(text).not.toContain('mz-czk-01'); // who recorded the ledger entries
    expect(text).toContain(PERSONAL_DONOR_NAME);
    // P1 had three bidders: the view counts them and names the one awarded only.
    const p1 = JSON.stringify(await reads.publicProject(chain.projects.P1));
    expect(p1).toContain('社区社会组织6');
    expect(p1).not.toContain('社区社会组织11');
    expect(p1).not.toContain('社区社会组织13');
    expect(p1).not.toContain('eligibility');
    expect(p1).not.toContain('需求N1的说明');
  });

  it('P1: project, budget, indicators, needs, procedure, funding by source, evaluations and satisfaction', async () => {
    const p1 = (await reads.publicProject(chain.projects.P1))!;
    expect(p1).toMatchObject({
      id: chain.projects.P1,
      districtCode: DISTRICT,
      name: '长者助餐与探访服务项目',
      unit: { code: A1, name: '社区1001' },
      serviceDomain: 'elderly',
      startsOn: '2024-03-15',
      endsOn: '2025-03-14',
      methods: ['casework', 'community_work'],
      status: 'approved',
      approvedOn: '2024-02-01',
      closedOn: null,
      communitiesServed: [{ code: A1, name: '社区1001' }],
    });
    expect(p1.budget.totalFen).toBe(yuan(200_000));
    expect(p1.budget.lines.map((l) => [l.lineNumber, l.category, l.amountFen])).toEqual([
      [1, 'personnel', yuan(100_000)],
      [2, 'activities', yuan(60_000)],
      [3, 'materials', yuan(20_000)],
      [4, 'evaluation', yuan(10_000)],
      [5, 'management', yuan(10_000)],
    ]);
    expect(p1.budget.lines.reduce((t, l) => t + l.amountFen, 0)).toBe(p1.budget.totalFen);
    expect(p1.indicators).toEqual([
      { kind: 'output', description: '助餐服务人次', unit: '人次', target: 3000, achieved: null },
      { kind: 'outcome', description: '服务对象孤独感量表得分改善', unit: '%', target: 20, achieved: 12.5 },
    ]);
    // N10 (A4, 2023), N1, N2, by the day they were collected.
    expect(p1.needsAnswered).toEqual([
      {
        title: '需求N10：老年人助餐',
        category: 'elderly',
        community: { code: `${A}004`, name: '社区1004' },
        source: 'survey',
      },
      {
        title: '需求N1：老年人助餐',
        category: 'elderly',
        community: { code: A1, name: '社区1001' },
        source: 'survey',
      },
      {
        title: '需求N2：老年人助餐',
        category: 'elderly',
        community: { code: A1, name: '社区1001' },
        source: 'micro_wish',
      },
    ]);
    expect(p1.purchase).toEqual({
      purchaser: { code: A, name: '甲街道' },
      method: 'open_tender',
      stage: 'evaluation',
      stages: [
        { stage: 'plan', reachedOn: '2024-02-05' },
        { stage: 'tender', reachedOn: '2024-02-10' },
        { stage: 'bids', reachedOn: '2024-02-25' },
        { stage: 'award', reachedOn: '2024-03-01' },
        { stage: 'contract', reachedOn: '2024-03-10' },
        { stage: 'implementation', reachedOn: '2024-03-15' },
        { stage: 'evaluation', reachedOn: '2024-06-20' },
      ],
      bidCount: 3,
      undertaker: { name: '社区社会组织6', uscc: uscc('1', 6) },
      contract: {
        contractNumber: 'HQ-GM-2024-001',
        signedOn: '2024-03-10',
        startsOn: '2024-03-15',
        endsOn: '2025-03-14',
        amountFen: yuan(180_000),
        terminatedOn: null,
        // Tranche 2 was paid in full on 06-26, short on 06-28, full on 06-29, short again since 07-02.
        tranches: [
          {
            trancheNumber: 1,
            milestone: 'signing',
            plannedOn: '2024-03-10',
            amountFen: yuan(90_000),
            releasedOn: '2024-03-12',
          },
          {
            trancheNumber: 2,
            milestone: 'midterm_evaluation',
            plannedOn: '2024-06-25',
            amountFen: yuan(54_000),
            releasedOn: null,
          },
          {
            trancheNumber: 3,
            milestone: 'final_evaluation',
            plannedOn: '2025-03-20',
            amountFen: yuan(36_000),
            releasedOn: null,
          },
        ],
      },
    });
    expect(p1.funding).toEqual({
      earmarkedFen: yuan(200_000),
      // 90,000 from G1 (its 34,000 reversed), 20,000 from E1 (D1's 20,000 reversed).
      disbursedFen: yuan(110_000),
      bySource: [
        {
          kind: 'government_budget',
          funderName: '虎丘区民政局',
          earmarkedFen: yuan(155_000),
          disbursedFen: yuan(90_000),
        },
        { kind: 'donation', funderName: PERSONAL_DONOR_NAME, earmarkedFen: yuan(20_000), disbursedFen: 0 },
        {
          kind: 'enterprise_sponsorship',
          funderName: '苏州恒信科技有限公司',
          earmarkedFen: yuan(20_000),
          disbursedFen: yuan(20_000),
        },
        { kind: 'in_kind', funderName: '苏州恒信科技有限公司', earmarkedFen: yuan(5_000), disbursedFen: 0 },
      ],
    });
    expect(p1.evaluations).toEqual([
      {
        kind: 'midterm',
        evaluatorName: '苏州市公益评估中心',
        evaluatedOn: '2024-06-20',
        score: 82,
        grade: 'good',
        summary: '中期评估：项目按计划推进。',
      },
      {
        kind: 'final',
        evaluatorName: '苏州市公益评估中心',
        evaluatedOn: '2024-07-10',
        score: 88.5,
        grade: 'good',
        summary: '结项评估：项目按计划推进。',
      },
    ]);
    // Scores 5, 5, 4, 3, 1.
    expect(p1.satisfaction).toEqual({
      answers: 5,
      average: 18 / 5,
      scoreCounts: [
        { score: 1, count: 1 },
        { score: 2, count: 0 },
        { score: 3, count: 1 },
        { score: 4, count: 1 },
        { score: 5, count: 2 },
      ],
    });
  });

  it('what each stage adds: a tendered purchase shows no bids, no undertaker, no contract yet', async () => {
    const p2 = (await reads.publicProject(chain.projects.P2))!;
    expect(p2.unit).toEqual({ code: T, name: '乙镇' });
    expect(p2.communitiesServed.map((c) => c.code)).toEqual([T1, T2]);
    expect(p2.purchase).toEqual({
      purchaser: { code: T, name: '乙镇' },
      method: 'competitive_consultation',
      stage: 'tender',
      stages: [
        { stage: 'plan', reachedOn: '2024-04-20' },
        { stage: 'tender', reachedOn: '2024-05-01' },
      ],
      bidCount: null,
      undertaker: null,
      contract: null,
    });
    expect(p2.needsAnswered.map((n) => n.title)).toEqual(['需求N9：老年人助餐']);
    // E1's earmark was reversed: listed at 0, so the source stays visible.
    expect(p2.funding.bySource.map((f) => [f.funderName, f.earmarkedFen, f.disbursedFen])).toEqual([
      ['虎丘区民政局', yuan(80_000), 0],
      ['苏州恒信科技有限公司', 0, 0],
    ]);
    expect(p2.evaluations).toEqual([]);
    expect(p2.satisfaction).toMatchObject({ answers: 0, average: null });

    const p5 = (await reads.publicProject(chain.projects.P5))!;
    expect(p5).toMatchObject({ status: 'closed', closedOn: '2024-03-31' });
    expect(p5.purchase.stages.map((s) => s.stage)).toEqual([
      'plan',
      'tender',
      'bids',
      'award',
      'contract',
      'implementation',
      'evaluation',
      'closure',
    ]);
    expect(p5.purchase.undertaker).toEqual({ name: '社区社会组织11', uscc: uscc('2', 11) });
    expect(p5.purchase.contract?.tranches.map((t) => t.releasedOn)).toEqual(['2023-02-25', '2024-01-25']);
    expect(p5.funding).toMatchObject({ earmarkedFen: yuan(120_000), disbursedFen: yuan(110_000) });
    expect(p5.evaluations.map((e) => [e.kind, e.evaluatorName, e.score, e.grade])).toEqual([
      ['final', '社区社会组织13', 91, 'excellent'],
    ]);
    expect(p5.satisfaction.average).toBe(18 / 5);

    const p6 = (await reads.publicProject(chain.projects.P6))!;
    expect(p6.unit).toEqual({ code: DISTRICT, name: '虎丘区' });
    expect(p6.purchase.contract).toMatchObject({ terminatedOn: '2024-06-15', amountFen: yuan(75_000) });
    expect(p6.funding).toEqual({ earmarkedFen: 0, disbursedFen: 0, bySource: [] });
  });

  it('lists by unit and year, page by page', async () => {
    const { P1, P2, P5, P6 } = chain.projects;
    expect(ids(await reads.publicProjects({ unitCode: A }))).toEqual([P1, P5]);
    expect(ids(await reads.publicProjects({ unitCode: A1 }))).toEqual([P1, P5]);
    expect(ids(await reads.publicProjects({ unitCode: A2 }))).toEqual([]);
    expect(ids(await reads.publicProjects({ unitCode: T }))).toEqual([P2]);
    expect(ids(await reads.publicProjects({ unitCode: DISTRICT }))).toEqual([P1, P2, P5, P6]);
    // Schedules overlapping the year: P5 ran 2023-03-01 to 2024-02-28; P1 and P2 run into 2025.
    expect(ids(await reads.publicProjects({ year: 2023 }))).toEqual([P5]);
    expect(ids(await reads.publicProjects({ year: 2025 }))).toEqual([P1, P2]);
    expect(ids(await reads.publicProjects({ year: 2024, unitCode: A }))).toEqual([P1, P5]);

    const first = await reads.publicProjects({ first: 3 });
    expect(ids(first)).toEqual([P1, P2, P5]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: String(P5) });
    const second = await reads.publicProjects({ first: 3, after: first.pageInfo.endCursor });
    expect(ids(second)).toEqual([P6]);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: String(P6) });
    expect(await reads.publicProjects({ first: 0 })).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
    // A page's views are the single views.
    for (const edge of first.edges) expect(edge.node).toEqual(await reads.publicProject(edge.node.id));
  });

  it('the same few statements for a page of one project or of four', async () => {
    const reads_ = () => recorder.statements.filter((s) => /^\s*(select|with|\()/i.test(s.sql)).length;
    recorder.clear();
    await reads.publicProjects({ first: 1 });
    const one = reads_();
    recorder.clear();
    await reads.publicProjects({ first: 4 });
    expect(reads_()).toBe(one);
    // The projects, lines, indicators, needs, communities served, tranches, evaluations, funding,
    // satisfaction, unit names.
    expect(one).toBe(10);
  });

  it.each([
    ['a malformed unit code', { unitCode: '32050' }, 'INVALID_DIVISION_CODE', ['input', 'unitCode']],
    ['another district’s unit', { unitCode: '320506001' }, 'CODE_OUTSIDE_DISTRICT', ['input', 'unitCode']],
    ['a year out of range', { year: 1800 }, 'INVALID_NUMBER', ['input', 'year']],
    ['a fractional year', { year: 2024.5 }, 'INVALID_NUMBER', ['input', 'year']],
    ['a negative page', { first: -1 }, 'INVALID_PAGINATION', ['input', 'first']],
    ['too large a page', { first: 51 }, 'PAGE_SIZE_EXCEEDED', ['input', 'first']],
    ['a cursor it did not make', { after: 'abc' }, 'INVALID_CURSOR', ['input', 'after']],
    ['an injected cursor', { after: "1' or '1'='1" }, 'INVALID_CURSOR', ['input', 'after']],
  ] as const)('refuses %s with a typed error and reads nothing', async (_label, query, code, path) => {
    const before = await snapshotDatabase(database);
    recorder.clear();
    let caught: unknown;
    try {
      await reads.publicProjects(query as never);
    } catch (error) {
      caught = error;
    }
    expect(isSansheError(caught)).toBe(true);
    expect(caught).toMatchObject({ code, path });
    expect(recorder.statements).toHaveLength(0);
    expect(await snapshotDatabase(database)).toEqual(before);
  });
});
