/**
 * Which web pages a browser lets read the gateway's answers (CORS), over real HTTP: only the
 * configured origins, at /graphql only; without configuration none in production and only pages
 * of the developer's own machine outside it; never at the endpoints for servers (/subgraph,
 * /districts/<code>/graphql). A preflight (OPTIONS) and an actual request are sent from an
 * allowed origin, a refused one and without an Origin, to each gateway.
 */
import { randomBytes } from 'node:crypto';
import { createPersonalDataKeyring, type DistrictDatabase } from '@sanshe/core';
import { createTestDistrictDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corsPolicyFromEnv } from '../src/cli/cors-config.js';
import { UsageError } from '../src/cli/usage-error.js';
import {
  type CreateGatewayOptions,
  createGateway,
  createLocalDistrictSource,
  type DistrictSource,
  type ListeningGateway,
  listen,
} from '../src/index.js';
import { CorsPolicyError, checkCorsPolicy } from '../src/server/cors.js';
import { testAuth, testServiceToken, testToken } from './support/demo-gateway.js';

const allowed = 'https://sanshe.mzj.example.gov.cn';
const other = 'https://elsewhere.example.com';
const devServer = 'http://localhost:5173';
const query = JSON.stringify({ query: '{ __typename }' });

let database: DistrictDatabase;
let source: DistrictSource;
const running: ListeningGateway[] = [];

beforeAll(async () => {
  // Production refuses the published development keyring: the district is keyed.
  database = {
    ...(await createTestDistrictDatabase({ districtCode: '320505' })),
    personalData: createPersonalDataKeyring({ keys: { k1: randomBytes(32) }, lookupKey: randomBytes(32) }),
  };
  // Every gateway below shares the district; it is closed once, after them.
  source = { ...createLocalDistrictSource(database), close: async () => {} };
}, 120_000);

afterAll(async () => {
  for (const gateway of running) await gateway.close();
  await database?.close();
});

async function serve(options: Partial<CreateGatewayOptions>): Promise<string> {
  const gateway = await listen(
    createGateway({ districts: [source], auth: testAuth, logging: false, ...options }),
    { port: 0 },
  );
  running.push(gateway);
  return gateway.origin;
}

