/**
 * The periods a patrol frequency expects (grids/patrol-coverage.ts, docs/domain.md §7.3), pure:
 * calendar days, Monday-to-Sunday weeks, pairs of weeks from Monday 2001-01-01, calendar months
 * and quarters; only periods wholly inside a range are owed; a period is covered by one patrol.
 */
import { describe, expect, it } from 'vitest';
import { coverageOf, periodStartOf, periodsWithin } from '../../src/grids/index.js';

describe('periodStartOf', () => {
  it('finds the first day of the period holding a day', () => {
    expect(periodStartOf('daily', '2026-03-01')).toBe('2026-03-01');
    // 2026-03-01 is a Sunday: its week began on Monday 02-23; Monday 03-02 begins the next.
    expect(periodStartOf('weekly', '2026-03-01')).toBe('2026-02-23');
    expect(periodStartOf('weekly', '2026-03-02')).toBe('2026-03-02');
    // 9,191 days after Monday 2001-01-01 is 7 into a pair of weeks.
    expect(periodStartOf('biweekly', '2026-03-02')).toBe('2026-02-23');
    expect(periodStartOf('biweekly', '2001-01-14')).toBe('2001-01-01');
    expect(periodStartOf('biweekly', '2000-12-31')).toBe('2000-12-18');
    expect(periodStartOf('monthly', '2026-02-28')).toBe('2026-02-01');
    expect(periodStartOf('quarterly', '2026-05-17')).toBe('2026-04-01');
    expect(periodStartOf('quarterly', '2026-12-31')).toBe('2026-10-01');
  });
});

describe('periodsWithin', () => {
  it('lists only the periods lying wholly inside the range', () => {
    expect(periodsWithin('weekly', { from: '2026-03-01', to: '2026-03-16' })).toEqual([
      { from: '2026-03-02', to: '2026-03-08' },
      { from: '2026-03-09', to: '2026-03-15' },
    ]);
    expect(periodsWithin('monthly', { from: '2026-01-15', to: '2026-04-30' })).toEqual([
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-04-30' },
    ]);
    expect(periodsWithin('quarterly', { from: '2026-01-01', to: '2026-12-31' })).toHaveLength(4);
    expect(periodsWithin('quarterly', { from: '2026-01-02', to: '2026-12-31' })).toHaveLength(3);
    expect(periodsWithin('daily', { from: '2024-02-01', to: '2024-03-01' })).toHaveLength(30);
    expect(periodsWithin('biweekly', { from: '2026-02-23', to: '2026-03-08' })).toEqual([
      { from: '2026-02-23', to: '2026-03-08' },
    ]);
    expect(periodsWithin('biweekly', { from: '2026-03-02', to: '2026-03-15' })).toEqual([]);
  });
});

describe('coverageOf', () => {
  it('counts owed periods, those a patrol covered, and every patrol in the range', () => {
    const days = ['2026-03-02', '2026-03-04', '2026-03-17', '2026-03-01', '2026-03-31'];
    expect(coverageOf('weekly', { from: '2026-03-01', to: '2026-03-22' }, days)).toEqual({
      expected: 3,
      covered: 2,
      patrols: 4,
    });
    expect(coverageOf('daily', { from: '2026-03-02', to: '2026-03-04' }, days)).toEqual({
      expected: 3,
      covered: 2,
      patrols: 2,
    });
    expect(coverageOf('monthly', { from: '2026-03-05', to: '2026-03-31' }, days)).toEqual({
      expected: 0,
      covered: 0,
      patrols: 2,
    });
  });
});
