import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of a community most screens need. Unmasked (`@_unmask`), so operations that spread
 * it return these fields directly, without `readFragment`.
 */
export const CommunityFields = graphql(`
  fragment CommunityFields on Community @_unmask {
    id
    code
    name
    kind
    districtCode
    urbanRuralClass
    residentPopulation
    households
    areaKm2
    effectiveFrom
    retiredOn
    version
    subdistrict {
      id
      code
      name
    }
  }
`);

/** One page of communities and villages across the districts served; use with `paginate`. */
export const CommunitiesPage = graphql(
  `
    query CommunitiesPage($first: Int, $after: String, $filter: CommunityFilter, $orderBy: UnitOrder) {
      communities(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...CommunityFields
        }
      }
    }
  `,
  [CommunityFields],
);

/** A community or village by its 12-digit code; `community` is null when there is none. */
export const CommunityByCode = graphql(
  `
    query CommunityByCode($code: String!) {
      community(code: $code) {
        ...CommunityFields
      }
    }
  `,
  [CommunityFields],
);

/** Any record by its global ID; narrow on `__typename`. */
export const NodeById = graphql(`
  query NodeById($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on District {
        code
        name
      }
      ... on Subdistrict {
        code
        name
        version
      }
      ... on Community {
        code
        name
        version
      }
      ... on Grid {
        code
        name
        version
      }
    }
  }
`);

/** Record a new community; expected failures are members of the result union. */
export const CreateCommunity = graphql(
  `
    mutation CreateCommunity($input: CreateCommunityInput!) {
      createCommunity(input: $input) {
        __typename
        ... on CreateCommunitySuccess {
          data {
            ...CommunityFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [CommunityFields, ErrorFields],
);

/** Rename a community; pass `expectedVersion` to refuse a stale edit (VERSION_CONFLICT). */
export const RenameCommunity = graphql(
  `
    mutation RenameCommunity($input: RenameUnitInput!) {
      renameCommunity(input: $input) {
        __typename
        ... on RenameCommunitySuccess {
          data {
            ...CommunityFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [CommunityFields, ErrorFields],
);

/** Retire a community from a date, optionally naming its successor. */
export const RetireCommunity = graphql(
  `
    mutation RetireCommunity($input: RetireUnitInput!) {
      retireCommunity(input: $input) {
        __typename
        ... on RetireCommunitySuccess {
          data {
            ...CommunityFields
            successor {
              id
              code
              name
            }
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [CommunityFields, ErrorFields],
);
