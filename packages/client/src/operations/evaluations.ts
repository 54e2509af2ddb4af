import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * A third-party evaluation (第三方评估, docs/domain.md §6.7) of a contract's delivery: mid-term or
 * final, by whom, on which day, its score (0–100), grade, report and published summary.
 * Unmasked.
 */
export const ProjectEvaluationFields = graphql(`
  fragment ProjectEvaluationFields on ProjectEvaluation @_unmask {
    id
    kind
    evaluatorName
    evaluatorUscc
    evaluatedOn
    score
    grade
    reportReference
    summary
    evaluatorOrganization {
      id
      name
    }
    contract {
      id
      contractNumber
    }
  }
`);

/**
 * Record a third-party evaluation: a mid-term one while the purchase is at implementation, the
 * final one once it is at evaluation (NOT_DELIVERED before, STAGE_OUT_OF_ORDER after); never by
 * the undertaker nor a rival bidder (CONFLICT_OF_INTEREST); one final per contract.
 */
export const RecordEvaluation = graphql(
  `
    mutation RecordEvaluation($input: RecordEvaluationInput!) {
      recordEvaluation(input: $input) {
        __typename
        ... on RecordEvaluationSuccess {
          data {
            ...ProjectEvaluationFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ProjectEvaluationFields, ErrorFields],
);

/**
 * Record a resident's satisfaction with a project (1–5) once delivery has started. The resident
 * identity number is kept only as a keyed hash, to refuse a second answer (DUPLICATE_RECORD);
 * the answer never shows who gave it. The project's `satisfaction` sums the answers.
 */
export const RecordSatisfaction = graphql(
  `
    mutation RecordSatisfaction($input: RecordSatisfactionInput!) {
      recordSatisfaction(input: $input) {
        __typename
        ... on RecordSatisfactionSuccess {
          data {
            score
            answeredOn
            project {
              id
              satisfaction {
                answers
                scoreSum
                average
                counts
              }
            }
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);
