export type {
  MeetingForm,
  OutcomeState,
  ParticipantKind,
  TopicSource,
} from './code-lists.js';
export { meetingForms, outcomeStates, participantKinds, topicSources } from './code-lists.js';
export {
  type ParsedMeetingFilter,
  type ParsedOutcomeFilter,
  type ParsedTaskFilter,
  parseMeetingFilter,
  parseOutcomeFilter,
  parseTaskFilter,
} from './consultation-filters.js';
export {
  implementation,
  isOverdue,
  lastDoneOn,
  openTaskIds,
  outcomeAdoption,
  reportingBack,
  requireResidentsRepresented,
  requireVotesWithinAttendance,
  type TaskProgress,
  type Votes,
  votesCast,
} from './consultation-rules.js';
export {
  type ConsultationService,
  type ConsultationServiceOptions,
  createConsultationService,
} from './consultation-service.js';
export type {
  AddOutcomeTaskInput,
  CompleteTaskInput,
  ConsultationFigures,
  MarkImplementedInput,
  MeetingFilter,
  MeetingRecord,
  OutcomeFilter,
  OutcomeInput,
  ParticipantInput,
  RecordMeetingInput,
  ReportBackInput,
  TaskFilter,
  TaskOwnerInput,
  TopicInput,
  TopicRecord,
} from './consultation-types.js';
export {
  MAX_HEADCOUNT,
  MAX_OUTCOMES_PER_TOPIC,
  MAX_PARTICIPANT_ROWS,
  MAX_TOPICS,
  parseMeetingInput,
} from './meeting-input.js';
export { type OutcomeStep, outcomeLifecycle, outcomeStateOf } from './outcome-lifecycle.js';
export { parseTaskOwner, type TaskOwner } from './task-owner.js';
