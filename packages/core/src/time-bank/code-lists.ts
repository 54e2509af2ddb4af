/**
 * The code lists of the time bank (docs/domain.md §5.5). Values are the stable English codes
 * stored; labels the Chinese terms community staff and volunteers use.
 */

/** What a catalogue item is (time_bank_catalogue_items.kind). */
export const catalogueItemKinds = {
  service: '服务',
  goods: '物品',
} as const;

export type CatalogueItemKind = keyof typeof catalogueItemKinds;

/** Why points move between two accounts (time_bank_transfers.reason). */
export const transferReasons = {
  family: '家庭成员转赠',
  team_pool: '团队积分池',
  award: '奖励',
  donation: '捐赠',
} as const;

export type TransferReason = keyof typeof transferReasons;

/** The accounts of the time bank (schema/ledger.ts), each with its owner. */
export const timeBankAccountKinds = {
  points_issuer: '积分发行',
  points_redeemed: '积分兑换',
  minutes_served: '服务时长来源',
  volunteer: '志愿者账户',
  team: '团队积分池',
  community: '社区积分池',
  organization: '组织积分池',
} as const;

export type TimeBankAccountKind = keyof typeof timeBankAccountKinds;

/** The entries the time bank writes; a reversal undoes one. */
export const timeBankEntryKinds = {
  points_earning: '服务积分',
  points_exchange: '积分兑换',
  points_transfer: '积分转赠',
  reversal: '冲销',
} as const;

export type TimeBankEntryKind = keyof typeof timeBankEntryKinds;
