/**
 * A gateway of one local district (a district's own gateway) executes the district schema
 * itself instead of delegating to it. It must answer exactly as the delegating gateway does:
 * the same data, cursors, page boundaries, nulls for other districts, typed errors and
 * DISTRICT_UNAVAILABLE. Each operation below runs through both schemas, for two callers.
 */
import { createTestDistrictDatabase, demoTestDatabases } from '@sanshe/core/testing';
import { type ExecutionResult, execute, type GraphQLSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFromClaims } from '../src/auth/principal.js';
import { createGatewaySchema } from '../src/gateway/gateway-schema.js';
import {
  type LocalDistrictSource,
  oneLocalDistrict,
  oneLocalDistrictSchema,
} from '../src/gateway/one-local-district.js';
import {
  createGateway,
  createLocalDistrictSource,
  type DemoCity,
  encodeGlobalId,
  openDemoCity,
  type TokenClaims,
} from '../src/index.js';
import { maskError } from '../src/server/mask-error.js';
import { testAuth, testToken } from './support/demo-gateway.js';

let city: DemoCity;
let source: LocalDistrictSource;
let delegating: { plain: GraphQLSchema; subgraph: GraphQLSchema };
let local: { plain: GraphQLSchema; subgraph: GraphQLSchema };
let districtCode: string;
const otherDistrict = '999999';

const cityAdmin: TokenClaims = { sub: 'city-admin', role: 'CITY_ADMIN' };

/** The answer as a client sees it: data, each error's path and code, and the district errors. */
function asClientSees(result: ExecutionResult, districtErrors: { extensions: Record<string, unknown> }[]) {
  return {
    data: result.data ?? null,
    errors: (result.errors ?? []).map((error) => {
      const masked = maskError(error, 'Unexpected error.') as { extensions?: Record<string, unknown> };
      return { path: error.path ?? null, code: masked.extensions?.code ?? null };
    }),
    districtErrors: districtErrors.map((error) => error.extensions),
  };
}

async function both(
  query: string,
  variables: Record<string, unknown> = {},
  claims: TokenClaims = cityAdmin,
  which: 'plain' | 'subgraph' = 'plain',
) {
  const principal = principalFromClaims({ ...claims });
  const document = parse(query);
  expect(validate(delegating[which], document)).toEqual([]);
  const viaDelegation = { principal, districtErrors: [] };
  const viaLocal = { ...source.contextFor(principal), principal, districtErrors: [] };
  const delegated = await execute({
    schema: delegating[which],
    document,
    variableValues: variables,
    contextValue: viaDelegation,
  });
  const executed = await execute({
    schema: local[which],
    document,
    variableValues: variables,
    contextValue: viaLocal,
  });
  return {
    delegated: asClientSees(delegated, viaDelegation.districtErrors),
    local: asClientSees(executed, viaLocal.districtErrors),
  };
}

async function expectSame(
  query: string,
  variables?: Record<string, unknown>,
  claims?: TokenClaims,
  which?: 'plain' | 'subgraph',
) {
  const { delegated, local: executed } = await both(query, variables, claims, which);
  expect(executed).toEqual(delegated);
  return executed;
}

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  source = oneLocalDistrict([city.sources[0]!])!;
  districtCode = source.districtCode;
  delegating = {
    plain: createGatewaySchema([source]),
    subgraph: createGatewaySchema([source], { subgraph: true }),
  };
  local = {
    plain: oneLocalDistrictSchema(source),
    subgraph: oneLocalDistrictSchema(source, { subgraph: true }),
  };
});

afterAll(async () => {
  await Promise.all(city.sources.map((s) => s.close()));
});

const organizationsPage = `query($first: Int, $last: Int, $after: String, $before: String, $filter: SocialOrganizationFilter) {
  socialOrganizations(first: $first, last: $last, after: $after, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name community { code name } posts(first: 2) { nodes { title worker { name } } } } }
  } }`;

