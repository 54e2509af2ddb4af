import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { parseCode } from '../services/code-list.js';
import { isLocalId } from '../services/service-kit.js';
import { checkPublishedText } from '../validators/published-text.js';
import { parseText } from '../validators/text.js';
import {
  type MeetingForm,
  meetingForms,
  type OutcomeState,
  type ParticipantKind,
  participantKinds,
  type TopicSource,
  topicSources,
} from './code-lists.js';
import {
  outcomeAdoption,
  requireResidentsRepresented,
  requireVotesWithinAttendance,
  type Votes,
} from './consultation-rules.js';
import type { RecordMeetingInput } from './consultation-types.js';

/**
 * The input of a meeting's record, parsed whole before anything is read (pure): texts, codes,
 * counts, which record each row may name, the residents' representatives present, and each
 * outcome's adoption from its votes. Ids are only checked to be ids here; the service checks
 * that each names a record the caller may see, of the meeting's community.
 */

/** The most rows of participants, topics, and outcomes of one topic a meeting records. */
export const MAX_PARTICIPANT_ROWS = 50;
export const MAX_TOPICS = 50;
export const MAX_OUTCOMES_PER_TOPIC = 20;
/** The schema's CHECK `meeting_participants_headcount`. */
export const MAX_HEADCOUNT = 10_000;

export interface ParsedParticipant {
  kind: ParticipantKind;
  headcount: number;
  organizationId: number | null;
  departmentId: number | null;
  path: FieldPath;
}

export interface ParsedOutcome extends Votes {
  text: string;
  state: Extract<OutcomeState, 'adopted' | 'not_adopted'>;
  path: FieldPath;
}

export interface ParsedTopic {
  title: string;
  source: TopicSource;
  eventId: number | null;
  needId: number | null;
  outcomes: ParsedOutcome[];
  path: FieldPath;
}

export interface ParsedMeeting {
  communityId: number;
  title: string;
  form: MeetingForm;
  place: string;
  summary: string | null;
  participants: ParsedParticipant[];
  topics: ParsedTopic[];
}

/**
 * Text the public reads (the meeting, its topics and outcomes are the community's public record,
 * docs/domain.md §8): checked as free text, then holding no personal data (§9).
 *
 * @throws {SansheError} VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT
 */
export function publishedText(
  value: unknown,
  path: FieldPath,
  options: { maxLength: number; label: string; multiline?: boolean },
): string {
  const parsed = parseText(value, { ...options, path });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  const checked = checkPublishedText(parsed.data, { path });
  if (!checked.success) throw SansheError.fromIssue(checked.error);
  return checked.data;
}

function requireList(value: unknown, path: FieldPath, what: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new SansheError('VALIDATION_FAILED', `${what} must be a list.`, { path });
  if (value.length > max) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `${what} must have at most ${max} entries, got ${value.length}.`,
      {
        path,
      },
    );
  }
  return value;
}

function requireObject(value: unknown, path: FieldPath, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SansheError('VALIDATION_FAILED', `${what} must be an object.`, { path });
  }
  return value as Record<string, unknown>;
}

/** A whole number in range, or INVALID_NUMBER. */
function wholeNumber(value: unknown, path: FieldPath, min: number, max: number, label: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new SansheError('INVALID_NUMBER', `${label} must be a whole number from ${min} to ${max}.`, {
      path,
    });
  }
  return value;
}

/** An optional id: absent is null; present, a local id or NOT_FOUND (an id that cannot exist names nothing). */
function optionalId(value: unknown, path: FieldPath, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (!isLocalId(value)) {
    throw new SansheError('NOT_FOUND', `No ${what} with id ${String(value).slice(0, 32)}.`, { path });
  }
  return value;
}

/**
 * A row may name a record only of its own kind: an organization for kind `social_organization`,
 * a department for kind `department`, an event for a topic from an event, a need for one from a
 * need (the schema's CHECKs `meeting_participants_*` and `meeting_topics_source`).
 *
 * @throws {SansheError} VALIDATION_FAILED at the field that should not be there, or is missing
 */
function refuseField(path: FieldPath, message: string): never {
  throw new SansheError('VALIDATION_FAILED', message, { path });
}

function parseParticipants(value: unknown, path: FieldPath): ParsedParticipant[] {
  const list = requireList(value, path, 'The participants', MAX_PARTICIPANT_ROWS);
  const seen = new Set<string>();
  const participants = list.map((entry, index): ParsedParticipant => {
    const at = [...path, index];
    const row = requireObject(entry, at, 'A participant');
    const kind = parseCode(participantKinds, row.kind, [...at, 'kind'], 'The kind of participant');
    const headcount = wholeNumber(row.headcount, [...at, 'headcount'], 1, MAX_HEADCOUNT, 'The headcount');
    const organizationId = optionalId(row.organizationId, [...at, 'organizationId'], 'social organization');
    const departmentId = optionalId(row.departmentId, [...at, 'departmentId'], 'department');
    if (organizationId !== null && kind !== 'social_organization') {
      refuseField(
        [...at, 'organizationId'],
        'Only a participant of kind social_organization names an organization.',
      );
    }
    if (departmentId !== null && kind !== 'department') {
      refuseField([...at, 'departmentId'], 'Only a participant of kind department names a department.');
    }
    // One row per kind and body: two rows of residents' representatives would count them twice.
    const key = `${kind}/${organizationId ?? ''}/${departmentId ?? ''}`;
    if (seen.has(key)) {
      refuseField(
        at,
        `The participants list ${kind}${(organizationId ?? departmentId) ? ` (id ${organizationId ?? departmentId})` : ''} twice: give one row with the headcount.`,
      );
    }
    seen.add(key);
    return { kind, headcount, organizationId, departmentId, path: at };
  });
  requireResidentsRepresented(participants, path);
  return participants;
}

