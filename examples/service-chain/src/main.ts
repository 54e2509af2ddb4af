/**
 * One resident need walked through the whole service chain (docs/domain.md §6) with
 * @sanshe/client, each step by the role that does it in 三社联动:
 *
 *   community staff     records the need (需求清单), confirms each activity, marks the need met;
 *   subdistrict staff   designs and approves the project, runs the purchase (政府购买服务), pays
 *                       the tranches as their milestones are met, closes purchase and project;
 *   the bureau          (civil affairs, DEPARTMENT_STAFF) registers the funding sources (one
 *                       government budget, one donation published as 个人捐赠), records what
 *                       they bring in and earmarks it for the project (定向使用);
 *   organization staff  (ORG_STAFF) bids for the purchase and records the delivery;
 *   an evaluator        (EVALUATOR) records the mid-term and final third-party evaluations and
 *                       residents' satisfaction.
 *
 * It also shows one refusal, a tranche paid out of an earmark too small for it
 * (INSUFFICIENT_BALANCE), and that nothing changed; and an idempotent replay of a payment.
 *
 * Every fact is dated in the past, counted back from today in China (the services refuse a day
 * after today and check that a purchase's stages come in order), so the example works on any
 * day. Each run records a new need and project; the idempotency keys and the contract number
 * carry the run's id, so runs do not collide.
 *
 *   npm start                                   # in the workspace root: the demo city on :4000
 *   SANSHE_COMMUNITY_STAFF_TOKEN=… SANSHE_SUBDISTRICT_STAFF_TOKEN=… SANSHE_BUREAU_TOKEN=… \
 *   SANSHE_ORG_STAFF_TOKEN=… SANSHE_EVALUATOR_TOKEN=… node dist/main.js [url]
 */
import { pathToFileURL } from 'node:url';
import {
  ApproveProject,
  AwardBid,
  CloseBids,
  CloseNeed,
  CloseProject,
  ClosePurchase,
  CommunityByCode,
  ConfirmActivity,
  createClient,
  DesignProject,
  DisburseTranche,
  EarmarkFunds,
  graphql,
  JournalEntriesPage,
  PlanPurchase,
  PublishTender,
  RecordActivity,
  RecordEvaluation,
  RecordFundingReceipt,
  RecordIndicatorAchieved,
  RecordNeed,
  RecordSatisfaction,
  RegisterFundingSource,
  type RequestResult,
  type SansheClient,
  ServiceProjectById,
  SignContract,
  StartEvaluation,
  StartImplementation,
  SubmitBid,
} from '@sanshe/client';

/** One bearer token per role the chain needs, each issued for the places it works in. */
export interface ChainTokens {
  /** COMMUNITY_STAFF of the community. */
  communityStaff: string;
  /** SUBDISTRICT_STAFF of the community's subdistrict. */
  subdistrictStaff: string;
  /** DEPARTMENT_STAFF of the district's civil-affairs bureau. */
  bureau: string;
  /** ORG_STAFF of the organization that bids and delivers. */
  organizationStaff: string;
  /** EVALUATOR of the district. */
  evaluator: string;
}

export interface RunOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  tokens: ChainTokens;
  /**
   * The global ID of the organization that bids: a registered social organization (not a filed
   * group) the ORG_STAFF token works for. Default: the token's `org` claim.
   */
  organizationId?: string;
  /** The community whose need it is (12 digits). Default 320505001001, in the demo district. */
  communityCode?: string;
  /** The day every date is counted back from. Default: today in China Standard Time. */
  today?: string;
  /** Marks this run's idempotency keys and contract number. Default: from the clock. */
  runId?: string;
  /** Where each line of the report goes. Default: `console.log`. */
  log?: (line: string) => void;
}

/** What a refused request answered: the member of the result union, with its code and field. */
export interface Refusal {
  __typename: string;
  code: string;
  message: string;
  path: readonly string[];
}

export interface RunReport {
  /** Every line that was logged. */
  lines: string[];
  today: string;
  need: { id: string; status: string; collectedOn: string; closedOn: string | null };
  project: {
    id: string;
    name: string;
    status: string;
    budgetFen: number;
    approvedOn: string | null;
    closedOn: string | null;
  };
  purchase: { id: string; stage: string; days: Record<string, string | null> };
  bid: { id: string; status: string; eligible: boolean | null; priceFen: number };
  contract: {
    id: string;
    contractNumber: string;
    amountFen: number;
    startsOn: string;
    endsOn: string;
    tranches: { number: number; milestone: string; amountFen: number; releasedOn: string | null }[];
  };
  sources: { government: SourceFigures; donation: SourceFigures };
  activities: { id: string; heldOn: string; status: string; totalMinutes: number }[];
  evaluations: { kind: string; score: number; grade: string; evaluatedOn: string }[];
  satisfaction: { answers: number; scoreSum: number; average: number | null; counts: number[] };
  indicators: { description: string; target: number; achieved: number | null }[];
  /** The payment the idempotent replay answered: the same entry as the first time. */
  replay: { firstEntryId: string; replayEntryId: string };
  /** The refused payment, and the figures read before and after it (equal: nothing changed). */
  refusal: Refusal & { before: string; after: string };
  /** Every ledger entry of the run that touched the project's earmarks or its undertaker. */
  payments: { kind: string; occurredOn: string; amountFen: number }[];
}

