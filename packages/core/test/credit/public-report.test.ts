/**
 * The public credit report (社会组织信用信息管理办法: credit information and the lists are
 * published; docs/domain.md §3/§9: public views come from a whitelist of non-personal fields).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors/index.js';
import {
  creditReportGradeFields,
  creditReportListEntryFields,
  creditReportOrganizationFields,
  creditReportRecordFields,
} from '../../src/organizations/credit-report.js';
import { PUBLIC_REPORT_NAME_LIMIT } from '../../src/organizations/credit-service.js';
import type { SocialOrganization } from '../../src/schema/index.js';
import { type CreditFixture, createCreditFixture, expectRefused, makeUscc } from './helpers.js';

let f: CreditFixture;
let organization: SocialOrganization;

// Texts that exist in the records but must never appear in a public report.
const secretGrounds = '理事长个人与登记机关工作人员存在纠纷';
const secretReasonDetail = '内部核查线索编号 HQ-2025-17';
const secretDecisionNote = '内部讨论记录:需复核';
const withdrawnSummary = '已撤销的警告处罚';

beforeAll(async () => {
  f = await createCreditFixture();
  organization = await f.organization({ name: '虎丘区阳光助老服务中心', registeredOn: '2016-04-01' });
  await f.credit.gradeOrganization({ organizationId: organization.id, score: 760, awardedOn: '2024-01-15' });
  await f.credit.recordCreditInformation({
    organizationId: organization.id,
    category: 'annual_report',
    kind: 'annual_report_passed',
    occurredOn: '2024-05-10',
    summary: '2023年度报告合格',
    source: '虎民社〔2024〕5号',
  });
  const withdrawn = await f.credit.recordCreditInformation({
    organizationId: organization.id,
    category: 'penalty',
    kind: 'penalty_warning',
    occurredOn: '2024-06-01',
    summary: withdrawnSummary,
    source: '虎民罚〔2024〕3号',
  });
  const objection = await f.credit.fileObjection({
    organizationId: organization.id,
    creditRecordId: withdrawn.id,
    grounds: secretGrounds,
    filedOn: '2024-06-10',
  });
  await f.credit.decideObjection({
    procedureId: objection.id,
    accepted: true,
    decidedOn: '2024-07-01',
    note: secretDecisionNote,
  });
  await f.credit.recordCreditInformation({
    organizationId: organization.id,
    category: 'inspection',
    kind: 'inspection_passed',
    occurredOn: '2025-03-03',
    summary: '抽查未发现问题',
    source: '虎民检〔2025〕7号',
  });
  const closed = await f.credit.listOrganization({
    organizationId: organization.id,
    list: 'abnormal_activity',
    reason: 'annual_report_missing',
    listedOn: '2025-01-05',
  });
  await f.credit.removeFromList({ entryId: closed.id, removedOn: '2025-02-01', removalReason: 'rectified' });
  const open = await f.credit.listOrganization({
    organizationId: organization.id,
    list: 'abnormal_activity',
    reason: 'rectification_overdue',
    reasonDetail: secretReasonDetail,
    listedOn: '2025-04-01',
  });
  // A pending objection on the open listing: its grounds stay internal too.
  await f.credit.fileObjection({
    organizationId: organization.id,
    listEntryId: open.id,
    grounds: secretGrounds,
  });
});
afterAll(() => f?.database.close());

describe('publicCreditReport', () => {
  it('by exact USCC: the whitelisted organization fields, the current grade, open listings, records not withdrawn', async () => {
    const reports = await f.credit.publicCreditReport({ uscc: organization.uscc! });
    expect(reports).toEqual([
      {
        organization: {
          name: '虎丘区阳光助老服务中心',
          uscc: organization.uscc,
          legalStatus: 'registered',
          legalForm: 'social_service_agency',
          category: 'services',
          status: 'active',
          registeredOn: '2016-04-01',
          deregisteredOn: null,
        },
        currentGrade: { grade: 4, gradeName: '4A', awardedOn: '2024-01-15', validUntil: '2029-01-14' },
        listEntries: [{ list: 'abnormal_activity', reason: 'rectification_overdue', listedOn: '2025-04-01' }],
        creditRecords: [
          {
            category: 'inspection',
            kind: 'inspection_passed',
            occurredOn: '2025-03-03',
            summary: '抽查未发现问题',
            source: '虎民检〔2025〕7号',
          },
          {
            category: 'annual_report',
            kind: 'annual_report_passed',
            occurredOn: '2024-05-10',
            summary: '2023年度报告合格',
            source: '虎民社〔2024〕5号',
          },
        ],
      },
    ]);
  });

  it('docs/domain.md §9: no objection grounds, decision notes, listing details, scores or ids anywhere in it', async () => {
    const [report] = await f.credit.publicCreditReport({ uscc: organization.uscc! });
    const json = JSON.stringify(report);
    for (const secret of [secretGrounds, secretReasonDetail, secretDecisionNote, withdrawnSummary]) {
      expect(json).not.toContain(secret);
    }
    for (const key of [
      'id',
      'score',
      'cutoffsSource',
      'grounds',
      'reasonDetail',
      'decisionNote',
      'version',
    ]) {
      expect(json).not.toContain(`"${key}"`);
    }
    expect(Object.keys(report!).sort()).toEqual([
      'creditRecords',
      'currentGrade',
      'listEntries',
      'organization',
    ]);
    expect(Object.keys(report!.organization).sort()).toEqual([...creditReportOrganizationFields].sort());
    expect(Object.keys(report!.currentGrade!).sort()).toEqual([...creditReportGradeFields].sort());
    for (const entry of report!.listEntries) {
      expect(Object.keys(entry).sort()).toEqual([...creditReportListEntryFields].sort());
    }
    for (const record of report!.creditRecords) {
      expect(Object.keys(record).sort()).toEqual([...creditReportRecordFields].sort());
    }
  });

  it('accepts a lower-case USCC; an unknown one finds nothing', async () => {
    expect(await f.credit.publicCreditReport({ uscc: organization.uscc!.toLowerCase() })).toHaveLength(1);
    expect(await f.credit.publicCreditReport({ uscc: makeUscc(99_999_999, 'foundation') })).toEqual([]);
  });

  it('docs/domain.md §3: a legacy code with a wrong check character on record is found by that code', async () => {
    const valid = makeUscc(7_654_321, 'social_association');
    const wrongCheck = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    await f.organization({ name: '老年书画协会', uscc: wrongCheck });
    const [report] = await f.credit.publicCreditReport({ uscc: wrongCheck });
    expect(report?.organization).toMatchObject({ name: '老年书画协会', uscc: wrongCheck });
    expect(report?.currentGrade).toBeNull();
  });

  it('by part of the name, in name order, at most 20; LIKE wildcards are matched literally', async () => {
    for (let i = 0; i < PUBLIC_REPORT_NAME_LIMIT + 1; i++) {
      await f.organization({ name: `枫桥睦邻互助会${String(i).padStart(2, '0')}` });
    }
    await f.organization({ name: '百分百100%志愿服务队' });
    const byName = await f.credit.publicCreditReport({ name: '睦邻互助' });
    expect(byName).toHaveLength(PUBLIC_REPORT_NAME_LIMIT);
    expect(byName[0]!.organization.name).toBe('枫桥睦邻互助会00');
    expect(byName.at(-1)!.organization.name).toBe('枫桥睦邻互助会19');
    const percent = await f.credit.publicCreditReport({ name: '%' });
    expect(percent.map((r) => r.organization.name)).toEqual(['百分百100%志愿服务队']);
    expect(await f.credit.publicCreditReport({ name: '睦邻_助' })).toEqual([]);
  });

  it('a filed community group and a deregistered organization are reported with their status', async () => {
    await f.organization({ name: '白洋湾社区合唱团', legalStatus: 'filed' });
    await f.organization({ name: '白洋湾社区已注销服务社', deregisteredOn: '2024-10-01' });
    const reports = await f.credit.publicCreditReport({ name: '白洋湾' });
    expect(reports).toHaveLength(2);
    expect(reports.map((r) => r.organization)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: '白洋湾社区合唱团',
          legalStatus: 'filed',
          uscc: null,
          legalForm: null,
        }),
        expect.objectContaining({
          name: '白洋湾社区已注销服务社',
          status: 'deregistered',
          deregisteredOn: '2024-10-01',
        }),
      ]),
    );
  });

  it('needs exactly one of uscc and name, each well formed', async () => {
    const refused = (
      query: Parameters<typeof f.credit.publicCreditReport>[0],
      code: ErrorCode,
      path: string[],
    ) => expectRefused(f.database, () => f.credit.publicCreditReport(query), { code, path });
    await refused({}, 'VALIDATION_FAILED', ['input']);
    await refused({ uscc: organization.uscc!, name: '助老' }, 'VALIDATION_FAILED', ['input']);
    await refused({ uscc: '91320505MA1234567' }, 'INVALID_USCC', ['input', 'uscc']);
    await refused({ name: '   ' }, 'INVALID_NAME', ['input', 'name']);
  });
});
