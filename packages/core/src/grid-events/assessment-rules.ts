import type { Actor } from '../access/actor.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { addDays, addMonths } from '../services/dates.js';
import {
  type AssessedRate,
  type AssessedRateKey,
  type AssessedUnit,
  type AssessmentCounts,
  assessedRateKeys,
} from './assessment-types.js';
import type { AssessmentRater } from './code-lists.js';
import { type ConfidencePercent, wilsonInterval } from './wilson-interval.js';

/**
 * The rules of the assessment of grid work (docs/domain.md §7.9), pure: the quarters marks are
 * given for, the rates of a unit with their Wilson intervals, the ranking, and who may give which
 * mark.
 */

const QUARTER = /^(\d{4})-Q([1-4])$/;

export interface Quarter {
  period: string;
  /** Its first and last day. */
  from: string;
  to: string;
}

/**
 * A quarter written `2026-Q1` (the period the practice assesses by: 季度考核).
 *
 * @throws {SansheError} VALIDATION_FAILED
 */
export function parseQuarter(value: unknown, path: FieldPath): Quarter {
  const match = typeof value === 'string' ? QUARTER.exec(value) : null;
  const year = Number(match?.[1]);
  if (!match || year < 2000 || year > 2100) {
    throw new SansheError('VALIDATION_FAILED', 'A period is a quarter written 2026-Q1 (years 2000–2100).', {
      path,
    });
  }
  const from = `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { period: value as string, from, to: addDays(addMonths(from, 3), -1) };
}

/** The quarters that overlap the days `from`–`to`, in order. */
export function quartersOverlapping(from: string, to: string): string[] {
  const quarters: string[] = [];
  let year = Number(from.slice(0, 4));
  let quarter = Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1;
  const lastYear = Number(to.slice(0, 4));
  const lastQuarter = Math.floor((Number(to.slice(5, 7)) - 1) / 3) + 1;
  while (year < lastYear || (year === lastYear && quarter <= lastQuarter)) {
    quarters.push(`${year}-Q${quarter}`);
    quarter += 1;
    if (quarter > 4) {
      quarter = 1;
      year += 1;
    }
  }
  return quarters;
}

/** Which way each rate is good. */
export const betterOf: Readonly<Record<AssessedRateKey, 'higher' | 'lower'>> = {
  acceptedOnTime: 'higher',
  closedOnTime: 'higher',
  closed: 'higher',
  reopened: 'lower',
  satisfied: 'higher',
};

/** The numerator and denominator of each rate, from a unit's counts. */
export function rateCounts(counts: AssessmentCounts): Record<AssessedRateKey, [number, number]> {
  return {
    acceptedOnTime: [counts.acceptedOnTime, counts.acceptanceDue],
    closedOnTime: [counts.closedOnTime, counts.closureDue],
    closed: [counts.closed, counts.received],
    reopened: [counts.reopened, counts.everClosed],
    satisfied: [counts.satisfied, counts.rated],
  };
}

/** A unit's rates with their intervals, not yet ranked. */
export function unitRates(
  counts: AssessmentCounts,
  confidencePercent: ConfidencePercent,
): Record<AssessedRateKey, AssessedRate> {
  const figures = rateCounts(counts);
  return Object.fromEntries(
    assessedRateKeys.map((key) => {
      const [numerator, denominator] = figures[key];
      const rate: AssessedRate = {
        numerator,
        denominator,
        value: denominator === 0 ? null : numerator / denominator,
        interval: wilsonInterval(numerator, denominator, confidencePercent),
        better: betterOf[key],
        rank: null,
      };
      return [key, rate];
    }),
  ) as Record<AssessedRateKey, AssessedRate>;
}

/**
 * Rank units on each rate (docs/domain.md §7.9): only units with at least `minimumEvents` events
 * and something to rate take a place, ordered by the lower bound of the rate's Wilson interval
 * (by its upper bound, lowest first, for a rate that is better low), so a rate resting on a few
 * events ranks below a slightly lower one resting on many (the practice of ranking by the lower
 * bound: E. Miller, "How not to sort by average rating", 2009). Equal bounds share a place (1, 2,
 * 2, 4). Sets `ranked` and each rate's `rank` in place; returns the units.
 */
export function rankUnits<U extends Pick<AssessedUnit, 'counts' | 'rates' | 'ranked'>>(
  units: U[],
  minimumEvents: number,
): U[] {
  for (const unit of units) {
    unit.ranked = unit.counts.received >= minimumEvents;
    for (const key of assessedRateKeys) unit.rates[key].rank = null;
  }
  for (const key of assessedRateKeys) {
    const score = (unit: U): number => {
      const interval = unit.rates[key].interval!;
      return betterOf[key] === 'higher' ? interval.lower : -interval.upper;
    };
    const ranked = units
      .filter((unit) => unit.ranked && unit.rates[key].interval !== null)
      .sort((a, b) => score(b) - score(a));
    ranked.forEach((unit, index) => {
      const previous = ranked[index - 1];
      unit.rates[key].rank =
        previous !== undefined && score(previous) === score(unit) ? previous.rates[key].rank : index + 1;
    });
  }
  return units;
}

/** Who or what a mark is given to, as the rater rule reads it. */
export type MarkSubject =
  | { kind: 'community'; id: number; code: string }
  | { kind: 'department'; id: number; unitCode: string }
  | { kind: 'member'; id: number; accountId: string | null; gridCode: string };

/** Roles that give the community's (grid centre's) mark; a community does not mark itself that way. */
const communityRaters = {
  community: ['SUBDISTRICT_STAFF', 'DISTRICT_ADMIN', 'CITY_ADMIN'],
  department: ['COMMUNITY_STAFF', 'SUBDISTRICT_STAFF', 'DISTRICT_ADMIN', 'CITY_ADMIN'],
  member: ['COMMUNITY_STAFF', 'SUBDISTRICT_STAFF', 'DISTRICT_ADMIN', 'CITY_ADMIN'],
} as const;

/** Third-party assessment (第三方评估) is the evaluator's; a district may enter the evaluator's report. */
const thirdPartyRaters = ['EVALUATOR', 'DISTRICT_ADMIN', 'CITY_ADMIN'] as const;

/**
 * Which marks an actor may give (docs/domain.md §7.9; the practice of 自评、社区评价、第三方评价 in
 * grid-work assessment): a self mark (自评) only by the subject itself — a department's staff for
 * their department, a community's staff for their community, a team member for its own place by
 * its account; the community's mark by the level above the subject (the subdistrict or district
 * for a community; the community, subdistrict or district for a department that serves it and for
 * a grid's team member); the third-party mark by the evaluator (or the district entering the
 * evaluator's report). The embedding program (no role, SYSTEM) may enter any. Jurisdiction is
 * checked beside this (`grid.assess` where the subject lies).
 *
 * @throws {SansheError} FORBIDDEN
 */
export function requireMayGiveMark(actor: Actor, rater: AssessmentRater, subject: MarkSubject): void {
  const role = actor.role;
  if (role === undefined || role === 'SYSTEM') return;
  let allowed: boolean;
  if (rater === 'self') {
    allowed =
      subject.kind === 'community'
        ? role === 'COMMUNITY_STAFF' && actor.community === subject.code
        : subject.kind === 'department'
          ? role === 'DEPARTMENT_STAFF' && actor.departmentId === subject.id
          : (role === 'GRID_WORKER' || role === 'COMMUNITY_STAFF') &&
            subject.accountId !== null &&
            actor.id === subject.accountId;
  } else if (rater === 'community') {
    allowed = (communityRaters[subject.kind] as readonly string[]).includes(role);
  } else {
    allowed = (thirdPartyRaters as readonly string[]).includes(role);
  }
  if (!allowed) {
    throw new SansheError(
      'FORBIDDEN',
      rater === 'self'
        ? `A self mark (自评) of this ${subject.kind} is given by the ${subject.kind} itself, not by ${actor.id} (${role}).`
        : `A ${rater === 'community' ? "community's" : 'third-party'} mark of a ${subject.kind} is not given by ${role}.`,
      { path: ['input', 'rater'], details: { action: 'grid.assess', rater } },
    );
  }
}
