/**
 * A contract's length (政府购买服务管理办法, 财政部令第102号; docs/domain.md §6.3): at most 1 year,
 * at most 3 for a continuing service that says why, counted as registries count (from 2025-03-01,
 * 1 year ends 2026-02-28 at the latest). The service says CONTRACT_TOO_LONG with the last day
 * allowed; the database's CHECK `service_contracts_term` holds the same line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastContractDay } from '../../src/purchases/index.js';
import { serviceContracts } from '../../src/schema/index.js';
import {
  bid,
  contractInput,
  createPurchaseDistrict,
  DAYS,
  DISTRICT,
  expectRefusal,
  type PurchaseDistrict,
  tenderOut,
} from './fixture.js';

let district: PurchaseDistrict;
/** A purchase at stage award. */
let purchaseId: number;

beforeAll(async () => {
  district = await createPurchaseDistrict();
  const organization = await district.organization();
  const tendered = await tenderOut(district);
  const submitted = await bid(district, tendered.id, organization.id);
  await district.purchases.closeBids({ purchaseId: tendered.id, closedOn: DAYS.bidsClosed });
  await district.purchases.awardBid({ bidId: submitted.id, awardedOn: DAYS.awarded });
  purchaseId = tendered.id;
});

afterAll(async () => {
  await district?.database.close();
});

describe('the last day a contract may run', () => {
  it.each([
    ['2025-03-01', false, '2026-02-28'],
    ['2025-01-01', false, '2025-12-31'],
    ['2024-02-29', false, '2025-02-27'],
    ['2025-03-01', true, '2028-02-29'],
    ['2024-02-29', true, '2027-02-27'],
  ])('from %s (continuing: %s) is %s', (startsOn, continuing, last) => {
    expect(lastContractDay(startsOn, continuing)).toBe(last);
  });
});

describe('signing', () => {
  it('refuses a contract past 1 year, naming the last day allowed', async () => {
    const error = await expectRefusal(
      district.database,
      () => district.purchases.signContract({ ...contractInput(purchaseId), endsOn: '2026-03-01' }),
      'CONTRACT_TOO_LONG',
      ['input', 'endsOn'],
    );
    expect(error.details).toEqual({ lastAllowedDay: '2026-02-28', maxYears: 1, continuing: false });
  });

  it('refuses 3 years unless the service is continuing and says why', async () => {
    const threeYears = { ...contractInput(purchaseId), endsOn: '2028-02-29' };
    await expectRefusal(
      district.database,
      () => district.purchases.signContract(threeYears),
      'CONTRACT_TOO_LONG',
      ['input', 'endsOn'],
    );
    await expectRefusal(
      district.database,
      () => district.purchases.signContract({ ...threeYears, continuing: true }),
      'REASON_REQUIRED',
      ['input', 'continuingReason'],
    );
    await expectRefusal(
      district.database,
      () =>
        district.purchases.signContract({ ...contractInput(purchaseId), continuingReason: '服务内容固定' }),
      'VALIDATION_FAILED',
      ['input', 'continuingReason'],
    );
    const error = await expectRefusal(
      district.database,
      () =>
        district.purchases.signContract({
          ...threeYears,
          endsOn: '2028-03-01',
          continuing: true,
          continuingReason: '服务内容相对固定、连续性强、经费来源稳定',
        }),
      'CONTRACT_TOO_LONG',
      ['input', 'endsOn'],
    );
    expect(error.details).toEqual({ lastAllowedDay: '2028-02-29', maxYears: 3, continuing: true });
    await expectRefusal(
      district.database,
      () => district.purchases.signContract({ ...contractInput(purchaseId), endsOn: '2025-02-28' }),
      'INVALID_DATE_RANGE',
      ['input', 'endsOn'],
    );
  });

  it('signs a continuing contract to its last day, with its reason', async () => {
    const signed = await district.purchases.signContract({
      ...contractInput(purchaseId),
      endsOn: '2028-02-29',
      continuing: true,
      continuingReason: '服务内容相对固定、连续性强、经费来源稳定',
    });
    expect(signed.contract).toMatchObject({
      startsOn: '2025-03-01',
      endsOn: '2028-02-29',
      continuing: true,
      continuingReason: '服务内容相对固定、连续性强、经费来源稳定',
    });
  });

  it('holds the same line as the database, which refuses a day more whoever writes', async () => {
    const { contract } = (await district.purchases.contractOf(purchaseId))!;
    const [awarded] = await district.purchases.bidsOf(purchaseId);
    const write = (endsOn: string, continuing: boolean) =>
      district.database.db.insert(serviceContracts).values({
        districtCode: DISTRICT,
        purchaseId,
        bidId: awarded!.id,
        organizationId: awarded!.organizationId,
        contractNumber: `DIRECT-${endsOn}`,
        signedOn: '2025-02-20',
        startsOn: '2025-03-01',
        endsOn,
        continuing,
        continuingReason: continuing ? '连续性服务' : null,
        amountFen: 1,
      });
    // The last day passes the CHECK (and then meets the one contract the purchase already has).
    expect(contract.purchaseId).toBe(purchaseId);
    await expect(write(lastContractDay('2025-03-01', false), false)).rejects.toMatchObject({
      cause: expect.objectContaining({ constraint: 'service_contracts_purchase_unique' }),
    });
    for (const [endsOn, continuing] of [
      ['2026-03-01', false],
      ['2028-03-01', true],
    ] as const) {
      await expect(write(endsOn, continuing)).rejects.toMatchObject({
        cause: expect.objectContaining({ constraint: 'service_contracts_term' }),
      });
    }
  });
});
