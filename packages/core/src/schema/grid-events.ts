import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { departments } from './departments.js';
import { gridTeamMembers, patrolRecords } from './grid-teams.js';
import { communities, grids } from './hierarchy.js';

/**
 * A grid event (网格事件, docs/domain.md §7.7): a problem found or reported in a grid, carried
 * through the five steps 信息收集 → 任务派遣 → 任务处理 → 结果反馈 → 核查结案 by the state machine of
 * grid-events/event-lifecycle.ts. `state` is only ever moved by that machine, and every move is a
 * row of `grid_event_steps`. The community finds and verifies; the department handles (查办分离):
 * `handled_by` and `verified_by` are never the same account (a CHECK says so too).
 */
export const gridEvents = pgTable(
  'grid_events',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    gridId: idReference('grid_id').notNull(),
    communityId: idReference('community_id').notNull(),
    /** The grid's code, kept so that jurisdiction is a prefix test without a join. */
    unitCode: varchar('unit_code', { length: 18 }).notNull(),
    /** A second-level code of `eventCategories` (GB/T 30428 / CJ/T 214 in shape). */
    categoryCode: varchar('category_code', { length: 16 }).notNull(),
    /** `eventUrgencies`: routine, urgent, emergency. */
    urgency: varchar('urgency', { length: 16 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    description: text('description').notNull(),
    address: varchar('address', { length: 200 }),
    longitude: numeric('longitude', { precision: 10, scale: 7, mode: 'number' }),
    latitude: numeric('latitude', { precision: 10, scale: 7, mode: 'number' }),
    /** A photo of the problem (an http(s) URL the reporter's app uploaded it to). */
    mediaUrl: varchar('media_url', { length: 500 }),
    /** `eventSources`: patrol, resident, hotline, open311, consultation, other. */
    source: varchar('source', { length: 16 }).notNull(),
    /** The patrol that found it, when it was found on patrol. */
    patrolRecordId: idReference('patrol_record_id'),
    /** Who reported it: the account (token subject) and its role. */
    reportedBy: varchar('reported_by', { length: 128 }).notNull(),
    reporterRole: varchar('reporter_role', { length: 24 }).notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** A reporter's phone, when one was given (Open311, hotline): sealed as every identifier is. */
    reporterPhoneEncrypted: text('reporter_phone_encrypted'),
    reporterPhoneHash: varchar('reporter_phone_hash', { length: 64 }),
    reporterPhoneMasked: varchar('reporter_phone_masked', { length: 11 }),
    /** Where the event stands: a state of `eventLifecycle`. */
    state: varchar('state', { length: 16 }).notNull(),
    /** The responsible department, once dispatched (null while collected or returned). */
    departmentId: idReference('department_id'),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, mode: 'string' }),
    /** The last day the department must accept (受理) it, and when it did. */
    acceptDueOn: date('accept_due_on', { mode: 'string' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'string' }),
    /** The last day it must be closed (the time limit of its category and urgency, or as extended). */
    closeDueOn: date('close_due_on', { mode: 'string' }),
    /** Whether a due day was counted on a year the calendar does not hold (weekdays only). */
    dueProvisional: boolean('due_provisional').notNull().default(false),
    /** Working days the limit was extended to, with approval (at most the policy's ceiling). */
    extendedTo: smallint('extended_to'),
    handledBy: varchar('handled_by', { length: 128 }),
    fedBackAt: timestamp('fed_back_at', { withTimezone: true, mode: 'string' }),
    verifiedBy: varchar('verified_by', { length: 128 }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
    /** Whether the last closure came after `close_due_on`, and the acceptance after `accept_due_on`. */
    closedLate: boolean('closed_late'),
    acceptedLate: boolean('accepted_late'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** 0 at the community; 1 at the subdistrict, 2 at the district, raised by escalation. */
    escalationLevel: smallint('escalation_level').notNull().default(0),
    /** The day the overdue job last escalated it (one escalation per overdue day, whoever runs it). */
    overdueEscalatedOn: date('overdue_escalated_on', { mode: 'string' }),
    /** The reporter's confirmation of the fix and rating (1–5), once closed. */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'string' }),
    satisfaction: smallint('satisfaction'),
    ratedAt: timestamp('rated_at', { withTimezone: true, mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'grid_events_grid_fk',
      columns: [t.districtCode, t.gridId],
      foreignColumns: [grids.districtCode, grids.id],
    }),
    foreignKey({
      name: 'grid_events_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'grid_events_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    foreignKey({
      name: 'grid_events_patrol_record_fk',
      columns: [t.districtCode, t.patrolRecordId],
      foreignColumns: [patrolRecords.districtCode, patrolRecords.id],
    }),
    index('grid_events_unit_idx').on(t.districtCode, t.unitCode, t.reportedAt),
    index('grid_events_department_idx').on(t.districtCode, t.departmentId, t.state),
    index('grid_events_open_due_idx').on(t.districtCode, t.closeDueOn).where(sql`${t.state} <> 'closed'`),
    index('grid_events_reporter_idx').on(t.districtCode, t.reportedBy),
    index('grid_events_reported_idx').on(t.districtCode, t.reportedAt),
    check('grid_events_unit_in_district', sql`left(${t.unitCode}, 6) = ${t.districtCode}`),
    check(
      'grid_events_state',
      sql`${t.state} in ('collected', 'dispatched', 'handling', 'fed_back', 'closed')`,
    ),
    check('grid_events_urgency', sql`${t.urgency} in ('routine', 'urgent', 'emergency')`),
    check('grid_events_position', sql`(${t.longitude} is null) = (${t.latitude} is null)`),
    check(
      'grid_events_dispatched',
      sql`${t.state} in ('collected') or (${t.departmentId} is not null and ${t.closeDueOn} is not null)`,
    ),
    check(
      'grid_events_verifier_not_handler',
      sql`${t.verifiedBy} is null or ${t.verifiedBy} is distinct from ${t.handledBy}`,
    ),
    check('grid_events_satisfaction', sql`${t.satisfaction} is null or ${t.satisfaction} between 1 and 5`),
    check('grid_events_extension', sql`${t.extendedTo} is null or ${t.extendedTo} between 1 and 60`),
    check('grid_events_counts', sql`${t.reopenCount} >= 0 and ${t.escalationLevel} between 0 and 2`),
    check(
      'grid_events_reporter_phone_complete',
      sql`(${t.reporterPhoneEncrypted} is null) = (${t.reporterPhoneHash} is null) and (${t.reporterPhoneHash} is null) = (${t.reporterPhoneMasked} is null)`,
    ),
  ],
);

/**
 * Every move of a grid event (its 流转记录): the machine's event, the states before and after, who
 * took it (account and role), the department responsible after it, the reason, and the due day it
 * set. Append-only: the loop can always be replayed from here.
 */
export const gridEventSteps = pgTable(
  'grid_event_steps',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    eventId: idReference('event_id').notNull(),
    /** An event of `eventLifecycle` (report, dispatch, accept, …). */
    step: varchar('step', { length: 16 }).notNull(),
    fromState: varchar('from_state', { length: 16 }),
    toState: varchar('to_state', { length: 16 }).notNull(),
    actorId: varchar('actor_id', { length: 128 }).notNull(),
    actorRole: varchar('actor_role', { length: 24 }).notNull(),
    departmentId: idReference('department_id'),
    note: text('note'),
    dueOn: date('due_on', { mode: 'string' }),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'grid_event_steps_event_fk',
      columns: [t.districtCode, t.eventId],
      foreignColumns: [gridEvents.districtCode, gridEvents.id],
    }),
    foreignKey({
      name: 'grid_event_steps_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    index('grid_event_steps_event_idx').on(t.districtCode, t.eventId, t.id),
  ],
);

