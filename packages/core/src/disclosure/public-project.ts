/**
 * The public view of a service project (四公开, docs/domain.md §6.8): the project, its budget, the
 * needs it answers, its purchase procedure, its funding by source and its evaluation results. Pure
 * shaping, as `organizations/public-view.ts` and `credit-report.ts` do: every field is copied by
 * name from the whitelists below, never spread from a row, so a column added to a table later stays
 * private until it is listed here.
 *
 * The purchaser's disclosure duty names what is published (财预〔2017〕87号 五: content, method,
 * undertaker, contract amount, yearly funding, term, performance evaluation). Never published
 * (§6.8, §9): who raised or described a need (needs are shown by title, category, community and
 * source), respondents (answers are counted, never listed), other bidders (how many bid, never who
 * nor how they were assessed), dispute reasons, individual donors, and the ids of the staff who
 * recorded anything.
 */
import type { FundingSourceKind } from '../funds/code-lists.js';
import { type DisclosedPurchaseStage, publishedFunderName, purchaseStageDays } from './disclosure-rules.js';

/** A unit of the hierarchy, by code and name (null when the code names no recorded unit). */
export interface PublicUnit {
  code: string;
  name: string | null;
}

export interface PublicBudgetLine {
  lineNumber: number;
  /** personnel | activities | materials | venue | management | evaluation | other */
  category: string;
  description: string;
  amountFen: number;
}

export interface PublicBudget {
  /** The approved budget, the sum of its lines. */
  totalFen: number;
  lines: PublicBudgetLine[];
}

export interface PublicProjectIndicator {
  /** output 产出 | outcome 效果 */
  kind: string;
  description: string;
  unit: string;
  target: number;
  /** Recorded at evaluation; null before. */
  achieved: number | null;
}

/** A need the project answers: what, of which kind, where and how it was heard; never who. */
export interface PublicNeed {
  title: string;
  /** A service domain. */
  category: string;
  community: PublicUnit;
  /** notice | survey | open_space_meeting | grid_visit | micro_wish */
  source: string;
}

export interface PublicPurchaseStage {
  stage: DisclosedPurchaseStage;
  reachedOn: string;
}

/** The undertaking organization (承接主体), as the award notice names it. */
export interface PublicUndertaker {
  name: string;
  uscc: string | null;
}

export interface PublicTranche {
  trancheNumber: number;
  /** signing | milestone | midterm_evaluation | final_evaluation */
  milestone: string;
  plannedOn: string;
  amountFen: number;
  /** The day it was paid in full; null while it is not. */
  releasedOn: string | null;
}

export interface PublicContract {
  contractNumber: string;
  signedOn: string;
  startsOn: string;
  endsOn: string;
  amountFen: number;
  /** The day it was ended early (解除合同); null when it was not. The reason is not published. */
  terminatedOn: string | null;
  tranches: PublicTranche[];
}

/** The purchase procedure (政府购买服务) as published. */
export interface PublicPurchase {
  purchaser: PublicUnit;
  /** open_tender | invitation | competitive_consultation | single_source */
  method: string;
  stage: DisclosedPurchaseStage;
  /** Each stage reached, in order, with its day. */
  stages: PublicPurchaseStage[];
  /** How many bids were submitted, once they were opened (stage bids); null before. */
  bidCount: number | null;
  /** From the award on; null before. */
  undertaker: PublicUndertaker | null;
  /** From the signing on; null before. */
  contract: PublicContract | null;
}

export interface PublicFundingSource {
  kind: FundingSourceKind;
  /** The funder as published: 个人捐赠 for a person (disclosure-rules.ts `publishedFunderName`). */
  funderName: string;
  /** Earmarked for the project, less reversed earmarks. */
  earmarkedFen: number;
  /** Paid out of that earmark to the undertaker, less reversed payments. */
  disbursedFen: number;
}

export interface PublicFunding {
  earmarkedFen: number;
  disbursedFen: number;
  bySource: PublicFundingSource[];
}

export interface PublicEvaluation {
  /** midterm | final */
  kind: string;
  evaluatorName: string;
  evaluatedOn: string;
  score: number;
  /** excellent | good | pass | fail */
  grade: string;
  summary: string;
}

export interface PublicScoreCount {
  score: number;
  count: number;
}

/** Residents' satisfaction, counted: never an answer by itself. */
export interface PublicSatisfaction {
  answers: number;
  /** The average score (1–5); null without answers. */
  average: number | null;
  /** How many answers gave each score, 1 to 5. */
  scoreCounts: PublicScoreCount[];
}

