import {
  type BidEligibilityRecord,
  purchases,
  undertakerIneligibilityReasons,
  visibleWithProject,
} from '@sanshe/core';
import { and, eq, type SQL } from 'drizzle-orm';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { defineMutation } from '../../mutation-field.js';
import { auditTrailField } from '../audit-trail.js';
import { codeListEnum } from '../code-list-enum.js';
import { visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import {
  bidsVisibleTo,
  organizationsVisibleTo,
  projectsVisibleTo,
  withContractVisibleTo,
  withPurchaseVisibleTo,
} from '../visibility.js';
import { BidStatusEnum, PurchaseMethodEnum, PurchaseStageEnum, TrancheMilestoneEnum } from './chain-enums.js';

/**
 * Government purchase of services (政府购买服务, docs/domain.md §6.3): a purchase's stages, its
 * bids with the eligibility found, the contract with the undertaker and its tranches. Stages move
 * one step at a time (STAGE_OUT_OF_ORDER otherwise); before a contract a purchase may be cancelled.
 */

const IneligibilityReasonEnum = codeListEnum(
  'UndertakerIneligibilityReason',
  'Why an organization may not undertake a purchased service.',
  undertakerIneligibilityReasons,
);

const BidEligibilityRef =
  builder.objectRef<NonNullable<BidEligibilityRecord['assessment']>>('BidEligibility');
BidEligibilityRef.implement({
  description:
    'Who may undertake, as found for this bid on the day it was assessed (or awarded): registered legal person, not listed, no major violation in 3 years, grade, capacity; with the policies applied.',
  fields: (t) => ({
    eligible: t.exposeBoolean('eligible'),
    reasons: t.field({ type: [IneligibilityReasonEnum], resolve: (row) => row.reasons }),
    on: t.field({ type: 'Date', description: 'The day it was decided.', resolve: (row) => row.on }),
    grade: t.string({
      nullable: true,
      description: 'The grade held that day (3A …).',
      resolve: (row) => row.grade?.grade ?? null,
    }),
    gradePriority: t.boolean({
      nullable: true,
      description: 'Under a priority rule, whether the grade gives priority; null when none applies.',
      resolve: (row) => row.gradePriority,
    }),
    certifiedStaffCount: t.int({ resolve: (row) => row.certifiedStaff.length }),
    policySources: t.stringList({
      description: 'The documents of the policies applied.',
      resolve: (row) =>
        [row.policies.grade, row.policies.majorViolation, row.policies.capacity].flatMap((policy) =>
          policy ? [policy.source] : [],
        ),
    }),
  }),
});

const PurchaseRef = builder.drizzleNode('purchases', {
  name: 'Purchase',
  description: 'The government purchase of a project’s services, stage by stage, each stage with its day.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders purchases across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    project: t.relation('project', {
      nullable: true,
      query: (_args, ctx) => ({ where: projectsVisibleTo(ctx) }),
    }),
    purchaserUnitCode: t.exposeString('purchaserUnitCode', {
      description: 'The buyer (购买主体), by unit code.',
    }),
    method: t.field({
      type: PurchaseMethodEnum,
      select: { columns: { method: true } },
      resolve: (row) => row.method as 'open_tender',
    }),
    stage: t.field({
      type: PurchaseStageEnum,
      select: { columns: { stage: true } },
      resolve: (row) => row.stage as 'plan',
    }),
    plannedOn: t.expose('plannedOn', { type: 'Date' }),
    tenderPublishedOn: t.expose('tenderPublishedOn', { type: 'Date', nullable: true }),
    bidsClosedOn: t.expose('bidsClosedOn', { type: 'Date', nullable: true }),
    awardedOn: t.expose('awardedOn', { type: 'Date', nullable: true }),
    contractedOn: t.expose('contractedOn', { type: 'Date', nullable: true }),
    implementationStartedOn: t.expose('implementationStartedOn', { type: 'Date', nullable: true }),
    evaluationStartedOn: t.expose('evaluationStartedOn', { type: 'Date', nullable: true }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true }),
    cancelledOn: t.expose('cancelledOn', { type: 'Date', nullable: true }),
    cancellationReason: t.exposeString('cancellationReason', { nullable: true }),
    version: t.exposeInt('version'),
    bids: t.relation('bids', {
      description: 'The bids the caller may see (an organization sees only its own).',
      query: (_args, ctx) => ({ where: bidsVisibleTo(ctx), orderBy: { submittedOn: 'asc', id: 'asc' } }),
    }),
    contract: t.relation('contract', {
      nullable: true,
      query: (_args, ctx) => ({ where: withPurchaseVisibleTo(ctx) }),
    }),
    auditTrail: auditTrailField(t, 'purchase'),
  }),
});

