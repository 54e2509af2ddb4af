// The client over real HTTP against a real gateway serving the demo city (PGlite, or PostgreSQL
// when SANSHE_TEST_PG is set). The city is opened once: seeding three districts takes seconds.
import { parse } from '@0no-co/graphql.web';
import { demoTestDatabases } from '@sanshe/core/testing';
import { createGateway, type DemoCity, type ListeningGateway, listen, openDemoCity } from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  CommunitiesPage,
  CommunityByCode,
  CreateCommunity,
  createClient,
  graphql,
  isSansheClientError,
  NodeById,
  RenameCommunity,
  type ResultOf,
  RetireCommunity,
  type SansheClient,
  SansheClientError,
  type SchemaErrorCode,
  type TypedDocument,
} from '../src/index.js';
import { recordingFetch } from './support/local-server.js';
import { cityAdminToken, testAuth } from './support/test-auth.js';

let city: DemoCity;
let running: ListeningGateway;
let url: string;
let client: SansheClient;

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  running = await listen(createGateway({ districts: city.sources, logging: false, auth: testAuth }), {
    port: 0,
  });
  url = `${running.origin}/graphql`;
  client = createClient({ url, token: await cityAdminToken() });
});
afterAll(() => running?.close());

describe('typed queries', () => {
  it('returns the typed result of a ready-made document', async () => {
    const result = await client.request(CommunityByCode, { code: '320505001001' });
    expectTypeOf(result.data).toEqualTypeOf<ResultOf<typeof CommunityByCode> | undefined>();
    expect(result.error).toBeUndefined();
    expect(result.data?.community).toMatchObject({
      code: '320505001001',
      districtCode: '320505',
      kind: 'COMMUNITY',
      subdistrict: { code: '320505001' },
    });
  });

  it('returns null, not an error, for a code that names nothing', async () => {
    const { data, error } = await client.request(CommunityByCode, { code: '320505001398' });
    expect(error).toBeUndefined();
    expect(data).toEqual({ community: null });
  });

  it('sends variables, including input objects and enums', async () => {
    const { data, error } = await client.request(CommunitiesPage, {
      first: 5,
      filter: { districtCode: '320506' },
      orderBy: 'NAME',
    });
    expect(error).toBeUndefined();
    const nodes = data?.communities.nodes ?? [];
    expect(nodes).toHaveLength(5);
    expect(nodes.every((node) => node.districtCode === '320506')).toBe(true);
    expect(data?.communities.totalCount).toBeGreaterThan(5);
  });

  it('types a document the integrator writes, with no code generation', async () => {
    const Districts = graphql(`
      query Districts {
        districts(first: 10) {
          totalCount
          nodes {
            code
            name
          }
        }
      }
    `);
    const { data } = await client.request(Districts);
    expectTypeOf(data).toEqualTypeOf<
      { districts: { totalCount: number; nodes: { code: string; name: string }[] } } | undefined
    >();
    expect(data?.districts.nodes.map((district) => district.code)).toEqual(['320505', '320506', '320508']);
  });

  it('finds any record by global ID and narrows it on __typename', async () => {
    const first = await client.request(CommunityByCode, { code: '320505001001' });
    const id = first.data?.community?.id ?? '';
    const { data } = await client.request(NodeById, { id });
    const node = data?.node;
    if (node?.__typename !== 'Community') throw new Error(`expected a Community, got ${node?.__typename}`);
    expectTypeOf(node.version).toEqualTypeOf<number>();
    expect(node.code).toBe('320505001001');
  });
});

