/**
 * The stage machine of a purchase (purchase-stages.ts, docs/domain.md §6.3): one step forward at a
 * time, cancellation only before the contract, nothing after closure or cancellation. It allows
 * exactly the moves the database trigger `purchases_stage_transition` allows.
 */
import { describe, expect, it } from 'vitest';
import { isSansheError } from '../../src/errors/index.js';
import { type PurchaseStage, purchaseStageNames, purchaseStages } from '../../src/purchases/index.js';

/** The (from, to) pairs of the trigger in migration `needs_projects_funds_invariants`. */
const triggerMoves = [
  ['plan', 'tender'],
  ['tender', 'bids'],
  ['bids', 'award'],
  ['award', 'contract'],
  ['contract', 'implementation'],
  ['implementation', 'evaluation'],
  ['evaluation', 'closure'],
  ['plan', 'cancelled'],
  ['tender', 'cancelled'],
  ['bids', 'cancelled'],
  ['award', 'cancelled'],
];

const stages = Object.keys(purchaseStageNames) as PurchaseStage[];

describe('purchaseStages', () => {
  it('changes stage exactly where the database trigger allows it', () => {
    const moves: string[][] = [];
    for (const from of stages) {
      for (const event of purchaseStages.eventsFrom(from)) {
        const to = purchaseStages.next(from, event);
        if (to !== from) moves.push([from, to]);
      }
    }
    expect(moves.sort()).toEqual([...triggerMoves].sort());
  });

  it('takes bids only while the tender is out, without changing the stage', () => {
    expect(stages.filter((stage) => purchaseStages.allows(stage, 'submitBid'))).toEqual(['tender']);
    expect(purchaseStages.next('tender', 'submitBid')).toBe('tender');
    expect(purchaseStages.actionOf('submitBid')).toBe('purchase.bid');
  });

  it('refuses a skipped or reversed stage with STAGE_OUT_OF_ORDER, naming what the stage allows', () => {
    let caught: unknown;
    try {
      purchaseStages.next('award', 'startImplementation', ['input', 'purchaseId']);
    } catch (error) {
      caught = error;
    }
    expect(isSansheError(caught)).toBe(true);
    expect(caught).toMatchObject({
      code: 'STAGE_OUT_OF_ORDER',
      path: ['input', 'purchaseId'],
      details: { state: 'award', event: 'startImplementation', allowed: ['signContract', 'cancel'] },
    });
    expect(() => purchaseStages.next('contract', 'cancel')).toThrow(/only before a contract/);
    expect(() => purchaseStages.next('bids', 'publishTender')).toThrow(
      expect.objectContaining({ code: 'STAGE_OUT_OF_ORDER' }),
    );
  });

  it('ends at closure and at cancellation', () => {
    expect(purchaseStages.eventsFrom('closure')).toEqual([]);
    expect(purchaseStages.eventsFrom('cancelled')).toEqual([]);
    expect(purchaseStages.initial).toBe('plan');
  });

  it('needs purchase.run for every move', () => {
    for (const event of Object.keys(
      purchaseStages.transitions,
    ) as (keyof typeof purchaseStages.transitions)[]) {
      expect(purchaseStages.actionOf(event)).toBe(event === 'submitBid' ? 'purchase.bid' : 'purchase.run');
    }
  });
});
