import type { FieldPath } from '../errors/sanshe-error.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { SummonsReportPolicy } from '../policies/grid-policies.js';
import { todayInChina } from '../services/dates.js';
import { chinaDayOf } from '../volunteers/volunteer-rules.js';
import type { SummonsReason } from './code-lists.js';
import { requireWorkingDay } from './event-deadlines.js';
import type { WorkingCalendar } from './working-days.js';

/**
 * By when a summoned department reports in (报到, docs/domain.md §7.8), pure. Policy
 * `grid.summons_report` *(local)* gives working days for a difficult problem (疑难问题) or joint
 * enforcement (综合执法), counted on the district's calendar from the day of issue, and hours for
 * an emergency (应急处置), counted on the clock whatever the day: an emergency does not wait for
 * Monday. A day's limit ends when offices close, 18:00 China time (the 9:00–18:00 office hours of
 * the district practice the default follows), so "2 working days" from a Monday morning is
 * Wednesday 18:00.
 */

/** The close of a working day, China time. */
export const endOfWorkingDay = '18:00:00+08:00';

export interface SummonsDeadline {
  /** The instant, ISO 8601 in UTC. */
  reportDueAt: string;
  /** Working days counted (difficult, enforcement) or hours (emergency); null for an explicit deadline. */
  workingDays: number | null;
  hours: number | null;
  /** Whether a day counted lies in a year the calendar does not hold (weekdays only). */
  provisional: boolean;
}

/** The deadline the policy sets for a summons issued at `now`. */
export function policySummonsDeadline(input: {
  reason: SummonsReason;
  policy: SummonsReportPolicy;
  calendar: WorkingCalendar;
  now: Date;
}): SummonsDeadline {
  const { reason, policy, calendar, now } = input;
  if (reason === 'emergency') {
    return {
      reportDueAt: new Date(now.getTime() + policy.emergencyHours * 3_600_000).toISOString(),
      workingDays: null,
      hours: policy.emergencyHours,
      provisional: false,
    };
  }
  const workingDays = reason === 'difficult' ? policy.difficultWorkingDays : policy.enforcementWorkingDays;
  const issuedOn = todayInChina(now);
  let end = calendar.addWorkingDays(issuedOn, workingDays);
  let due = new Date(`${end.day}T${endOfWorkingDay}`);
  // 0 working days is "today"; issued after offices closed, today is already over: the next one.
  if (due.getTime() <= now.getTime()) {
    end = calendar.addWorkingDays(issuedOn, 1);
    due = new Date(`${end.day}T${endOfWorkingDay}`);
  }
  return { reportDueAt: due.toISOString(), workingDays, hours: null, provisional: end.provisional };
}

/**
 * A deadline the caller names: after `now`, and for anything but an emergency on a working day
 * of the district's calendar (an office that is closed cannot be asked to report in).
 *
 * @throws {SansheError} INVALID_DATE_RANGE (not after now), DEADLINE_ON_HOLIDAY
 */
export function explicitSummonsDeadline(input: {
  reason: SummonsReason;
  /** ISO 8601 in UTC (parsed). */
  reportDueAt: string;
  calendar: WorkingCalendar;
  now: Date;
  path: FieldPath;
}): SummonsDeadline {
  const { reason, reportDueAt, calendar, now, path } = input;
  if (Date.parse(reportDueAt) <= now.getTime()) {
    throw new SansheError(
      'INVALID_DATE_RANGE',
      `A report-in deadline lies after the summons is issued (${now.toISOString()}), not at ${reportDueAt}.`,
      { path, details: { issuedAt: now.toISOString() } },
    );
  }
  if (reason !== 'emergency') requireWorkingDay(calendar, chinaDayOf(reportDueAt), path);
  const year = Number(chinaDayOf(reportDueAt).slice(0, 4));
  return { reportDueAt, workingDays: null, hours: null, provisional: !calendar.knowsYear(year) };
}
