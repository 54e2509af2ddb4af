import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The public credit query (信用查询) by unified social credit code or part of a name, across
 * the districts served: what anyone may know (grade, lists, credit records not withdrawn).
 */
export const PublicCreditReport = graphql(`
  query PublicCreditReport($query: PublicCreditQuery!) {
    publicCreditReport(query: $query) {
      organization {
        name
        uscc
        legalStatus
        legalForm
        category
        status
        registeredOn
        deregisteredOn
      }
      currentGrade {
        grade
        gradeName
        awardedOn
        validUntil
      }
      listEntries {
        list
        listedOn
        reason
      }
      creditRecords {
        category
        kind
        occurredOn
        source
        summary
      }
    }
  }
`);

/**
 * Award an evaluation grade (1A–5A) from a score under the cut-offs in force; NOT_ELIGIBLE when
 * the organization is registered less than two full years, listed or penalised.
 */
export const GradeOrganization = graphql(
  `
    mutation GradeOrganization($input: GradeOrganizationInput!) {
      gradeOrganization(input: $input) {
        __typename
        ... on GradeOrganizationSuccess {
          data {
            grade
            gradeName
            score
            awardedOn
            validUntil
            revokedOn
            cutoffsSource
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);

/** Put an organization on the abnormal-activity or the serious dishonesty list. */
export const ListOrganization = graphql(
  `
    mutation ListOrganization($input: ListOrganizationInput!) {
      listOrganization(input: $input) {
        __typename
        ... on ListOrganizationSuccess {
          data {
            id
            list
            listedOn
            reason
            reasonDetail
            removedOn
            removalReason
            version
            organization {
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
