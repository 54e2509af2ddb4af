/**
 * A district with the whole service chain for the exports: one purchase at each stage (plan,
 * tender, bids, award, contract, implementation, evaluation, closure, cancelled) and one whose
 * contract was terminated early, each of its own approved project, with bids, contracts,
 * tranches, evaluations, delivery activities and a satisfaction answer written straight to their
 * tables (as test/funds/fixture.ts does), and every movement of money through the funds service,
 * so the ledger holds what the funds rules allow, reversals included. Not a test file.
 *
 * Money (yuan):
 * - implementation (open tender, 乐龄 A, contract 288,000, 4 tranches): earmarks budget 210,000 and
 *   donation 30,000 (a person's donation, its donor recorded by name); paid: signing 86,400
 *   (budget), a 10,000 payment reversed, milestone 30,000 (donation) + 27,600 (budget), midterm
 *   86,400 (budget) after a mid-term evaluation;
 * - closure (open tender, a year earlier, A, contract 110,000): earmark budget 2 of 110,000, paid
 *   in full after the final evaluation;
 * - terminated (single source, 青苗 B, contract 50,000 terminated 2025-08-31): earmark budget
 *   50,000, signing tranche 20,000 paid;
 * - plan (single source): earmark foundation 10,000, no contract;
 * - evaluation (invitation, B): earmark foundation 20,000, reversed.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createFundsService, type FundingSourceKind } from '../../src/funds/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import {
  communities,
  contractTranches,
  deliveryActivities,
  projectCommunities,
  projectEvaluations,
  purchaseBids,
  purchases,
  satisfactionAnswers,
  serviceContracts,
  serviceProjects,
  socialOrganizations,
} from '../../src/schema/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import { computeOrganizationCodeCheck, computeUsccCheck } from '../../src/validators/index.js';

export const DISTRICT = '320505';
/** The day the funds service takes as today. */
export const TODAY = '2025-09-30';
export const PUBLISHED_AT = '2025-10-01T09:00:00+08:00';
export const SUBDISTRICT = '320505001';
export const COMMUNITY = '320505001001';
export const OTHER_COMMUNITY = '320505001002';
export const URI_BASE = 'https://open.huqiu.example/exports';

const bureau: Actor = { id: 'mz-czk-01', role: 'DEPARTMENT_STAFF', district: DISTRICT };

/** What the exports must never show, written into the chain's private columns. */
export const PRIVATE_TEXTS = {
  donorName: '王秀英',
  disqualificationReason: '近三年内有重大违法记录，资格审查不通过',
  eligibilityNote: '处罚决定书 虎民罚〔2024〕3号',
  cancellationReason: '有效投标人不足三家，依法废标',
  terminationReason: '承接机构人员变动，双方协商解除',
  reportReference: 'PG-2025-ZQ-017',
  disputeReason: '活动签到表与实际到场人数不符',
  confirmedBy: 'sq-01-confirmer',
  goalsPhone: '13812345678',
  sourceReference: '虎财社〔2025〕12号',
  respondentHash: createHash('sha256').update('respondent-1').digest('hex'),
} as const;

