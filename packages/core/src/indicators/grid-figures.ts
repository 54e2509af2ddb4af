import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { SansheDb } from '../database/district-database.js';
import { consultationMeetings, meetingOutcomes } from '../schema/consultation.js';
import { gridEventSteps, gridEvents, summonsDepartments, summonses } from '../schema/grid-events.js';
import { communities } from '../schema/hierarchy.js';
import { addDays, addYears } from '../services/dates.js';
import { rowsOf, type UnitGrouping } from './service-chain-figures.js';
import { twelveMonthsTo } from './volunteer-figures.js';

/**
 * The counts behind the indicators of grid management and consultation (docs/domain.md §7, §8,
 * §10) of one unit, over the 12 months to the day. Every figure is a count, so the figures of
 * several units or districts add up. Events and summonses lie where their grid or community lies;
 * consultation outcomes where their meeting was held.
 */
export interface GridFigures {
  /** Events whose closure (as recorded) falls in the 12 months. */
  eventsClosed: number;
  /** Of those, closed by their closing day (closed_late false). */
  eventsClosedOnTime: number;
  /** Events with a closing step (核查结案) in the 12 months. */
  eventsWithClosure: number;
  /** Of those, the ones reopened (a reopen step) in the 12 months. */
  eventsReopened: number;
  /** Reporters' ratings (1–5) given in the 12 months. */
  eventRatings: number;
  /** Of those, 4 or 5 (satisfied). */
  eventRatingsSatisfied: number;
  /** Departments summoned by summonses issued in the 12 months, whose report-in was due or done by the day. */
  departmentsSummoned: number;
  /** Of those, reported in by the deadline (reported_at ≤ report_due_at) by the day. */
  departmentsReportedInOnTime: number;
  /** Outcomes adopted by meetings held in the 12 months. */
  outcomesAdopted: number;
  /** Of those, implemented (落实) by the day, reported back to the residents or not. */
  outcomesImplemented: number;
}

export const emptyGridFigures: GridFigures = {
  eventsClosed: 0,
  eventsClosedOnTime: 0,
  eventsWithClosure: 0,
  eventsReopened: 0,
  eventRatings: 0,
  eventRatingsSatisfied: 0,
  departmentsSummoned: 0,
  departmentsReportedInOnTime: 0,
  outcomesAdopted: 0,
  outcomesImplemented: 0,
};

/**
 * The grid and consultation figures per unit: one statement, whatever the number of units. Each
 * source gives rows of (unit, counts) and the rows are summed per unit:
 *
 * - closures: events whose `closed_at` lies in the 12 months to the day and that are closed, on
 *   time when `closed_late` is false (the event as it stands: an event reopened since and not
 *   closed again is not counted until it is);
 * - reopening, from the append-only steps (so it does not move when an event is closed again):
 *   events with a `close` step in the 12 months, and of those the ones with a `reopen` step in them;
 * - ratings: the reporters' ratings whose `rated_at` lies in the 12 months;
 * - summonses issued in the 12 months: each department summoned counts once its report-in was due
 *   (report_due_at) or done by the end of the day, and on time when it reported in by the deadline
 *   (a department summoned yesterday and due tomorrow is not yet counted);
 * - consultation: outcomes of meetings held in the 12 months adopted by their vote (states adopted,
 *   implemented, reported back), implemented when `implemented_on` is on or before the day.
 */
