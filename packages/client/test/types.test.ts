// Type-level tests: what the compiler accepts and refuses. `tsc -p tsconfig.json` at the root
// checks them (an unused `@ts-expect-error` fails the build); at run time the calls are never
// made, so this file needs no gateway.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ChangeOrganization,
  CommunitiesPage,
  CommunityByCode,
  CommunityThreeSocieties,
  CreateCommunity,
  createClient,
  type ErrorCode,
  graphql,
  type Indicators,
  RegisterOrganization,
  type RegisterSocialWorker,
  type RequestResult,
  type ResultOf,
  type SansheClientError,
  type SchemaErrorCode,
  type SocialWorkerById,
  type SocialWorkersPage,
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

describe('the three societies', () => {
  it('types a mutation result as a union that narrows on __typename', () => {
    type Result = ResultOf<typeof RegisterOrganization>['registerOrganization'];
    expectTypeOf<Result['__typename']>().toEqualTypeOf<
      'RegisterOrganizationSuccess' | 'ValidationError' | 'NotFoundError' | 'ConflictError' | 'ForbiddenError'
    >();
    type Success = Extract<Result, { __typename: 'RegisterOrganizationSuccess' }>;
    expectTypeOf<Success['data']['uscc']>().toEqualTypeOf<string | null>();
    expectTypeOf<Success['data']['legalForm']>().toEqualTypeOf<
      'FOUNDATION' | 'SOCIAL_ASSOCIATION' | 'SOCIAL_SERVICE_AGENCY' | null
    >();
    type Conflict = Extract<Result, { __typename: 'ConflictError' }>;
    expectTypeOf<Conflict['code']>().toEqualTypeOf<SchemaErrorCode>();
    expectTypeOf<Conflict['path']>().toEqualTypeOf<string[]>();
    // A registration has no version to conflict with; an edit does.
    expectTypeOf<Conflict>().not.toHaveProperty('currentVersion');
    type ChangeConflict = Extract<
      ResultOf<typeof ChangeOrganization>['changeOrganization'],
      { __typename: 'ConflictError' }
    >;
    expectTypeOf<ChangeConflict['currentVersion']>().toEqualTypeOf<number | null>();
    expectTypeOf<'DUPLICATE_USCC' | 'USCC_MISMATCH' | 'NOT_ELIGIBLE'>().toExtend<SchemaErrorCode>();
  });

  it('types identity numbers and phones as masked strings, with no field for them in clear', () => {
    type Registered = Extract<
      ResultOf<typeof RegisterSocialWorker>['registerSocialWorker'],
      { __typename: 'RegisterSocialWorkerSuccess' }
    >['data'];
    expectTypeOf<Registered['residentIdMasked']>().toEqualTypeOf<string>();
    expectTypeOf<Registered['mobilePhoneMasked']>().toEqualTypeOf<string | null>();
    expectTypeOf<Registered>().not.toHaveProperty('residentId');
    expectTypeOf<Registered>().not.toHaveProperty('mobilePhone');
    type Listed = ResultOf<typeof SocialWorkersPage>['socialWorkers']['nodes'][number];
    expectTypeOf<Listed>().not.toHaveProperty('residentId');
    // The schema has no such field: asking for it types as `unknown` (and `gql.tada check`
    // refuses the document), so the number in clear cannot be read as a string.
    const Clear = graphql(`query Clear { socialWorkers(first: 1) { nodes { residentId } } }`);
    type ClearNode = ResultOf<typeof Clear>['socialWorkers']['nodes'][number];
    expectTypeOf<ClearNode['residentId']>().toEqualTypeOf<unknown>();
    // The input takes it in clear: it is validated and stored, never returned.
    expectTypeOf<VariablesOf<typeof RegisterSocialWorker>['input']['residentId']>().toEqualTypeOf<string>();
  });

  it('narrows a node to a social worker, with certification by date', () => {
    type Node = NonNullable<ResultOf<typeof SocialWorkerById>['node']>;
    type Worker = Extract<Node, { __typename: 'SocialWorker' }>;
    expectTypeOf<Worker['certifiedOn']>().toEqualTypeOf<boolean>();
    expectTypeOf<Worker['certifiedLevel']>().toEqualTypeOf<'ASSISTANT' | 'INTERMEDIATE' | 'SENIOR' | null>();
    expectTypeOf<Worker['certificates'][number]['registrations'][number]['kind']>().toEqualTypeOf<
      'FIRST' | 'RENEWAL'
    >();
    expectTypeOf<VariablesOf<typeof SocialWorkerById>>().toEqualTypeOf<{ id: string; on?: string | null }>();
  });

  it('types indicators as numerator and denominator, the value null when undefined', () => {
    type Indicator = ResultOf<typeof Indicators>['indicators'][number];
    expectTypeOf<Indicator['numerator']>().toEqualTypeOf<number>();
    expectTypeOf<Indicator['denominator']>().toEqualTypeOf<number>();
    expectTypeOf<Indicator['value']>().toEqualTypeOf<number | null>();
    expectTypeOf<Indicator['level']>().toEqualTypeOf<'DISTRICT' | 'SUBDISTRICT' | 'COMMUNITY'>();
  });

  it('refuses wrong enum values and missing fields in the inputs', () => {
    compileOnly(async () => {
      const base = {
        districtCode: '320505',
        category: 'SERVICES',
        name: 'x',
        uscc: '52320505MA00000000',
      } as const;
      await client.request(RegisterOrganization, { input: { ...base, legalForm: 'SOCIAL_SERVICE_AGENCY' } });
      // @ts-expect-error CHARITY is a service domain, not a legal form
      await client.request(RegisterOrganization, { input: { ...base, legalForm: 'CHARITY' } });
      // @ts-expect-error the legal form is required
      await client.request(RegisterOrganization, { input: base });
    });
  });

  it('pages through the organizations of the community page', () => {
    const pages = client.paginate(
      CommunityThreeSocieties,
      { code: '320505001001' },
      (data) => data.community?.socialOrganizations,
    );
    type Organization = NonNullable<
      ResultOf<typeof CommunityThreeSocieties>['community']
    >['socialOrganizations']['nodes'][number];
    expectTypeOf(pages).toEqualTypeOf<AsyncGenerator<Organization, void, undefined>>();
    expectTypeOf<
      Organization['posts']['nodes'][number]['worker']['residentIdMasked']
    >().toEqualTypeOf<string>();
  });
});
