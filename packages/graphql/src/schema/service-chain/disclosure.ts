import {
  createDisclosureReads,
  type FundsBySource,
  fundsBySourceDefinitions,
  type PublicProject,
  type PublicProjectPage,
} from '@sanshe/core';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { encodeGlobalId } from '../../global-id.js';
import { localIdOf } from '../local-id.js';
import { ServiceDomainEnum } from '../organizations/organization-enums.js';
import {
  BudgetLineCategoryEnum,
  EvaluationGradeEnum,
  EvaluationKindEnum,
  FundingSourceKindEnum,
  IndicatorKindEnum,
  NeedSourceEnum,
  ProjectMethodEnum,
  ProjectStatusEnum,
  PurchaseMethodEnum,
  PurchaseStageEnum,
  TrancheMilestoneEnum,
} from './chain-enums.js';

/**
 * Disclosure (四公开, docs/domain.md §6.8): what anyone may read of a project once its tender is
 * published — the project, its budget, the needs it answers, the procedure, the undertaker and
 * contract, funding by source, evaluation results and satisfaction — built by core from a
 * whitelist of fields (`PUBLIC_PROJECT_FIELDS`), never by copying a row. No token needed.
 */

type Of<T> = T extends readonly (infer U)[] ? U : T;
type Purchase = PublicProject['purchase'];

const PublicUnitRef = builder.objectRef<PublicProject['unit']>('PublicUnit').implement({
  description: 'A unit of the hierarchy by its code and name.',
  fields: (t) => ({ code: t.exposeString('code'), name: t.exposeString('name', { nullable: true }) }),
});

const PublicBudgetLineRef = builder
  .objectRef<Of<PublicProject['budget']['lines']>>('PublicBudgetLine')
  .implement({
    fields: (t) => ({
      lineNumber: t.exposeInt('lineNumber'),
      category: t.field({ type: BudgetLineCategoryEnum, resolve: (line) => line.category as 'personnel' }),
      description: t.exposeString('description'),
      amountFen: t.field({ type: 'Fen', resolve: (line) => line.amountFen }),
    }),
  });

const PublicBudgetRef = builder.objectRef<PublicProject['budget']>('PublicBudget').implement({
  fields: (t) => ({
    totalFen: t.field({ type: 'Fen', resolve: (budget) => budget.totalFen }),
    lines: t.field({ type: [PublicBudgetLineRef], resolve: (budget) => budget.lines }),
  }),
});

const PublicIndicatorRef = builder
  .objectRef<Of<PublicProject['indicators']>>('PublicProjectIndicator')
  .implement({
    fields: (t) => ({
      kind: t.field({ type: IndicatorKindEnum, resolve: (indicator) => indicator.kind as 'output' }),
      description: t.exposeString('description'),
      unit: t.exposeString('unit'),
      target: t.exposeFloat('target'),
      achieved: t.exposeFloat('achieved', { nullable: true }),
    }),
  });

const PublicNeedRef = builder.objectRef<Of<PublicProject['needsAnswered']>>('PublicNeed').implement({
  description: 'A need a project answers: what, not who.',
  fields: (t) => ({
    title: t.exposeString('title'),
    category: t.field({ type: ServiceDomainEnum, resolve: (need) => need.category as 'elderly' }),
    community: t.field({ type: PublicUnitRef, resolve: (need) => need.community }),
    source: t.field({ type: NeedSourceEnum, resolve: (need) => need.source as 'survey' }),
  }),
});

const PublicStageRef = builder.objectRef<Of<Purchase['stages']>>('PublicPurchaseStage').implement({
  fields: (t) => ({
    stage: t.field({ type: PurchaseStageEnum, resolve: (stage) => stage.stage }),
    reachedOn: t.field({ type: 'Date', resolve: (stage) => stage.reachedOn }),
  }),
});

