import type { ParseResult } from '../errors/result.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { parseCode } from '../services/code-list.js';
import { parseIsoDate, parseText } from '../validators/text.js';
import { type CalendarDayKind, calendarDayKinds } from './code-lists.js';

/**
 * The input of the working calendar's edits (docs/domain.md §7.6), parsed whole before anything
 * is read or written: each fault is a typed error at the path of the field that holds it.
 */

/** The years a calendar is kept for (the CHECK of `calendar_years`). */
export const calendarYearRange = { from: 2000, to: 2100 } as const;

/** A calendar entry as the input gives it, parsed. */
export interface ParsedCalendarEntry {
  day: string;
  kind: CalendarDayKind;
  name: string;
}

function fromResult<T>(result: ParseResult<T>): T {
  if (!result.success) throw SansheError.fromIssue(result.error);
  return result.data;
}

/**
 * A year of the calendar: a whole number from 2000 to 2100.
 *
 * @throws {SansheError} VALIDATION_FAILED
 */
export function parseCalendarYear(value: unknown, path: FieldPath): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < calendarYearRange.from ||
    value > calendarYearRange.to
  ) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `A calendar year is a whole number from ${calendarYearRange.from} to ${calendarYearRange.to}.`,
      { path },
    );
  }
  return value;
}

/**
 * A day of the calendar: a date of a year from 2000 to 2100.
 *
 * @throws {SansheError} INVALID_DATE
 */
export function parseCalendarDate(value: unknown, path: FieldPath): string {
  const day = fromResult(parseIsoDate(value, { path }));
  const year = Number(day.slice(0, 4));
  if (year < calendarYearRange.from || year > calendarYearRange.to) {
    throw new SansheError(
      'INVALID_DATE',
      `The calendar is kept for ${calendarYearRange.from}–${calendarYearRange.to}, not for ${day}.`,
      { path },
    );
  }
  return day;
}

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * One entry: its day, kind and name (what the day is: 春节, 国庆节调休上班). A day worked in
 * exchange (调休上班) is a Saturday or Sunday, as in every notice: a weekday marked so is a
 * mistyped date, since a weekday is worked anyway (a national holiday is reverted with
 * `ordinary`).
 *
 * @throws {SansheError} INVALID_DATE, INVALID_CODE_LIST_VALUE, VALIDATION_FAILED, INVALID_TEXT
 */
export function parseCalendarEntry(
  entry: { day?: unknown; kind?: unknown; name?: unknown },
  path: FieldPath,
): ParsedCalendarEntry {
  const day = parseCalendarDate(entry.day, [...path, 'day']);
  const kind = parseCode(calendarDayKinds, entry.kind, [...path, 'kind'], 'kind');
  const name = fromResult(
    parseText(entry.name, { path: [...path, 'name'], maxLength: 50, label: 'The name' }),
  );
  if (kind === 'workday' && !isWeekend(day)) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `${day} is a weekday, worked anyway: a day worked in exchange (调休上班) is a Saturday or Sunday.`,
      { path: [...path, 'day'], details: { day, kind } },
    );
  }
  return { day, kind, name };
}

/** The notice an entry or a year comes from (国务院办公厅 or the district's own), 1–200 characters. */
export function parseCalendarSource(value: unknown, path: FieldPath): string {
  return fromResult(parseText(value, { path, maxLength: 200, label: 'The source' }));
}

/** At most a day of the year each. */
const maxDeclaredDays = 366;

/**
 * The entries of a year declared whole: at least one, every day in that year, no day twice.
 *
 * @throws {SansheError} VALIDATION_FAILED at the first entry at fault, or what
 * {@link parseCalendarEntry} throws
 */
export function parseDeclaredEntries(year: number, value: unknown, path: FieldPath): ParsedCalendarEntry[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > maxDeclaredDays) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `A declared year lists its holidays and exchanged working days: 1 to ${maxDeclaredDays} entries.`,
      { path },
    );
  }
  const seen = new Set<string>();
  return value.map((raw: unknown, index) => {
    const entryPath = [...path, index];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new SansheError('VALIDATION_FAILED', 'An entry has a day, a kind and a name.', {
        path: entryPath,
      });
    }
    const entry = parseCalendarEntry(raw as Record<string, unknown>, entryPath);
    if (!entry.day.startsWith(`${year}-`)) {
      throw new SansheError('VALIDATION_FAILED', `${entry.day} does not lie in the year ${year} declared.`, {
        path: [...entryPath, 'day'],
        details: { year, day: entry.day },
      });
    }
    if (seen.has(entry.day)) {
      throw new SansheError('VALIDATION_FAILED', `${entry.day} is listed twice.`, {
        path: [...entryPath, 'day'],
        details: { day: entry.day },
      });
    }
    seen.add(entry.day);
    return entry;
  });
}
