/**
 * Hub memberships added at the same time (PostgreSQL only: PGlite has one connection, so its
 * transactions never overlap; hub.test.ts runs the plain race on both). A third connection
 * holds a share lock on the membership table, so both calls get as far as their insert (or
 * their wait for the graph lock) and only then go on; pg_stat_activity tells when they wait.
 * No sleeps decide the outcome.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationService } from '../../src/organizations/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { createOrganizationFixture, makeUscc, type OrganizationFixture } from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;
let serial = 500;

/** Hold `lock table organization_hub_memberships in share mode` until released: inserts wait. */
async function holdMembershipInserts() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = f.database.db.transaction(async (tx) => {
    await tx.execute(sql`lock table organization_hub_memberships in share mode`);
    locked();
    await released;
  });
  await Promise.race([isLocked, holder]);
  return {
    async release() {
      release();
      await holder;
    },
  };
}

function hub(name: string) {
  return service.registerOrganization({
    name,
    legalForm: 'social_association',
    uscc: makeUscc(serial++),
    category: 'hub',
    registeredOn: '2018-01-01',
  });
}

describe.skipIf(testDatabaseKind() === 'pglite')('concurrent hub memberships on PostgreSQL', () => {
  beforeAll(async () => {
    f = await createOrganizationFixture();
    service = f.service;
  });

  afterAll(async () => {
    await f?.database.close();
  });

  async function race(first: () => Promise<unknown>, second: () => Promise<unknown>) {
    const lock = await holdMembershipInserts();
    const a = track(first());
    await until(async () => a.settled || (await lockWaiters(f.database)) >= 1, 'the first call waits');
    const b = track(second());
    await until(async () => b.settled || (await lockWaiters(f.database)) >= 2, 'the second call waits');
    expect([a.settled, b.settled]).toEqual([false, false]);
    await lock.release();
    return [await a.result, await b.result];
  }

  it('docs/domain.md §3 acyclic: A takes B while B takes A, both checked before either commits → one HUB_CYCLE', async () => {
    const a = await hub('并发甲');
    const b = await hub('并发乙');
    const results = await race(
      () => service.addHubMember({ hubId: a.id, memberId: b.id }),
      () => service.addHubMember({ hubId: b.id, memberId: a.id }),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'HUB_CYCLE' });
    expect(await service.listMembers(b.id)).toEqual([]);
  });

  // The two new edges touch four different organizations, so row locks alone would let both
  // checks pass; the per-district graph lock (hub-graph.ts lockHubGraph) serializes them.
  it('docs/domain.md §3 acyclic: with A→B and C→D recorded, B→C and D→A added at once cannot close A→B→C→D→A', async () => {
    const [a, b, c, d] = [await hub('环甲'), await hub('环乙'), await hub('环丙'), await hub('环丁')];
    await service.addHubMember({ hubId: a.id, memberId: b.id, joinedOn: '2019-01-01' });
    await service.addHubMember({ hubId: c.id, memberId: d.id, joinedOn: '2019-01-01' });
    const results = await race(
      () => service.addHubMember({ hubId: b.id, memberId: c.id }),
      () => service.addHubMember({ hubId: d.id, memberId: a.id }),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'HUB_CYCLE',
      path: ['input', 'memberId'],
    });
    expect(await service.listMembers(d.id)).toEqual([]);
  });

  it('a deregistration and a new membership of the same organization apply one after the other', async () => {
    const h = await hub('注销并发枢纽');
    const m = await hub('注销并发成员');
    const lock = await holdMembershipInserts();
    const add = track(service.addHubMember({ hubId: h.id, memberId: m.id, joinedOn: '2020-01-01' }));
    await until(
      async () => add.settled || (await lockWaiters(f.database)) >= 1,
      'the membership insert waits',
    );
    const deregister = track(
      service.deregisterOrganization({ id: m.id, deregisteredOn: '2024-01-01', reason: '解散' }),
    );
    await until(
      async () => deregister.settled || (await lockWaiters(f.database)) >= 2,
      'the deregistration waits',
    );
    await lock.release();
    expect((await add.result).status).toBe('fulfilled');
    expect((await deregister.result).status).toBe('fulfilled');
    // The deregistration saw the membership and ended it: nothing outlives the organization.
    expect(await service.listHubs(m.id, '2023-12-31')).toHaveLength(1);
    expect(await service.listHubs(m.id)).toEqual([]);
  });
});
