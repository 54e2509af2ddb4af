import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of a volunteer (志愿者, docs/domain.md §5.1) screens need: the name, the home
 * community, skills, the days of registration, real-name check and withdrawal. The identity
 * number and phone come masked only (`residentIdMasked`, `mobilePhoneMasked`); the guardian of a
 * minor is named only through `guardianRelation`, never by name here. `revealVolunteerIdentifiers`
 * unmasks for a declared purpose. Unmasked fragment.
 */
export const VolunteerFields = graphql(`
  fragment VolunteerFields on Volunteer @_unmask {
    id
    sortKey
    districtCode
    name
    residentIdMasked
    mobilePhoneMasked
    adultOn
    skills
    registeredOn
    realNameVerifiedOn
    withdrawnOn
    guardianRelation
    guardianConsentOn
    version
    homeCommunity {
      id
      code
      name
    }
  }
`);

/**
 * A service record (志愿服务记录, 民政部令第67号): what was done, where, from when to when
 * (instants with their offset) and the minutes actually served, travel excluded; who recorded
 * and so certified it (谁组织谁记录、谁记录谁证明). Records are never edited: a correction is a
 * new record naming the one it corrects (`corrects`, `correctedBy`), and only records `inForce`
 * count. Unpaid: time, never money.
 */
export const VolunteerServiceFields = graphql(`
  fragment VolunteerServiceFields on VolunteerService @_unmask {
    id
    sortKey
    districtCode
    content
    place
    startedAt
    endedAt
    minutes
    recordedAt
    certifierKind
    certifierName
    certifierTeam {
      id
      name
    }
    inForce
    isVoid
    correctionReason
    corrects {
      id
    }
    correctedBy {
      id
    }
    community {
      id
      code
      name
    }
    volunteer {
      id
      name
    }
  }
`);

/** A volunteer in a team, as a member or its leader, from the day it joined to the day it left. */
export const VolunteerTeamMembershipFields = graphql(`
  fragment VolunteerTeamMembershipFields on VolunteerTeamMembership @_unmask {
    id
    role
    joinedOn
    leftOn
    team {
      id
      name
    }
    volunteer {
      id
      name
    }
  }
`);

/**
 * A volunteer team (志愿服务队), led from a community or an organization, with its open
 * memberships the caller may see (leaders and members, by the day they joined).
 */
export const VolunteerTeamFields = graphql(
  `
    fragment VolunteerTeamFields on VolunteerTeam @_unmask {
      id
      sortKey
      districtCode
      name
      foundedOn
      disbandedOn
      version
      community {
        id
        code
        name
      }
      organization {
        id
        name
      }
      members {
        ...VolunteerTeamMembershipFields
      }
    }
  `,
  [VolunteerTeamMembershipFields],
);

/** What a volunteer serves with beyond a team: a grid (网格信息员), a project, a community or an organization. */
export const VolunteerEngagementFields = graphql(`
  fragment VolunteerEngagementFields on VolunteerEngagement @_unmask {
    id
    role
    startsOn
    endsOn
    gridCode
  }
`);

/** Training (its length in minutes, not service time), a commendation or an evaluation. */
export const VolunteerRecordItemFields = graphql(`
  fragment VolunteerRecordItemFields on VolunteerRecordItem @_unmask {
    id
    kind
    title
    issuer
    occurredOn
    minutes
    rating
  }
`);

/** One page of volunteers the caller may see, by name; use with `paginate`. */
export const VolunteersPage = graphql(
  `
    query VolunteersPage($first: Int, $after: String, $filter: VolunteerFilter) {
      volunteers(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...VolunteerFields
        }
      }
    }
  `,
  [VolunteerFields],
);

/** One page of volunteer teams the caller may see, by name; use with `paginate`. */
export const VolunteerTeamsPage = graphql(
  `
    query VolunteerTeamsPage($first: Int, $after: String, $filter: VolunteerTeamFilter) {
      volunteerTeams(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...VolunteerTeamFields
        }
      }
    }
  `,
  [VolunteerTeamFields],
);

/**
 * A volunteer by its global ID, with its service records in force, its teams, engagements and
 * record items, and its two accounts in the time bank: `pointsAccount` (积分, in points) and
 * `minutesAccount` (服务时长, in minutes); each null before the first movement or when the caller
 * may not see it. `node` is null when there is none or the caller may not see it.
 */
