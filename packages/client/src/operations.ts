import { graphql } from './graphql.js';

// Ready-made documents for the common reads and changes. They are ordinary gql.tada documents:
// copy one and change its selection when you need other fields.

/**
 * The fields of a community most screens need. Unmasked (`@_unmask`), so operations that spread
 * it return these fields directly, without `readFragment`.
 */
export const CommunityFields = graphql(`
  fragment CommunityFields on Community @_unmask {
    id
    code
    name
    kind
    districtCode
    urbanRuralClass
    residentPopulation
    households
    areaKm2
    effectiveFrom
    retiredOn
    version
    subdistrict {
      id
      code
      name
    }
  }
`);

/** One page of communities and villages across the districts served; use with `paginate`. */
export const CommunitiesPage = graphql(
  `
    query CommunitiesPage($first: Int, $after: String, $filter: CommunityFilter, $orderBy: UnitOrder) {
      communities(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...CommunityFields
        }
      }
    }
  `,
  [CommunityFields],
);

/** A community or village by its 12-digit code; `community` is null when there is none. */
export const CommunityByCode = graphql(
  `
    query CommunityByCode($code: String!) {
      community(code: $code) {
        ...CommunityFields
      }
    }
  `,
  [CommunityFields],
);

/** Any record by its global ID; narrow on `__typename`. */
export const NodeById = graphql(`
  query NodeById($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on District {
        code
        name
      }
      ... on Subdistrict {
        code
        name
        version
      }
      ... on Community {
        code
        name
        version
      }
      ... on Grid {
        code
        name
        version
      }
    }
  }
`);

