import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResponse, openTestGateway, type TestGateway } from './support/demo-gateway.js';

let t: TestGateway;
beforeAll(async () => {
  t = await openTestGateway();
});
afterAll(() => t.close());

interface Page {
  communities: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; code: string; name: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

const pageQuery = `query Page($first: Int, $after: String, $last: Int, $before: String, $orderBy: UnitOrder, $filter: CommunityFilter) {
  communities(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
    totalCount
    edges { cursor node { id code name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function walkForward(pageSize: number, variables: Record<string, unknown> = {}) {
  const seen: { code: string; name: string }[] = [];
  let after: string | null = null;
  let total = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const response: GraphQLResponse<Page> = await t.gql<Page>(pageQuery, {
      ...variables,
      first: pageSize,
      after,
    });
    expect(response.errors).toBeUndefined();
    const page: Page['communities'] = response.data!.communities;
    total = page.totalCount;
    seen.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { seen, total };
}

async function walkBackward(pageSize: number, variables: Record<string, unknown> = {}) {
  const pages: { code: string }[][] = [];
  let before: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const response: GraphQLResponse<Page> = await t.gql<Page>(pageQuery, {
      ...variables,
      last: pageSize,
      before,
    });
    expect(response.errors).toBeUndefined();
    const page: Page['communities'] = response.data!.communities;
    pages.unshift(page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasPreviousPage) break;
    before = page.pageInfo.startCursor;
  }
  return pages.flat();
}

describe('a list across districts (docs/architecture.md §3: merge by a stable key, cursor per district)', () => {
  it('paging forward through all communities of the city visits each exactly once, in code order', async () => {
    const { seen, total } = await walkForward(7);
    const codes = seen.map((node) => node.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(total);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes.map((code) => code.slice(0, 6)))).toEqual(new Set(['320505', '320506', '320508']));
  });

  it('ordered by name, pages interleave districts and still visit each community exactly once', async () => {
    const { seen, total } = await walkForward(11, { orderBy: 'NAME' });
    const codes = seen.map((node) => node.code);
    expect(new Set(codes).size).toBe(total);
    const keys = seen.map((node) => [node.name, node.code] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
    // Within one district the database's collation decides; across districts the merge does.
    expect(codes.length).toBe(sorted.length);
  });

  it('paging backward from the end visits the same rows as paging forward', async () => {
    const forward = (await walkForward(9)).seen.map((node) => node.code);
    const backward = (await walkBackward(9)).map((node) => node.code);
    expect(backward).toEqual(forward);
  });

  it('ordered by name, paging backward visits the same rows as paging forward', async () => {
    const forward = (await walkForward(13, { orderBy: 'NAME' })).seen.map((node) => node.code);
    const backward = (await walkBackward(13, { orderBy: 'NAME' })).map((node) => node.code);
    expect(backward).toEqual(forward);
  });

  it('a cursor taken mid-list resumes in both directions without gaps or repeats', async () => {
    const all = (await walkForward(100)).seen.map((node) => node.code);
    const { data } = await t.gql<Page>(pageQuery, { first: 25 });
    const middle = data!.communities.edges[24]!.cursor;
    const next = await t.gql<Page>(pageQuery, { first: 5, after: middle });
    expect(next.data!.communities.edges.map((edge) => edge.node.code)).toEqual(all.slice(25, 30));
    const previous = await t.gql<Page>(pageQuery, { last: 5, before: middle });
    expect(previous.data!.communities.edges.map((edge) => edge.node.code)).toEqual(all.slice(19, 24));
  });

  it('a filter by parent code asks only the owning district and pages within it', async () => {
    const { seen, total } = await walkForward(4, { filter: { parentCode: '320506001' } });
    expect(total).toBeGreaterThan(0);
    expect(seen.every((node) => node.code.startsWith('320506001'))).toBe(true);
    expect(seen.length).toBe(total);
  });

  it('totalCount sums the districts', async () => {
    const whole = await t.gql<Page>(pageQuery, { first: 1 });
    let sum = 0;
    for (const districtCode of ['320505', '320506', '320508']) {
      const part = await t.gql<Page>(pageQuery, { first: 1, filter: { districtCode } });
      sum += part.data!.communities.totalCount;
    }
    expect(whole.data!.communities.totalCount).toBe(sum);
  });

  it('the districts list is each district once', async () => {
    const { data } = await t.gql(
      '{ districts(first: 10) { totalCount nodes { code name subdistricts(first: 1) { totalCount } } } }',
    );
    expect(data.districts.totalCount).toBe(3);
    expect(data.districts.nodes.map((d: { code: string }) => d.code)).toEqual(['320505', '320506', '320508']);
    expect(data.districts.nodes[0].subdistricts.totalCount).toBeGreaterThan(0);
  });
});
