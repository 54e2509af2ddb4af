import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * A certificate of service (志愿服务记录证明, docs/domain.md §5.3) as issued: the volunteer's
 * services in force in the period, summed by month or quarter (`periods`, minutes) and listed one
 * by one with their certifier; the total in minutes and as printed (`totalHours`, hours to one
 * decimal); the number (`VC-<district>-<year>-<6 digits>`) and the verification code printed on
 * it, and the SHA-256 of its content. The identity number comes masked only. Revoked, never
 * changed. Unmasked.
 */
export const VolunteerCertificateFields = graphql(`
  fragment VolunteerCertificateFields on VolunteerCertificate @_unmask {
    id
    districtCode
    number
    verificationCode
    contentDigest
    pagePath
    issuedOn
    issuerName
    volunteerId
    volunteerName
    residentIdMasked
    periodFrom
    periodTo
    groupBy
    totalMinutes
    totalHours
    revokedOn
    revocationReason
    periods {
      period
      label
      minutes
      services
    }
    services {
      day
      content
      place
      minutes
      certifier
    }
  }
`);

/** A certificate by its global ID, for those who see its volunteer. */
export const VolunteerCertificateById = graphql(
  `
    query VolunteerCertificateById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on VolunteerCertificate {
          ...VolunteerCertificateFields
        }
      }
    }
  `,
  [VolunteerCertificateFields],
);

/**
 * Issue a certificate of a volunteer's services in force from `periodFrom` to `periodTo` (not
 * after today), by a community or an organization in the caller's jurisdiction; a volunteer
 * asking for its own names neither and its home community issues it.
 */
export const IssueVolunteerCertificate = graphql(
  `
    mutation IssueVolunteerCertificate($input: IssueVolunteerCertificateInput!) {
      issueVolunteerCertificate(input: $input) {
        __typename
        ... on IssueVolunteerCertificateSuccess {
          data {
            ...VolunteerCertificateFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerCertificateFields, ErrorFields],
);

/** Revoke a certificate with the reason; it then no longer verifies (REVOKED). */
export const RevokeVolunteerCertificate = graphql(
  `
    mutation RevokeVolunteerCertificate($input: RevokeVolunteerCertificateInput!) {
      revokeVolunteerCertificate(input: $input) {
        __typename
        ... on RevokeVolunteerCertificateSuccess {
          data {
            ...VolunteerCertificateFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerCertificateFields, ErrorFields],
);

/**
 * Check a certificate against the district that issued it, as a reader holds it: its number,
 * its verification code and, as printed, the total hours and the name. Public, no token needed.
 * `valid` when everything matches; otherwise `reason` (NOT_FOUND, CODE_MISMATCH, REVOKED,
 * CONTENT_MISMATCH) and what differs (`mismatches`: `hours`, `name`, or `content` when the stored
 * record no longer matches its own digest). `issued` (the name masked) once number and code match.
 */
export const VerifyVolunteerCertificate = graphql(`
  query VerifyVolunteerCertificate(
    $districtCode: String!
    $number: String!
    $code: String!
    $statedHours: Float
    $statedName: String
  ) {
    verifyVolunteerCertificate(
      districtCode: $districtCode
      number: $number
      code: $code
      statedHours: $statedHours
      statedName: $statedName
    ) {
      valid
      reason
      mismatches
      issued {
        number
        districtName
        issuerName
        issuedOn
        volunteerName
        periodFrom
        periodTo
        totalMinutes
        totalHours
        revokedOn
      }
    }
  }
`);
