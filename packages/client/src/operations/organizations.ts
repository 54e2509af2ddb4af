import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of a social organization most screens need: identity, legal status and form,
 * unified social credit code (null for a filed group), category, domains, status and the
 * community it is rooted in. Unmasked, like {@link CommunityFields}.
 */
export const SocialOrganizationFields = graphql(`
  fragment SocialOrganizationFields on SocialOrganization @_unmask {
    id
    sortKey
    name
    districtCode
    legalStatus
    legalForm
    uscc
    usccCheckOverridden
    category
    serviceDomains
    status
    registeredOn
    deregisteredOn
    guidingUnitCode
    version
    community {
      id
      code
      name
    }
  }
`);

/**
 * One page of social organizations across the districts served, with each one's grade valid
 * today; use with `paginate`. `filter.parentCode` narrows to a district, subdistrict or
 * community; `orderBy` is `NAME` (default) or `REGISTERED_ON`.
 */
export const SocialOrganizationsPage = graphql(
  `
    query SocialOrganizationsPage(
      $first: Int
      $after: String
      $filter: SocialOrganizationFilter
      $orderBy: SocialOrganizationOrder
    ) {
      socialOrganizations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...SocialOrganizationFields
          currentGrade {
            grade
            gradeName
            validUntil
          }
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

/**
 * A social organization by its global ID, with its status history, the grade valid today, its
 * stays on the credit lists, its hubs, the first page of its members (for a hub) and its
 * disclosures. `node` is null when there is none; narrow on `__typename`.
 */
export const SocialOrganizationById = graphql(
  `
    query SocialOrganizationById($id: ID!, $membersFirst: Int = 20) {
      node(id: $id) {
        __typename
        id
        ... on SocialOrganization {
          ...SocialOrganizationFields
          statusHistory {
            kind
            occurredOn
            summary
            changedFields
          }
          currentGrade {
            grade
            gradeName
            score
            awardedOn
            validUntil
            cutoffsSource
          }
          listEntries {
            id
            list
            listedOn
            reason
            reasonDetail
            removedOn
            removalReason
            version
          }
          hubs {
            id
            joinedOn
            leftOn
            version
            hub {
              id
              name
            }
          }
          members(first: $membersFirst) {
            totalCount
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              id
              joinedOn
              leftOn
              version
              member {
                id
                name
                status
              }
            }
          }
          disclosures {
            id
            kind
            title
            content
            publishedOn
            withdrawnOn
          }
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

/**
 * Register a social organization (登记). The USCC is checked strictly (INVALID_USCC, or
 * USCC_MISMATCH when positions 1–2 do not fit the legal form); a code already recorded is a
 * ConflictError with DUPLICATE_USCC.
 */
export const RegisterOrganization = graphql(
  `
    mutation RegisterOrganization($input: RegisterOrganizationInput!) {
      registerOrganization(input: $input) {
        __typename
        ... on RegisterOrganizationSuccess {
          data {
            ...SocialOrganizationFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [SocialOrganizationFields, ErrorFields],
);

/** File a community group (备案): no legal personality and no USCC, guided by a unit. */
export const FileCommunityGroup = graphql(
  `
    mutation FileCommunityGroup($input: FileCommunityGroupInput!) {
      fileCommunityGroup(input: $input) {
        __typename
        ... on FileCommunityGroupSuccess {
          data {
            ...SocialOrganizationFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [SocialOrganizationFields, ErrorFields],
);

/**
 * Change an organization's name, category, domains or communities (recorded in its status
 * history); pass `expectedVersion` to refuse a stale edit (VERSION_CONFLICT).
 */
export const ChangeOrganization = graphql(
  `
    mutation ChangeOrganization($input: ChangeOrganizationInput!) {
      changeOrganization(input: $input) {
        __typename
        ... on ChangeOrganizationSuccess {
          data {
            ...SocialOrganizationFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [SocialOrganizationFields, ErrorFields],
);

/** Deregister (注销) an organization; its hub memberships end the same day. */
export const DeregisterOrganization = graphql(
  `
    mutation DeregisterOrganization($input: DeregisterOrganizationInput!) {
      deregisterOrganization(input: $input) {
        __typename
        ... on DeregisterOrganizationSuccess {
          data {
            ...SocialOrganizationFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [SocialOrganizationFields, ErrorFields],
);

/** Make an organization a member of a hub (NOT_A_HUB, HUB_CYCLE refused). */
export const AddHubMember = graphql(
  `
    mutation AddHubMember($input: AddHubMemberInput!) {
      addHubMember(input: $input) {
        __typename
        ... on AddHubMemberSuccess {
          data {
            id
            joinedOn
            leftOn
            version
            hub {
              id
              name
            }
            member {
              id
              name
            }
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);