/**
 * What a department is told (docs/domain.md §7.5): an event routed away from it by a
 * recategorisation, a summons, an event overdue in its hands. Read by its staff; kept.
 */
export const departmentNotices = pgTable(
  'department_notices',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    departmentId: idReference('department_id').notNull(),
    /** `departmentNoticeKinds`: routed_away, summoned, overdue. */
    kind: varchar('kind', { length: 16 }).notNull(),
    eventId: idReference('event_id'),
    summonsId: idReference('summons_id'),
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'department_notices_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    foreignKey({
      name: 'department_notices_event_fk',
      columns: [t.districtCode, t.eventId],
      foreignColumns: [gridEvents.districtCode, gridEvents.id],
    }),
    index('department_notices_department_idx').on(t.districtCode, t.departmentId, t.createdAt),
    check('department_notices_kind', sql`${t.kind} in ('routed_away', 'summoned', 'overdue')`),
  ],
);

/**
 * 吹哨报到 (docs/domain.md §7.8): a community summons departments for what it cannot solve alone
 * (a difficult problem, enforcement, an emergency), usually about an event; each summoned
 * department must report in (报到) by `report_due_at`. Closed with whether it was solved.
 */
export const summonses = pgTable(
  'summonses',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    communityId: idReference('community_id').notNull(),
    eventId: idReference('event_id'),
    /** `summonsReasons`: difficult, enforcement, emergency. */
    reason: varchar('reason', { length: 16 }).notNull(),
    description: text('description').notNull(),
    issuedBy: varchar('issued_by', { length: 128 }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'string' }).notNull(),
    reportDueAt: timestamp('report_due_at', { withTimezone: true, mode: 'string' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
    solved: boolean('solved'),
    closingNote: text('closing_note'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'summonses_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'summonses_event_fk',
      columns: [t.districtCode, t.eventId],
      foreignColumns: [gridEvents.districtCode, gridEvents.id],
    }),
    index('summonses_community_idx').on(t.districtCode, t.communityId, t.issuedAt),
    index('summonses_event_idx').on(t.districtCode, t.eventId),
    check('summonses_reason', sql`${t.reason} in ('difficult', 'enforcement', 'emergency')`),
    check('summonses_due', sql`${t.reportDueAt} > ${t.issuedAt}`),
    check('summonses_closed', sql`(${t.closedAt} is null) = (${t.solved} is null)`),
  ],
);

