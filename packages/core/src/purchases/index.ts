export type { BidEligibilityRecord } from './bidding.js';
export type {
  BidStatus,
  PurchaseMethod,
  PurchaseStage,
  UndertakerIneligibilityReason,
} from './code-lists.js';
export {
  bidStatuses,
  purchaseMethods,
  purchaseStageNames,
  undertakerIneligibilityReasons,
} from './code-lists.js';
export {
  CONTRACT_TERM,
  lastContractDay,
  requireContractAmountWithin,
  requireContractTerm,
  requireTranchesSumTo,
} from './contract-rules.js';
export type { PurchasePlace } from './purchase-context.js';
export type { ContractWithTranches, OrganizationContractRecord } from './purchase-reads.js';
export type { PurchaseService } from './purchase-service.js';
export { createPurchaseService } from './purchase-service.js';
export type { PurchaseEvent } from './purchase-stages.js';
export { purchaseStages } from './purchase-stages.js';
export type {
  AwardBidInput,
  CancelPurchaseInput,
  CloseBidsInput,
  ClosePurchaseInput,
  PlanPurchaseInput,
  PublishTenderInput,
  PurchaseFilter,
  SignContractInput,
  StartStageInput,
  SubmitBidInput,
  TerminateContractInput,
  TrancheInput,
} from './purchase-types.js';
export type {
  PenaltyFact,
  PolicyApplied,
  StaffMember,
  UndertakerEligibility,
  UndertakerEligibilityInput,
  UndertakerFacts,
  UndertakerPolicies,
} from './undertaker-eligibility.js';
export {
  certifiedStaffOn,
  isMajorViolation,
  majorViolationWindowStart,
  standingReasons,
  UNDERTAKER_SOURCES,
  undertakerEligibility,
} from './undertaker-eligibility.js';
