import { addDays } from '../services/dates.js';
import { type NationalCalendarYear, nationalCalendars } from './national-calendar.js';

/**
 * Working days (docs/domain.md §7.6), pure: what a day is, and the day a limit of n working days
 * ends on. A day is a working day when the calendar says so (a make-up working day), not one
 * when it is a holiday, and otherwise when it is Monday to Friday. The calendar of a year is the
 * national arrangement sanshe ships, overridden day by day by the district's own entries; a year
 * neither holds (nor the district declared complete) is unknown, and counting through it uses
 * weekdays only and says so (`provisional`).
 */

export interface CalendarEntry {
  day: string;
  kind: 'holiday' | 'workday' | 'ordinary';
  name: string;
}

export interface WorkingCalendar {
  /** Whether the day is a working day. */
  isWorkingDay(day: string): boolean;
  /** What the calendar says of a day: its entry, or undefined for an ordinary weekday or weekend. */
  entryOf(day: string): CalendarEntry | undefined;
  /** Whether the year is known (shipped nationally, or declared by the district). */
  knowsYear(year: number): boolean;
  /**
   * The day a limit of `workingDays` counted from `start` ends on: 0 is the same day when it is a
   * working day (else the next working day); n is the n-th working day after `start`.
   * `provisional` when any day counted lies in an unknown year.
   */
  addWorkingDays(start: string, workingDays: number): { day: string; provisional: boolean };
  /** The working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: string, to: string): number;
}

/** 0 Sunday … 6 Saturday. */
function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The entries of a national year, one per day. */
export function nationalEntries(year: NationalCalendarYear): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  for (const holiday of year.holidays) {
    for (let day = holiday.from; day <= holiday.to; day = addDays(day, 1)) {
      entries.push({ day, kind: 'holiday', name: holiday.name });
    }
  }
  for (const workday of year.workdays)
    entries.push({ day: workday.day, kind: 'workday', name: workday.name });
  return entries;
}

/** Counting never runs further than this: a limit is weeks, not years. */
const maxCountedDays = 3 * 366;

export function buildWorkingCalendar(input: {
  /** The national years (default: every year sanshe ships). */
  national?: readonly NationalCalendarYear[];
  /** The district's own entries, which win over national ones for their day. */
  districtEntries?: readonly CalendarEntry[];
  /** Years the district declared complete. */
  declaredYears?: readonly number[];
}): WorkingCalendar {
  const national = input.national ?? nationalCalendars;
  const entries = new Map<string, CalendarEntry>();
  for (const year of national) for (const entry of nationalEntries(year)) entries.set(entry.day, entry);
  for (const entry of input.districtEntries ?? []) entries.set(entry.day, entry);
  const knownYears = new Set([...national.map((year) => year.year), ...(input.declaredYears ?? [])]);

  const isWorkingDay = (day: string): boolean => {
    const entry = entries.get(day);
    if (entry?.kind === 'holiday') return false;
    if (entry?.kind === 'workday') return true;
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  };
  const knowsYear = (year: number) => knownYears.has(year);
  const yearOf = (day: string) => Number(day.slice(0, 4));

  return {
    isWorkingDay,
    entryOf: (day) => {
      const entry = entries.get(day);
      return entry && entry.kind !== 'ordinary' ? entry : undefined;
    },
    knowsYear,
    addWorkingDays(start, workingDays) {
      if (!Number.isInteger(workingDays) || workingDays < 0) {
        throw new RangeError(`A limit is a whole number of working days, not ${workingDays}.`);
      }
      let provisional = !knowsYear(yearOf(start));
      let day = start;
      let counted = 0;
      if (workingDays === 0) {
        for (let i = 0; !isWorkingDay(day); i++) {
          if (i > maxCountedDays) throw new RangeError('No working day within three years.');
          day = addDays(day, 1);
          if (!knowsYear(yearOf(day))) provisional = true;
        }
        return { day, provisional };
      }
      for (let i = 0; counted < workingDays; i++) {
        if (i > maxCountedDays) throw new RangeError('No working day within three years.');
        day = addDays(day, 1);
        if (!knowsYear(yearOf(day))) provisional = true;
        if (isWorkingDay(day)) counted += 1;
      }
      return { day, provisional };
    },
    workingDaysBetween(from, to) {
      let count = 0;
      for (let day = addDays(from, 1), i = 0; day <= to && i <= maxCountedDays; day = addDays(day, 1), i++) {
        if (isWorkingDay(day)) count += 1;
      }
      return count;
    },
  };
}