export async function gridFigures(tx: SansheDb, grouping: UnitGrouping): Promise<Map<string, GridFigures>> {
  const { districtCode, prefix, on } = grouping;
  const length = sql.raw(String(grouping.groupLength));
  const window = twelveMonthsTo(on);
  const firstDay = addDays(addYears(on, -1), 1);
  const e = gridEvents;
  const st = gridEventSteps;
  const s = summonses;
  const sd = summonsDepartments;
  const c = communities;
  const m = consultationMeetings;
  const o = meetingOutcomes;
  const inWindow = (column: AnyPgColumn) => sql`${column} >= ${window.from} and ${column} < ${window.before}`;
  const stepIn = (step: string) => sql`exists (select 1 from ${st}
      where ${st.districtCode} = ${e.districtCode} and ${st.eventId} = ${e.id} and ${st.step} = ${step}
        and ${inWindow(st.at)})`;
  const reportDue = sql`(${sd.reportedAt} < ${window.before} or ${s.reportDueAt} < ${window.before})`;
  const rows = await rowsOf(
    tx,
    sql`with counted as (
        select left(${e.unitCode}, ${length}) as unit_code,
          (${e.state} = 'closed' and ${inWindow(e.closedAt)})::int as closed,
          (${e.state} = 'closed' and ${inWindow(e.closedAt)} and ${e.closedLate} = false)::int as closed_on_time,
          (${stepIn('close')})::int as with_closure,
          (${stepIn('close')} and ${stepIn('reopen')})::int as reopened,
          (${e.satisfaction} is not null and ${inWindow(e.ratedAt)})::int as ratings,
          (${e.satisfaction} >= 4 and ${inWindow(e.ratedAt)})::int as satisfied,
          0 as summoned, 0 as summoned_on_time, 0 as adopted, 0 as implemented
        from ${e}
        where ${e.districtCode} = ${districtCode} and ${e.unitCode} like ${`${prefix}%`}
        union all
        select left(${c.code}, ${length}), 0, 0, 0, 0, 0, 0,
          1, (${sd.reportedAt} < ${window.before} and ${sd.reportedAt} <= ${s.reportDueAt})::int, 0, 0
        from ${sd}
        join ${s} on ${s.districtCode} = ${sd.districtCode} and ${s.id} = ${sd.summonsId}
        join ${c} on ${c.districtCode} = ${s.districtCode} and ${c.id} = ${s.communityId}
        where ${sd.districtCode} = ${districtCode} and ${c.code} like ${`${prefix}%`}
          and ${s.issuedAt} >= ${window.from} and ${s.issuedAt} < ${window.before} and ${reportDue}
        union all
        select left(${c.code}, ${length}), 0, 0, 0, 0, 0, 0, 0, 0,
          1, (${o.state} in ('implemented', 'reported_back') and ${o.implementedOn} <= ${on})::int
        from ${o}
        join ${m} on ${m.districtCode} = ${o.districtCode} and ${m.id} = ${o.meetingId}
        join ${c} on ${c.districtCode} = ${m.districtCode} and ${c.id} = ${m.communityId}
        where ${o.districtCode} = ${districtCode} and ${c.code} like ${`${prefix}%`}
          and ${m.heldOn} >= ${firstDay} and ${m.heldOn} <= ${on}
          and ${o.state} in ('adopted', 'implemented', 'reported_back')
      )
      select unit_code,
        sum(closed)::int as closed, sum(closed_on_time)::int as closed_on_time,
        sum(with_closure)::int as with_closure, sum(reopened)::int as reopened,
        sum(ratings)::int as ratings, sum(satisfied)::int as satisfied,
        sum(summoned)::int as summoned, sum(summoned_on_time)::int as summoned_on_time,
        sum(adopted)::int as adopted, sum(implemented)::int as implemented
      from counted
      group by unit_code`,
  );
  const n = (value: unknown) => Number(value ?? 0);
  return new Map(
    rows.map((row) => [
      String(row.unit_code),
      {
        eventsClosed: n(row.closed),
        eventsClosedOnTime: n(row.closed_on_time),
        eventsWithClosure: n(row.with_closure),
        eventsReopened: n(row.reopened),
        eventRatings: n(row.ratings),
        eventRatingsSatisfied: n(row.satisfied),
        departmentsSummoned: n(row.summoned),
        departmentsReportedInOnTime: n(row.summoned_on_time),
        outcomesAdopted: n(row.adopted),
        outcomesImplemented: n(row.implemented),
      },
    ]),
  );
}
