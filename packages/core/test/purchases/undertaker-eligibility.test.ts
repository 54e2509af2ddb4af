/**
 * Who may undertake (承接主体, docs/domain.md §6.3), as the purchase service applies it: a filed
 * group or a deregistered organization is refused at once; every bid is assessed when the bids
 * close and an ineligible one disqualified with its reasons; an award to it is NOT_ELIGIBLE with
 * the reasons, and so is an award to an organization that became ineligible since the assessment.
 * Nothing changes on a refusal.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidEligibilityRecord } from '../../src/purchases/index.js';
import { purchaseBids } from '../../src/schema/index.js';
import {
  bid,
  createPurchaseDistrict,
  DAYS,
  DISTRICT,
  expectRefusal,
  type PurchaseDistrict,
  tenderOut,
} from './fixture.js';

let district: PurchaseDistrict;

beforeAll(async () => {
  district = await createPurchaseDistrict();
  await district.setPolicy(
    'purchase.major_violation',
    { lookbackYears: 3, penaltyKinds: ['penalty_suspension', 'penalty_revocation'] },
    '虎民〔2020〕3号 政府采购重大违法记录认定',
  );
  await district.setPolicy('purchase.required_capacity', { casework: 2, group_work: 1, community_work: 1 });
});

afterAll(async () => {
  await district?.database.close();
});

/** A registered organization with enough certified workers for the project (casework needs 2). */
async function capableOrganization(name?: string) {
  const organization = await district.organization(name ? { name } : {});
  await district.certifiedWorkers(organization.id, 2);
  return organization;
}

/** A new project with its tender out. */
async function newTender() {
  return tenderOut(district, (await district.approvedProject()).id);
}

const assessmentOf = (row: { eligibility: unknown }) => (row.eligibility as BidEligibilityRecord).assessment!;

describe('refused at once', () => {
  it('refuses the bid of a filed group: no legal person undertakes', async () => {
    const tendered = await newTender();
    const group = await district.organization({ legalStatus: 'filed' });
    const error = await expectRefusal(
      district.database,
      () => bid(district, tendered.id, group.id),
      'NOT_ELIGIBLE',
      ['input', 'organizationId'],
    );
    expect(error.details).toEqual({ reasons: ['filed_group'] });
  });

  it('refuses the bid of a deregistered organization', async () => {
    const tendered = await newTender();
    const gone = await district.organization({ deregisteredOn: '2024-12-31' });
    const error = await expectRefusal(
      district.database,
      () => bid(district, tendered.id, gone.id),
      'NOT_ELIGIBLE',
      ['input', 'organizationId'],
    );
    expect(error.details).toEqual({ reasons: ['deregistered'] });
  });

  it('refuses the award to a filed group whose bid was written past the service', async () => {
    const tendered = await newTender();
    const group = await district.organization({ legalStatus: 'filed' });
    const [written] = await district.database.db
      .insert(purchaseBids)
      .values({
        districtCode: DISTRICT,
        purchaseId: tendered.id,
        organizationId: group.id,
        submittedOn: DAYS.submitted,
        priceFen: 100_000,
      })
      .returning();
    const closed = await district.purchases.closeBids({ purchaseId: tendered.id, closedOn: DAYS.bidsClosed });
    expect(closed.bids[0]).toMatchObject({ status: 'disqualified' });
    expect(assessmentOf(closed.bids[0]!).reasons).toEqual(['filed_group', 'insufficient_capacity']);
    const error = await expectRefusal(
      district.database,
      () => district.purchases.awardBid({ bidId: written!.id, awardedOn: DAYS.awarded }),
      'NOT_ELIGIBLE',
      ['input', 'bidId'],
    );
    expect(error.details).toMatchObject({
      reasons: ['filed_group', 'insufficient_capacity'],
      status: 'disqualified',
    });
  });
});

