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
