import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  unique,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { socialOrganizations } from './organizations.js';
import { serviceProjects } from './service-projects.js';

/**
 * The government purchase of a project's services (政府购买服务, docs/domain.md §6.3), stage by
 * stage: plan → tender → bids → award → contract → implementation → evaluation → closure. A stage
 * is never skipped or reversed; before a contract exists a purchase may be cancelled (终止), with
 * its reason. A trigger (migration `needs_projects_funds_invariants`) refuses any other change of
 * stage, whoever writes. Each stage reached keeps its day, in order.
 */
export const purchases = pgTable(
  'purchases',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    projectId: idReference('project_id').notNull(),
    /** The buyer (购买主体): the district's department or a subdistrict office, by unit code. */
    purchaserUnitCode: varchar('purchaser_unit_code', { length: 12 }).notNull(),
    /** open_tender 公开招标 | invitation 邀请招标 | competitive_consultation 竞争性磋商 | single_source 单一来源 */
    method: varchar('method', { length: 24 }).notNull(),
    /** plan | tender | bids | award | contract | implementation | evaluation | closure | cancelled */
    stage: varchar('stage', { length: 16 }).notNull().default('plan'),
    plannedOn: date('planned_on', { mode: 'string' }).notNull(),
    /** The day the tender (or the single-source notice) was published. */
    tenderPublishedOn: date('tender_published_on', { mode: 'string' }),
    /** The bid deadline: bids are opened and assessed from it. */
    bidsClosedOn: date('bids_closed_on', { mode: 'string' }),
    awardedOn: date('awarded_on', { mode: 'string' }),
    contractedOn: date('contracted_on', { mode: 'string' }),
    implementationStartedOn: date('implementation_started_on', { mode: 'string' }),
    evaluationStartedOn: date('evaluation_started_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    cancelledOn: date('cancelled_on', { mode: 'string' }),
    cancellationReason: varchar('cancellation_reason', { length: 500 }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'purchases_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    // One live purchase per project; a cancelled one may be followed by a new one.
    uniqueIndex('purchases_live_per_project_unique')
      .on(t.districtCode, t.projectId)
      .where(sql`${t.stage} <> 'cancelled'`),
    index('purchases_stage_idx').on(t.districtCode, t.stage, t.plannedOn),
    check(
      'purchases_purchaser_in_district',
      sql`char_length(${t.purchaserUnitCode}) in (6, 9, 12) and left(${t.purchaserUnitCode}, 6) = ${t.districtCode}`,
    ),
    check(
      'purchases_method',
      sql`${t.method} in ('open_tender', 'invitation', 'competitive_consultation', 'single_source')`,
    ),
    check(
      'purchases_stage',
      sql`${t.stage} in ('plan', 'tender', 'bids', 'award', 'contract', 'implementation', 'evaluation', 'closure', 'cancelled')`,
    ),
    // Every stage reached has its day; a cancelled purchase stopped before a contract.
    check(
      'purchases_stage_days',
      sql`(${t.stage} in ('plan', 'cancelled') or ${t.tenderPublishedOn} is not null)
        and (${t.stage} in ('plan', 'tender', 'cancelled') or ${t.bidsClosedOn} is not null)
        and (${t.stage} in ('plan', 'tender', 'bids', 'cancelled') or ${t.awardedOn} is not null)
        and (${t.stage} not in ('contract', 'implementation', 'evaluation', 'closure') or ${t.contractedOn} is not null)
        and (${t.stage} not in ('implementation', 'evaluation', 'closure') or ${t.implementationStartedOn} is not null)
        and (${t.stage} not in ('evaluation', 'closure') or ${t.evaluationStartedOn} is not null)
        and ((${t.stage} = 'closure') = (${t.closedOn} is not null))
        and ((${t.stage} = 'cancelled') = (${t.cancelledOn} is not null and ${t.cancellationReason} is not null))
        and (${t.stage} <> 'cancelled' or ${t.contractedOn} is null)`,
    ),
    check(
      'purchases_days_in_order',
      sql`${t.tenderPublishedOn} >= ${t.plannedOn} and ${t.bidsClosedOn} >= ${t.tenderPublishedOn}
        and ${t.awardedOn} >= ${t.bidsClosedOn} and ${t.contractedOn} >= ${t.awardedOn}
        and ${t.implementationStartedOn} >= ${t.contractedOn} and ${t.evaluationStartedOn} >= ${t.implementationStartedOn}
        and ${t.closedOn} >= ${t.evaluationStartedOn} and ${t.cancelledOn} >= ${t.plannedOn}`,
    ),
  ],
);

/**
 * A bid (投标 / 响应) by an organization. The eligibility found when the bid was assessed
 * (registered legal person, not listed, no major violation in 3 years, grade, capacity) is kept
 * with the policy it used, so an award can be re-derived. One bid per organization and purchase;
 * at most one awarded.
 */
export const purchaseBids = pgTable(
  'purchase_bids',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    purchaseId: idReference('purchase_id').notNull(),
    organizationId: idReference('organization_id').notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    /** The assessment's score (评审得分), 0–100. */
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }),
    /** submitted | qualified | disqualified | awarded | not_awarded */
    status: varchar('status', { length: 16 }).notNull().default('submitted'),
    /** The eligibility decision: reasons refused, grade found, policy source. */
    eligibility: jsonb('eligibility'),
    disqualificationReason: varchar('disqualification_reason', { length: 500 }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    // The contract refers to its bid with the purchase and the bidder, so all three agree.
    unique('purchase_bids_contract_key').on(t.districtCode, t.id, t.purchaseId, t.organizationId),
    unique('purchase_bids_one_per_organization_unique').on(t.districtCode, t.purchaseId, t.organizationId),
    foreignKey({
      name: 'purchase_bids_purchase_fk',
      columns: [t.districtCode, t.purchaseId],
      foreignColumns: [purchases.districtCode, purchases.id],
    }),
    foreignKey({
      name: 'purchase_bids_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    uniqueIndex('purchase_bids_one_awarded_unique')
      .on(t.districtCode, t.purchaseId)
      .where(sql`${t.status} = 'awarded'`),
    index('purchase_bids_organization_idx').on(t.districtCode, t.organizationId),
    check('purchase_bids_price', sql`${t.priceFen} >= 0`),
    check('purchase_bids_score', sql`${t.score} is null or ${t.score} between 0 and 100`),
    check(
      'purchase_bids_status',
      sql`(${t.status} in ('submitted', 'qualified', 'awarded', 'not_awarded') and ${t.disqualificationReason} is null)
        or (${t.status} = 'disqualified' and ${t.disqualificationReason} is not null)`,
    ),
  ],
);

/**
 * The contract (政府购买服务合同) with the organization whose bid was awarded: at most 1 year, at
 * most 3 for a continuing service (内容相对固定、连续性强、经费来源稳定、价格变化幅度小), from its first
 * to its last day. Ended early, it keeps the day and the reason.
 */
export const serviceContracts = pgTable(
  'service_contracts',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    purchaseId: idReference('purchase_id').notNull(),
    bidId: idReference('bid_id').notNull(),
    /** The undertaking organization (承接主体): the awarded bidder. */
    organizationId: idReference('organization_id').notNull(),
    contractNumber: varchar('contract_number', { length: 64 }).notNull(),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    /** The last day of the contract. */
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** A continuing service, which may run up to 3 years; the reason says why it qualifies. */
    continuing: boolean('continuing').notNull().default(false),
    continuingReason: varchar('continuing_reason', { length: 500 }),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    terminatedOn: date('terminated_on', { mode: 'string' }),
    terminationReason: varchar('termination_reason', { length: 500 }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('service_contracts_purchase_unique').on(t.districtCode, t.purchaseId),
    unique('service_contracts_number_unique').on(t.districtCode, t.contractNumber),
    // Evaluations refer to the contract together with its undertaker, to tell them apart.
    unique('service_contracts_undertaker_key').on(t.districtCode, t.id, t.organizationId),
    foreignKey({
      name: 'service_contracts_purchase_fk',
      columns: [t.districtCode, t.purchaseId],
      foreignColumns: [purchases.districtCode, purchases.id],
    }),
    foreignKey({
      name: 'service_contracts_bid_fk',
      columns: [t.districtCode, t.bidId, t.purchaseId, t.organizationId],
      foreignColumns: [
        purchaseBids.districtCode,
        purchaseBids.id,
        purchaseBids.purchaseId,
        purchaseBids.organizationId,
      ],
    }),
    foreignKey({
      name: 'service_contracts_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('service_contracts_organization_idx').on(t.districtCode, t.organizationId, t.startsOn),
    check('service_contracts_amount', sql`${t.amountFen} > 0`),
    check('service_contracts_signed_before_end', sql`${t.signedOn} <= ${t.endsOn}`),
    // 政府购买服务管理办法 (财政部令第102号): at most 1 year, at most 3 for a continuing service.
    // The last day is before the anniversary: from 2025-03-01, 1 year ends 2026-02-28 at the latest.
    check(
      'service_contracts_term',
      sql`${t.endsOn} >= ${t.startsOn}
        and ${t.endsOn} < (${t.startsOn} + case when ${t.continuing} then interval '3 years' else interval '1 year' end)::date`,
    ),
    check('service_contracts_continuing_reason', sql`${t.continuing} = (${t.continuingReason} is not null)`),
    check(
      'service_contracts_termination',
      sql`(${t.terminatedOn} is null and ${t.terminationReason} is null)
        or (${t.terminatedOn} >= ${t.signedOn} and ${t.terminatedOn} <= ${t.endsOn} and ${t.terminationReason} is not null)`,
    ),
  ],
);

/**
 * A contract's payment in tranches (分期拨付), each released on a milestone: the signing, a
 * mid-term evaluation, the final evaluation. The release is a journal entry (ledger.ts) that
 * names the tranche.
 */
export const contractTranches = pgTable(
  'contract_tranches',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    contractId: idReference('contract_id').notNull(),
    trancheNumber: smallint('tranche_number').notNull(),
    /** signing | milestone | midterm_evaluation | final_evaluation */
    milestone: varchar('milestone', { length: 24 }).notNull(),
    plannedOn: date('planned_on', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** The day it was paid, once the milestone was met. */
    releasedOn: date('released_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('contract_tranches_number_unique').on(t.districtCode, t.contractId, t.trancheNumber),
    foreignKey({
      name: 'contract_tranches_contract_fk',
      columns: [t.districtCode, t.contractId],
      foreignColumns: [serviceContracts.districtCode, serviceContracts.id],
    }),
    check('contract_tranches_number', sql`${t.trancheNumber} >= 1`),
    check(
      'contract_tranches_milestone',
      sql`${t.milestone} in ('signing', 'milestone', 'midterm_evaluation', 'final_evaluation')`,
    ),
    check('contract_tranches_amount', sql`${t.amountFen} > 0`),
  ],
);

export type Purchase = typeof purchases.$inferSelect;
export type PurchaseBid = typeof purchaseBids.$inferSelect;
export type ServiceContract = typeof serviceContracts.$inferSelect;
export type ContractTranche = typeof contractTranches.$inferSelect;