describe('paginate', () => {
  it('visits every community of the city exactly once', async () => {
    const { data } = await client.request(CommunitiesPage, { first: 1 });
    const totalCount = data?.communities.totalCount ?? 0;
    expect(totalCount).toBeGreaterThan(100);

    const ids = new Set<string>();
    let visits = 0;
    for await (const community of client.paginate(
      CommunitiesPage,
      { first: 50 },
      (page) => page.communities,
    )) {
      expectTypeOf(community.code).toEqualTypeOf<string>();
      ids.add(community.id);
      visits += 1;
    }
    expect(visits).toBe(totalCount);
    expect(ids.size).toBe(totalCount);
  });

  it('follows edges { node } of a nested connection', async () => {
    const Subdistricts = graphql(`
      query Subdistricts($code: String!, $first: Int, $after: String) {
        district(code: $code) {
          subdistricts(first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { node { code name } }
          }
        }
      }
    `);
    const codes: string[] = [];
    const pages = client.paginate(
      Subdistricts,
      { code: '320508', first: 2 },
      (data) => data.district?.subdistricts,
    );
    for await (const subdistrict of pages) codes.push(subdistrict.code);
    expect(codes.length).toBeGreaterThan(2);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => code.startsWith('320508'))).toBe(true);
  });

  it('yields nothing when the parent of the connection does not exist', async () => {
    const Subdistricts = graphql(`
      query Subdistricts($code: String!, $after: String) {
        district(code: $code) {
          subdistricts(after: $after) { pageInfo { hasNextPage endCursor } nodes { code } }
        }
      }
    `);
    const codes: string[] = [];
    for await (const s of client.paginate(
      Subdistricts,
      { code: '999999' },
      (data) => data.district?.subdistricts,
    ))
      codes.push(s.code);
    expect(codes).toEqual([]);
  });

  it('throws the SansheClientError of a page that fails', async () => {
    const pages = client.paginate(CommunitiesPage, { first: 100_000 }, (data) => data.communities);
    const error = await pages.next().catch((caught: unknown) => caught);
    expect(isSansheClientError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED' });
  });
});

describe('mutations', () => {
  const code = '320505001198';

  it('returns the members of the result union, narrowed on __typename', async () => {
    expect((await client.request(CommunityByCode, { code })).data?.community).toBeNull();

    const created = await client.request(CreateCommunity, { input: { code, name: '客户端测试社区' } });
    expect(created.error).toBeUndefined();
    const result = created.data?.createCommunity;
    if (result?.__typename !== 'CreateCommunitySuccess') throw new Error(`got ${result?.__typename}`);
    expectTypeOf(result.data.code).toEqualTypeOf<string>();
    expect(result.data).toMatchObject({ code, name: '客户端测试社区', version: 1 });

    // The same code again is a conflict, returned as data: the request itself succeeded.
    const again = await client.request(CreateCommunity, { input: { code, name: '又一个' } });
    expect(again.error).toBeUndefined();
    const duplicate = again.data?.createCommunity;
    if (duplicate?.__typename !== 'ConflictError') throw new Error(`got ${duplicate?.__typename}`);
    expectTypeOf(duplicate.code).toEqualTypeOf<SchemaErrorCode>();
    expect(duplicate.code).toBe('DUPLICATE_CODE');
    expect(duplicate.path).toEqual(['input', 'code']);
  });

  it('returns a ValidationError for a code that is not a division code', async () => {
    const { data } = await client.request(CreateCommunity, { input: { code: '320505001999', name: 'x' } });
    const result = data?.createCommunity;
    if (result?.__typename !== 'ValidationError') throw new Error(`got ${result?.__typename}`);
    expect(result.code).toBe('INVALID_DIVISION_CODE');
    expect(result.path).toEqual(['input', 'code']);
  });

  it('renames with optimistic concurrency, then retires', async () => {
    const { data } = await client.request(CreateCommunity, { input: { code: '320505001197', name: '甲' } });
    if (data?.createCommunity.__typename !== 'CreateCommunitySuccess') throw new Error('not created');
    const { id, version } = data.createCommunity.data;

    const renamed = await client.request(RenameCommunity, {
      input: { id, name: '乙', expectedVersion: version },
    });
    const ok = renamed.data?.renameCommunity;
    if (ok?.__typename !== 'RenameCommunitySuccess') throw new Error(`got ${ok?.__typename}`);
    expect(ok.data).toMatchObject({ name: '乙', version: version + 1 });

    const stale = await client.request(RenameCommunity, {
      input: { id, name: '丙', expectedVersion: version },
    });
    const conflict = stale.data?.renameCommunity;
    if (conflict?.__typename !== 'ConflictError') throw new Error(`got ${conflict?.__typename}`);
    expect(conflict).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: version + 1 });

    const retired = await client.request(RetireCommunity, { input: { id, retiredOn: '2030-01-01' } });
    const gone = retired.data?.retireCommunity;
    if (gone?.__typename !== 'RetireCommunitySuccess') throw new Error(`got ${JSON.stringify(gone)}`);
    expect(gone.data.retiredOn).toBe('2030-01-01');
  });
});

