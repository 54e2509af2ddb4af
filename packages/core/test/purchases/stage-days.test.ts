/**
 * Every stage's day (docs/domain.md §6.3, §15): never after today, never before the day of the
 * stage before (the CHECK `purchases_days_in_order` holds the same), and a move made on a stale
 * version is refused. Planning needs an approved project, a purchaser that answers for it, and no
 * other live purchase of the project.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bid,
  createPurchaseDistrict,
  DAYS,
  expectRefusal,
  OTHER_SUBDISTRICT,
  type PurchaseDistrict,
  SUBDISTRICT,
  TODAY,
  tenderOut,
} from './fixture.js';

let district: PurchaseDistrict;

beforeAll(async () => {
  district = await createPurchaseDistrict();
});

afterAll(async () => {
  await district?.database.close();
});

describe('days', () => {
  it('refuses a day after today and a day before the stage before', async () => {
    const planned = await district.purchases.planPurchase({
      projectId: district.project.id,
      purchaserUnitCode: SUBDISTRICT,
      method: 'competitive_consultation',
      plannedOn: DAYS.planned,
    });
    await expectRefusal(
      district.database,
      () => district.purchases.publishTender({ purchaseId: planned.id, publishedOn: '2025-10-01' }),
      'DATE_IN_FUTURE',
      ['input', 'publishedOn'],
    );
    const early = await expectRefusal(
      district.database,
      () => district.purchases.publishTender({ purchaseId: planned.id, publishedOn: '2025-01-01' }),
      'INVALID_DATE_RANGE',
      ['input', 'publishedOn'],
    );
    expect(early.details).toEqual({ stage: 'plan', stageDay: DAYS.planned });
    await expectRefusal(
      district.database,
      () => district.purchases.publishTender({ purchaseId: planned.id, publishedOn: '2025-02-30' }),
      'INVALID_DATE',
      ['input', 'publishedOn'],
    );
    // Without a day, the stage is reached today.
    const tendered = await district.purchases.publishTender({ purchaseId: planned.id });
    expect(tendered.tenderPublishedOn).toBe(TODAY);
  });

  it('refuses a bid before the tender, and bids closed before a bid was submitted', async () => {
    const [tendered] = await district.purchases.listPurchases({ stage: 'tender' });
    const organization = await district.organization();
    await expectRefusal(
      district.database,
      () =>
        district.purchases.submitBid({
          purchaseId: tendered!.id,
          organizationId: organization.id,
          priceFen: 100,
          submittedOn: '2025-09-29',
        }),
      'INVALID_DATE_RANGE',
      ['input', 'submittedOn'],
    );
    await district.purchases.cancelPurchase({ purchaseId: tendered!.id, reason: '采购需求调整' });

    const other = await tenderOut(district, (await district.approvedProject()).id);
    await bid(district, other.id, organization.id);
    await expectRefusal(
      district.database,
      () => district.purchases.closeBids({ purchaseId: other.id, closedOn: '2025-01-15' }),
      'INVALID_DATE_RANGE',
      ['input', 'closedOn'],
    );
  });

  it('refuses a move on a stale version', async () => {
    const tendered = await tenderOut(district);
    const error = await expectRefusal(
      district.database,
      () => district.purchases.closeBids({ purchaseId: tendered.id, expectedVersion: tendered.version - 1 }),
      'VERSION_CONFLICT',
      ['input', 'expectedVersion'],
    );
    expect(error.details).toEqual({ currentVersion: tendered.version });
    const organization = await district.organization();
    await bid(district, tendered.id, organization.id);
    const closed = await district.purchases.closeBids({
      purchaseId: tendered.id,
      expectedVersion: tendered.version,
    });
    expect(closed.purchase.version).toBe(tendered.version + 1);
  });
});

describe('planning', () => {
  it('allows one live purchase per project', async () => {
    const error = await expectRefusal(
      district.database,
      () =>
        district.purchases.planPurchase({
          projectId: district.project.id,
          purchaserUnitCode: SUBDISTRICT,
          method: 'open_tender',
        }),
      'DUPLICATE_RECORD',
      ['input', 'projectId'],
    );
    expect(error.message).toContain('already has a live purchase');
  });

  it('buys only approved projects, from their approval on', async () => {
    const draft = await district.approvedProject({ status: 'draft', approvedOn: null });
    const error = await expectRefusal(
      district.database,
      () =>
        district.purchases.planPurchase({
          projectId: draft.id,
          purchaserUnitCode: SUBDISTRICT,
          method: 'open_tender',
        }),
      'STATUS_NOT_ALLOWED',
      ['input', 'projectId'],
    );
    expect(error.details).toEqual({ state: 'draft', allowed: ['approved'] });
    const approved = await district.approvedProject();
    await expectRefusal(
      district.database,
      () =>
        district.purchases.planPurchase({
          projectId: approved.id,
          purchaserUnitCode: SUBDISTRICT,
          method: 'open_tender',
          plannedOn: '2024-12-19',
        }),
      'INVALID_DATE_RANGE',
      ['input', 'plannedOn'],
    );
    await expectRefusal(
      district.database,
      () =>
        district.purchases.planPurchase({
          projectId: 999_999,
          purchaserUnitCode: SUBDISTRICT,
          method: 'open_tender',
        }),
      'NOT_FOUND',
      ['input', 'projectId'],
    );
  });

  it('has the district or the project’s own subdistrict buy it, never a community', async () => {
    const approved = await district.approvedProject();
    const plan =
      (purchaserUnitCode: string, method = 'open_tender') =>
      () =>
        district.purchases.planPurchase({
          projectId: approved.id,
          purchaserUnitCode,
          method: method as 'open_tender',
        });
    await expectRefusal(district.database, plan(OTHER_SUBDISTRICT), 'VALIDATION_FAILED', [
      'input',
      'purchaserUnitCode',
    ]);
    await expectRefusal(district.database, plan('320505001001'), 'CODE_LEVEL_MISMATCH', [
      'input',
      'purchaserUnitCode',
    ]);
    await expectRefusal(district.database, plan('320506001'), 'CODE_OUTSIDE_DISTRICT', [
      'input',
      'purchaserUnitCode',
    ]);
    await expectRefusal(district.database, plan('3205'), 'INVALID_DIVISION_CODE', [
      'input',
      'purchaserUnitCode',
    ]);
    await expectRefusal(district.database, plan(SUBDISTRICT, 'auction'), 'INVALID_CODE_LIST_VALUE', [
      'input',
      'method',
    ]);
    const byDistrict = await plan('320505')();
    expect(byDistrict).toMatchObject({ purchaserUnitCode: '320505', stage: 'plan', plannedOn: TODAY });
  });
});
