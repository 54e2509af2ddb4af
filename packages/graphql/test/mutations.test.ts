import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../src/index.js';
import { openTestGateway, type TestGateway } from './support/demo-gateway.js';

let t: TestGateway;
beforeAll(async () => {
  t = await openTestGateway();
});
afterAll(() => t.close());

const createCommunity = `mutation Create($input: CreateCommunityInput!) {
  createCommunity(input: $input) {
    __typename
    ... on CreateCommunitySuccess { data { id code name kind version districtCode subdistrict { code } } }
    ... on Error { code message path }
  }
}`;
const renameCommunity = `mutation Rename($input: RenameUnitInput!) {
  renameCommunity(input: $input) {
    __typename
    ... on RenameCommunitySuccess { data { id name version } }
    ... on Error { code message path }
    ... on ConflictError { currentVersion }
  }
}`;
const retireCommunity = `mutation Retire($input: RetireUnitInput!) {
  retireCommunity(input: $input) {
    __typename
    ... on RetireCommunitySuccess { data { id retiredOn successor { code } } }
    ... on Error { code message path }
  }
}`;

describe('mutations route to the owning district (docs/architecture.md §3)', () => {
  it('creates, renames and retires a community in the district its code names', async () => {
    const created = await t.gql(createCommunity, {
      input: {
        code: '320506001150',
        name: '新建社区',
        effectiveFrom: '2024-01-01',
        residentPopulation: 5000,
      },
    });
    const community = created.data.createCommunity;
    expect(community.__typename).toBe('CreateCommunitySuccess');
    expect(community.data).toMatchObject({
      code: '320506001150',
      kind: 'COMMUNITY',
      version: 1,
      districtCode: '320506',
    });
    expect(community.data.subdistrict.code).toBe('320506001');

    const renamed = await t.gql(renameCommunity, {
      input: { id: community.data.id, name: '更名社区', expectedVersion: 1 },
    });
    expect(renamed.data.renameCommunity).toMatchObject({
      __typename: 'RenameCommunitySuccess',
      data: { version: 2 },
    });

    const found = await t.gql('query($code: String!) { community(code: $code) { name version } }', {
      code: '320506001150',
    });
    expect(found.data.community).toEqual({ name: '更名社区', version: 2 });

    const successor = await t.gql(createCommunity, {
      input: { code: '320506001151', name: '合并社区', effectiveFrom: '2024-01-01' },
    });
    const retired = await t.gql(retireCommunity, {
      input: {
        id: community.data.id,
        retiredOn: '2025-06-30',
        successorId: successor.data.createCommunity.data.id,
      },
    });
    expect(retired.data.retireCommunity).toMatchObject({
      __typename: 'RetireCommunitySuccess',
      data: { retiredOn: '2025-06-30', successor: { code: '320506001151' } },
    });
    const history = await t.gql(
      `{ communities(first: 5, filter: { parentCode: "320506001", asOf: "2025-06-29", nameContains: "更名" }) { nodes { code retiredOn } } }`,
    );
    expect(history.data.communities.nodes).toEqual([{ code: '320506001150', retiredOn: '2025-06-30' }]);
    const today = await t.gql(`{ communities(first: 5, filter: { nameContains: "更名" }) { totalCount } }`);
    expect(today.data.communities.totalCount).toBe(0);
  });
});