const PublicTrancheRef = builder
  .objectRef<Of<NonNullable<Purchase['contract']>['tranches']>>('PublicTranche')
  .implement({
    fields: (t) => ({
      trancheNumber: t.exposeInt('trancheNumber'),
      milestone: t.field({
        type: TrancheMilestoneEnum,
        resolve: (tranche) => tranche.milestone as 'signing',
      }),
      plannedOn: t.field({ type: 'Date', resolve: (tranche) => tranche.plannedOn }),
      amountFen: t.field({ type: 'Fen', resolve: (tranche) => tranche.amountFen }),
      releasedOn: t.field({ type: 'Date', nullable: true, resolve: (tranche) => tranche.releasedOn }),
    }),
  });

const PublicContractRef = builder.objectRef<NonNullable<Purchase['contract']>>('PublicContract').implement({
  fields: (t) => ({
    contractNumber: t.exposeString('contractNumber'),
    signedOn: t.field({ type: 'Date', resolve: (contract) => contract.signedOn }),
    startsOn: t.field({ type: 'Date', resolve: (contract) => contract.startsOn }),
    endsOn: t.field({ type: 'Date', resolve: (contract) => contract.endsOn }),
    amountFen: t.field({ type: 'Fen', resolve: (contract) => contract.amountFen }),
    terminatedOn: t.field({ type: 'Date', nullable: true, resolve: (contract) => contract.terminatedOn }),
    tranches: t.field({ type: [PublicTrancheRef], resolve: (contract) => contract.tranches }),
  }),
});

const PublicUndertakerRef = builder
  .objectRef<NonNullable<Purchase['undertaker']>>('PublicUndertaker')
  .implement({
    fields: (t) => ({ name: t.exposeString('name'), uscc: t.exposeString('uscc', { nullable: true }) }),
  });

const PublicPurchaseRef = builder.objectRef<Purchase>('PublicPurchase').implement({
  description: 'The procedure: method, stages reached with their days, the undertaker and the contract.',
  fields: (t) => ({
    purchaser: t.field({ type: PublicUnitRef, resolve: (purchase) => purchase.purchaser }),
    method: t.field({ type: PurchaseMethodEnum, resolve: (purchase) => purchase.method as 'open_tender' }),
    stage: t.field({ type: PurchaseStageEnum, resolve: (purchase) => purchase.stage }),
    stages: t.field({ type: [PublicStageRef], resolve: (purchase) => purchase.stages }),
    bidCount: t.exposeInt('bidCount', { nullable: true, description: 'Known once the bids are opened.' }),
    undertaker: t.field({
      type: PublicUndertakerRef,
      nullable: true,
      resolve: (purchase) => purchase.undertaker,
    }),
    contract: t.field({ type: PublicContractRef, nullable: true, resolve: (purchase) => purchase.contract }),
  }),
});

const PublicFundingSourceRef = builder
  .objectRef<Of<PublicProject['funding']['bySource']>>('PublicFundingSource')
  .implement({
    fields: (t) => ({
      kind: t.field({ type: FundingSourceKindEnum, resolve: (source) => source.kind }),
      funderName: t.exposeString('funderName', {
        description: 'A person who donates is published as 个人捐赠.',
      }),
      earmarkedFen: t.field({ type: 'Fen', resolve: (source) => source.earmarkedFen }),
      disbursedFen: t.field({ type: 'Fen', resolve: (source) => source.disbursedFen }),
    }),
  });

const PublicFundingRef = builder.objectRef<PublicProject['funding']>('PublicFunding').implement({
  fields: (t) => ({
    earmarkedFen: t.field({ type: 'Fen', resolve: (funding) => funding.earmarkedFen }),
    disbursedFen: t.field({ type: 'Fen', resolve: (funding) => funding.disbursedFen }),
    bySource: t.field({ type: [PublicFundingSourceRef], resolve: (funding) => funding.bySource }),
  }),
});

