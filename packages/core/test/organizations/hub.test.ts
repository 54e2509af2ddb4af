/**
 * Hub memberships (docs/domain.md §3: a hub organization 枢纽型 incubates and leads member
 * organizations; the relation is acyclic). organization-service.ts addHubMember,
 * endHubMembership, listMembers, listHubs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationService } from '../../src/organizations/index.js';
import type { SocialOrganization } from '../../src/schema/index.js';
import {
  ACTOR,
  auditOf,
  createOrganizationFixture,
  expectRefused,
  makeUscc,
  type OrganizationFixture,
  TODAY,
} from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;
let serial = 400;

beforeAll(async () => {
  f = await createOrganizationFixture();
  service = f.service;
});

afterAll(async () => {
  await f?.database.close();
});

function register(name: string, category: 'hub' | 'services' = 'hub', registeredOn = '2018-01-01') {
  return service.registerOrganization({
    name,
    legalForm: 'social_association',
    uscc: makeUscc(serial++),
    category,
    registeredOn,
  });
}

const MEMBER = ['input', 'memberId'];

describe('addHubMember', () => {
  it('records the membership, lists it from both sides and audits it', async () => {
    const hub = await register('狮山社会组织服务中心');
    const member = await register('狮山助老服务社', 'services');
    const membership = await service.addHubMember({
      hubId: hub.id,
      memberId: member.id,
      joinedOn: '2019-05-01',
    });
    expect(membership).toMatchObject({
      hubId: hub.id,
      memberId: member.id,
      joinedOn: '2019-05-01',
      leftOn: null,
      version: 1,
    });
    expect(await service.listMembers(hub.id)).toEqual([membership]);
    expect(await service.listHubs(member.id)).toEqual([membership]);
    expect(await service.listMembers(hub.id, '2019-04-30')).toEqual([]);
    expect(await auditOf(f.database, 'organization_hub_membership', membership.id)).toMatchObject([
      {
        action: 'hub_membership.add',
        actorId: ACTOR.id,
        before: null,
        after: { hubId: hub.id, memberId: member.id },
      },
    ]);
  });

  it('joinedOn defaults to today', async () => {
    const hub = await register('默认日期枢纽');
    const member = await register('默认日期成员', 'services');
    expect((await service.addHubMember({ hubId: hub.id, memberId: member.id })).joinedOn).toBe(TODAY);
  });

  it('a member may belong to several hubs, and a hub may be a member of another hub', async () => {
    const federation = await register('区社会组织联合会');
    const centre = await register('街道孵化中心');
    const member = await register('社区服务社', 'services');
    await service.addHubMember({ hubId: federation.id, memberId: centre.id, joinedOn: '2019-01-01' });
    await service.addHubMember({ hubId: centre.id, memberId: member.id, joinedOn: '2019-01-01' });
    await service.addHubMember({ hubId: federation.id, memberId: member.id, joinedOn: '2019-01-01' });
    expect((await service.listHubs(member.id)).map((m) => m.hubId).sort()).toEqual(
      [federation.id, centre.id].sort(),
    );
  });
});

describe('acyclic (docs/domain.md §3)', () => {
  let a: SocialOrganization;
  let b: SocialOrganization;
  let c: SocialOrganization;

  beforeAll(async () => {
    a = await register('枢纽甲');
    b = await register('枢纽乙');
    c = await register('枢纽丙');
    await service.addHubMember({ hubId: a.id, memberId: b.id, joinedOn: '2019-01-01' });
    await service.addHubMember({ hubId: b.id, memberId: c.id, joinedOn: '2019-01-01' });
  });

  it('HUB_CYCLE: an organization is not its own member', async () => {
    await expectRefused(f.database, () => service.addHubMember({ hubId: a.id, memberId: a.id }), {
      code: 'HUB_CYCLE',
      path: MEMBER,
    });
  });

  it('HUB_CYCLE: the direct cycle (A leads B, so B does not lead A)', async () => {
    await expectRefused(f.database, () => service.addHubMember({ hubId: b.id, memberId: a.id }), {
      code: 'HUB_CYCLE',
      path: MEMBER,
    });
  });

  it('HUB_CYCLE: the 3-long cycle (A leads B, B leads C, so C does not lead A)', async () => {
    await expectRefused(f.database, () => service.addHubMember({ hubId: c.id, memberId: a.id }), {
      code: 'HUB_CYCLE',
      path: MEMBER,
    });
  });

  it('a shortcut is no cycle: A may lead C directly as well', async () => {
    const shortcut = await service.addHubMember({ hubId: a.id, memberId: c.id, joinedOn: '2020-01-01' });
    expect(shortcut.hubId).toBe(a.id);
  });

  it('only open memberships count: once the chain is cut, the reverse is allowed', async () => {
    const x = await register('枢纽戊');
    const y = await register('枢纽己');
    const xy = await service.addHubMember({ hubId: x.id, memberId: y.id, joinedOn: '2019-01-01' });
    await service.endHubMembership({ membershipId: xy.id, leftOn: '2020-01-01' });
    const yx = await service.addHubMember({ hubId: y.id, memberId: x.id, joinedOn: '2020-01-01' });
    expect(yx).toMatchObject({ hubId: y.id, memberId: x.id });
  });

  it('two opposite memberships started at once: exactly one is recorded, the other is a HUB_CYCLE', async () => {
    const p = await register('并发枢纽一');
    const q = await register('并发枢纽二');
    const results = await Promise.allSettled([
      service.addHubMember({ hubId: p.id, memberId: q.id }),
      service.addHubMember({ hubId: q.id, memberId: p.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'HUB_CYCLE', path: MEMBER });
    const open = [...(await service.listMembers(p.id)), ...(await service.listMembers(q.id))];
    expect(open).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('error-codes.ts NOT_A_HUB: only a hub takes members', async () => {
    const notHub = await register('普通服务社', 'services');
    const member = await register('想加入的服务社', 'services');
    await expectRefused(f.database, () => service.addHubMember({ hubId: notHub.id, memberId: member.id }), {
      code: 'NOT_A_HUB',
      path: ['input', 'hubId'],
    });
  });

  it('DUPLICATE_RECORD: an open membership of the same pair, or one whose period the new one overlaps', async () => {
    const hub = await register('重复枢纽');
    const member = await register('重复成员', 'services');
    const first = await service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2019-01-01' });
    await expectRefused(
      f.database,
      () => service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2020-01-01' }),
      { code: 'DUPLICATE_RECORD', path: MEMBER, details: { membershipId: first.id } },
    );
    await service.endHubMembership({ membershipId: first.id, leftOn: '2021-01-01' });
    // Rejoining inside the ended period would make two memberships on the same days.
    await expectRefused(
      f.database,
      () => service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2020-12-31' }),
      { code: 'DUPLICATE_RECORD', path: MEMBER },
    );
    // leftOn is the first day out, so rejoining on it is in order.
    const again = await service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2021-01-01' });
    expect((await service.listMembers(hub.id)).map((m) => m.id)).toEqual([again.id]);
  });

  it('ORGANIZATION_INACTIVE: a deregistered hub or member, or a day before either was registered', async () => {
    const hub = await register('活跃枢纽', 'hub', '2020-01-01');
    const gone = await register('已注销组织', 'hub');
    await service.deregisterOrganization({ id: gone.id, deregisteredOn: '2019-01-01', reason: '解散' });
    const member = await register('新成员', 'services', '2021-01-01');
    await expectRefused(f.database, () => service.addHubMember({ hubId: gone.id, memberId: member.id }), {
      code: 'ORGANIZATION_INACTIVE',
      path: ['input', 'hubId'],
    });
    await expectRefused(f.database, () => service.addHubMember({ hubId: hub.id, memberId: gone.id }), {
      code: 'ORGANIZATION_INACTIVE',
      path: MEMBER,
    });
    for (const joinedOn of ['2019-12-31', '2020-12-31']) {
      await expectRefused(
        f.database,
        () => service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn }),
        { code: 'ORGANIZATION_INACTIVE', path: ['input', 'joinedOn'] },
      );
    }
  });
});

describe('endHubMembership', () => {
  it('ends the membership on the day, with a new version and an audit entry', async () => {
    const hub = await register('结束枢纽');
    const member = await register('结束成员', 'services');
    const open = await service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2019-01-01' });
    const ended = await service.endHubMembership({
      membershipId: open.id,
      leftOn: '2023-07-01',
      expectedVersion: 1,
    });
    expect(ended).toMatchObject({ id: open.id, leftOn: '2023-07-01', version: 2 });
    expect(await service.listMembers(hub.id)).toEqual([]);
    expect((await service.listMembers(hub.id, '2023-06-30')).map((m) => m.id)).toEqual([open.id]);
    expect((await auditOf(f.database, 'organization_hub_membership', open.id)).map((e) => e.action)).toEqual([
      'hub_membership.add',
      'hub_membership.end',
    ]);
  });

  it('ALREADY_ENDED, INVALID_DATE_RANGE and VERSION_CONFLICT', async () => {
    const hub = await register('多次结束枢纽');
    const member = await register('多次结束成员', 'services');
    const open = await service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2020-02-02' });
    await expectRefused(
      f.database,
      () => service.endHubMembership({ membershipId: open.id, leftOn: '2020-02-01' }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'leftOn'] },
    );
    await expectRefused(
      f.database,
      () => service.endHubMembership({ membershipId: open.id, leftOn: '2021-01-01', expectedVersion: 7 }),
      { code: 'VERSION_CONFLICT', path: ['input', 'expectedVersion'], details: { currentVersion: 1 } },
    );
    await service.endHubMembership({ membershipId: open.id, leftOn: '2020-02-02' });
    await expectRefused(
      f.database,
      () => service.endHubMembership({ membershipId: open.id, leftOn: '2021-01-01' }),
      { code: 'ALREADY_ENDED', path: ['input', 'membershipId'] },
    );
  });
});

describe('reads', () => {
  it('listMembers and listHubs of unknown organizations are empty; a bad date is INVALID_DATE', async () => {
    expect(await service.listMembers(999_999)).toEqual([]);
    expect(await service.listHubs(-1)).toEqual([]);
    expect(await service.getHubMembership(999_999)).toBeUndefined();
    await expect(service.listMembers(1, '2024-02-30')).rejects.toMatchObject({
      code: 'INVALID_DATE',
      path: ['on'],
    });
  });
});
