/**
 * Credit information and the two lists (社会组织信用信息管理办法, 民政部令第60号): recording
 * information, listing, and removing by rectification or by serving the term.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationStatusChanges } from '../../src/schema/index.js';
import {
  auditOf,
  type CreditFixture,
  createCreditFixture,
  DISTRICT,
  expectRefused,
  TODAY,
} from './helpers.js';

let f: CreditFixture;

beforeAll(async () => {
  f = await createCreditFixture();
});
afterAll(() => f?.database.close());

describe('recordCreditInformation (第六、七条: basic, annual-report, inspection, penalty, other)', () => {
  it('stores an annual-report record and audits it, without touching the status history', async () => {
    const organization = await f.organization();
    const record = await f.credit.recordCreditInformation({
      organizationId: organization.id,
      category: 'annual_report',
      kind: 'annual_report_passed',
      occurredOn: '2024-05-20',
      summary: '2023年度工作报告合格',
      source: '虎民社〔2024〕5号',
    });
    expect(record).toMatchObject({
      districtCode: DISTRICT,
      organizationId: organization.id,
      category: 'annual_report',
      kind: 'annual_report_passed',
      occurredOn: '2024-05-20',
      withdrawnOn: null,
    });
    const audit = await auditOf(f.database, 'organization_credit_record', record.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'credit_record.add',
      actorId: 'staff-7',
      actorRole: 'DISTRICT_ADMIN',
    });
    const changes = await f.database.db
      .select()
      .from(organizationStatusChanges)
      .where(eq(organizationStatusChanges.organizationId, organization.id));
    expect(changes.map((c) => c.kind)).toEqual(['registered']);
  });

  it('a penalty also enters the status history as penalized, on the day it occurred', async () => {
    const organization = await f.organization();
    const record = await f.credit.recordCreditInformation({
      organizationId: organization.id,
      category: 'penalty',
      kind: 'penalty_warning',
      occurredOn: '2025-02-03',
      summary: '未按规定开展活动,给予警告',
      source: '虎民罚〔2025〕2号',
    });
    const [penalized] = await f.database.db
      .select()
      .from(organizationStatusChanges)
      .where(
        and(
          eq(organizationStatusChanges.organizationId, organization.id),
          eq(organizationStatusChanges.kind, 'penalized'),
        ),
      );
    expect(penalized).toMatchObject({ occurredOn: '2025-02-03', summary: record.summary });
    const audit = await auditOf(f.database, 'social_organization', organization.id);
    expect(audit.map((a) => a.action)).toEqual(['organization.penalize']);
  });

  it('trims the texts and accepts information up to the deregistration day', async () => {
    const organization = await f.organization({ deregisteredOn: '2024-12-31' });
    const record = await f.credit.recordCreditInformation({
      organizationId: organization.id,
      category: 'other',
      kind: 'award',
      occurredOn: '2024-12-31',
      summary: '  年度优秀社会组织  ',
      source: ' 虎民〔2024〕99号 ',
    });
    expect(record).toMatchObject({ summary: '年度优秀社会组织', source: '虎民〔2024〕99号' });
  });
});

describe('listOrganization and removeFromList', () => {
  it('lists an organization today by default, and audits it', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
    });
    expect(entry).toMatchObject({
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      reasonDetail: null,
      listedOn: TODAY,
      removedOn: null,
      removalReason: null,
      escalatedFromId: null,
      version: 1,
    });
    const audit = await auditOf(f.database, 'organization_list_entry', entry.id);
    expect(audit.map((a) => a.action)).toEqual(['organization.list']);
  });

  it('an organization can be on both lists at once, each at most once', async () => {
    const organization = await f.organization();
    await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'unreachable',
      listedOn: '2024-01-05',
    });
    const dishonesty = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'other',
      reasonDetail: '被司法机关纳入失信被执行人名单',
      listedOn: '2024-02-01',
    });
    expect(dishonesty.reasonDetail).toBe('被司法机关纳入失信被执行人名单');
    await expectRefused(
      f.database,
      () =>
        f.credit.listOrganization({
          organizationId: organization.id,
          list: 'serious_dishonesty',
          reason: 'serious_violation',
          listedOn: '2024-03-01',
        }),
      { code: 'ALREADY_LISTED', path: ['input', 'list'], details: { entryId: dishonesty.id } },
    );
  });

  it('rectification ends an abnormal-activity listing; a new listing starts on or after that day', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'disclosure_missing',
      listedOn: '2024-09-01',
    });
    const removed = await f.credit.removeFromList({
      entryId: entry.id,
      removedOn: '2024-11-15',
      removalReason: 'rectified',
      expectedVersion: 1,
    });
    expect(removed).toMatchObject({ removedOn: '2024-11-15', removalReason: 'rectified', version: 2 });
    const audit = await auditOf(f.database, 'organization_list_entry', entry.id);
    expect(audit.map((a) => a.action)).toEqual(['organization.list', 'organization.delist']);
    expect(audit[1]!.before).toMatchObject({ removedOn: null, version: 1 });
    expect(audit[1]!.after).toMatchObject({ removedOn: '2024-11-15', version: 2 });

    await expectRefused(
      f.database,
      () =>
        f.credit.listOrganization({
          organizationId: organization.id,
          list: 'abnormal_activity',
          reason: 'annual_report_missing',
          listedOn: '2024-11-14',
        }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'listedOn'] },
    );
    const again = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      listedOn: '2024-11-15',
    });
    expect(again.id).not.toBe(entry.id);
  });

  it('社会组织信用信息管理办法 第二十三条: the dishonesty list is left as served after exactly 5 years', async () => {
    const organization = await f.organization({ registeredOn: '2012-01-01' });
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'serious_violation',
      listedOn: '2020-05-20',
    });
    const early = await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({ entryId: entry.id, removedOn: '2025-05-19', removalReason: 'term_served' }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removedOn'], details: { earliestOn: '2025-05-20' } },
    );
    expect(early.message).toContain('第二十三条');
    const removed = await f.credit.removeFromList({
      entryId: entry.id,
      removedOn: '2025-05-20',
      removalReason: 'term_served',
    });
    expect(removed).toMatchObject({ removedOn: '2025-05-20', removalReason: 'term_served' });
  });
});
