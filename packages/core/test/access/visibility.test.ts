/**
 * Property test of the read rules (src/access/visibility.ts) on a seeded demo district: for
 * actors of every kind, the rows the SQL conditions let through equal a plain recomputation of
 * the rule from the planned rows, and navigation never leaves what is visible (a visible post's
 * worker and organization are visible, a visible membership's two organizations are).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import {
  visibleHubMemberships,
  visibleOrganizations,
  visiblePosts,
  visibleWorkers,
} from '../../src/access/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { type DemoDistrictPlan, planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import {
  organizationHubMemberships,
  socialOrganizations,
  socialWorkerPosts,
  socialWorkers,
} from '../../src/schema/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';

const DISTRICT = '320505';

let database: DistrictDatabase;
let plan: DemoDistrictPlan;

beforeAll(async () => {
  plan = planDemoDistrict({
    districtCode: DISTRICT,
    name: '虎丘区',
    seed: 7,
    scale: { subdistricts: 3, communitiesPerSubdistrict: 5, gridsPerCommunity: 2 },
  });
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  await seedDemoDistrict(database, plan);
}, 60_000);

afterAll(async () => {
  await database?.close();
});

// ---- the rule restated over the plan -------------------------------------------------------

function communityCode(id: number | null | undefined): string | undefined {
  return id == null ? undefined : plan.communities.find((c) => c.id === id)?.code;
}

function organizationLiesIn(o: DemoDistrictPlan['socialOrganizations'][number], prefix: string) {
  return (
    (o.guidingUnitCode ?? '').startsWith(prefix) || (communityCode(o.communityId) ?? '').startsWith(prefix)
  );
}

function organizationServes(organizationId: number, prefix: string) {
  return plan.organizationCommunities.some(
    (oc) => oc.organizationId === organizationId && (communityCode(oc.communityId) ?? '').startsWith(prefix),
  );
}

function postLiesIn(p: DemoDistrictPlan['socialWorkerPosts'][number], prefix: string) {
  if (p.communityId != null) return (communityCode(p.communityId) ?? '').startsWith(prefix);
  const employer = plan.socialOrganizations.find((o) => o.id === p.organizationId)!;
  return organizationLiesIn(employer, prefix);
}

interface Expected {
  organizations: number[];
  posts: number[];
  workers: number[];
}

function expectedFor(
  reach: { prefix?: string; organizationId?: number; workerId?: number } | 'all' | 'none',
): Expected {
  const all = {
    organizations: plan.socialOrganizations.map((o) => o.id!),
    posts: plan.socialWorkerPosts.map((p) => p.id!),
    workers: plan.socialWorkers.map((w) => w.id!),
  };
  if (reach === 'all') return sorted(all);
  if (reach === 'none') return { organizations: [], posts: [], workers: [] };
  let organizations: number[];
  let posts: number[];
  if (reach.prefix !== undefined) {
    const prefix = reach.prefix;
    organizations = plan.socialOrganizations
      .filter((o) => organizationLiesIn(o, prefix) || organizationServes(o.id!, prefix))
      .map((o) => o.id!);
    posts = plan.socialWorkerPosts.filter((p) => postLiesIn(p, prefix)).map((p) => p.id!);
  } else if (reach.organizationId !== undefined) {
    const own = reach.organizationId;
    const linked = plan.organizationHubMemberships
      .filter((m) => m.hubId === own || m.memberId === own)
      .map((m) => (m.hubId === own ? m.memberId : m.hubId));
    organizations = [own, ...linked];
    posts = plan.socialWorkerPosts.filter((p) => p.organizationId === own).map((p) => p.id!);
  } else {
    const self = reach.workerId!;
    posts = plan.socialWorkerPosts.filter((p) => p.workerId === self).map((p) => p.id!);
    organizations = plan.socialWorkerPosts
      .filter((p) => p.workerId === self && p.organizationId != null)
      .map((p) => p.organizationId!);
  }
  const workers =
    reach.workerId !== undefined
      ? [reach.workerId]
      : plan.socialWorkerPosts.filter((p) => posts.includes(p.id!)).map((p) => p.workerId);
  return sorted({ organizations, posts, workers });
}

function sorted(e: Expected): Expected {
  const unique = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);
  return { organizations: unique(e.organizations), posts: unique(e.posts), workers: unique(e.workers) };
}

// ---- what the SQL lets through -------------------------------------------------------------

async function ids(query: Promise<{ id: number }[]>): Promise<number[]> {
  return (await query).map((row) => row.id).sort((a, b) => a - b);
}

async function visibleTo(
  actor: Actor,
): Promise<Expected & { memberships: { hubId: number; memberId: number }[] }> {
  const { db } = database;
  return {
    organizations: await ids(
      db
        .select({ id: socialOrganizations.id })
        .from(socialOrganizations)
        .where(visibleOrganizations(actor, DISTRICT, socialOrganizations)),
    ),
    posts: await ids(
      db
        .select({ id: socialWorkerPosts.id })
        .from(socialWorkerPosts)
        .where(visiblePosts(actor, DISTRICT, socialWorkerPosts)),
    ),
    workers: await ids(
      db
        .select({ id: socialWorkers.id })
        .from(socialWorkers)
        .where(visibleWorkers(actor, DISTRICT, socialWorkers)),
    ),
    memberships: await db
      .select({ hubId: organizationHubMemberships.hubId, memberId: organizationHubMemberships.memberId })
      .from(organizationHubMemberships)
      .where(visibleHubMemberships(actor, DISTRICT, organizationHubMemberships)),
  };
}

// ---- the actors ----------------------------------------------------------------------------

function pickActors() {
  const subdistrict = plan.subdistricts[1]!.code;
  const community = plan.communities.find((c) => c.code.startsWith(subdistrict))!.code;
  const hub = plan.organizationHubMemberships[0]!.hubId;
  const postedWorker = plan.socialWorkerPosts.find((p) => p.organizationId != null)!.workerId;
  return { subdistrict, community, hub, postedWorker };
}

describe('who sees which organizations, posts and workers', () => {
  it('the district admin of the district, its civil-affairs staff, evaluators and the city see every row', async () => {
    for (const actor of [
      { id: 'a', role: 'DISTRICT_ADMIN', district: DISTRICT },
      { id: 'b', role: 'DEPARTMENT_STAFF', district: DISTRICT },
      { id: 'c', role: 'EVALUATOR', district: DISTRICT },
      { id: 'd', role: 'CITY_ADMIN' },
      { id: 'e', role: 'SYSTEM' },
    ] satisfies Actor[]) {
      const seen = await visibleTo(actor);
      expect({ ...seen, memberships: undefined }).toEqual({ ...expectedFor('all'), memberships: undefined });
      expect(seen.memberships).toHaveLength(plan.organizationHubMemberships.length);
    }
  });

  it('PUBLIC, another district’s admin, and tokens missing the claim their role needs see none', async () => {
    for (const actor of [
      { id: 'anonymous', role: 'PUBLIC' },
      { id: 'x', role: 'DISTRICT_ADMIN', district: '320506' },
      { id: 'x', role: 'DISTRICT_ADMIN' },
      { id: 'y', role: 'SUBDISTRICT_STAFF', district: DISTRICT },
      { id: 'y', role: 'SUBDISTRICT_STAFF', subdistrict: '320506001' },
      { id: 'z', role: 'COMMUNITY_STAFF', subdistrict: plan.subdistricts[0]!.code },
      { id: 'o', role: 'ORG_STAFF', district: DISTRICT },
      { id: 'w', role: 'SOCIAL_WORKER', district: DISTRICT },
      { id: 's', role: 'SERVICE', district: '320506' },
    ] satisfies Actor[]) {
      const seen = await visibleTo(actor);
      expect(seen, JSON.stringify(actor)).toEqual({ ...expectedFor('none'), memberships: [] });
    }
  });

  it('subdistrict staff, community staff and grid workers see what lies in or serves their unit', async () => {
    const { subdistrict, community } = pickActors();
    const cases: [Actor, string][] = [
      [{ id: 's', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict }, subdistrict],
      [{ id: 'c', role: 'COMMUNITY_STAFF', district: DISTRICT, subdistrict, community }, community],
      [{ id: 'g', role: 'GRID_WORKER', community }, community],
    ];
    for (const [actor, prefix] of cases) {
      const seen = await visibleTo(actor);
      const expected = expectedFor({ prefix });
      expect(seen.organizations).toEqual(expected.organizations);
      expect(seen.posts).toEqual(expected.posts);
      expect(seen.workers).toEqual(expected.workers);
      // Not everything: the unit is a part of the district.
      expect(seen.organizations.length).toBeGreaterThan(0);
      expect(seen.organizations.length).toBeLessThan(plan.socialOrganizations.length);
    }
  });

  it('an organization’s staff sees its organization, the organizations it shares a hub with, and its posts', async () => {
    const { hub } = pickActors();
    const seen = await visibleTo({ id: 'o', role: 'ORG_STAFF', district: DISTRICT, organizationId: hub });
    const expected = expectedFor({ organizationId: hub });
    expect(seen.organizations).toEqual(expected.organizations);
    expect(seen.posts).toEqual(expected.posts);
    expect(seen.workers).toEqual(expected.workers);
    expect(seen.organizations.length).toBeGreaterThan(1);
    expect(seen.memberships.every((m) => m.hubId === hub || m.memberId === hub)).toBe(true);
    expect(seen.memberships.length).toBeGreaterThan(0);
  });

  it('a social worker sees itself, its posts and the organizations it works for', async () => {
    const { postedWorker } = pickActors();
    const seen = await visibleTo({
      id: 'w',
      role: 'SOCIAL_WORKER',
      district: DISTRICT,
      workerId: postedWorker,
    });
    const expected = expectedFor({ workerId: postedWorker });
    expect(seen.organizations).toEqual(expected.organizations);
    expect(seen.posts).toEqual(expected.posts);
    expect(seen.workers).toEqual([postedWorker]);
    expect(seen.organizations.length).toBeGreaterThan(0);
  });

  it('navigation stays inside: a visible post’s worker and organization, a visible membership’s organizations', async () => {
    const { subdistrict, community, hub, postedWorker } = pickActors();
    const actors: Actor[] = [
      { id: 's', role: 'SUBDISTRICT_STAFF', subdistrict },
      { id: 'c', role: 'COMMUNITY_STAFF', community },
      { id: 'o', role: 'ORG_STAFF', district: DISTRICT, organizationId: hub },
      { id: 'w', role: 'SOCIAL_WORKER', district: DISTRICT, workerId: postedWorker },
    ];
    for (const actor of actors) {
      const seen = await visibleTo(actor);
      for (const postId of seen.posts) {
        const post = plan.socialWorkerPosts.find((p) => p.id === postId)!;
        expect(seen.workers).toContain(post.workerId);
        if (post.organizationId != null) expect(seen.organizations).toContain(post.organizationId);
      }
      for (const membership of seen.memberships) {
        expect(seen.organizations).toContain(membership.hubId);
        expect(seen.organizations).toContain(membership.memberId);
      }
    }
  });

  it('one query whatever the reach: the conditions are SQL, not a list of ids fetched first', async () => {
    const { community } = pickActors();
    const condition = visibleWorkers(
      { id: 'c', role: 'COMMUNITY_STAFF', community },
      DISTRICT,
      socialWorkers,
    );
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(socialWorkers)
      .where(condition);
    expect(row!.n).toBe(expectedFor({ prefix: community }).workers.length);
  });
});
