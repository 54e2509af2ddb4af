/**
 * Issue 5, jurisdiction through the gateway (docs/architecture.md §4): a caller sees and changes only
 * what lies in its reach. Lists leave the rest out, `node(id)` answers null for it, a mutation
 * outside is a typed ForbiddenError that changes nothing in any district, and PUBLIC sees the
 * public face only (the hierarchy, indicators, the public credit report, disclosures in force).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenClaims } from '../src/index.js';
import { openTestGateway, type TestGateway } from './support/demo-gateway.js';

let t: TestGateway;
let before: Awaited<ReturnType<TestGateway['snapshot']>>;

/** Organizations of district 320505 with where they are rooted, read as the city admin. */
let organizations: { id: string; districtCode: string; community: { code: string } | null }[];
let otherDistrictOrganization: string;
let workerWithPost: { id: string; organizationId: string; communityCode: string };

const orgList = `query($first: Int, $after: String, $filter: SocialOrganizationFilter) {
  socialOrganizations(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id districtCode community { code } }
  }
}`;

async function allOrganizations(as?: TokenClaims | 'public', filter?: Record<string, unknown>) {
  const rows: typeof organizations = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
    const { data, errors }: { data?: any; errors?: unknown } = await t.gql(
      orgList,
      { first: 100, after, filter },
      as,
    );
    expect(errors).toBeUndefined();
    rows.push(...data.socialOrganizations.nodes);
    totalCount = data.socialOrganizations.totalCount;
    if (!data.socialOrganizations.pageInfo.hasNextPage) break;
    after = data.socialOrganizations.pageInfo.endCursor;
  }
  return { rows, totalCount };
}

beforeAll(async () => {
  t = await openTestGateway();
  organizations = (await allOrganizations(undefined, { districtCode: '320505' })).rows;
  const other = await t.gql(orgList, { first: 1, filter: { districtCode: '320506' } });
  otherDistrictOrganization = other.data.socialOrganizations.nodes[0].id;
  const workers = await t.gql(`{
    socialWorkers(first: 100, filter: { districtCode: "320505" }) {
      nodes { id posts { endsOn organization { id community { code } } } }
    }
  }`);
  type WorkerRead = {
    id: string;
    posts: {
      endsOn: string | null;
      organization: { id: string; community: { code: string } | null } | null;
    }[];
  };
  for (const worker of workers.data.socialWorkers.nodes as WorkerRead[]) {
    const post = worker.posts.find((p) => p.endsOn === null && p.organization?.community);
    if (post) {
      workerWithPost = {
        id: worker.id,
        organizationId: post.organization!.id,
        communityCode: post.organization!.community!.code,
      };
      break;
    }
  }
  expect(workerWithPost).toBeDefined();
  before = await t.snapshot();
}, 120_000);
afterAll(() => t.close());

const districtAdmin: TokenClaims = { sub: 'da-320505', role: 'DISTRICT_ADMIN', district: '320505' };

