export type { FamilyRelation, TimeBankTransferPolicy } from '../policies/policy-keys.js';
export { familyRelations } from '../policies/policy-keys.js';
export type {
  CatalogueItemKind,
  TimeBankAccountKind,
  TimeBankEntryKind,
  TransferReason,
} from './code-lists.js';
export {
  catalogueItemKinds,
  timeBankAccountKinds,
  timeBankEntryKinds,
  transferReasons,
} from './code-lists.js';
export type { ServiceEarnings, ServiceSettlement } from './service-earnings.js';
export {
  createServiceEarnings,
  POINTS_RATE_IMPORTED,
  POINTS_RATE_NOT_SET,
  serviceDay,
} from './service-earnings.js';
export type { TimeBankContext, TimeBankOperation } from './time-bank-context.js';
export type { CatalogueFilter, Statement, StatementLine, TimeBankTotals } from './time-bank-reads.js';
export { STATEMENT_PAGE_LIMIT } from './time-bank-reads.js';
export type { HolderKind, PointsHolder, TransferFacts } from './time-bank-rules.js';
export {
  MAX_POINTS,
  parsePoints,
  pointsForMinutes,
  requireHolding,
  requireStock,
  requireTransferAllowed,
} from './time-bank-rules.js';
export type { TimeBankService } from './time-bank-service.js';
export { createTimeBankService } from './time-bank-service.js';
export type {
  CatalogueItemResult,
  ExchangePointsInput,
  ListCatalogueItemInput,
  RestockCatalogueItemInput,
  ReverseTimeBankEntryInput,
  TimeBankEntryResult,
  TransferPointsInput,
  WithdrawCatalogueItemInput,
} from './time-bank-types.js';
