// Type-level tests: what the compiler accepts and refuses. `tsc -p tsconfig.json` at the root
// checks them (an unused `@ts-expect-error` fails the build); at run time the calls are never
// made, so this file needs no gateway.
import { describe, expectTypeOf, it } from 'vitest';
import {
  CommunitiesPage,
  CommunityByCode,
  CreateCommunity,
  createClient,
  type ErrorCode,
  graphql,
  type RequestResult,
  type ResultOf,
  type SansheClientError,
  type SchemaErrorCode,
  type VariablesOf,
} from '../src/index.js';

const client = createClient({ url: 'http://127.0.0.1:1/graphql' });
// Wrapped so the calls below are compiled but never sent.
const compileOnly = (_calls: () => void) => {};

describe('documents', () => {
  it('maps the schema to result types, with custom scalars as strings', () => {
    type Community = NonNullable<ResultOf<typeof CommunityByCode>['community']>;
    expectTypeOf<Community['code']>().toEqualTypeOf<string>();
    expectTypeOf<Community['effectiveFrom']>().toEqualTypeOf<string>();
    expectTypeOf<Community['retiredOn']>().toEqualTypeOf<string | null>();
    expectTypeOf<Community['kind']>().toEqualTypeOf<'COMMUNITY' | 'VILLAGE'>();
    expectTypeOf<Community['residentPopulation']>().toEqualTypeOf<number | null>();
  });

  it('types variables from the document, input objects and enums included', () => {
    expectTypeOf<VariablesOf<typeof CommunityByCode>>().toEqualTypeOf<{ code: string }>();
    type PageVariables = VariablesOf<typeof CommunitiesPage>;
    expectTypeOf<PageVariables['orderBy']>().toEqualTypeOf<'CODE' | 'NAME' | null | undefined>();
    expectTypeOf<NonNullable<PageVariables['filter']>['kind']>().toEqualTypeOf<
      'COMMUNITY' | 'VILLAGE' | null | undefined
    >();
  });

  it('types mutation results as a union to narrow on __typename', () => {
    type Result = ResultOf<typeof CreateCommunity>['createCommunity'];
    expectTypeOf<Result['__typename']>().toEqualTypeOf<
      'CreateCommunitySuccess' | 'ValidationError' | 'NotFoundError' | 'ConflictError' | 'ForbiddenError'
    >();
    expectTypeOf<Extract<Result, { __typename: 'ConflictError' }>['code']>().toEqualTypeOf<SchemaErrorCode>();
  });

  it('marks a field the schema does not have as unknown; `gql.tada check` refuses it', () => {
    // gql.tada cannot raise a type error inside a string, so the field types as `unknown`
    // and the document checker (the `check:documents` script, the editor plugin) reports it.
    const Wrong = graphql(`query Wrong { districts { totalCount population } }`);
    type Districts = ResultOf<typeof Wrong>['districts'];
    expectTypeOf<Districts['population']>().toEqualTypeOf<unknown>();
    compileOnly(async () => {
      const { data } = await client.request(Wrong);
      // @ts-expect-error an unknown field cannot be used as a value of any schema type
      const population: number = data!.districts.population;
      void population;
    });
  });
});

describe('request', () => {
  it('resolves to data or error, or both for partial data', () => {
    expectTypeOf(client.request(CommunityByCode, { code: 'x' })).resolves.toEqualTypeOf<
      RequestResult<ResultOf<typeof CommunityByCode>>
    >();
    compileOnly(async () => {
      const result = await client.request(CommunityByCode, { code: 'x' });
      if (result.data === undefined) {
        expectTypeOf(result.error).toEqualTypeOf<SansheClientError>();
      } else {
        expectTypeOf(result.error).toEqualTypeOf<SansheClientError | undefined>();
      }
    });
  });

  it('refuses wrong and missing variables', () => {
    compileOnly(async () => {
      // @ts-expect-error code is a String
      await client.request(CommunityByCode, { code: 320505001001 });
      // @ts-expect-error code is required
      await client.request(CommunityByCode, {});
      // @ts-expect-error the variables are required
      await client.request(CommunityByCode);
      // @ts-expect-error not a variable of the document
      await client.request(CommunityByCode, { code: 'x', first: 1 });
      // @ts-expect-error first is an Int
      await client.request(CommunitiesPage, { first: '10' });
      // @ts-expect-error orderBy is an enum
      await client.request(CommunitiesPage, { orderBy: 'POPULATION' });
      // @ts-expect-error input.name is required
      await client.request(CreateCommunity, { input: { code: '320505001198' } });
      // Optional variables may be left out entirely.
      await client.request(CommunitiesPage);
    });
  });

  it('refuses reading a field the document did not select', () => {
    compileOnly(async () => {
      const { data } = await client.request(CommunitiesPage, { first: 1 });
      // @ts-expect-error grids are not selected by CommunitiesPage
      void data?.communities.nodes[0]?.grids;
    });
  });

  it('types error codes from the schema plus the client and protocol codes', () => {
    expectTypeOf<'DUPLICATE_CODE'>().toExtend<ErrorCode>();
    expectTypeOf<'DISTRICT_UNAVAILABLE'>().toExtend<ErrorCode>();
    expectTypeOf<'TIMEOUT'>().toExtend<ErrorCode>();
    expectTypeOf<'GRAPHQL_VALIDATION_FAILED'>().toExtend<ErrorCode>();
    expectTypeOf<'NO_SUCH_CODE'>().not.toExtend<ErrorCode>();
    expectTypeOf<SansheClientError['code']>().toEqualTypeOf<ErrorCode>();
  });
});

describe('paginate', () => {
  it('infers the node type from the selected connection', () => {
    const pages = client.paginate(CommunitiesPage, { first: 50 }, (data) => data.communities);
    type Node = ResultOf<typeof CommunitiesPage>['communities']['nodes'][number];
    expectTypeOf(pages).toEqualTypeOf<AsyncGenerator<Node, void, undefined>>();
  });

  it('infers the node type from edges { node }', () => {
    const Grids = graphql(`
      query Grids($after: String) {
        grids(first: 10, after: $after) { pageInfo { hasNextPage endCursor } edges { node { code } } }
      }
    `);
    const pages = client.paginate(Grids, {}, (data) => data.grids);
    expectTypeOf(pages).toEqualTypeOf<AsyncGenerator<{ code: string }, void, undefined>>();
  });

  it('refuses documents it cannot page through', () => {
    const NoAfter = graphql(`
      query NoAfter($first: Int) {
        grids(first: $first) { pageInfo { hasNextPage endCursor } nodes { code } }
      }
    `);
    const NoPageInfo = graphql(`
      query NoPageInfo($after: String) { grids(after: $after) { nodes { code } } }
    `);
    compileOnly(() => {
      // @ts-expect-error the document declares no $after to page with
      client.paginate(NoAfter, { first: 10 }, (data) => data.grids);
      // @ts-expect-error the connection must select pageInfo { hasNextPage endCursor }
      client.paginate(NoPageInfo, {}, (data) => data.grids);
    });
  });
});
