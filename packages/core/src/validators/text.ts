import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';

const MAX_NAME_LENGTH = 100;

/**
 * Whether year-month-day is a real date of the proleptic Gregorian calendar (month 1–12,
 * day within the month, 29 February only in leap years). Shared by the date and
 * resident-ID validators so both agree on leap years.
 */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses the name of a person, organization, unit or project: surrounding whitespace
 * (including the ideographic space U+3000) is trimmed, the rest must be 1 to 100
 * characters without control characters.
 *
 * Length counts code points, not UTF-16 units, so a Chinese name or a character outside
 * the Basic Multilingual Plane (rare surname characters live there) counts as one.
 */
export function parseName(value: unknown, options?: ParseOptions): ParseResult<string> {
  const path = options?.path ?? [];
  const bad = (message: string) => fail<string>('INVALID_NAME', message, path);

  if (typeof value !== 'string') {
    return bad(`A name must be a string, got ${value === null ? 'null' : typeof value}.`);
  }
  const name = value.trim();
  if (name === '') return bad('A name must not be empty.');
  const codePoints = Array.from(name);
  if (codePoints.length > MAX_NAME_LENGTH) {
    return bad(`A name must have at most ${MAX_NAME_LENGTH} characters, got ${codePoints.length}.`);
  }
  for (let i = 0; i < codePoints.length; i++) {
    const char = codePoints[i]!;
    // Control characters (line breaks, tabs, NUL …) break one-line displays and exports.
    if (/\p{Cc}/u.test(char)) {
      const hex = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      return bad(`A name must not contain control characters, found U+${hex} at character ${i + 1}.`);
    }
    // A lone surrogate is not text at all: it cannot be encoded as UTF-8 for storage.
    if (/\p{Cs}/u.test(char)) {
      return bad(`A name must be well-formed text, found an unpaired surrogate at character ${i + 1}.`);
    }
  }
  return ok(name);
}

/**
 * Parses a calendar date written 'YYYY-MM-DD' (ISO 8601 extended, no time, no zone) that
 * exists in the calendar, with a year from 1900 to 2999. The data is the trimmed string
 * unchanged, so dates compare correctly as text.
 */
export function parseIsoDate(value: unknown, options?: ParseOptions): ParseResult<string> {
  const path = options?.path ?? [];
  const bad = (message: string) => fail<string>('INVALID_DATE', message, path);

  if (typeof value !== 'string') {
    return bad(`A date must be a string, got ${value === null ? 'null' : typeof value}.`);
  }
  const date = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return bad(`A date must be written YYYY-MM-DD, got "${date}".`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || year > 2999)
    return bad(`The year of date ${date} must be from 1900 to 2999, got ${year}.`);
  if (month < 1 || month > 12)
    return bad(`The month of date ${date} must be from 01 to 12, got ${match[2]}.`);
  if (!isCalendarDate(year, month, day)) {
    return bad(
      `Date ${date} does not exist: month ${match[2]} of ${year} has ${daysInMonth(year, month)} days.`,
    );
  }
  return ok(date);
}

export interface TextOptions extends ParseOptions {
  /** At most this many characters (code points). */
  maxLength: number;
  /** Line breaks and tabs allowed (a disclosure's content); otherwise one line. Default false. */
  multiline?: boolean;
  /** What the text is, for messages: "The summary". Default "The text". */
  label?: string;
}

/**
 * The one parser of free text that people read (titles, summaries, notes, reasons): trimmed,
 * 1 to `maxLength` characters, no control characters (line breaks and tabs only in multiline
 * text), no lone surrogates. Length faults are VALIDATION_FAILED; a control character or a lone
 * surrogate is INVALID_TEXT, the code the gateway's boundary gives the same fault.
 */
export function parseText(value: unknown, options: TextOptions): ParseResult<string> {
  const path = options.path ?? [];
  const label = options.label ?? 'The text';
  if (typeof value !== 'string') {
    return fail(
      'VALIDATION_FAILED',
      `${label} must be text, got ${value === null ? 'null' : typeof value}.`,
      path,
    );
  }
  const text = value.trim();
  const length = Array.from(text).length;
  if (length === 0 || length > options.maxLength) {
    return fail(
      'VALIDATION_FAILED',
      `${label} must have 1 to ${options.maxLength} characters, got ${length}.`,
      path,
    );
  }
  let position = 0;
  for (const char of text) {
    position += 1;
    const code = char.codePointAt(0)!;
    const layout = code === 0x09 || code === 0x0a || code === 0x0d;
    if (/\p{Cc}/u.test(char) && !(options.multiline && layout)) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      return fail(
        'INVALID_TEXT',
        `${label} must not contain control characters${options.multiline ? ' other than line breaks and tabs' : ''}, found U+${hex} at character ${position}.`,
        path,
      );
    }
    if (/\p{Cs}/u.test(char)) {
      return fail(
        'INVALID_TEXT',
        `${label} must be well-formed text, found an unpaired surrogate at character ${position}.`,
        path,
      );
    }
  }
  return ok(text);
}
