/**
 * Credit information and the two lists (社会组织信用信息管理办法, 民政部令第60号): recording
 * information, listing (each list for its own article's reasons), a new circumstance restarting
 * the clock, and removing by rectification or by serving the term.
 */
import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  organizationListEntries,
  organizationStatusChanges,
  socialOrganizations,
} from '../../src/schema/index.js';
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

  it('an organization can be on both lists at once, one open entry per list', async () => {
    const organization = await f.organization();
    const abnormal = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'unreachable',
      listedOn: '2024-01-05',
    });
    const dishonesty = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'other',
      reasonDetail: '法律、行政法规规定的其他情形',
      listedOn: '2024-02-01',
    });
    expect(dishonesty.reasonDetail).toBe('法律、行政法规规定的其他情形');
    expect(abnormal.removedOn).toBeNull();
  });

  it('社会组织信用信息管理办法 第十六条: a new circumstance while on the dishonesty list closes the entry and restarts the clock from the new one', async () => {
    const organization = await f.organization();
    const first = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'fine_50000_or_more',
      listedOn: '2022-03-01',
    });
    const second = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'dishonest_judgment_debtor',
      listedOn: '2024-03-01',
    });
    expect(second).toMatchObject({
      reason: 'dishonest_judgment_debtor',
      listedOn: '2024-03-01',
      removedOn: null,
    });
    const [closed] = await f.database.db
      .select()
      .from(organizationListEntries)
      .where(eq(organizationListEntries.id, first.id));
    expect(closed).toMatchObject({ removedOn: '2024-03-01', removalReason: 'new_circumstance', version: 2 });
    const audit = await auditOf(f.database, 'organization_list_entry', first.id);
    expect(audit.map((a) => a.action)).toEqual(['organization.list', 'organization.delist']);
    expect(audit[1]!.reason).toContain('第十六条');
    // Two years from the first listing no longer suffice: they count from the new circumstance.
    await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({
          entryId: second.id,
          removedOn: '2025-05-01',
          removalReason: 'term_served',
        }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removedOn'], details: { earliestOn: '2026-03-01' } },
    );
  });

  it('rectification ends an abnormal-activity listing; a new listing starts on or after that day', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'rectification_overdue',
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

  it('社会组织信用信息管理办法 第十七条: the dishonesty list is left after exactly 2 years (not 5, the enterprise rule)', async () => {
    const organization = await f.organization({ registeredOn: '2012-01-01' });
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'activities_suspended',
      listedOn: '2023-05-20',
    });
    const early = await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({ entryId: entry.id, removedOn: '2025-05-19', removalReason: 'term_served' }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removedOn'], details: { earliestOn: '2025-05-20' } },
    );
    expect(early.message).toContain('第十七条');
    const removed = await f.credit.removeFromList({
      entryId: entry.id,
      removedOn: '2025-05-20',
      removalReason: 'term_served',
    });
    expect(removed).toMatchObject({ removedOn: '2025-05-20', removalReason: 'term_served' });
  });

  it('社会组织信用信息管理办法 第十七条: an abnormal-activity listing within the 2 years is a new circumstance; a revoked registration ends on deregistration', async () => {
    const organization = await f.organization({ registeredOn: '2012-01-01' });
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'repeated_warnings_or_fines',
      listedOn: '2022-01-10',
    });
    await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      listedOn: '2023-07-01',
    });
    await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({ entryId: entry.id, removedOn: '2025-05-01', removalReason: 'term_served' }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removedOn'], details: { earliestOn: '2025-07-01' } },
    );

    const revoked = await f.organization({ registeredOn: '2012-01-01' });
    const revokedEntry = await f.credit.listOrganization({
      organizationId: revoked.id,
      list: 'serious_dishonesty',
      reason: 'registration_revoked',
      listedOn: '2020-01-10',
    });
    const refusal = await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({
          entryId: revokedEntry.id,
          removedOn: '2025-05-01',
          removalReason: 'term_served',
        }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removalReason'] },
    );
    expect(refusal.message).toContain('deregistration');
    await f.database.db
      .update(socialOrganizations)
      .set({ status: 'deregistered', deregisteredOn: '2025-03-01' })
      .where(eq(socialOrganizations.id, revoked.id));
    const removed = await f.credit.removeFromList({
      entryId: revokedEntry.id,
      removedOn: '2025-03-01',
      removalReason: 'term_served',
    });
    expect(removed.removalReason).toBe('term_served');
  });
});

