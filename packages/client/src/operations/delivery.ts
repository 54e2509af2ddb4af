import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of an activity delivered under a contract (docs/domain.md §6.6): what, when, where
 * (a public place, never a home), by which method, how many took part (counted, never named),
 * the minutes each person gave, and whether the community confirmed it. Unmasked.
 */
export const DeliveryActivityFields = graphql(`
  fragment DeliveryActivityFields on DeliveryActivity @_unmask {
    id
    title
    method
    heldOn
    place
    participantCount
    status
    confirmedOn
    disputeReason
    totalMinutes
    version
    community {
      id
      code
      name
    }
    contract {
      id
      contractNumber
    }
    hours {
      role
      minutes
      worker {
        id
        name
      }
    }
  }
`);

/** An activity by its global ID; `node` is null when there is none or the caller may not see it. */
export const DeliveryActivityById = graphql(
  `
    query DeliveryActivityById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on DeliveryActivity {
          ...DeliveryActivityFields
        }
      }
    }
  `,
  [DeliveryActivityFields],
);

/**
 * Record an activity under the organization's own contract while the purchase is at
 * implementation (STAGE_OUT_OF_ORDER otherwise), on a day within delivery, in a community the
 * project serves, by one of its methods; each social worker named holds a post with the
 * undertaker that day (NOT_ELIGIBLE).
 */
export const RecordActivity = graphql(
  `
    mutation RecordActivity($input: RecordActivityInput!) {
      recordActivity(input: $input) {
        __typename
        ... on RecordActivitySuccess {
          data {
            ...DeliveryActivityFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [DeliveryActivityFields, ErrorFields],
);

/** Confirm an activity, for the community where it took place. */
export const ConfirmActivity = graphql(
  `
    mutation ConfirmActivity($input: ConfirmActivityInput!) {
      confirmActivity(input: $input) {
        __typename
        ... on ConfirmActivitySuccess {
          data {
            ...DeliveryActivityFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [DeliveryActivityFields, ErrorFields],
);

/** Dispute an activity, for the community where it took place, with the reason (never published). */
export const DisputeActivity = graphql(
  `
    mutation DisputeActivity($input: DisputeActivityInput!) {
      disputeActivity(input: $input) {
        __typename
        ... on DisputeActivitySuccess {
          data {
            ...DeliveryActivityFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [DeliveryActivityFields, ErrorFields],
);
