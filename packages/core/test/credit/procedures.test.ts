/**
 * Objections (异议) and credit repair (信用修复), 社会组织信用信息管理办法: an upheld objection
 * ends a wrong listing or withdraws a wrong record; accepted credit repair ends a listing.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationCreditRecords, organizationListEntries } from '../../src/schema/index.js';
import { auditOf, type CreditFixture, createCreditFixture, expectRefused, TODAY } from './helpers.js';

let f: CreditFixture;

beforeAll(async () => {
  f = await createCreditFixture();
});
afterAll(() => f?.database.close());

async function entryById(id: number) {
  const [row] = await f.database.db
    .select()
    .from(organizationListEntries)
    .where(eq(organizationListEntries.id, id));
  return row!;
}

async function recordById(id: number) {
  const [row] = await f.database.db
    .select()
    .from(organizationCreditRecords)
    .where(eq(organizationCreditRecords.id, id));
  return row!;
}

describe('objections', () => {
  it('filed against a listing, pending until decided; upheld, the listing ends as objection_upheld', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'unreachable',
      listedOn: '2025-03-01',
    });
    const objection = await f.credit.fileObjection({
      organizationId: organization.id,
      listEntryId: entry.id,
      grounds: '住所未变更,两次邮寄期间办公室正常办公',
      filedOn: '2025-03-10',
    });
    expect(objection).toMatchObject({
      kind: 'objection',
      listEntryId: entry.id,
      creditRecordId: null,
      status: 'pending',
      filedOn: '2025-03-10',
      decidedOn: null,
      version: 1,
    });
    const decided = await f.credit.decideObjection({
      procedureId: objection.id,
      accepted: true,
      decidedOn: '2025-03-20',
      note: '经核实,住所可联系,异议成立',
      expectedVersion: 1,
    });
    expect(decided).toMatchObject({
      status: 'accepted',
      decidedOn: '2025-03-20',
      decisionNote: '经核实,住所可联系,异议成立',
      version: 2,
    });
    expect(await entryById(entry.id)).toMatchObject({
      removedOn: '2025-03-20',
      removalReason: 'objection_upheld',
    });
    expect(
      (await auditOf(f.database, 'organization_credit_procedure', objection.id)).map((a) => a.action),
    ).toEqual(['objection.file', 'objection.decide']);
    expect((await auditOf(f.database, 'organization_list_entry', entry.id)).map((a) => a.action)).toEqual([
      'organization.list',
      'organization.delist',
    ]);
  });

  it('rejected, the listing stays', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      listedOn: '2025-04-01',
    });
    const objection = await f.credit.fileObjection({
      organizationId: organization.id,
      listEntryId: entry.id,
      grounds: '年报已按时报送',
    });
    expect(objection.filedOn).toBe(TODAY);
    const decided = await f.credit.decideObjection({
      procedureId: objection.id,
      accepted: false,
      decidedOn: TODAY,
      note: '系统记录无报送,异议不成立',
    });
    expect(decided.status).toBe('rejected');
    expect(await entryById(entry.id)).toMatchObject({ removedOn: null, version: 1 });
  });

  it('upheld against a penalty, the record is withdrawn and no longer keeps the organization from a grade', async () => {
    const organization = await f.organization({ registeredOn: '2016-01-01' });
    const penalty = await f.credit.recordCreditInformation({
      organizationId: organization.id,
      category: 'penalty',
      kind: 'penalty_warning',
      occurredOn: '2025-01-15',
      summary: '警告',
      source: '虎民罚〔2025〕1号',
    });
    await expectRefused(
      f.database,
      () => f.credit.gradeOrganization({ organizationId: organization.id, score: 700 }),
      {
        code: 'NOT_ELIGIBLE',
        path: ['input', 'organizationId'],
        details: { reasons: ['penalised'] },
      },
    );
    const objection = await f.credit.fileObjection({
      organizationId: organization.id,
      creditRecordId: penalty.id,
      grounds: '处罚决定已被行政复议撤销',
      filedOn: '2025-02-01',
    });
    await f.credit.decideObjection({
      procedureId: objection.id,
      accepted: true,
      decidedOn: '2025-02-20',
      note: '复议决定书核实无误',
    });
    expect(await recordById(penalty.id)).toMatchObject({ withdrawnOn: '2025-02-20' });
    expect(
      (await auditOf(f.database, 'organization_credit_record', penalty.id)).map((a) => a.action),
    ).toEqual(['credit_record.add', 'credit_record.withdraw']);
    const grade = await f.credit.gradeOrganization({ organizationId: organization.id, score: 700 });
    expect(grade.grade).toBe(3);
  });

  it('upheld after the listing moved to the dishonesty list, the entry it moved to ends too', async () => {
    const organization = await f.organization();
    const abnormal = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'unreachable',
      listedOn: '2023-05-20',
    });
    const objection = await f.credit.fileObjection({
      organizationId: organization.id,
      listEntryId: abnormal.id,
      grounds: '从未收到专用信函',
      filedOn: '2025-05-01',
    });
    const { moved } = await f.credit.escalateOverdueListings();
    expect(moved.map((m) => m.escalatedFromId)).toContain(abnormal.id);
    const successor = moved.find((m) => m.escalatedFromId === abnormal.id)!;
    await f.credit.decideObjection({
      procedureId: objection.id,
      accepted: true,
      decidedOn: TODAY,
      note: '异议成立',
    });
    expect(await entryById(abnormal.id)).toMatchObject({ removalReason: 'moved_to_dishonesty' });
    expect(await entryById(successor.id)).toMatchObject({
      removedOn: TODAY,
      removalReason: 'objection_upheld',
    });
  });
});

describe('credit repair', () => {
  it('accepted, the listing ends as credit_repair on the decision day', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'activities_suspended',
      listedOn: '2024-01-10',
    });
    const application = await f.credit.applyForCreditRepair({
      organizationId: organization.id,
      listEntryId: entry.id,
      grounds: '已完成整改并公开信用承诺',
      filedOn: '2025-05-02',
    });
    expect(application).toMatchObject({ kind: 'credit_repair', status: 'pending', listEntryId: entry.id });
    await f.credit.decideCreditRepair({
      procedureId: application.id,
      accepted: true,
      decidedOn: '2025-05-20',
      note: '整改到位,准予修复',
      expectedVersion: 1,
    });
    expect(await entryById(entry.id)).toMatchObject({
      removedOn: '2025-05-20',
      removalReason: 'credit_repair',
    });
    expect(
      (await auditOf(f.database, 'organization_credit_procedure', application.id)).map((a) => a.action),
    ).toEqual(['credit_repair.apply', 'credit_repair.decide']);
  });

  it('an objection and a credit repair are separate procedures: deciding one with the other’s call is NOT_FOUND', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'rectification_overdue',
      listedOn: '2025-01-01',
    });
    const application = await f.credit.applyForCreditRepair({
      organizationId: organization.id,
      listEntryId: entry.id,
      grounds: '已补充公开',
    });
    await expectRefused(
      f.database,
      () =>
        f.credit.decideObjection({
          procedureId: application.id,
          accepted: true,
          decidedOn: TODAY,
          note: 'x',
        }),
      { code: 'NOT_FOUND', path: ['input', 'procedureId'] },
    );
  });

  it('when the listing ended meanwhile, the application can only be rejected', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'rectification_overdue',
      listedOn: '2025-01-01',
    });
    const application = await f.credit.applyForCreditRepair({
      organizationId: organization.id,
      listEntryId: entry.id,
      grounds: '已补充公开',
      filedOn: '2025-02-01',
    });
    await f.credit.removeFromList({
      entryId: entry.id,
      removedOn: '2025-03-01',
      removalReason: 'rectified',
    });
    await expectRefused(
      f.database,
      () =>
        f.credit.decideCreditRepair({
          procedureId: application.id,
          accepted: true,
          decidedOn: TODAY,
          note: '准予',
        }),
      { code: 'NOT_LISTED', path: ['input', 'accepted'] },
    );
    const rejected = await f.credit.decideCreditRepair({
      procedureId: application.id,
      accepted: false,
      decidedOn: TODAY,
      note: '已整改移出,无需修复',
    });
    expect(rejected.status).toBe('rejected');
  });
});
