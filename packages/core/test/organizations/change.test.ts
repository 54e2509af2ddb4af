/**
 * Changes (变更) of a registered or filed organization (organization-service.ts
 * changeOrganization): what may change, the `changes` kept in the status history, the audit
 * entry, optimistic versions, and the refusals that leave the database as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationService } from '../../src/organizations/index.js';
import type { SocialOrganization } from '../../src/schema/index.js';
import {
  ACTOR,
  auditOf,
  CODES,
  createOrganizationFixture,
  expectRefused,
  makeUscc,
  type OrganizationFixture,
  registerAssociation,
} from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;
let serial = 200;

beforeAll(async () => {
  f = await createOrganizationFixture();
  service = f.service;
});

afterAll(async () => {
  await f?.database.close();
});

function register(extra: Partial<Parameters<OrganizationService['registerOrganization']>[0]> = {}) {
  return registerAssociation(service, makeUscc(serial++), extra);
}

const servedCodes = async (id: number) => (await service.servedCommunities(id)).map((c) => c.code);

describe('changeOrganization applies the change and records it', () => {
  let before: SocialOrganization;
  let after: SocialOrganization;

  beforeAll(async () => {
    before = await register();
    after = await service.changeOrganization({
      id: before.id,
      expectedVersion: 1,
      name: '狮山社区议事协商会',
      category: 'harmony_security',
      serviceDomains: ['legal_aid', 'community_governance'],
      changedOn: '2023-03-01',
    });
  });

  it('updates the row and its version', () => {
    expect(after).toMatchObject({
      id: before.id,
      name: '狮山社区议事协商会',
      category: 'harmony_security',
      serviceDomains: ['legal_aid', 'community_governance'],
      communityId: before.communityId,
      uscc: before.uscc,
      version: 2,
    });
  });

  it('records a status change "changed" with each changed field {from, to}, and only those', async () => {
    const history = await service.statusHistory(before.id);
    expect(history.map((h) => h.kind)).toEqual(['registered', 'changed']);
    expect(history[1]).toMatchObject({
      occurredOn: '2023-03-01',
      changes: {
        name: { from: '狮山社区睦邻协会', to: '狮山社区议事协商会' },
        category: { from: 'consultation', to: 'harmony_security' },
        serviceDomains: { from: ['community_governance'], to: ['legal_aid', 'community_governance'] },
      },
    });
    expect(Object.keys(history[1]!.changes as object).sort()).toEqual(['category', 'name', 'serviceDomains']);
  });

  it('writes the audit entry organization.change with before and after', async () => {
    const entries = await auditOf(f.database, 'social_organization', before.id);
    expect(entries.map((e) => e.action)).toEqual(['organization.register', 'organization.change']);
    expect(entries[1]).toMatchObject({
      actorId: ACTOR.id,
      before: { name: '狮山社区睦邻协会', version: 1, servedCommunityCodes: [CODES.urban] },
      after: { name: '狮山社区议事协商会', version: 2, servedCommunityCodes: [CODES.urban] },
    });
  });
});

describe('communities', () => {
  it('a new base community joins the communities served; the old one stays served', async () => {
    const org = await register();
    const changed = await service.changeOrganization({
      id: org.id,
      communityCode: CODES.village,
      changedOn: '2021-01-01',
    });
    expect(changed.communityId).toBe(f.communities.village.id);
    expect(await servedCodes(org.id)).toEqual([CODES.urban, CODES.village]);
    const [, change] = await service.statusHistory(org.id);
    expect(change!.changes).toEqual({
      communityCode: { from: CODES.urban, to: CODES.village },
      servedCommunityCodes: { from: [CODES.urban], to: [CODES.urban, CODES.village] },
    });
  });

  it('servedCommunityCodes replaces the list served (the base community stays in it)', async () => {
    const org = await register({ servedCommunityCodes: [CODES.village, CODES.otherCommunity] });
    await service.changeOrganization({ id: org.id, servedCommunityCodes: [CODES.otherCommunity] });
    expect(await servedCodes(org.id)).toEqual([CODES.urban, CODES.otherCommunity]);
  });

  it('communityCode null leaves a registered organization without a base community', async () => {
    const org = await register();
    const changed = await service.changeOrganization({ id: org.id, communityCode: null });
    expect(changed.communityId).toBeNull();
    expect(await servedCodes(org.id)).toEqual([CODES.urban]);
  });

  it('a community served before it retired stays served when the list is given again', async () => {
    const org = await register({ servedCommunityCodes: [CODES.retiring], registeredOn: '2022-01-01' });
    await service.changeOrganization({
      id: org.id,
      servedCommunityCodes: [CODES.retiring, CODES.village],
      changedOn: '2025-01-01',
    });
    expect(await servedCodes(org.id)).toEqual([CODES.urban, CODES.retiring, CODES.village].sort());
  });

  it('error-codes.ts UNIT_NOT_IN_FORCE: a retired community cannot be newly claimed', async () => {
    const org = await register({ registeredOn: '2022-01-01' });
    await expectRefused(
      f.database,
      () =>
        service.changeOrganization({
          id: org.id,
          servedCommunityCodes: [CODES.village, CODES.retiring],
          changedOn: '2025-01-01',
        }),
      { code: 'UNIT_NOT_IN_FORCE', path: ['input', 'servedCommunityCodes', 1] },
    );
    await expectRefused(
      f.database,
      () =>
        service.changeOrganization({ id: org.id, communityCode: CODES.retiring, changedOn: '2025-01-01' }),
      { code: 'UNIT_NOT_IN_FORCE', path: ['input', 'communityCode'] },
    );
  });

  it('a retired community kept as base cannot be made the base again after moving away', async () => {
    const org = await register({ communityCode: CODES.retiring, registeredOn: '2022-01-01' });
    await service.changeOrganization({ id: org.id, communityCode: CODES.urban, changedOn: '2024-02-01' });
    // Still served (it was), but it no longer exists on 2025-01-01 to be a base.
    await expectRefused(
      f.database,
      () =>
        service.changeOrganization({ id: org.id, communityCode: CODES.retiring, changedOn: '2025-01-01' }),
      { code: 'UNIT_NOT_IN_FORCE', path: ['input', 'communityCode'] },
    );
  });

  it('docs/domain.md §3: a group guided by a community stays based in it', async () => {
    const group = await service.fileCommunityGroup({
      name: '狮山社区合唱团',
      category: 'culture_sport',
      guidingUnitCode: CODES.urban,
      filedOn: '2020-01-01',
    });
    for (const communityCode of [CODES.village, null]) {
      await expectRefused(f.database, () => service.changeOrganization({ id: group.id, communityCode }), {
        code: 'VALIDATION_FAILED',
        path: ['input', 'communityCode'],
      });
    }
    // It may serve more communities, though.
    await service.changeOrganization({ id: group.id, servedCommunityCodes: [CODES.village] });
    expect(await servedCodes(group.id)).toEqual([CODES.urban, CODES.village]);
  });

  it('docs/domain.md §3: a group guided by a subdistrict moves only within it', async () => {
    const group = await service.fileCommunityGroup({
      name: '狮山街道巡逻队',
      category: 'harmony_security',
      guidingUnitCode: CODES.subdistrict,
      filedOn: '2020-01-01',
    });
    await expectRefused(
      f.database,
      () => service.changeOrganization({ id: group.id, communityCode: CODES.otherCommunity }),
      { code: 'VALIDATION_FAILED', path: ['input', 'communityCode'] },
    );
    const moved = await service.changeOrganization({ id: group.id, communityCode: CODES.village });
    expect(moved.communityId).toBe(f.communities.village.id);
  });
});

describe('refusals', () => {
  it('error-codes.ts VERSION_CONFLICT: a stale expectedVersion changes nothing and reports the current version', async () => {
    const org = await register();
    await service.changeOrganization({ id: org.id, name: '第一次改名' });
    await expectRefused(
      f.database,
      () => service.changeOrganization({ id: org.id, expectedVersion: 1, name: '第二次改名' }),
      { code: 'VERSION_CONFLICT', path: ['input', 'expectedVersion'], details: { currentVersion: 2 } },
    );
    expect((await service.getOrganization(org.id))?.name).toBe('第一次改名');
  });

  it('a change to the values already recorded is refused: nothing to change', async () => {
    const org = await register({ servedCommunityCodes: [CODES.village] });
    for (const input of [
      { name: '狮山社区睦邻协会' },
      { category: 'consultation' as const, serviceDomains: ['community_governance' as const] },
      { communityCode: CODES.urban, servedCommunityCodes: [CODES.village, CODES.urban] },
      {},
    ]) {
      await expectRefused(f.database, () => service.changeOrganization({ id: org.id, ...input }), {
        code: 'VALIDATION_FAILED',
        path: ['input'],
      });
    }
  });

  it('error-codes.ts ORGANIZATION_INACTIVE: a deregistered organization does not change', async () => {
    const org = await register();
    await service.deregisterOrganization({ id: org.id, deregisteredOn: '2024-01-01', reason: '自行解散' });
    await expectRefused(f.database, () => service.changeOrganization({ id: org.id, name: '新名字' }), {
      code: 'ORGANIZATION_INACTIVE',
      path: ['input', 'id'],
    });
  });

  it('INVALID_DATE_RANGE: a change dated before the registration, or before the last entry of the history', async () => {
    const org = await register({ registeredOn: '2021-05-05' });
    await expectRefused(
      f.database,
      () => service.changeOrganization({ id: org.id, name: '新名字', changedOn: '2021-05-04' }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'changedOn'] },
    );
    await service.changeOrganization({ id: org.id, name: '新名字', changedOn: '2023-01-01' });
    await expectRefused(
      f.database,
      () => service.changeOrganization({ id: org.id, name: '更新的名字', changedOn: '2022-12-31' }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'changedOn'] },
    );
    // The same day as the last entry is in order.
    await service.changeOrganization({ id: org.id, name: '更新的名字', changedOn: '2023-01-01' });
  });

  it('error-codes.ts NOT_A_HUB: a hub leading members keeps its category until their memberships end', async () => {
    const hub = await register({ category: 'hub', name: '狮山社会组织联合会' });
    const member = await register({ name: '成员协会' });
    const membership = await service.addHubMember({
      hubId: hub.id,
      memberId: member.id,
      joinedOn: '2021-01-01',
    });
    await expectRefused(f.database, () => service.changeOrganization({ id: hub.id, category: 'other' }), {
      code: 'NOT_A_HUB',
      path: ['input', 'category'],
    });
    await service.endHubMembership({ membershipId: membership.id, leftOn: '2022-01-01' });
    const changed = await service.changeOrganization({ id: hub.id, category: 'other' });
    expect(changed.category).toBe('other');
  });
});
