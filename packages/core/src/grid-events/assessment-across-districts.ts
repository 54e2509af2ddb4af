import { SansheError } from '../errors/sanshe-error.js';
import { parseGridAssessment } from '../policies/grid-policies.js';
import { policyDefinitions } from '../policies/policy-keys.js';
import { rankUnits, unitRates } from './assessment-rules.js';
import type { AssessedRate, AssessedRateKey, AssessedUnit, AssessmentCounts } from './assessment-types.js';
import type { AssessmentSubject } from './code-lists.js';
import type { ConfidencePercent } from './wilson-interval.js';

/**
 * The assessment of grid work across districts (docs/domain.md §7.9): a city sets its units side by
 * side under one rule. Each district ranks its own units under its own `grid.assessment` policy;
 * across districts those policies may differ, so the city states one rule (the fewest events and
 * the confidence) and every unit's rates are computed again from its counts under it. Counts add
 * up: a district's or the city's total is the sum of its units' counts, its rates computed once
 * from the sums (never an average of rates).
 */

/** The rule a city ranks by: the fewest events a unit needs, and the confidence of the intervals. */
export interface AcrossDistrictsRule {
  minimumEvents: number;
  confidencePercent: ConfidencePercent;
}

/** The default rule: the national default of `grid.assessment`. */
export const defaultAcrossDistrictsRule: AcrossDistrictsRule = (() => {
  const value = policyDefinitions['grid.assessment'].nationalDefaults[0]!.value;
  return {
    minimumEvents: value.minimumEvents,
    confidencePercent: value.confidencePercent as ConfidencePercent,
  };
})();

/**
 * The city's rule from a caller's arguments, each defaulting to the national default.
 *
 * @throws {SansheError} INVALID_NUMBER (minimumEvents 1–1000; confidencePercent 80, 90, 95 or 99),
 *   its path the argument's
 */
export function parseAcrossDistrictsRule(input: {
  minimumEvents?: number | null;
  confidencePercent?: number | null;
}): AcrossDistrictsRule {
  const asked = {
    minimumEvents: input.minimumEvents ?? defaultAcrossDistrictsRule.minimumEvents,
    confidencePercent: input.confidencePercent ?? defaultAcrossDistrictsRule.confidencePercent,
  };
  const parsed = parseGridAssessment(asked);
  if (!parsed.success) {
    // The policy's parser names `['input', 'value', <field>]`; the caller sent `<field>` directly.
    const { code, message, path } = parsed.error;
    throw new SansheError(code, message, { path: ['input', ...path.slice(2)] });
  }
  return {
    minimumEvents: asked.minimumEvents,
    confidencePercent: asked.confidencePercent as ConfidencePercent,
  };
}

const zeroCounts = (): AssessmentCounts => ({
  received: 0,
  acceptedOnTime: 0,
  acceptanceDue: 0,
  closedOnTime: 0,
  closureDue: 0,
  closed: 0,
  reopened: 0,
  everClosed: 0,
  satisfied: 0,
  rated: 0,
  satisfactionSum: 0,
  verified: 0,
});

/** The sum of units' counts, field by field. */
export function sumAssessmentCounts(counts: readonly AssessmentCounts[]): AssessmentCounts {
  const sum = zeroCounts();
  for (const unit of counts) {
    for (const key of Object.keys(sum) as (keyof AssessmentCounts)[]) sum[key] += unit[key];
  }
  return sum;
}

/** A total of several units: their summed counts, and rates computed once from the sums (unranked). */
export interface AssessmentTotal {
  counts: AssessmentCounts;
  rates: Record<AssessedRateKey, AssessedRate>;
  meanSatisfaction: number | null;
}

export function assessmentTotal(
  counts: readonly AssessmentCounts[],
  confidencePercent: ConfidencePercent,
): AssessmentTotal {
  const sum = sumAssessmentCounts(counts);
  return {
    counts: sum,
    rates: unitRates(sum, confidencePercent),
    meanSatisfaction: sum.rated === 0 ? null : sum.satisfactionSum / sum.rated,
  };
}

/** What ranking across districts needs of a unit; the rest of it is carried along untouched. */
export type UnitAcrossDistricts = Pick<AssessedUnit, 'code' | 'counts'> & { districtCode: string };

/** A unit ranked across districts: its rates under the rule, and whether it took a place. */
export type RankedAcrossDistricts<U> = U & Pick<AssessedUnit, 'rates' | 'ranked' | 'meanSatisfaction'>;

/**
 * Rank units of several districts together under one rule: each unit's rates are computed again
 * from its counts at the rule's confidence, units with at least the rule's events are ranked by
 * the interval's bound (rankUnits), and the list is ordered as a district's is: ranked units by
 * their place on on-time closure, then by district and code. Returns new units.
 */
export function rankAcrossDistricts<U extends UnitAcrossDistricts>(
  units: readonly U[],
  rule: AcrossDistrictsRule,
): RankedAcrossDistricts<U>[] {
  const ranked = units.map((unit) => ({
    ...unit,
    rates: unitRates(unit.counts, rule.confidencePercent),
    ranked: false,
    meanSatisfaction: unit.counts.rated === 0 ? null : unit.counts.satisfactionSum / unit.counts.rated,
  }));
  rankUnits(ranked, rule.minimumEvents);
  const placeOf = (unit: RankedAcrossDistricts<U>) =>
    unit.rates.closedOnTime.rank ?? Number.POSITIVE_INFINITY;
  return ranked.sort(
    (a, b) =>
      placeOf(a) - placeOf(b) || a.districtCode.localeCompare(b.districtCode) || a.code.localeCompare(b.code),
  );
}

/**
 * A district's part of an assessment across districts, or the city's merge of the parts (whose
 * units are as the districts reported them over GraphQL: `U`).
 */
export interface AssessmentAcrossDistricts<U = AssessedUnit & { districtCode: string }>
  extends AcrossDistrictsRule {
  from: string;
  to: string;
  subject: AssessmentSubject;
  /** The day open events were judged overdue on (today). */
  asOf: string;
  /** The districts whose units were read (one where the caller reads nothing is not listed). */
  districts: string[];
  /** All the units together. */
  total: AssessmentTotal;
  /** Each district's units together, in district-code order. */
  byDistrict: (AssessmentTotal & { districtCode: string })[];
  units: U[];
}

/**
 * One district's part: its units (none when the caller reads nothing there) ranked under the
 * rule, and its total.
 */
export function districtPartAcrossDistricts(
  districtCode: string,
  period: { from: string; to: string; subject: AssessmentSubject; asOf: string },
  units: readonly AssessedUnit[] | null,
  rule: AcrossDistrictsRule,
): AssessmentAcrossDistricts {
  const ranked = rankAcrossDistricts(
    (units ?? []).map((unit) => ({ ...unit, districtCode })),
    rule,
  );
  const total = assessmentTotal(
    ranked.map((unit) => unit.counts),
    rule.confidencePercent,
  );
  return {
    ...period,
    ...rule,
    districts: units ? [districtCode] : [],
    total,
    byDistrict: units ? [{ ...total, districtCode }] : [],
    units: ranked,
  };
}
