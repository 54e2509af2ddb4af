/**
 * Writes racing on one purchase (docs/domain.md §6.3, §6.10). On PostgreSQL (SANSHE_TEST_PG) they
 * run at once over the test database's pool; on PGlite, which has one connection, one after
 * another. Each race has an outcome that does not depend on the order: the purchase's row lock
 * makes moves follow one another, and the unique keys hold the rest.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSansheError } from '../../src/errors/index.js';
import { purchaseBids } from '../../src/schema/index.js';
import {
  bid,
  createPurchaseDistrict,
  DAYS,
  DISTRICT,
  type PurchaseDistrict,
  SUBDISTRICT,
  tenderOut,
} from './fixture.js';

let district: PurchaseDistrict;

beforeAll(async () => {
  district = await createPurchaseDistrict();
});

afterAll(async () => {
  await district?.database.close();
});

/** The codes of the refusals, sorted, and how many calls succeeded. */
async function outcomes(calls: Promise<unknown>[]) {
  const settled = await Promise.allSettled(calls);
  const codes = settled
    .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    .map((result) => {
      if (!isSansheError(result.reason)) throw result.reason;
      return result.reason.code;
    })
    .sort();
  return { succeeded: settled.filter((result) => result.status === 'fulfilled').length, codes };
}

describe('racing writes', () => {
  it('plans one live purchase of a project, however many are planned at once', async () => {
    const project = await district.approvedProject();
    const result = await outcomes(
      Array.from({ length: 8 }, () =>
        district.purchases.planPurchase({
          projectId: project.id,
          purchaserUnitCode: SUBDISTRICT,
          method: 'open_tender',
        }),
      ),
    );
    expect(result).toEqual({ succeeded: 1, codes: Array(7).fill('DUPLICATE_RECORD') });
  });

  it('awards one bid when two awards race', async () => {
    const tendered = await tenderOut(district, (await district.approvedProject()).id);
    const bids: { id: number }[] = [];
    for (let i = 0; i < 2; i++)
      bids.push(await bid(district, tendered.id, (await district.organization()).id));
    await district.purchases.closeBids({ purchaseId: tendered.id, closedOn: DAYS.bidsClosed });
    const result = await outcomes(
      bids.map((row) => district.purchases.awardBid({ bidId: row.id, awardedOn: DAYS.awarded })),
    );
    expect(result).toEqual({ succeeded: 1, codes: ['STAGE_OUT_OF_ORDER'] });
    const statuses = (await district.purchases.bidsOf(tendered.id)).map((row) => row.status).sort();
    expect(statuses).toEqual(['awarded', 'not_awarded']);
  });

  it('assesses every bid taken before the bids close, and takes none after', async () => {
    const tendered = await tenderOut(district, (await district.approvedProject()).id);
    const organizations: number[] = [];
    for (let i = 0; i < 6; i++) organizations.push((await district.organization()).id);
    const result = await outcomes([
      ...organizations.map((organizationId) =>
        district.purchases.submitBid({
          purchaseId: tendered.id,
          organizationId,
          priceFen: 1_000,
          submittedOn: DAYS.submitted,
        }),
      ),
      district.purchases.closeBids({ purchaseId: tendered.id, closedOn: DAYS.bidsClosed }),
    ]);
    expect(result.codes.every((code) => code === 'STAGE_OUT_OF_ORDER')).toBe(true);
    const rows = await district.database.db
      .select()
      .from(purchaseBids)
      .where(and(eq(purchaseBids.districtCode, DISTRICT), eq(purchaseBids.purchaseId, tendered.id)));
    // Every bid written was assessed; every bid refused found the bids closed.
    expect(rows.length + result.codes.length).toBe(organizations.length);
    expect(rows.every((row) => row.status === 'qualified')).toBe(true);
  });
});
