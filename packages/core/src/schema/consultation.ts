import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { departments } from './departments.js';
import { gridEvents } from './grid-events.js';
import { communities } from './hierarchy.js';
import { needs } from './needs.js';
import { socialOrganizations } from './organizations.js';
import { serviceProjects } from './service-projects.js';

/**
 * 协商议事 (docs/domain.md §8): a residents' consultation meeting of a community, its participants
 * by kind, the topics it took up, the outcomes it adopted and the tasks that carry them out, each
 * followed until it is done and reported back to the residents (结果反馈).
 */
export const consultationMeetings = pgTable(
  'consultation_meetings',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    communityId: idReference('community_id').notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    /** `meetingForms`: council (议事会), hearing (听证会), dialogue (恳谈会), open space (开放空间). */
    form: varchar('form', { length: 16 }).notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: varchar('place', { length: 200 }).notNull(),
    convenedBy: varchar('convened_by', { length: 128 }).notNull(),
    /** The minutes, as published to the residents (no personal data). */
    summary: text('summary'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'consultation_meetings_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('consultation_meetings_community_idx').on(t.districtCode, t.communityId, t.heldOn),
  ],
);

/**
 * Who took part, by kind (residents' representatives, the party organization, the residents'
 * committee, social organizations, the property company, the owners' committee, deputies,
 * departments): how many, and which organization or department. Counted, never named.
 */
export const meetingParticipants = pgTable(
  'meeting_participants',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    meetingId: idReference('meeting_id').notNull(),
    /** `participantKinds`. */
    kind: varchar('kind', { length: 24 }).notNull(),
    headcount: integer('headcount').notNull(),
    organizationId: idReference('organization_id'),
    departmentId: idReference('department_id'),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'meeting_participants_meeting_fk',
      columns: [t.districtCode, t.meetingId],
      foreignColumns: [consultationMeetings.districtCode, consultationMeetings.id],
    }),
    foreignKey({
      name: 'meeting_participants_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    foreignKey({
      name: 'meeting_participants_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    index('meeting_participants_meeting_idx').on(t.districtCode, t.meetingId),
    check('meeting_participants_headcount', sql`${t.headcount} between 1 and 10000`),
    check(
      'meeting_participants_organization',
      sql`${t.organizationId} is null or ${t.kind} = 'social_organization'`,
    ),
    check('meeting_participants_department', sql`${t.departmentId} is null or ${t.kind} = 'department'`),
  ],
);

/** A topic a meeting took up, and where it came from (an event, a need, a residents' proposal). */
export const meetingTopics = pgTable(
  'meeting_topics',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    meetingId: idReference('meeting_id').notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    /** `topicSources`: event, need, proposal. */
    source: varchar('source', { length: 16 }).notNull(),
    eventId: idReference('event_id'),
    needId: idReference('need_id'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'meeting_topics_meeting_fk',
      columns: [t.districtCode, t.meetingId],
      foreignColumns: [consultationMeetings.districtCode, consultationMeetings.id],
    }),
    foreignKey({
      name: 'meeting_topics_event_fk',
      columns: [t.districtCode, t.eventId],
      foreignColumns: [gridEvents.districtCode, gridEvents.id],
    }),
    foreignKey({
      name: 'meeting_topics_need_fk',
      columns: [t.districtCode, t.needId],
      foreignColumns: [needs.districtCode, needs.id],
    }),
    index('meeting_topics_meeting_idx').on(t.districtCode, t.meetingId),
    check(
      'meeting_topics_source',
      sql`(${t.source} = 'event' and ${t.eventId} is not null and ${t.needId} is null)
        or (${t.source} = 'need' and ${t.needId} is not null and ${t.eventId} is null)
        or (${t.source} = 'proposal' and ${t.eventId} is null and ${t.needId} is null)`,
    ),
  ],
);

/**
 * An outcome (议定事项) a meeting reached on a topic, and how it was voted. An adopted outcome
 * is carried out by its tasks and counts as implemented once every task is done and the result
 * was reported back to the residents; one not adopted is kept as the meeting's record.
 */