describe('leaving the abnormal-activity list (社会组织信用信息管理办法 第十三条)', () => {
  it('第十三条: with nothing to rectify (unreachable, a warning), the listing ends 6 months after it began, not by rectification', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'unreachable',
      listedOn: '2024-10-31',
    });
    const rectified = await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({ entryId: entry.id, removedOn: '2025-01-15', removalReason: 'rectified' }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removalReason'] },
    );
    expect(rectified.message).toContain('第十三条');
    await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({ entryId: entry.id, removedOn: '2025-04-29', removalReason: 'term_served' }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removedOn'], details: { earliestOn: '2025-04-30' } },
    );
    const removed = await f.credit.removeFromList({
      entryId: entry.id,
      removedOn: '2025-04-30',
      removalReason: 'term_served',
    });
    expect(removed).toMatchObject({ removedOn: '2025-04-30', removalReason: 'term_served' });
  });

  it('第十三条: with something to do (annual report, party organization), it leaves on doing it, whenever that is', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'party_organization_missing',
      listedOn: '2025-03-01',
    });
    await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({ entryId: entry.id, removedOn: '2025-05-01', removalReason: 'term_served' }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removalReason'] },
    );
    const removed = await f.credit.removeFromList({
      entryId: entry.id,
      removedOn: '2025-03-08',
      removalReason: 'rectified',
    });
    expect(removed.removalReason).toBe('rectified');
  });

  it('第十二条: a new circumstance while on the abnormal list restarts the 6 months', async () => {
    const organization = await f.organization();
    const first = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'warning_or_small_fine',
      listedOn: '2024-09-01',
    });
    const second = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'unreachable',
      listedOn: '2025-01-10',
    });
    expect(second.id).not.toBe(first.id);
    await expectRefused(
      f.database,
      () =>
        f.credit.removeFromList({
          entryId: second.id,
          removedOn: '2025-06-01',
          removalReason: 'term_served',
        }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removedOn'], details: { earliestOn: '2025-07-10' } },
    );
  });
});

describe('stored listings of the former reason codes (migration credit_listing_reasons_of_the_regulation)', () => {
  it('社会组织信用信息管理办法 第十条、第十四条: a reason no longer of its list becomes the catch-all, keeping what it said', async () => {
    const organization = await f.organization();
    const rows = await f.database.db
      .insert(organizationListEntries)
      .values([
        {
          districtCode: DISTRICT,
          organizationId: organization.id,
          list: 'abnormal_activity',
          reason: 'disclosure_missing',
          listedOn: '2024-01-01',
        },
        {
          districtCode: DISTRICT,
          organizationId: organization.id,
          list: 'serious_dishonesty',
          reason: 'unreachable',
          reasonDetail: '原登记住所已拆迁',
          listedOn: '2024-01-01',
        },
        {
          districtCode: DISTRICT,
          organizationId: organization.id,
          list: 'abnormal_activity',
          reason: 'unreachable',
          listedOn: '2023-01-01',
          removedOn: '2023-12-31',
          removalReason: 'rectified',
        },
      ])
      .returning();
    const migration = readFileSync(
      new URL(
        '../../migrations/20261202071659_credit_listing_reasons_of_the_regulation/migration.sql',
        import.meta.url,
      ),
      'utf8',
    );
    await f.database.db.execute(sql.raw(migration));
    const after = await f.database.db
      .select()
      .from(organizationListEntries)
      .where(eq(organizationListEntries.organizationId, organization.id));
    const byId = new Map(after.map((row) => [row.id, row]));
    expect(byId.get(rows[0]!.id)).toMatchObject({
      reason: 'other',
      reasonDetail: '未按照规定公开信息',
      version: 2,
    });
    expect(byId.get(rows[1]!.id)).toMatchObject({ reason: 'other', reasonDetail: '原登记住所已拆迁' });
    expect(byId.get(rows[2]!.id)).toMatchObject({ reason: 'unreachable', version: 1 });
  });
});
