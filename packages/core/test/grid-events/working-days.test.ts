/**
 * Working days and the deadlines counted on them (docs/domain.md §7.6), pure: the national
 * arrangement as the State Council's notices give it (国务院办公厅关于2025年/2026年部分节假日安排的
 * 通知), the district's entries over it, unknown years, and the time limits of policy
 * grid.event_time_limits with its extension ceiling. Every expected day below was counted by
 * hand on a 2026 calendar (2026-01-01 is a Thursday; 2026-03-02 a Monday).
 */
import { describe, expect, it } from 'vitest';
import { SansheError } from '../../src/errors/index.js';
import type { EventCategoryCode, EventUrgency } from '../../src/grid-events/code-lists.js';
import {
  closeLimitOf,
  eventDeadlines,
  extendedCloseDue,
  requireWorkingDay,
} from '../../src/grid-events/event-deadlines.js';
import { nationalCalendars } from '../../src/grid-events/national-calendar.js';
import { buildWorkingCalendar, type CalendarEntry } from '../../src/grid-events/working-days.js';
import type { EventTimeLimits } from '../../src/policies/grid-policies.js';
import { policyDefinitions } from '../../src/policies/policy-keys.js';
import { addDays } from '../../src/services/dates.js';

const national = buildWorkingCalendar({});

/** Every day of a year, in order. */
function daysOf(year: number): string[] {
  const days: string[] = [];
  for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Every day from `from` to `to`, inclusive. */
function span(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The limits of the national default of grid.event_time_limits, parsed as a stored value would be. */
function defaultLimits(): EventTimeLimits {
  const definition = policyDefinitions['grid.event_time_limits'];
  const parsed = definition.parse(definition.nationalDefaults[0]!.value);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
}

function refusalOf(action: () => unknown): SansheError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SansheError);
    return error as SansheError;
  }
  throw new Error('expected a refusal');
}

describe('the 2026 national arrangement (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04)', () => {
  const holidays = [
    ...span('2026-01-01', '2026-01-03'),
    ...span('2026-02-15', '2026-02-23'),
    ...span('2026-04-04', '2026-04-06'),
    ...span('2026-05-01', '2026-05-05'),
    ...span('2026-06-19', '2026-06-21'),
    ...span('2026-09-25', '2026-09-27'),
    ...span('2026-10-01', '2026-10-07'),
  ];
  const makeUpDays = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

  it('rests on every day of the seven holidays and works the six exchanged weekend days', () => {
    expect(holidays.filter((day) => national.isWorkingDay(day))).toEqual([]);
    expect(makeUpDays.filter((day) => !national.isWorkingDay(day))).toEqual([]);
    // The exchanged days are weekend days: Sun, Sat, Sat, Sat, Sun, Sat.
    expect(makeUpDays.map(weekdayOf)).toEqual([0, 6, 6, 6, 0, 6]);
    expect(national.entryOf('2026-02-17')).toEqual({ day: '2026-02-17', kind: 'holiday', name: '春节' });
    expect(national.entryOf('2026-09-20')).toEqual({
      day: '2026-09-20',
      kind: 'workday',
      name: '国庆节调休上班',
    });
    expect(national.entryOf('2026-03-02')).toBeUndefined();
    expect(national.entryOf('2026-03-07')).toBeUndefined();
  });

  it('holds 248 working days: 261 weekdays, less 19 weekday holidays, plus 6 exchanged days', () => {
    // Weekdays: 52 full weeks and one extra Thursday. Holidays on weekdays: 元旦 2 (Thu, Fri),
    // 春节 6 (02-16–20, 02-23), 清明 1 (04-06), 劳动节 3 (05-01, 04, 05), 端午 1 (06-19),
    // 中秋 1 (09-25), 国庆 5 (10-01, 02, 05, 06, 07).
    const days = daysOf(2026);
    expect(days.filter((day) => weekdayOf(day) !== 0 && weekdayOf(day) !== 6)).toHaveLength(261);
    expect(days.filter((day) => national.isWorkingDay(day))).toHaveLength(248);
  });
});

