import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of a summons (吹哨报到, docs/domain.md §7.8) a grid centre's or a department's screen
 * needs: why and what for, the community that summoned and the event it is about (null when the
 * caller may not see the event), the report-in deadline, and per department whether it reported in
 * on time (`onTime`: null while it still may). Instants are ISO 8601, UTC. Unmasked.
 */
export const SummonsFields = graphql(`
  fragment SummonsFields on Summons @_unmask {
    id
    sortKey
    districtCode
    state
    reason
    description
    issuedAt
    reportDueAt
    closedAt
    solved
    closingNote
    version
    community {
      id
      code
      name
    }
    event {
      id
    }
    departments {
      department {
        id
        code
        name
      }
      reportedAt
      note
      onTime
    }
  }
`);

/**
 * One page of the summonses the caller may see, oldest first; use with `paginate`.
 * `filter.departmentId` gives what a department is summoned to, `filter.state` the open ones.
 */
export const SummonsesPage = graphql(
  `
    query SummonsesPage($first: Int, $after: String, $filter: SummonsFilter) {
      summonses(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...SummonsFields
        }
      }
    }
  `,
  [SummonsFields],
);

/** A summons by its global ID; `node` is null when there is none or the caller may not see it. */
export const SummonsById = graphql(
  `
    query SummonsById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on Summons {
          ...SummonsFields
        }
      }
    }
  `,
  [SummonsFields],
);

/**
 * 吹哨: a community's grid centre summons departments. A department unknown, dissolved or not
 * serving the community is NOT_FOUND at `["input", "departmentIds", i]`; a deadline named on a
 * day off is DEADLINE_ON_HOLIDAY.
 */
export const IssueSummons = graphql(
  `
    mutation IssueSummons($input: IssueSummonsInput!) {
      issueSummons(input: $input) {
        __typename
        ... on IssueSummonsSuccess {
          data {
            ...SummonsFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [SummonsFields, ErrorFields],
);

/**
 * 报到: a summoned department reports in, once. A department the summons does not name is
 * NOT_RESPONSIBLE_DEPARTMENT; a second report-in ALREADY_REPORTED_IN.
 */
export const ReportInToSummons = graphql(
  `
    mutation ReportInToSummons($input: ReportInToSummonsInput!) {
      reportInToSummons(input: $input) {
        __typename
        ... on ReportInToSummonsSuccess {
          data {
            ...SummonsFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [SummonsFields, ErrorFields],
);

/** The community closes a summons, solved or not, at `expectedVersion`. */
export const CloseSummons = graphql(
  `
    mutation CloseSummons($input: CloseSummonsInput!) {
      closeSummons(input: $input) {
        __typename
        ... on CloseSummonsSuccess {
          data {
            ...SummonsFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [SummonsFields, ErrorFields],
);
