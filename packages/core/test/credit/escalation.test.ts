/**
 * 社会组织信用信息管理办法 第十四条第一项: an organization on the abnormal-activity list for 2 years
 * (policy 'organization.abnormal_list_years_before_dishonesty') moves to the serious
 * dishonesty list. escalateOverdueListings applies it on its anniversary, once.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreditService } from '../../src/organizations/credit-service.js';
import { createPolicyService } from '../../src/policies/index.js';
import {
  type OrganizationListEntry,
  organizationListEntries,
  type SocialOrganization,
} from '../../src/schema/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import { auditOf, type CreditFixture, createCreditFixture, DISTRICT, TODAY } from './helpers.js';

let f: CreditFixture;
let dueToday: SocialOrganization;
let dueTomorrow: SocialOrganization;
let dueTodayEntry: OrganizationListEntry;
let dueTomorrowEntry: OrganizationListEntry;

/** The fixture's credit service, on another day. */
function serviceOn(fixture: CreditFixture, today: string) {
  return createCreditService(fixture.database, { today: () => today });
}

async function entryById(id: number) {
  const [row] = await f.database.db
    .select()
    .from(organizationListEntries)
    .where(eq(organizationListEntries.id, id));
  return row!;
}

beforeAll(async () => {
  f = await createCreditFixture();
  dueToday = await f.organization();
  dueTomorrow = await f.organization();
  // TODAY is 2025-06-01: the first listing's second anniversary is today, the other's tomorrow.
  dueTodayEntry = await f.credit.listOrganization({
    organizationId: dueToday.id,
    list: 'abnormal_activity',
    reason: 'annual_report_missing',
    listedOn: '2023-06-01',
  });
  dueTomorrowEntry = await f.credit.listOrganization({
    organizationId: dueTomorrow.id,
    list: 'abnormal_activity',
    reason: 'unreachable',
    listedOn: '2023-06-02',
  });
});
afterAll(() => f?.database.close());

describe('escalateOverdueListings', () => {
  it('the day before the anniversary, nothing moves and nothing changes', async () => {
    const before = await snapshotDatabase(f.database);
    const result = await f.credit.escalateOverdueListings('2025-05-31');
    expect(result).toEqual({ moved: [], alreadyOnDishonestyList: [], restarted: [] });
    expect(await snapshotDatabase(f.database)).toEqual(before);
  });

  it('on the anniversary (today by default) the listing moves, dated the anniversary', async () => {
    const { moved, alreadyOnDishonestyList } = await f.credit.escalateOverdueListings();
    expect(alreadyOnDishonestyList).toEqual([]);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      districtCode: DISTRICT,
      organizationId: dueToday.id,
      list: 'serious_dishonesty',
      reason: 'abnormal_two_years',
      listedOn: TODAY,
      removedOn: null,
      escalatedFromId: dueTodayEntry.id,
    });
    expect(await entryById(dueTodayEntry.id)).toMatchObject({
      removedOn: TODAY,
      removalReason: 'moved_to_dishonesty',
      version: 2,
    });
    expect(await entryById(dueTomorrowEntry.id)).toMatchObject({ removedOn: null, version: 1 });

    const closing = await auditOf(f.database, 'organization_list_entry', dueTodayEntry.id);
    expect(closing.map((a) => a.action)).toEqual(['organization.list', 'organization.delist']);
    expect(closing[1]!.reason).toContain('第十四条第一项');
    const opening = await auditOf(f.database, 'organization_list_entry', moved[0]!.id);
    expect(opening.map((a) => a.action)).toEqual(['organization.escalate']);
    expect(opening[0]!.before).toMatchObject({ id: dueTodayEntry.id, list: 'abnormal_activity' });
  });

  it('is idempotent: running it again the same day moves nothing and changes nothing', async () => {
    const before = await snapshotDatabase(f.database);
    expect(await f.credit.escalateOverdueListings(TODAY)).toEqual({
      moved: [],
      alreadyOnDishonestyList: [],
      restarted: [],
    });
    expect(await snapshotDatabase(f.database)).toEqual(before);
  });

  it('a run on a later day dates each move on its own anniversary, not on the run day', async () => {
    const later = serviceOn(f, '2025-06-10');
    const { moved } = await later.escalateOverdueListings();
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ organizationId: dueTomorrow.id, listedOn: '2025-06-02' });
    expect(await entryById(dueTomorrowEntry.id)).toMatchObject({ removedOn: '2025-06-02' });
  });

  it('社会组织信用信息管理办法 第十六条: an organization already on the dishonesty list meets a new circumstance: its entry restarts from the anniversary', async () => {
    const organization = await f.organization();
    const abnormal = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      listedOn: '2023-05-01',
    });
    const dishonesty = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'activities_suspended',
      listedOn: '2024-01-01',
    });
    const result = await f.credit.escalateOverdueListings();
    expect(result.alreadyOnDishonestyList).toMatchObject([
      { id: abnormal.id, removedOn: '2025-05-01', removalReason: 'moved_to_dishonesty' },
    ]);
    expect(result.restarted).toMatchObject([
      { id: dishonesty.id, removedOn: '2025-05-01', removalReason: 'new_circumstance', version: 2 },
    ]);
    expect(result.moved).toMatchObject([
      {
        organizationId: organization.id,
        listedOn: '2025-05-01',
        escalatedFromId: abnormal.id,
        removedOn: null,
      },
    ]);
  });

  it('社会组织信用信息管理办法 第十二条: a new circumstance on the abnormal list restarts the 2 years before escalation', async () => {
    const organization = await f.organization();
    const first = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      listedOn: '2023-04-01',
    });
    const second = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'rectification_overdue',
      listedOn: '2024-02-01',
    });
    const result = await f.credit.escalateOverdueListings();
    expect(result.moved.filter((m) => m.organizationId === organization.id)).toEqual([]);
    expect(await entryById(first.id)).toMatchObject({
      removedOn: '2024-02-01',
      removalReason: 'new_circumstance',
    });
    expect(await entryById(second.id)).toMatchObject({ removedOn: null });
    const { moved } = await serviceOn(f, '2026-02-01').escalateOverdueListings();
    expect(moved).toMatchObject([
      { organizationId: organization.id, escalatedFromId: second.id, listedOn: '2026-02-01' },
    ]);
  });
});

describe('the number of years is policy', () => {
  it('a district that sets 3 years moves a listing only on its third anniversary', async () => {
    const g = await createCreditFixture({ cutoffs: false });
    try {
      await createPolicyService(g.database, { today: () => '2024-12-01' }).setPolicy({
        key: 'organization.abnormal_list_years_before_dishonesty',
        jurisdictionCode: DISTRICT,
        effectiveFrom: '2025-01-01',
        value: 3,
        source: '虎民〔2024〕30号',
      });
      const organization = await g.organization({ registeredOn: '2015-01-01' });
      const twoYears = await g.credit.listOrganization({
        organizationId: organization.id,
        list: 'abnormal_activity',
        reason: 'annual_report_missing',
        listedOn: '2023-06-01',
      });
      expect(await g.credit.escalateOverdueListings()).toEqual({
        moved: [],
        alreadyOnDishonestyList: [],
        restarted: [],
      });
      const { moved } = await serviceOn(g, '2026-06-01').escalateOverdueListings();
      expect(moved).toMatchObject([{ escalatedFromId: twoYears.id, listedOn: '2026-06-01' }]);
      const audit = await auditOf(g.database, 'organization_list_entry', moved[0]!.id);
      expect(audit[0]!.reason).toContain('虎民〔2024〕30号');
    } finally {
      await g.database.close();
    }
  });
});