describe('assessed when the bids close', () => {
  it('disqualifies an organization on the abnormal-activity list, not one whose listing was found wrong', async () => {
    const tendered = await newTender();
    const listed = await capableOrganization();
    await district.listEntry(listed.id, 'abnormal_activity', '2024-11-01');
    const cleared = await capableOrganization();
    await district.listEntry(cleared.id, 'serious_dishonesty', '2024-06-01', {
      on: '2024-08-01',
      reason: 'objection_upheld',
    });
    const listedBid = await bid(district, tendered.id, listed.id);
    const clearedBid = await bid(district, tendered.id, cleared.id);
    const { bids } = await district.purchases.closeBids({
      purchaseId: tendered.id,
      closedOn: DAYS.bidsClosed,
    });
    expect(bids.map((row) => [row.id, row.status, row.disqualificationReason])).toEqual([
      [listedBid.id, 'disqualified', '列入活动异常名录'],
      [clearedBid.id, 'qualified', null],
    ]);
    expect(assessmentOf(bids[0]!)).toMatchObject({
      listings: [{ list: 'abnormal_activity', listedOn: '2024-11-01' }],
      sources: expect.arrayContaining([expect.stringContaining('财库〔2016〕125号')]),
    });
    const error = await expectRefusal(
      district.database,
      () => district.purchases.awardBid({ bidId: listedBid.id, awardedOn: DAYS.awarded }),
      'NOT_ELIGIBLE',
      ['input', 'bidId'],
    );
    expect(error.details).toMatchObject({ reasons: ['abnormal_activity_listed'] });
    await district.purchases.awardBid({ bidId: clearedBid.id, awardedOn: DAYS.awarded });
  });

  it('disqualifies a major violation in the 3 years before the deadline, of a kind the policy counts', async () => {
    const tendered = await newTender();
    // The deadline is 2025-01-31: the 3 years before it run from 2022-02-01.
    const within = await capableOrganization();
    await district.penalty(within.id, 'penalty_suspension', '2022-02-01');
    const before = await capableOrganization();
    await district.penalty(before.id, 'penalty_suspension', '2022-01-31');
    const minor = await capableOrganization();
    await district.penalty(minor.id, 'penalty_warning', '2024-05-01');
    const withdrawn = await capableOrganization();
    await district.penalty(withdrawn.id, 'penalty_revocation', '2024-05-01', '2024-07-01');
    const ids: number[] = [];
    for (const organization of [within, before, minor, withdrawn])
      ids.push((await bid(district, tendered.id, organization.id)).id);
    const { bids } = await district.purchases.closeBids({
      purchaseId: tendered.id,
      closedOn: DAYS.bidsClosed,
    });
    expect(bids.map((row) => row.status)).toEqual(['disqualified', 'qualified', 'qualified', 'qualified']);
    expect(assessmentOf(bids[0]!)).toMatchObject({
      reasons: ['major_violation'],
      majorViolationWindow: { from: '2022-02-01', until: DAYS.bidsClosed },
      majorViolations: [{ kind: 'penalty_suspension', occurredOn: '2022-02-01' }],
      policies: { majorViolation: { source: '虎民〔2020〕3号 政府采购重大违法记录认定' } },
    });
    const error = await expectRefusal(
      district.database,
      () => district.purchases.awardBid({ bidId: ids[0]!, awardedOn: DAYS.awarded }),
      'NOT_ELIGIBLE',
      ['input', 'bidId'],
    );
    expect(error.details).toMatchObject({ reasons: ['major_violation'] });
  });

  it('disqualifies an organization lacking the certified workers its project’s methods need', async () => {
    const tendered = await newTender();
    const small = await district.organization();
    const [counted] = await district.certifiedWorkers(small.id, 1);
    // Neither counts: one's registration lapsed on 2024-12-31, the other's post ended on 2024-12-31.
    await district.certifiedWorkers(small.id, 1, { registeredFrom: '2022-01-01' });
    const [left] = await district.certifiedWorkers(small.id, 1, { postEndsOn: '2024-12-31' });
    // Declaring staff it does not employ does not make up for it.
    const outsider = await capableOrganization();
    const [borrowed] = await district.certifiedWorkers(outsider.id, 1);
    const smallBid = await bid(district, tendered.id, small.id, {
      declaredStaff: [counted!, left!, borrowed!],
    });
    const { bids } = await district.purchases.closeBids({
      purchaseId: tendered.id,
      closedOn: DAYS.bidsClosed,
    });
    expect(bids[0]).toMatchObject({
      status: 'disqualified',
      disqualificationReason: '持证社会工作者人数不足',
    });
    expect(assessmentOf(bids[0]!)).toMatchObject({
      reasons: ['insufficient_capacity'],
      certifiedStaff: [counted],
      declaredStaffNotCounted: [left, borrowed].sort((a, b) => a! - b!),
      capacity: [
        { method: 'casework', required: 2, found: 1 },
        { method: 'community_work', required: 1, found: 1 },
      ],
    });
    const error = await expectRefusal(
      district.database,
      () => district.purchases.awardBid({ bidId: smallBid.id, awardedOn: DAYS.awarded }),
      'NOT_ELIGIBLE',
      ['input', 'bidId'],
    );
    expect(error.details).toMatchObject({ reasons: ['insufficient_capacity'] });
  });

  it('disqualifies a price the project’s budget cannot pay', async () => {
    const tendered = await newTender();
    const dear = await capableOrganization();
    await bid(district, tendered.id, dear.id, { priceFen: 30_000_001 });
    const { bids } = await district.purchases.closeBids({
      purchaseId: tendered.id,
      closedOn: DAYS.bidsClosed,
    });
    expect(assessmentOf(bids[0]!).reasons).toEqual(['price_over_budget']);
  });
});

describe('checked again at the award', () => {
  it('refuses the award to an organization listed since the assessment, and awards another', async () => {
    const tendered = await newTender();
    const first = await capableOrganization();
    const second = await capableOrganization();
    const firstBid = await bid(district, tendered.id, first.id);
    const secondBid = await bid(district, tendered.id, second.id);
    const closed = await district.purchases.closeBids({ purchaseId: tendered.id, closedOn: DAYS.bidsClosed });
    expect(closed.bids.map((row) => row.status)).toEqual(['qualified', 'qualified']);
    await district.listEntry(first.id, 'serious_dishonesty', '2025-02-05');
    const error = await expectRefusal(
      district.database,
      () => district.purchases.awardBid({ bidId: firstBid.id, awardedOn: DAYS.awarded }),
      'NOT_ELIGIBLE',
      ['input', 'bidId'],
    );
    expect(error.details).toEqual({ reasons: ['serious_dishonesty_listed'] });
    // The purchaser awards the other qualified bid.
    const awarded = await district.purchases.awardBid({ bidId: secondBid.id, awardedOn: DAYS.awarded });
    expect(awarded.bid.status).toBe('awarded');
    const [firstNow] = await district.database.db
      .select()
      .from(purchaseBids)
      .where(and(eq(purchaseBids.districtCode, DISTRICT), eq(purchaseBids.id, firstBid.id)));
    expect(firstNow!.status).toBe('not_awarded');
  });

  it('takes one bid per organization', async () => {
    const tendered = await newTender();
    const organization = await capableOrganization();
    await bid(district, tendered.id, organization.id);
    await expectRefusal(
      district.database,
      () => bid(district, tendered.id, organization.id),
      'DUPLICATE_RECORD',
      ['input', 'organizationId'],
    );
  });
});
