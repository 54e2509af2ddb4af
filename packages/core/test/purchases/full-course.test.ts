/**
 * A purchase from plan to closure (政府购买服务, docs/domain.md §6.3): planned for an approved
 * project, its tender published, two organizations bid and are assessed, one is awarded, the
 * contract is signed with its tranches, delivered, evaluated and closed. Every stage keeps its
 * day, every bid its eligibility with the policies it used, every write its audit entry; the
 * undertaker's record shows the contract and its final evaluation.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidEligibilityRecord } from '../../src/purchases/index.js';
import { auditLog, projectEvaluations } from '../../src/schema/index.js';
import {
  bid,
  contractInput,
  createPurchaseDistrict,
  DAYS,
  DISTRICT,
  type PurchaseDistrict,
  SUBDISTRICT,
  staff,
} from './fixture.js';

let district: PurchaseDistrict;

beforeAll(async () => {
  district = await createPurchaseDistrict();
});

afterAll(async () => {
  await district?.database.close();
});

describe('a purchase from plan to closure', () => {
  it('runs every stage in order, each with its day, and records who undertakes it', async () => {
    const { purchases, project } = district;
    await district.setPolicy('purchase.required_capacity', { casework: 2, group_work: 0, community_work: 1 });
    await district.setPolicy('purchase.undertaker_grade', { minimumGrade: '3A', mode: 'priority' });
    const undertaker = await district.organization({ name: '虎丘区乐龄社会工作服务中心' });
    const workers = await district.certifiedWorkers(undertaker.id, 3);
    await district.grade(undertaker.id, 4, '2023-06-01');
    const rival = await district.organization({ name: '狮山邻里互助服务社' });
    await district.certifiedWorkers(rival.id, 2);

    const planned = await purchases.planPurchase({
      projectId: project.id,
      purchaserUnitCode: SUBDISTRICT,
      method: 'open_tender',
      plannedOn: DAYS.planned,
    });
    expect(planned).toMatchObject({
      stage: 'plan',
      plannedOn: DAYS.planned,
      version: 1,
      purchaserUnitCode: SUBDISTRICT,
    });

    const tendered = await purchases.publishTender({
      purchaseId: planned.id,
      publishedOn: DAYS.tender,
      expectedVersion: planned.version,
    });
    expect(tendered).toMatchObject({ stage: 'tender', tenderPublishedOn: DAYS.tender, version: 2 });

    const winning = await bid(district, planned.id, undertaker.id, { declaredStaff: workers.slice(0, 2) });
    const losing = await bid(district, planned.id, rival.id, { priceFen: 27_500_000 });
    expect(winning).toMatchObject({ status: 'submitted', priceFen: 28_800_000 });
    expect(winning.eligibility).toEqual({ declaredStaff: workers.slice(0, 2) });

    const closed = await purchases.closeBids({ purchaseId: planned.id, closedOn: DAYS.bidsClosed });
    expect(closed.purchase).toMatchObject({ stage: 'bids', bidsClosedOn: DAYS.bidsClosed });
    expect(closed.bids.map((b) => [b.id, b.status])).toEqual([
      [winning.id, 'qualified'],
      [losing.id, 'qualified'],
    ]);
    const assessment = (closed.bids[0]!.eligibility as BidEligibilityRecord).assessment!;
    expect(assessment).toMatchObject({
      eligible: true,
      reasons: [],
      on: DAYS.bidsClosed,
      bidDeadline: DAYS.bidsClosed,
      grade: { grade: '4A', awardedOn: '2023-06-01' },
      gradePriority: true,
      certifiedStaff: workers.slice(0, 2),
      capacity: [
        { method: 'casework', required: 2, found: 2 },
        { method: 'community_work', required: 1, found: 1 + 1 },
      ],
      policies: {
        grade: {
          value: { minimumGrade: '3A', mode: 'priority' },
          source: '虎民〔2020〕purchase.undertaker_grade',
        },
        majorViolation: { value: { lookbackYears: 3, penaltyKinds: [] } },
        capacity: { source: '虎民〔2020〕purchase.required_capacity' },
      },
    });
    expect(assessment.policies.majorViolation!.source).toContain('政府采购法 第二十二条');
    const rivalAssessment = (closed.bids[1]!.eligibility as BidEligibilityRecord).assessment!;
    expect(rivalAssessment).toMatchObject({ eligible: true, grade: null, gradePriority: false });

    const awarded = await purchases.awardBid({
      bidId: winning.id,
      awardedOn: DAYS.awarded,
      score: 91.5,
      expectedVersion: closed.purchase.version,
    });
    expect(awarded.purchase).toMatchObject({ stage: 'award', awardedOn: DAYS.awarded });
    expect(awarded.bid).toMatchObject({ status: 'awarded', score: 91.5 });
    expect((awarded.bid.eligibility as BidEligibilityRecord).award).toMatchObject({
      eligible: true,
      on: DAYS.awarded,
    });
    expect((await purchases.bidsOf(planned.id)).map((b) => b.status)).toEqual(['awarded', 'not_awarded']);

    const signed = await purchases.signContract(contractInput(planned.id));
    expect(signed.purchase).toMatchObject({ stage: 'contract', contractedOn: DAYS.signed });
    expect(signed.contract).toMatchObject({
      bidId: winning.id,
      organizationId: undertaker.id,
      amountFen: 28_800_000,
      continuing: false,
      endsOn: DAYS.ends,
    });
    expect(signed.tranches.map((t) => [t.trancheNumber, t.milestone, t.amountFen])).toEqual([
      [1, 'signing', 8_640_000],
      [2, 'milestone', 5_760_000],
      [3, 'midterm_evaluation', 8_640_000],
      [4, 'final_evaluation', 5_760_000],
    ]);

    const implementing = await purchases.startImplementation({
      purchaseId: planned.id,
      startedOn: DAYS.implementation,
    });
    expect(implementing).toMatchObject({
      stage: 'implementation',
      implementationStartedOn: DAYS.implementation,
    });
    const evaluating = await purchases.startEvaluation({
      purchaseId: planned.id,
      startedOn: DAYS.evaluation,
    });
    expect(evaluating).toMatchObject({ stage: 'evaluation', evaluationStartedOn: DAYS.evaluation });
    const done = await purchases.closePurchase({
      purchaseId: planned.id,
      expectedVersion: evaluating.version,
    });
    expect(done).toMatchObject({
      stage: 'closure',
      plannedOn: DAYS.planned,
      tenderPublishedOn: DAYS.tender,
      bidsClosedOn: DAYS.bidsClosed,
      awardedOn: DAYS.awarded,
      contractedOn: DAYS.signed,
      implementationStartedOn: DAYS.implementation,
      evaluationStartedOn: DAYS.evaluation,
      closedOn: DAYS.closed,
      cancelledOn: null,
      version: 8,
    });

    // The reads agree with what was written.
    expect(await purchases.getPurchase(planned.id)).toEqual(done);
    expect((await purchases.listPurchases({ projectId: project.id })).map((p) => p.id)).toEqual([planned.id]);
    expect(await purchases.listPurchases({ stage: 'cancelled' })).toEqual([]);
    const contract = await purchases.contractOf(planned.id);
    expect(contract?.contract.id).toBe(signed.contract.id);
    expect(contract?.tranches.map((t) => t.trancheNumber)).toEqual([1, 2, 3, 4]);

    // Results feed the next tender: the undertaker's record shows the contract and its final grade.
    const evaluator = await district.organization({ name: '苏州市公益评估中心' });
    await district.database.db.insert(projectEvaluations).values({
      districtCode: DISTRICT,
      contractId: signed.contract.id,
      undertakerOrganizationId: undertaker.id,
      kind: 'final',
      evaluatorName: '苏州市公益评估中心',
      evaluatorOrganizationId: evaluator.id,
      evaluatedOn: '2025-09-20',
      score: 88,
      grade: 'good',
      reportReference: 'PG-2025-final',
      summary: '项目完成预期目标。',
    });
    expect(await purchases.contractsOfOrganization(undertaker.id)).toEqual([
      {
        contract: signed.contract,
        purchase: {
          id: planned.id,
          projectId: project.id,
          method: 'open_tender',
          stage: 'closure',
          purchaserUnitCode: SUBDISTRICT,
        },
        project: { id: project.id, name: project.name, unitCode: project.unitCode, serviceDomain: 'elderly' },
        finalEvaluation: { grade: 'good', score: 88, evaluatedOn: '2025-09-20' },
      },
    ]);
    expect(await purchases.contractsOfOrganization(rival.id)).toEqual([]);
  });

  it('left one audit entry per write, each with the actor and the states before and after', async () => {
    const entries = await district.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.districtCode, DISTRICT), eq(auditLog.actorId, staff.bureau.id)))
      .orderBy(asc(auditLog.id));
    expect(entries.map((entry) => entry.action)).toEqual([
      'purchase.plan',
      'purchase.publish_tender',
      'purchase_bid.submit',
      'purchase_bid.submit',
      'purchase_bid.assess',
      'purchase_bid.assess',
      'purchase.close_bids',
      'purchase_bid.award',
      'purchase.award',
      'service_contract.sign',
      'purchase.sign_contract',
      'purchase.start_implementation',
      'purchase.start_evaluation',
      'purchase.close',
    ]);
    const closing = entries.at(-1)!;
    expect(closing.before).toMatchObject({ stage: 'evaluation' });
    expect(closing.after).toMatchObject({ stage: 'closure', closedOn: DAYS.closed });
    expect(entries.find((entry) => entry.action === 'purchase_bid.award')!.after).toMatchObject({
      status: 'awarded',
      notAwardedBidIds: [expect.any(Number)],
    });
  });
});
