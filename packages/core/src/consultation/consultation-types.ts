import type {
  ConsultationMeeting,
  MeetingOutcome,
  MeetingParticipant,
  MeetingTopic,
} from '../schema/consultation.js';
import type { MeetingForm, OutcomeState, ParticipantKind, TopicSource } from './code-lists.js';

/**
 * The inputs and answers of the consultation service (docs/domain.md §8). Inputs are typed for
 * callers, but every field is checked at run time: the gateway and embedding programs may hand
 * over anything.
 */

/** Who took part, by kind and number (never by name). */
export interface ParticipantInput {
  kind: ParticipantKind;
  headcount: number;
  /** The social organization, for kind `social_organization` only. */
  organizationId?: number | null;
  /** The department, for kind `department` only. */
  departmentId?: number | null;
}

/** An outcome voted on a topic (议定事项). */
export interface OutcomeInput {
  text: string;
  votesFor: number;
  votesAgainst: number;
  /** Default 0. */
  abstentions?: number | null;
}

/** A topic the meeting took up, and the outcomes voted on it. */
export interface TopicInput {
  title: string;
  source: TopicSource;
  /** The grid event it came from, for source `event`. */
  eventId?: number | null;
  /** The residents' need it came from, for source `need`. */
  needId?: number | null;
  outcomes?: readonly OutcomeInput[] | null;
}

export interface RecordMeetingInput {
  communityId: number;
  title: string;
  form: MeetingForm;
  heldOn: string;
  place: string;
  /** The minutes as published to the residents. */
  summary?: string | null;
  participants: readonly ParticipantInput[];
  topics: readonly TopicInput[];
}

/** Who carries a task out: exactly one of a department, an organization or the community. */
export type TaskOwnerInput = { departmentId: number } | { organizationId: number } | { communityId: number };

export interface AddOutcomeTaskInput {
  outcomeId: number;
  title: string;
  owner: TaskOwnerInput;
  /** A working day on the district's calendar. */
  dueOn: string;
  /** The grid event the task created or follows. */
  eventId?: number | null;
  /** The service project the task created or follows. */
  projectId?: number | null;
}

export interface CompleteTaskInput {
  taskId: number;
  doneOn: string;
  /** What was done. */
  result: string;
  expectedVersion?: number | null;
}

export interface MarkImplementedInput {
  outcomeId: number;
  implementedOn: string;
  expectedVersion?: number | null;
}

export interface ReportBackInput {
  outcomeId: number;
  reportedBackOn: string;
  /** What is reported back to the residents (published text). */
  report: string;
  expectedVersion?: number | null;
}

/** A topic with its outcomes. */
export type TopicRecord = MeetingTopic & { outcomes: MeetingOutcome[] };

/** A meeting with its participants, topics and outcomes: the community's public record. */
export type MeetingRecord = ConsultationMeeting & {
  participants: MeetingParticipant[];
  topics: TopicRecord[];
};

/** The meetings a list read answers: those of communities under `unitCode`, held from `from` to `to`. */
export interface MeetingFilter {
  /** A district, subdistrict or community code of this district. */
  unitCode?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface OutcomeFilter extends MeetingFilter {
  state?: OutcomeState | null;
  meetingId?: number | null;
}

/** The tasks a list read answers. */
export interface TaskFilter {
  owner?: TaskOwnerInput | null;
  outcomeId?: number | null;
  /** Only tasks not yet done (true) or only those done (false). */
  open?: boolean | null;
  /** Only tasks not done and due before today. */
  overdue?: boolean | null;
}

/**
 * The figures of consultation in a unit over a period (the indicator "outcomes implemented",
 * docs/domain.md §8): counts of meetings held in the period, of their topics and outcomes, and
 * of those outcomes adopted, implemented and reported back by the period's end. Counts only, so
 * units and districts add up; a rate is implemented over adopted.
 */
export interface ConsultationFigures {
  unitCode: string;
  from: string;
  to: string;
  meetingsHeld: number;
  topics: number;
  outcomes: number;
  outcomesAdopted: number;
  outcomesImplemented: number;
  outcomesReportedBack: number;
}
