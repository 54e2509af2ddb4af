/**
 * The Wilson score interval and the ranking it drives (docs/domain.md §7.9), pure. The reference
 * values are the "score method" column of Newcombe (1998), "Two-sided confidence intervals for the
 * single proportion: comparison of seven methods", Statistics in Medicine 17: 857–872, Table II.
 */
import { describe, expect, it } from 'vitest';
import {
  parseQuarter,
  quartersOverlapping,
  rankUnits,
  unitRates,
} from '../../src/grid-events/assessment-rules.js';
import type { AssessmentCounts } from '../../src/grid-events/assessment-types.js';
import { wilsonInterval } from '../../src/grid-events/wilson-interval.js';

describe('the Wilson score interval', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i at 95 per cent (Newcombe 1998)', (successes, trials, lower, upper) => {
    const interval = wilsonInterval(successes, trials, 95)!;
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('one success of one is 0.21 – 1 at 95 %, 18 of 20 is 0.70 – 0.97; wider at 99 %, narrower at 80 %', () => {
    expect(wilsonInterval(1, 1)).toEqual({ lower: expect.closeTo(0.2065, 4), upper: 1 });
    expect(wilsonInterval(18, 20)).toEqual({
      lower: expect.closeTo(0.699, 3),
      upper: expect.closeTo(0.9721, 4),
    });
    const at99 = wilsonInterval(18, 20, 99)!;
    const at80 = wilsonInterval(18, 20, 80)!;
    expect(at99.lower).toBeLessThan(0.699);
    expect(at80.lower).toBeGreaterThan(0.699);
  });

  it('no trials: unknown (null); counts that are not a proportion: RangeError', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 2, 85 as never)).toThrow(RangeError);
  });
});

function counts(
  closedOnTime: number,
  closureDue: number,
  extra: Partial<AssessmentCounts> = {},
): AssessmentCounts {
  return {
    received: closureDue,
    acceptedOnTime: 0,
    acceptanceDue: 0,
    closedOnTime,
    closureDue,
    closed: closureDue,
    reopened: 0,
    everClosed: closureDue,
    satisfied: 0,
    rated: 0,
    satisfactionSum: 0,
    verified: 0,
    ...extra,
  };
}

function unit(name: string, c: AssessmentCounts) {
  return { name, counts: c, rates: unitRates(c, 95), ranked: false };
}

describe('ranking by the bound of the interval', () => {
  it('one lucky event does not top the ranking: 1 of 1 ranks below 18 of 20, and below the minimum it is not ranked', () => {
    const lucky = unit('lucky', counts(1, 1));
    const steady = unit('steady', counts(18, 20));
    rankUnits([lucky, steady], 1);
    expect(lucky.rates.closedOnTime.value).toBe(1);
    expect(steady.rates.closedOnTime.value).toBe(0.9);
    expect([steady.rates.closedOnTime.rank, lucky.rates.closedOnTime.rank]).toEqual([1, 2]);
    rankUnits([lucky, steady], 10);
    expect([steady.ranked, lucky.ranked]).toEqual([true, false]);
    expect([steady.rates.closedOnTime.rank, lucky.rates.closedOnTime.rank]).toEqual([1, null]);
  });

  it('a rate better low (reopening) ranks by the upper bound, lowest first; equal bounds share a place; nothing to rate, no place', () => {
    const a = unit('a', counts(10, 10, { reopened: 0, everClosed: 10 }));
    const b = unit('b', counts(10, 10, { reopened: 0, everClosed: 10 }));
    const c = unit('c', counts(10, 10, { reopened: 3, everClosed: 10 }));
    const d = unit('d', counts(0, 10, { reopened: 0, everClosed: 0, closed: 0 }));
    rankUnits([c, a, d, b], 10);
    expect([a, b, c].map((u) => u.rates.reopened.rank)).toEqual([1, 1, 3]);
    expect(d.rates.reopened).toMatchObject({ value: null, interval: null, rank: null });
    expect(d.rates.closedOnTime.rank).toBe(4);
  });
});

describe('quarters', () => {
  it('parses 2026-Q1 to its days and lists the quarters a period overlaps', () => {
    expect(parseQuarter('2026-Q1', ['p'])).toEqual({
      period: '2026-Q1',
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(parseQuarter('2024-Q4', ['p'])).toEqual({
      period: '2024-Q4',
      from: '2024-10-01',
      to: '2024-12-31',
    });
    expect(quartersOverlapping('2025-12-01', '2026-04-01')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(quartersOverlapping('2026-02-01', '2026-02-28')).toEqual(['2026-Q1']);
    for (const bad of ['2026-Q5', '2026Q1', '1999-Q1', 2026, null]) {
      expect(() => parseQuarter(bad, ['input', 'period'])).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', path: ['input', 'period'] }),
      );
    }
  });
});