const PublicEvaluationRef = builder
  .objectRef<Of<PublicProject['evaluations']>>('PublicEvaluation')
  .implement({
    fields: (t) => ({
      kind: t.field({ type: EvaluationKindEnum, resolve: (evaluation) => evaluation.kind as 'final' }),
      evaluatorName: t.exposeString('evaluatorName'),
      evaluatedOn: t.field({ type: 'Date', resolve: (evaluation) => evaluation.evaluatedOn }),
      score: t.exposeFloat('score'),
      grade: t.field({ type: EvaluationGradeEnum, resolve: (evaluation) => evaluation.grade as 'good' }),
      summary: t.exposeString('summary'),
    }),
  });

const PublicSatisfactionRef = builder
  .objectRef<PublicProject['satisfaction']>('PublicSatisfaction')
  .implement({
    fields: (t) => ({
      answers: t.exposeInt('answers'),
      average: t.exposeFloat('average', { nullable: true }),
      counts: t.intList({
        description: 'How many answered 1, 2, 3, 4 and 5, in that order.',
        resolve: (satisfaction) =>
          [1, 2, 3, 4, 5].map(
            (score) => satisfaction.scoreCounts.find((count) => count.score === score)?.count ?? 0,
          ),
      }),
    }),
  });

const PublicProjectRef = builder.objectRef<PublicProject>('PublicProject').implement({
  description:
    'A project as disclosed to everyone (四公开): the project, its budget, the needs it answers, the procedure, funding by source, evaluation results and satisfaction.',
  fields: (t) => ({
    id: t.id({
      description: 'The ServiceProject’s global ID.',
      resolve: (project) => encodeGlobalId('ServiceProject', project.districtCode, project.id),
    }),
    districtCode: t.exposeString('districtCode'),
    name: t.exposeString('name'),
    unit: t.field({ type: PublicUnitRef, resolve: (project) => project.unit }),
    serviceDomain: t.field({
      type: ServiceDomainEnum,
      resolve: (project) => project.serviceDomain as 'elderly',
    }),
    goals: t.exposeString('goals'),
    startsOn: t.field({ type: 'Date', resolve: (project) => project.startsOn }),
    endsOn: t.field({ type: 'Date', resolve: (project) => project.endsOn }),
    methods: t.field({ type: [ProjectMethodEnum], resolve: (project) => project.methods as 'casework'[] }),
    status: t.field({ type: ProjectStatusEnum, resolve: (project) => project.status as 'approved' }),
    approvedOn: t.field({ type: 'Date', nullable: true, resolve: (project) => project.approvedOn }),
    closedOn: t.field({ type: 'Date', nullable: true, resolve: (project) => project.closedOn }),
    communitiesServed: t.field({ type: [PublicUnitRef], resolve: (project) => project.communitiesServed }),
    budget: t.field({ type: PublicBudgetRef, resolve: (project) => project.budget }),
    indicators: t.field({ type: [PublicIndicatorRef], resolve: (project) => project.indicators }),
    needsAnswered: t.field({ type: [PublicNeedRef], resolve: (project) => project.needsAnswered }),
    purchase: t.field({ type: PublicPurchaseRef, resolve: (project) => project.purchase }),
    funding: t.field({ type: PublicFundingRef, resolve: (project) => project.funding }),
    evaluations: t.field({ type: [PublicEvaluationRef], resolve: (project) => project.evaluations }),
    satisfaction: t.field({ type: PublicSatisfactionRef, resolve: (project) => project.satisfaction }),
  }),
});

const PublicProjectEdgeRef = builder
  .objectRef<PublicProjectPage['edges'][number]>('PublicProjectEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: PublicProjectRef, resolve: (edge) => edge.node }),
    }),
  });

const PublicProjectPageRef = builder.objectRef<PublicProjectPage>('PublicProjectPage').implement({
  fields: (t) => ({
    edges: t.field({ type: [PublicProjectEdgeRef], resolve: (page) => page.edges }),
    hasNextPage: t.boolean({ resolve: (page) => page.pageInfo.hasNextPage }),
    endCursor: t.string({ nullable: true, resolve: (page) => page.pageInfo.endCursor }),
  }),
});