/** Record a new community; expected failures are members of the result union. */
export const CreateCommunity = graphql(
  `
    mutation CreateCommunity($input: CreateCommunityInput!) {
      createCommunity(input: $input) {
        __typename
        ... on CreateCommunitySuccess {
          data {
            ...CommunityFields
          }
        }
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [CommunityFields],
);

/** Rename a community; pass `expectedVersion` to refuse a stale edit (VERSION_CONFLICT). */
export const RenameCommunity = graphql(
  `
    mutation RenameCommunity($input: RenameUnitInput!) {
      renameCommunity(input: $input) {
        __typename
        ... on RenameCommunitySuccess {
          data {
            ...CommunityFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [CommunityFields],
);

/** Retire a community from a date, optionally naming its successor. */
export const RetireCommunity = graphql(
  `
    mutation RetireCommunity($input: RetireUnitInput!) {
      retireCommunity(input: $input) {
        __typename
        ... on RetireCommunitySuccess {
          data {
            ...CommunityFields
            successor {
              id
              code
              name
            }
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [CommunityFields],
);

// ---- The three societies: social organizations, social workers, indicators (DOMAIN.md §3, §4, §10)

/**
 * The fields of a social organization most screens need: identity, legal status and form,
 * unified social credit code (null for a filed group), category, domains, status and the
 * community it is rooted in. Unmasked, like {@link CommunityFields}.
 */
export const SocialOrganizationFields = graphql(`
  fragment SocialOrganizationFields on SocialOrganization @_unmask {
    id
    sortKey
    name
    districtCode
    legalStatus
    legalForm
    uscc
    usccCheckOverridden
    category
    serviceDomains
    status
    registeredOn
    deregisteredOn
    guidingUnitCode
    version
    community {
      id
      code
      name
    }
  }
`);

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
 * One indicator of one unit on one day, as numerator and denominator: a ratio over several
 * units is Σ numerators / Σ denominators × scale, never an average of the values.
 */
export const IndicatorValueFields = graphql(`
  fragment IndicatorValueFields on IndicatorValue @_unmask {
    key
    unitCode
    level
    on
    numerator
    denominator
    scale
    value
    target
    targetSource
    numeratorDefinition
    denominatorDefinition
  }
`);

/**
 * One page of social organizations across the districts served, with each one's grade valid
 * today; use with `paginate`. `filter.parentCode` narrows to a district, subdistrict or
 * community; `orderBy` is `NAME` (default) or `REGISTERED_ON`.
 */
export const SocialOrganizationsPage = graphql(
  `
    query SocialOrganizationsPage(
      $first: Int
      $after: String
      $filter: SocialOrganizationFilter
      $orderBy: SocialOrganizationOrder
    ) {
      socialOrganizations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...SocialOrganizationFields
          currentGrade {
            grade
            gradeName
            validUntil
          }
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

/**
 * A social organization by its global ID, with its status history, the grade valid today, its
 * stays on the credit lists, its hubs, the first page of its members (for a hub) and its
 * disclosures. `node` is null when there is none; narrow on `__typename`.
 */
export const SocialOrganizationById = graphql(
  `
    query SocialOrganizationById($id: ID!, $membersFirst: Int = 20) {
      node(id: $id) {
        __typename
        id
        ... on SocialOrganization {
          ...SocialOrganizationFields
          statusHistory {
            kind
            occurredOn
            summary
            changedFields
          }
          currentGrade {
            grade
            gradeName
            score
            awardedOn
            validUntil
            cutoffsSource
          }
          listEntries {
            id
            list
            listedOn
            reason
            reasonDetail
            removedOn
            removalReason
            version
          }
          hubs {
            id
            joinedOn
            leftOn
            version
            hub {
              id
              name
            }
          }
          members(first: $membersFirst) {
            totalCount
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              id
              joinedOn
              leftOn
              version
              member {
                id
                name
                status
              }
            }
          }
          disclosures {
            id
            kind
            title
            content
            publishedOn
            withdrawnOn
          }
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

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
 * The community page of 三社联动: a community by its code, a page of the social organizations
 * rooted in it (each with its current grade and its current posts and their workers), and the
 * posts social workers hold with the community itself. Declares `$after`, so `paginate` can
 * walk the organizations (`(data) => data.community?.socialOrganizations`).
 */
export const CommunityThreeSocieties = graphql(
  `
    query CommunityThreeSocieties(
      $code: String!
      $first: Int = 20
      $after: String
      $filter: SocialOrganizationFilter
      $postsFirst: Int = 10
    ) {
      community(code: $code) {
        id
        code
        name
        kind
        urbanRuralClass
        residentPopulation
        subdistrict {
          code
          name
        }
        socialOrganizations(first: $first, after: $after, filter: $filter) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...SocialOrganizationFields
            currentGrade {
              gradeName
              validUntil
            }
            posts(first: $postsFirst, current: true) {
              totalCount
              nodes {
                id
                title
                fullTime
                startsOn
                worker {
                  id
                  name
                  residentIdMasked
                  certifiedLevel
                }
              }
            }
          }
        }
        socialWorkerPosts(first: $postsFirst, current: true) {
          totalCount
          nodes {
            id
            title
            fullTime
            startsOn
            worker {
              id
              name
              residentIdMasked
              certifiedLevel
            }
          }
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

/**
 * The three-society indicators of a district (6), subdistrict (9) or community (12) on `$on`
 * (default today): organizations and certified social workers per 10,000 residents, community
 * organizations per urban and per rural community.
 */
export const Indicators = graphql(
  `
    query Indicators($unitCode: String!, $on: Date) {
      indicators(unitCode: $unitCode, on: $on) {
        ...IndicatorValueFields
      }
    }
  `,
  [IndicatorValueFields],
);

/**
 * The same indicators for each unit one level down: per subdistrict of a district, per
 * community of a subdistrict. The children's numerators add up to the parent's through them.
 */
export const IndicatorsByChildUnit = graphql(
  `
    query IndicatorsByChildUnit($unitCode: String!, $on: Date) {
      indicatorsByChildUnit(unitCode: $unitCode, on: $on) {
        unitCode
        unitName
        level
        indicators {
          ...IndicatorValueFields
        }
      }
    }
  `,
  [IndicatorValueFields],
);

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
 * Register a social organization (登记). The USCC is checked strictly (INVALID_USCC, or
 * USCC_MISMATCH when positions 1–2 do not fit the legal form); a code already recorded is a
 * ConflictError with DUPLICATE_USCC.
 */
export const RegisterOrganization = graphql(
  `
    mutation RegisterOrganization($input: RegisterOrganizationInput!) {
      registerOrganization(input: $input) {
        __typename
        ... on RegisterOrganizationSuccess {
          data {
            ...SocialOrganizationFields
          }
        }
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

/** File a community group (备案): no legal personality and no USCC, guided by a unit. */
export const FileCommunityGroup = graphql(
  `
    mutation FileCommunityGroup($input: FileCommunityGroupInput!) {
      fileCommunityGroup(input: $input) {
        __typename
        ... on FileCommunityGroupSuccess {
          data {
            ...SocialOrganizationFields
          }
        }
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

/**
 * Change an organization's name, category, domains or communities (recorded in its status
 * history); pass `expectedVersion` to refuse a stale edit (VERSION_CONFLICT).
 */
export const ChangeOrganization = graphql(
  `
    mutation ChangeOrganization($input: ChangeOrganizationInput!) {
      changeOrganization(input: $input) {
        __typename
        ... on ChangeOrganizationSuccess {
          data {
            ...SocialOrganizationFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

/** Deregister (注销) an organization; its hub memberships end the same day. */
export const DeregisterOrganization = graphql(
  `
    mutation DeregisterOrganization($input: DeregisterOrganizationInput!) {
      deregisterOrganization(input: $input) {
        __typename
        ... on DeregisterOrganizationSuccess {
          data {
            ...SocialOrganizationFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [SocialOrganizationFields],
);

/** Make an organization a member of a hub (NOT_A_HUB, HUB_CYCLE refused). */
export const AddHubMember = graphql(`
  mutation AddHubMember($input: AddHubMemberInput!) {
    addHubMember(input: $input) {
      __typename
      ... on AddHubMemberSuccess {
        data {
          id
          joinedOn
          leftOn
          version
          hub {
            id
            name
          }
          member {
            id
            name
          }
        }
      }
      ... on Error {
        code
        message
        path
      }
    }
  }
`);

/**
 * Award an evaluation grade (1A–5A) from a score under the cut-offs in force; NOT_ELIGIBLE when
 * the organization is registered less than two full years, listed or penalised.
 */
export const GradeOrganization = graphql(`
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
      ... on Error {
        code
        message
        path
      }
    }
  }
`);

/** Put an organization on the abnormal-activity or the serious dishonesty list. */
export const ListOrganization = graphql(`
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
      ... on Error {
        code
        message
        path
      }
    }
  }
`);

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
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [SocialWorkerFields],
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
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [CertificateRegistrationFields],
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
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [CertificateRegistrationFields],
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
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [CertificateRegistrationFields],
);

/** Record continuing-education hours (继续教育) a worker completed. */
export const RecordContinuingEducation = graphql(`
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
      ... on Error {
        code
        message
        path
      }
    }
  }
`);

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
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [SocialWorkerPostFields],
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
        ... on Error {
          code
          message
          path
        }
      }
    }
  `,
  [SocialWorkerPostFields],
);

/**
 * Unmask a worker's identity number and/or phone for a declared purpose (PIPL). Allowed for
 * administrators, civil-affairs, unit and organization staff in whose reach the worker is, and
 * the worker itself (DATA_SUBJECT_REQUEST); every field read is written to the access log.
 * Refusals: ForbiddenError (FORBIDDEN, PURPOSE_NOT_ALLOWED), NotFoundError outside the reach.
 */
export const RevealSocialWorkerIdentifiers = graphql(`
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
      ... on Error {
        code
        message
        path
      }
    }
  }
`);

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

/**
 * The indicators over every district the gateway serves, added up from the districts'
 * numerators and denominators; `districts` lists those counted (a missing one comes with a
 * DISTRICT_UNAVAILABLE error).
 */
export const CityIndicators = graphql(`
  query CityIndicators($on: Date) {
    cityIndicators(on: $on) {
      key
      on
      numerator
      denominator
      scale
      value
      districts
      numeratorDefinition
      denominatorDefinition
    }
  }
`);
