import {
  isOverdue,
  type MeetingForm,
  meetingParticipants,
  type OutcomeState,
  type ParticipantKind,
  type TopicSource,
  todayInChina,
} from '@sanshe/core';
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { builder, type SharedNodeRef } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import { auditTrailField } from '../audit-trail.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import {
  gridEventsVisibleTo,
  needsVisibleTo,
  organizationsVisibleTo,
  outcomeTasksVisibleTo,
  projectsVisibleTo,
} from '../visibility.js';
import {
  MeetingFormEnum,
  OutcomeStateEnum,
  ParticipantKindEnum,
  type TaskOwnerKind,
  TaskOwnerKindEnum,
  TopicSourceEnum,
} from './consultation-enums.js';

/**
 * 协商议事 as nodes (docs/domain.md §8). A meeting, its participants (counted by kind, never named),
 * its topics and outcomes are the community's public record: every caller reads them, PUBLIC
 * included (core registers them without a read condition, access/record-visibility.ts), and every
 * text in them was checked as published text when written. The records they link to are shown
 * only as the caller may see them: an organization, a grid event, a need, a project. Tasks are
 * the offices' work and read through core's rule (access/consultation-visibility.ts).
 */

const key = { districtCode: true, id: true } as const;

export const MeetingParticipantRef: SharedNodeRef<
  'meetingParticipants',
  { districtCode: string; id: number }
> = builder.drizzleNode('meetingParticipants', {
  name: 'MeetingParticipant',
  description:
    'Who took part in a consultation meeting, by kind and headcount (never by name); for a social organization or a department, which one.',
  id: { column: (row) => [row.districtCode, row.id], description: 'Its global ID.' },
  select: { columns: key },
  fields: (t) => ({
    kind: t.field({
      type: ParticipantKindEnum,
      description: 'Which kind of participant.',
      select: { columns: { kind: true } },
      resolve: (row) => row.kind as ParticipantKind,
    }),
    headcount: t.exposeInt('headcount', { description: 'How many of this kind took part (1–10,000).' }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'For SOCIAL_ORGANIZATION: the organization, when the caller may see it.',
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx) }),
    }),
    department: t.relation('department', {
      nullable: true,
      description: 'For DEPARTMENT: the department (public reference data).',
    }),
    meeting: t.relation('meeting', { description: 'The meeting it took part in.' }),
  }),
});

export const MeetingOutcomeRef: SharedNodeRef<'meetingOutcomes', { districtCode: string; id: number }> =
  builder.drizzleNode('meetingOutcomes', {
    name: 'MeetingOutcome',
    description:
      'An outcome (议定事项) a meeting voted on a topic. Adopted by more than half of the votes cast; an adopted outcome is carried out by its tasks, marked implemented once every task is done, then reported back to the residents (结果反馈). Public.',
    id: { column: (row) => [row.districtCode, row.id], description: 'Its global ID.' },
    select: { columns: key },
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district of the meeting.' }),
      text: t.exposeString('text', { description: 'What was proposed, as voted.' }),
      votesFor: t.exposeInt('votesFor', { description: 'Votes in favour.' }),
      votesAgainst: t.exposeInt('votesAgainst', { description: 'Votes against.' }),
      abstentions: t.exposeInt('abstentions', { description: 'Cast and not in favour.' }),
      state: t.field({
        type: OutcomeStateEnum,
        description: 'How far it has come.',
        select: { columns: { state: true } },
        resolve: (row) => row.state as OutcomeState,
      }),
      implementedOn: t.expose('implementedOn', {
        type: 'Date',
        nullable: true,
        description: 'The day it was marked implemented (已落实): not before its last task was done.',
      }),
      reportedBackOn: t.expose('reportedBackOn', {
        type: 'Date',
        nullable: true,
        description: 'The day it was reported back to the residents.',
      }),
      report: t.exposeString('report', {
        nullable: true,
        description: 'What was reported back to the residents (published text).',
      }),
      version: t.exposeInt('version', {
        description: 'Increases with every change; pass it as expectedVersion to move it safely.',
      }),
      topic: t.relation('topic', { description: 'The topic it was voted on.' }),
      meeting: t.relation('meeting', { description: 'The meeting that voted it.' }),
      tasks: t.relation('tasks', {
        description:
          'The tasks that carry it out, by due day: those the caller may see (staff of the unit, district-wide roles, the owning organization). PUBLIC follows the state and the report back instead.',
        query: (_args, ctx) => ({ where: outcomeTasksVisibleTo(ctx), orderBy: { dueOn: 'asc', id: 'asc' } }),
      }),
      auditTrail: auditTrailField(t, 'meeting_outcome'),
    }),
  });

export const MeetingTopicRef: SharedNodeRef<'meetingTopics', { districtCode: string; id: number }> =
  builder.drizzleNode('meetingTopics', {
    name: 'MeetingTopic',
    description:
      'A topic a consultation meeting took up (议题): from a grid event, a residents’ need or a proposal, with the outcomes voted on it. Public.',
    id: { column: (row) => [row.districtCode, row.id], description: 'Its global ID.' },
    select: { columns: key },
    fields: (t) => ({
      title: t.exposeString('title', { description: 'The topic, as published.' }),
      source: t.field({
        type: TopicSourceEnum,
        description: 'Where it came from.',
        select: { columns: { source: true } },
        resolve: (row) => row.source as TopicSource,
      }),
      event: t.relation('event', {
        nullable: true,
        description: 'For EVENT: the grid event it came from, when the caller may see it.',
        query: (_args, ctx) => ({ where: gridEventsVisibleTo(ctx) }),
      }),
      need: t.relation('need', {
        nullable: true,
        description: 'For NEED: the residents’ need it came from, when the caller may see it.',
        query: (_args, ctx) => ({ where: needsVisibleTo(ctx) }),
      }),
      outcomes: t.relation('outcomes', {
        description: 'The outcomes voted on it, in the order recorded.',
        query: { orderBy: { id: 'asc' } },
      }),
      meeting: t.relation('meeting', { description: 'The meeting that took it up.' }),
    }),
  });

