import type { TrancheMilestone } from '../funds/code-lists.js';
import type { PurchaseMethod } from './code-lists.js';

/** Plan a purchase of an approved project (docs/domain.md §6.3). */
export interface PlanPurchaseInput {
  projectId: number;
  /** The buyer (购买主体): the district (6 digits) or one of its subdistricts (9 digits). */
  purchaserUnitCode: string;
  method: PurchaseMethod;
  /** Defaults to today; never after it, nor before the project's approval. */
  plannedOn?: string | null;
}

/** What every move of a purchase's stage names: the purchase, and the version the caller read. */
interface StageMove {
  purchaseId: number;
  /** The purchase's version as the caller read it; a stale move is VERSION_CONFLICT. */
  expectedVersion?: number | null;
}

/** Publish the tender (招标公告, or the single-source notice 单一来源公示). */
export interface PublishTenderInput extends StageMove {
  /** Defaults to today; never after it, nor before the plan. */
  publishedOn?: string | null;
}

/** Close the bids at the deadline and assess every bid submitted. */
export interface CloseBidsInput extends StageMove {
  /** The bid deadline: defaults to today; never after it, nor before a bid's submission. */
  closedOn?: string | null;
}

/** Start implementation (履约) or evaluation (验收与绩效评价). */
export interface StartStageInput extends StageMove {
  /** Defaults to today; never after it, nor before the stage before. */
  startedOn?: string | null;
}

/** Close the purchase (结项) once evaluated. */
export interface ClosePurchaseInput extends StageMove {
  /** Defaults to today; never after it, nor before the evaluation started. */
  closedOn?: string | null;
}

/** Cancel (终止) a purchase before its contract, with the reason. */
export interface CancelPurchaseInput extends StageMove {
  /** Why (政府采购法 第三十六条 *to verify*): too few qualified bidders, a violation, the project cancelled. Published. */
  reason: string;
  /** Defaults to today; never after it, nor before the last stage reached. */
  cancelledOn?: string | null;
}

/** An organization's bid (投标 / 响应) while the tender is out. */
export interface SubmitBidInput {
  purchaseId: number;
  organizationId: number;
  priceFen: number;
  /** Defaults to today; never after it, nor before the tender was published. */
  submittedOn?: string | null;
  /**
   * The social workers (ids) the bid puts forward for the project. When given, only these count
   * for capacity; when absent, every certified worker employed by the organization does.
   */
  declaredStaff?: readonly number[] | null;
}

/** Award (成交) the purchase to a qualified bid; every other qualified bid is not awarded. */
export interface AwardBidInput {
  bidId: number;
  /** Defaults to today; on or after the bid deadline. */
  awardedOn?: string | null;
  /** The assessment's score (评审得分), 0–100 with at most two decimals. */
  score?: number | null;
  /** The purchase's version as the caller read it. */
  expectedVersion?: number | null;
}

/** One tranche of the contract's payment (分期拨付). */
export interface TrancheInput {
  milestone: TrancheMilestone;
  /** The day the tranche is planned for; may lie ahead. */
  plannedOn: string;
  amountFen: number;
}

/** Sign the contract with the awarded bidder. */
export interface SignContractInput {
  purchaseId: number;
  /** Unique in the district; published with the contract. */
  contractNumber: string;
  signedOn: string;
  startsOn: string;
  /** The last day of the contract. */
  endsOn: string;
  /** A continuing service (up to 3 years) must say why (`continuingReason`). */
  continuing: boolean;
  continuingReason?: string | null;
  amountFen: number;
  /** At least one, numbered in the order given; their amounts sum to `amountFen`. */
  tranches: readonly TrancheInput[];
  /** The purchase's version as the caller read it. */
  expectedVersion?: number | null;
}

/** End a contract early (解除合同), with the day and the reason. */
export interface TerminateContractInput {
  contractId: number;
  terminatedOn: string;
  /** Published with the contract. */
  reason: string;
  /** The contract's version as the caller read it. */
  expectedVersion?: number | null;
}

/** The filter of {@link PurchaseService.listPurchases}. */
export interface PurchaseFilter {
  projectId?: number;
  stage?: string;
  purchaserUnitCode?: string;
}