export interface SourceFigures {
  id: string;
  funderName: string;
  committedFen: number;
  receivedFen: number;
  earmarkedFen: number;
  /** What the project's earmark of this source still holds at the end. */
  availableFen: number;
}

/** A mutation answered with an expected failure; the run stops there. */
export class StepRefused extends Error {
  constructor(
    readonly step: string,
    readonly failure: Refusal,
  ) {
    super(
      `${step} refused: ${failure.__typename} ${failure.code} at ${failure.path.join('.')}: ${failure.message}`,
    );
    this.name = 'StepRefused';
  }
}

/**
 * The staff of the undertaking organization and the day each post began, to name the social
 * workers who gave their time (a worker counts only while holding a post with the undertaker).
 * A ready-made document copied with the fields this program needs.
 */
export const UndertakerStaff = graphql(`
  query UndertakerStaff($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on SocialOrganization {
        name
        posts(first: 20, current: true) {
          nodes {
            startsOn
            worker {
              id
              name
              certifiedLevel
            }
          }
        }
      }
    }
  }
`);

/** Money of the budget, the bid and the contract, in fen (100 fen = 1 yuan). */
const yuan = (amount: number) => amount * 100;
const BUDGET_LINES = [
  { category: 'PERSONNEL', description: '项目社工及督导人员经费', amountFen: yuan(120_000) },
  { category: 'ACTIVITIES', description: '入户探访、小组活动与社区活动经费', amountFen: yuan(40_000) },
  { category: 'MATERIALS', description: '活动物资与宣传资料', amountFen: yuan(15_000) },
  { category: 'EVALUATION', description: '第三方中期及末期评估', amountFen: yuan(10_000) },
  { category: 'MANAGEMENT', description: '项目管理费', amountFen: yuan(15_000) },
] as const;
export const BUDGET_FEN = BUDGET_LINES.reduce((sum, line) => sum + line.amountFen, 0);
/** The government appropriation, and the part of it earmarked for this project. */
export const GOVERNMENT = { committedFen: yuan(180_000), earmarkFen: yuan(170_000) };
/** A resident's donation, all of it earmarked for this project (慈善法: used as the donor agreed). */
export const DONATION = { committedFen: yuan(30_000), earmarkFen: yuan(30_000) };
/** The winning bid and the contract: under the budget, paid 30 % / 40 % / 30 %. */
export const CONTRACT_FEN = yuan(196_000);
const TRANCHES = [
  { milestone: 'SIGNING', share: 0.3 },
  { milestone: 'MIDTERM_EVALUATION', share: 0.4 },
  { milestone: 'FINAL_EVALUATION', share: 0.3 },
] as const;

/**
 * How many days before today each fact is dated. The order is the chain's: a stage is never
 * dated before the one it follows, a contract runs 130 days (at most a year, 令第102号), activities
 * fall inside it, the mid-term evaluation during delivery and the final one after it.
 */
export const DAYS_AGO = {
  needCollected: 200,
  governmentCommitted: 196,
  donationCommitted: 192,
  projectApproved: 190,
  purchasePlanned: 188,
  tenderPublished: 186,
  governmentReceived: 184,
  donationReceived: 182,
  earmarked: 180,
  bidSubmitted: 176,
  bidsClosed: 170,
  awarded: 166,
  contractSigned: 160,
  firstTranchePaid: 158,
  contractStarts: 155,
  implementationStarted: 155,
  activities: [150, 120, 95],
  midtermEvaluated: 90,
  secondTranchePaid: 88,
  residentsAnswered: 40,
  contractEnds: 25,
  evaluationStarted: 24,
  finalEvaluated: 20,
  thirdTranchePaid: 18,
  purchaseClosed: 12,
  projectClosed: 10,
  needMet: 8,
} as const;