export const ConsultationMeetingRef: SharedNodeRef<
  'consultationMeetings',
  { districtCode: string; id: number; communityId: number }
> = builder.drizzleNode('consultationMeetings', {
  name: 'ConsultationMeeting',
  description:
    '协商议事 (docs/domain.md §8): a residents’ consultation meeting of a community, with its participants by kind, the topics it took up and the outcomes it voted. The community’s public record: every caller reads it.',
  id: { column: (row) => [row.districtCode, row.id], description: 'Its global ID.' },
  select: { columns: { ...key, communityId: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode', { description: 'The district it was held in.' }),
    sortKey: t.string({
      description: 'Orders meetings across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    community: t.relation('community', { description: 'The community that held it.' }),
    title: t.exposeString('title', { description: 'What it was about, as published.' }),
    form: t.field({
      type: MeetingFormEnum,
      description: 'Its form.',
      select: { columns: { form: true } },
      resolve: (row) => row.form as MeetingForm,
    }),
    heldOn: t.expose('heldOn', { type: 'Date', description: 'The day it was held.' }),
    place: t.exposeString('place', { description: 'Where it was held.' }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: 'The minutes, as published to the residents.',
    }),
    version: t.exposeInt('version', { description: 'Increases with every change.' }),
    attendance: t.int({
      description:
        'Everyone who took part: the sum of the participants’ headcounts (no outcome has more votes).',
      // The same query as the `participants` field's, so that both read one joined selection.
      select: { with: { participants: { columns: { headcount: true }, orderBy: { id: 'asc' } } } },
      resolve: (row) => row.participants.reduce((sum, participant) => sum + participant.headcount, 0),
      extensions: compiledValue((row) => {
        const participant = alias(meetingParticipants, 'attending_participant');
        return sql`(select coalesce(sum(${participant.headcount}), 0)::int from ${meetingParticipants} ${participant}
          where ${participant.districtCode} = ${row.districtCode} and ${participant.meetingId} = ${row.id})`;
      }),
    }),
    participants: t.relation('participants', {
      description: 'Who took part, by kind, in the order recorded.',
      query: { orderBy: { id: 'asc' } },
    }),
    topics: t.relation('topics', {
      description: 'The topics it took up, in the order recorded, each with its outcomes.',
      query: { orderBy: { id: 'asc' } },
    }),
    outcomes: t.relation('outcomes', {
      description: 'Every outcome it voted, over all its topics, in the order recorded.',
      query: { orderBy: { id: 'asc' } },
    }),
    auditTrail: auditTrailField(t, 'consultation_meeting'),
  }),
});

export const OutcomeTaskRef: SharedNodeRef<
  'outcomeTasks',
  {
    districtCode: string;
    id: number;
    departmentId: number | null;
    organizationId: number | null;
    communityId: number | null;
  }
> = builder.drizzleNode('outcomeTasks', {
  name: 'OutcomeTask',
  description:
    'A task that carries an adopted outcome out: owned by a department, an organization or the community itself, due on a working day, linked to the grid event or service project it created, and done once. Seen by district-wide roles, by the staff and grid workers of the meeting’s unit and by the owning organization; never by PUBLIC.',
  id: { column: (row) => [row.districtCode, row.id], description: 'Its global ID.' },
  select: { columns: { ...key, departmentId: true, organizationId: true, communityId: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode', { description: 'The district of the meeting.' }),
    sortKey: t.string({
      description: 'Orders tasks across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    title: t.exposeString('title', { description: 'What is to be done.' }),
    ownerKind: t.field({
      type: TaskOwnerKindEnum,
      description: 'Who carries it out; the matching one of department, organization and community is set.',
      resolve: (row): TaskOwnerKind =>
        row.departmentId !== null ? 'department' : row.organizationId !== null ? 'organization' : 'community',
    }),
    department: t.relation('department', { nullable: true, description: 'The owning department.' }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The owning organization, when the caller may see it.',
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx) }),
    }),
    community: t.relation('community', {
      nullable: true,
      description: 'The owning community (the one that held the meeting).',
    }),
    dueOn: t.expose('dueOn', { type: 'Date', description: 'Due on this working day.' }),
    doneOn: t.expose('doneOn', { type: 'Date', nullable: true, description: 'The day it was done.' }),
    result: t.exposeString('result', { nullable: true, description: 'What was done.' }),
    overdue: t.boolean({
      description: 'Not done and due before today (China time).',
      select: { columns: { doneOn: true, dueOn: true } },
      resolve: (row) => isOverdue(row, todayInChina()),
    }),
    version: t.exposeInt('version', {
      description: 'Increases with every change; pass it as expectedVersion to complete it safely.',
    }),
    event: t.relation('event', {
      nullable: true,
      description: 'The grid event it created or follows, when the caller may see it.',
      query: (_args, ctx) => ({ where: gridEventsVisibleTo(ctx) }),
    }),
    project: t.relation('project', {
      nullable: true,
      description: 'The service project it created or follows, when the caller may see it.',
      query: (_args, ctx) => ({ where: projectsVisibleTo(ctx) }),
    }),
    outcome: t.relation('outcome', { description: 'The outcome it carries out.' }),
    auditTrail: auditTrailField(t, 'outcome_task'),
  }),
});
