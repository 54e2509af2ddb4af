/**
 * Deregistration (注销登记, or the end of a filing; organization-service.ts
 * deregisterOrganization): the row, the history, the audit entry with its reason, the hub
 * memberships it ends, and the dates it refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationService } from '../../src/organizations/index.js';
import {
  ACTOR,
  auditOf,
  CODES,
  createOrganizationFixture,
  expectRefused,
  makeUscc,
  type OrganizationFixture,
  TODAY,
} from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;
let serial = 300;

beforeAll(async () => {
  f = await createOrganizationFixture();
  service = f.service;
});

afterAll(async () => {
  await f?.database.close();
});

function register(extra: Partial<Parameters<OrganizationService['registerOrganization']>[0]> = {}) {
  return service.registerOrganization({
    name: '注销测试协会',
    legalForm: 'social_association',
    uscc: makeUscc(serial++),
    category: 'services',
    communityCode: CODES.urban,
    registeredOn: '2018-01-01',
    ...extra,
  });
}

const DEREGISTERED_ON = ['input', 'deregisteredOn'];

describe('deregisterOrganization', () => {
  it('marks the organization deregistered on the day, with a new version', async () => {
    const org = await register();
    const row = await service.deregisterOrganization({
      id: org.id,
      expectedVersion: 1,
      deregisteredOn: '2024-06-30',
      reason: '会员大会决议解散（虎民社注〔2024〕12号）',
    });
    expect(row).toMatchObject({
      id: org.id,
      status: 'deregistered',
      deregisteredOn: '2024-06-30',
      version: 2,
    });
    expect(await service.getOrganization(org.id)).toEqual(row);
  });

  it('records "deregistered" in the history and the reason in the audit entry', async () => {
    const org = await register();
    const reason = '登记管理机关撤销登记';
    await service.deregisterOrganization({ id: org.id, deregisteredOn: '2023-01-01', reason });
    const history = await service.statusHistory(org.id);
    expect(history.map((h) => [h.kind, h.occurredOn])).toEqual([
      ['registered', '2018-01-01'],
      ['deregistered', '2023-01-01'],
    ]);
    expect(history[1]!.summary).toContain(reason);
    const entries = await auditOf(f.database, 'social_organization', org.id);
    expect(entries[1]).toMatchObject({
      action: 'organization.deregister',
      actorId: ACTOR.id,
      reason,
      before: { status: 'active', deregisteredOn: null },
      after: { status: 'deregistered', deregisteredOn: '2023-01-01' },
    });
  });

  it('a filed group is deregistered the same way (its filing ends)', async () => {
    const group = await service.fileCommunityGroup({
      name: '解散的小组',
      category: 'other',
      guidingUnitCode: CODES.urban,
      filedOn: '2019-01-01',
    });
    const row = await service.deregisterOrganization({
      id: group.id,
      deregisteredOn: '2019-01-01',
      reason: '撤销备案',
    });
    expect(row).toMatchObject({ status: 'deregistered', deregisteredOn: '2019-01-01' });
  });

  it('ends its open hub memberships, as hub and as member, on the same day; ended ones stay as they were', async () => {
    const upper = await register({ category: 'hub', name: '上级枢纽' });
    const hub = await register({ category: 'hub', name: '将注销的枢纽' });
    const member = await register({ name: '成员' });
    const former = await register({ name: '前成员' });
    const asMember = await service.addHubMember({
      hubId: upper.id,
      memberId: hub.id,
      joinedOn: '2019-01-01',
    });
    const asHub = await service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2019-02-01' });
    const ended = await service.addHubMember({ hubId: hub.id, memberId: former.id, joinedOn: '2019-03-01' });
    const endedRow = await service.endHubMembership({ membershipId: ended.id, leftOn: '2020-01-01' });

    await service.deregisterOrganization({ id: hub.id, deregisteredOn: '2024-03-31', reason: '自行解散' });

    expect(await service.getHubMembership(asMember.id)).toMatchObject({ leftOn: '2024-03-31', version: 2 });
    expect(await service.getHubMembership(asHub.id)).toMatchObject({ leftOn: '2024-03-31', version: 2 });
    expect(await service.getHubMembership(ended.id)).toEqual(endedRow);
    expect(await service.listHubs(member.id)).toEqual([]);
    expect(await service.listMembers(upper.id)).toEqual([]);
    expect((await service.listMembers(upper.id, '2024-03-30')).map((m) => m.id)).toEqual([asMember.id]);
    const entries = await auditOf(f.database, 'organization_hub_membership', asHub.id);
    expect(entries.map((e) => e.action)).toEqual(['hub_membership.add', 'hub_membership.end']);
    expect(entries[1]!.reason).toContain(String(hub.id));
  });
});

describe('refusals', () => {
  it('INVALID_DATE_RANGE: a deregistration dated before the registration', async () => {
    const org = await register({ registeredOn: '2020-02-02' });
    await expectRefused(
      f.database,
      () => service.deregisterOrganization({ id: org.id, deregisteredOn: '2020-02-01', reason: '解散' }),
      { code: 'INVALID_DATE_RANGE', path: DEREGISTERED_ON },
    );
  });

  it('DATE_IN_FUTURE: a deregistration dated after today (the register records what happened)', async () => {
    const org = await register();
    await expectRefused(
      f.database,
      () => service.deregisterOrganization({ id: org.id, deregisteredOn: '2025-06-02', reason: '解散' }),
      { code: 'DATE_IN_FUTURE', path: DEREGISTERED_ON },
    );
    const row = await service.deregisterOrganization({ id: org.id, deregisteredOn: TODAY, reason: '解散' });
    expect(row.deregisteredOn).toBe(TODAY);
  });

  it('INVALID_DATE_RANGE: a deregistration dated before a change already recorded', async () => {
    const org = await register();
    await service.changeOrganization({ id: org.id, name: '改名后', changedOn: '2022-02-02' });
    await expectRefused(
      f.database,
      () => service.deregisterOrganization({ id: org.id, deregisteredOn: '2022-02-01', reason: '解散' }),
      { code: 'INVALID_DATE_RANGE', path: DEREGISTERED_ON },
    );
  });

  it('INVALID_DATE_RANGE: a deregistration dated before a hub membership began or ended', async () => {
    const hub = await register({ category: 'hub', name: '枢纽' });
    const member = await register({ name: '成员' });
    const open = await service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2021-01-01' });
    await expectRefused(
      f.database,
      () => service.deregisterOrganization({ id: member.id, deregisteredOn: '2020-12-31', reason: '解散' }),
      { code: 'INVALID_DATE_RANGE', path: DEREGISTERED_ON },
    );
    await service.endHubMembership({ membershipId: open.id, leftOn: '2022-01-01' });
    await expectRefused(
      f.database,
      () => service.deregisterOrganization({ id: hub.id, deregisteredOn: '2021-06-30', reason: '解散' }),
      { code: 'INVALID_DATE_RANGE', path: DEREGISTERED_ON },
    );
  });

  it('INVALID_DATE_RANGE: a deregistration dated before a disclosure it published', async () => {
    const org = await register();
    await service.publishDisclosure({
      organizationId: org.id,
      kind: 'service_projects',
      title: '2023年服务项目',
      content: '为社区老人提供助餐服务。',
      publishedOn: '2023-05-05',
    });
    await expectRefused(
      f.database,
      () => service.deregisterOrganization({ id: org.id, deregisteredOn: '2023-05-04', reason: '解散' }),
      { code: 'INVALID_DATE_RANGE', path: DEREGISTERED_ON },
    );
  });

  it('error-codes.ts ORGANIZATION_INACTIVE: an organization is deregistered once', async () => {
    const org = await register();
    await service.deregisterOrganization({ id: org.id, deregisteredOn: '2020-01-01', reason: '解散' });
    await expectRefused(
      f.database,
      () => service.deregisterOrganization({ id: org.id, deregisteredOn: '2021-01-01', reason: '再次注销' }),
      { code: 'ORGANIZATION_INACTIVE', path: ['input', 'id'] },
    );
  });

  it('error-codes.ts REASON_REQUIRED: a deregistration states its reason', async () => {
    const org = await register();
    for (const reason of [undefined, null, '', '  ']) {
      await expectRefused(
        f.database,
        () =>
          service.deregisterOrganization({
            id: org.id,
            deregisteredOn: '2021-01-01',
            reason: reason as string,
          }),
        { code: 'REASON_REQUIRED', path: ['input', 'reason'] },
      );
    }
  });

  it('error-codes.ts VERSION_CONFLICT: a stale expectedVersion', async () => {
    const org = await register();
    await service.changeOrganization({ id: org.id, name: '改过名' });
    await expectRefused(
      f.database,
      () =>
        service.deregisterOrganization({
          id: org.id,
          expectedVersion: 1,
          deregisteredOn: TODAY,
          reason: '解散',
        }),
      { code: 'VERSION_CONFLICT', path: ['input', 'expectedVersion'], details: { currentVersion: 2 } },
    );
  });
});
