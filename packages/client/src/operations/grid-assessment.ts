import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * A rate of the assessment of grid work (docs/domain.md §7.9): numerator and denominator (sum them
 * to combine units or districts, never average the values), its Wilson interval and its place
 * among the ranked units (null below the policy's minimum of events). Unmasked.
 */
export const AssessedRateFields = graphql(`
  fragment AssessedRateFields on AssessedRate @_unmask {
    numerator
    denominator
    value
    interval {
      lower
      upper
    }
    better
    rank
  }
`);

/**
 * The assessment of a period for one kind of subject (communities, departments or grid team
 * members) in a unit: per unit its counts, its five rates and the marks given, ranked units first
 * by their place on on-time closure. PUBLIC is FORBIDDEN.
 */
export const GridAssessment = graphql(
  `
    query GridAssessment($unitCode: String!, $from: Date!, $to: Date!, $subject: AssessmentSubject!) {
      gridAssessment(unitCode: $unitCode, from: $from, to: $to, subject: $subject) {
        districtCode
        unitCode
        subject
        from
        to
        asOf
        minimumEvents
        confidencePercent
        policySource
        units {
          subject
          unitId
          code
          name
          ranked
          meanSatisfaction
          counts {
            received
            acceptedOnTime
            acceptanceDue
            closedOnTime
            closureDue
            closed
            reopened
            everClosed
            satisfied
            rated
            satisfactionSum
            verified
          }
          rates {
            acceptedOnTime {
              ...AssessedRateFields
            }
            closedOnTime {
              ...AssessedRateFields
            }
            closed {
              ...AssessedRateFields
            }
            reopened {
              ...AssessedRateFields
            }
            satisfied {
              ...AssessedRateFields
            }
          }
          marks {
            self {
              count
              sum
              mean
            }
            community {
              count
              sum
              mean
            }
            thirdParty {
              count
              sum
              mean
            }
          }
        }
      }
    }
  `,
  [AssessedRateFields],
);

/**
 * Give a mark (0–100) to a community, a department or a grid team member for a quarter
 * (`2026-Q4`). A second mark of the same kind is DUPLICATE_RECORD; one the caller's role does not
 * give is FORBIDDEN.
 */
export const RecordAssessmentMark = graphql(
  `
    mutation RecordAssessmentMark($input: RecordAssessmentMarkInput!) {
      recordAssessmentMark(input: $input) {
        __typename
        ... on RecordAssessmentMarkSuccess {
          data {
            subject
            subjectId
            period
            rater
            score
            note
            createdAt
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);