const PurchaseBidRef = builder.drizzleNode('purchaseBids', {
  name: 'PurchaseBid',
  description: 'An organization’s bid (投标 / 响应) and how it was assessed.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    purchase: t.relation('purchase'),
    organization: t.relation('organization', {
      nullable: true,
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx) }),
    }),
    submittedOn: t.expose('submittedOn', { type: 'Date' }),
    priceFen: t.expose('priceFen', { type: 'Fen' }),
    score: t.exposeFloat('score', { nullable: true, description: 'The assessment’s score, 0–100.' }),
    status: t.field({
      type: BidStatusEnum,
      select: { columns: { status: true } },
      resolve: (row) => row.status as 'submitted',
    }),
    disqualificationReason: t.exposeString('disqualificationReason', { nullable: true }),
    eligibility: t.field({
      type: BidEligibilityRef,
      nullable: true,
      description: 'The eligibility found at the award, else at the assessment; null before the bids close.',
      select: { columns: { eligibility: true } },
      resolve: (row) => {
        const record = row.eligibility as BidEligibilityRecord | null;
        return record?.award ?? record?.assessment ?? null;
      },
    }),
    version: t.exposeInt('version'),
  }),
});

const ServiceContractRef = builder.drizzleNode('serviceContracts', {
  name: 'ServiceContract',
  description:
    'The contract (政府购买服务合同) with the undertaker: at most 1 year, at most 3 for a continuing service; paid in tranches.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    purchase: t.relation('purchase'),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The undertaking organization (承接主体).',
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx) }),
    }),
    contractNumber: t.exposeString('contractNumber'),
    signedOn: t.expose('signedOn', { type: 'Date' }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', description: 'The last day of the contract.' }),
    continuing: t.exposeBoolean('continuing'),
    continuingReason: t.exposeString('continuingReason', { nullable: true }),
    amountFen: t.expose('amountFen', { type: 'Fen' }),
    terminatedOn: t.expose('terminatedOn', { type: 'Date', nullable: true }),
    terminationReason: t.exposeString('terminationReason', { nullable: true }),
    version: t.exposeInt('version'),
    tranches: t.relation('tranches', { query: { orderBy: { trancheNumber: 'asc' } } }),
    activities: t.relation('activities', {
      description: 'The activities delivered under it, newest first.',
      query: (_args, ctx) => ({ where: withContractVisibleTo(ctx), orderBy: { heldOn: 'desc', id: 'desc' } }),
    }),
    evaluations: t.relation('evaluations', {
      query: (_args, ctx) => ({
        where: withContractVisibleTo(ctx),
        orderBy: { evaluatedOn: 'asc', id: 'asc' },
      }),
    }),
    auditTrail: auditTrailField(t, 'service_contract'),
  }),
});

builder.drizzleNode('contractTranches', {
  name: 'ContractTranche',
  description: 'A contract’s payment in tranches (分期拨付), each released when its milestone is met.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    contract: t.relation('contract'),
    trancheNumber: t.exposeInt('trancheNumber'),
    milestone: t.field({
      type: TrancheMilestoneEnum,
      select: { columns: { milestone: true } },
      resolve: (row) => row.milestone as 'signing',
    }),
    plannedOn: t.expose('plannedOn', { type: 'Date' }),
    amountFen: t.expose('amountFen', { type: 'Fen' }),
    releasedOn: t.expose('releasedOn', { type: 'Date', nullable: true, description: 'The day it was paid.' }),
    payments: t.relation('entries', {
      description: 'The ledger entries paying it (and reversing a payment).',
      query: { orderBy: { occurredOn: 'asc', id: 'asc' } },
    }),
  }),
});

