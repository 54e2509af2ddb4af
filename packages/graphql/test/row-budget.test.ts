import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServiceTokenSigner,
  type Gateway,
  principalFromClaims,
  publicPrincipal,
} from '../src/index.js';
import { operationRows } from '../src/server/row-budget-plugin.js';
import { overBudgetForms } from './support/boundary-attacks.js';
import { openEveryEndpointGateway, testServiceToken } from './support/demo-gateway.js';

const serviceToken = testServiceToken;
const signServiceToken = createServiceTokenSigner(serviceToken);
let gateway: Gateway;
let adminToken: string;

beforeAll(async () => {
  ({ gateway, adminToken } = await openEveryEndpointGateway());
}, 120_000);

afterAll(() => gateway?.close());

// biome-ignore lint/suspicious/noExplicitAny: loosely read responses
async function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await gateway.yoga.fetch(`http://sanshe.test${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const cityAdmin = principalFromClaims({ sub: 'admin', role: 'CITY_ADMIN' });
const forms = overBudgetForms();
const formCases = forms.map((form) => [form.name, form] as const);

function expectTooCostly(body: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }) {
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
  return body.errors![0]!.extensions!;
}

describe('/graphql: the same over-budget read, however it is written', () => {
  it.each(formCases)('%s: refused for PUBLIC, counted as 1,010,100 rows', async (_name, form) => {
    const { body } = await post('/graphql', { query: form.query, variables: form.variables });
    expect(expectTooCostly(body)).toMatchObject({ rows: 1_010_100, maxRows: 10_000 });
  });

  it.each(formCases)('%s: refused for the city administrator', async (_name, form) => {
    const { body } = await post('/graphql', { query: form.query, variables: form.variables }, adminToken);
    expectTooCostly(body);
  });

  it('a read at the budget is answered, written with fragments and variables', async () => {
    // 100 organizations + 100 × 99 communities = 10,000 rows.
    const { body } = await post(
      '/graphql',
      {
        query: `query($n: Int) { socialOrganizations(first: 100) { ...Page } }
        fragment Page on SocialOrganizationConnection { nodes { name servedCommunities(first: $n) { nodes { code } } } }`,
        variables: { n: 99 },
      },
      adminToken,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.socialOrganizations.nodes.length).toBeGreaterThan(0);
  });

  it('one row over the budget is refused, the default page size counted for a page without first', async () => {
    // 100 + 100 × 20 (default) + 100 × 20 × 4 = 10,100.
    const { body } = await post('/graphql', {
      query: `{ socialOrganizations(first: 100) { ... { nodes { servedCommunities { ...C } } } } }
        fragment C on SocialOrganizationServedCommunitiesConnection { nodes { socialOrganizations(first: 4) { totalCount } } }`,
    });
    expect(expectTooCostly(body).rows).toBe(10_100);
  });
});

describe('/subgraph: the same budget', () => {
  it.each(formCases)('%s: refused for PUBLIC', async (_name, form) => {
    const { body } = await post('/subgraph', { query: form.query, variables: form.variables });
    expectTooCostly(body);
  });

  it('_entities is counted per representation', async () => {
    const { body: page } = await post('/graphql', { query: '{ communities(first: 100) { nodes { id } } }' });
    const representations = page.data.communities.nodes.map((n: { id: string }) => ({
      __typename: 'Community',
      id: n.id,
    }));
    // 100 representations × (100 + 100 × 4) organizations = 50,000 rows.
    const { body } = await post('/subgraph', {
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Community {
        socialOrganizations(first: 100) { nodes { servedCommunities(first: 4) { nodes { code } } } } } } }`,
      variables: { r: representations },
    });
    expect(expectTooCostly(body).rows).toBe(100 + 100 * 500);
  });
});

describe('/districts/<code>/graphql: a budget and a page-size limit', () => {
  const target = '/districts/320505/graphql';

  it.each(formCases)('%s: refused for a PUBLIC caller carried by a service token', async (_name, form) => {
    const { body } = await post(
      target,
      { query: form.query, variables: form.variables },
      await signServiceToken(publicPrincipal),
    );
    // The root page is counted one row short (the row a city adds): 99 + 99 × 100 + 99 × 100 × 100.
    expect(expectTooCostly(body).rows).toBe(999_999);
  });

  it.each(formCases)(
    '%s: refused for the city administrator carried by a service token',
    async (_name, form) => {
      const { body } = await post(
        target,
        { query: form.query, variables: form.variables },
        await signServiceToken(cityAdmin),
      );
      expectTooCostly(body);
    },
  );

  it('a page the city admitted is admitted here too, with the row the city adds', async () => {
    // The city asks for first: 100 + 1 at the root: 100 + 100 × 99 = 10,000 counted.
    const { body } = await post(
      target,
      {
        query:
          '{ socialOrganizations(first: 101) { nodes { name servedCommunities(first: 99) { nodes { code } } } } }',
      },
      await signServiceToken(cityAdmin),
    );
    expect(body.errors).toBeUndefined();
  });

  it('a page over the maximum (and the row a city adds) is refused PAGE_SIZE_EXCEEDED', async () => {
    const { body } = await post(
      target,
      { query: 'query($n: Int) { communities(first: $n) { nodes { code } } }', variables: { n: 102 } },
      await signServiceToken(cityAdmin),
    );
    expect(body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual([
      'PAGE_SIZE_EXCEEDED',
    ]);
  });
});

describe('operationRows', () => {
  const rows = (query: string, variables: Record<string, unknown> = {}) =>
    operationRows(gateway.schema, parse(query), undefined, variables);

  it('counts a fragment each time it is spread, and a selection that may be skipped', () => {
    const fragment = 'fragment F on Query { communities(first: 10) { nodes { code } } }';
    expect(rows(`{ ...F } ${fragment}`)).toBe(10);
    expect(rows(`{ ...F a: communities(first: 10) { nodes { code } } } ${fragment}`)).toBe(20);
    expect(rows(`{ ...F @skip(if: true) } ${fragment}`)).toBe(10);
    expect(rows(`query($skip: Boolean!) { ... @include(if: $skip) { ...F } } ${fragment}`)).toBe(10);
  });

  it('counts a connection read for its count alone, and nothing for single records', () => {
    expect(rows('{ communities(first: 7) { totalCount } }')).toBe(7);
    expect(rows('{ community(code: "320505001001") { subdistrict { name } } }')).toBe(0);
    expect(rows('{ community(code: "320505001001") { grids(last: 3) { edges { node { code } } } } }')).toBe(
      3,
    );
  });

  it('counts fragments that spread each other twice over without walking every copy', () => {
    const depth = 60;
    const fragments = Array.from(
      { length: depth },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const count = rows(
      `{ ...F0 } ${fragments} fragment F${depth} on Query { districts(first: 1) { nodes { code } } }`,
    );
    expect(count).toBe(2 ** depth);
  });
});
