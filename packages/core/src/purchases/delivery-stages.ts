import type { Purchase } from '../schema/purchases.js';
import type { PurchaseContext } from './purchase-context.js';
import type { ClosePurchaseInput, StartStageInput } from './purchase-types.js';

/**
 * The stages after the contract (docs/domain.md §6.3): implementation (履约), evaluation
 * (验收与绩效评价) and closure (结项), each from the one before, on a day not before it. Run by the
 * purchaser (`purchase.run`). Evaluations themselves, and what they release, belong to the
 * evaluation and funds services.
 */
export function createDeliveryStageUseCases(context: PurchaseContext) {
  const { kit, db } = context;

  async function move(
    input: { purchaseId: number; expectedVersion?: number | null },
    event: 'startImplementation' | 'startEvaluation' | 'close',
    day: { value: unknown; field: string },
  ): Promise<Purchase> {
    const purchaseId = kit.requireId(input.purchaseId, 'purchase', ['input', 'purchaseId']);
    context.authorizeRun(await context.placeOfPurchase(purchaseId, ['input', 'purchaseId']));
    return db.transaction(async (tx) => {
      const { purchase } = await context.lockPurchase(tx, purchaseId, input.expectedVersion);
      context.nextStage(purchase, event);
      const on = context.stageDay(purchase, day.value, ['input', day.field]);
      return context.writeStage(tx, purchase, event, on);
    });
  }

  return {
    /**
     * Start implementation (contract → implementation).
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_DATE, DATE_IN_FUTURE, VERSION_CONFLICT,
     *   STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE
     */
    startImplementation(input: StartStageInput): Promise<Purchase> {
      return move(input, 'startImplementation', { value: input.startedOn, field: 'startedOn' });
    },

    /**
     * Start the evaluation once delivery is done (implementation → evaluation); evaluations are
     * recorded only from then on (docs/domain.md §6.7).
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_DATE, DATE_IN_FUTURE, VERSION_CONFLICT,
     *   STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE
     */
    startEvaluation(input: StartStageInput): Promise<Purchase> {
      return move(input, 'startEvaluation', { value: input.startedOn, field: 'startedOn' });
    },

    /**
     * Close the purchase (evaluation → closure); nothing follows.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_DATE, DATE_IN_FUTURE, VERSION_CONFLICT,
     *   STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE
     */
    closePurchase(input: ClosePurchaseInput): Promise<Purchase> {
      return move(input, 'close', { value: input.closedOn, field: 'closedOn' });
    },
  };
}
