/**
 * Who may run a purchase and who may bid (docs/domain.md §14; `purchase.run` where the project
 * lies and for the purchaser, `purchase.bid` for the bidding organization): another subdistrict's
 * staff and organizations' staff are FORBIDDEN to run it, an organization's staff bid only for
 * their own organization, and what a caller cannot see answers as missing. Nothing changes on a
 * refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bid,
  contractInput,
  createPurchaseDistrict,
  DAYS,
  DISTRICT,
  expectRefusal,
  orgStaff,
  type PurchaseDistrict,
  SUBDISTRICT,
  staff,
} from './fixture.js';

let district: PurchaseDistrict;
let ownId: number;
let otherId: number;

beforeAll(async () => {
  district = await createPurchaseDistrict();
  ownId = (await district.organization()).id;
  otherId = (await district.organization()).id;
});

afterAll(async () => {
  await district?.database.close();
});

describe('running a purchase', () => {
  it('lets the subdistrict run the purchase of a project in its community, and no other subdistrict', async () => {
    const own = district.as(staff.subdistrict);
    const other = district.as(staff.otherSubdistrict);
    const plan = {
      projectId: district.project.id,
      purchaserUnitCode: SUBDISTRICT,
      method: 'open_tender' as const,
      plannedOn: DAYS.planned,
    };
    const error = await expectRefusal(district.database, () => other.planPurchase(plan), 'FORBIDDEN');
    expect(error.details).toEqual({ action: 'purchase.run' });
    await expectRefusal(
      district.database,
      () => own.planPurchase({ ...plan, purchaserUnitCode: DISTRICT }),
      'FORBIDDEN',
    );
    await expectRefusal(
      district.database,
      () => district.as(staff.community).planPurchase(plan),
      'FORBIDDEN',
    );

    const planned = await own.planPurchase(plan);
    await expectRefusal(
      district.database,
      () => other.publishTender({ purchaseId: planned.id }),
      'FORBIDDEN',
    );
    await own.publishTender({ purchaseId: planned.id, publishedOn: DAYS.tender });
    const submitted = await bid(district, planned.id, ownId);
    for (const write of [
      () => other.closeBids({ purchaseId: planned.id }),
      () => other.cancelPurchase({ purchaseId: planned.id, reason: '撤回' }),
      () => district.as(orgStaff(ownId)).closeBids({ purchaseId: planned.id }),
    ]) {
      await expectRefusal(district.database, write, 'FORBIDDEN');
    }
    await own.closeBids({ purchaseId: planned.id, closedOn: DAYS.bidsClosed });
    await expectRefusal(district.database, () => other.awardBid({ bidId: submitted.id }), 'FORBIDDEN');
    await own.awardBid({ bidId: submitted.id, awardedOn: DAYS.awarded });
    await expectRefusal(district.database, () => other.signContract(contractInput(planned.id)), 'FORBIDDEN');
    const { contract } = await own.signContract(contractInput(planned.id));
    await expectRefusal(
      district.database,
      () => other.terminateContract({ contractId: contract.id, terminatedOn: '2025-06-01', reason: '违约' }),
      'FORBIDDEN',
    );
    await expectRefusal(
      district.database,
      () => other.startImplementation({ purchaseId: planned.id }),
      'FORBIDDEN',
    );
  });

  it('shows another subdistrict nothing of the purchase', async () => {
    const [purchase] = await district.purchases.listPurchases({ projectId: district.project.id });
    const other = district.as(staff.otherSubdistrict);
    expect(await other.getPurchase(purchase!.id)).toBeUndefined();
    expect(await other.listPurchases()).toEqual([]);
    expect(await other.bidsOf(purchase!.id)).toEqual([]);
    expect(await other.contractOf(purchase!.id)).toBeUndefined();
    expect(await other.contractsOfOrganization(ownId)).toEqual([]);
    expect(await district.as(staff.subdistrict).getPurchase(purchase!.id)).toEqual(purchase);
  });
});

describe('bidding', () => {
  it('lets an organization’s staff bid for their own organization only, and see only their own bid', async () => {
    const project = await district.approvedProject();
    const planned = await district.purchases.planPurchase({
      projectId: project.id,
      purchaserUnitCode: SUBDISTRICT,
      method: 'open_tender',
      plannedOn: DAYS.planned,
    });
    const ownStaff = district.as(orgStaff(ownId));
    const input = {
      purchaseId: planned.id,
      organizationId: ownId,
      priceFen: 1_000_000,
      submittedOn: DAYS.submitted,
    };
    // Before its tender is published the purchase is not public: it is not found.
    await expectRefusal(district.database, () => ownStaff.submitBid(input), 'NOT_FOUND', [
      'input',
      'purchaseId',
    ]);
    await district.purchases.publishTender({ purchaseId: planned.id, publishedOn: DAYS.tender });
    const error = await expectRefusal(
      district.database,
      () => ownStaff.submitBid({ ...input, organizationId: otherId }),
      'FORBIDDEN',
    );
    expect(error.details).toEqual({ action: 'purchase.bid' });
    // A worker of another organization is not the bidder's to declare: not found.
    const [stranger] = await district.certifiedWorkers(otherId, 1);
    await expectRefusal(
      district.database,
      () => ownStaff.submitBid({ ...input, declaredStaff: [stranger!] }),
      'NOT_FOUND',
      ['input', 'declaredStaff', 0],
    );
    const [mine] = await district.certifiedWorkers(ownId, 1);
    const own = await ownStaff.submitBid({ ...input, declaredStaff: [mine!] });
    expect(own).toMatchObject({
      organizationId: ownId,
      status: 'submitted',
      eligibility: { declaredStaff: [mine] },
    });
    await district.as(orgStaff(otherId)).submitBid({ ...input, organizationId: otherId });
    expect((await ownStaff.bidsOf(planned.id)).map((row) => row.organizationId)).toEqual([ownId]);
    expect((await district.purchases.bidsOf(planned.id)).map((row) => row.organizationId)).toEqual([
      ownId,
      otherId,
    ]);
    expect((await ownStaff.getPurchase(planned.id))?.id).toBe(planned.id);
  });

  it('lets the bureau enter a paper bid for any organization, and no one else bid', async () => {
    const [tendered] = await district.purchases.listPurchases({ stage: 'tender' });
    const third = await district.organization();
    const entered = await district.purchases.submitBid({
      purchaseId: tendered!.id,
      organizationId: third.id,
      priceFen: 900_000,
    });
    expect(entered.organizationId).toBe(third.id);
    const fourth = await district.organization();
    await expectRefusal(
      district.database,
      () =>
        district
          .as(staff.subdistrict)
          .submitBid({ purchaseId: tendered!.id, organizationId: fourth.id, priceFen: 900_000 }),
      'FORBIDDEN',
    );
  });
});
