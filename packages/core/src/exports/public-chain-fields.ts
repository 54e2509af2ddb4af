/**
 * The columns an export reads, table by table (四公开, docs/domain.md §6.8: public views are built
 * from a whitelist of fields, never by copying a row). A column added to a table later is not
 * exported until it is listed here. What is never listed, and why:
 *
 * - `purchase_bids.eligibility`, `disqualification_reason`, `score`, and every bid but the awarded
 *   one: the eligibility details of other bidders are not public (§6.8); bids are exported as a
 *   count, and the awarded bid as its supplier and price (the result notice, 中标/成交公告);
 * - `satisfaction_answers` (the respondent hash above all): residents are never exported;
 * - `delivery_activities.confirmed_by`, `dispute_reason`, `activity_hours`: who confirmed or
 *   disputed, and the workers' hours, are not public;
 * - `funding_sources.reference`, `in_kind_description`, `valuation_basis`: the agreements
 *   themselves are not part of the exports; a source is published by its funder (an individual
 *   donor as 个人捐赠, public-chain.ts `publishedFunderName`), its kind and the amounts;
 * - `journal_entries.description`, `recorded_by`: who recorded an entry, and its free text;
 * - `purchases.cancellation_reason`, `service_contracts.termination_reason` and
 *   `continuing_reason`, `project_evaluations.report_reference`: §6.8 publishes a procedure's
 *   method, stages, days, undertaker, amount and term, and an evaluation's score, grade and
 *   summary; the reasons and the report's reference are not among them (a cancellation or an early
 *   termination is published by its day);
 * - `project_evaluations.evaluator_organization_id`: not needed by any of the three standards;
 * - every `version`, `created_at`, `updated_at`.
 */

import type { ProjectEvaluation } from '../schema/evaluations.js';
import type { FundingEarmark, FundingSource } from '../schema/funding.js';
import type { ContractTranche, Purchase, PurchaseBid, ServiceContract } from '../schema/purchases.js';
import type { ServiceProject } from '../schema/service-projects.js';

export const PUBLIC_PROJECT_FIELDS = [
  'id',
  'name',
  'unitCode',
  'serviceDomain',
  'goals',
  'methods',
  'startsOn',
  'endsOn',
  'budgetFen',
  'status',
  'approvedOn',
  'closedOn',
] as const satisfies readonly (keyof ServiceProject)[];

export const PUBLIC_PURCHASE_FIELDS = [
  'id',
  'projectId',
  'purchaserUnitCode',
  'method',
  'stage',
  'plannedOn',
  'tenderPublishedOn',
  'bidsClosedOn',
  'awardedOn',
  'contractedOn',
  'implementationStartedOn',
  'evaluationStartedOn',
  'closedOn',
  'cancelledOn',
] as const satisfies readonly (keyof Purchase)[];

/** The awarded bid only: its supplier and price, as the result notice publishes them. */
export const PUBLIC_AWARDED_BID_FIELDS = [
  'id',
  'purchaseId',
  'organizationId',
  'priceFen',
] as const satisfies readonly (keyof PurchaseBid)[];

export const PUBLIC_CONTRACT_FIELDS = [
  'id',
  'purchaseId',
  'organizationId',
  'contractNumber',
  'signedOn',
  'startsOn',
  'endsOn',
  'continuing',
  'amountFen',
  'terminatedOn',
] as const satisfies readonly (keyof ServiceContract)[];

export const PUBLIC_TRANCHE_FIELDS = [
  'id',
  'contractId',
  'trancheNumber',
  'milestone',
  'plannedOn',
  'amountFen',
  'releasedOn',
] as const satisfies readonly (keyof ContractTranche)[];

/**
 * `funderName` is read to be published through `publishedFunderName`, never as it is;
 * `funderOrganizationId` only to tell an organization from a person.
 */
export const PUBLIC_FUNDING_SOURCE_FIELDS = [
  'id',
  'kind',
  'funderName',
  'funderUscc',
  'funderOrganizationId',
  'committedOn',
] as const satisfies readonly (keyof FundingSource)[];

export const PUBLIC_EARMARK_FIELDS = [
  'id',
  'sourceId',
  'projectId',
  'amountFen',
  'earmarkedOn',
] as const satisfies readonly (keyof FundingEarmark)[];

export const PUBLIC_EVALUATION_FIELDS = [
  'id',
  'contractId',
  'kind',
  'evaluatorName',
  'evaluatorUscc',
  'evaluatedOn',
  'score',
  'grade',
  'summary',
] as const satisfies readonly (keyof ProjectEvaluation)[];