export async function run(options: RunOptions): Promise<RunReport> {
  const lines: string[] = [];
  const print = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };
  const communityCode = options.communityCode ?? '320505001001';
  const subdistrictCode = communityCode.slice(0, 9);
  const districtCode = communityCode.slice(0, 6);
  const today = options.today ?? todayInChina();
  const ago = (days: number) => addDays(today, -days);
  const runId = options.runId ?? Date.now().toString(36);
  const key = (what: string) => `service-chain-example-${runId}-${what}`;
  const organizationId = options.organizationId ?? organizationOfToken(options.tokens.organizationStaff);
  if (!organizationId) {
    throw new Error('No organization: pass organizationId, or an ORG_STAFF token with an `org` claim.');
  }

  // One client per role: each request carries the token of whoever does that step.
  const clientFor = (token: string) =>
    createClient({
      url: options.url,
      token,
      timeoutMs: 30_000,
      headers: { 'x-request-source': 'sanshe-example-service-chain' },
    });
  const community = clientFor(options.tokens.communityStaff);
  const subdistrict = clientFor(options.tokens.subdistrictStaff);
  const bureau = clientFor(options.tokens.bureau);
  const organization = clientFor(options.tokens.organizationStaff);
  const evaluator = clientFor(options.tokens.evaluator);

  log(`Today is ${today}; the chain is dated from ${ago(DAYS_AGO.needCollected)} on.`);

  // 1. Community staff record the need heard at an open-space meeting (开放空间会议). Published
  //    with the project that answers it, so it names no resident.
  const place = await community.request(CommunityByCode, { code: communityCode });
  if (!place.data) throw place.error;
  const home = place.data.community;
  if (!home) throw new Error(`The gateway has no community ${communityCode}.`);
  const need = succeed(
    'Recording the need',
    await community.request(RecordNeed, {
      input: {
        communityId: home.id,
        source: 'OPEN_SPACE_MEETING',
        category: 'ELDERLY',
        urgency: 'HIGH',
        residentsAffected: 86,
        title: '高龄独居老人日间照料与定期探访',
        description:
          '开放空间会议上居民提出：小区高龄独居老人较多，白天无人照应，希望有人定期探访、组织互助活动。',
        collectedOn: ago(DAYS_AGO.needCollected),
      },
    }),
    (data) => data.recordNeed,
  );
  log(
    `[community] Recorded need “${need.title}” in ${home.name} (${need.community.code}) on ${need.collectedOn}: ${need.status}.`,
  );

  // 2. The subdistrict designs the project from the need, with budget lines that sum to the
  //    budget and indicators to evaluate it by, and approves it.
  const designed = succeed(
    'Designing the project',
    await subdistrict.request(DesignProject, {
      input: {
        unitCode: subdistrictCode,
        name: `${home.name}“银龄守望”居家养老社会工作服务项目`,
        serviceDomain: 'ELDERLY',
        goals: '为高龄独居老人提供定期探访、个案跟进和互助小组，建立社区邻里守望网络。',
        methods: ['CASEWORK', 'GROUP_WORK'],
        startsOn: ago(DAYS_AGO.contractStarts),
        endsOn: ago(DAYS_AGO.contractEnds),
        budgetLines: BUDGET_LINES.map((line) => ({ ...line })),
        indicators: [
          { kind: 'OUTPUT', description: '建立个案并定期探访的独居老人', unit: '人', target: 30 },
          { kind: 'OUTPUT', description: '开展互助小组活动', unit: '场次', target: 12 },
          { kind: 'OUTCOME', description: '服务对象满意度', unit: '%', target: 90 },
        ],
        needIds: [need.id],
        communityIds: [home.id],
      },
    }),
    (data) => data.designProject,
  );
  log(
    `[subdistrict] Designed “${designed.name}”: budget ${money(designed.budgetFen)} in ${designed.budgetLines.length} lines, ` +
      `${designed.indicators.length} indicators; the need is now ${designed.needs[0]?.status}.`,
  );
  const approved = succeed(
    'Approving the project',
    await subdistrict.request(ApproveProject, {
      input: { id: designed.id, on: ago(DAYS_AGO.projectApproved), expectedVersion: designed.version },
    }),
    (data) => data.approveProject,
  );
  log(`[subdistrict] Approved the project on ${approved.approvedOn}.`);

  // 3. The bureau registers the two funding sources. A person who donates is published as
  //    个人捐赠, never by name (四公开, docs/domain.md §6.4).
  const government = succeed(
    'Registering the government budget',
    await bureau.request(RegisterFundingSource, {
      input: {
        districtCode,
        kind: 'GOVERNMENT_BUDGET',
        funderName: '区财政局',
        reference: `区财社〔${ago(DAYS_AGO.governmentCommitted).slice(0, 4)}〕18号`,
        amountFen: GOVERNMENT.committedFen,
        committedOn: ago(DAYS_AGO.governmentCommitted),
        idempotencyKey: key('source-government'),
      },
    }),
    (data) => data.registerFundingSource,
  );
  const donation = succeed(
    'Registering the donation',
    await bureau.request(RegisterFundingSource, {
      input: {
        districtCode,
        kind: 'DONATION',
        funderName: '个人捐赠',
        reference: `捐赠协议 JZ-${runId}`,
        amountFen: DONATION.committedFen,
        committedOn: ago(DAYS_AGO.donationCommitted),
        idempotencyKey: key('source-donation'),
      },
    }),
    (data) => data.registerFundingSource,
  );
  for (const source of [government, donation]) {
    log(
      `[bureau] Registered funding source ${source.funderName} (${source.kind}, ${source.reference}): ` +
        `${money(source.amountFen)} committed on ${source.committedOn}.`,
    );
  }

  // 4. The subdistrict plans the purchase and publishes the tender.
  const planned = succeed(
    'Planning the purchase',
    await subdistrict.request(PlanPurchase, {
      input: {
        projectId: approved.id,
        purchaserUnitCode: subdistrictCode,
        method: 'COMPETITIVE_CONSULTATION',
        plannedOn: ago(DAYS_AGO.purchasePlanned),
      },
    }),
    (data) => data.planPurchase,
  );
  const tendered = succeed(
    'Publishing the tender',
    await subdistrict.request(PublishTender, {
      input: { id: planned.id, on: ago(DAYS_AGO.tenderPublished), expectedVersion: planned.version },
    }),
    (data) => data.publishTender,
  );
  log(
    `[subdistrict] Planned the purchase (${planned.method}) on ${planned.plannedOn}; tender published on ${tendered.tenderPublishedOn}.`,
  );

  // 5. The bureau records what the sources bring in and earmarks it for the project.
  for (const [source, amountFen, daysAgo, what] of [
    [government, GOVERNMENT.committedFen, DAYS_AGO.governmentReceived, 'government'],
    [donation, DONATION.committedFen, DAYS_AGO.donationReceived, 'donation'],
  ] as const) {
    const receipt = succeed(
      `Recording the ${what} receipt`,
      await bureau.request(RecordFundingReceipt, {
        input: {
          sourceId: source.id,
          amountFen,
          receivedOn: ago(daysAgo),
          idempotencyKey: key(`receipt-${what}`),
        },
      }),
      (data) => data.recordFundingReceipt,
    );
    log(`[bureau] Received ${money(amountFen)} from ${source.funderName} on ${receipt.occurredOn}.`);
  }
  for (const [source, amountFen, what] of [
    [government, GOVERNMENT.earmarkFen, 'government'],
    [donation, DONATION.earmarkFen, 'donation'],
  ] as const) {
    const earmark = succeed(
      `Earmarking the ${what} money`,
      await bureau.request(EarmarkFunds, {
        input: {
          sourceId: source.id,
          projectId: approved.id,
          amountFen,
          earmarkedOn: ago(DAYS_AGO.earmarked),
          idempotencyKey: key(`earmark-${what}`),
        },
      }),
      (data) => data.earmarkFunds,
    );
    log(
      `[bureau] Earmarked ${money(earmark.amountFen)} of ${earmark.source.funderName} for the project on ${earmark.earmarkedOn}.`,
    );
  }

  // 6. The organization bids while the tender is out.
  const staff = await organization.request(UndertakerStaff, { id: organizationId });
  if (!staff.data) throw staff.error;
  const undertaker = staff.data.node;
  if (undertaker?.__typename !== 'SocialOrganization') {
    throw new Error(`The organization staff token sees no organization ${organizationId}.`);
  }
  const bid = succeed(
    'Bidding',
    await organization.request(SubmitBid, {
      input: {
        purchaseId: planned.id,
        organizationId,
        priceFen: CONTRACT_FEN,
        submittedOn: ago(DAYS_AGO.bidSubmitted),
      },
    }),
    (data) => data.submitBid,
  );
  log(`[organization] ${undertaker.name} bid ${money(bid.priceFen)} on ${bid.submittedOn}: ${bid.status}.`);

  // 7. The subdistrict closes the bids (each assessed against who may undertake), awards the
  //    purchase and signs the contract, paid in three tranches.
  const closed = succeed(
    'Closing the bids',
    await subdistrict.request(CloseBids, { input: { id: planned.id, on: ago(DAYS_AGO.bidsClosed) } }),
    (data) => data.closeBids,
  );
  const assessed = closed.bids.find((candidate) => candidate.id === bid.id);
  log(
    `[subdistrict] Closed the bids on ${closed.bidsClosedOn}: ${closed.bids.length} bid(s); ours ${assessed?.status}` +
      `${assessed?.eligibility?.reasons.length ? ` (${assessed.eligibility.reasons.join(', ')})` : ''}.`,
  );
  const awarded = succeed(
    'Awarding the bid',
    await subdistrict.request(AwardBid, {
      input: { bidId: bid.id, awardedOn: ago(DAYS_AGO.awarded), score: 88.5 },
    }),
    (data) => data.awardBid,
  );
  log(
    `[subdistrict] Awarded the purchase to ${awarded.organization?.name ?? undertaker.name} on ${awarded.purchase.awardedOn} (score ${awarded.score}).`,
  );
  const trancheDays = [
    ago(DAYS_AGO.contractSigned),
    ago(DAYS_AGO.secondTranchePaid),
    ago(DAYS_AGO.thirdTranchePaid),
  ];
  const trancheAmounts = splitIntoTranches(CONTRACT_FEN);
  const contract = succeed(
    'Signing the contract',
    await subdistrict.request(SignContract, {
      input: {
        purchaseId: planned.id,
        contractNumber: `${subdistrictCode}-ZFGM-${runId}`,
        signedOn: ago(DAYS_AGO.contractSigned),
        startsOn: ago(DAYS_AGO.contractStarts),
        endsOn: ago(DAYS_AGO.contractEnds),
        continuing: false,
        amountFen: CONTRACT_FEN,
        tranches: TRANCHES.map((tranche, index) => ({
          milestone: tranche.milestone,
          plannedOn: trancheDays[index]!,
          amountFen: trancheAmounts[index]!,
        })),
        expectedVersion: awarded.purchase.version,
      },
    }),
    (data) => data.signContract,
  );
  log(
    `[subdistrict] Signed contract ${contract.contractNumber} on ${contract.signedOn}: ${money(contract.amountFen)}, ` +
      `${contract.startsOn} to ${contract.endsOn}, tranches ${contract.tranches.map((t) => `${t.milestone} ${money(t.amountFen)}`).join(' / ')}.`,
  );
  const [signing, midterm, final] = contract.tranches;
  if (!signing || !midterm || !final) throw new Error('The contract came back without its three tranches.');

  // 8. The first tranche is due on signing: paid out of the government earmark. Sent twice
  //    with the same idempotency key (a retry after a lost answer): the second answers the first
  //    entry and pays nothing more.
  const pay = (sourceId: string, trancheId: string, amountFen: number, paidOn: string, what: string) =>
    subdistrict.request(DisburseTranche, {
      input: { sourceId, trancheId, amountFen, paidOn, idempotencyKey: key(what) },
    });
  const first = succeed(
    'Paying the first tranche',
    await pay(government.id, signing.id, signing.amountFen, ago(DAYS_AGO.firstTranchePaid), 'tranche-1'),
    (data) => data.disburseTranche,
  );
  const replayed = succeed(
    'Replaying the first payment',
    await pay(government.id, signing.id, signing.amountFen, ago(DAYS_AGO.firstTranchePaid), 'tranche-1'),
    (data) => data.disburseTranche,
  );
  log(
    `[subdistrict] Paid tranche 1 (${money(signing.amountFen)}) on ${first.occurredOn}; sent again with the same key, ` +
      `the gateway answered the same entry (${replayed.id === first.id ? 'nothing paid twice' : 'A SECOND ENTRY'}).`,
  );

  // 9. Delivery begins; the organization records its activities, the community confirms each.
  const started = succeed(
    'Starting implementation',
    await subdistrict.request(StartImplementation, {
      input: { id: planned.id, on: ago(DAYS_AGO.implementationStarted) },
    }),
    (data) => data.startImplementation,
  );
  log(`[subdistrict] Implementation (履约) began on ${started.implementationStartedOn}.`);
  const activityPlans = [
    {
      title: '独居老人入户评估与个案建档',
      method: 'CASEWORK',
      place: '社区日间照料中心个案室',
      participants: 18,
    },
    {
      title: '“银龄互助”小组第一节：认识彼此',
      method: 'GROUP_WORK',
      place: '社区党群服务中心活动室',
      participants: 14,
    },
    {
      title: '“银龄互助”小组第六节：邻里守望约定',
      method: 'GROUP_WORK',
      place: '社区党群服务中心活动室',
      participants: 16,
    },
  ] as const;
  const activities: RunReport['activities'] = [];
  for (const [index, plan] of activityPlans.entries()) {
    const heldOn = ago(DAYS_AGO.activities[index]!);
    // A social worker counts only while holding a post with the undertaker on the day.
    const worker = undertaker.posts.nodes.find((post) => post.startsOn <= heldOn)?.worker;
    const recorded = succeed(
      `Recording activity ${index + 1}`,
      await organization.request(RecordActivity, {
        input: {
          contractId: contract.id,
          communityId: home.id,
          title: plan.title,
          method: plan.method,
          heldOn,
          place: plan.place,
          participantCount: plan.participants,
          hours: [
            worker
              ? { role: 'SOCIAL_WORKER' as const, workerId: worker.id, minutes: 180 }
              : { role: 'OTHER_STAFF' as const, minutes: 180 },
            { role: 'VOLUNTEER', minutes: 120 },
            { role: 'VOLUNTEER', minutes: 90 },
          ],
        },
      }),
      (data) => data.recordActivity,
    );
    const confirmed = succeed(
      `Confirming activity ${index + 1}`,
      await community.request(ConfirmActivity, {
        input: { id: recorded.id, on: addDays(heldOn, 2), expectedVersion: recorded.version },
      }),
      (data) => data.confirmActivity,
    );
    activities.push({
      id: confirmed.id,
      heldOn: confirmed.heldOn,
      status: confirmed.status,
      totalMinutes: confirmed.totalMinutes,
    });
    log(
      `[organization] Recorded “${recorded.title}” (${recorded.method}) on ${recorded.heldOn} at ${recorded.place}: ` +
        `${recorded.participantCount} residents, ${recorded.totalMinutes} minutes given` +
        `${worker ? ` (social worker ${worker.name})` : ''}; [community] ${confirmed.status} on ${confirmed.confirmedOn}.`,
    );
  }

  // 10. The evaluator's mid-term evaluation during delivery releases the second tranche.
  const evaluations: RunReport['evaluations'] = [];
  const midtermEvaluation = succeed(
    'Recording the mid-term evaluation',
    await evaluator.request(RecordEvaluation, {
      input: {
        contractId: contract.id,
        kind: 'MIDTERM',
        evaluatorName: '第三方社会工作评估中心',
        evaluatedOn: ago(DAYS_AGO.midtermEvaluated),
        score: 86,
        grade: 'GOOD',
        reportReference: `PG-${runId}-Z`,
        summary: '项目按计划推进，个案建档完整，小组活动参与稳定；建议加强志愿者培训。',
      },
    }),
    (data) => data.recordEvaluation,
  );
  evaluations.push(pickEvaluation(midtermEvaluation));
  log(
    `[evaluator] Mid-term evaluation on ${midtermEvaluation.evaluatedOn}: ${midtermEvaluation.score} (${midtermEvaluation.grade}).`,
  );
  const second = succeed(
    'Paying the second tranche',
    await pay(government.id, midterm.id, midterm.amountFen, ago(DAYS_AGO.secondTranchePaid), 'tranche-2'),
    (data) => data.disburseTranche,
  );
  log(
    `[subdistrict] Paid tranche 2 (${money(midterm.amountFen)}) on ${second.occurredOn}, the mid-term evaluation passed.`,
  );

  // 11. Residents who received the service answer the satisfaction survey (1–5). Their identity
  //     number is kept only as a keyed hash, to refuse a second answer.
  const scores = [5, 4, 5, 5, 4, 5] as const;
  for (const [index, score] of scores.entries()) {
    succeed(
      `Recording satisfaction answer ${index + 1}`,
      await evaluator.request(RecordSatisfaction, {
        input: {
          projectId: approved.id,
          residentId: makeResidentId(districtCode, index + 1, runId),
          score,
          answeredOn: ago(DAYS_AGO.residentsAnswered),
        },
      }),
      (data) => data.recordSatisfaction,
    );
  }
  log(
    `[evaluator] ${scores.length} residents answered the satisfaction survey on ${ago(DAYS_AGO.residentsAnswered)}.`,
  );

  // 12. Delivery is over: evaluation begins; the final evaluation and the indicators achieved.
  const evaluating = succeed(
    'Starting the evaluation',
    await subdistrict.request(StartEvaluation, {
      input: { id: planned.id, on: ago(DAYS_AGO.evaluationStarted) },
    }),
    (data) => data.startEvaluation,
  );
  log(
    `[subdistrict] Delivery over; acceptance and evaluation (验收评价) began on ${evaluating.evaluationStartedOn}.`,
  );
  const finalEvaluation = succeed(
    'Recording the final evaluation',
    await evaluator.request(RecordEvaluation, {
      input: {
        contractId: contract.id,
        kind: 'FINAL',
        evaluatorName: '第三方社会工作评估中心',
        evaluatedOn: ago(DAYS_AGO.finalEvaluated),
        score: 91.5,
        grade: 'EXCELLENT',
        reportReference: `PG-${runId}-M`,
        summary: '项目全部完成产出指标，服务对象满意度高，邻里守望网络已初步建立。',
      },
    }),
    (data) => data.recordEvaluation,
  );
  evaluations.push(pickEvaluation(finalEvaluation));
  log(
    `[evaluator] Final evaluation on ${finalEvaluation.evaluatedOn}: ${finalEvaluation.score} (${finalEvaluation.grade}).`,
  );
  const achieved = [32, 12, 95];
  for (const [index, indicator] of approved.indicators.entries()) {
    const recorded = succeed(
      `Recording indicator ${index + 1}`,
      await subdistrict.request(RecordIndicatorAchieved, {
        input: { id: indicator.id, achieved: achieved[index] ?? 0, expectedVersion: indicator.version },
      }),
      (data) => data.recordIndicatorAchieved,
    );
    log(
      `[subdistrict] Indicator “${recorded.description}”: ${recorded.achieved} ${recorded.unit} of ${recorded.target}.`,
    );
  }

  // 13. The last tranche. First, the whole of it out of the donation's earmark, which holds
  //     less: refused, and nothing changed. Then the donation's earmark and the rest from the
  //     government's.
  const figures = async () => {
    const [project, entries] = await Promise.all([
      readProject(subdistrict, approved.id),
      subdistrict.request(JournalEntriesPage, { first: 1, filter: { districtCode } }),
    ]);
    // A partial answer (a district that did not answer) is no evidence: stop.
    if (!entries.data || entries.error) throw entries.error;
    return JSON.stringify({
      earmarks: project.earmarks.map((e) => [e.source.id, e.availableFen]),
      tranches: project.purchases.flatMap((p) => p.contract?.tranches.map((t) => [t.id, t.releasedOn]) ?? []),
      entries: entries.data.journalEntries.totalCount,
    });
  };
  const before = await figures();
  const overdrawn = await pay(
    donation.id,
    final.id,
    final.amountFen,
    ago(DAYS_AGO.thirdTranchePaid),
    'tranche-3-donation-whole',
  );
  const failure = refused(
    'Paying the whole third tranche from the donation',
    overdrawn,
    (data) => data.disburseTranche,
  );
  const after = await figures();
  log(
    `[subdistrict] Paying all of tranche 3 (${money(final.amountFen)}) from the donation's earmark (${money(DONATION.earmarkFen)}) ` +
      `was refused: ${failure.__typename} ${failure.code} at ${failure.path.join('.')}; ` +
      `${before === after ? 'nothing changed (earmarks, tranches and ledger as before)' : 'SOMETHING CHANGED'}.`,
  );
  succeed(
    'Paying the third tranche from the donation',
    await pay(
      donation.id,
      final.id,
      DONATION.earmarkFen,
      ago(DAYS_AGO.thirdTranchePaid),
      'tranche-3-donation',
    ),
    (data) => data.disburseTranche,
  );
  const fromGovernment = succeed(
    'Paying the rest of the third tranche',
    await pay(
      government.id,
      final.id,
      final.amountFen - DONATION.earmarkFen,
      ago(DAYS_AGO.thirdTranchePaid),
      'tranche-3-government',
    ),
    (data) => data.disburseTranche,
  );
  log(
    `[subdistrict] Paid tranche 3 on ${fromGovernment.occurredOn}: ${money(DONATION.earmarkFen)} from the donation and ` +
      `${money(final.amountFen - DONATION.earmarkFen)} from the government budget (the tranche released on ${fromGovernment.tranche?.releasedOn}, once paid in full).`,
  );

  // 14. The purchase and the project are closed; the community marks the need met.
  const closure = succeed(
    'Closing the purchase',
    await subdistrict.request(ClosePurchase, { input: { id: planned.id, on: ago(DAYS_AGO.purchaseClosed) } }),
    (data) => data.closePurchase,
  );
  log(`[subdistrict] Closed the purchase (结项) on ${closure.closedOn}.`);
  const closedProject = succeed(
    'Closing the project',
    await subdistrict.request(CloseProject, { input: { id: approved.id, on: ago(DAYS_AGO.projectClosed) } }),
    (data) => data.closeProject,
  );
  log(`[subdistrict] Closed the project on ${closedProject.closedOn}.`);
  const met = succeed(
    'Marking the need met',
    await community.request(CloseNeed, {
      input: {
        id: need.id,
        outcome: 'MET',
        closedOn: ago(DAYS_AGO.needMet),
        reason: '项目结项，服务对象需求已得到回应',
      },
    }),
    (data) => data.closeNeed,
  );
  log(`[community] The need is ${met.status} since ${met.closedOn}.`);

  // 15. The whole chain, read back from the project.
  const whole = await readProject(subdistrict, approved.id);
  const purchase = whole.purchases.find((candidate) => candidate.id === planned.id);
  const bought = purchase?.contract;
  if (!purchase || !bought) throw new Error('The project came back without its purchase and contract.');
  const earmarkOf = (sourceId: string) => whole.earmarks.find((earmark) => earmark.source.id === sourceId);
  const sources = await Promise.all(
    [government, donation].map(async (source): Promise<SourceFigures> => {
      const { data, error } = await bureau.request(FundingSourceFigures, { id: source.id });
      if (!data) throw error;
      const node = data.node;
      if (node?.__typename !== 'FundingSource') throw new Error(`No funding source ${source.id}.`);
      return {
        id: source.id,
        funderName: node.funderName,
        committedFen: node.amountFen,
        receivedFen: node.receivedFen,
        earmarkedFen: earmarkOf(source.id)?.amountFen ?? 0,
        availableFen: earmarkOf(source.id)?.availableFen ?? 0,
      };
    }),
  );
  const [governmentFigures, donationFigures] = sources as [SourceFigures, SourceFigures];
  log(
    `Project “${whole.name}”: ${whole.status}; need ${whole.needs.map((n) => n.status).join(', ')}; purchase ${purchase.stage}; ` +
      `tranches ${bought.tranches.map((t) => `${t.trancheNumber} released ${t.releasedOn}`).join(', ')}.`,
  );
  for (const source of sources) {
    log(
      `  ${source.funderName}: committed ${money(source.committedFen)}, received ${money(source.receivedFen)}, ` +
        `earmarked ${money(source.earmarkedFen)}, left in the earmark ${money(source.availableFen)}.`,
    );
  }
  const satisfaction = whole.satisfaction ?? {
    answers: 0,
    scoreSum: 0,
    average: null,
    counts: [0, 0, 0, 0, 0],
  };
  log(
    `  Satisfaction: ${satisfaction.answers} answers, average ${satisfaction.average?.toFixed(2) ?? 'n/a'} ` +
      `(${satisfaction.scoreSum} / ${satisfaction.answers}; 1–5: ${satisfaction.counts.join(' ')}).`,
  );

  const ledger = await subdistrict.request(ContractPayments, { id: bought.id });
  if (!ledger.data) throw ledger.error;
  const paid = ledger.data.node?.__typename === 'ServiceContract' ? ledger.data.node.tranches : [];
  const payments = paid
    .flatMap((tranche) => tranche.payments)
    .map((entry) => ({
      kind: entry.kind,
      occurredOn: entry.occurredOn,
      // A payment moves the amount out of an earmark and into the undertaker's account.
      amountFen: entry.lines.reduce((sum, line) => sum + Math.max(0, line.amount), 0),
    }));

  return {
    lines,
    today,
    need: { id: met.id, status: met.status, collectedOn: met.collectedOn, closedOn: met.closedOn },
    project: {
      id: whole.id,
      name: whole.name,
      status: whole.status,
      budgetFen: whole.budgetFen,
      approvedOn: whole.approvedOn,
      closedOn: whole.closedOn,
    },
    purchase: {
      id: closure.id,
      stage: closure.stage,
      days: {
        plan: closure.plannedOn,
        tender: closure.tenderPublishedOn,
        bids: closure.bidsClosedOn,
        award: closure.awardedOn,
        contract: closure.contractedOn,
        implementation: closure.implementationStartedOn,
        evaluation: closure.evaluationStartedOn,
        closure: closure.closedOn,
      },
    },
    bid: {
      id: bid.id,
      status: awarded.status,
      eligible: awarded.eligibility?.eligible ?? null,
      priceFen: awarded.priceFen,
    },
    contract: {
      id: bought.id,
      contractNumber: bought.contractNumber,
      amountFen: bought.amountFen,
      startsOn: bought.startsOn,
      endsOn: bought.endsOn,
      tranches: bought.tranches.map((t) => ({
        number: t.trancheNumber,
        milestone: t.milestone,
        amountFen: t.amountFen,
        releasedOn: t.releasedOn,
      })),
    },
    sources: { government: governmentFigures, donation: donationFigures },
    activities,
    evaluations,
    satisfaction,
    indicators: whole.indicators.map((i) => ({
      description: i.description,
      target: i.target,
      achieved: i.achieved,
    })),
    replay: { firstEntryId: first.id, replayEntryId: replayed.id },
    refusal: { ...failure, before, after },
    payments,
  };
}