/** The preflight a browser sends before a cross-origin POST with a token and JSON. */
function preflight(target: string, origin: string | null) {
  return fetch(target, {
    method: 'OPTIONS',
    headers: {
      ...(origin ? { origin } : {}),
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

async function post(target: string, origin: string | null) {
  return fetch(target, {
    method: 'POST',
    headers: {
      ...(origin ? { origin } : {}),
      'content-type': 'application/json',
      authorization: `Bearer ${await testToken({ sub: 'admin', role: 'CITY_ADMIN' })}`,
    },
    body: query,
  });
}

/** What a browser on `origin` is told it may do with `target`. */
async function corsOf(target: string, origin: string | null) {
  const [before, actual] = await Promise.all([preflight(target, origin), post(target, origin)]);
  const answer = (await actual.json()) as { data?: unknown };
  return {
    preflight: {
      status: before.status,
      allowOrigin: before.headers.get('access-control-allow-origin'),
      allowMethods: before.headers.get('access-control-allow-methods'),
      allowHeaders: before.headers.get('access-control-allow-headers'),
      allowCredentials: before.headers.get('access-control-allow-credentials'),
      maxAge: before.headers.get('access-control-max-age'),
    },
    actual: {
      status: actual.status,
      data: answer.data,
      allowOrigin: actual.headers.get('access-control-allow-origin'),
      allowCredentials: actual.headers.get('access-control-allow-credentials'),
      exposeHeaders: actual.headers.get('access-control-expose-headers'),
      vary: actual.headers.get('vary'),
    },
  };
}

function expectAllowed(answer: Awaited<ReturnType<typeof corsOf>>, origin: string) {
  expect(answer.preflight).toEqual({
    status: 204,
    allowOrigin: origin,
    allowMethods: 'GET, POST',
    allowHeaders: 'authorization, content-type',
    allowCredentials: null,
    maxAge: '600',
  });
  expect(answer.actual).toMatchObject({
    status: 200,
    data: { __typename: 'Query' },
    allowOrigin: origin,
    allowCredentials: null,
    exposeHeaders: 'retry-after, x-request-id',
  });
  expect(answer.actual.vary).toMatch(/\bOrigin\b/);
}

/** No CORS header: the browser keeps the answer from the page (the server still answers). */
function expectRefused(answer: Awaited<ReturnType<typeof corsOf>>) {
  expect(answer.preflight).toMatchObject({ allowOrigin: null, allowMethods: null, allowCredentials: null });
  expect(answer.actual).toMatchObject({ allowOrigin: null, allowCredentials: null, exposeHeaders: null });
}

describe('production', () => {
  it('without configuration, no origin may read /graphql', async () => {
    const origin = await serve({ production: true });
    for (const from of [allowed, other, devServer, 'null'])
      expectRefused(await corsOf(`${origin}/graphql`, from));
    expectRefused(await corsOf(`${origin}/graphql`, null));
  });

  it('with origins configured, exactly those', async () => {
    const origin = await serve({ production: true, cors: { origins: [allowed, 'http://10.3.0.8:8080'] } });
    expectAllowed(await corsOf(`${origin}/graphql`, allowed), allowed);
    expectAllowed(await corsOf(`${origin}/graphql`, 'http://10.3.0.8:8080'), 'http://10.3.0.8:8080');
    for (const from of [
      other,
      devServer,
      'null',
      `${allowed}.evil.example`,
      allowed.replace('https', 'http'),
    ])
      expectRefused(await corsOf(`${origin}/graphql`, from));
    expectRefused(await corsOf(`${origin}/graphql`, null));
  });

  it('credentials only when configured', async () => {
    const origin = await serve({ production: true, cors: { origins: [allowed], credentials: true } });
    const answer = await corsOf(`${origin}/graphql`, allowed);
    expect(answer.preflight.allowCredentials).toBe('true');
    expect(answer.actual.allowCredentials).toBe('true');
    expectRefused(await corsOf(`${origin}/graphql`, other));
  });

  it('"*" lets every origin read, without credentials', async () => {
    const origin = await serve({ production: true, cors: { origins: ['*'] } });
    expectAllowed(await corsOf(`${origin}/graphql`, other), other);
    expectRefused(await corsOf(`${origin}/graphql`, null));
  });

  it('the endpoints for servers answer no origin, even an allowed one', async () => {
    const origin = await serve({
      production: true,
      cors: { origins: [allowed] },
      subgraph: true,
      serviceToken: testServiceToken,
    });
    for (const path of ['/subgraph', '/districts/320505/graphql', '/health', '/ready']) {
      const before = await preflight(`${origin}${path}`, allowed);
      expect(before.headers.get('access-control-allow-origin'), path).toBeNull();
      const actual = await post(`${origin}${path}`, allowed);
      expect(actual.headers.get('access-control-allow-origin'), path).toBeNull();
      await actual.body?.cancel();
    }
  });
});

describe('outside production (the demo)', () => {
  it('without configuration, pages of the developer’s own machine only', async () => {
    const origin = await serve({});
    for (const from of [devServer, 'http://127.0.0.1:3000', 'http://[::1]:8080', 'https://localhost'])
      expectAllowed(await corsOf(`${origin}/graphql`, from), from);
    for (const from of [other, allowed, 'null', 'http://localhost.evil.example', 'http://10.0.0.1:5173'])
      expectRefused(await corsOf(`${origin}/graphql`, from));
    expectRefused(await corsOf(`${origin}/graphql`, null));
  });

  it('with origins configured, exactly those, and no longer the local machine', async () => {
    const origin = await serve({ cors: { origins: [allowed] } });
    expectAllowed(await corsOf(`${origin}/graphql`, allowed), allowed);
    expectRefused(await corsOf(`${origin}/graphql`, devServer));
    expectRefused(await corsOf(`${origin}/graphql`, other));
  });

  it('an empty list closes it', async () => {
    const origin = await serve({ cors: { origins: [] } });
    expectRefused(await corsOf(`${origin}/graphql`, devServer));
  });
});

describe('configured origins are checked at start', () => {
  it.each([
    ['https://sanshe.example.gov.cn/', /no trailing slash.*"https:\/\/sanshe\.example\.gov\.cn"/],
    ['https://sanshe.example.gov.cn/graphql', /no path/],
    ['https://sanshe.example.gov.cn?x=1', /no path, query or fragment/],
    ['https://user@sanshe.example.gov.cn', /no user name/],
    ['HTTPS://Sanshe.Example.Gov.Cn', /lower case.*"https:\/\/sanshe\.example\.gov\.cn"/],
    ['https://sanshe.example.gov.cn:443', /default port.*"https:\/\/sanshe\.example\.gov\.cn"/],
    ['sanshe.example.gov.cn', /not an origin: write scheme:\/\/host\[:port\]/],
    ['https://*.example.gov.cn', /no wildcards/],
    ['ftp://sanshe.example.gov.cn', /http:\/\/ or https:\/\//],
    ['null', /not an origin/],
  ])('%s is refused', (origin, reason) => {
    expect(() => checkCorsPolicy({ origins: [origin] })).toThrow(CorsPolicyError);
    expect(() => checkCorsPolicy({ origins: [origin] })).toThrow(reason);
    expect(() => createGateway({ districts: [source], logging: false, cors: { origins: [origin] } })).toThrow(
      CorsPolicyError,
    );
  });

  it('"*" goes alone and without credentials', () => {
    expect(() => checkCorsPolicy({ origins: ['*'], credentials: true })).toThrow(
      /cannot go with credentials/,
    );
    expect(() => checkCorsPolicy({ origins: ['*', allowed] })).toThrow(/listed alone/);
  });

  it('well-formed origins are kept, once each', () => {
    expect(
      checkCorsPolicy({ origins: [allowed, 'http://localhost:5173', 'https://[::1]:8443', allowed] }),
    ).toEqual({ origins: [allowed, 'http://localhost:5173', 'https://[::1]:8443'], credentials: false });
  });

  it('SANSHE_CORS_ORIGINS: comma-separated, unset or empty for the default, refused with its name', () => {
    expect(corsPolicyFromEnv({})).toBeUndefined();
    expect(corsPolicyFromEnv({ SANSHE_CORS_ORIGINS: ' ' })).toBeUndefined();
    expect(corsPolicyFromEnv({ SANSHE_CORS_ORIGINS: `${allowed}, http://10.3.0.8:8080` })).toEqual({
      origins: [allowed, 'http://10.3.0.8:8080'],
      credentials: false,
    });
    expect(() => corsPolicyFromEnv({ SANSHE_CORS_ORIGINS: `${allowed}/` })).toThrow(UsageError);
    expect(() => corsPolicyFromEnv({ SANSHE_CORS_ORIGINS: `${allowed}/` })).toThrow(/^SANSHE_CORS_ORIGINS: /);
    expect(() => corsPolicyFromEnv({ SANSHE_CORS_ORIGINS: ',' })).toThrow(/lists no origin/);
  });
});
