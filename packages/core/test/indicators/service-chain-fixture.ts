/**
 * The service chain of the hand-built district (fixture.ts), counted by hand in
 * service-chain.test.ts and disclosed in test/disclosure/. Not a test file. Needs, projects,
 * purchases, contracts, evaluations and answers are written straight to their tables (their
 * services are another step); every movement of money goes through the funds service, so the
 * ledger holds what the funds rules allow, reversals included.
 *
 * The projects (budget in yuan), each with what makes it count or not on the reference day
 * ON = 2024-06-30:
 * - P1 community A1, approved 2024-02-01, 200,000: purchase at evaluation, contract 180,000 with
 *   organization 6; earmarks from G1 155,000, D1 20,000, E1 20,000, IK1 5,000; paid 90,000 + 34,000
 *   (reversed 2024-07-02) + 20,000 from D1 (reversed 2024-06-28) + 20,000 from E1.
 * - P2 subdistrict T, approved 2024-01-20, 100,000: a cancelled purchase, then a live one at tender;
 *   earmarks G1 80,000 and E1 10,000 (reversed 2024-04-01).
 * - P3 community A2, draft, 50,000.
 * - P4 community A2, approved 2024-01-15, cancelled 2024-06-01, 40,000: earmark CF1 15,000
 *   (reversed 2024-06-05).
 * - P5 community A1, approved 2023-01-10, closed 2024-03-31, 120,000: contract 110,000 with
 *   organization 11, paid in full from G2; final evaluation 91 (excellent).
 * - P6 the district itself, approved 2024-03-01, 80,000: contract 75,000 with organization 13;
 *   final evaluation 55 (fail).
 * - P7 community A3, approved 2024-05-01, 30,000: a purchase at plan only (not disclosed).
 *
 * The chain adds community A6, retired on 2023-06-30 with no organization nor worker, only an open
 * need (N12): a retired unit listed for its chain records alone.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createFundsService } from '../../src/funds/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import {
  contractTranches,
  deliveryActivities,
  needs,
  projectBudgetLines,
  projectCommunities,
  projectEvaluations,
  projectIndicators,
  projectNeeds,
  purchaseBids,
  purchases,
  satisfactionAnswers,
  serviceContracts,
  serviceProjects,
} from '../../src/schema/index.js';
import { computeOrganizationCodeCheck, computeUsccCheck } from '../../src/validators/index.js';
import { A, DAY_AFTER, DISTRICT, ON, T } from './fixture.js';

/** A community of subdistrict A retired in 2023, with one need and nothing else. */
export const A6 = `${A}006`;

/** The day the funds service takes as today: entries after ON show the reference day's boundaries. */
export const FUNDS_TODAY = '2024-12-31';

const bureau: Actor = { id: 'mz-czk-01', role: 'DEPARTMENT_STAFF', district: DISTRICT };

/** Names and texts the public views must never show, written into the chain's private columns. */
export const PRIVATE_TEXTS = {
  personalDonor: '张三丰',
  needDescription: '独居老人王某某住在3号楼2单元，需要每日送餐',
  disputeReason: '活动签到表与实际到场人数不符，社区不予确认',
  disqualificationReason: '未按要求提供持证社工名单',
  eligibilityNote: '信用记录核查：无重大违法记录（查询编号XY-2024-0131）',
  cancellationReason: '有效投标人不足三家，依法废标',
  confirmedBy: 'sq-a2-07',
  continuingReason: '服务内容固定、连续性强、经费来源稳定',
  terminationReason: '承接机构人员变动，双方协商解除',
  inKindDescription: '活动室投影设备一套',
  reportReference: 'PG-2024-P1-中期',
} as const;