/** A department summoned, and when it reported in. */
export const summonsDepartments = pgTable(
  'summons_departments',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    summonsId: idReference('summons_id').notNull(),
    departmentId: idReference('department_id').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'string' }),
    reportedBy: varchar('reported_by', { length: 128 }),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('summons_departments_unique').on(t.districtCode, t.summonsId, t.departmentId),
    foreignKey({
      name: 'summons_departments_summons_fk',
      columns: [t.districtCode, t.summonsId],
      foreignColumns: [summonses.districtCode, summonses.id],
    }),
    foreignKey({
      name: 'summons_departments_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    index('summons_departments_department_idx').on(t.districtCode, t.departmentId),
    check('summons_departments_reported', sql`(${t.reportedAt} is null) = (${t.reportedBy} is null)`),
  ],
);

/**
 * A mark given in the assessment of grid work (docs/domain.md §7.9): a community, a department or
 * a grid team member, for a quarter, by itself, by the community (or the grid centre) or by a
 * third party, 0–100. The computed rates (on-time receipt and closure, satisfaction, reopening)
 * come from the events; these are the marks beside them.
 */
export const gridAssessmentMarks = pgTable(
  'grid_assessment_marks',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    /** `assessmentSubjects`: community, department, member. */
    subjectKind: varchar('subject_kind', { length: 16 }).notNull(),
    communityId: idReference('community_id'),
    departmentId: idReference('department_id'),
    memberId: idReference('member_id'),
    /** The quarter marked: `2026-Q3`. */
    period: varchar('period', { length: 7 }).notNull(),
    /** `assessmentRaters`: self, community, third_party. */
    rater: varchar('rater', { length: 16 }).notNull(),
    score: smallint('score').notNull(),
    ratedBy: varchar('rated_by', { length: 128 }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'grid_assessment_marks_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'grid_assessment_marks_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    foreignKey({
      name: 'grid_assessment_marks_member_fk',
      columns: [t.districtCode, t.memberId],
      foreignColumns: [gridTeamMembers.districtCode, gridTeamMembers.id],
    }),
    unique('grid_assessment_marks_unique')
      .on(t.districtCode, t.subjectKind, t.communityId, t.departmentId, t.memberId, t.period, t.rater)
      .nullsNotDistinct(),
    check('grid_assessment_marks_score', sql`${t.score} between 0 and 100`),
    check('grid_assessment_marks_period', sql`${t.period} ~ '^[0-9]{4}-Q[1-4]$'`),
    check('grid_assessment_marks_rater', sql`${t.rater} in ('self', 'community', 'third_party')`),
    check(
      'grid_assessment_marks_subject',
      sql`(${t.subjectKind} = 'community' and ${t.communityId} is not null and ${t.departmentId} is null and ${t.memberId} is null)
        or (${t.subjectKind} = 'department' and ${t.departmentId} is not null and ${t.communityId} is null and ${t.memberId} is null)
        or (${t.subjectKind} = 'member' and ${t.memberId} is not null and ${t.communityId} is null and ${t.departmentId} is null)`,
    ),
  ],
);

export type GridEvent = typeof gridEvents.$inferSelect;
export type GridEventStep = typeof gridEventSteps.$inferSelect;
export type DepartmentNotice = typeof departmentNotices.$inferSelect;
export type Summons = typeof summonses.$inferSelect;
export type SummonsDepartment = typeof summonsDepartments.$inferSelect;
export type GridAssessmentMark = typeof gridAssessmentMarks.$inferSelect;