describe('the 2025 national arrangement (国办发明电〔2024〕12号, 2024-11-12)', () => {
  it('rests and works on the days of the notice', () => {
    const holidays = [
      '2025-01-01',
      ...span('2025-01-28', '2025-02-04'),
      ...span('2025-04-04', '2025-04-06'),
      ...span('2025-05-01', '2025-05-05'),
      ...span('2025-05-31', '2025-06-02'),
      ...span('2025-10-01', '2025-10-08'),
    ];
    const makeUpDays = ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'];
    expect(holidays.filter((day) => national.isWorkingDay(day))).toEqual([]);
    expect(makeUpDays.filter((day) => !national.isWorkingDay(day))).toEqual([]);
    expect(makeUpDays.map(weekdayOf)).toEqual([0, 6, 0, 0, 6]);
    // 元旦 falls on a Wednesday: one day, no exchange; 01-02 is worked as any Thursday.
    expect(national.isWorkingDay('2025-01-02')).toBe(true);
  });

  it('holds 248 working days: 261 weekdays, less 18 weekday holidays, plus 5 exchanged days', () => {
    // Weekdays: 52 full weeks and one extra Wednesday. Holidays on weekdays: 元旦 1, 春节 6
    // (01-28–31, 02-03, 04), 清明 1 (04-04), 劳动节 3 (05-01, 02, 05), 端午 1 (06-02), 国庆中秋 6.
    const days = daysOf(2025);
    expect(days.filter((day) => weekdayOf(day) !== 0 && weekdayOf(day) !== 6)).toHaveLength(261);
    expect(days.filter((day) => national.isWorkingDay(day))).toHaveLength(248);
  });

  it('every shipped year is well formed: periods in the year, in order, exchanged days on weekends', () => {
    for (const year of nationalCalendars) {
      const prefix = `${year.year}-`;
      let previousEnd = '';
      for (const holiday of year.holidays) {
        expect(holiday.from.startsWith(prefix) && holiday.to.startsWith(prefix), holiday.name).toBe(true);
        expect(holiday.from <= holiday.to && holiday.from > previousEnd, holiday.name).toBe(true);
        previousEnd = holiday.to;
      }
      for (const workday of year.workdays) {
        expect(workday.day.startsWith(prefix), workday.day).toBe(true);
        expect([0, 6], workday.day).toContain(weekdayOf(workday.day));
        expect(
          year.holidays.some((holiday) => holiday.from <= workday.day && workday.day <= holiday.to),
          workday.day,
        ).toBe(false);
      }
      expect(year.source.length).toBeLessThanOrEqual(200);
    }
  });
});

describe('counting working days', () => {
  it('0 is the same day when it is a working day, else the next working day', () => {
    expect(national.addWorkingDays('2026-03-02', 0)).toEqual({ day: '2026-03-02', provisional: false });
    // 清明: Saturday 04-04 to Monday 04-06.
    expect(national.addWorkingDays('2026-04-04', 0)).toEqual({ day: '2026-04-07', provisional: false });
    // A Saturday worked in exchange is a working day.
    expect(national.addWorkingDays('2026-02-14', 0)).toEqual({ day: '2026-02-14', provisional: false });
    expect(national.addWorkingDays('2026-03-07', 0).day).toBe('2026-03-09');
  });

  it('n is the n-th working day after the start, across a holiday', () => {
    expect(national.addWorkingDays('2026-03-02', 1).day).toBe('2026-03-03');
    // Thursday 04-02: Friday 04-03, then 清明 (04-04–06), then Tuesday 04-07.
    expect(national.addWorkingDays('2026-04-02', 1).day).toBe('2026-04-03');
    expect(national.addWorkingDays('2026-04-02', 2).day).toBe('2026-04-07');
    // Friday 02-13: Saturday 02-14 is worked; then 春节 (02-15–23) until Tuesday 02-24.
    expect(national.addWorkingDays('2026-02-13', 1).day).toBe('2026-02-14');
    expect(national.addWorkingDays('2026-02-13', 2).day).toBe('2026-02-24');
  });

  it('counts a Saturday worked in exchange', () => {
    // Thursday 04-30, 劳动节 05-01–05: 05-06 (1), 05-07 (2), 05-08 (3), Saturday 05-09 (4).
    expect(national.addWorkingDays('2026-04-30', 4).day).toBe('2026-05-09');
    expect(national.addWorkingDays('2026-04-30', 5).day).toBe('2026-05-11');
    // The same count without the exchange reaches Monday.
    expect(national.workingDaysBetween('2026-04-30', '2026-05-09')).toBe(4);
    expect(national.workingDaysBetween('2026-04-02', '2026-04-10')).toBe(5);
    expect(national.workingDaysBetween('2026-04-10', '2026-04-02')).toBe(0);
  });

  it("a district's entry wins over the national arrangement and the weekday rule", () => {
    const districtEntries: CalendarEntry[] = [
      // A local holiday on Tuesday 03-03, and a Sunday worked in exchange for it.
      { day: '2026-03-03', kind: 'holiday', name: '区级调休' },
      { day: '2026-03-08', kind: 'workday', name: '区级调休上班' },
    ];
    const calendar = buildWorkingCalendar({ districtEntries });
    expect(calendar.addWorkingDays('2026-03-02', 1).day).toBe('2026-03-04');
    expect(calendar.addWorkingDays('2026-03-06', 1).day).toBe('2026-03-08');
    expect(calendar.entryOf('2026-03-03')).toEqual(districtEntries[0]);
    // The national calendar itself is untouched.
    expect(national.addWorkingDays('2026-03-02', 1).day).toBe('2026-03-03');
  });

  it('an ordinary entry reverts a national day to the weekday rule', () => {
    const calendar = buildWorkingCalendar({
      districtEntries: [
        { day: '2026-05-09', kind: 'ordinary', name: '按周内规则' },
        { day: '2026-10-05', kind: 'ordinary', name: '按周内规则' },
      ],
    });
    // Saturday 05-09 is a weekend day again: the fourth working day after 04-30 is Monday 05-11.
    expect(calendar.isWorkingDay('2026-05-09')).toBe(false);
    expect(calendar.addWorkingDays('2026-04-30', 4).day).toBe('2026-05-11');
    // Monday 10-05 is worked again.
    expect(calendar.isWorkingDay('2026-10-05')).toBe(true);
    expect(calendar.entryOf('2026-10-05')).toBeUndefined();
  });

  it('a year nobody holds counts weekdays only and says it is provisional', () => {
    expect(national.knowsYear(2026)).toBe(true);
    expect(national.knowsYear(2027)).toBe(false);
    // Wednesday 2026-12-30: Thursday 12-31 (1), Friday 2027-01-01 (2: 元旦 in fact, unknown here),
    // Monday 01-04 (3).
    expect(national.addWorkingDays('2026-12-30', 3)).toEqual({ day: '2027-01-04', provisional: true });
    expect(national.addWorkingDays('2026-12-30', 1)).toEqual({ day: '2026-12-31', provisional: false });
    expect(national.addWorkingDays('2027-03-01', 0)).toEqual({ day: '2027-03-01', provisional: true });
  });

  it('a year the district declared is counted on its entries, not provisionally', () => {
    const calendar = buildWorkingCalendar({
      districtEntries: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }],
      declaredYears: [2027],
    });
    expect(calendar.knowsYear(2027)).toBe(true);
    expect(calendar.addWorkingDays('2026-12-30', 3)).toEqual({ day: '2027-01-05', provisional: false });
  });

  it('refuses a limit that is not a whole number of days', () => {
    expect(() => national.addWorkingDays('2026-03-02', -1)).toThrow(RangeError);
    expect(() => national.addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
  });
});

