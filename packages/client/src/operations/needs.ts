import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of a need (需求清单, docs/domain.md §6.1) most screens need: where it was heard, its
 * category, urgency and status, the community (and grid) whose residents need it, and for a
 * merged duplicate the need it repeats. Needs name no resident: they are published with the
 * projects that answer them. Unmasked, like {@link CommunityFields}.
 */
export const NeedFields = graphql(`
  fragment NeedFields on Need @_unmask {
    id
    sortKey
    districtCode
    source
    category
    urgency
    residentsAffected
    title
    description
    collectedOn
    status
    mergeReason
    closedOn
    version
    community {
      id
      code
      name
    }
    grid {
      id
      code
      name
    }
    mergedInto {
      id
      title
    }
  }
`);

/**
 * One page of needs across the districts served, oldest first; use with `paginate`.
 * `filter.parentCode` narrows to a subdistrict or a community, `filter.status` to open,
 * answered, met, withdrawn or merged needs.
 */
export const NeedsPage = graphql(
  `
    query NeedsPage($first: Int, $after: String, $filter: NeedFilter) {
      needs(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...NeedFields
        }
      }
    }
  `,
  [NeedFields],
);

/**
 * A need by its global ID, with the projects that answer it (those the caller may see).
 * `node` is null when there is none; narrow on `__typename`.
 */
export const NeedById = graphql(
  `
    query NeedById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on Need {
          ...NeedFields
          projects {
            id
            name
            status
            startsOn
            endsOn
          }
        }
      }
    }
  `,
  [NeedFields],
);

/**
 * Record a need heard in a community (`collectedOn` defaults to today, never after it). Its
 * title and description are published: text that names a resident is refused
 * (PERSONAL_DATA_IN_PUBLIC_TEXT).
 */
export const RecordNeed = graphql(
  `
    mutation RecordNeed($input: RecordNeedInput!) {
      recordNeed(input: $input) {
        __typename
        ... on RecordNeedSuccess {
          data {
            ...NeedFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [NeedFields, ErrorFields],
);

/** Merge a duplicate into the need it repeats (same community), with the reason; never deleted. */
export const MergeNeed = graphql(
  `
    mutation MergeNeed($input: MergeNeedInput!) {
      mergeNeed(input: $input) {
        __typename
        ... on MergeNeedSuccess {
          data {
            ...NeedFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [NeedFields, ErrorFields],
);

/**
 * Close a need as `MET` (once a project answered it) or `WITHDRAWN`; an open need is not met
 * (STATUS_NOT_ALLOWED).
 */
export const CloseNeed = graphql(
  `
    mutation CloseNeed($input: CloseNeedInput!) {
      closeNeed(input: $input) {
        __typename
        ... on CloseNeedSuccess {
          data {
            ...NeedFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [NeedFields, ErrorFields],
);