/** A funding source's figures from the ledger: committed, received, held. */
export const FundingSourceFigures = graphql(`
  query FundingSourceFigures($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on FundingSource {
        funderName
        amountFen
        receivedFen
        heldFen
      }
    }
  }
`);

/** The entries paying each tranche of a contract, with their lines (fen, signed). */
export const ContractPayments = graphql(`
  query ContractPayments($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on ServiceContract {
        tranches {
          trancheNumber
          payments {
            id
            kind
            occurredOn
            lines {
              amount
            }
          }
        }
      }
    }
  }
`);

async function readProject(client: SansheClient, id: string) {
  const { data, error } = await client.request(ServiceProjectById, { id });
  if (!data || error) throw error;
  if (data.node?.__typename !== 'ServiceProject') throw new Error(`The project ${id} is not visible.`);
  return data.node;
}

type ResultUnion = { __typename: string };
type SuccessOf<R> = R extends { data: infer D } ? D : never;
type FailureOf<R> = Exclude<R, { data: unknown }>;

/**
 * The success's `data`, or a {@link StepRefused} naming the step, the code and the field. A
 * request that failed as a whole (network, timeout, GraphQL error) is thrown as it came.
 */
function succeed<Data, R extends ResultUnion>(
  step: string,
  response: RequestResult<Data>,
  pick: (data: Data) => R,
): SuccessOf<R> {
  if (!response.data || response.error) throw response.error;
  const result = pick(response.data);
  if ('data' in result) return (result as R & { data: SuccessOf<R> }).data;
  throw new StepRefused(step, result as unknown as Refusal);
}