const FundsOfSourceKindRef = builder
  .objectRef<FundsBySource['kinds'][number]>('FundsOfSourceKind')
  .implement({
    description: 'What one kind of source brought to a unit’s projects, in fen.',
    fields: (t) => ({
      kind: t.field({ type: FundingSourceKindEnum, resolve: (kind) => kind.kind }),
      committedFen: t.field({
        type: 'Fen',
        nullable: true,
        description: fundsBySourceDefinitions.committedFen,
        resolve: (kind) => kind.committedFen,
      }),
      receivedFen: t.field({
        type: 'Fen',
        nullable: true,
        description: fundsBySourceDefinitions.receivedFen,
        resolve: (kind) => kind.receivedFen,
      }),
      earmarkedFen: t.field({
        type: 'Fen',
        description: fundsBySourceDefinitions.earmarkedFen,
        resolve: (kind) => kind.earmarkedFen,
      }),
      disbursedFen: t.field({
        type: 'Fen',
        description: fundsBySourceDefinitions.disbursedFen,
        resolve: (kind) => kind.disbursedFen,
      }),
    }),
  });

const FundsBySourceRef = builder.objectRef<FundsBySource>('FundsBySource').implement({
  description: 'A unit’s project funding by kind of source: summable across units and districts.',
  fields: (t) => ({
    unitCode: t.exposeString('unitCode'),
    on: t.field({ type: 'Date', resolve: (funds) => funds.on }),
    kinds: t.field({ type: [FundsOfSourceKindRef], resolve: (funds) => funds.kinds }),
  }),
});

function disclosureOf(ctx: DistrictContext) {
  return createDisclosureReads(ctx.district);
}

builder.queryFields((t) => ({
  projectDisclosure: t.field({
    type: PublicProjectRef,
    nullable: true,
    description:
      'What is disclosed of a project (四公开), to anyone: null for a project not disclosed (before its tender is published, a draft, a cancelled one) as for one that does not exist.',
    args: { id: t.arg.id({ required: true, description: 'The ServiceProject’s global ID.' }) },
    extensions: routeExtension({ kind: 'globalId', argPath: ['id'] }),
    resolve: (_root, args, ctx) =>
      disclosureOf(ctx).publicProject(
        localIdOf(String(args.id), 'ServiceProject', ctx.district.districtCode, ['id']),
      ),
  }),
  projectDisclosures: t.field({
    type: PublicProjectPageRef,
    description:
      'Disclosed projects of a unit (district, subdistrict or community) and the units below it, oldest first.',
    args: {
      unitCode: t.arg.string({ required: true }),
      year: t.arg.int({ description: 'Projects whose schedule overlaps this calendar year.' }),
      first: t.arg.int({ description: 'Default 20, at most 50.' }),
      after: t.arg.string(),
    },
    extensions: routeExtension({ kind: 'code', argPath: ['unitCode'] }),
    resolve: (_root, args, ctx) =>
      disclosureOf(ctx).publicProjects({
        unitCode: args.unitCode,
        year: args.year ?? null,
        first: args.first ?? null,
        after: args.after ?? null,
      }),
  }),
  fundsBySource: t.field({
    type: FundsBySourceRef,
    description:
      'Funding of a unit’s projects by kind of source (government money and the charity resources beside it), as of a day.',
    args: {
      unitCode: t.arg.string({ required: true }),
      on: t.arg({ type: 'Date', description: 'Default today.' }),
    },
    extensions: routeExtension({ kind: 'code', argPath: ['unitCode'] }),
    resolve: (_root, args, ctx) =>
      ctx.indicators.fundsBySource({ unitCode: args.unitCode, ...(args.on ? { on: args.on } : {}) }),
  }),
}));
