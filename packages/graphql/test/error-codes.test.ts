/**
 * Issue 16: every code the gateway sends is in core's one table, so the schema's `ErrorCode`
 * enum (printed from it) and the client's `ErrorCode` type know it. One request of each failure
 * kind goes through the gateway; every `extensions.code` of every answer is recorded and must
 * be in the table. A static scan of the gateway's sources checks the codes written as literals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorCodes, isErrorCode } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  type DemoCity,
  type DistrictSource,
  type Gateway,
  openDemoCity,
} from '../src/index.js';
import { cityAdmin, testAuth, testServiceToken, testToken } from './support/demo-gateway.js';

const communities = '{ communities(first: 1) { nodes { code } } }';

let city: DemoCity;
let gateway: Gateway;
let persistedOnly: Gateway;
let oneDown: Gateway;
let adminToken: string;
/** Every error of every answer, with the request that drew it. */
const recorded: { request: string; code: unknown; message: string }[] = [];

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  const sources = city.sources.map((source) => ({ ...source, close: async () => {} }));
  gateway = createGateway({
    districts: sources,
    auth: testAuth,
    serviceToken: testServiceToken,
    logging: false,
  });
  persistedOnly = createGateway({
    districts: sources,
    auth: testAuth,
    logging: false,
    persistedOperations: { operations: {}, only: true },
  });
  // One district whose executor fails: the gateway reports it, the others answer.
  const [broken, ...rest] = sources as [DistrictSource, ...DistrictSource[]];
  const failing: DistrictSource = {
    ...broken,
    subschema: {
      ...broken.subschema,
      executor: () => {
        throw new Error('the district is down');
      },
    },
  };
  oneDown = createGateway({ districts: [failing, ...rest], auth: testAuth, logging: false });
  adminToken = await testToken(cityAdmin);
}, 120_000);

afterAll(async () => {
  await Promise.all(city.sources.map((source) => source.close()));
});

/**
 * Send one request in-process and record the code of each error of the answer: what a yoga
 * plugin's onResponse would see, including answers a plugin ended early (413, 401, 404).
 */
async function send(
  name: string,
  init: {
    target?: Gateway;
    path?: string;
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    token?: string | null;
  },
): Promise<unknown[]> {
  const token = init.token === undefined ? adminToken : init.token;
  const method = init.method ?? 'POST';
  const response = await (init.target ?? gateway).yoga.fetch(`http://sanshe.test${init.path ?? '/graphql'}`, {
    method,
    headers: {
      accept: 'application/graphql-response+json',
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...init.headers,
    },
    ...(method === 'POST'
      ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
      : {}),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: unknown } }[];
  };
  const codes = (body.errors ?? []).map((error) => {
    recorded.push({ request: name, code: error.extensions?.code, message: error.message });
    return error.extensions?.code;
  });
  return codes;
}

function nested(depth: number): string {
  let selection = 'code';
  for (let i = 0; i < depth; i++)
    selection = `subdistrict { community(code: "320505001001") { ${selection} } }`;
  return `{ community(code: "320505001001") { ${selection} } }`;
}