/** The expected failure of a step meant to be refused; a success stops the run. */
function refused<Data, R extends ResultUnion>(
  step: string,
  response: RequestResult<Data>,
  pick: (data: Data) => R,
): FailureOf<R> & Refusal {
  if (!response.data || response.error) throw response.error;
  const result = pick(response.data);
  if ('data' in result) throw new Error(`${step} was expected to be refused, and went through.`);
  return result as unknown as FailureOf<R> & Refusal;
}

function pickEvaluation(evaluation: { kind: string; score: number; grade: string; evaluatedOn: string }) {
  return {
    kind: evaluation.kind,
    score: evaluation.score,
    grade: evaluation.grade,
    evaluatedOn: evaluation.evaluatedOn,
  };
}

/** The contract amount split 30 % / 40 % / 30 %, in whole fen, the last taking the remainder. */
export function splitIntoTranches(amountFen: number): number[] {
  const shares = TRANCHES.map((tranche) => Math.round(amountFen * tranche.share));
  shares[shares.length - 1] = amountFen - shares.slice(0, -1).reduce((sum, part) => sum + part, 0);
  return shares;
}

/** Fen as yuan with two decimals and thousands separators: 19600000 → ¥196,000.00. */
export function money(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(fen) / 100);
  const cents = String(Math.abs(fen) % 100).padStart(2, '0');
  return `${sign}¥${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** The `org` claim of a JWT (the organization an ORG_STAFF token works for), read, not verified. */
export function organizationOfToken(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { org?: unknown };
    return typeof claims.org === 'string' ? claims.org : undefined;
  } catch {
    return undefined;
  }
}

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A demo resident identity number (GB 11643) of an elderly resident of the district: born
 * between 1935 and 1954, the sequence from the run and the respondent, and the ISO 7064
 * MOD 11-2 check character. Only its keyed hash is stored.
 */
export function makeResidentId(area: string, respondent: number, runId: string): string {
  let seed = respondent;
  for (const character of runId) seed = (seed * 31 + character.charCodeAt(0)) % 1_000_003;
  const birth = new Date(Date.UTC(1935, 0, 1) + ((seed * 7 + respondent) % 7000) * 86_400_000);
  const sequence = String((seed + respondent * 97) % 1000).padStart(3, '0');
  const first17 = `${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${sequence}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * RESIDENT_ID_WEIGHTS[i]!;
  return first17 + '10X98765432'.charAt(sum % 11);
}

