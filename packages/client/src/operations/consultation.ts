import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * An outcome a consultation meeting voted (议定事项, docs/domain.md §8): its votes, how far it has
 * come (adopted → implemented → reported back; or not adopted) and what was reported back to the
 * residents. Public. Unmasked.
 */
export const MeetingOutcomeFields = graphql(`
  fragment MeetingOutcomeFields on MeetingOutcome @_unmask {
    id
    text
    votesFor
    votesAgainst
    abstentions
    state
    implementedOn
    reportedBackOn
    report
    version
  }
`);

/**
 * A consultation meeting (协商议事) as the community's public record: who took part by kind, the
 * topics taken up and the outcomes voted on each. The event behind a topic is null for a caller
 * who may not see it. Unmasked.
 */
export const ConsultationMeetingFields = graphql(
  `
    fragment ConsultationMeetingFields on ConsultationMeeting @_unmask {
      id
      sortKey
      districtCode
      title
      form
      heldOn
      place
      summary
      attendance
      version
      community {
        id
        code
        name
      }
      participants {
        id
        kind
        headcount
        organization {
          id
          name
        }
        department {
          id
          code
          name
        }
      }
      topics {
        id
        title
        source
        event {
          id
        }
        need {
          id
        }
        outcomes {
          ...MeetingOutcomeFields
        }
      }
    }
  `,
  [MeetingOutcomeFields],
);

/**
 * A task that carries an adopted outcome out: its owner (`ownerKind` says which of department,
 * organization and community is set), due and done days, and the event or project it is linked
 * to. Seen by staff and owning organizations, never by PUBLIC. Unmasked.
 */
export const OutcomeTaskFields = graphql(`
  fragment OutcomeTaskFields on OutcomeTask @_unmask {
    id
    sortKey
    districtCode
    title
    ownerKind
    department {
      id
      code
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
    dueOn
    doneOn
    result
    overdue
    version
    event {
      id
    }
    project {
      id
    }
    outcome {
      id
      state
    }
  }
`);

/** One page of consultation meetings, by the day held; use with `paginate`. Public. */
export const ConsultationMeetingsPage = graphql(
  `
    query ConsultationMeetingsPage($first: Int, $after: String, $filter: ConsultationMeetingFilter) {
      consultationMeetings(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...ConsultationMeetingFields
        }
      }
    }
  `,
  [ConsultationMeetingFields],
);

/** A meeting by its global ID, with the tasks of its outcomes the caller may see. */
export const ConsultationMeetingById = graphql(
  `
    query ConsultationMeetingById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on ConsultationMeeting {
          ...ConsultationMeetingFields
          outcomes {
            id
            tasks {
              ...OutcomeTaskFields
            }
          }
        }
      }
    }
  `,
  [ConsultationMeetingFields, OutcomeTaskFields],
);

/** One page of the outcome tasks the caller may see, by due day; use with `paginate`. */
export const OutcomeTasksPage = graphql(
  `
    query OutcomeTasksPage($first: Int, $after: String, $filter: OutcomeTaskFilter) {
      outcomeTasks(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...OutcomeTaskFields
        }
      }
    }
  `,
  [OutcomeTaskFields],
);

/**
 * The figures of consultation of a unit over a period: meetings held, topics, outcomes adopted,
 * implemented and reported back ("outcomes implemented" is implemented over adopted). Public.
 */
export const ConsultationFigures = graphql(`
  query ConsultationFigures($unitCode: String!, $from: Date!, $to: Date!) {
    consultationFigures(unitCode: $unitCode, from: $from, to: $to) {
      unitCode
      from
      to
      meetingsHeld
      topics
      outcomes
      outcomesAdopted
      outcomesImplemented
      outcomesReportedBack
      implementedShare
    }
  }
`);

/**
 * Record a meeting a community held, with its participants, topics and outcomes, at once. Errors
 * name the nested field: `["input", "topics", "0", "outcomes", "1", "votesFor"]`.
 */
export const RecordConsultationMeeting = graphql(
  `
    mutation RecordConsultationMeeting($input: RecordConsultationMeetingInput!) {
      recordConsultationMeeting(input: $input) {
        __typename
        ... on RecordConsultationMeetingSuccess {
          data {
            ...ConsultationMeetingFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ConsultationMeetingFields, ErrorFields],
);

/** Charge an adopted outcome with a task, due on a working day (DEADLINE_ON_HOLIDAY otherwise). */
export const AddOutcomeTask = graphql(
  `
    mutation AddOutcomeTask($input: AddOutcomeTaskInput!) {
      addOutcomeTask(input: $input) {
        __typename
        ... on AddOutcomeTaskSuccess {
          data {
            ...OutcomeTaskFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [OutcomeTaskFields, ErrorFields],
);

/** Record a task done, by the community or its owner, at `expectedVersion`. */
export const CompleteOutcomeTask = graphql(
  `
    mutation CompleteOutcomeTask($input: CompleteOutcomeTaskInput!) {
      completeOutcomeTask(input: $input) {
        __typename
        ... on CompleteOutcomeTaskSuccess {
          data {
            ...OutcomeTaskFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [OutcomeTaskFields, ErrorFields],
);

/** Mark an adopted outcome implemented once every task is done (OUTCOME_TASKS_OPEN otherwise). */
export const MarkOutcomeImplemented = graphql(
  `
    mutation MarkOutcomeImplemented($input: MarkOutcomeImplementedInput!) {
      markOutcomeImplemented(input: $input) {
        __typename
        ... on MarkOutcomeImplementedSuccess {
          data {
            ...MeetingOutcomeFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [MeetingOutcomeFields, ErrorFields],
);

/** Record an implemented outcome reported back to the residents (OUTCOME_TASKS_OPEN before). */
export const ReportOutcomeBack = graphql(
  `
    mutation ReportOutcomeBack($input: ReportOutcomeBackInput!) {
      reportOutcomeBack(input: $input) {
        __typename
        ... on ReportOutcomeBackSuccess {
          data {
            ...MeetingOutcomeFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [MeetingOutcomeFields, ErrorFields],
);