const PurchaseFilterInput = builder.inputType('PurchaseFilter', {
  description: 'Narrows a list of purchases.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    stage: t.field({ type: PurchaseStageEnum }),
    method: t.field({ type: PurchaseMethodEnum }),
  }),
});

function purchaseCondition(
  ctx: DistrictContext,
  table: typeof purchases,
  filter: { stage?: string | null; method?: string | null } | null | undefined,
): SQL {
  const { districtCode } = ctx.district;
  return and(
    eq(table.districtCode, districtCode),
    filter?.stage ? eq(table.stage, filter.stage) : undefined,
    filter?.method ? eq(table.method, filter.method) : undefined,
    visibleWithProject(ctx.actor, districtCode, table),
  )!;
}

function targetsDistrict(filter: { districtCode?: string | null } | null | undefined, ctx: DistrictContext) {
  return filter?.districtCode == null || filter.districtCode === ctx.district.districtCode;
}

builder.queryFields((t) => ({
  purchases: t.drizzleConnection(
    {
      type: 'purchases',
      description: 'Government purchases of services across the districts served, by planned day.',
      args: { filter: t.arg({ type: PurchaseFilterInput }) },
      extensions: routeExtension({
        kind: 'fanOutConnection',
        filterArg: 'filter',
        sortFields: { plannedOn: ['plannedOn', 'sortKey'] },
      }),
      totalCount: (_parent, args, ctx) =>
        targetsDistrict(args.filter, ctx)
          ? ctx.district.db.$count(purchases, purchaseCondition(ctx, purchases, args.filter))
          : 0,
      resolve: (query, _parent, args, ctx) => {
        if (!targetsDistrict(args.filter, ctx)) return [];
        return ctx.district.db.query.purchases.findMany(
          query({
            where: { RAW: (table) => purchaseCondition(ctx, table, args.filter) },
            orderBy: { plannedOn: 'asc', id: 'asc' },
          }),
        );
      },
    },
    { name: 'PurchaseConnection' },
    { name: 'PurchaseEdge' },
  ),
}));

const PlanPurchaseInput = builder.inputType('PlanPurchaseInput', {
  fields: (t) => ({
    projectId: t.id({ required: true, description: 'An approved project with no live purchase.' }),
    purchaserUnitCode: t.string({
      required: true,
      description: 'The buyer: the district (6) or a subdistrict (9).',
    }),
    method: t.field({ type: PurchaseMethodEnum, required: true }),
    plannedOn: t.field({ type: 'Date' }),
  }),
});

const PurchaseStageInput = builder.inputType('PurchaseStageInput', {
  description: 'Move a purchase one stage on.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The purchase.' }),
    on: t.field({ type: 'Date', description: 'The stage’s day; default today, never after it.' }),
    expectedVersion: t.int(),
  }),
});

const CancelPurchaseInput = builder.inputType('CancelPurchaseInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Published (终止公告): why it stopped.' }),
    on: t.field({ type: 'Date' }),
    expectedVersion: t.int(),
  }),
});

const SubmitBidInput = builder.inputType('SubmitBidInput', {
  fields: (t) => ({
    purchaseId: t.id({ required: true }),
    organizationId: t.id({ required: true, description: 'The bidder: a registered organization.' }),
    priceFen: t.field({ type: 'Fen', required: true }),
    submittedOn: t.field({ type: 'Date' }),
    declaredStaffIds: t.idList({ description: 'The social workers the bid declares for the service.' }),
  }),
});

