/**
 * Issue 5, limits and hardening, over real HTTP: every oversized or abusive request is refused
 * with a typed code before anything runs, and production mode closes introspection and GraphiQL
 * and will not start without token verification.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createPersonalDataKeyring } from '@sanshe/core';
import { createTestDistrictDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type DemoCity, type ListeningGateway, listen, openDemoCity } from '../src/index.js';
import { testAuth, testToken } from './support/demo-gateway.js';

let city: DemoCity;
let running: ListeningGateway;
let production: ListeningGateway;
let url: string;
let adminToken: string;

const communitiesQuery = '{ communities(first: 1) { nodes { code } } }';
const persisted = { [createHash('sha256').update(communitiesQuery).digest('hex')]: communitiesQuery };

beforeAll(async () => {
  // Production refuses the published development keyring: these districts are keyed.
  const personalData = createPersonalDataKeyring({
    keys: { k1: randomBytes(32) },
    lookupKey: randomBytes(32),
  });
  city = await openDemoCity({
    openDatabase: async (districtCode) => ({
      ...(await createTestDistrictDatabase({ districtCode })),
      personalData,
    }),
  });
  const keepOpen = city.sources.map((source) => ({ ...source, close: async () => {} }));
  running = await listen(createGateway({ districts: keepOpen, logging: false, auth: testAuth }), { port: 0 });
  production = await listen(
    createGateway({
      districts: keepOpen,
      logging: false,
      auth: testAuth,
      production: true,
      persistedOperations: { operations: persisted, only: true },
    }),
    { port: 0 },
  );
  url = `${running.origin}/graphql`;
  adminToken = await testToken({ sub: 'admin', role: 'CITY_ADMIN' });
}, 120_000);

afterAll(async () => {
  await running?.close();
  await production?.close();
  await Promise.all(city.sources.map((source) => source.close()));
});

async function post(body: unknown, target = url, headers: Record<string, string> = {}) {
  const response = await fetch(target, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${adminToken}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: loosely read responses
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: response.status, body: json };
}

function nested(depth: number): string {
  let selection = 'code';
  for (let i = 0; i < depth; i++)
    selection = `subdistrict { district { subdistricts(first: 1) { nodes { communities(first: 1) { nodes { ${selection} } } } } } }`;
  return `{ community(code: "320505001001") { ${selection} } }`;
}

describe('operation limits (graphql-armor, row budget)', () => {
  const cases: [string, () => unknown, string][] = [
    ['a query nested past the depth limit', () => ({ query: nested(3) }), 'QUERY_TOO_DEEP'],
    [
      'sixteen aliases of one field',
      () => ({
        query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: districts(first: 1) { totalCount }`).join(' ')} }`,
      }),
      'TOO_MANY_ALIASES',
    ],
    [
      'a document of more than 3,000 tokens',
      () => ({ query: `{ ${Array.from({ length: 3100 }, () => '__typename').join(' ')} }` }),
      'TOO_MANY_TOKENS',
    ],
    [
      'nested pages of 100 with the size passed as variables',
      () => ({
        query:
          'query($n: Int) { subdistricts(first: $n) { nodes { communities(first: $n) { nodes { socialOrganizations(first: $n) { nodes { name } } } } } } }',
        variables: { n: 100 },
      }),
      'QUERY_TOO_COSTLY',
    ],
    [
      'many directives',
      () => ({ query: `{ districts(first: 1) { totalCount ${'@include(if: true) '.repeat(25)} } }` }),
      'TOO_MANY_DIRECTIVES',
    ],
  ];

  it.each(cases)('%s → %s', async (_label, make, code) => {
    const { status, body } = await post(make());
    expect(status).toBeGreaterThanOrEqual(200);
    expect(body.data ?? null).toBeNull();
    expect(body.errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toContain(code);
  });

  it('the deepest and the costliest ready-made queries pass', async () => {
    const { body } = await post({ query: nested(1) });
    expect(body.errors).toBeUndefined();
  });

  it('refuses a misspelled field without suggesting the right one', async () => {
    const { body } = await post({ query: '{ communitie(first: 1) { totalCount } }' });
    expect(JSON.stringify(body.errors)).not.toMatch(/Did you mean/);
  });
});

describe('request hardening', () => {
  it('refuses a body over 100 kB with 413 BODY_TOO_LARGE, huge variables included', async () => {
    const { status, body } = await post({
      query: communitiesQuery,
      variables: { padding: 'x'.repeat(200_000) },
    });
    expect(status).toBe(413);
    expect(body.errors[0].extensions.code).toBe('BODY_TOO_LARGE');
  });

  it('executes no batch: an array of operations is refused', async () => {
    const { status, body } = await post([{ query: communitiesQuery }, { query: communitiesQuery }]);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(body.data).toBeUndefined();
  });

  it('refuses a GET without the CSRF header, accepts one with it', async () => {
    const target = `${url}?query=${encodeURIComponent(communitiesQuery)}`;
    const bare = await fetch(target, { headers: { accept: 'application/graphql-response+json' } });
    expect(bare.status).toBe(403);
    const withHeader = await fetch(target, {
      headers: { accept: 'application/graphql-response+json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(withHeader.status).toBe(200);
  });

  it('refuses a form-encoded POST, the kind a hostile page can send without a preflight', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent(communitiesQuery)}`,
    });
    expect(response.status).toBe(403);
  });
});

describe('production mode', () => {
  const target = () => `${production.origin}/graphql`;

  it('answers introspection with an error and serves no GraphiQL page', async () => {
    const { body } = await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: Object.keys(persisted)[0] } } },
      target(),
    );
    expect(body.errors).toBeUndefined();
    const page = await fetch(target(), { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
  });

  it('executes only persisted operations when told to', async () => {
    const arbitrary = await post({ query: '{ __schema { types { name } } }' }, target());
    expect(arbitrary.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
      target(),
    );
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses introspection even as a persisted operation', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    const gateway = createGateway({
      districts: city.sources.map((source) => ({ ...source, close: async () => {} })),
      logging: false,
      auth: testAuth,
      production: true,
    });
    const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: introspection }),
    });
    const body = await response.json();
    expect(body.data ?? null).toBeNull();
    expect(JSON.stringify(body.errors)).toMatch(/introspection/i);
  });

  it('will not start without token verification', () => {
    expect(() => createGateway({ districts: city.sources, production: true })).toThrow(/token verification/);
  });

  it('will not start on the published development keyring of personal data', async () => {
    const unkeyed = await createTestDistrictDatabase({ districtCode: '320505' });
    try {
      const { createLocalDistrictSource } = await import('../src/index.js');
      expect(() =>
        createGateway({ districts: [createLocalDistrictSource(unkeyed)], production: true, auth: testAuth }),
      ).toThrow(/personal-data keys: district 320505 runs on the published development keyring/);
    } finally {
      await unkeyed.close();
    }
  });
});

describe('production mode: the subgraph SDL is for authenticated callers (issue 15, item 9)', () => {
  const sdlQueries: [string, string][] = [
    ['asked plainly', '{ _service { sdl } }'],
    ['under an alias', '{ schema: _service { sdl } }'],
    ['inside a fragment', '{ ...Sdl } fragment Sdl on Query { ... { _service { sdl } } }'],
  ];
  const subgraphGateway = (productionMode: boolean) =>
    createGateway({
      districts: city.sources.map((source) => ({ ...source, close: async () => {} })),
      logging: false,
      auth: testAuth,
      subgraph: true,
      production: productionMode,
    });
  async function askSubgraph(
    gateway: ReturnType<typeof createGateway>,
    query: string,
    token?: string,
    // biome-ignore lint/suspicious/noExplicitAny: loosely read responses
  ): Promise<{ status: number; body: any }> {
    const response = await gateway.yoga.fetch('http://sanshe.test/subgraph', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: await response.json() };
  }

  it.each(sdlQueries)('anonymous, %s: 401 UNAUTHENTICATED, no SDL', async (_label, query) => {
    const { status, body } = await askSubgraph(subgraphGateway(true), query);
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(JSON.stringify(body)).not.toMatch(/type Community/);
  });

  it('with a valid token (what a federation router sends): the SDL', async () => {
    const token = await testToken({ sub: 'federation-router', role: 'DEPARTMENT_STAFF', district: '320505' });
    const { status, body } = await askSubgraph(subgraphGateway(true), '{ _service { sdl } }', token);
    expect(status).toBe(200);
    expect(body.data._service.sdl).toMatch(/type Community/);
  });

  it('anonymous reads other than the SDL are served as before', async () => {
    const { body } = await askSubgraph(subgraphGateway(true), '{ districts(first: 1) { totalCount } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.districts.totalCount).toBe(3);
  });

  it('not in production: the SDL is served to anonymous callers as before', async () => {
    const { status, body } = await askSubgraph(subgraphGateway(false), '{ _service { sdl } }');
    expect(status).toBe(200);
    expect(body.data._service.sdl).toMatch(/type Community/);
  });
});