/** Each refused input: the typed error, and every district database unchanged. */
describe('bad input gets a typed error and changes nothing (brief: bad input)', () => {
  const existingId = encodeGlobalId('Community', '320505', 1);
  const cases: {
    name: string;
    query: string;
    variables: Record<string, unknown>;
    field: string;
    code: string;
    typename: string;
  }[] = [
    {
      name: 'letters in a code',
      query: createCommunity,
      variables: { input: { code: '32050500100A', name: 'x' } },
      field: 'createCommunity',
      code: 'INVALID_DIVISION_CODE',
      typename: 'ValidationError',
    },
    {
      name: 'a code of the wrong level',
      query: createCommunity,
      variables: { input: { code: '320505001', name: 'x' } },
      field: 'createCommunity',
      code: 'CODE_LEVEL_MISMATCH',
      typename: 'ValidationError',
    },
    {
      name: 'a code whose parent does not exist',
      query: createCommunity,
      variables: { input: { code: '320505099001', name: 'x' } },
      field: 'createCommunity',
      code: 'PARENT_NOT_FOUND',
      typename: 'NotFoundError',
    },
    {
      name: 'a duplicate code',
      query: createCommunity,
      variables: { input: { code: '320505001001', name: 'x' } },
      field: 'createCommunity',
      code: 'DUPLICATE_CODE',
      typename: 'ConflictError',
    },
    {
      name: 'a district this gateway does not serve',
      query: createCommunity,
      variables: { input: { code: '110101001001', name: 'x' } },
      field: 'createCommunity',
      code: 'DISTRICT_NOT_SERVED',
      typename: 'NotFoundError',
    },
    {
      name: 'an over-long name',
      query: createCommunity,
      variables: { input: { code: '320505001150', name: '长'.repeat(101) } },
      field: 'createCommunity',
      code: 'INVALID_NAME',
      typename: 'ValidationError',
    },
    {
      name: 'a blank name',
      query: createCommunity,
      variables: { input: { code: '320505001150', name: '   ' } },
      field: 'createCommunity',
      code: 'INVALID_NAME',
      typename: 'ValidationError',
    },
    {
      name: 'a negative population',
      query: createCommunity,
      variables: { input: { code: '320505001150', name: 'x', residentPopulation: -1 } },
      field: 'createCommunity',
      code: 'INVALID_NUMBER',
      typename: 'ValidationError',
    },
    {
      name: 'a parent retired before the effective date',
      query: createCommunity,
      variables: { input: { code: '320505001150', name: 'x', effectiveFrom: '1990-01-01' } },
      field: 'createCommunity',
      code: 'PARENT_RETIRED',
      typename: 'ConflictError',
    },
    {
      name: 'a retirement date before the effective date',
      query: retireCommunity,
      variables: { input: { id: existingId, retiredOn: '1999-01-01' } },
      field: 'retireCommunity',
      code: 'INVALID_DATE_RANGE',
      typename: 'ValidationError',
    },
    {
      name: 'retiring a community that still has grids',
      query: retireCommunity,
      variables: { input: { id: existingId, retiredOn: '2030-01-01' } },
      field: 'retireCommunity',
      code: 'HAS_ACTIVE_CHILDREN',
      typename: 'ConflictError',
    },
    {
      name: 'a stale version',
      query: renameCommunity,
      variables: { input: { id: existingId, name: 'y', expectedVersion: 99 } },
      field: 'renameCommunity',
      code: 'VERSION_CONFLICT',
      typename: 'ConflictError',
    },
    {
      name: 'a malformed global ID',
      query: renameCommunity,
      variables: { input: { id: 'not-an-id', name: 'y' } },
      field: 'renameCommunity',
      code: 'INVALID_ID',
      typename: 'ValidationError',
    },
    {
      name: 'a global ID of another type',
      query: renameCommunity,
      variables: { input: { id: encodeGlobalId('Grid', '320505', 1), name: 'y' } },
      field: 'renameCommunity',
      code: 'NOT_FOUND',
      typename: 'NotFoundError',
    },
    {
      name: 'a global ID of a missing record',
      query: renameCommunity,
      variables: { input: { id: encodeGlobalId('Community', '320505', 999999), name: 'y' } },
      field: 'renameCommunity',
      code: 'NOT_FOUND',
      typename: 'NotFoundError',
    },
  ];

  it.each(cases)('$name → $code', async ({ query, variables, field, code, typename }) => {
    const before = await t.snapshot();
    const { data, errors } = await t.gql(query, variables);
    expect(errors).toBeUndefined();
    expect(data[field]).toMatchObject({ __typename: typename, code });
    expect(data[field].message.length).toBeGreaterThan(10);
    expect(await t.snapshot()).toEqual(before);
  });

  const queryCases = [
    {
      name: 'first: 100000',
      query: '{ communities(first: 100000) { totalCount } }',
      code: 'PAGE_SIZE_EXCEEDED',
    },
    {
      name: 'a nested page over the maximum',
      query: '{ communities(first: 1) { nodes { grids(first: 100000) { totalCount } } } }',
      code: 'PAGE_SIZE_EXCEEDED',
    },
    {
      name: 'first and last together',
      query: '{ communities(first: 1, last: 1) { totalCount } }',
      code: 'INVALID_PAGINATION',
    },
    {
      name: 'a negative page',
      query: '{ communities(first: -1) { totalCount } }',
      code: 'INVALID_PAGINATION',
    },
    {
      name: 'a forged cursor',
      query: '{ communities(first: 1, after: "bm9wZQ") { totalCount } }',
      code: 'INVALID_CURSOR',
    },
    { name: 'a malformed node ID', query: '{ node(id: "%%%") { id } }', code: 'INVALID_ID' },
    {
      name: 'a malformed parent code',
      query: '{ communities(first: 1, filter: { parentCode: "32%" }) { totalCount } }',
      code: 'INVALID_DIVISION_CODE',
    },
    {
      name: 'an invalid date',
      query: '{ communities(first: 1, filter: { asOf: "2024-02-30" }) { totalCount } }',
      code: 'INVALID_DATE',
    },
  ];

  it.each(queryCases)('query with $name → $code', async ({ query, code }) => {
    const before = await t.snapshot();
    const { errors } = await t.gql(query);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await t.snapshot()).toEqual(before);
  });

  it('node(id) of a district not served, or of a missing row, is null', async () => {
    const { data, errors } = await t.gql(
      `{ a: node(id: "${encodeGlobalId('Community', '110101', 1)}") { id } b: node(id: "${encodeGlobalId('Community', '320505', 999999)}") { id } }`,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ a: null, b: null });
  });
});
