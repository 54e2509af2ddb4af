import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * Unmask a worker's identity number and/or phone for a declared purpose (PIPL). Allowed for
 * administrators, civil-affairs, unit and organization staff in whose reach the worker is, and
 * the worker itself (DATA_SUBJECT_REQUEST); every field read is written to the access log.
 * Refusals: ForbiddenError (FORBIDDEN, PURPOSE_NOT_ALLOWED), NotFoundError outside the reach.
 */
export const RevealSocialWorkerIdentifiers = graphql(
  `
    mutation RevealSocialWorkerIdentifiers($input: RevealSocialWorkerIdentifiersInput!) {
      revealSocialWorkerIdentifiers(input: $input) {
        __typename
        ... on RevealSocialWorkerIdentifiersSuccess {
          data {
            workerId
            residentId
            mobilePhone
            sensitiveCategories
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);

/**
 * Who unmasked personal data in a district, newest first (city and district administrators),
 * a page at a time: pass `pageInfo.endCursor` as `after` for older entries (or use `paginate`).
 */
export const PersonalDataAccessLog = graphql(`
  query PersonalDataAccessLog($districtCode: String!, $actorId: String, $entityType: String, $first: Int, $after: String) {
    personalDataAccessLog(districtCode: $districtCode, actorId: $actorId, entityType: $entityType, first: $first, after: $after) {
      nodes {
        id
        occurredAt
        actorId
        actorRole
        entityType
        entityId
        field
        purpose
        purposeNote
        sensitiveCategory
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
