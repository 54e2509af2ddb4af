/**
 * What the district's one ledger counts (docs/domain.md §6.5) and the kinds of its accounts and
 * entries, each area adding its own (schema/ledger.ts `ledger_accounts_owners`). Values are the
 * stable English codes stored; labels the Chinese terms staff use.
 */

/** The units a ledger account holds: money in fen; time in minutes and points for volunteers (§5). */
export const ledgerUnits = {
  fen: '分（人民币）',
  minutes: '分钟（志愿服务时长）',
  points: '积分',
} as const;

export type LedgerUnit = keyof typeof ledgerUnits;

/** Every kind of account, with the area that owns it: the service chain's money, then the time bank's. */
export type LedgerAccountKind =
  | 'funder'
  | 'source'
  | 'earmark'
  | 'undertaker'
  | 'points_issuer'
  | 'points_redeemed'
  | 'minutes_served'
  | 'volunteer'
  | 'team'
  | 'community'
  | 'organization';

/** Every kind of entry; `reversal` undoes one entry of any area. */
export type LedgerEntryKind =
  | 'receipt'
  | 'earmark'
  | 'disbursement'
  | 'reversal'
  | 'points_earning'
  | 'points_exchange'
  | 'points_transfer';
