/**
 * A purchase's stages are never skipped nor reversed (docs/domain.md §6.3; the state machine
 * purchase-stages.ts, the trigger `purchases_stage_transition`): the service refuses with
 * STAGE_OUT_OF_ORDER, naming the stage and what it allows, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bid,
  contractInput,
  createPurchaseDistrict,
  DAYS,
  expectRefusal,
  type PurchaseDistrict,
  tenderOut,
} from './fixture.js';

let district: PurchaseDistrict;
let organizationId: number;

beforeAll(async () => {
  district = await createPurchaseDistrict();
  organizationId = (await district.organization()).id;
});

afterAll(async () => {
  await district?.database.close();
});

describe('a skipped stage', () => {
  it('refuses to close the bids of a purchase whose tender is not published', async () => {
    const planned = await district.purchases.planPurchase({
      projectId: district.project.id,
      purchaserUnitCode: '320505',
      method: 'single_source',
      plannedOn: DAYS.planned,
    });
    const error = await expectRefusal(
      district.database,
      () => district.purchases.closeBids({ purchaseId: planned.id, closedOn: DAYS.bidsClosed }),
      'STAGE_OUT_OF_ORDER',
      ['input', 'purchaseId'],
    );
    expect(error.details).toEqual({
      state: 'plan',
      event: 'closeBids',
      allowed: ['publishTender', 'cancel'],
    });
    // Nor may it jump to delivery, or take a bid before its tender is out.
    await expectRefusal(
      district.database,
      () =>
        district.purchases.startImplementation({ purchaseId: planned.id, startedOn: DAYS.implementation }),
      'STAGE_OUT_OF_ORDER',
      ['input', 'purchaseId'],
    );
    await expectRefusal(
      district.database,
      () => bid(district, planned.id, organizationId),
      'STAGE_OUT_OF_ORDER',
      ['input', 'purchaseId'],
    );
    await district.purchases.cancelPurchase({
      purchaseId: planned.id,
      reason: '改为公开招标',
      cancelledOn: DAYS.planned,
    });
  });

  it('refuses a contract before the award', async () => {
    const tendered = await tenderOut(district);
    await bid(district, tendered.id, organizationId);
    await district.purchases.closeBids({ purchaseId: tendered.id, closedOn: DAYS.bidsClosed });
    const error = await expectRefusal(
      district.database,
      () => district.purchases.signContract(contractInput(tendered.id)),
      'STAGE_OUT_OF_ORDER',
      ['input', 'purchaseId'],
    );
    expect(error.details).toMatchObject({ state: 'bids', allowed: ['award', 'cancel'] });
  });
});

describe('a reversed stage', () => {
  it('refuses to publish the tender again once the bids are closed, or to close them twice', async () => {
    const [purchase] = await district.purchases.listPurchases({ stage: 'bids' });
    await expectRefusal(
      district.database,
      () => district.purchases.publishTender({ purchaseId: purchase!.id, publishedOn: DAYS.tender }),
      'STAGE_OUT_OF_ORDER',
      ['input', 'purchaseId'],
    );
    await expectRefusal(
      district.database,
      () => district.purchases.closeBids({ purchaseId: purchase!.id, closedOn: DAYS.bidsClosed }),
      'STAGE_OUT_OF_ORDER',
      ['input', 'purchaseId'],
    );
  });

  it('moves nothing after closure', async () => {
    const [purchase] = await district.purchases.listPurchases({ stage: 'bids' });
    const [qualified] = await district.purchases.bidsOf(purchase!.id);
    await district.purchases.awardBid({ bidId: qualified!.id, awardedOn: DAYS.awarded });
    await district.purchases.signContract(contractInput(purchase!.id));
    await district.purchases.startImplementation({
      purchaseId: purchase!.id,
      startedOn: DAYS.implementation,
    });
    await district.purchases.startEvaluation({ purchaseId: purchase!.id, startedOn: DAYS.evaluation });
    await district.purchases.closePurchase({ purchaseId: purchase!.id, closedOn: DAYS.closed });
    for (const move of [
      () => district.purchases.closePurchase({ purchaseId: purchase!.id }),
      () => district.purchases.startEvaluation({ purchaseId: purchase!.id }),
      () => district.purchases.cancelPurchase({ purchaseId: purchase!.id, reason: '撤回' }),
    ]) {
      const error = await expectRefusal(district.database, move, 'STAGE_OUT_OF_ORDER', [
        'input',
        'purchaseId',
      ]);
      expect(error.details).toMatchObject({ state: 'closure', allowed: [] });
    }
  });
});
