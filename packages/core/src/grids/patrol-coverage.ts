import type { InspectionFrequency } from '../grid-events/code-lists.js';
import { addDays, addMonths } from '../services/dates.js';

/**
 * Patrol coverage (docs/domain.md §7.3), pure: how many patrols an inspection item's frequency
 * expects over a stretch of days, and how many of those periods a patrol covered. The periods are
 * the calendar's, so two reports of overlapping stretches agree on them:
 *
 * - daily: each day;
 * - weekly: Monday to Sunday (the working week; ISO 8601 / GB/T 7408 weeks);
 * - biweekly: two such weeks, counted from Monday 2001-01-01 (sanshe's anchor: no standard fixes
 *   one, and a fixed anchor keeps the pairs the same in every report);
 * - monthly: calendar months; quarterly: calendar quarters (January, April, July, October).
 *
 * Only periods lying wholly in the stretch are expected: a patrol owed for a week is not owed when
 * the stretch (or the item's life) covers only part of it. A period is covered when at least one
 * patrol falls in it; every patrol in the stretch is counted, in a partial period too.
 */

export interface DayRange {
  from: string;
  to: string;
}

/** Monday 2001-01-01: where biweekly periods are counted from. */
const BIWEEKLY_ANCHOR = '2001-01-01';

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The first day of the period of `frequency` that holds `day`. */
export function periodStartOf(frequency: InspectionFrequency, day: string): string {
  switch (frequency) {
    case 'daily':
      return day;
    case 'weekly': {
      // getUTCDay: Sunday 0 … Saturday 6; a week starts on Monday.
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return addDays(day, -((weekday + 6) % 7));
    }
    case 'biweekly': {
      const offset = daysBetween(BIWEEKLY_ANCHOR, day);
      return addDays(day, -(((offset % 14) + 14) % 14));
    }
    case 'monthly':
      return `${day.slice(0, 7)}-01`;
    case 'quarterly': {
      const month = Number(day.slice(5, 7));
      const first = month - ((month - 1) % 3);
      return `${day.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
    }
  }
}

/** The last day of the period of `frequency` that starts on `start`. */
function periodEndOf(frequency: InspectionFrequency, start: string): string {
  switch (frequency) {
    case 'daily':
      return start;
    case 'weekly':
      return addDays(start, 6);
    case 'biweekly':
      return addDays(start, 13);
    case 'monthly':
      return addDays(addMonths(start, 1), -1);
    case 'quarterly':
      return addDays(addMonths(start, 3), -1);
  }
}

/** The periods of `frequency` lying wholly within the range, in order. */
export function periodsWithin(frequency: InspectionFrequency, range: DayRange): DayRange[] {
  const periods: DayRange[] = [];
  let start = periodStartOf(frequency, range.from);
  while (start <= range.to) {
    const end = periodEndOf(frequency, start);
    if (start >= range.from && end <= range.to) periods.push({ from: start, to: end });
    start = addDays(end, 1);
  }
  return periods;
}

export interface Coverage {
  /** Periods wholly in the range: the patrols the frequency expects. */
  expected: number;
  /** Of those, the periods with at least one patrol. */
  covered: number;
  /** Patrols done in the range. */
  patrols: number;
}

/** The coverage of one item over a range, from the days (in China) of its patrols. */
export function coverageOf(
  frequency: InspectionFrequency,
  range: DayRange,
  patrolDays: readonly string[],
): Coverage {
  const inRange = patrolDays.filter((day) => day >= range.from && day <= range.to);
  const patrolled = new Set(inRange.map((day) => periodStartOf(frequency, day)));
  const periods = periodsWithin(frequency, range);
  return {
    expected: periods.length,
    covered: periods.filter((period) => patrolled.has(period.from)).length,
    patrols: inRange.length,
  };
}
