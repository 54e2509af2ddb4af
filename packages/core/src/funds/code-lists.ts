/**
 * The code lists of funds and the ledger (docs/domain.md §6.4–§6.5). Values are stable English
 * codes, as stored; labels are the Chinese terms finance and civil-affairs staff use.
 */
export const fundingSourceKinds = {
  government_budget: '财政预算',
  donation: '慈善捐赠',
  community_foundation: '社区基金会',
  enterprise_sponsorship: '企业赞助',
  in_kind: '实物资助',
} as const;

export type FundingSourceKind = keyof typeof fundingSourceKinds;

/** The entries the funds service writes; later areas add their own kinds to the same ledger. */
export const fundsEntryKinds = {
  receipt: '资金到账',
  earmark: '定向安排',
  disbursement: '分期拨付',
  reversal: '冲销',
} as const;

export type FundsEntryKind = keyof typeof fundsEntryKinds;

/** The accounts of the service chain, each with its owner (ledger.ts). */
export const fundsAccountKinds = {
  funder: '出资方',
  source: '资金来源',
  earmark: '项目定向资金',
  undertaker: '承接机构已拨付',
} as const;

export type FundsAccountKind = keyof typeof fundsAccountKinds;

/** The milestones that release a contract's tranches (purchases.ts `contract_tranches`). */
export const trancheMilestones = {
  signing: '合同签订',
  milestone: '履约节点',
  midterm_evaluation: '中期评估',
  final_evaluation: '结项评估',
} as const;

export type TrancheMilestone = keyof typeof trancheMilestones;

/** The units a ledger account holds: one list for the whole ledger (ledger/ledger-units.ts). */
export { type LedgerUnit, ledgerUnits } from '../ledger/ledger-units.js';
