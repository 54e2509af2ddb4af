/**
 * Bad input to the purchase service: every refusal is typed, names its field, and changes nothing
 * (docs/adding-a-domain-area.md §4: the whole input is parsed before anything is read or written).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  bid,
  createPurchaseDistrict,
  DAYS,
  expectRefusal,
  type PurchaseDistrict,
  tenderOut,
} from './fixture.js';

let district: PurchaseDistrict;
let purchaseId: number;
let organizationId: number;
let bidId: number;

beforeAll(async () => {
  district = await createPurchaseDistrict();
  organizationId = (await district.organization()).id;
  purchaseId = (await tenderOut(district)).id;
  bidId = (await bid(district, purchaseId, organizationId)).id;
});

afterAll(async () => {
  await district?.database.close();
});

describe('ids', () => {
  it.each([0, -1, 1.5, 2 ** 53, '1', 999_999])('answers NOT_FOUND for the purchase id %s', async (id) => {
    await expectRefusal(
      district.database,
      () => district.purchases.publishTender({ purchaseId: id as number }),
      'NOT_FOUND',
      ['input', 'purchaseId'],
    );
  });

  it('answers NOT_FOUND for a missing bid, contract or organization', async () => {
    await expectRefusal(
      district.database,
      () => district.purchases.awardBid({ bidId: 999_999 }),
      'NOT_FOUND',
      ['input', 'bidId'],
    );
    await expectRefusal(
      district.database,
      () =>
        district.purchases.terminateContract({
          contractId: 999_999,
          terminatedOn: DAYS.planned,
          reason: '违约',
        }),
      'NOT_FOUND',
      ['input', 'contractId'],
    );
    await expectRefusal(
      district.database,
      () => district.purchases.submitBid({ purchaseId, organizationId: 999_999, priceFen: 100 }),
      'NOT_FOUND',
      ['input', 'organizationId'],
    );
  });
});

describe('bids', () => {
  it.each([0, -5, 10.5, '100', Number.NaN])('refuses the price %s', async (priceFen) => {
    const other = await district.organization();
    await expectRefusal(
      district.database,
      () =>
        district.purchases.submitBid({ purchaseId, organizationId: other.id, priceFen: priceFen as number }),
      'INVALID_NUMBER',
      ['input', 'priceFen'],
    );
  });

  it('refuses declared staff that is not a list of distinct workers', async () => {
    const other = await district.organization();
    const [worker] = await district.certifiedWorkers(other.id, 1);
    const submit = (declaredStaff: unknown) => () =>
      district.purchases.submitBid({
        purchaseId,
        organizationId: other.id,
        priceFen: 100,
        declaredStaff: declaredStaff as number[],
      });
    await expectRefusal(district.database, submit([worker, worker]), 'VALIDATION_FAILED', [
      'input',
      'declaredStaff',
      1,
    ]);
    await expectRefusal(district.database, submit(worker), 'VALIDATION_FAILED', ['input', 'declaredStaff']);
    await expectRefusal(district.database, submit([worker, 'x']), 'NOT_FOUND', ['input', 'declaredStaff', 1]);
    await expectRefusal(district.database, submit([999_999]), 'NOT_FOUND', ['input', 'declaredStaff', 0]);
  });

  it('refuses a score outside 0–100 or finer than a hundredth', async () => {
    await district.purchases.closeBids({ purchaseId, closedOn: DAYS.bidsClosed });
    for (const score of [-1, 100.01, 90.125, Number.POSITIVE_INFINITY]) {
      await expectRefusal(
        district.database,
        () => district.purchases.awardBid({ bidId, score }),
        'INVALID_NUMBER',
        ['input', 'score'],
      );
    }
  });
});

describe('contracts', () => {
  it('refuses a contract number or a reason with control characters, and a missing continuing flag', async () => {
    await district.purchases.awardBid({ bidId, awardedOn: DAYS.awarded, score: 80 });
    const base = {
      purchaseId,
      contractNumber: 'HQ-GM-2025-009',
      signedOn: DAYS.signed,
      startsOn: DAYS.starts,
      endsOn: DAYS.ends,
      continuing: false,
      amountFen: 100,
      tranches: [{ milestone: 'signing' as const, plannedOn: DAYS.signed, amountFen: 100 }],
    };
    await expectRefusal(
      district.database,
      () => district.purchases.signContract({ ...base, contractNumber: 'HQ\u0000001' }),
      'INVALID_TEXT',
      ['input', 'contractNumber'],
    );
    await expectRefusal(
      district.database,
      () => district.purchases.signContract({ ...base, continuing: 'no' as unknown as boolean }),
      'VALIDATION_FAILED',
      ['input', 'continuing'],
    );
    await expectRefusal(
      district.database,
      () => district.purchases.signContract({ ...base, signedOn: '2025-10-01' }),
      'DATE_IN_FUTURE',
      ['input', 'signedOn'],
    );
    await expectRefusal(
      district.database,
      () => district.purchases.signContract({ ...base, signedOn: '2025-02-09' }),
      'INVALID_DATE_RANGE',
      ['input', 'signedOn'],
    );
  });
});