describe('every code the gateway sends is in core’s table', () => {
  it('request limits', async () => {
    expect(await send('depth', { body: { query: nested(8) } })).toContain('QUERY_TOO_DEEP');
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: district { code }`).join(' ');
    expect(await send('aliases', { body: { query: `{ ${aliases} }` } })).toContain('TOO_MANY_ALIASES');
    const tokens = `{ communities(first: 1) { nodes { ${'code '.repeat(3_100)}} } }`;
    expect(await send('tokens', { body: { query: tokens } })).toContain('TOO_MANY_TOKENS');
    const directives = '@include(if: true) '.repeat(21);
    expect(
      await send('directives', { body: { query: `{ communities(first: 1) ${directives}{ totalCount } }` } }),
    ).toContain('TOO_MANY_DIRECTIVES');
    const costly = '{ communities(first: 100) { nodes { grids(first: 100) { nodes { code } } } } }';
    expect(await send('rows', { body: { query: costly } })).toContain('QUERY_TOO_COSTLY');
    expect(
      await send('page size', { body: { query: '{ communities(first: 101) { totalCount } }' } }),
    ).toContain('PAGE_SIZE_EXCEEDED');
    expect(
      await send('pagination', { body: { query: '{ communities(first: -1) { totalCount } }' } }),
    ).toContain('INVALID_PAGINATION');
    expect(
      await send('body', { body: { query: communities, variables: { pad: 'x'.repeat(120_000) } } }),
    ).toContain('BODY_TOO_LARGE');
  });

  it('authentication and rights', async () => {
    expect(await send('bad token', { body: { query: communities }, token: 'not-a-token' })).toContain(
      'UNAUTHENTICATED',
    );
    const list = await gateway.yoga.fetch('http://sanshe.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({
        query: '{ socialOrganizations(first: 1, filter: { districtCode: "320505" }) { nodes { id } } }',
      }),
    });
    const { id } = ((await list.json()) as { data: { socialOrganizations: { nodes: { id: string }[] } } })
      .data.socialOrganizations.nodes[0]!;
    const audit =
      'query ($id: ID!) { node(id: $id) { ... on SocialOrganization { auditTrail { action } } } }';
    const staff = await testToken({ sub: 'staff', role: 'DEPARTMENT_STAFF', district: '320505' });
    expect(
      await send('audit by staff', { body: { query: audit, variables: { id } }, token: staff }),
    ).toContain('FORBIDDEN');
  });

  it('persisted operations', async () => {
    expect(await send('document sent', { target: persistedOnly, body: { query: communities } })).toContain(
      'PERSISTED_QUERY_ONLY',
    );
    const unknownHash = { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } };
    expect(await send('unknown hash', { target: persistedOnly, body: unknownHash })).toContain(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect(await send('no hash', { target: persistedOnly, body: {} })).toContain('PERSISTED_QUERY_NOT_FOUND');
  });

  it('documents, variables and HTTP requests that are not right', async () => {
    expect(await send('parse', { body: { query: '{ communities(' } })).toContain('GRAPHQL_PARSE_FAILED');
    expect(await send('validation', { body: { query: '{ nope }' } })).toContain('GRAPHQL_VALIDATION_FAILED');
    const byVariable = 'query ($n: Int!) { communities(first: $n) { totalCount } }';
    expect(await send('variable type', { body: { query: byVariable, variables: { n: 'x' } } })).toContain(
      'VALIDATION_FAILED',
    );
    expect(await send('variable missing', { body: { query: byVariable } })).toContain('VALIDATION_FAILED');
    expect(await send('operation name', { body: { query: communities, operationName: 'Other' } })).toContain(
      'OPERATION_RESOLUTION_FAILURE',
    );
    expect(await send('not JSON', { body: '{"query": ' })).toContain('BAD_REQUEST');
    await send('no query', { body: { variables: {} } });
    const get = `/graphql?query=${encodeURIComponent(communities)}`;
    expect(await send('GET without the CSRF header', { method: 'GET', path: get })).toContain('BAD_REQUEST');
    const mutation =
      'mutation { createCommunity(input: { code: "320505001150", name: "x" }) { __typename } }';
    await send('mutation by GET', {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent(mutation)}`,
      headers: { 'x-graphql-yoga-csrf': '1' },
    });
    const control = '{ community(code: "320505001001\\u0007") { code } }';
    expect(await send('control character', { body: { query: control } })).toContain('INVALID_TEXT');
    expect(await send('bad id', { body: { query: '{ node(id: "nonsense") { id } }' } })).toContain(
      'INVALID_ID',
    );
  });

  it('districts', async () => {
    expect(await send('district down', { target: oneDown, body: { query: communities } })).toContain(
      'DISTRICT_UNAVAILABLE',
    );
    expect(
      await send('district not served', { path: '/districts/999999/graphql', body: { query: communities } }),
    ).toContain('DISTRICT_NOT_SERVED');
    expect(
      await send('district endpoint without a service token', {
        path: `/districts/${city.sources[0]!.districtCode}/graphql`,
        body: { query: communities },
      }),
    ).toContain('UNAUTHENTICATED');
  });

  it('every recorded error carries a code from the table', () => {
    expect(recorded.length).toBeGreaterThan(20);
    const outside = recorded.filter(({ code }) => !isErrorCode(code));
    expect(outside).toEqual([]);
  });
});

describe('the codes the gateway writes in its sources', () => {
  const sourceDir = fileURLToPath(new URL('../src', import.meta.url));
  const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file, text: readFileSync(join(sourceDir, file), 'utf8') }));
  // `code: 'X'` in error extensions, `tagged('X')` for armor's refusals, `new SansheError('X'`.
  const patterns = [
    /\bcode:\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /\btagged\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /\bSansheError\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
  ];
  const literals = files.flatMap(({ file, text }) =>
    patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => ({ file, code: match[1]! }))),
  );

  it('finds the codes it looks for', () => {
    const found = new Set(literals.map(({ code }) => code));
    for (const code of ['QUERY_TOO_DEEP', 'BODY_TOO_LARGE', 'PERSISTED_QUERY_ONLY', 'DISTRICT_NOT_SERVED'])
      expect(found).toContain(code);
  });

  it('each is in core’s table', () => {
    expect(literals.filter(({ code }) => !Object.hasOwn(errorCodes, code))).toEqual([]);
  });
});
