import type { FieldPath } from '../errors/sanshe-error.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { EventTimeLimits } from '../policies/grid-policies.js';
import { type EventCategoryCode, type EventUrgency, eventCategories } from './code-lists.js';
import type { WorkingCalendar } from './working-days.js';

/**
 * The deadlines of a grid event (docs/domain.md §7.6), pure: counted in working days from the
 * day it is dispatched, on the district's calendar, by the limits of its category and urgency in
 * the policy in force (grid.event_time_limits). The closing limit of the second-level category
 * wins over its first level's, which wins over the default by urgency.
 */

export interface EventDeadlines {
  /** The last day to accept (受理). */
  acceptDueOn: string;
  /** The last day to close (办结). */
  closeDueOn: string;
  /** The working days the closing limit is. */
  closeWorkingDays: number;
  /** Whether a day counted lies in a year the calendar does not hold. */
  provisional: boolean;
}

/** The closing limit in working days for a category and urgency. */
export function closeLimitOf(
  limits: EventTimeLimits,
  categoryCode: EventCategoryCode,
  urgency: EventUrgency,
): number {
  const parent = eventCategories[categoryCode].parent;
  // Own keys only: the limits come from stored JSON, and `constructor` is no category.
  const byCategory = (code: string | null) =>
    code !== null && Object.hasOwn(limits.closeByCategory, code) ? limits.closeByCategory[code] : undefined;
  const specific = byCategory(categoryCode) ?? byCategory(parent);
  return (specific ?? limits.close)[urgency];
}

export function eventDeadlines(input: {
  limits: EventTimeLimits;
  categoryCode: EventCategoryCode;
  urgency: EventUrgency;
  /** The day of dispatch (China time). */
  dispatchedOn: string;
  calendar: WorkingCalendar;
}): EventDeadlines {
  const closeWorkingDays = closeLimitOf(input.limits, input.categoryCode, input.urgency);
  const acceptWorkingDays = Math.min(input.limits.accept[input.urgency], closeWorkingDays);
  const accept = input.calendar.addWorkingDays(input.dispatchedOn, acceptWorkingDays);
  const close = input.calendar.addWorkingDays(input.dispatchedOn, closeWorkingDays);
  return {
    acceptDueOn: accept.day,
    closeDueOn: close.day,
    closeWorkingDays,
    provisional: accept.provisional || close.provisional,
  };
}

/**
 * The closing day of an approved extension (延期): `workingDays` counted from the original
 * dispatch day, no more than the policy's ceiling and longer than the limit it replaces.
 *
 * @throws {SansheError} EXTENSION_TOO_LONG beyond the ceiling; VALIDATION_FAILED when it does not extend.
 */
export function extendedCloseDue(input: {
  limits: EventTimeLimits;
  currentWorkingDays: number;
  workingDays: number;
  dispatchedOn: string;
  calendar: WorkingCalendar;
  path?: FieldPath;
}): { closeDueOn: string; provisional: boolean } {
  const path = input.path ?? ['input', 'workingDays'];
  if (!Number.isInteger(input.workingDays) || input.workingDays < 1) {
    throw new SansheError(
      'VALIDATION_FAILED',
      'An extension is a whole number of working days, at least 1.',
      { path },
    );
  }
  if (input.workingDays > input.limits.maxExtended) {
    throw new SansheError(
      'EXTENSION_TOO_LONG',
      `A time limit is extended to at most ${input.limits.maxExtended} working days (grid.event_time_limits), not ${input.workingDays}.`,
      { path, details: { maxExtended: input.limits.maxExtended, requested: input.workingDays } },
    );
  }
  if (input.workingDays <= input.currentWorkingDays) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `An extension gives more than the current ${input.currentWorkingDays} working days.`,
      { path, details: { current: input.currentWorkingDays, requested: input.workingDays } },
    );
  }
  const close = input.calendar.addWorkingDays(input.dispatchedOn, input.workingDays);
  return { closeDueOn: close.day, provisional: close.provisional };
}

/**
 * A deadline a caller names (a summons' report-in day, a task's due day) must be a working day.
 *
 * @throws {SansheError} DEADLINE_ON_HOLIDAY, with what the day is.
 */
export function requireWorkingDay(calendar: WorkingCalendar, day: string, path: FieldPath): void {
  if (calendar.isWorkingDay(day)) return;
  const entry = calendar.entryOf(day);
  throw new SansheError(
    'DEADLINE_ON_HOLIDAY',
    `${day} is not a working day (${entry ? entry.name : 'a weekend'}).`,
    { path, details: { day, holiday: entry?.name ?? null } },
  );
}