function parseOutcomes(value: unknown, path: FieldPath, attendance: number): ParsedOutcome[] {
  if (value === undefined || value === null) return [];
  const list = requireList(value, path, 'The outcomes', MAX_OUTCOMES_PER_TOPIC);
  return list.map((entry, index): ParsedOutcome => {
    const at = [...path, index];
    const row = requireObject(entry, at, 'An outcome');
    const text = publishedText(row.text, [...at, 'text'], {
      maxLength: 2000,
      label: 'The outcome',
      multiline: true,
    });
    const votes: Votes = {
      votesFor: wholeNumber(
        row.votesFor,
        [...at, 'votesFor'],
        0,
        MAX_HEADCOUNT * MAX_PARTICIPANT_ROWS,
        'votesFor',
      ),
      votesAgainst: wholeNumber(
        row.votesAgainst,
        [...at, 'votesAgainst'],
        0,
        MAX_HEADCOUNT * MAX_PARTICIPANT_ROWS,
        'votesAgainst',
      ),
      abstentions:
        row.abstentions === undefined || row.abstentions === null
          ? 0
          : wholeNumber(
              row.abstentions,
              [...at, 'abstentions'],
              0,
              MAX_HEADCOUNT * MAX_PARTICIPANT_ROWS,
              'abstentions',
            ),
    };
    requireVotesWithinAttendance(votes, attendance, [...at, 'votesFor']);
    return { text, ...votes, state: outcomeAdoption(votes), path: at };
  });
}

function parseTopics(value: unknown, path: FieldPath, attendance: number): ParsedTopic[] {
  const list = requireList(value, path, 'The topics', MAX_TOPICS);
  if (list.length === 0) {
    throw new SansheError('VALIDATION_FAILED', 'A consultation meeting takes up at least one topic.', {
      path,
    });
  }
  return list.map((entry, index): ParsedTopic => {
    const at = [...path, index];
    const row = requireObject(entry, at, 'A topic');
    const title = publishedText(row.title, [...at, 'title'], { maxLength: 200, label: 'The topic' });
    const source = parseCode(topicSources, row.source, [...at, 'source'], 'The source of a topic');
    const eventId = optionalId(row.eventId, [...at, 'eventId'], 'grid event');
    const needId = optionalId(row.needId, [...at, 'needId'], 'need');
    if (source === 'event' && eventId === null)
      refuseField([...at, 'eventId'], 'A topic from a grid event names the event.');
    if (source === 'need' && needId === null)
      refuseField([...at, 'needId'], 'A topic from a need names the need.');
    if (source !== 'event' && eventId !== null)
      refuseField([...at, 'eventId'], `A topic from a ${source} names no grid event.`);
    if (source !== 'need' && needId !== null)
      refuseField([...at, 'needId'], `A topic from a ${source} names no need.`);
    return {
      title,
      source,
      eventId,
      needId,
      outcomes: parseOutcomes(row.outcomes, [...at, 'outcomes'], attendance),
      path: at,
    };
  });
}

/**
 * The meeting's record, parsed whole (`heldOn` is checked by the service against its clock).
 *
 * @throws {SansheError} VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT,
 *   INVALID_CODE_LIST_VALUE, INVALID_NUMBER, NOT_FOUND (an id that cannot exist)
 */
export function parseMeetingInput(input: RecordMeetingInput): ParsedMeeting {
  const at = (field: string): FieldPath => ['input', field];
  const given = requireObject(input, ['input'], 'The input');
  const communityId = optionalId(given.communityId, at('communityId'), 'community');
  if (communityId === null)
    throw new SansheError('NOT_FOUND', 'A meeting is held by a community: name it.', {
      path: at('communityId'),
    });
  const title = publishedText(given.title, at('title'), { maxLength: 200, label: 'The title' });
  const form = parseCode(meetingForms, given.form, at('form'), 'The form of meeting');
  const place = publishedText(given.place, at('place'), { maxLength: 200, label: 'The place' });
  const summary =
    given.summary === undefined || given.summary === null
      ? null
      : publishedText(given.summary, at('summary'), {
          maxLength: 20_000,
          label: 'The summary',
          multiline: true,
        });
  const participants = parseParticipants(given.participants, at('participants'));
  const attendance = participants.reduce((sum, participant) => sum + participant.headcount, 0);
  const topics = parseTopics(given.topics, at('topics'), attendance);
  return { communityId, title, form, place, summary, participants, topics };
}
