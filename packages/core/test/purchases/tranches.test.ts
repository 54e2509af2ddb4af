/**
 * A contract's amount and its tranches (分期拨付, docs/domain.md §6.3): the tranches sum to the
 * amount (BUDGET_MISMATCH), the amount is at most the awarded price and the project's budget
 * (AMOUNT_OVER_LIMIT), each tranche has a milestone, a day not before the signing and an amount;
 * contract numbers are unique in the district. Nothing is written on a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireContractAmountWithin, requireTranchesSumTo } from '../../src/purchases/index.js';
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

beforeAll(async () => {
  district = await createPurchaseDistrict();
});

afterAll(async () => {
  await district?.database.close();
});

/** A new project's purchase awarded to a bid of `priceFen`. */
async function awarded(priceFen = 28_800_000) {
  const organization = await district.organization();
  const tendered = await tenderOut(district, (await district.approvedProject()).id);
  const submitted = await bid(district, tendered.id, organization.id, { priceFen });
  await district.purchases.closeBids({ purchaseId: tendered.id, closedOn: DAYS.bidsClosed });
  await district.purchases.awardBid({ bidId: submitted.id, awardedOn: DAYS.awarded });
  return tendered.id;
}

describe('the tranches', () => {
  it('refuses tranches that do not sum to the contract amount', async () => {
    const purchaseId = await awarded();
    const input = contractInput(purchaseId);
    const short = { ...input, tranches: input.tranches.slice(0, 3) };
    const error = await expectRefusal(
      district.database,
      () => district.purchases.signContract(short),
      'BUDGET_MISMATCH',
      ['input', 'tranches'],
    );
    expect(error.details).toEqual({ amountFen: 28_800_000, tranchesFen: 23_040_000 });
    const over = {
      ...input,
      tranches: [
        ...input.tranches,
        { milestone: 'milestone' as const, plannedOn: '2025-12-01', amountFen: 1 },
      ],
    };
    await expectRefusal(district.database, () => district.purchases.signContract(over), 'BUDGET_MISMATCH', [
      'input',
      'tranches',
    ]);
  });

  it('refuses tranches that are not there, of no milestone, before the signing or of no amount', async () => {
    const purchaseId = await awarded();
    const input = contractInput(purchaseId);
    const withTranche = (index: number, change: Record<string, unknown>) => ({
      ...input,
      tranches: input.tranches.map((tranche, i) => (i === index ? { ...tranche, ...change } : tranche)),
    });
    const cases = [
      [{ ...input, tranches: [] }, 'VALIDATION_FAILED', ['input', 'tranches']],
      [
        withTranche(1, { milestone: 'halfway' }),
        'INVALID_CODE_LIST_VALUE',
        ['input', 'tranches', 1, 'milestone'],
      ],
      [
        withTranche(0, { plannedOn: '2025-02-19' }),
        'INVALID_DATE_RANGE',
        ['input', 'tranches', 0, 'plannedOn'],
      ],
      [withTranche(2, { plannedOn: '2025-13-01' }), 'INVALID_DATE', ['input', 'tranches', 2, 'plannedOn']],
      [withTranche(3, { amountFen: 0 }), 'INVALID_NUMBER', ['input', 'tranches', 3, 'amountFen']],
      [withTranche(3, { amountFen: 5_760_000.5 }), 'INVALID_NUMBER', ['input', 'tranches', 3, 'amountFen']],
    ] as const;
    for (const [contract, code, path] of cases) {
      await expectRefusal(
        district.database,
        () =>
          district.purchases.signContract(contract as Parameters<typeof district.purchases.signContract>[0]),
        code,
        path,
      );
    }
  });
});

describe('the amount', () => {
  it('refuses an amount above the awarded price', async () => {
    const purchaseId = await awarded(20_000_000);
    const error = await expectRefusal(
      district.database,
      () => district.purchases.signContract(contractInput(purchaseId)),
      'AMOUNT_OVER_LIMIT',
      ['input', 'amountFen'],
    );
    expect(error.details).toEqual({ amountFen: 28_800_000, bidPriceFen: 20_000_000, budgetFen: 30_000_000 });
    const signed = await district.purchases.signContract({
      ...contractInput(purchaseId),
      contractNumber: 'HQ-GM-2025-020',
      amountFen: 20_000_000,
      tranches: [
        { milestone: 'signing', plannedOn: '2025-02-20', amountFen: 12_000_000 },
        { milestone: 'final_evaluation', plannedOn: '2026-03-15', amountFen: 8_000_000 },
      ],
    });
    expect(signed.tranches.map((t) => t.amountFen)).toEqual([12_000_000, 8_000_000]);
  });

  it('refuses an amount above the budget, whatever the price', () => {
    expect(() =>
      requireContractAmountWithin(30_000_001, { bidPriceFen: 40_000_000, budgetFen: 30_000_000 }, [
        'input',
        'amountFen',
      ]),
    ).toThrow(expect.objectContaining({ code: 'AMOUNT_OVER_LIMIT', path: ['input', 'amountFen'] }));
    expect(() =>
      requireContractAmountWithin(30_000_000, { bidPriceFen: 30_000_000, budgetFen: 30_000_000 }, []),
    ).not.toThrow();
    expect(() => requireTranchesSumTo([{ amountFen: 1 }, { amountFen: 2 }], 3, [])).not.toThrow();
  });

  it('records a contract number once in the district', async () => {
    const purchaseId = await awarded();
    await expectRefusal(
      district.database,
      () =>
        district.purchases.signContract({ ...contractInput(purchaseId), contractNumber: 'HQ-GM-2025-020' }),
      'DUPLICATE_RECORD',
      ['input', 'contractNumber'],
    );
  });
});