describe('a gateway of one local district', () => {
  it('is only chosen for exactly one local district', () => {
    expect(oneLocalDistrict(city.sources)).toBeUndefined();
    expect(oneLocalDistrict([city.sources[0]!])).toBe(city.sources[0]);
  });

  it('pages forward and backward through a list with the same cursors and boundaries', async () => {
    const first = await expectSame(organizationsPage, { first: 3 });
    const page = (first.data as { socialOrganizations: { pageInfo: { endCursor: string } } })
      .socialOrganizations;
    expect(page.pageInfo.endCursor).toBeTruthy();
    const second = await expectSame(organizationsPage, { first: 3, after: page.pageInfo.endCursor });
    const secondPage = (second.data as { socialOrganizations: { pageInfo: { startCursor: string } } })
      .socialOrganizations;
    await expectSame(organizationsPage, { last: 2, before: secondPage.pageInfo.startCursor });
    await expectSame(organizationsPage, { last: 4 });
  });

  it('answers a filter naming another district with an empty page, and refuses bad paging alike', async () => {
    const other = await expectSame(organizationsPage, { first: 5, filter: { districtCode: otherDistrict } });
    expect(other.data).toMatchObject({ socialOrganizations: { totalCount: 0, edges: [] } });
    const bad = await expectSame(organizationsPage, { first: 5, filter: { districtCode: '12' } });
    expect(bad.errors.map((e) => e.code)).toEqual(['INVALID_DIVISION_CODE']);
    const both = await expectSame(organizationsPage, { first: 2, last: 2 });
    expect(both.errors.map((e) => e.code)).toEqual(['INVALID_PAGINATION']);
    const forged = await expectSame(organizationsPage, { first: 2, after: 'not-a-cursor' });
    expect(forged.errors.map((e) => e.code)).toEqual(['INVALID_CURSOR']);
  });

  it('answers the other lists, lookups and indicators the same, for a city and a community caller', async () => {
    const community = (await both(`query { communities(first: 1) { nodes { code } } }`)).local.data as {
      communities: { nodes: { code: string }[] };
    };
    const communityCode = community.communities.nodes[0]!.code;
    const staff: TokenClaims = {
      sub: 'community-staff',
      role: 'COMMUNITY_STAFF',
      district: districtCode,
      community: communityCode,
    };
    for (const claims of [cityAdmin, staff]) {
      await expectSame(`query { communities(first: 4) { totalCount nodes { code name kind } } }`, {}, claims);
      await expectSame(
        `query { socialWorkers(first: 4) { totalCount edges { cursor node { name residentIdMasked } } } }`,
        {},
        claims,
      );
      await expectSame(
        `query($code: String!) { community(code: $code) { code name socialOrganizations(first: 3) { totalCount nodes { name } } } }`,
        { code: communityCode },
        claims,
      );
      await expectSame(
        `query($code: String!) { indicators(unitCode: $code) { key numerator denominator value } }`,
        {
          code: districtCode,
        },
      );
      await expectSame(`query { cityIndicators { key numerator denominator value districts } }`, {}, claims);
      await expectSame(
        `query { publicCreditReport(query: { name: "社" }) { organization { name } listEntries { list listedOn } } }`,
        {},
        claims,
      );
    }
  });

  it('answers null for a code or ID of another district and a typed error for a malformed one', async () => {
    const lookups = `query($code: String!, $id: ID!) { community(code: $code) { name } node(id: $id) { id } }`;
    const foreign = await expectSame(lookups, {
      code: `${otherDistrict}001001`,
      id: encodeGlobalId('Community', otherDistrict, 1),
    });
    expect(foreign.data).toEqual({ community: null, node: null });
    const malformed = await expectSame(lookups, { code: 'abc', id: 'not-an-id' });
    expect(malformed.errors.map((e) => e.code).sort()).toEqual(['INVALID_DIVISION_CODE', 'INVALID_ID']);
    const own = await expectSame(lookups, {
      code: `${districtCode}001001`,
      id: encodeGlobalId('Community', districtCode, 1),
    });
    expect(own.errors).toEqual([]);
  });

  it('a district’s figures, which cannot be null, answer another district with DISTRICT_NOT_SERVED, not an internal error', async () => {
    for (const [query, argument] of [
      [`query($code: String!) { indicators(unitCode: $code) { key } }`, 'unitCode'],
      [`query($code: String!) { timeBankTotals(districtCode: $code) { pointsIssued } }`, 'districtCode'],
      [
        `query($code: String!) { consultationFigures(unitCode: $code, from: "2026-01-01", to: "2026-06-30") { meetingsHeld } }`,
        'unitCode',
      ],
    ] as const) {
      // The error names the argument that names the district, as every typed error does.
      const foreign = await expectSame(query, { code: otherDistrict });
      expect(foreign.errors).toEqual([{ path: [argument], code: 'DISTRICT_NOT_SERVED' }]);
    }
  });

  it('refuses a mutation on another district as DISTRICT_NOT_SERVED and bad input with the same typed error', async () => {
    const rename = `mutation($input: RenameUnitInput!) { renameCommunity(input: $input) { __typename ... on Error { code } } }`;
    const foreign = await expectSame(rename, {
      input: { id: encodeGlobalId('Community', otherDistrict, 1), name: '新名' },
    });
    expect(foreign.data).toEqual({
      renameCommunity: { __typename: 'NotFoundError', code: 'DISTRICT_NOT_SERVED' },
    });
    const empty = await expectSame(rename, {
      input: { id: encodeGlobalId('Community', districtCode, 1), name: '' },
    });
    expect(empty.data).toMatchObject({ renameCommunity: { code: expect.any(String) } });
  });

  it('resolves federation references of its own district and answers null for the others', async () => {
    const ids = (await both(`query { communities(first: 2) { nodes { id } } }`)).local.data as {
      communities: { nodes: { id: string }[] };
    };
    const representations = [
      { __typename: 'Community', id: ids.communities.nodes[1]!.id },
      { __typename: 'Community', id: encodeGlobalId('Community', otherDistrict, 1) },
      { __typename: 'Community', id: 'not-an-id' },
      { __typename: 'Community', id: ids.communities.nodes[0]!.id },
    ];
    const entities = await expectSame(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Community { code name } } }`,
      { representations },
      cityAdmin,
      'subgraph',
    );
    const found = (entities.data as { _entities: unknown[] })._entities;
    expect(found.map((entity) => entity === null)).toEqual([false, true, true, false]);
    await expectSame(`query { _service { sdl } }`, {}, cityAdmin, 'subgraph');
  });

  it('serves its requests through createGateway with the caller from the token', async () => {
    const gateway = createGateway({
      districts: [{ ...source, close: async () => {} }],
      auth: testAuth,
      logging: false,
    });
    const token = await testToken(cityAdmin);
    const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: organizationsPage, variables: { first: 3 } }),
    });
    const viaHttp = (await response.json()) as { data: unknown };
    const { delegated } = await both(organizationsPage, { first: 3 });
    expect(viaHttp.data).toEqual(delegated.data);
  });

  it('reports a district whose database fails as DISTRICT_UNAVAILABLE, as a delegating gateway does', async () => {
    const database = await createTestDistrictDatabase({ districtCode: '320999' });
    // A source whose database is closed: every query it runs fails.
    const failing = oneLocalDistrict([createLocalDistrictSource(database)])!;
    await database.close();
    const principal = principalFromClaims({ ...cityAdmin });
    const query = parse(`query { socialOrganizations(first: 2) { totalCount nodes { name } } }`);
    const viaDelegation = { principal, districtErrors: [] as { extensions: Record<string, unknown> }[] };
    const viaLocal = {
      ...failing.contextFor(principal),
      principal,
      districtErrors: [] as { extensions: Record<string, unknown> }[],
    };
    const delegated = await execute({
      schema: createGatewaySchema([failing]),
      document: query,
      contextValue: viaDelegation,
    });
    const executed = await execute({
      schema: oneLocalDistrictSchema(failing),
      document: query,
      contextValue: viaLocal,
    });
    expect(asClientSees(executed, viaLocal.districtErrors)).toEqual(
      asClientSees(delegated, viaDelegation.districtErrors),
    );
    expect(viaLocal.districtErrors.map((e) => e.extensions.code)).toEqual(['DISTRICT_UNAVAILABLE']);
  });
});