describe('lists and node(id) are narrowed to the caller’s reach', () => {
  it('a district admin sees every organization of its district and none of the others', async () => {
    const seen = await allOrganizations(districtAdmin);
    expect(seen.rows.length).toBe(organizations.length);
    expect(seen.totalCount).toBe(organizations.length);
    expect(new Set(seen.rows.map((row) => row.districtCode))).toEqual(new Set(['320505']));
    const { data } = await t.gql(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: otherDistrictOrganization },
      districtAdmin,
    );
    expect(data.node).toBeNull();
  });

  it('community staff see the organizations rooted in or serving their community, no more', async () => {
    const community = workerWithPost.communityCode;
    const staff: TokenClaims = { sub: 'sq', role: 'COMMUNITY_STAFF', community };
    const seen = await allOrganizations(staff);
    const rooted = organizations.filter((o) => o.community?.code === community).map((o) => o.id);
    expect(seen.rows.map((o) => o.id)).toEqual(expect.arrayContaining(rooted));
    expect(seen.rows.length).toBeLessThan(organizations.length / 4);
    expect(seen.totalCount).toBe(seen.rows.length);
    // Every one it sees is rooted in or serves its community (read back as the city admin).
    for (const row of seen.rows) {
      const { data } = await t.gql(
        `query($id: ID!) { node(id: $id) { ... on SocialOrganization { community { code } servedCommunities(first: 100) { nodes { code } } } } }`,
        { id: row.id },
      );
      const codes = [
        data.node.community?.code,
        ...data.node.servedCommunities.nodes.map((c: { code: string }) => c.code),
      ];
      expect(codes).toContain(community);
    }
    // A neighbour's organization: absent from node(id).
    const neighbour = organizations.find(
      (o) => o.community && o.community.code.slice(0, 9) !== community.slice(0, 9),
    )!;
    const lookup = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: neighbour.id }, staff);
    expect(lookup.errors).toBeUndefined();
    expect(lookup.data.node).toBeNull();
  });

  it('navigating up and back down does not widen the reach', async () => {
    const community = workerWithPost.communityCode;
    const staff: TokenClaims = { sub: 'sq', role: 'COMMUNITY_STAFF', community };
    const { data, errors } = await t.gql(
      `query($code: String!) { community(code: $code) { subdistrict { district { subdistricts(first: 10) { nodes {
        communities(first: 20) { nodes { code socialOrganizations(first: 20) { totalCount nodes { id } } } }
      } } } } } }`,
      { code: community },
      staff,
    );
    expect(errors).toBeUndefined();
    const communities = data.community.subdistrict.district.subdistricts.nodes.flatMap(
      (s: { communities: { nodes: unknown[] } }) => s.communities.nodes,
    ) as { code: string; socialOrganizations: { totalCount: number } }[];
    expect(communities.length).toBeGreaterThan(10);
    // Whatever the path, the organizations reached are exactly those the root list shows.
    const reached = new Set(
      communities.flatMap((c) =>
        (c as unknown as { socialOrganizations: { nodes: { id: string }[] } }).socialOrganizations.nodes.map(
          (o) => o.id,
        ),
      ),
    );
    const listed = await allOrganizations(staff);
    const rootedElsewhere = listed.rows.filter((o) => o.community !== null).map((o) => o.id);
    expect([...reached].sort()).toEqual(rootedElsewhere.sort());
    expect(communities.filter((c) => c.socialOrganizations.totalCount > 0).length).toBeLessThan(
      communities.length / 2,
    );
    expect(communities.find((c) => c.code === community)!.socialOrganizations.totalCount).toBeGreaterThan(0);
  });

  it('an organization’s staff sees its own record and its workers, not another organization’s', async () => {
    const staff: TokenClaims = { sub: 'org', role: 'ORG_STAFF', org: workerWithPost.organizationId };
    const own = await t.gql(
      `query($id: ID!) { node(id: $id) { id ... on SocialOrganization { posts(first: 5) { nodes { worker { id } } } } } }`,
      { id: workerWithPost.organizationId },
      staff,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.node.posts.nodes.map((p: { worker: { id: string } }) => p.worker.id)).toContain(
      workerWithPost.id,
    );
    const other = organizations.find((o) => o.id !== workerWithPost.organizationId)!;
    const lookup = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: other.id }, staff);
    expect(lookup.data.node).toBeNull();
  });

  it('a social worker sees itself and no other worker', async () => {
    const self: TokenClaims = { sub: 'sg', role: 'SOCIAL_WORKER', worker: workerWithPost.id };
    const { data, errors } = await t.gql(
      `{ socialWorkers(first: 100) { totalCount nodes { id residentIdMasked } } }`,
      undefined,
      self,
    );
    expect(errors).toBeUndefined();
    expect(data.socialWorkers.nodes.map((w: { id: string }) => w.id)).toEqual([workerWithPost.id]);
    expect(data.socialWorkers.totalCount).toBe(1);
  });
});