export interface PublicProject {
  id: number;
  districtCode: string;
  name: string;
  /** The unit that designed the project and answers for it. */
  unit: PublicUnit;
  serviceDomain: string;
  goals: string;
  startsOn: string;
  endsOn: string;
  methods: string[];
  /** approved | closed */
  status: string;
  approvedOn: string | null;
  closedOn: string | null;
  communitiesServed: PublicUnit[];
  budget: PublicBudget;
  indicators: PublicProjectIndicator[];
  needsAnswered: PublicNeed[];
  purchase: PublicPurchase;
  funding: PublicFunding;
  evaluations: PublicEvaluation[];
  satisfaction: PublicSatisfaction;
}

/** A list of exactly the keys of `T`: the compiler refuses one missing or one too many. */
type FieldList<T> = readonly (keyof T)[];
type Exhaustive<T, L extends FieldList<T>> = [Exclude<keyof T, L[number]>] extends [never] ? L : never;
const fields =
  <T>() =>
  <const L extends FieldList<T>>(list: Exhaustive<T, L>) =>
    list;

/**
 * Every public field, by object of the view: what docs/domain.md §6.8 lists, and what the tests
 * hold the view to (a field appearing that is not here fails them).
 */
export const PUBLIC_PROJECT_FIELDS = {
  project: fields<PublicProject>()([
    'id',
    'districtCode',
    'name',
    'unit',
    'serviceDomain',
    'goals',
    'startsOn',
    'endsOn',
    'methods',
    'status',
    'approvedOn',
    'closedOn',
    'communitiesServed',
    'budget',
    'indicators',
    'needsAnswered',
    'purchase',
    'funding',
    'evaluations',
    'satisfaction',
  ]),
  unit: fields<PublicUnit>()(['code', 'name']),
  budget: fields<PublicBudget>()(['totalFen', 'lines']),
  budgetLine: fields<PublicBudgetLine>()(['lineNumber', 'category', 'description', 'amountFen']),
  indicator: fields<PublicProjectIndicator>()(['kind', 'description', 'unit', 'target', 'achieved']),
  need: fields<PublicNeed>()(['title', 'category', 'community', 'source']),
  purchase: fields<PublicPurchase>()([
    'purchaser',
    'method',
    'stage',
    'stages',
    'bidCount',
    'undertaker',
    'contract',
  ]),
  purchaseStage: fields<PublicPurchaseStage>()(['stage', 'reachedOn']),
  undertaker: fields<PublicUndertaker>()(['name', 'uscc']),
  contract: fields<PublicContract>()([
    'contractNumber',
    'signedOn',
    'startsOn',
    'endsOn',
    'amountFen',
    'terminatedOn',
    'tranches',
  ]),
  tranche: fields<PublicTranche>()(['trancheNumber', 'milestone', 'plannedOn', 'amountFen', 'releasedOn']),
  funding: fields<PublicFunding>()(['earmarkedFen', 'disbursedFen', 'bySource']),
  fundingSource: fields<PublicFundingSource>()(['kind', 'funderName', 'earmarkedFen', 'disbursedFen']),
  evaluation: fields<PublicEvaluation>()([
    'kind',
    'evaluatorName',
    'evaluatedOn',
    'score',
    'grade',
    'summary',
  ]),
  satisfaction: fields<PublicSatisfaction>()(['answers', 'average', 'scoreCounts']),
  scoreCount: fields<PublicScoreCount>()(['score', 'count']),
} as const;

/**
 * What {@link toPublicProject} reads: rows as stored, or wider (extra columns are ignored, never
 * copied). Relations are given already restricted to the project.
 */
export interface PublicProjectSource {
  project: {
    id: number;
    districtCode: string;
    name: string;
    unitCode: string;
    serviceDomain: string;
    goals: string;
    startsOn: string;
    endsOn: string;
    methods: readonly string[];
    status: string;
    approvedOn: string | null;
    closedOn: string | null;
    budgetFen: number;
  };
  /** The names of units by code (the project's, the purchaser's, the communities'). */
  unitNames: ReadonlyMap<string, string>;
  communitiesServed: readonly { code: string }[];
  budgetLines: readonly {
    lineNumber: number;
    category: string;
    description: string;
    amountFen: number;
  }[];
  indicators: readonly {
    kind: string;
    description: string;
    unit: string;
    target: number;
    achieved: number | null;
  }[];
  needs: readonly { title: string; category: string; source: string; communityCode: string }[];
  purchase: {
    purchaserUnitCode: string;
    method: string;
    stage: string;
    plannedOn: string;
    tenderPublishedOn: string | null;
    bidsClosedOn: string | null;
    awardedOn: string | null;
    contractedOn: string | null;
    implementationStartedOn: string | null;
    evaluationStartedOn: string | null;
    closedOn: string | null;
  };
  /** Bids submitted to the purchase, all bidders together. */
  bidCount: number;
  /** The organization of the awarded bid, when there is one. */
  undertaker: { name: string; uscc: string | null } | null;
  contract: {
    contractNumber: string;
    signedOn: string;
    startsOn: string;
    endsOn: string;
    amountFen: number;
    terminatedOn: string | null;
  } | null;
  tranches: readonly {
    trancheNumber: number;
    milestone: string;
    plannedOn: string;
    amountFen: number;
    releasedOn: string | null;
  }[];
  funding: readonly {
    kind: string;
    funderName: string;
    funderUscc: string | null;
    funderOrganizationId: number | null;
    earmarkedFen: number;
    disbursedFen: number;
  }[];
  evaluations: readonly {
    kind: string;
    evaluatorName: string;
    evaluatedOn: string;
    score: number;
    grade: string;
    summary: string;
  }[];
  /** Answers per score (1–5); scores with no answer may be left out. */
  scoreCounts: readonly { score: number; count: number }[];
}

