/**
 * Bureau staff read error messages in Chinese. A request that prefers Chinese (Accept-Language)
 * gets every error the gateway sends in Simplified Chinese: top-level errors carry the code's
 * Chinese message with the specific English message kept in `extensions.detail`; the typed
 * errors mutations return carry it as `message` with the English in `detail`. `extensions.code`
 * never changes. Each case is asked in English and in Chinese, over real HTTP, of a district's
 * own gateway, of a gateway holding several districts, and of a city whose districts are remote
 * (which asks its districts in the caller's language).
 */
import { type ErrorCode, errorCodes } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  type DemoCity,
  encodeGlobalId,
  type ListeningGateway,
  listen,
  openDemoCity,
  type TokenClaims,
} from '../src/index.js';
import { messageLanguageOf } from '../src/server/request-language.js';
import { cityAdmin, testAuth, testToken } from './support/demo-gateway.js';
import { keepOpen, remoteDistrict, serveDistrict } from './support/remote-districts.js';

const han = /\p{Script=Han}/u;
const acceptLanguage = { en: 'en-US,en;q=0.9', zh: 'zh-CN,zh;q=0.9,en;q=0.8' } as const;
type Language = keyof typeof acceptLanguage;

let city: DemoCity;
const running: ListeningGateway[] = [];
/** The gateways every case is asked of, by what they are. */
const gateways: Record<string, string> = {};

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  /** Closed at the end, and asked the cases as `name`. */
  const register = (name: string, gateway: ListeningGateway) => {
    running.push(gateway);
    gateways[name] = gateway.origin;
    return gateway;
  };
  const start = async (name: string, options: Parameters<typeof createGateway>[0]) =>
    register(name, await listen(createGateway({ auth: testAuth, logging: false, ...options }), { port: 0 }));
  // Each district's own gateway, serving it to the city at /districts/<code>/graphql.
  const districts = await Promise.all(
    city.sources.map(async (source) =>
      register(`district ${source.districtCode}`, await serveDistrict(source)),
    ),
  );
  await start('several local districts', { districts: keepOpen(city.sources), subgraph: true });
  await start('a city over remote districts', {
    districts: city.sources.map((source, i) => remoteDistrict(source.districtCode, districts[i]!.origin)),
  });
  // Only the first district's own gateway is asked the cases (they name its codes).
  for (const source of city.sources.slice(1)) delete gateways[`district ${source.districtCode}`];
}, 180_000);

afterAll(async () => {
  for (const gateway of running) await gateway.close();
  await Promise.all((city?.sources ?? []).map((source) => source.close()));
});

interface SentError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; detail?: string; [key: string]: unknown };
}

