export type {
  FundingSourceKind,
  FundsAccountKind,
  FundsEntryKind,
  TrancheMilestone,
} from './code-lists.js';
export {
  fundingSourceKinds,
  fundsAccountKinds,
  fundsEntryKinds,
  ledgerUnits,
  trancheMilestones,
} from './code-lists.js';
export type {
  AccountOwner,
  FundingSourceResult,
  FundsEntryResult,
  FundsOperation,
} from './funds-context.js';
export type { AccountLine, EarmarkUse, ProjectFunding, SourceUse } from './funds-reads.js';
export type { FundsLine, TrancheFacts } from './funds-rules.js';
export {
  movementLines,
  parseAmountFen,
  requireBalance,
  requireTrancheMilestone,
  requireWithinLimit,
  reversalLines,
  trancheMilestoneUnmet,
} from './funds-rules.js';
export type { FundsService } from './funds-service.js';
export { createFundsService } from './funds-service.js';
export type {
  DisburseTrancheInput,
  EarmarkFundsInput,
  RecordReceiptInput,
  RegisterFundingSourceInput,
  ReverseEntryInput,
} from './funds-types.js';
export { canonicalJson, requestHash } from './request-hash.js';