const AwardBidInput = builder.inputType('AwardBidInput', {
  fields: (t) => ({
    bidId: t.id({ required: true, description: 'A qualified bid; eligibility is checked again on the day.' }),
    awardedOn: t.field({ type: 'Date' }),
    score: t.float({ description: 'The assessment’s score, 0–100.' }),
    expectedVersion: t.int({ description: 'The purchase’s version.' }),
  }),
});

const TrancheInput = builder.inputType('ContractTrancheInput', {
  fields: (t) => ({
    milestone: t.field({ type: TrancheMilestoneEnum, required: true }),
    plannedOn: t.field({ type: 'Date', required: true }),
    amountFen: t.field({ type: 'Fen', required: true }),
  }),
});

const SignContractInput = builder.inputType('SignContractInput', {
  description: 'The contract with the awarded bidder; tranches sum to its amount.',
  fields: (t) => ({
    purchaseId: t.id({ required: true }),
    contractNumber: t.string({ required: true }),
    signedOn: t.field({ type: 'Date', required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({
      type: 'Date',
      required: true,
      description: 'Before the first anniversary (third, when continuing).',
    }),
    continuing: t.boolean({
      required: true,
      description: 'A continuing service, which may run up to 3 years.',
    }),
    continuingReason: t.string({ description: 'Required when continuing: why the service qualifies.' }),
    amountFen: t.field({ type: 'Fen', required: true }),
    tranches: t.field({ type: [TrancheInput], required: true }),
    expectedVersion: t.int({ description: 'The purchase’s version.' }),
  }),
});

const TerminateContractInput = builder.inputType('TerminateContractInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The contract.' }),
    terminatedOn: t.field({ type: 'Date', required: true }),
    reason: t.string({ required: true }),
    expectedVersion: t.int(),
  }),
});

const purchaseIdOf = (ctx: DistrictContext, id: string | number, field = 'id') =>
  visibleLocalIdOf(ctx, String(id), 'Purchase', ['input', field]);

interface StageMove {
  purchaseId: number;
  on: string | null;
  expectedVersion: number | null;
}

/**
 * A mutation that moves a purchase one stage on, given the purchase, the stage's day and the
 * version read: the five moves differ only in the service's call and the name of the day.
 */
function defineStageMove(
  name: string,
  description: string,
  dayName: string,
  move: (ctx: DistrictContext, stage: StageMove) => ReturnType<DistrictContext['purchases']['publishTender']>,
) {
  defineMutation(name, {
    type: PurchaseRef,
    description,
    input: PurchaseStageInput,
    inputNames: { purchaseId: 'id', [dayName]: 'on' },
    route: byInputGlobalId('id'),
    resolve: async (input, ctx) =>
      move(ctx, {
        purchaseId: await purchaseIdOf(ctx, input.id),
        on: input.on ?? null,
        expectedVersion: input.expectedVersion ?? null,
      }),
  });
}

defineStageMove(
  'publishTender',
  'Publish the tender (招标公告), or the single-source notice: plan → tender.',
  'publishedOn',
  (ctx, { purchaseId, on, expectedVersion }) =>
    ctx.purchases.publishTender({ purchaseId, publishedOn: on, expectedVersion }),
);
defineStageMove(
  'closeBids',
  'Close the bids and assess every one against who may undertake: tender → bids.',
  'closedOn',
  async (ctx, { purchaseId, on, expectedVersion }) =>
    (await ctx.purchases.closeBids({ purchaseId, closedOn: on, expectedVersion })).purchase,
);
defineStageMove(
  'startImplementation',
  'Delivery begins (履约): contract → implementation.',
  'startedOn',
  (ctx, { purchaseId, on, expectedVersion }) =>
    ctx.purchases.startImplementation({ purchaseId, startedOn: on, expectedVersion }),
);
defineStageMove(
  'startEvaluation',
  'Delivery is over; acceptance and evaluation begin (验收评价): implementation → evaluation.',
  'startedOn',
  (ctx, { purchaseId, on, expectedVersion }) =>
    ctx.purchases.startEvaluation({ purchaseId, startedOn: on, expectedVersion }),
);
defineStageMove(
  'closePurchase',
  'Close the purchase (结项): evaluation → closure.',
  'closedOn',
  (ctx, { purchaseId, on, expectedVersion }) =>
    ctx.purchases.closePurchase({ purchaseId, closedOn: on, expectedVersion }),
);

