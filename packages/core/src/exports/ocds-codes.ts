/**
 * sanshe's codes as the Open Contracting Data Standard 1.1.5 writes them (the closed codelists
 * `method`, `releaseTag`, `tenderStatus`, `awardStatus`, `contractStatus` and the open `partyRole`,
 * `milestoneType`, `documentType`, vendored in packages/core/standards/ocds-1.1.5/schema/codelists).
 * Each table covers every code of ours (`satisfies Record<…>`), so a code added to a list of ours
 * does not compile until it is mapped here.
 */
import type { EvaluationKind } from '../evaluations/code-lists.js';
import type { TrancheMilestone } from '../funds/code-lists.js';
import { type PurchaseMethod, type PurchaseStage, purchaseMethods } from '../purchases/code-lists.js';

export type OcdsMethod = 'open' | 'selective' | 'limited' | 'direct';

/**
 * Purchase methods (政府采购法 第二十六条; 财库〔2014〕214号) → OCDS `procurementMethod`, with
 * `procurementMethodDetails` the method's Chinese name.
 *
 * - 公开招标 → `open`: any supplier may bid (政府采购法 第二十九条 ff.).
 * - 邀请招标 → `selective`: suppliers drawn at random from those meeting the qualifications are
 *   invited (第三十四条); OCDS: "only qualified suppliers are invited to submit a tender".
 * - 竞争性磋商 → `selective`: suppliers answer a published consultation notice, or are drawn at
 *   random from a supplier database, or recommended in writing by the purchaser and experts; at
 *   least three, each first checked against the qualifications (财库〔2014〕214号 第六条). It is
 *   open to qualified suppliers, not left to the purchaser's choice, which OCDS calls `limited`
 *   ("the procuring entity contacts a number of suppliers of its choice"); OCDS's own mapping
 *   guidance likewise maps negotiated procedures with a prior call to `selective`. The records
 *   do not say which of the three ways a consultation invited its suppliers; a publisher whose
 *   consultations mostly go by recommendation may prefer `limited`.
 * - 单一来源 → `direct`: one supplier, without competition (第三十一条); this is OCDS's `direct`
 *   ("awarded to a single supplier without competition"), not `limited`, which contacts several.
 */
export const ocdsMethodOfPurchaseMethod = {
  open_tender: { procurementMethod: 'open', procurementMethodDetails: purchaseMethods.open_tender },
  invitation: { procurementMethod: 'selective', procurementMethodDetails: purchaseMethods.invitation },
  competitive_consultation: {
    procurementMethod: 'selective',
    procurementMethodDetails: purchaseMethods.competitive_consultation,
  },
  single_source: { procurementMethod: 'direct', procurementMethodDetails: purchaseMethods.single_source },
} as const satisfies Record<
  PurchaseMethod,
  { procurementMethod: OcdsMethod; procurementMethodDetails: string }
>;

export type OcdsReleaseTag =
  | 'planning'
  | 'tender'
  | 'tenderUpdate'
  | 'tenderCancellation'
  | 'award'
  | 'contract'
  | 'implementation'
  | 'implementationUpdate'
  | 'contractTermination';

export type OcdsTenderStatus = 'planned' | 'active' | 'cancelled' | 'complete';
export type OcdsAwardStatus = 'active' | 'cancelled';
export type OcdsContractStatus = 'active' | 'terminated';

/**
 * A purchase's stage (docs/domain.md §6.3) → the tag of its release (one release per purchase:
 * the stage reached says what the release newly tells) and the tender's status.
 *
 * - 采购计划 `plan` → `planning`; the tender is `planned` (scheduled, not yet taking place).
 * - 发布公告 `tender` → `tender`; `active`.
 * - 开标评审 `bids` → `tenderUpdate` (the bids are in: `numberOfTenderers`); still `active`.
 * - 成交 `award` → `award`; the tender is `complete`, the award `active`.
 * - 签订合同 `contract` → `contract`; the contract `active`.
 * - 履约 `implementation` → `implementation` (payments are `implementation.transactions`).
 * - 验收评价 `evaluation` → `implementationUpdate` (the evaluations are implementation documents).
 * - 结项 `closure` → `contractTermination` ("information at the end of a contracting process");
 *   the contract is `terminated` (OCDS: come to a close, by completion or early).
 * - 终止 `cancelled` (before any contract, 政府采购法 第三十六条) → `tenderCancellation`; the tender
 *   is `cancelled` and an award already made is `cancelled` too.
 *
 * A contract terminated early (解除合同) is `terminated` and its release tagged
 * `contractTermination` whatever the purchase's later stage.
 */
export const ocdsStageCodes = {
  plan: { tag: 'planning', tenderStatus: 'planned' },
  tender: { tag: 'tender', tenderStatus: 'active' },
  bids: { tag: 'tenderUpdate', tenderStatus: 'active' },
  award: { tag: 'award', tenderStatus: 'complete' },
  contract: { tag: 'contract', tenderStatus: 'complete' },
  implementation: { tag: 'implementation', tenderStatus: 'complete' },
  evaluation: { tag: 'implementationUpdate', tenderStatus: 'complete' },
  closure: { tag: 'contractTermination', tenderStatus: 'complete' },
  cancelled: { tag: 'tenderCancellation', tenderStatus: 'cancelled' },
} as const satisfies Record<PurchaseStage, { tag: OcdsReleaseTag; tenderStatus: OcdsTenderStatus }>;

/** The roles of OCDS parties this export uses (codelist `partyRole`). */
export type OcdsPartyRole =
  | 'buyer'
  | 'procuringEntity'
  | 'tenderer'
  | 'supplier'
  | 'payer'
  | 'payee'
  | 'funder';

/**
 * A contract tranche's milestone → an OCDS contract milestone of type `payment` ("the date when a
 * payment is expected to be made to a supplier"), titled with the milestone's Chinese name.
 */
export const ocdsMilestoneTypeOfTranche = {
  signing: 'payment',
  milestone: 'payment',
  midterm_evaluation: 'payment',
  final_evaluation: 'payment',
} as const satisfies Record<TrancheMilestone, 'payment'>;

/**
 * A third-party evaluation (第三方评估) → an implementation document: a mid-term one reports
 * progress (`physicalProgressReport`), the final one closes the contract (`finalAudit`, "a final
 * audit carried out at the end of contract implementation").
 */
export const ocdsDocumentTypeOfEvaluation = {
  midterm: 'physicalProgressReport',
  final: 'finalAudit',
} as const satisfies Record<EvaluationKind, string>;