describe('event deadlines from the default time limits (grid.event_time_limits)', () => {
  const limits = defaultLimits();
  const deadlines = (categoryCode: EventCategoryCode, urgency: EventUrgency, dispatchedOn: string) =>
    eventDeadlines({ limits, categoryCode, urgency, dispatchedOn, calendar: national });

  it('routine: accept within 1 working day, close within 7', () => {
    // Monday 03-02: 03-03 (1) … Friday 03-06 (4), 03-09 (5), 03-10 (6), 03-11 (7).
    expect(deadlines('E0101', 'routine', '2026-03-02')).toEqual({
      acceptDueOn: '2026-03-03',
      closeDueOn: '2026-03-11',
      closeWorkingDays: 7,
      provisional: false,
    });
    // Across 清明: Thursday 04-02 → 04-03 (1), 04-07–10 (5), 04-13 (6), 04-14 (7).
    expect(deadlines('C0101', 'routine', '2026-04-02')).toMatchObject({
      acceptDueOn: '2026-04-03',
      closeDueOn: '2026-04-14',
    });
  });

  it('urgent: accept the same day, close within 3; emergency: both the same working day', () => {
    expect(deadlines('E0101', 'urgent', '2026-03-02')).toMatchObject({
      acceptDueOn: '2026-03-02',
      closeDueOn: '2026-03-05',
      closeWorkingDays: 3,
    });
    expect(deadlines('E0101', 'emergency', '2026-03-02')).toMatchObject({
      acceptDueOn: '2026-03-02',
      closeDueOn: '2026-03-02',
      closeWorkingDays: 0,
    });
    // Dispatched on a holiday: the same working day is the next one.
    expect(deadlines('E0101', 'emergency', '2026-04-04')).toMatchObject({
      acceptDueOn: '2026-04-07',
      closeDueOn: '2026-04-07',
    });
  });

  it("a category's limit wins over the default: sudden events the next working day, disputes 15", () => {
    expect(deadlines('E0401', 'routine', '2026-03-02')).toMatchObject({
      acceptDueOn: '2026-03-03',
      closeDueOn: '2026-03-03',
      closeWorkingDays: 1,
    });
    // 03-03–06 (4), 03-09–13 (9), 03-16–20 (14), 03-23 (15).
    expect(deadlines('S0101', 'routine', '2026-03-02')).toMatchObject({
      closeDueOn: '2026-03-23',
      closeWorkingDays: 15,
    });
    expect(deadlines('S0101', 'urgent', '2026-03-02').closeWorkingDays).toBe(3);
  });

  it('the second level wins over the first, which wins over the default', () => {
    const layered: EventTimeLimits = {
      ...limits,
      closeByCategory: {
        E04: { routine: 1, urgent: 0, emergency: 0 },
        E0402: { routine: 2, urgent: 1, emergency: 0 },
      },
    };
    expect(closeLimitOf(layered, 'E0402', 'routine')).toBe(2);
    expect(closeLimitOf(layered, 'E0402', 'urgent')).toBe(1);
    expect(closeLimitOf(layered, 'E0401', 'routine')).toBe(1);
    expect(closeLimitOf(layered, 'C0101', 'routine')).toBe(7);
    // Only the limits' own keys are categories.
    expect(closeLimitOf(limits, 'C0101', 'urgent')).toBe(3);
  });

  it('accepting never falls after closing: a category closing the same day accepts the same day', () => {
    const sameDay: EventTimeLimits = {
      ...limits,
      closeByCategory: { E04: { routine: 0, urgent: 0, emergency: 0 } },
    };
    expect(
      eventDeadlines({
        limits: sameDay,
        categoryCode: 'E0403',
        urgency: 'routine',
        dispatchedOn: '2026-03-02',
        calendar: national,
      }),
    ).toMatchObject({ acceptDueOn: '2026-03-02', closeDueOn: '2026-03-02' });
  });

  it('a deadline in a year nobody holds is provisional', () => {
    // Monday 12-28: 12-29, 12-30, 12-31 (3), 2027-01-01 (4, weekday rule), 01-04–06 (7).
    expect(deadlines('E0101', 'routine', '2026-12-28')).toEqual({
      acceptDueOn: '2026-12-29',
      closeDueOn: '2027-01-06',
      closeWorkingDays: 7,
      provisional: true,
    });
  });
});

