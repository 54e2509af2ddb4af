/**
 * The code lists of government purchase (docs/domain.md §6.3). Values are stable English codes,
 * as stored; labels are the Chinese terms procurement and civil-affairs staff use.
 */

/**
 * Purchase methods (政府采购法 第二十六条 *to verify*; 政府采购竞争性磋商采购方式管理暂行办法,
 * 财库〔2014〕214号, for consultation). The amounts above which a method is required are local.
 */
export const purchaseMethods = {
  open_tender: '公开招标',
  invitation: '邀请招标',
  competitive_consultation: '竞争性磋商',
  single_source: '单一来源',
} as const;

export type PurchaseMethod = keyof typeof purchaseMethods;

/** A purchase's stages, in order, and the cancellation that may end it before a contract. */
export const purchaseStageNames = {
  plan: '采购计划',
  tender: '发布公告',
  bids: '开标评审',
  award: '成交',
  contract: '签订合同',
  implementation: '履约',
  evaluation: '验收评价',
  closure: '结项',
  cancelled: '终止',
} as const;

export type PurchaseStage = keyof typeof purchaseStageNames;

/** A bid's status: submitted, then assessed (qualified or not), then awarded or not. */
export const bidStatuses = {
  submitted: '已提交',
  qualified: '资格审查通过',
  disqualified: '资格审查未通过',
  awarded: '中标/成交',
  not_awarded: '未中标',
} as const;

export type BidStatus = keyof typeof bidStatuses;

/**
 * Why an organization may not undertake a purchased service, or why its bid is void
 * (undertaker-eligibility.ts says the source of each).
 */
export const undertakerIneligibilityReasons = {
  filed_group: '备案的社区社会组织不具有法人资格，不得承接',
  deregistered: '已注销',
  abnormal_activity_listed: '列入活动异常名录',
  serious_dishonesty_listed: '列入严重违法失信名单',
  major_violation: '参加采购活动前三年内有重大违法记录',
  grade_below_minimum: '评估等级低于要求',
  insufficient_capacity: '持证社会工作者人数不足',
  price_over_budget: '报价超过项目预算',
} as const;

export type UndertakerIneligibilityReason = keyof typeof undertakerIneligibilityReasons;

/**
 * The stages of a government purchase in their one order (docs/domain.md §6.3, purchases.ts
 * `purchases_stage`): a stage is never skipped nor reversed, so "at or after" a stage is a
 * comparison of positions. `cancelled` stands outside the order: it is reached only before a
 * contract exists, and a cancelled purchase reaches nothing.
 */
export const purchaseStageOrder = [
  'plan',
  'tender',
  'bids',
  'award',
  'contract',
  'implementation',
  'evaluation',
  'closure',
] as const;

export type OrderedPurchaseStage = (typeof purchaseStageOrder)[number];

/** The stage's position in the order; -1 for `cancelled` (or anything else). */
export function stagePosition(stage: string): number {
  return purchaseStageOrder.indexOf(stage as OrderedPurchaseStage);
}

/** Whether a purchase at `stage` has reached `target`. */
export function stageReached(stage: string, target: OrderedPurchaseStage): boolean {
  const position = stagePosition(stage);
  return position >= 0 && position >= stagePosition(target);
}
