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

/** The counts behind a unit's or a total's rates: every one a count, so they add up. Unmasked. */
export const AssessmentCountsFields = graphql(`
  fragment AssessmentCountsFields on AssessmentCounts @_unmask {
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
`);

/** The five rates of a unit or a total. Unmasked. */
export const AssessedRatesFields = graphql(
  `
    fragment AssessedRatesFields on AssessedRates @_unmask {
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
  `,
  [AssessedRateFields],
);

/**
 * One unit of an assessment: its counts, its five rates with their places, and the marks given
 * to it. Unmasked.
 */
export const AssessedUnitFields = graphql(
  `
    fragment AssessedUnitFields on AssessedUnit @_unmask {
      subject
      unitId
      code
      name
      ranked
      meanSatisfaction
      counts {
        ...AssessmentCountsFields
      }
      rates {
        ...AssessedRatesFields
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
  `,
  [AssessmentCountsFields, AssessedRatesFields],
);

/** A total of several units: summed counts, and the rates of the sums. Unmasked. */
export const AssessmentFiguresFields = graphql(
  `
    fragment AssessmentFiguresFields on AssessmentFigures @_unmask {
      counts {
        ...AssessmentCountsFields
      }
      rates {
        ...AssessedRatesFields
      }
      meanSatisfaction
    }
  `,
  [AssessmentCountsFields, AssessedRatesFields],
);

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
          ...AssessedUnitFields
        }
      }
    }
  `,
  [AssessedUnitFields],
);

/**
 * The assessment of grid work across every district the gateway serves (a city over its
 * districts): every unit the caller may read ranked together under one rule (the fewest events
 * and the confidence; by default the national default of `grid.assessment`), each district's total
 * and the total of all, summed from counts. A district where the caller reads nothing adds nothing.
 */
export const GridAssessmentAcrossDistricts = graphql(
  `
    query GridAssessmentAcrossDistricts(
      $from: Date!
      $to: Date!
      $subject: AssessmentSubject!
      $minimumEvents: Int
      $confidencePercent: Int
    ) {
      gridAssessmentAcrossDistricts(
        from: $from
        to: $to
        subject: $subject
        minimumEvents: $minimumEvents
        confidencePercent: $confidencePercent
      ) {
        from
        to
        subject
        asOf
        minimumEvents
        confidencePercent
        districts
        total {
          ...AssessmentFiguresFields
        }
        byDistrict {
          districtCode
          ...AssessmentFiguresFields
        }
        units {
          ...AssessedUnitFields
        }
      }
    }
  `,
  [AssessmentFiguresFields, AssessedUnitFields],
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