describe('PUBLIC sees the public face only', () => {
  it('no organization, worker or post rows; the hierarchy, indicators and the public credit report', async () => {
    const { data, errors } = await t.gql(
      `{
        socialOrganizations(first: 10) { totalCount nodes { id } }
        socialWorkers(first: 10) { totalCount nodes { id } }
        community(code: "320505001001") { name socialOrganizations(first: 5) { totalCount } socialWorkerPosts(first: 5) { totalCount } }
        indicators(unitCode: "320505") { key numerator denominator }
      }`,
      undefined,
      'public',
    );
    expect(errors).toBeUndefined();
    expect(data.socialOrganizations).toEqual({ totalCount: 0, nodes: [] });
    expect(data.socialWorkers).toEqual({ totalCount: 0, nodes: [] });
    expect(data.community.name).toBeTruthy();
    expect(data.community.socialOrganizations.totalCount).toBe(0);
    expect(data.community.socialWorkerPosts.totalCount).toBe(0);
    expect(data.indicators.length).toBeGreaterThan(0);
    expect(data.indicators.every((v: { denominator: number }) => v.denominator > 0)).toBe(true);
    for (const id of [organizations[0]!.id, workerWithPost.id]) {
      const lookup = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, 'public');
      expect(lookup.data.node).toBeNull();
    }
  });

  it('the audit trail is for administrators: others get null with FORBIDDEN', async () => {
    const query = `query($id: ID!) { node(id: $id) { ... on SocialOrganization { name auditTrail { action } } } }`;
    const admin = await t.gql(query, { id: workerWithPost.organizationId }, districtAdmin);
    expect(admin.errors).toBeUndefined();
    expect(Array.isArray(admin.data.node.auditTrail)).toBe(true);
    const civilAffairs: TokenClaims = { sub: 'mz', role: 'DEPARTMENT_STAFF', district: '320505' };
    const refused = await t.gql(query, { id: workerWithPost.organizationId }, civilAffairs);
    expect(refused.data.node.name).toBeTruthy();
    expect(refused.data.node.auditTrail).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('mutations outside the reach are a typed FORBIDDEN and change nothing', () => {
  const fileGroup = `mutation($input: FileCommunityGroupInput!) {
    fileCommunityGroup(input: $input) {
      __typename
      ... on Error { code }
      ... on FileCommunityGroupSuccess { data { id } }
    }
  }`;

  it.each<[string, TokenClaims | 'public', string]>([
    ['PUBLIC', 'public', '320505001001'],
    [
      'a district admin in another district',
      { sub: 'x', role: 'DISTRICT_ADMIN', district: '320506' },
      '320505001001',
    ],
    [
      'community staff filing in a neighbour community',
      { sub: 'y', role: 'COMMUNITY_STAFF', community: '320505001002' },
      '320505001001',
    ],
    ['a grid worker', { sub: 'z', role: 'GRID_WORKER', community: '320505001001' }, '320505001001'],
    ['an evaluator', { sub: 'e', role: 'EVALUATOR', district: '320505' }, '320505001001'],
    ['a city-wide service', { sub: 's', role: 'SERVICE' }, '320505001001'],
  ])('%s', async (_label, caller, guidingUnitCode) => {
    const { data, errors } = await t.gql(
      fileGroup,
      { input: { name: '越权互助队', category: 'SERVICES', guidingUnitCode } },
      caller,
    );
    expect(errors).toBeUndefined();
    expect(data.fileCommunityGroup).toEqual({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
  });

  it('publishing for another organization, or editing another district’s record by global ID', async () => {
    const staff: TokenClaims = { sub: 'org', role: 'ORG_STAFF', org: workerWithPost.organizationId };
    const other = organizations.find((o) => o.id !== workerWithPost.organizationId)!;
    const publish = await t.gql(
      `mutation($input: PublishDisclosureInput!) { publishDisclosure(input: $input) { __typename ... on Error { code } } }`,
      { input: { organizationId: other.id, kind: 'SERVICE_PROJECTS', title: '公开', content: '服务项目' } },
      staff,
    );
    // An organization the staff sees (through a shared hub) is FORBIDDEN to publish for; one it
    // cannot see is not found, exactly as a missing one (issue 15).
    const seen = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: other.id }, staff);
    expect(publish.data.publishDisclosure).toEqual(
      seen.data.node
        ? { __typename: 'ForbiddenError', code: 'FORBIDDEN' }
        : { __typename: 'NotFoundError', code: 'NOT_FOUND' },
    );
    const change = await t.gql(
      `mutation($input: ChangeOrganizationInput!) { changeOrganization(input: $input) { __typename ... on Error { code } } }`,
      { input: { id: otherDistrictOrganization, name: '越区改名' } },
      districtAdmin,
    );
    expect(change.data.changeOrganization).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('left every district exactly as it was', async () => {
    expect(await t.snapshot()).toEqual(before);
  });
});