defineMutation('planPurchase', {
  type: PurchaseRef,
  description: 'Plan the purchase of an approved project’s services (采购计划).',
  input: PlanPurchaseInput,
  route: byInputGlobalId('projectId'),
  resolve: async (input, ctx) =>
    ctx.purchases.planPurchase({
      ...definedOnly(input),
      projectId: await visibleLocalIdOf(ctx, String(input.projectId), 'ServiceProject', [
        'input',
        'projectId',
      ]),
    }),
});

defineMutation('submitBid', {
  inputNames: { declaredStaff: 'declaredStaffIds' },
  type: PurchaseBidRef,
  description:
    'Bid for a purchase while its tender is out (an organization’s staff, for their own organization).',
  input: SubmitBidInput,
  route: byInputGlobalId('purchaseId'),
  resolve: async (input, ctx) => {
    const declared: number[] = [];
    for (const [index, id] of (input.declaredStaffIds ?? []).entries()) {
      declared.push(
        await visibleLocalIdOf(ctx, String(id), 'SocialWorker', ['input', 'declaredStaffIds', index]),
      );
    }
    return ctx.purchases.submitBid({
      purchaseId: await purchaseIdOf(ctx, input.purchaseId, 'purchaseId'),
      organizationId: await visibleLocalIdOf(ctx, String(input.organizationId), 'SocialOrganization', [
        'input',
        'organizationId',
      ]),
      priceFen: input.priceFen,
      submittedOn: input.submittedOn ?? null,
      declaredStaff: input.declaredStaffIds == null ? null : declared,
    });
  },
});

defineMutation('awardBid', {
  type: PurchaseBidRef,
  description: 'Award the purchase to a qualified bid (成交); the other bids are not awarded: bids → award.',
  input: AwardBidInput,
  route: byInputGlobalId('bidId'),
  resolve: async (input, ctx) => {
    const result = await ctx.purchases.awardBid({
      ...definedOnly(input),
      bidId: await visibleLocalIdOf(ctx, String(input.bidId), 'PurchaseBid', ['input', 'bidId']),
    });
    return result.bid;
  },
});

defineMutation('signContract', {
  type: ServiceContractRef,
  description: 'Sign the contract with the awarded bidder, with its tranches: award → contract.',
  input: SignContractInput,
  route: byInputGlobalId('purchaseId'),
  resolve: async (input, ctx) => {
    const result = await ctx.purchases.signContract({
      ...definedOnly(input),
      continuing: input.continuing,
      tranches: input.tranches,
      purchaseId: await purchaseIdOf(ctx, input.purchaseId, 'purchaseId'),
    });
    return result.contract;
  },
});

defineMutation('cancelPurchase', {
  inputNames: { purchaseId: 'id', cancelledOn: 'on' },
  type: PurchaseRef,
  description: 'Cancel a purchase before its contract (终止 / 废标), with the reason.',
  input: CancelPurchaseInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.purchases.cancelPurchase({
      purchaseId: await purchaseIdOf(ctx, input.id),
      reason: input.reason,
      cancelledOn: input.on ?? null,
      expectedVersion: input.expectedVersion ?? null,
    }),
});

defineMutation('terminateContract', {
  inputNames: { contractId: 'id' },
  type: ServiceContractRef,
  description:
    'End a contract early (解除合同), with the day and the reason; the purchase goes on to evaluation.',
  input: TerminateContractInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) => {
    const contractId = await visibleLocalIdOf(ctx, String(input.id), 'ServiceContract', ['input', 'id']);
    return ctx.purchases.terminateContract({
      contractId,
      terminatedOn: input.terminatedOn,
      reason: input.reason,
      expectedVersion: input.expectedVersion ?? null,
    });
  },
});
