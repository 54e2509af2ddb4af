import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { parseCode } from '../services/code-list.js';
import { parseDivisionCode } from '../validators/division-code.js';
import { parseIsoDate } from '../validators/text.js';
import { type OutcomeState, outcomeStates } from './code-lists.js';
import type { MeetingFilter, OutcomeFilter, TaskFilter } from './consultation-types.js';
import { parseTaskOwner, type TaskOwner } from './task-owner.js';

/**
 * The checks of the consultation reads' filters (pure): a unit code of this district, real dates
 * in order, codes of their lists, ids that can exist. A bad filter is a typed error rather than an
 * empty list. The gateway calls these instead of repeating them.
 */

export interface ParsedMeetingFilter {
  unitCode: string | null;
  from: string | null;
  to: string | null;
}

export interface ParsedOutcomeFilter extends ParsedMeetingFilter {
  state: OutcomeState | null;
  meetingId: number | null;
}

export interface ParsedTaskFilter {
  owner: TaskOwner | null;
  outcomeId: number | null;
  open: boolean | null;
  overdue: boolean | null;
}

/**
 * A district, subdistrict or community code of `districtCode`.
 *
 * @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT
 */
export function parseUnitCodeIn(districtCode: string, value: unknown, path: FieldPath): string {
  const parsed = parseDivisionCode(value, { path });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  if (parsed.data.districtCode !== districtCode) {
    throw new SansheError(
      'CODE_OUTSIDE_DISTRICT',
      `Unit ${parsed.data.code} belongs to district ${parsed.data.districtCode}, not to ${districtCode}.`,
      { path },
    );
  }
  return parsed.data.code;
}

function optionalDate(value: unknown, path: FieldPath): string | null {
  if (value === undefined || value === null) return null;
  const parsed = parseIsoDate(value, { path });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  return parsed.data;
}

/**
 * A period's two ends, each optional, in order.
 *
 * @throws {SansheError} INVALID_DATE, INVALID_DATE_RANGE
 */
export function parsePeriod(
  from: unknown,
  to: unknown,
  path: FieldPath,
): { from: string | null; to: string | null } {
  const start = optionalDate(from, [...path, 'from']);
  const end = optionalDate(to, [...path, 'to']);
  if (start !== null && end !== null && end < start) {
    throw new SansheError('INVALID_DATE_RANGE', `The period ends (${end}) before it starts (${start}).`, {
      path: [...path, 'to'],
    });
  }
  return { from: start, to: end };
}

function optionalBoolean(value: unknown, path: FieldPath): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean')
    throw new SansheError('VALIDATION_FAILED', 'Expected true or false.', { path });
  return value;
}

/** An id a filter names: one that cannot exist matches nothing (-1), as a missing record. */
function filterId(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : -1;
}

/** @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT, INVALID_DATE, INVALID_DATE_RANGE */
export function parseMeetingFilter(
  districtCode: string,
  filter: MeetingFilter | null | undefined,
  path: FieldPath = ['filter'],
): ParsedMeetingFilter {
  if (!filter) return { unitCode: null, from: null, to: null };
  const unitCode =
    filter.unitCode === undefined || filter.unitCode === null
      ? null
      : parseUnitCodeIn(districtCode, filter.unitCode, [...path, 'unitCode']);
  return { unitCode, ...parsePeriod(filter.from, filter.to, path) };
}

/** @throws {SansheError} as {@link parseMeetingFilter}, and INVALID_CODE_LIST_VALUE */
export function parseOutcomeFilter(
  districtCode: string,
  filter: OutcomeFilter | null | undefined,
  path: FieldPath = ['filter'],
): ParsedOutcomeFilter {
  const meeting = parseMeetingFilter(districtCode, filter, path);
  const state =
    filter?.state === undefined || filter.state === null
      ? null
      : parseCode(outcomeStates, filter.state, [...path, 'state'], 'The state of an outcome');
  return { ...meeting, state, meetingId: filterId(filter?.meetingId) };
}

/** @throws {SansheError} VALIDATION_FAILED, NOT_FOUND (an owner id that cannot exist) */
export function parseTaskFilter(
  filter: TaskFilter | null | undefined,
  path: FieldPath = ['filter'],
): ParsedTaskFilter {
  if (!filter) return { owner: null, outcomeId: null, open: null, overdue: null };
  return {
    owner:
      filter.owner === undefined || filter.owner === null
        ? null
        : parseTaskOwner(filter.owner, [...path, 'owner']),
    outcomeId: filterId(filter.outcomeId),
    open: optionalBoolean(filter.open, [...path, 'open']),
    overdue: optionalBoolean(filter.overdue, [...path, 'overdue']),
  };
}