/** A unified social credit code of an enterprise (category 9, form 1) registered in `area`. */
export function enterpriseUscc(n: number, area: string = DISTRICT): string {
  const body = `MA${String(n).padStart(6, '0')}`;
  const first17 = `91${area}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

/** A foundation's code (category 5, form 3). */
function foundationUscc(n: number): string {
  const body = `MJ${String(n).padStart(6, '0')}`;
  const first17 = `53${DISTRICT}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

/** A respondent's keyed hash stand-in: 64 hex characters, as the column holds. */
export function respondentHash(n: number): string {
  return createHash('sha256').update(`respondent-${n}`).digest('hex');
}

export interface ServiceChain {
  projects: Record<'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6' | 'P7', number>;
  needs: Record<string, number>;
  sources: Record<'G1' | 'G2' | 'D1' | 'E1' | 'CF1' | 'IK1', number>;
  contracts: Record<'P1' | 'P5' | 'P6', number>;
  entries: { P1FirstTranche: number };
}

let keyNumber = 0;
const newKey = () => {
  keyNumber += 1;
  return `chain-fixture-${process.pid}-${String(keyNumber).padStart(6, '0')}`;
};

/**
 * Build the chain on a district built by `buildDistrict` (its community ids and organizations 6,
 * 11 and 13). Projects are written approved, funded, then given their final status, because the
 * funds service earmarks only for approved projects.
 */
export async function buildServiceChain(
  database: DistrictDatabase,
  community: Record<string, number>,
): Promise<ServiceChain> {
  const { db } = database;
  const hierarchy = createHierarchyService(database, { today: () => FUNDS_TODAY });
  const a6 = await hierarchy.createCommunity({
    code: A6,
    name: '社区1006',
    urbanRuralClass: '111',
    residentPopulation: 1_000,
    effectiveFrom: '2002-01-01',
  });
  await hierarchy.retireUnit({ level: 'community', id: a6.id, retiredOn: '2023-06-30' });
  const communityIds: Record<string, number> = { ...community, A6: a6.id };
  const funds = createFundsService(database, { actor: bureau, today: () => FUNDS_TODAY });

  const project = (
    name: string,
    unitCode: string,
    budgetFen: number,
    approvedOn: string | null,
    schedule: [string, string],
  ) => ({
    districtCode: DISTRICT,
    name,
    unitCode,
    serviceDomain: 'elderly',
    goals: `${name}：回应社区居民需求，提供专业社会工作服务。`,
    methods: ['casework', 'community_work'],
    startsOn: schedule[0],
    endsOn: schedule[1],
    budgetFen,
    status: approvedOn ? 'approved' : 'draft',
    approvedOn,
  });
  const [p1, p2, p3, p4, p5, p6, p7] = await db
    .insert(serviceProjects)
    .values([
      project('长者助餐与探访服务项目', `${DISTRICT}001001`, 20_000_000, '2024-02-01', [
        '2024-03-15',
        '2025-03-14',
      ]),
      project('乙镇村居互助服务项目', T, 10_000_000, '2024-01-20', ['2024-06-01', '2025-05-31']),
      project('青少年四点半课堂项目', `${DISTRICT}001002`, 5_000_000, null, ['2024-09-01', '2025-06-30']),
      project('社区融合活动项目', `${DISTRICT}001002`, 4_000_000, '2024-01-15', ['2024-03-01', '2024-12-31']),
      project('困境家庭个案服务项目', `${DISTRICT}001001`, 12_000_000, '2023-01-10', [
        '2023-03-01',
        '2024-02-28',
      ]),
      project('全区社会组织能力建设项目', DISTRICT, 8_000_000, '2024-03-01', ['2024-04-01', '2024-06-15']),
      project('邻里议事支持项目', `${DISTRICT}001003`, 3_000_000, '2024-05-01', ['2024-07-01', '2025-06-30']),
    ])
    .returning();
  const projects = { P1: p1!.id, P2: p2!.id, P3: p3!.id, P4: p4!.id, P5: p5!.id, P6: p6!.id, P7: p7!.id };

  await db.insert(projectCommunities).values([
    { districtCode: DISTRICT, projectId: projects.P1, communityId: communityIds.A1! },
    { districtCode: DISTRICT, projectId: projects.P2, communityId: communityIds.T1! },
    { districtCode: DISTRICT, projectId: projects.P2, communityId: communityIds.T2! },
    { districtCode: DISTRICT, projectId: projects.P5, communityId: communityIds.A1! },
  ]);
  const line = (
    projectId: number,
    lineNumber: number,
    category: string,
    description: string,
    amountFen: number,
  ) => ({
    districtCode: DISTRICT,
    projectId,
    lineNumber,
    category,
    description,
    amountFen,
  });
  await db
    .insert(projectBudgetLines)
    .values([
      line(projects.P1, 1, 'personnel', '社工人员费用', 10_000_000),
      line(projects.P1, 2, 'activities', '助餐与探访活动', 6_000_000),
      line(projects.P1, 3, 'materials', '活动物资', 2_000_000),
      line(projects.P1, 4, 'evaluation', '第三方评估', 1_000_000),
      line(projects.P1, 5, 'management', '项目管理', 1_000_000),
      line(projects.P2, 1, 'personnel', '社工人员费用', 10_000_000),
    ]);
  await db.insert(projectIndicators).values([
    {
      districtCode: DISTRICT,
      projectId: projects.P1,
      kind: 'output',
      description: '助餐服务人次',
      unit: '人次',
      target: 3000,
    },
    {
      districtCode: DISTRICT,
      projectId: projects.P1,
      kind: 'outcome',
      description: '服务对象孤独感量表得分改善',
      unit: '%',
      target: 20,
      achieved: 12.5,
    },
  ]);

  // Needs: see service-chain.test.ts for which count on which day.
  const need = (
    key: string,
    communityKey: string,
    collectedOn: string,
    status = 'open',
    closedOn: string | null = null,
  ) => ({
    key,
    districtCode: DISTRICT,
    communityId: communityIds[communityKey]!,
    source: key === 'N2' ? 'micro_wish' : 'survey',
    category: 'elderly',
    urgency: 'medium',
    residentsAffected: 12,
    title: `需求${key}：老年人助餐`,
    description: key === 'N1' ? PRIVATE_TEXTS.needDescription : `需求${key}的说明`,
    collectedOn,
    status,
    closedOn,
  });
  const needValues = [
    need('N1', 'A1', '2024-01-10', 'answered'),
    need('N2', 'A1', '2024-03-01', 'met', ON),
    need('N3', 'A1', '2024-04-01'),
    need('N5', 'A2', '2024-02-01', 'withdrawn', '2024-07-15'),
    need('N6', 'A2', '2024-02-02', 'answered'),
    need('N7', 'A2', '2024-02-03', 'answered'),
    need('N8', 'A2', DAY_AFTER),
    need('N9', 'T2', '2023-11-11', 'answered'),
    need('N10', 'A4', '2023-06-01', 'answered'),
    need('N11', 'T1', ON),
    need('N12', 'A6', '2022-05-01'),
  ];
  const needRows = await db.insert(needs).values(needValues).returning();
  const needIds: Record<string, number> = Object.fromEntries(
    needValues.map((value) => [value.key, needRows.find((row) => row.title === value.title)!.id]),
  );
  const [n4] = await db
    .insert(needs)
    .values({
      ...need('N4', 'A1', '2024-05-01', 'merged', '2024-05-20'),
      mergedIntoId: needIds.N1!,
      mergeReason: '与需求N1重复',
    })
    .returning();
  needIds.N4 = n4!.id;
  const link = (needKey: string, projectId: number, linkedOn: string) => ({
    districtCode: DISTRICT,
    projectId,
    needId: needIds[needKey]!,
    linkedOn,
  });
  await db
    .insert(projectNeeds)
    .values([
      link('N1', projects.P1, '2024-02-01'),
      link('N2', projects.P1, '2024-03-05'),
      link('N6', projects.P3, '2024-02-05'),
      link('N7', projects.P4, '2024-02-10'),
      link('N9', projects.P2, DAY_AFTER),
      link('N10', projects.P1, '2024-02-01'),
    ]);

  // Purchases, bids and contracts.
  const purchase = (
    projectId: number,
    purchaserUnitCode: string,
    days: Partial<typeof purchases.$inferInsert> & { plannedOn: string },
  ) => ({
    districtCode: DISTRICT,
    projectId,
    purchaserUnitCode,
    method: 'open_tender',
    ...days,
  });
  const [pu1, , , pu5, pu6] = await db
    .insert(purchases)
    .values([
      purchase(projects.P1, `${DISTRICT}001`, {
        stage: 'evaluation',
        plannedOn: '2024-02-05',
        tenderPublishedOn: '2024-02-10',
        bidsClosedOn: '2024-02-25',
        awardedOn: '2024-03-01',
        contractedOn: '2024-03-10',
        implementationStartedOn: '2024-03-15',
        evaluationStartedOn: '2024-06-20',
      }),
      purchase(projects.P2, T, {
        stage: 'cancelled',
        plannedOn: '2024-02-01',
        tenderPublishedOn: '2024-02-05',
        cancelledOn: '2024-03-01',
        cancellationReason: PRIVATE_TEXTS.cancellationReason,
      }),
      purchase(projects.P2, T, {
        stage: 'tender',
        method: 'competitive_consultation',
        plannedOn: '2024-04-20',
        tenderPublishedOn: '2024-05-01',
      }),
      purchase(projects.P5, `${DISTRICT}001`, {
        stage: 'closure',
        plannedOn: '2023-01-15',
        tenderPublishedOn: '2023-01-20',
        bidsClosedOn: '2023-02-10',
        awardedOn: '2023-02-15',
        contractedOn: '2023-02-20',
        implementationStartedOn: '2023-03-01',
        evaluationStartedOn: '2024-01-10',
        closedOn: '2024-03-31',
      }),
      purchase(projects.P6, DISTRICT, {
        stage: 'evaluation',
        method: 'single_source',
        plannedOn: '2024-03-02',
        tenderPublishedOn: '2024-03-05',
        bidsClosedOn: '2024-03-20',
        awardedOn: '2024-03-25',
        contractedOn: '2024-03-28',
        implementationStartedOn: '2024-04-01',
        evaluationStartedOn: '2024-06-16',
      }),
      purchase(projects.P7, `${DISTRICT}001`, { stage: 'plan', plannedOn: '2024-05-10' }),
    ])
    .returning();
  const bid = (
    purchaseId: number,
    organizationId: number,
    status: string,
    priceFen: number,
    extra: Partial<typeof purchaseBids.$inferInsert> = {},
  ) => ({
    districtCode: DISTRICT,
    purchaseId,
    organizationId,
    submittedOn: '2024-02-20',
    priceFen,
    score: 80,
    status,
    eligibility: { reasons: [], grade: 3, note: PRIVATE_TEXTS.eligibilityNote },
    ...extra,
  });
  const [b1, , , b5, b6] = await db
    .insert(purchaseBids)
    .values([
      bid(pu1!.id, 6, 'awarded', 18_000_000, { score: 90 }),
      bid(pu1!.id, 11, 'not_awarded', 19_000_000),
      bid(pu1!.id, 13, 'disqualified', 17_000_000, {
        score: null,
        disqualificationReason: PRIVATE_TEXTS.disqualificationReason,
      }),
      bid(pu5!.id, 11, 'awarded', 11_000_000, { submittedOn: '2023-02-05' }),
      bid(pu6!.id, 13, 'awarded', 7_500_000, { submittedOn: '2024-03-15' }),
    ])
    .returning();
  const [c1, c5, c6] = await db
    .insert(serviceContracts)
    .values([
      {
        districtCode: DISTRICT,
        purchaseId: pu1!.id,
        bidId: b1!.id,
        organizationId: 6,
        contractNumber: 'HQ-GM-2024-001',
        signedOn: '2024-03-10',
        startsOn: '2024-03-15',
        endsOn: '2025-03-14',
        amountFen: 18_000_000,
      },
      {
        districtCode: DISTRICT,
        purchaseId: pu5!.id,
        bidId: b5!.id,
        organizationId: 11,
        contractNumber: 'HQ-GM-2023-005',
        signedOn: '2023-02-20',
        startsOn: '2023-03-01',
        endsOn: '2024-02-28',
        amountFen: 11_000_000,
        continuing: true,
        continuingReason: PRIVATE_TEXTS.continuingReason,
      },
      {
        districtCode: DISTRICT,
        purchaseId: pu6!.id,
        bidId: b6!.id,
        organizationId: 13,
        contractNumber: 'HQ-GM-2024-006',
        signedOn: '2024-03-28',
        startsOn: '2024-04-01',
        endsOn: '2024-06-15',
        amountFen: 7_500_000,
        terminatedOn: '2024-06-15',
        terminationReason: PRIVATE_TEXTS.terminationReason,
      },
    ])
    .returning();
  const contracts = { P1: c1!.id, P5: c5!.id, P6: c6!.id };
  const tranche = (
    contractId: number,
    trancheNumber: number,
    milestone: string,
    plannedOn: string,
    amountFen: number,
  ) => ({
    districtCode: DISTRICT,
    contractId,
    trancheNumber,
    milestone,
    plannedOn,
    amountFen,
  });
  const [t1a, t1b, , t5a, t5b] = await db
    .insert(contractTranches)
    .values([
      tranche(contracts.P1, 1, 'signing', '2024-03-10', 9_000_000),
      tranche(contracts.P1, 2, 'midterm_evaluation', '2024-06-25', 5_400_000),
      tranche(contracts.P1, 3, 'final_evaluation', '2025-03-20', 3_600_000),
      tranche(contracts.P5, 1, 'signing', '2023-02-20', 6_000_000),
      tranche(contracts.P5, 2, 'final_evaluation', '2024-01-25', 5_000_000),
    ])
    .returning();

  const evaluation = (
    contractId: number,
    undertakerOrganizationId: number,
    kind: string,
    evaluatedOn: string,
    score: number,
    grade: string,
    evaluator: { name: string; organizationId?: number },
  ) => ({
    districtCode: DISTRICT,
    contractId,
    undertakerOrganizationId,
    kind,
    evaluatorName: evaluator.name,
    evaluatorOrganizationId: evaluator.organizationId ?? null,
    evaluatedOn,
    score,
    grade,
    reportReference: kind === 'midterm' ? PRIVATE_TEXTS.reportReference : `PG-${evaluatedOn}`,
    summary: `${kind === 'final' ? '结项' : '中期'}评估：项目按计划推进。`,
  });
  const thirdParty = { name: '苏州市公益评估中心' };
  await db.insert(projectEvaluations).values([
    evaluation(contracts.P1, 6, 'midterm', '2024-06-20', 82, 'good', thirdParty),
    evaluation(contracts.P1, 6, 'final', '2024-07-10', 88.5, 'good', thirdParty),
    evaluation(contracts.P5, 11, 'final', '2024-01-20', 91, 'excellent', {
      name: '社区社会组织13',
      organizationId: 13,
    }),
    evaluation(contracts.P6, 13, 'final', '2024-06-20', 55, 'fail', thirdParty),
  ]);

  await db.insert(deliveryActivities).values({
    districtCode: DISTRICT,
    contractId: contracts.P1,
    communityId: communityIds.A1!,
    title: '长者助餐日',
    method: 'community_work',
    heldOn: '2024-04-10',
    place: '社区活动室',
    participantCount: 35,
    status: 'disputed',
    confirmedOn: '2024-04-12',
    confirmedBy: PRIVATE_TEXTS.confirmedBy,
    disputeReason: PRIVATE_TEXTS.disputeReason,
  });

  let respondent = 0;
  const answer = (projectId: number, score: number, answeredOn: string) => {
    respondent += 1;
    return {
      districtCode: DISTRICT,
      projectId,
      respondentHash: respondentHash(respondent),
      answeredOn,
      score,
    };
  };
  await db
    .insert(satisfactionAnswers)
    .values([
      answer(projects.P1, 5, '2024-06-25'),
      answer(projects.P1, 5, '2024-06-25'),
      answer(projects.P1, 4, '2024-06-25'),
      answer(projects.P1, 3, ON),
      answer(projects.P1, 1, DAY_AFTER),
      answer(projects.P5, 5, '2024-01-05'),
      answer(projects.P5, 4, '2024-01-05'),
      answer(projects.P5, 4, '2024-01-05'),
      answer(projects.P5, 3, '2024-01-05'),
      answer(projects.P5, 2, '2024-07-05'),
      answer(projects.P6, 2, '2024-06-20'),
      answer(projects.P6, 3, '2024-06-20'),
      answer(projects.P6, 1, '2024-06-20'),
    ]);

  // Money, through the funds service.
  const source = async (
    kind: 'government_budget' | 'donation' | 'community_foundation' | 'enterprise_sponsorship' | 'in_kind',
    funderName: string,
    amountFen: number,
    committedOn: string,
    extra: { funderUscc?: string; inKindDescription?: string; valuationBasis?: string } = {},
  ) =>
    (
      await funds.registerFundingSource({
        kind,
        funderName,
        reference: `${funderName}资助协议`,
        amountFen,
        committedOn,
        idempotencyKey: newKey(),
        ...extra,
      })
    ).sourceId;
  const receive = (sourceId: number, amountFen: number, receivedOn: string) =>
    funds.recordReceipt({ sourceId, amountFen, receivedOn, idempotencyKey: newKey() });
  const earmark = (sourceId: number, projectId: number, amountFen: number, earmarkedOn: string) =>
    funds.earmarkFunds({ sourceId, projectId, amountFen, earmarkedOn, idempotencyKey: newKey() });
  const pay = (sourceId: number, trancheId: number, amountFen: number, paidOn: string) =>
    funds.disburseTranche({ sourceId, trancheId, amountFen, paidOn, idempotencyKey: newKey() });
  const reverse = (entryId: number, reversedOn: string) =>
    funds.reverseEntry({ entryId, reversedOn, reason: '录入有误，冲销', idempotencyKey: newKey() });

  const G2 = await source('government_budget', '虎丘区财政局', 12_000_000, '2023-01-05');
  await receive(G2, 12_000_000, '2023-01-10');
  await earmark(G2, projects.P5, 12_000_000, '2023-01-15');
  await pay(G2, t5a!.id, 6_000_000, '2023-02-25');
  await pay(G2, t5b!.id, 5_000_000, '2024-01-25');

  const G1 = await source('government_budget', '虎丘区民政局', 30_000_000, '2024-01-05');
  const D1 = await source('donation', PRIVATE_TEXTS.personalDonor, 2_000_000, '2024-02-01');
  const E1 = await source('enterprise_sponsorship', '苏州恒信科技有限公司', 3_000_000, '2024-02-01', {
    funderUscc: enterpriseUscc(1),
  });
  const CF1 = await source('community_foundation', '虎丘区社区发展基金会', 2_000_000, '2024-01-10', {
    funderUscc: foundationUscc(1),
  });
  const IK1 = await source('in_kind', '苏州恒信科技有限公司', 500_000, '2024-02-01', {
    funderUscc: enterpriseUscc(1),
    inKindDescription: PRIVATE_TEXTS.inKindDescription,
    valuationBasis: '采购发票价',
  });
  await receive(G1, 30_000_000, '2024-01-20');
  await receive(D1, 2_000_000, '2024-02-05');
  await receive(E1, 3_000_000, '2024-02-10');
  await receive(CF1, 1_500_000, '2024-01-12');
  const lateReceipt = await receive(CF1, 500_000, '2024-06-10');
  await reverse(lateReceipt.entryId, '2024-06-11');
  await receive(IK1, 500_000, '2024-02-02');

  await earmark(G1, projects.P1, 15_500_000, '2024-02-15');
  await earmark(D1, projects.P1, 2_000_000, '2024-02-15');
  await earmark(E1, projects.P1, 2_000_000, '2024-02-20');
  await earmark(IK1, projects.P1, 500_000, '2024-02-20');
  await earmark(G1, projects.P2, 8_000_000, '2024-02-15');
  const e1ForP2 = await earmark(E1, projects.P2, 1_000_000, '2024-03-01');
  await reverse(e1ForP2.entryId, '2024-04-01');
  const cf1ForP4 = await earmark(CF1, projects.P4, 1_500_000, '2024-01-20');

  const first = await pay(G1, t1a!.id, 9_000_000, '2024-03-12');
  const fromG1 = await pay(G1, t1b!.id, 3_400_000, '2024-06-26');
  const fromD1 = await pay(D1, t1b!.id, 2_000_000, '2024-06-26');
  await reverse(fromD1.entryId, '2024-06-28');
  await pay(E1, t1b!.id, 2_000_000, '2024-06-29');
  await reverse(fromG1.entryId, '2024-07-02');

  // Final statuses, once funded: P4 cancelled (and its earmark given back), P5 closed.
  await db
    .update(serviceProjects)
    .set({ status: 'cancelled', closedOn: '2024-06-01' })
    .where(eqProject(projects.P4));
  await reverse(cf1ForP4.entryId, '2024-06-05');
  await db
    .update(serviceProjects)
    .set({ status: 'closed', closedOn: '2024-03-31' })
    .where(eqProject(projects.P5));

  return {
    projects,
    needs: needIds,
    sources: { G1, G2, D1, E1, CF1, IK1 },
    contracts,
    entries: { P1FirstTranche: first.entryId },
  };
}

function eqProject(projectId: number) {
  return and(eq(serviceProjects.districtCode, DISTRICT), eq(serviceProjects.id, projectId));
}