describe('extensions (延期): at most the ceiling of the policy, 15 working days by default', () => {
  const limits = defaultLimits();
  const extend = (workingDays: number, currentWorkingDays = 7, path?: (string | number)[]) =>
    extendedCloseDue({
      limits,
      currentWorkingDays,
      workingDays,
      dispatchedOn: '2026-03-02',
      calendar: national,
      ...(path ? { path } : {}),
    });

  it('counts the extended limit from the original dispatch', () => {
    expect(extend(15)).toEqual({ closeDueOn: '2026-03-23', provisional: false });
    expect(extend(8)).toEqual({ closeDueOn: '2026-03-12', provisional: false });
  });

  it('refuses 16 working days with EXTENSION_TOO_LONG, naming the ceiling', () => {
    const error = refusalOf(() => extend(16));
    expect(error).toMatchObject({
      code: 'EXTENSION_TOO_LONG',
      path: ['input', 'workingDays'],
      details: { maxExtended: 15, requested: 16 },
    });
    expect(refusalOf(() => extend(16, 7, ['input', 'extension', 'workingDays'])).path).toEqual([
      'input',
      'extension',
      'workingDays',
    ]);
  });

  it('refuses an extension that does not extend, or is not a whole number of days', () => {
    expect(refusalOf(() => extend(7))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { current: 7, requested: 7 },
    });
    expect(refusalOf(() => extend(0)).code).toBe('VALIDATION_FAILED');
    expect(refusalOf(() => extend(9.5)).code).toBe('VALIDATION_FAILED');
  });
});

describe('a deadline a caller names must be a working day', () => {
  it('refuses a public holiday and a Sunday with DEADLINE_ON_HOLIDAY', () => {
    expect(refusalOf(() => requireWorkingDay(national, '2026-04-06', ['input', 'dueOn']))).toMatchObject({
      code: 'DEADLINE_ON_HOLIDAY',
      path: ['input', 'dueOn'],
      details: { day: '2026-04-06', holiday: '清明节' },
    });
    expect(refusalOf(() => requireWorkingDay(national, '2026-03-08', ['input', 'dueOn']))).toMatchObject({
      code: 'DEADLINE_ON_HOLIDAY',
      details: { day: '2026-03-08', holiday: null },
    });
  });

  it('takes a Saturday worked in exchange, and any ordinary weekday', () => {
    expect(() => requireWorkingDay(national, '2026-05-09', ['input', 'dueOn'])).not.toThrow();
    expect(() => requireWorkingDay(national, '2026-03-04', ['input', 'dueOn'])).not.toThrow();
  });
});