export const VolunteerById = graphql(
  `
    query VolunteerById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on Volunteer {
          ...VolunteerFields
          services {
            ...VolunteerServiceFields
          }
          teams {
            ...VolunteerTeamMembershipFields
          }
          engagements {
            ...VolunteerEngagementFields
          }
          recordItems {
            ...VolunteerRecordItemFields
          }
          pointsAccount {
            id
            unit
            balance
            floor
          }
          minutesAccount {
            id
            unit
            balance
          }
        }
      }
    }
  `,
  [
    VolunteerFields,
    VolunteerServiceFields,
    VolunteerTeamMembershipFields,
    VolunteerEngagementFields,
    VolunteerRecordItemFields,
  ],
);

/** A volunteer team by its global ID, with its open memberships. */
export const VolunteerTeamById = graphql(
  `
    query VolunteerTeamById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on VolunteerTeam {
          ...VolunteerTeamFields
        }
      }
    }
  `,
  [VolunteerTeamFields],
);

/**
 * Register a volunteer under its real name (实名注册) in a home community. The identity number is
 * validated (GB 11643) and de-duplicated (ALREADY_EXISTS); someone under 18 registers with a
 * guardian's consent (GUARDIAN_CONSENT_REQUIRED).
 */
export const RegisterVolunteer = graphql(
  `
    mutation RegisterVolunteer($input: RegisterVolunteerInput!) {
      registerVolunteer(input: $input) {
        __typename
        ... on RegisterVolunteerSuccess {
          data {
            ...VolunteerFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerFields, ErrorFields],
);

/** Change a volunteer's name, phone, skills or day of real-name verification, at `expectedVersion`. */
export const UpdateVolunteer = graphql(
  `
    mutation UpdateVolunteer($input: UpdateVolunteerInput!) {
      updateVolunteer(input: $input) {
        __typename
        ... on UpdateVolunteerSuccess {
          data {
            ...VolunteerFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerFields, ErrorFields],
);

/** Withdraw a volunteer (注销) on a day; the record and its services are kept. */
export const WithdrawVolunteer = graphql(
  `
    mutation WithdrawVolunteer($input: WithdrawVolunteerInput!) {
      withdrawVolunteer(input: $input) {
        __typename
        ... on WithdrawVolunteerSuccess {
          data {
            ...VolunteerFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerFields, ErrorFields],
);

/**
 * Unmask a volunteer's identity number or phone for a declared purpose (a volunteer its own as
 * DATA_SUBJECT_REQUEST); every field read is in the personal-data access log.
 */
export const RevealVolunteerIdentifiers = graphql(
  `
    mutation RevealVolunteerIdentifiers($input: RevealVolunteerIdentifiersInput!) {
      revealVolunteerIdentifiers(input: $input) {
        __typename
        ... on RevealVolunteerIdentifiersSuccess {
          data {
            volunteerId
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

/** Form a volunteer team led from a community or an organization (`ownerId`); its name is unique in the district. */
export const FormVolunteerTeam = graphql(
  `
    mutation FormVolunteerTeam($input: FormVolunteerTeamInput!) {
      formVolunteerTeam(input: $input) {
        __typename
        ... on FormVolunteerTeamSuccess {
          data {
            ...VolunteerTeamFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerTeamFields, ErrorFields],
);

/** Disband a team on a day; its open memberships end that day. */
export const DisbandVolunteerTeam = graphql(
  `
    mutation DisbandVolunteerTeam($input: DisbandVolunteerTeamInput!) {
      disbandVolunteerTeam(input: $input) {
        __typename
        ... on DisbandVolunteerTeamSuccess {
          data {
            ...VolunteerTeamFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerTeamFields, ErrorFields],
);

/**
 * Add a volunteer to a team as a member (the default) or its leader. A leader records, and so
 * certifies, the service of the team's members, never its own.
 */
export const AddTeamMember = graphql(
  `
    mutation AddTeamMember($input: AddTeamMemberInput!) {
      addTeamMember(input: $input) {
        __typename
        ... on AddTeamMemberSuccess {
          data {
            ...VolunteerTeamMembershipFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerTeamMembershipFields, ErrorFields],
);

/** End a membership of a team on a day (default today). */
export const EndTeamMembership = graphql(
  `
    mutation EndTeamMembership($input: EndTeamMembershipInput!) {
      endTeamMembership(input: $input) {
        __typename
        ... on EndTeamMembershipSuccess {
          data {
            ...VolunteerTeamMembershipFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerTeamMembershipFields, ErrorFields],
);

/** Engage a volunteer with a grid (网格信息员), a project, a community or an organization. */
export const StartVolunteerEngagement = graphql(
  `
    mutation StartVolunteerEngagement($input: StartVolunteerEngagementInput!) {
      startVolunteerEngagement(input: $input) {
        __typename
        ... on StartVolunteerEngagementSuccess {
          data {
            ...VolunteerEngagementFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerEngagementFields, ErrorFields],
);

/** End an engagement on a day (default today). */
export const EndVolunteerEngagement = graphql(
  `
    mutation EndVolunteerEngagement($input: EndVolunteerEngagementInput!) {
      endVolunteerEngagement(input: $input) {
        __typename
        ... on EndVolunteerEngagementSuccess {
          data {
            ...VolunteerEngagementFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerEngagementFields, ErrorFields],
);

/**
 * Record, and so certify, a volunteer's service (谁组织谁记录、谁记录谁证明): a team's leader
 * names the team as `certifier`, community staff certify as the community, an organization's
 * staff as their organization. Never one's own (SELF_CERTIFICATION); refused when it overlaps a
 * service in force of the same volunteer (OVERLAPPING_SERVICE). In the same transaction the
 * time bank banks the minutes and earns the points the district's rate gives
 * (`time_bank.points_per_hour`: floor(minutes × rate / 60)).
 */
export const RecordVolunteerService = graphql(
  `
    mutation RecordVolunteerService($input: RecordVolunteerServiceInput!) {
      recordVolunteerService(input: $input) {
        __typename
        ... on RecordVolunteerServiceSuccess {
          data {
            ...VolunteerServiceFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerServiceFields, ErrorFields],
);

/**
 * Correct a service record with a reason: a new record naming it (ALREADY_CORRECTED when one
 * does already), or a void (the service did not take place, 0 minutes). What the corrected
 * record earned in the time bank is reversed and earned anew.
 */
export const CorrectVolunteerService = graphql(
  `
    mutation CorrectVolunteerService($input: CorrectVolunteerServiceInput!) {
      correctVolunteerService(input: $input) {
        __typename
        ... on CorrectVolunteerServiceSuccess {
          data {
            ...VolunteerServiceFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerServiceFields, ErrorFields],
);

/** Record a volunteer's training, commendation or evaluation (never one's own). */
export const RecordVolunteerRecordItem = graphql(
  `
    mutation RecordVolunteerRecordItem($input: RecordVolunteerRecordItemInput!) {
      recordVolunteerRecordItem(input: $input) {
        __typename
        ... on RecordVolunteerRecordItemSuccess {
          data {
            ...VolunteerRecordItemFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [VolunteerRecordItemFields, ErrorFields],
);

/**
 * Export a volunteer's record (sanshe.volunteer-record, version 1; docs/domain.md §5.4) to move
 * it to another district or system: a disclosure of personal data (the document carries the
 * identity number in clear), for a declared purpose, logged in the personal-data access log.
 */
export const ExportVolunteerRecord = graphql(
  `
    mutation ExportVolunteerRecord($input: ExportVolunteerRecordInput!) {
      exportVolunteerRecord(input: $input) {
        __typename
        ... on ExportVolunteerRecordSuccess {
          data {
            volunteerId
            fileName
            digest
            serviceCount
            totalMinutes
            record
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);

/**
 * Import a volunteer's record from another district or system, all or nothing: importing the
 * same record again adds nothing; a conflicting or overlapping service refuses it (IMPORT_CONFLICT).
 */
export const ImportVolunteerRecord = graphql(
  `
    mutation ImportVolunteerRecord($input: ImportVolunteerRecordInput!) {
      importVolunteerRecord(input: $input) {
        __typename
        ... on ImportVolunteerRecordSuccess {
          data {
            volunteerId
            registered
            imported
            alreadyPresent
            itemsImported
            itemsAlreadyPresent
            minutesAdded
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);
