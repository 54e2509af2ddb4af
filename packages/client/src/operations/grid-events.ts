import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * A move of a grid event's loop (its 流转记录): the step, the states before and after, the role
 * that took it, the department responsible after it, the reason or result, and the due day it
 * set. `actorId` is the account only for callers who see the whole district (and never a
 * resident's or a volunteer's); `byMe` tells a caller its own steps. Unmasked fragment.
 */
export const GridEventStepFields = graphql(`
  fragment GridEventStepFields on GridEventStepRecord @_unmask {
    step
    fromState
    toState
    actorRole
    actorId
    byMe
    note
    dueOn
    at
    department {
      id
      code
      name
    }
  }
`);

/**
 * The fields of a grid event (网格事件, docs/domain.md §7.7) a grid centre's, a department's or a
 * resident's screen needs: where it lies, what it is (category, urgency, the reporter's text),
 * where it stands in the five-step loop (`state`, `allowedSteps` to offer as buttons: the state
 * machine's moves, not a check of the caller's rights), its department and deadlines
 * (`acceptDueOn`, `closeDueOn`, `overdue`), the reporter's rating, and every move so far. The
 * reporter's account is never shown: `reportedByMe` says whether it is the caller's own report,
 * `handledByMe` whether 查办分离 keeps the caller from verifying it. The reporter's phone comes
 * masked only. Unmasked fragment.
 */
export const GridEventFields = graphql(
  `
    fragment GridEventFields on GridEvent @_unmask {
      id
      sortKey
      districtCode
      unitCode
      grid {
        id
        code
        name
      }
      community {
        id
        code
        name
      }
      categoryCode
      categoryName
      urgency
      title
      description
      address
      longitude
      latitude
      source
      mediaUrl
      reporterRole
      reportedAt
      reporterPhoneMasked
      reportedByMe
      handledByMe
      state
      stateLabel
      allowedSteps
      department {
        id
        code
        name
      }
      dispatchedAt
      acceptDueOn
      acceptedAt
      acceptedLate
      closeDueOn
      dueProvisional
      extendedTo
      fedBackAt
      closedAt
      closedLate
      overdue
      reopenCount
      escalationLevel
      confirmedAt
      satisfaction
      ratedAt
      version
      steps {
        ...GridEventStepFields
      }
    }
  `,
  [GridEventStepFields],
);

/** A class of the event classification an event is filed under (second-level codes). */
export const GridEventCategories = graphql(`
  query GridEventCategories($districtCode: String!, $family: GridEventCategoryFamily, $parentCode: String) {
    gridEventCategories(districtCode: $districtCode, family: $family, parentCode: $parentCode) {
      code
      name
      parentCode
      level
      family
    }
  }
`);

/**
 * One page of the grid events the caller may see, newest report first (a grid centre's queue, a
 * department's inbox with `filter.departmentId`, a resident's own reports with
 * `filter.reportedByMe`); use with `paginate`.
 */
export const GridEventsPage = graphql(
  `
    query GridEventsPage($first: Int, $after: String, $filter: GridEventFilter) {
      gridEvents(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...GridEventFields
        }
      }
    }
  `,
  [GridEventFields],
);

/** A grid event by its global ID; `node` is null when there is none or the caller may not see it. */
export const GridEventById = graphql(
  `
    query GridEventById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on GridEvent {
          ...GridEventFields
        }
      }
    }
  `,
  [GridEventFields],
);

/**
 * 信息收集: report an event in a grid (`gridId`), or by its point alone (`districtCode` with
 * `longitude` and `latitude`: the grid whose boundary holds it). POINT_OUTSIDE_GRID for a point
 * outside the grid or every grid, INVALID_CODE_LIST_VALUE for a category that is not a
 * second-level code, FORBIDDEN for a grid worker off the grid's team.
 */
export const ReportGridEvent = graphql(
  `
    mutation ReportGridEvent($input: ReportGridEventInput!) {
      reportGridEvent(input: $input) {
        __typename
        ... on ReportGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 任务派遣: send a collected event to its department (named, or by the routing rules: NO_ROUTE otherwise). */
export const DispatchGridEvent = graphql(
  `
    mutation DispatchGridEvent($input: DispatchGridEventInput!) {
      dispatchGridEvent(input: $input) {
        __typename
        ... on DispatchGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 受理: the department an event is dispatched to accepts it (NOT_RESPONSIBLE_DEPARTMENT for another). */
export const AcceptGridEvent = graphql(
  `
    mutation AcceptGridEvent($input: GridEventMoveInput!) {
      acceptGridEvent(input: $input) {
        __typename
        ... on AcceptGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 退回: the department returns an event that is not its own, with the reason; it is collected again. */
export const GiveBackGridEvent = graphql(
  `
    mutation GiveBackGridEvent($input: GridEventReasonedMoveInput!) {
      giveBackGridEvent(input: $input) {
        __typename
        ... on GiveBackGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 结果反馈: the department reports what it did; the caller becomes the handler, who may not verify it. */
export const FeedBackGridEvent = graphql(
  `
    mutation FeedBackGridEvent($input: FeedBackGridEventInput!) {
      feedBackGridEvent(input: $input) {
        __typename
        ... on FeedBackGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 核查结案: the community side checks and closes (HANDLER_CANNOT_VERIFY for whoever fed it back). */
export const CloseGridEvent = graphql(
  `
    mutation CloseGridEvent($input: CloseGridEventInput!) {
      closeGridEvent(input: $input) {
        __typename
        ... on CloseGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 核查不通过: the community sends the event back to its department, with the reason. */
export const RejectGridEvent = graphql(
  `
    mutation RejectGridEvent($input: GridEventReasonedMoveInput!) {
      rejectGridEvent(input: $input) {
        __typename
        ... on RejectGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 改派: the grid centre re-routes a dispatched or accepted event; the department losing it is told. */
export const RerouteGridEvent = graphql(
  `
    mutation RerouteGridEvent($input: RerouteGridEventInput!) {
      rerouteGridEvent(input: $input) {
        __typename
        ... on RerouteGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** File a collected event under another category before it is dispatched. */
export const RecategoriseGridEvent = graphql(
  `
    mutation RecategoriseGridEvent($input: RecategoriseGridEventInput!) {
      recategoriseGridEvent(input: $input) {
        __typename
        ... on RecategoriseGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** Escalate an open event one level (community → subdistrict → district). */
export const EscalateGridEvent = graphql(
  `
    mutation EscalateGridEvent($input: GridEventReasonedMoveInput!) {
      escalateGridEvent(input: $input) {
        __typename
        ... on EscalateGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 延期: approve a longer time limit, at most the policy's ceiling (EXTENSION_TOO_LONG). */
export const ExtendGridEvent = graphql(
  `
    mutation ExtendGridEvent($input: ExtendGridEventInput!) {
      extendGridEvent(input: $input) {
        __typename
        ... on ExtendGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 重新办理: reopen a closed event (its reporter within the policy's days, the grid centre any time). */
export const ReopenGridEvent = graphql(
  `
    mutation ReopenGridEvent($input: GridEventReasonedMoveInput!) {
      reopenGridEvent(input: $input) {
        __typename
        ... on ReopenGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);

/** 回访评价: the reporter confirms the fix (or not) and rates it 1–5, once per closure (ALREADY_RATED). */
export const RateGridEvent = graphql(
  `
    mutation RateGridEvent($input: RateGridEventInput!) {
      rateGridEvent(input: $input) {
        __typename
        ... on RateGridEventSuccess {
          data {
            ...GridEventFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridEventFields, ErrorFields],
);
