/**
 * The grade a purchase asks of its undertaker (policy `purchase.undertaker_grade`, local, no
 * national figure; docs/domain.md §6.3): `required` disqualifies an organization without a grade
 * of at least the minimum on the assessment day; `priority` disqualifies no one and records who
 * has it; with no value in force there is no grade rule at all, and no POLICY_NOT_SET. The policy
 * is the purchaser's, in force on the day the tender was published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyService } from '../../src/policies/index.js';
import type { BidEligibilityRecord } from '../../src/purchases/index.js';
import type { PurchaseBid } from '../../src/schema/index.js';
import {
  createPurchaseDistrict,
  DISTRICT,
  expectRefusal,
  type PurchaseDistrict,
  SUBDISTRICT,
} from './fixture.js';

let district: PurchaseDistrict;
/** Organizations holding 3A, 2A, a 4A that expired on 2019-12-31, and no grade. */
let graded: { threeA: number; twoA: number; expired: number; none: number };

beforeAll(async () => {
  district = await createPurchaseDistrict();
  await district.setPolicy(
    'purchase.undertaker_grade',
    { minimumGrade: '3A', mode: 'priority' },
    '虎民〔2020〕5号',
  );
  await createPolicyService(district.database, { today: () => '2020-01-01' }).setPolicy({
    key: 'purchase.undertaker_grade',
    jurisdictionCode: SUBDISTRICT,
    effectiveFrom: '2020-01-01',
    value: { minimumGrade: '3A', mode: 'required' },
    source: '狮山街道办〔2020〕2号',
  });
  const organization = async (grade?: number, awardedOn = '2018-06-01') => {
    const row = await district.organization({ registeredOn: '2012-01-01' });
    if (grade) await district.grade(row.id, grade, awardedOn);
    return row.id;
  };
  graded = {
    threeA: await organization(3),
    twoA: await organization(2),
    expired: await organization(4, '2015-01-01'),
    none: await organization(),
  };
});

afterAll(async () => {
  await district?.database.close();
});

/** A purchase by `purchaserUnitCode` with its tender out on `tenderOn`, every organization bidding, the bids closed. */
async function assessed(purchaserUnitCode: string, tenderOn: string): Promise<PurchaseBid[]> {
  const project = await district.approvedProject({ approvedOn: '2019-01-01' });
  const planned = await district.purchases.planPurchase({
    projectId: project.id,
    purchaserUnitCode,
    method: 'open_tender',
    plannedOn: tenderOn,
  });
  await district.purchases.publishTender({ purchaseId: planned.id, publishedOn: tenderOn });
  for (const organizationId of Object.values(graded)) {
    await district.purchases.submitBid({
      purchaseId: planned.id,
      organizationId,
      priceFen: 1_000_000,
      submittedOn: tenderOn,
    });
  }
  const closeOn = `${tenderOn.slice(0, 8)}28`;
  return (await district.purchases.closeBids({ purchaseId: planned.id, closedOn: closeOn })).bids;
}

const assessmentOf = (row: PurchaseBid) => (row.eligibility as BidEligibilityRecord).assessment!;

describe('a grade required', () => {
  it('disqualifies an organization below the grade, or whose grade expired, or with none', async () => {
    const bids = await assessed(SUBDISTRICT, '2021-03-01');
    expect(bids.map((row) => [row.status, assessmentOf(row).grade?.grade ?? null])).toEqual([
      ['qualified', '3A'],
      ['disqualified', '2A'],
      ['disqualified', null],
      ['disqualified', null],
    ]);
    expect(assessmentOf(bids[1]!)).toMatchObject({
      reasons: ['grade_below_minimum'],
      gradePriority: null,
      policies: {
        grade: { value: { minimumGrade: '3A', mode: 'required' }, source: '狮山街道办〔2020〕2号' },
      },
    });
    const error = await expectRefusal(
      district.database,
      () => district.purchases.awardBid({ bidId: bids[1]!.id, awardedOn: '2021-04-01' }),
      'NOT_ELIGIBLE',
      ['input', 'bidId'],
    );
    expect(error.details).toMatchObject({ reasons: ['grade_below_minimum'] });
    const awarded = await district.purchases.awardBid({ bidId: bids[0]!.id, awardedOn: '2021-04-01' });
    expect((awarded.bid.eligibility as BidEligibilityRecord).award).toMatchObject({
      eligible: true,
      grade: { grade: '3A', validUntil: '2023-05-31' },
    });
  });
});

describe('a grade giving priority', () => {
  it('qualifies every organization and records which have the grade', async () => {
    const bids = await assessed(DISTRICT, '2021-05-01');
    expect(bids.map((row) => [row.status, assessmentOf(row).gradePriority])).toEqual([
      ['qualified', true],
      ['qualified', false],
      ['qualified', false],
      ['qualified', false],
    ]);
    expect(assessmentOf(bids[0]!).policies.grade).toEqual({
      value: { minimumGrade: '3A', mode: 'priority' },
      source: '虎民〔2020〕5号',
    });
  });
});

describe('no grade policy in force', () => {
  it('applies no grade rule and asks for no policy', async () => {
    const bids = await assessed(DISTRICT, '2019-06-01');
    expect(bids.map((row) => row.status)).toEqual(['qualified', 'qualified', 'qualified', 'qualified']);
    expect(assessmentOf(bids[2]!)).toMatchObject({
      grade: { grade: '4A', validUntil: '2019-12-31' },
      gradePriority: null,
      policies: { grade: null, capacity: null },
    });
  });
});