describe('errors as values', () => {
  it('returns PAGE_SIZE_EXCEEDED for a page over the limit', async () => {
    const result = await client.request(CommunitiesPage, { first: 100_000 });
    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(SansheClientError);
    expect(result.error).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', status: 200 });
    expect(result.error?.graphQLErrors[0]?.extensions?.code).toBe('PAGE_SIZE_EXCEEDED');
  });

  it('returns INVALID_ID beside the null node for a malformed global ID', async () => {
    const { data, error } = await client.request(NodeById, { id: 'not-a-global-id' });
    expect(error?.code).toBe('INVALID_ID');
    // The gateway answers `{ node: null }` beside the error: partial data is kept.
    expect(data).toEqual({ node: null });
  });

  it('returns INVALID_CURSOR for a cursor the list did not produce', async () => {
    const { error } = await client.request(CommunitiesPage, { first: 5, after: 'garbage' });
    expect(error?.code).toBe('INVALID_CURSOR');
  });

  it('returns the validation error of a document the gateway refuses, with its HTTP status', async () => {
    // Built without `graphql` on purpose: gql.tada would type the unknown field as `unknown`
    // and `gql.tada check` would refuse it.
    const Unknown = parse('query { communities { nope } }') as TypedDocument<
      { communities: unknown },
      Record<string, unknown>
    >;
    const { data, error } = await client.request(Unknown);
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', status: 400 });
    expect(error?.message).toMatch(/^\[GraphQL\] Cannot query field "nope"/);
  });

  it('returns VALIDATION_FAILED for a variable of the wrong type, without echoing the value', async () => {
    const untyped = CommunitiesPage as TypedDocument<unknown, { first: unknown }>;
    const { error } = await client.request(untyped, { first: '110101199003077777' });
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(error?.message).not.toContain('110101199003077777');
  });

  it('returns partial data beside DISTRICT_UNAVAILABLE when a district is down', async () => {
    // The same city, but one district's executor fails as an unreachable database would.
    const [up1, up2, down] = city.sources;
    const keepOpen = { close: async () => {} };
    const broken = listen(
      createGateway({
        logging: false,
        districts: [
          { ...up1!, ...keepOpen },
          { ...up2!, ...keepOpen },
          {
            ...down!,
            ...keepOpen,
            subschema: {
              ...down!.subschema,
              executor: () => {
                throw new Error('connection refused');
              },
            },
          },
        ],
      }),
      { port: 0 },
    );
    const server = await broken;
    try {
      const partial = createClient({ url: `${server.origin}/graphql` });
      const { data, error } = await partial.request(CommunitiesPage, { first: 100 });
      expect(error?.code).toBe('DISTRICT_UNAVAILABLE');
      expect(error?.graphQLErrors[0]?.extensions).toMatchObject({ district: down!.districtCode });
      expect(data?.communities.nodes.length).toBeGreaterThan(0);
      expect(data?.communities.nodes.some((node) => node.districtCode === down!.districtCode)).toBe(false);
      expect(error?.response?.data).toBe(data);
    } finally {
      await server.close();
    }
  });
});

describe('requests', () => {
  it('sends the bearer token, the JSON body and the GraphQL accept header', async () => {
    const recorder = recordingFetch();
    const withToken = createClient({ url, token: 'static-token', fetch: recorder.fetch });
    await withToken.request(CommunityByCode, { code: '320505001001' });
    const [call] = recorder.calls;
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers).toMatchObject({
      authorization: 'Bearer static-token',
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    });
    expect(JSON.parse(String(call?.init.body))).toMatchObject({
      operationName: 'CommunityByCode',
      variables: { code: '320505001001' },
    });
  });

  it('asks getToken before every request, awaiting it', async () => {
    const recorder = recordingFetch();
    let issued = 0;
    const refreshing = createClient({
      url,
      token: 'ignored',
      fetch: recorder.fetch,
      getToken: async () => `token-${++issued}`,
    });
    await refreshing.request(CommunityByCode, { code: '320505001001' });
    await refreshing.request(CommunityByCode, { code: '320505001001' });
    const sent = recorder.calls.map((call) => (call.init.headers as Record<string, string>).authorization);
    expect(sent).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('sends no Authorization header without a token', async () => {
    const recorder = recordingFetch();
    await createClient({ url, fetch: recorder.fetch }).request(CommunityByCode, { code: '320505001001' });
    expect(recorder.calls[0]?.init.headers).not.toHaveProperty('authorization');
  });
});