export const meetingOutcomes = pgTable(
  'meeting_outcomes',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    topicId: idReference('topic_id').notNull(),
    meetingId: idReference('meeting_id').notNull(),
    text: text('text').notNull(),
    votesFor: integer('votes_for').notNull(),
    votesAgainst: integer('votes_against').notNull(),
    abstentions: integer('abstentions').notNull().default(0),
    /** `outcomeStates`: adopted, not_adopted, implemented, reported_back. */
    state: varchar('state', { length: 16 }).notNull(),
    implementedOn: date('implemented_on', { mode: 'string' }),
    reportedBackOn: date('reported_back_on', { mode: 'string' }),
    /** What was reported back to the residents (published text). */
    report: text('report'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'meeting_outcomes_topic_fk',
      columns: [t.districtCode, t.topicId],
      foreignColumns: [meetingTopics.districtCode, meetingTopics.id],
    }),
    foreignKey({
      name: 'meeting_outcomes_meeting_fk',
      columns: [t.districtCode, t.meetingId],
      foreignColumns: [consultationMeetings.districtCode, consultationMeetings.id],
    }),
    index('meeting_outcomes_meeting_idx').on(t.districtCode, t.meetingId),
    check(
      'meeting_outcomes_votes',
      sql`${t.votesFor} >= 0 and ${t.votesAgainst} >= 0 and ${t.abstentions} >= 0`,
    ),
    check(
      'meeting_outcomes_state',
      sql`${t.state} in ('adopted', 'not_adopted', 'implemented', 'reported_back')`,
    ),
    check(
      'meeting_outcomes_progress',
      sql`(${t.state} in ('implemented', 'reported_back')) = (${t.implementedOn} is not null)
        and (${t.state} = 'reported_back') = (${t.reportedBackOn} is not null and ${t.report} is not null)
        and (${t.reportedBackOn} is null or ${t.reportedBackOn} >= ${t.implementedOn})`,
    ),
  ],
);

/**
 * A task that carries out an adopted outcome: who owns it (a department, an organization or the
 * community itself), by when, what it is linked to (a grid event or a service project it created),
 * and when it was done.
 */
export const outcomeTasks = pgTable(
  'outcome_tasks',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    outcomeId: idReference('outcome_id').notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    departmentId: idReference('department_id'),
    organizationId: idReference('organization_id'),
    communityId: idReference('community_id'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    eventId: idReference('event_id'),
    projectId: idReference('project_id'),
    doneOn: date('done_on', { mode: 'string' }),
    result: text('result'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'outcome_tasks_outcome_fk',
      columns: [t.districtCode, t.outcomeId],
      foreignColumns: [meetingOutcomes.districtCode, meetingOutcomes.id],
    }),
    foreignKey({
      name: 'outcome_tasks_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    foreignKey({
      name: 'outcome_tasks_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    foreignKey({
      name: 'outcome_tasks_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'outcome_tasks_event_fk',
      columns: [t.districtCode, t.eventId],
      foreignColumns: [gridEvents.districtCode, gridEvents.id],
    }),
    foreignKey({
      name: 'outcome_tasks_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    index('outcome_tasks_outcome_idx').on(t.districtCode, t.outcomeId),
    check(
      'outcome_tasks_one_owner',
      sql`num_nonnulls(${t.departmentId}, ${t.organizationId}, ${t.communityId}) = 1`,
    ),
    check('outcome_tasks_done', sql`(${t.doneOn} is null) = (${t.result} is null)`),
  ],
);

export type ConsultationMeeting = typeof consultationMeetings.$inferSelect;
export type MeetingParticipant = typeof meetingParticipants.$inferSelect;
export type MeetingTopic = typeof meetingTopics.$inferSelect;
export type MeetingOutcome = typeof meetingOutcomes.$inferSelect;
export type OutcomeTask = typeof outcomeTasks.$inferSelect;