// ---- Dates: calendar days in China Standard Time (UTC+8 all year), as the gateway keeps them.

export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// Run when started directly: `node dist/main.js [url]`, else $SANSHE_URL, else the local demo.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.argv[2] ?? process.env.SANSHE_URL ?? 'http://127.0.0.1:4000/graphql';
  const names = {
    communityStaff: 'SANSHE_COMMUNITY_STAFF_TOKEN',
    subdistrictStaff: 'SANSHE_SUBDISTRICT_STAFF_TOKEN',
    bureau: 'SANSHE_BUREAU_TOKEN',
    organizationStaff: 'SANSHE_ORG_STAFF_TOKEN',
    evaluator: 'SANSHE_EVALUATOR_TOKEN',
  } as const;
  const missing = Object.values(names).filter((name) => !process.env[name]);
  if (missing.length > 0) {
    console.error(`Set ${missing.join(', ')}: one token per role (npm start prints the demo ones).`);
    process.exitCode = 1;
  } else {
    const tokens = Object.fromEntries(
      Object.entries(names).map(([role, name]) => [role, process.env[name]!]),
    ) as unknown as ChainTokens;
    run({
      url,
      tokens,
      ...(process.env.SANSHE_ORGANIZATION ? { organizationId: process.env.SANSHE_ORGANIZATION } : {}),
      ...(process.env.SANSHE_COMMUNITY ? { communityCode: process.env.SANSHE_COMMUNITY } : {}),
    }).catch((error: unknown) => {
      console.error(error instanceof StepRefused ? error.message : error);
      process.exitCode = 1;
    });
  }
}