function publicUnit(code: string, names: ReadonlyMap<string, string>): PublicUnit {
  return { code, name: names.get(code) ?? null };
}

/** The public view of a project, from its rows: the whitelisted fields, and nothing else. */
export function toPublicProject(source: PublicProjectSource): PublicProject {
  const { project: p, purchase: pu, unitNames } = source;
  const stages = purchaseStageDays(pu);
  const reached = new Set(stages.map((s) => s.stage));
  const bySource: PublicFundingSource[] = source.funding.map((f) => ({
    kind: f.kind as FundingSourceKind,
    funderName: publishedFunderName(f),
    earmarkedFen: f.earmarkedFen,
    disbursedFen: f.disbursedFen,
  }));
  const answers = source.scoreCounts.reduce((total, s) => total + s.count, 0);
  const scoreSum = source.scoreCounts.reduce((total, s) => total + s.score * s.count, 0);
  return {
    id: p.id,
    districtCode: p.districtCode,
    name: p.name,
    unit: publicUnit(p.unitCode, unitNames),
    serviceDomain: p.serviceDomain,
    goals: p.goals,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    methods: [...p.methods],
    status: p.status,
    approvedOn: p.approvedOn,
    closedOn: p.closedOn,
    communitiesServed: source.communitiesServed.map((c) => publicUnit(c.code, unitNames)),
    budget: {
      totalFen: p.budgetFen,
      lines: source.budgetLines.map((line) => ({
        lineNumber: line.lineNumber,
        category: line.category,
        description: line.description,
        amountFen: line.amountFen,
      })),
    },
    indicators: source.indicators.map((indicator) => ({
      kind: indicator.kind,
      description: indicator.description,
      unit: indicator.unit,
      target: indicator.target,
      achieved: indicator.achieved,
    })),
    needsAnswered: source.needs.map((need) => ({
      title: need.title,
      category: need.category,
      community: publicUnit(need.communityCode, unitNames),
      source: need.source,
    })),
    purchase: {
      purchaser: publicUnit(pu.purchaserUnitCode, unitNames),
      method: pu.method,
      stage: pu.stage as DisclosedPurchaseStage,
      stages,
      // 招标投标法 第二十二条 (to verify): how many took the tender documents stays secret until the
      // bids are opened; from then on the count is published, never the bidders.
      bidCount: reached.has('bids') ? source.bidCount : null,
      undertaker:
        reached.has('award') && source.undertaker
          ? { name: source.undertaker.name, uscc: source.undertaker.uscc }
          : null,
      contract: source.contract
        ? {
            contractNumber: source.contract.contractNumber,
            signedOn: source.contract.signedOn,
            startsOn: source.contract.startsOn,
            endsOn: source.contract.endsOn,
            amountFen: source.contract.amountFen,
            terminatedOn: source.contract.terminatedOn,
            tranches: source.tranches.map((t) => ({
              trancheNumber: t.trancheNumber,
              milestone: t.milestone,
              plannedOn: t.plannedOn,
              amountFen: t.amountFen,
              releasedOn: t.releasedOn,
            })),
          }
        : null,
    },
    funding: {
      earmarkedFen: bySource.reduce((total, f) => total + f.earmarkedFen, 0),
      disbursedFen: bySource.reduce((total, f) => total + f.disbursedFen, 0),
      bySource,
    },
    evaluations: source.evaluations.map((e) => ({
      kind: e.kind,
      evaluatorName: e.evaluatorName,
      evaluatedOn: e.evaluatedOn,
      score: e.score,
      grade: e.grade,
      summary: e.summary,
    })),
    satisfaction: {
      answers,
      average: answers === 0 ? null : scoreSum / answers,
      scoreCounts: [1, 2, 3, 4, 5].map((score) => ({
        score,
        count: source.scoreCounts.find((s) => s.score === score)?.count ?? 0,
      })),
    },
  };
}