/** A civil-affairs USCC (authority 5) of the given category, registered in `area`. */
function civilAffairsUscc(category: '1' | '2' | '3', n: number, area = DISTRICT): string {
  const body = `MJ${String(n).padStart(6, '0')}`;
  const first17 = `5${category}${area}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

/** A government body's USCC (authority 1, category 1: 机关). */
function governmentUscc(n: number): string {
  const body = `MB${String(n).padStart(6, '0')}`;
  const first17 = `11${DISTRICT}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

export const USCC = {
  elderly: civilAffairsUscc('2', 1),
  youth: civilAffairsUscc('2', 2),
  family: civilAffairsUscc('2', 3),
  evaluator: civilAffairsUscc('2', 4, '320500'),
  foundation: civilAffairsUscc('3', 5),
  deregistered: civilAffairsUscc('2', 6),
  bureau: governmentUscc(1),
} as const;

export type Stage =
  | 'plan'
  | 'tender'
  | 'bids'
  | 'award'
  | 'contract'
  | 'implementation'
  | 'evaluation'
  | 'closure'
  | 'cancelled'
  | 'terminated';

export interface ExportChain {
  database: DistrictDatabase;
  organizations: Record<
    'elderly' | 'youth' | 'family' | 'evaluator' | 'filed' | 'deregistered' | 'foundation',
    number
  >;
  projects: Record<Stage, number>;
  purchases: Record<Stage, number>;
  contracts: Record<'contract' | 'implementation' | 'evaluation' | 'closure' | 'terminated', number>;
  sources: Record<'budget' | 'budget2' | 'donation' | 'foundation', number>;
  earmarks: Record<
    'implementationBudget' | 'implementationDonation' | 'closure' | 'terminated' | 'plan' | 'evaluation',
    number
  >;
  /** The payment reversed: it and its reversal are never exported. */
  reversedPaymentEntryId: number;
}

let keyNumber = 0;
const newKey = () => {
  keyNumber += 1;
  return `exports-fixture-${process.pid}-${String(keyNumber).padStart(6, '0')}`;
};

/** The days a purchase reached each stage (closure: a year earlier, so it could end). */
const days = {
  plannedOn: '2025-01-02',
  tenderPublishedOn: '2025-01-10',
  bidsClosedOn: '2025-01-31',
  awardedOn: '2025-02-10',
  contractedOn: '2025-02-20',
  implementationStartedOn: '2025-03-01',
  evaluationStartedOn: '2025-08-25',
} as const;

const stageOrder = [
  'plan',
  'tender',
  'bids',
  'award',
  'contract',
  'implementation',
  'evaluation',
  'closure',
] as const;

function daysUpTo(stage: (typeof stageOrder)[number]) {
  const reached = stageOrder.indexOf(stage);
  const keys = Object.keys(days) as (keyof typeof days)[];
  return Object.fromEntries(keys.slice(0, reached + 1).map((key) => [key, days[key]]));
}

export async function createExportChain(): Promise<ExportChain> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const { db } = database;
  const hierarchy = createHierarchyService(database, { today: () => TODAY });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: SUBDISTRICT, name: '狮山街道', effectiveFrom: '2000-01-01' });
  for (const [code, name] of [
    [COMMUNITY, '狮山社区'],
    [OTHER_COMMUNITY, '何山社区'],
  ] as const) {
    await hierarchy.createCommunity({ code, name, effectiveFrom: '2001-01-01', urbanRuralClass: '111' });
  }
  const communityRows = await db.select({ id: communities.id, code: communities.code }).from(communities);
  const communityId = (code: string) => communityRows.find((row) => row.code === code)!.id;

  const registered = (name: string, uscc: string, legalForm: string, serviceDomains: string[]) => ({
    districtCode: DISTRICT,
    name,
    legalStatus: 'registered',
    legalForm,
    uscc,
    category: 'services',
    serviceDomains,
    registeredOn: '2018-05-01',
  });
  const orgRows = await db
    .insert(socialOrganizations)
    .values([
      registered('虎丘区乐龄社会工作服务中心', USCC.elderly, 'social_service_agency', [
        'elderly',
        'disability',
      ]),
      registered('虎丘区青苗社会工作服务社', USCC.youth, 'social_service_agency', ['youth', 'children']),
      registered('虎丘区阳光社工事务所', USCC.family, 'social_service_agency', ['family']),
      registered('苏州市公益评估中心', USCC.evaluator, 'social_service_agency', ['community_governance']),
      {
        districtCode: DISTRICT,
        name: '狮山社区银龄志愿队',
        legalStatus: 'filed',
        category: 'culture_sport',
        serviceDomains: ['elderly'],
        guidingUnitCode: COMMUNITY,
        registeredOn: '2020-03-01',
      },
      {
        ...registered('虎丘区旧时光服务社', USCC.deregistered, 'social_service_agency', ['culture']),
        status: 'deregistered',
        deregisteredOn: '2024-06-30',
      },
      registered('虎丘区狮山社区基金会', USCC.foundation, 'foundation', ['charity']),
    ])
    .returning({ id: socialOrganizations.id });
  const [elderly, youth, family, evaluator, filed, deregistered, foundation] = orgRows.map(
    (row) => row.id,
  ) as [number, number, number, number, number, number, number];

  const projects = {} as Record<Stage, number>;
  const purchaseIds = {} as Record<Stage, number>;
  const contracts = {} as ExportChain['contracts'];
  const tranches = {} as Record<string, number[]>;

  const methodOf: Record<Stage, string> = {
    plan: 'single_source',
    tender: 'open_tender',
    bids: 'competitive_consultation',
    award: 'invitation',
    contract: 'competitive_consultation',
    implementation: 'open_tender',
    evaluation: 'invitation',
    closure: 'open_tender',
    cancelled: 'open_tender',
    terminated: 'single_source',
  };
  const domainOf: Partial<Record<Stage, string>> = { bids: 'youth', award: 'family', evaluation: 'children' };

  for (const stage of Object.keys(methodOf) as Stage[]) {
    const earlier = stage === 'closure';
    const [project] = await db
      .insert(serviceProjects)
      .values({
        districtCode: DISTRICT,
        name: `狮山${stage}服务项目`,
        unitCode: stage === 'tender' ? SUBDISTRICT : COMMUNITY,
        serviceDomain: domainOf[stage] ?? 'elderly',
        goals:
          stage === 'tender'
            ? `为辖区困境儿童提供课业辅导，联系人电话 ${PRIVATE_TEXTS.goalsPhone}`
            : '为独居与高龄老人提供助餐、探访和个案支持。',
        methods: ['casework', 'community_work'],
        startsOn: earlier ? '2024-03-01' : '2025-03-01',
        endsOn: earlier ? '2025-02-28' : '2026-02-28',
        budgetFen: 30_000_000,
        status: 'approved',
        approvedOn: earlier ? '2023-12-20' : '2024-12-20',
      })
      .returning({ id: serviceProjects.id });
    projects[stage] = project!.id;
    await db.insert(projectCommunities).values(
      (stage === 'implementation' ? [COMMUNITY, OTHER_COMMUNITY] : [COMMUNITY]).map((code) => ({
        districtCode: DISTRICT,
        projectId: project!.id,
        communityId: communityId(code),
      })),
    );

    const purchaseStage = stage === 'terminated' ? 'implementation' : stage;
    const stageDays =
      stage === 'cancelled'
        ? {
            ...daysUpTo('tender'),
            cancelledOn: '2025-01-20',
            cancellationReason: PRIVATE_TEXTS.cancellationReason,
          }
        : stage === 'closure'
          ? {
              plannedOn: '2024-01-02',
              tenderPublishedOn: '2024-01-10',
              bidsClosedOn: '2024-01-31',
              awardedOn: '2024-02-10',
              contractedOn: '2024-02-20',
              implementationStartedOn: '2024-03-01',
              evaluationStartedOn: '2025-03-01',
              closedOn: '2025-04-15',
            }
          : daysUpTo(purchaseStage as (typeof stageOrder)[number]);
    const [purchase] = await db
      .insert(purchases)
      .values({
        districtCode: DISTRICT,
        projectId: project!.id,
        purchaserUnitCode: stage === 'tender' ? SUBDISTRICT : DISTRICT,
        method: methodOf[stage],
        stage: purchaseStage,
        ...stageDays,
      } as typeof purchases.$inferInsert)
      .returning({ id: purchases.id });
    purchaseIds[stage] = purchase!.id;

    // Bids once the deadline passed: the winner and the others (one of them disqualified).
    if (['plan', 'tender', 'cancelled'].includes(stage)) continue;
    const winner = stage === 'evaluation' || stage === 'contract' || stage === 'terminated' ? youth : elderly;
    const awarded = stage !== 'bids';
    const bidRows = await db
      .insert(purchaseBids)
      .values([
        {
          districtCode: DISTRICT,
          purchaseId: purchase!.id,
          organizationId: winner,
          submittedOn: earlier ? '2024-01-20' : '2025-01-20',
          priceFen: stage === 'closure' ? 11_000_000 : stage === 'terminated' ? 5_000_000 : 28_800_000,
          score: 91.5,
          status: awarded ? 'awarded' : 'qualified',
          eligibility: { reasons: [], gradeFound: 4, policySource: '虎民发〔2024〕7号' },
        },
        ...(stage === 'terminated'
          ? []
          : [
              {
                districtCode: DISTRICT,
                purchaseId: purchase!.id,
                organizationId: winner === elderly ? youth : elderly,
                submittedOn: earlier ? '2024-01-21' : '2025-01-21',
                priceFen: 29_500_000,
                score: 84,
                status: awarded ? 'not_awarded' : 'qualified',
              },
              {
                districtCode: DISTRICT,
                purchaseId: purchase!.id,
                organizationId: family,
                submittedOn: earlier ? '2024-01-22' : '2025-01-22',
                priceFen: 27_000_000,
                status: 'disqualified',
                disqualificationReason: PRIVATE_TEXTS.disqualificationReason,
                eligibility: { reasons: ['major_violation'], note: PRIVATE_TEXTS.eligibilityNote },
              },
            ]),
      ])
      .returning({ id: purchaseBids.id });
    if (['bids', 'award'].includes(stage)) continue;

    const term =
      stage === 'closure'
        ? { signedOn: '2024-02-20', startsOn: '2024-03-01', endsOn: '2025-02-28', amountFen: 11_000_000 }
        : stage === 'contract'
          ? { signedOn: '2025-02-20', startsOn: '2025-11-01', endsOn: '2026-10-31', amountFen: 28_800_000 }
          : stage === 'terminated'
            ? {
                signedOn: '2025-02-20',
                startsOn: '2025-03-01',
                endsOn: '2026-02-28',
                amountFen: 5_000_000,
                terminatedOn: '2025-08-31',
                terminationReason: PRIVATE_TEXTS.terminationReason,
              }
            : { signedOn: '2025-02-20', startsOn: '2025-03-01', endsOn: '2026-02-28', amountFen: 28_800_000 };
    const [contract] = await db
      .insert(serviceContracts)
      .values({
        districtCode: DISTRICT,
        purchaseId: purchase!.id,
        bidId: bidRows[0]!.id,
        organizationId: winner,
        contractNumber: `HQ-GM-${stage}`,
        ...term,
      })
      .returning({ id: serviceContracts.id });
    contracts[stage as keyof ExportChain['contracts']] = contract!.id;
    const split =
      term.amountFen === 28_800_000
        ? [8_640_000, 5_760_000, 8_640_000, 5_760_000]
        : term.amountFen === 11_000_000
          ? [5_500_000, 0, 0, 5_500_000]
          : [2_000_000, 1_000_000, 1_000_000, 1_000_000];
    const planned = earlier
      ? ['2024-02-20', '2024-06-01', '2024-09-01', '2025-03-15']
      : ['2025-02-20', '2025-06-01', '2025-09-01', '2026-03-15'];
    const milestones = ['signing', 'milestone', 'midterm_evaluation', 'final_evaluation'];
    const rows = await db
      .insert(contractTranches)
      .values(
        split.flatMap((amountFen, i) =>
          amountFen > 0
            ? [
                {
                  districtCode: DISTRICT,
                  contractId: contract!.id,
                  trancheNumber: i + 1,
                  milestone: milestones[i]!,
                  plannedOn: planned[i]!,
                  amountFen,
                },
              ]
            : [],
        ),
      )
      .returning({ id: contractTranches.id, milestone: contractTranches.milestone });
    tranches[stage] = milestones.map((milestone) => rows.find((row) => row.milestone === milestone)?.id ?? 0);
  }

  // Evaluations (third party, never the undertaker).
  const evaluation = (
    stage: Stage,
    kind: 'midterm' | 'final',
    evaluatedOn: string,
    grade: string,
    score: number,
  ) => ({
    districtCode: DISTRICT,
    contractId: contracts[stage as keyof ExportChain['contracts']],
    undertakerOrganizationId: stage === 'evaluation' ? youth : elderly,
    kind,
    evaluatorName: '苏州市公益评估中心',
    evaluatorUscc: USCC.evaluator,
    evaluatorOrganizationId: evaluator,
    evaluatedOn,
    score,
    grade,
    reportReference: PRIVATE_TEXTS.reportReference,
    summary: '项目按计划推进，服务对象反馈良好。',
  });
  await db
    .insert(projectEvaluations)
    .values([
      evaluation('implementation', 'midterm', '2025-09-01', 'good', 86),
      evaluation('evaluation', 'midterm', '2025-08-28', 'pass', 72),
      evaluation('closure', 'final', '2025-03-10', 'excellent', 93),
    ]);

  // Delivery: a confirmed activity (its place is public) and a disputed one (not vouched for).
  await db.insert(deliveryActivities).values([
    {
      districtCode: DISTRICT,
      contractId: contracts.implementation,
      communityId: communityId(COMMUNITY),
      title: '长者生日会',
      method: 'group_work',
      heldOn: '2025-04-12',
      place: '狮山社区党群服务中心活动室',
      participantCount: 32,
      status: 'confirmed',
      confirmedOn: '2025-04-13',
      confirmedBy: PRIVATE_TEXTS.confirmedBy,
    },
    {
      districtCode: DISTRICT,
      contractId: contracts.implementation,
      communityId: communityId(OTHER_COMMUNITY),
      title: '防诈骗讲座',
      method: 'community_work',
      heldOn: '2025-05-08',
      place: '何山社区老年活动室',
      participantCount: 60,
      status: 'disputed',
      confirmedOn: '2025-05-09',
      confirmedBy: PRIVATE_TEXTS.confirmedBy,
      disputeReason: PRIVATE_TEXTS.disputeReason,
    },
  ]);
  await db.insert(satisfactionAnswers).values({
    districtCode: DISTRICT,
    projectId: projects.implementation,
    respondentHash: PRIVATE_TEXTS.respondentHash,
    answeredOn: '2025-09-05',
    score: 5,
  });

  // Money, through the funds service.
  const funds = createFundsService(database, { actor: bureau, today: () => TODAY });
  const source = async (
    input: {
      kind: FundingSourceKind;
      funderName: string;
      funderUscc?: string;
      funderOrganizationId?: number;
    },
    amountFen: number,
    committedOn: string,
  ) => {
    const { sourceId } = await funds.registerFundingSource({
      ...input,
      reference: PRIVATE_TEXTS.sourceReference,
      amountFen,
      committedOn,
      idempotencyKey: newKey(),
    });
    await funds.recordReceipt({ sourceId, amountFen, receivedOn: committedOn, idempotencyKey: newKey() });
    return sourceId;
  };
  const sources = {
    budget: await source(
      { kind: 'government_budget', funderName: '虎丘区民政局', funderUscc: USCC.bureau },
      26_000_000,
      '2025-01-05',
    ),
    budget2: await source(
      { kind: 'government_budget', funderName: '虎丘区民政局', funderUscc: USCC.bureau },
      11_000_000,
      '2024-01-05',
    ),
    donation: await source(
      { kind: 'donation', funderName: PRIVATE_TEXTS.donorName },
      3_000_000,
      '2025-02-15',
    ),
    foundation: await source(
      {
        kind: 'community_foundation',
        funderName: '虎丘区狮山社区基金会',
        funderUscc: USCC.foundation,
        funderOrganizationId: foundation,
      },
      3_000_000,
      '2025-01-08',
    ),
  };
  const earmark = async (sourceId: number, stage: Stage, amountFen: number, earmarkedOn: string) =>
    (
      await funds.earmarkFunds({
        sourceId,
        projectId: projects[stage],
        amountFen,
        earmarkedOn,
        idempotencyKey: newKey(),
      })
    ).earmarkId;
  const earmarks = {
    implementationBudget: await earmark(sources.budget, 'implementation', 21_000_000, '2025-02-25'),
    implementationDonation: await earmark(sources.donation, 'implementation', 3_000_000, '2025-02-26'),
    closure: await earmark(sources.budget2, 'closure', 11_000_000, '2024-02-15'),
    terminated: await earmark(sources.budget, 'terminated', 5_000_000, '2025-02-25'),
    plan: await earmark(sources.foundation, 'plan', 1_000_000, '2025-01-15'),
    evaluation: await earmark(sources.foundation, 'evaluation', 2_000_000, '2025-02-25'),
  };
  const pay = async (sourceId: number, stage: Stage, tranche: number, amountFen: number, paidOn: string) =>
    (
      await funds.disburseTranche({
        sourceId,
        trancheId: tranches[stage]![tranche]!,
        amountFen,
        paidOn,
        idempotencyKey: newKey(),
      })
    ).entryId;
  await pay(sources.budget, 'implementation', 0, 8_640_000, '2025-02-28');
  const mistaken = await pay(sources.budget, 'implementation', 1, 1_000_000, '2025-06-02');
  await funds.reverseEntry({
    entryId: mistaken,
    reversedOn: '2025-06-03',
    reason: '误拨，冲销后重新拨付',
    idempotencyKey: newKey(),
  });
  await pay(sources.donation, 'implementation', 1, 3_000_000, '2025-06-05');
  await pay(sources.budget, 'implementation', 1, 2_760_000, '2025-06-05');
  await pay(sources.budget, 'implementation', 2, 8_640_000, '2025-09-10');
  await pay(sources.budget2, 'closure', 0, 5_500_000, '2024-02-25');
  await pay(sources.budget2, 'closure', 3, 5_500_000, '2025-03-20');
  await pay(sources.budget, 'terminated', 0, 2_000_000, '2025-02-28');
  // The evaluation project's earmark is withdrawn: reversed in full, it awards nothing.
  const evaluationEarmarkEntry = await funds.findLedgerAccount({
    kind: 'earmark',
    fundingSourceId: sources.foundation,
    projectId: projects.evaluation,
  });
  const [earmarkLine] = await funds.accountLines(evaluationEarmarkEntry!.id);
  await funds.reverseEntry({
    entryId: earmarkLine!.entryId,
    reversedOn: '2025-03-05',
    reason: '资助方调整资助方向',
    idempotencyKey: newKey(),
  });

  return {
    database,
    organizations: { elderly, youth, family, evaluator, filed, deregistered, foundation },
    projects,
    purchases: purchaseIds,
    contracts,
    sources,
    earmarks,
    reversedPaymentEntryId: mistaken,
  };
}
