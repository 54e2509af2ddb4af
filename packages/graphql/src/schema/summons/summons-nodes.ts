import { type SummonsReason, type SummonsState, storedInstant, summonses } from '@sanshe/core';
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { builder, type SharedNodeRef } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import { auditTrailField } from '../audit-trail.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { gridEventsVisibleTo } from '../visibility.js';
import { SummonsReasonEnum, SummonsStateEnum } from './summons-enums.js';

/**
 * 吹哨报到 as nodes (docs/domain.md §7.8): a summons with the departments it names and whether each
 * reported in on time. Summonses are read through core's rule (access/summons-visibility.ts, in
 * the lists and `node`); departments are public reference data; the event a summons is about is
 * shown only when the caller may see it. Instants are stored with their offset and answered in
 * ISO 8601, UTC, as core's views answer them (`storedInstant`).
 */

const key = { districtCode: true, id: true } as const;

/**
 * Whether a department reported in on time, as core's summons view says it
 * (grid-events/summons-context.ts `viewOf`): once reported, by the deadline or not; not reported
 * and the deadline passed, false; not reported and the deadline still ahead, null.
 */
function reportedOnTime(reportedAt: string | null, reportDueAt: string, now: Date): boolean | null {
  const due = Date.parse(storedInstant(reportDueAt));
  if (reportedAt !== null) return Date.parse(storedInstant(reportedAt)) <= due;
  return now.getTime() > due ? false : null;
}

export const SummonedDepartmentRef = builder.drizzleObject('summonsDepartments', {
  name: 'SummonedDepartment',
  description:
    'A department a summons names, and its report-in (报到): when, with what note, and whether by the deadline.',
  select: { columns: { districtCode: true, id: true, departmentId: true } },
  fields: (t) => ({
    department: t.relation('department', { description: 'The department summoned.' }),
    reportedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it reported in; null until it does.',
      select: { columns: { reportedAt: true } },
      resolve: (row) => (row.reportedAt === null ? null : storedInstant(row.reportedAt)),
      extensions: compiledValue((row) => row.reportedAt),
    }),
    note: t.exposeString('note', {
      nullable: true,
      description: 'What the department said when it reported in.',
    }),
    onTime: t.boolean({
      nullable: true,
      description:
        'Reported in by the deadline: true or false once it reported; false once the deadline passed without a report-in; null while it may still report in on time. What the assessment and the indicator "summonses reported in on time" count.',
      select: { columns: { reportedAt: true }, with: { summons: { columns: { reportDueAt: true } } } },
      resolve: (row) => reportedOnTime(row.reportedAt, row.summons.reportDueAt, new Date()),
      // The same rule in SQL, to the millisecond as JavaScript reads instants; now is the database's.
      extensions: compiledValue((row) => {
        const summons = alias(summonses, 'on_time_summons');
        const due = sql`(select date_trunc('milliseconds', ${summons.reportDueAt}) from ${summonses} ${summons}
          where ${summons.districtCode} = ${row.districtCode} and ${summons.id} = ${row.summonsId})`;
        return sql`case when ${row.reportedAt} is not null
          then date_trunc('milliseconds', ${row.reportedAt}) <= ${due}
          when now() > ${due} then false end`;
      }),
    }),
  }),
});

export const SummonsRef: SharedNodeRef<
  'summonses',
  { districtCode: string; id: number; communityId: number; eventId: number | null }
> = builder.drizzleNode('summonses', {
  name: 'Summons',
  description:
    '吹哨报到 (docs/domain.md §7.8): a community summons the departments it needs for what it cannot solve alone; each must report in by the deadline, and the community closes the summons saying whether the problem was solved. Seen by district-wide roles and by the staff and grid workers of the community’s unit; never by PUBLIC (the public reads the aggregate indicator).',
  id: { column: (row) => [row.districtCode, row.id], description: 'Its global ID.' },
  select: { columns: { ...key, communityId: true, eventId: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode', { description: 'The district it was issued in.' }),
    sortKey: t.string({
      description: 'Orders summonses across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    community: t.relation('community', { description: 'The community that summoned (吹哨).' }),
    event: t.relation('event', {
      nullable: true,
      description:
        'The grid event it is about, when it is about one and the caller may see it (an event is seen by fewer callers than its summons: a resident only sees its own).',
      query: (_args, ctx) => ({ where: gridEventsVisibleTo(ctx) }),
    }),
    reason: t.field({
      type: SummonsReasonEnum,
      description: 'Why the departments were summoned.',
      select: { columns: { reason: true } },
      resolve: (row) => row.reason as SummonsReason,
    }),
    description: t.exposeString('description', { description: 'What the departments are summoned for.' }),
    state: t.field({
      type: SummonsStateEnum,
      description: 'Open until the community closes it.',
      select: { columns: { closedAt: true } },
      // Core's rule (grid-events/summons-lifecycle.ts `summonsStateOf`): closed once closed_at is set.
      resolve: (row): SummonsState => (row.closedAt === null ? 'open' : 'closed'),
      extensions: compiledValue(
        (row) => sql`case when ${row.closedAt} is null then 'open' else 'closed' end`,
      ),
    }),
    issuedAt: t.field({
      type: 'DateTime',
      description: 'When it was issued.',
      select: { columns: { issuedAt: true } },
      resolve: (row) => storedInstant(row.issuedAt),
      extensions: compiledValue((row) => row.issuedAt),
    }),
    reportDueAt: t.field({
      type: 'DateTime',
      description:
        'By when each department reports in: the one the community named, or policy grid.summons_report’s (the end of the n-th working day, or hours for an emergency).',
      select: { columns: { reportDueAt: true } },
      resolve: (row) => storedInstant(row.reportDueAt),
      extensions: compiledValue((row) => row.reportDueAt),
    }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the community closed it; null while open.',
      select: { columns: { closedAt: true } },
      resolve: (row) => (row.closedAt === null ? null : storedInstant(row.closedAt)),
      extensions: compiledValue((row) => row.closedAt),
    }),
    solved: t.exposeBoolean('solved', {
      nullable: true,
      description: 'Whether the problem was solved, as the community said when closing; null while open.',
    }),
    closingNote: t.exposeString('closingNote', {
      nullable: true,
      description: 'What came of it, as the community said when closing.',
    }),
    version: t.exposeInt('version', {
      description: 'Increases with every change; pass it as expectedVersion to close it safely.',
    }),
    departments: t.relation('departments', {
      description: 'The departments summoned, by id, each with its report-in.',
      query: { orderBy: { departmentId: 'asc', id: 'asc' } },
    }),
    auditTrail: auditTrailField(t, 'summons'),
  }),
});
