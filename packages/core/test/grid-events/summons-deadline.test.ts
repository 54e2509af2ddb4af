/**
 * The report-in deadline of a summons, pure (docs/domain.md §7.8): working days on the 2026
 * national calendar ending at 18:00 China time, hours for an emergency, a named deadline on a
 * working day.
 */
import { describe, expect, it } from 'vitest';
import { SansheError } from '../../src/errors/index.js';
import { explicitSummonsDeadline, policySummonsDeadline } from '../../src/grid-events/summons-deadline.js';
import { buildWorkingCalendar } from '../../src/grid-events/working-days.js';

const calendar = buildWorkingCalendar({});
const policy = { difficultWorkingDays: 2, enforcementWorkingDays: 0, emergencyHours: 3 };
const china = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
const due = (reason: 'difficult' | 'enforcement' | 'emergency', now: Date) =>
  policySummonsDeadline({ reason, policy, calendar, now });

describe('the deadline a policy sets', () => {
  it('n working days end at 18:00 of the n-th working day after the day of issue', () => {
    expect(due('difficult', china('2026-03-02', '10:00'))).toEqual({
      reportDueAt: china('2026-03-04', '18:00').toISOString(),
      workingDays: 2,
      hours: null,
      provisional: false,
    });
    // Issued late on Friday 02-13: 02-14 is a make-up Saturday (worked), 02-15–23 春节.
    expect(due('difficult', china('2026-02-13', '23:00')).reportDueAt).toBe(
      china('2026-02-24', '18:00').toISOString(),
    );
  });

  it('0 working days is today until 18:00, then the next working day; on a holiday, the next working day', () => {
    expect(due('enforcement', china('2026-03-02', '17:59')).reportDueAt).toBe(
      china('2026-03-02', '18:00').toISOString(),
    );
    expect(due('enforcement', china('2026-03-02', '18:00')).reportDueAt).toBe(
      china('2026-03-03', '18:00').toISOString(),
    );
    expect(due('enforcement', china('2026-03-06', '19:00')).reportDueAt).toBe(
      china('2026-03-09', '18:00').toISOString(),
    );
    expect(due('enforcement', china('2026-10-01', '08:00')).reportDueAt).toBe(
      china('2026-10-08', '18:00').toISOString(),
    );
  });

  it('an emergency runs on the clock, whatever the day', () => {
    expect(due('emergency', china('2026-10-01', '23:00'))).toEqual({
      reportDueAt: china('2026-10-02', '02:00').toISOString(),
      workingDays: null,
      hours: 3,
      provisional: false,
    });
  });

  it('counted into a year the calendar does not hold, the deadline says it is provisional', () => {
    const late = due('difficult', china('2026-12-31', '10:00'));
    expect(late.reportDueAt).toBe(china('2027-01-04', '18:00').toISOString());
    expect(late.provisional).toBe(true);
  });
});

describe('a deadline the community names', () => {
  const named = (reason: 'difficult' | 'emergency', reportDueAt: string) =>
    explicitSummonsDeadline({
      reason,
      reportDueAt: new Date(reportDueAt).toISOString(),
      calendar,
      now: china('2026-04-03', '10:00'),
      path: ['input', 'reportDueAt'],
    });

  it('on a working day (a make-up Saturday is one), or on a holiday for an emergency', () => {
    expect(named('difficult', '2026-05-09T12:00:00+08:00').reportDueAt).toBe('2026-05-09T04:00:00.000Z');
    expect(named('emergency', '2026-04-05T12:00:00+08:00').reportDueAt).toBe('2026-04-05T04:00:00.000Z');
  });

  it('refuses a holiday as DEADLINE_ON_HOLIDAY, judged on the China day (not the UTC one)', () => {
    // 2026-04-07T01:00+08:00 is still 04-06 in UTC, but a working Tuesday in China.
    expect(named('difficult', '2026-04-07T01:00:00+08:00').reportDueAt).toBe('2026-04-06T17:00:00.000Z');
    try {
      named('difficult', '2026-04-06T23:00:00+08:00');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SansheError);
      expect(error).toMatchObject({
        code: 'DEADLINE_ON_HOLIDAY',
        path: ['input', 'reportDueAt'],
        details: { day: '2026-04-06', holiday: '清明节' },
      });
    }
  });

  it('refuses a deadline not after now', () => {
    expect(() => named('emergency', '2026-04-03T10:00:00+08:00')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE_RANGE' }),
    );
  });
});
