import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of a social worker most screens need. The resident identity number and the
 * mobile number are personal data: the schema only ever gives them masked
 * (`3205**********1234`, `138****5678`), and there is no field for them in clear.
 */
export const SocialWorkerFields = graphql(`
  fragment SocialWorkerFields on SocialWorker @_unmask {
    id
    sortKey
    name
    districtCode
    residentIdMasked
    mobilePhoneMasked
    version
  }
`);

/** A registration (登记) of a certificate, first or renewal, and the period it covers. */
export const CertificateRegistrationFields = graphql(`
  fragment CertificateRegistrationFields on CertificateRegistration @_unmask {
    kind
    registeredOn
    validFrom
    validUntil
    continuingEducationHours
    requiredHours
    policySource
  }
`);

/** A post (岗位) a worker holds with an organization or a community, with both ends named. */
export const SocialWorkerPostFields = graphql(`
  fragment SocialWorkerPostFields on SocialWorkerPost @_unmask {
    id
    title
    fullTime
    startsOn
    endsOn
    version
    worker {
      id
      name
    }
    organization {
      id
      name
    }
    community {
      id
      code
      name
    }
  }
`);

/**
 * One page of social workers across the districts served, by name, with the highest level each
 * is certified at today (null when not certified); use with `paginate`.
 */
export const SocialWorkersPage = graphql(
  `
    query SocialWorkersPage($first: Int, $after: String, $filter: SocialWorkerFilter) {
      socialWorkers(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...SocialWorkerFields
          certifiedLevel
        }
      }
    }
  `,
  [SocialWorkerFields],
);

/**
 * A social worker by global ID: whether and at what level certified on `$on` (default today),
 * the certificates with their registrations, continuing education and every post.
 */
export const SocialWorkerById = graphql(
  `
    query SocialWorkerById($id: ID!, $on: Date) {
      node(id: $id) {
        __typename
        id
        ... on SocialWorker {
          ...SocialWorkerFields
          certifiedOn(on: $on)
          certifiedLevel(on: $on)
          certificates {
            id
            certificateNumber
            level
            passedOn
            registrations {
              ...CertificateRegistrationFields
            }
          }
          continuingEducation {
            completedOn
            course
            hours
            provider
          }
          posts {
            ...SocialWorkerPostFields
          }
        }
      }
    }
  `,
  [SocialWorkerFields, CertificateRegistrationFields, SocialWorkerPostFields],
);

/**
 * Record a social worker. The resident identity number is validated (INVALID_RESIDENT_ID) and
 * de-duplicated (DUPLICATE_RECORD); it comes back only masked.
 */
export const RegisterSocialWorker = graphql(
  `
    mutation RegisterSocialWorker($input: RegisterSocialWorkerInput!) {
      registerSocialWorker(input: $input) {
        __typename
        ... on RegisterSocialWorkerSuccess {
          data {
            ...SocialWorkerFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [SocialWorkerFields, ErrorFields],
);

/** Record a professional-level certificate (职业水平证书) a worker passed. */
export const AddCertificate = graphql(
  `
    mutation AddCertificate($input: AddCertificateInput!) {
      addCertificate(input: $input) {
        __typename
        ... on AddCertificateSuccess {
          data {
            id
            certificateNumber
            level
            passedOn
            worker {
              id
              name
            }
            registrations {
              ...CertificateRegistrationFields
            }
          }
        }
        ...ErrorFields
      }
    }
  `,
  [CertificateRegistrationFields, ErrorFields],
);

/**
 * First registration (首次登记) of a certificate: within a year of passing
 * (REGISTRATION_DEADLINE_PASSED), not in the future; valid three years.
 */
export const RegisterCertificate = graphql(
  `
    mutation RegisterCertificate($input: RegisterCertificateInput!) {
      registerCertificate(input: $input) {
        __typename
        ... on RegisterCertificateSuccess {
          data {
            ...CertificateRegistrationFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [CertificateRegistrationFields, ErrorFields],
);

/**
 * Renew (再登记) a registration in the three months before it expires
 * (OUTSIDE_RENEWAL_WINDOW), with the continuing-education hours required (INSUFFICIENT_CE_HOURS).
 */
export const RenewRegistration = graphql(
  `
    mutation RenewRegistration($input: RegisterCertificateInput!) {
      renewRegistration(input: $input) {
        __typename
        ... on RenewRegistrationSuccess {
          data {
            ...CertificateRegistrationFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [CertificateRegistrationFields, ErrorFields],
);

/** Record continuing-education hours (继续教育) a worker completed. */
export const RecordContinuingEducation = graphql(
  `
    mutation RecordContinuingEducation($input: RecordContinuingEducationInput!) {
      recordContinuingEducation(input: $input) {
        __typename
        ... on RecordContinuingEducationSuccess {
          data {
            completedOn
            course
            hours
            provider
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);

/**
 * Start a post with an organization or a community (exactly one); a worker's full-time posts
 * never overlap (OVERLAPPING_POST).
 */
export const StartPost = graphql(
  `
    mutation StartPost($input: StartPostInput!) {
      startPost(input: $input) {
        __typename
        ... on StartPostSuccess {
          data {
            ...SocialWorkerPostFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [SocialWorkerPostFields, ErrorFields],
);

/** End a post on its last day; pass `expectedVersion` to refuse a stale edit. */
export const EndPost = graphql(
  `
    mutation EndPost($input: EndPostInput!) {
      endPost(input: $input) {
        __typename
        ... on EndPostSuccess {
          data {
            ...SocialWorkerPostFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [SocialWorkerPostFields, ErrorFields],
);