async function ask(
  origin: string,
  language: Language,
  request: {
    query?: string;
    variables?: Record<string, unknown>;
    /** A raw body instead of { query, variables }. */
    body?: string;
    as?: TokenClaims | 'public' | { token: string };
    path?: string;
  },
): Promise<{ status: number; data?: Record<string, unknown>; errors?: SentError[] }> {
  const as = request.as ?? cityAdmin;
  const token = as === 'public' ? undefined : 'token' in as ? as.token : await testToken(as);
  const response = await fetch(`${origin}${request.path ?? '/graphql'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'accept-language': acceptLanguage[language],
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: request.body ?? JSON.stringify({ query: request.query, variables: request.variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** The one top-level error of the answer in each language, checked against each other. */
async function topLevelError(
  origin: string,
  code: ErrorCode,
  request: Parameters<typeof ask>[2],
): Promise<{ en: SentError; zh: SentError }> {
  const [en, zh] = await Promise.all([ask(origin, 'en', request), ask(origin, 'zh', request)]);
  expect(zh.status).toBe(en.status);
  const english = en.errors?.find((error) => error.extensions?.code === code);
  const chinese = zh.errors?.find((error) => error.extensions?.code === code);
  expect(english, JSON.stringify(en.errors)).toBeDefined();
  expect(chinese, JSON.stringify(zh.errors)).toBeDefined();
  // English: the specific message, as before, and no detail beside it.
  expect(english!.message).not.toBe(errorCodes[code].messageZh);
  expect(english!.extensions?.detail).toBeUndefined();
  // Chinese: the code's Chinese message; the English one kept; every other extension unchanged.
  expect(chinese!.message).toBe(errorCodes[code].messageZh);
  expect(chinese!.message).toMatch(han);
  const { detail, ...chineseExtensions } = chinese!.extensions!;
  expect(detail).toBe(english!.message);
  expect(chineseExtensions).toEqual(english!.extensions);
  expect(chinese!.path).toEqual(english!.path);
  return { en: english!, zh: chinese! };
}

const typedError = '__typename ... on Error { code message detail path }';

/** The typed error a mutation returns, in each language, checked against each other. */
async function unionError(
  origin: string,
  field: string,
  code: ErrorCode,
  typename: string,
  request: Parameters<typeof ask>[2],
): Promise<void> {
  const [en, zh] = await Promise.all([ask(origin, 'en', request), ask(origin, 'zh', request)]);
  expect(en.errors).toBeUndefined();
  expect(zh.errors).toBeUndefined();
  const english = en.data![field] as { __typename: string; code: string; message: string; detail: string };
  const chinese = zh.data![field] as typeof english & { path: string[] };
  expect(english).toMatchObject({ __typename: typename, code });
  expect(english.message).toBe(english.detail);
  expect(english.message).not.toMatch(han);
  expect(chinese).toEqual({
    ...english,
    message: errorCodes[code].messageZh,
    detail: english.detail,
  });
}

const createCommunity = `mutation ($input: CreateCommunityInput!) { createCommunity(input: $input) { ${typedError} } }`;
const renameCommunity = `mutation ($input: RenameUnitInput!) { renameCommunity(input: $input) { ${typedError} } }`;

describe.each([['district 320505'], ['several local districts'], ['a city over remote districts']])(
  'error messages in English and Chinese: %s',
  (name) => {
    const origin = () => gateways[name]!;

    it('a validation error', async () => {
      await topLevelError(origin(), 'INVALID_DIVISION_CODE', {
        query: '{ community(code: "32050500100A") { code } }',
      });
      const { en } = await topLevelError(origin(), 'VALIDATION_FAILED', {
        query: 'query ($n: Int!) { communities(first: $n) { totalCount } }',
        variables: { n: 'x' },
      });
      expect(en.message).toMatch(/^Variable "\$n" got an invalid value/);
      await topLevelError(origin(), 'GRAPHQL_VALIDATION_FAILED', { query: '{ nope }' });
    });

    it('a validation error a district raised', async () => {
      // The access log's cursor is the district's own: the district refuses it, a city passes it on.
      await topLevelError(origin(), 'INVALID_CURSOR', {
        query:
          '{ personalDataAccessLog(districtCode: "320505", first: 2, after: "not-a-cursor") { edges { cursor } } }',
      });
    });

    it('a not-found', async () => {
      await unionError(origin(), 'renameCommunity', 'NOT_FOUND', 'NotFoundError', {
        query: renameCommunity,
        variables: { input: { id: encodeGlobalId('Community', '320505', 999_999), name: '更名' } },
      });
      await unionError(origin(), 'createCommunity', 'DISTRICT_NOT_SERVED', 'NotFoundError', {
        query: createCommunity,
        variables: { input: { code: '110101001001', name: '新社区' } },
      });
    });

    it('a forbidden, top-level and as a mutation’s typed error', async () => {
      await unionError(origin(), 'createCommunity', 'FORBIDDEN', 'ForbiddenError', {
        query: createCommunity,
        variables: { input: { code: '320505001150', name: '新社区' } },
        as: 'public',
      });
      const list = await ask(origin(), 'en', {
        query: '{ socialOrganizations(first: 1, filter: { districtCode: "320505" }) { nodes { id } } }',
      });
      const { id } = (list.data!.socialOrganizations as { nodes: { id: string }[] }).nodes[0]!;
      await topLevelError(origin(), 'FORBIDDEN', {
        query: 'query ($id: ID!) { node(id: $id) { ... on SocialOrganization { auditTrail { action } } } }',
        variables: { id },
        as: { sub: 'staff', role: 'DEPARTMENT_STAFF', district: '320505' },
      });
    });

    it('a mutation’s typed validation and conflict errors', async () => {
      await unionError(origin(), 'createCommunity', 'INVALID_NAME', 'ValidationError', {
        query: createCommunity,
        variables: { input: { code: '320505001150', name: '长'.repeat(101) } },
      });
      await unionError(origin(), 'createCommunity', 'DUPLICATE_CODE', 'ConflictError', {
        query: createCommunity,
        variables: { input: { code: '320505001001', name: '重复社区' } },
      });
    });

    it('HTTP-level errors: a body that is not JSON, a refused token, a body too large', async () => {
      await topLevelError(origin(), 'BAD_REQUEST', { body: '{"query": ' });
      await topLevelError(origin(), 'GRAPHQL_PARSE_FAILED', { query: '{ communities(' });
      // Both ended early by plugins (401, 413), as plain JSON.
      const refused = await topLevelError(origin(), 'UNAUTHENTICATED', {
        query: '{ district(code: "320505") { code } }',
        as: { token: 'not-a-token' },
      });
      expect(refused.zh.message).toBe('身份凭证缺失、无效或已过期，请重新登录');
      await topLevelError(origin(), 'BODY_TOO_LARGE', {
        query: '{ district(code: "320505") { code } }',
        variables: { pad: 'x'.repeat(120_000) },
      });
    });
  },
);

describe('the Chinese answer elsewhere', () => {
  it('at /subgraph', async () => {
    await topLevelError(gateways['several local districts']!, 'GRAPHQL_VALIDATION_FAILED', {
      query: '{ nope }',
      path: '/subgraph',
    });
  });

  it('a district that does not answer', async () => {
    const broken = await listen(
      createGateway({
        // Nothing listens there: the city reports the district unavailable.
        districts: [remoteDistrict('320505', 'http://127.0.0.1:9')],
        auth: testAuth,
        logging: false,
      }),
      { port: 0 },
    );
    running.push(broken);
    const { zh } = await topLevelError(broken.origin, 'DISTRICT_UNAVAILABLE', {
      query: '{ communities(first: 1) { totalCount } }',
    });
    expect(zh.extensions?.district).toBe('320505');
    expect(zh.extensions?.detail).toContain('320505');
  });
});

describe('the language of a request (Accept-Language, RFC 9110 §12.5.4)', () => {
  it.each([
    [null, 'en'],
    ['', 'en'],
    ['zh', 'zh'],
    ['zh-CN', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-Hans-CN,zh;q=0.9', 'zh'],
    ['ZH-cn', 'zh'],
    ['zh-TW', 'zh'],
    ['en', 'en'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.5, zh;q=0.8', 'zh'],
    ['en;q=0.8, zh;q=0.5', 'en'],
    ['fr-FR, zh;q=0.3', 'zh'],
    ['fr-FR', 'en'],
    ['*', 'en'],
    ['zh;q=0, *', 'en'],
    ['en;q=0, *', 'zh'],
    ['zh;q=0', 'en'],
    ['en, zh', 'en'],
    ['zh, en', 'zh'],
    ['zh;q=0.8, en;q=0.8', 'zh'],
    // A malformed weight leaves its range out.
    ['zh;q=2, en;q=0.1', 'en'],
    ['zh;q=0.12345', 'en'],
    ['zh;q=abc', 'en'],
    ['zh-CN ; q=0.9 , en ; q=0.1', 'zh'],
    ['not a language!, zh', 'zh'],
  ] as const)('%j → %s', (header, language) => {
    expect(messageLanguageOf(header)).toBe(language);
  });
});
