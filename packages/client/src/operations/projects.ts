import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * An output (产出) or outcome (效果) indicator of a project: its target and, at evaluation, the
 * value achieved (null before).
 */
export const ProjectIndicatorFields = graphql(`
  fragment ProjectIndicatorFields on ProjectIndicator @_unmask {
    id
    kind
    description
    unit
    target
    achieved
    version
  }
`);

/**
 * The fields of a service project (服务项目, docs/domain.md §6.2) most screens need: what it sets
 * out to do, in which domain and by which methods, its schedule, its budget in fen (`Fen`, an
 * integer) with the numbered lines that sum to it, its indicators and the communities it
 * serves. Unmasked.
 */
export const ServiceProjectFields = graphql(
  `
    fragment ServiceProjectFields on ServiceProject @_unmask {
      id
      sortKey
      districtCode
      name
      unitCode
      serviceDomain
      goals
      methods
      startsOn
      endsOn
      budgetFen
      status
      approvedOn
      closedOn
      version
      budgetLines {
        lineNumber
        category
        description
        amountFen
      }
      indicators {
        ...ProjectIndicatorFields
      }
      communities {
        id
        code
        name
      }
    }
  `,
  [ProjectIndicatorFields],
);

/**
 * One page of service projects across the districts served, by first day of service; use with
 * `paginate`. `filter.unitCode` narrows to projects designed within a unit, `filter.communityId`
 * to those serving a community.
 */
export const ServiceProjectsPage = graphql(
  `
    query ServiceProjectsPage($first: Int, $after: String, $filter: ServiceProjectFilter) {
      serviceProjects(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...ServiceProjectFields
        }
      }
    }
  `,
  [ServiceProjectFields],
);

/**
 * A service project by its global ID, with the whole chain behind it: the needs it answers, its
 * purchases (stage and days, the contract and its tranches), the money earmarked for it by each
 * source with what each earmark still holds, and residents' satisfaction as counts and average.
 * `node` is null when there is none or the caller may not see it; narrow on `__typename`.
 */
export const ServiceProjectById = graphql(
  `
    query ServiceProjectById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on ServiceProject {
          ...ServiceProjectFields
          needs {
            id
            title
            status
            closedOn
            community {
              code
            }
          }
          purchases {
            id
            method
            stage
            purchaserUnitCode
            plannedOn
            closedOn
            cancelledOn
            contract {
              id
              contractNumber
              amountFen
              startsOn
              endsOn
              terminatedOn
              organization {
                id
                name
              }
              tranches {
                id
                trancheNumber
                milestone
                plannedOn
                amountFen
                releasedOn
              }
            }
          }
          earmarks {
            amountFen
            availableFen
            earmarkedOn
            source {
              id
              kind
              funderName
            }
          }
          satisfaction {
            answers
            scoreSum
            average
            counts
          }
        }
      }
    }
  `,
  [ServiceProjectFields],
);

/**
 * Design a project as a draft, from the needs it answers (of the communities it serves, within
 * the designing unit). Its budget is the sum of its lines, each in integer fen.
 */
export const DesignProject = graphql(
  `
    mutation DesignProject($input: DesignProjectInput!) {
      designProject(input: $input) {
        __typename
        ... on DesignProjectSuccess {
          data {
            ...ServiceProjectFields
            needs {
              id
              status
            }
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ServiceProjectFields, ErrorFields],
);

/** Revise a draft: each field given replaces what it holds (lists whole). */
export const ChangeProjectDraft = graphql(
  `
    mutation ChangeProjectDraft($input: ChangeProjectDraftInput!) {
      changeProjectDraft(input: $input) {
        __typename
        ... on ChangeProjectDraftSuccess {
          data {
            ...ServiceProjectFields
            needs {
              id
              status
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
  [ServiceProjectFields, ErrorFields],
);

/**
 * Approve a draft (`on` defaults to today): its lines sum to its budget (BUDGET_MISMATCH) and it
 * has at least one indicator.
 */
export const ApproveProject = graphql(
  `
    mutation ApproveProject($input: ProjectDecisionInput!) {
      approveProject(input: $input) {
        __typename
        ... on ApproveProjectSuccess {
          data {
            ...ServiceProjectFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [ServiceProjectFields, ErrorFields],
);

/** Close an approved project once its purchase reached closure (or was cancelled). */
export const CloseProject = graphql(
  `
    mutation CloseProject($input: ProjectDecisionInput!) {
      closeProject(input: $input) {
        __typename
        ... on CloseProjectSuccess {
          data {
            ...ServiceProjectFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [ServiceProjectFields, ErrorFields],
);

/**
 * Cancel a project no live purchase is buying, with the reason; the needs it answered alone are
 * open again.
 */
export const CancelProject = graphql(
  `
    mutation CancelProject($input: CancelProjectInput!) {
      cancelProject(input: $input) {
        __typename
        ... on CancelProjectSuccess {
          data {
            ...ServiceProjectFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [ServiceProjectFields, ErrorFields],
);

/** Record (or correct) the value an approved project's indicator achieved. */
export const RecordIndicatorAchieved = graphql(
  `
    mutation RecordIndicatorAchieved($input: RecordIndicatorAchievedInput!) {
      recordIndicatorAchieved(input: $input) {
        __typename
        ... on RecordIndicatorAchievedSuccess {
          data {
            ...ProjectIndicatorFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [ProjectIndicatorFields, ErrorFields],
);

/** Link a project to a further need it answers, of a community it serves. */
export const LinkProjectNeed = graphql(
  `
    mutation LinkProjectNeed($input: LinkProjectNeedInput!) {
      linkProjectNeed(input: $input) {
        __typename
        ... on LinkProjectNeedSuccess {
          data {
            id
            version
            needs {
              id
              status
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
  [ErrorFields],
);
