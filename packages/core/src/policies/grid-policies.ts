import { fail, ok, type ParseResult } from '../errors/result.js';
import { type EventUrgency, eventCategories } from '../grid-events/code-lists.js';
import { parseIntegerRecord } from './policy-keys.js';

/**
 * The shapes of grid management's local figures (docs/domain.md §7, §12), parsed as every policy
 * value is: the whole value checked, the first fault named by its path.
 */

/** "1+2+N" (docs/domain.md §7.2): how many heads a grid team has, and at least how many workers and informants. */
export interface GridTeamComposition {
  heads: number;
  minWorkers: number;
  minInformants: number;
}

export function parseGridTeamComposition(value: unknown): ParseResult<GridTeamComposition> {
  const parsed = parseIntegerRecord(value, ['heads', 'minWorkers', 'minInformants'] as const, 0, 50);
  if (!parsed.success) return parsed;
  if (parsed.data.heads > 1) {
    return fail('INVALID_NUMBER', 'A grid has at most one head (网格长).', ['input', 'value', 'heads']);
  }
  return parsed;
}

/** Working days by urgency; 0 is the same working day. */
export type DaysByUrgency = Record<EventUrgency, number>;

/**
 * Time limits of grid events (docs/domain.md §7.6), in working days counted from the dispatch:
 * to accept (受理) and to close (办结), by urgency, with closing limits per category (first or
 * second level) overriding the default, and the ceiling an approved extension may reach.
 */
export interface EventTimeLimits {
  accept: DaysByUrgency;
  close: DaysByUrgency;
  closeByCategory: Record<string, DaysByUrgency>;
  maxExtended: number;
}

const urgencyKeys = ['routine', 'urgent', 'emergency'] as const;

function parseDaysByUrgency(value: unknown, path: (string | number)[]): ParseResult<DaysByUrgency> {
  const parsed = parseIntegerRecord(value, urgencyKeys, 0, 60);
  if (parsed.success) return parsed;
  return { success: false, error: { ...parsed.error, path: [...path, ...parsed.error.path.slice(2)] } };
}

export function parseEventTimeLimits(value: unknown): ParseResult<EventTimeLimits> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      'VALIDATION_FAILED',
      'Expected an object with accept, close, closeByCategory and maxExtended.',
      ['input', 'value'],
    );
  }
  const record = value as Record<string, unknown>;
  const unknownKey = Object.keys(record).find(
    (key) => !['accept', 'close', 'closeByCategory', 'maxExtended'].includes(key),
  );
  if (unknownKey)
    return fail('VALIDATION_FAILED', `Unknown field "${unknownKey}".`, ['input', 'value', unknownKey]);
  const accept = parseDaysByUrgency(record.accept, ['input', 'value', 'accept']);
  if (!accept.success) return accept;
  const close = parseDaysByUrgency(record.close, ['input', 'value', 'close']);
  if (!close.success) return close;
  const byCategory = record.closeByCategory ?? {};
  if (typeof byCategory !== 'object' || byCategory === null || Array.isArray(byCategory)) {
    return fail('VALIDATION_FAILED', 'closeByCategory maps category codes to limits by urgency.', [
      'input',
      'value',
      'closeByCategory',
    ]);
  }
  const closeByCategory: Record<string, DaysByUrgency> = {};
  for (const [code, limits] of Object.entries(byCategory)) {
    if (!Object.hasOwn(eventCategories, code)) {
      return fail('INVALID_CODE_LIST_VALUE', `Unknown event category "${code}".`, [
        'input',
        'value',
        'closeByCategory',
        code,
      ]);
    }
    const parsed = parseDaysByUrgency(limits, ['input', 'value', 'closeByCategory', code]);
    if (!parsed.success) return parsed;
    closeByCategory[code] = parsed.data;
  }
  const maxExtended = record.maxExtended;
  if (
    typeof maxExtended !== 'number' ||
    !Number.isInteger(maxExtended) ||
    maxExtended < 1 ||
    maxExtended > 60
  ) {
    return fail('INVALID_NUMBER', 'maxExtended is a whole number of working days from 1 to 60.', [
      'input',
      'value',
      'maxExtended',
    ]);
  }
  for (const urgency of urgencyKeys) {
    if (accept.data[urgency] > close.data[urgency]) {
      return fail('INVALID_NUMBER', `Accepting a ${urgency} event cannot take longer than closing it.`, [
        'input',
        'value',
        'accept',
        urgency,
      ]);
    }
  }
  return ok({ accept: accept.data, close: close.data, closeByCategory, maxExtended });
}

/** How long after closure a reporter may still reopen an event (calendar days). */
export interface ResidentFeedbackPolicy {
  reopenWithinDays: number;
}

export function parseResidentFeedback(value: unknown): ParseResult<ResidentFeedbackPolicy> {
  return parseIntegerRecord(value, ['reopenWithinDays'] as const, 1, 365);
}

/**
 * By when summoned departments report in (报到, docs/domain.md §7.8): within working days for a
 * difficult problem or enforcement, within hours (any day) for an emergency.
 */
export interface SummonsReportPolicy {
  difficultWorkingDays: number;
  enforcementWorkingDays: number;
  emergencyHours: number;
}

export function parseSummonsReport(value: unknown): ParseResult<SummonsReportPolicy> {
  const parsed = parseIntegerRecord(
    value,
    ['difficultWorkingDays', 'enforcementWorkingDays', 'emergencyHours'] as const,
    0,
    30,
  );
  if (parsed.success && parsed.data.emergencyHours < 1) {
    return fail('INVALID_NUMBER', 'emergencyHours is at least 1.', ['input', 'value', 'emergencyHours']);
  }
  return parsed;
}

/**
 * How assessment ranks units (docs/domain.md §7.9): a unit needs at least `minimumEvents` events
 * in the period to be ranked, and rates are ranked by the lower bound of their Wilson interval at
 * `confidencePercent`, so one lucky event does not top a ranking.
 */
export interface GridAssessmentPolicy {
  minimumEvents: number;
  confidencePercent: number;
}

export function parseGridAssessment(value: unknown): ParseResult<GridAssessmentPolicy> {
  const parsed = parseIntegerRecord(value, ['minimumEvents', 'confidencePercent'] as const, 1, 1000);
  if (parsed.success && ![80, 90, 95, 99].includes(parsed.data.confidencePercent)) {
    return fail('INVALID_NUMBER', 'confidencePercent is one of 80, 90, 95, 99.', [
      'input',
      'value',
      'confidencePercent',
    ]);
  }
  return parsed;
}
