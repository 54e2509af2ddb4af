/**
 * Cancellation only before a contract (终止 / 废标, docs/domain.md §6.3): a purchase at plan,
 * tender, bids or award may be cancelled with its reason, and the project bought again; once the
 * contract is signed the purchase is not cancelled, the contract is terminated instead and the
 * purchase goes on to evaluation and closure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bid,
  contractInput,
  createPurchaseDistrict,
  DAYS,
  expectRefusal,
  type PurchaseDistrict,
  SUBDISTRICT,
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

/** A purchase of a new project brought to `stage` on the days of the whole course. */
async function purchaseAt(stage: 'plan' | 'tender' | 'bids' | 'award' | 'contract' | 'implementation') {
  const project = await district.approvedProject();
  if (stage === 'plan') {
    return district.purchases.planPurchase({
      projectId: project.id,
      purchaserUnitCode: SUBDISTRICT,
      method: 'open_tender',
      plannedOn: DAYS.planned,
    });
  }
  const tendered = await tenderOut(district, project.id);
  if (stage === 'tender') return tendered;
  const submitted = await bid(district, tendered.id, organizationId);
  const closed = await district.purchases.closeBids({ purchaseId: tendered.id, closedOn: DAYS.bidsClosed });
  if (stage === 'bids') return closed.purchase;
  const awarded = await district.purchases.awardBid({ bidId: submitted.id, awardedOn: DAYS.awarded });
  if (stage === 'award') return awarded.purchase;
  const signed = await district.purchases.signContract({
    ...contractInput(tendered.id),
    contractNumber: `HQ-GM-${tendered.id}`,
  });
  if (stage === 'contract') return signed.purchase;
  return district.purchases.startImplementation({ purchaseId: tendered.id, startedOn: DAYS.implementation });
}

describe('cancellation before the contract', () => {
  it.each(['plan', 'tender', 'bids', 'award'] as const)(
    'cancels a purchase at stage %s, with its day and reason',
    async (stage) => {
      const purchase = await purchaseAt(stage);
      const cancelled = await district.purchases.cancelPurchase({
        purchaseId: purchase.id,
        reason: '符合专业条件的供应商不足三家',
        cancelledOn: '2025-03-01',
        expectedVersion: purchase.version,
      });
      expect(cancelled).toMatchObject({
        stage: 'cancelled',
        cancelledOn: '2025-03-01',
        cancellationReason: '符合专业条件的供应商不足三家',
        contractedOn: null,
      });
      // The project may be bought again by a new purchase.
      const again = await district.purchases.planPurchase({
        projectId: purchase.projectId,
        purchaserUnitCode: SUBDISTRICT,
        method: 'competitive_consultation',
      });
      expect(again).toMatchObject({ projectId: purchase.projectId, stage: 'plan' });
    },
  );

  it('needs a reason, published, so free of personal data', async () => {
    const purchase = await purchaseAt('tender');
    for (const reason of [undefined, '  ']) {
      await expectRefusal(
        district.database,
        () => district.purchases.cancelPurchase({ purchaseId: purchase.id, reason: reason as string }),
        'REASON_REQUIRED',
        ['input', 'reason'],
      );
    }
    await expectRefusal(
      district.database,
      () => district.purchases.cancelPurchase({ purchaseId: purchase.id, reason: '联系人 13812345678 撤回' }),
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'reason'],
    );
    await expectRefusal(
      district.database,
      () =>
        district.purchases.cancelPurchase({
          purchaseId: purchase.id,
          reason: '撤回',
          cancelledOn: '2025-01-05',
        }),
      'INVALID_DATE_RANGE',
      ['input', 'cancelledOn'],
    );
  });
});

describe('after the contract', () => {
  it.each(['contract', 'implementation'] as const)(
    'refuses to cancel a purchase at stage %s',
    async (stage) => {
      const purchase = await purchaseAt(stage);
      const error = await expectRefusal(
        district.database,
        () => district.purchases.cancelPurchase({ purchaseId: purchase.id, reason: '资金调整' }),
        'STAGE_OUT_OF_ORDER',
        ['input', 'purchaseId'],
      );
      expect(error.details).toMatchObject({ state: stage, event: 'cancel' });
    },
  );

  it('terminates the contract instead, once, within its term, and the purchase goes on to closure', async () => {
    const purchase = await purchaseAt('implementation');
    const { contract } = (await district.purchases.contractOf(purchase.id))!;
    await expectRefusal(
      district.database,
      () =>
        district.purchases.terminateContract({
          contractId: contract.id,
          terminatedOn: '2025-02-19',
          reason: '承接方违约',
        }),
      'INVALID_DATE_RANGE',
      ['input', 'terminatedOn'],
    );
    await expectRefusal(
      district.database,
      () =>
        district.purchases.terminateContract({
          contractId: contract.id,
          terminatedOn: '2025-06-30',
          reason: '',
        }),
      'REASON_REQUIRED',
      ['input', 'reason'],
    );
    const terminated = await district.purchases.terminateContract({
      contractId: contract.id,
      terminatedOn: '2025-06-30',
      reason: '承接方严重违约，双方协商解除',
      expectedVersion: contract.version,
    });
    expect(terminated).toMatchObject({
      terminatedOn: '2025-06-30',
      terminationReason: '承接方严重违约，双方协商解除',
    });
    await expectRefusal(
      district.database,
      () =>
        district.purchases.terminateContract({
          contractId: contract.id,
          terminatedOn: '2025-07-01',
          reason: '再次解除',
        }),
      'ALREADY_ENDED',
      ['input', 'contractId'],
    );
    await district.purchases.startEvaluation({ purchaseId: purchase.id, startedOn: '2025-07-01' });
    const closed = await district.purchases.closePurchase({ purchaseId: purchase.id });
    expect(closed.stage).toBe('closure');
  });

  it('terminates nothing once the purchase is closed', async () => {
    const purchase = await purchaseAt('implementation');
    await district.purchases.startEvaluation({ purchaseId: purchase.id, startedOn: DAYS.evaluation });
    await district.purchases.closePurchase({ purchaseId: purchase.id });
    const { contract } = (await district.purchases.contractOf(purchase.id))!;
    const error = await expectRefusal(
      district.database,
      () =>
        district.purchases.terminateContract({
          contractId: contract.id,
          terminatedOn: '2025-09-30',
          reason: '撤回',
        }),
      'STAGE_OUT_OF_ORDER',
      ['input', 'contractId'],
    );
    expect(error.details).toMatchObject({ state: 'closure' });
  });
});
