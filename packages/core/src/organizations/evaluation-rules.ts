/**
 * The pure rules of organization credit and evaluation (DOMAIN.md §3): who may be graded,
 * which grade a score earns, how long a grade lasts, when a listing counts, when an
 * abnormal-activity listing moves to the dishonesty list, and how an organization leaves a
 * list. No I/O: the credit service loads the data and the policy values, these decide.
 */
import type { EvaluationEligibility, GradeCutoffs } from '../policies/policy-keys.js';
import { gradeNames } from '../policies/policy-keys.js';
import { addDays, addYears } from '../services/dates.js';
import type { ListRemovalReason } from './code-lists.js';

/** Why an organization cannot be graded. */
export type IneligibilityReason = 'filed_group' | 'deregistered' | 'too_recent' | 'listed' | 'penalised';

/** What the eligibility rule needs of an organization. */
export interface EligibilityOrganization {
  legalStatus: string;
  status: string;
  registeredOn: string;
}

/** A list entry as the rules see it: the period it covers and how it ended. */
export interface ListingPeriod {
  list: string;
  listedOn: string;
  removedOn: string | null;
  removalReason?: string | null;
}

/** A penalty credit record as the rules see it. */
export interface PenaltyRecord {
  occurredOn: string;
  withdrawnOn: string | null;
}

export interface EvaluationEligibilityInput {
  organization: EligibilityOrganization;
  /** The organization's list entries; only those in force on `on` count (see {@link isListedOn}). */
  openListEntries: readonly ListingPeriod[];
  /** The organization's penalty credit records; withdrawn ones and old ones do not count. */
  penalties: readonly PenaltyRecord[];
  /** The day of the evaluation decision. */
  on: string;
  /** Policy 'organization.evaluation_eligibility' in force for the organization on `on`. */
  rules: EvaluationEligibility;
}

export type EvaluationEligibilityResult =
  | { eligible: true }
  | { eligible: false; reasons: IneligibilityReason[] };

/**
 * Whether an organization may receive an evaluation grade on a day. Every failing condition
 * is reported, not only the first, so staff see all that stands in the way:
 *
 * - `filed_group`: only registered organizations (登记, legal persons) are evaluated; a filed
 *   community group (备案) is not (社会组织评估管理办法 第二条: organizations registered by
 *   civil affairs).
 * - `deregistered`: a deregistered organization is no longer evaluated (DOMAIN.md §3).
 * - `too_recent`: at least `minFullYearsRegistered` full years between registration and the
 *   decision (社会组织评估管理办法 第十二条: 取得登记证书满两个年度).
 * - `listed`: not on the abnormal-activity or the dishonesty list that day (DOMAIN.md §3;
 *   社会组织信用信息管理办法, 失信惩戒).
 * - `penalised`: no penalty (not withdrawn) within `penaltyLookbackYears` before the decision
 *   (社会组织评估管理办法 第十四条: 上年度受到行政处罚的不予评估).
 */
export function evaluationEligibility(input: EvaluationEligibilityInput): EvaluationEligibilityResult {
  const { organization, on, rules } = input;
  const reasons: IneligibilityReason[] = [];
  if (organization.legalStatus !== 'registered') reasons.push('filed_group');
  if (organization.status !== 'active') reasons.push('deregistered');
  if (!hasFullYearsRegistered(organization.registeredOn, rules.minFullYearsRegistered, on)) {
    reasons.push('too_recent');
  }
  if (input.openListEntries.some((entry) => isListedOn(entry, on))) reasons.push('listed');
  if (input.penalties.some((penalty) => penaltyCountsOn(penalty, rules.penaltyLookbackYears, on))) {
    reasons.push('penalised');
  }
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}

/** `years` full years lie between registration and `on`: the anniversary is on or before `on`. */
export function hasFullYearsRegistered(registeredOn: string, years: number, on: string): boolean {
  return addYears(registeredOn, years) <= on;
}

/**
 * Whether a list entry has the organization on its list on a day: from the listing day up
 * to, not including, the removal day. An entry removed because an objection was upheld
 * never counts: the listing was found wrong (社会组织信用信息管理办法, 异议处理), so a
 * decision re-derived later must not hold it against the organization.
 */
export function isListedOn(entry: ListingPeriod, on: string): boolean {
  if (entry.removalReason === 'objection_upheld') return false;
  return entry.listedOn <= on && (entry.removedOn === null || entry.removedOn > on);
}

/**
 * A penalty excludes an evaluation when it is not withdrawn (a withdrawn record was found
 * wrong on objection) and occurred from `lookbackYears` before `on` (that day included) up
 * to `on`.
 */
export function penaltyCountsOn(penalty: PenaltyRecord, lookbackYears: number, on: string): boolean {
  return (
    penalty.withdrawnOn === null &&
    penalty.occurredOn <= on &&
    penalty.occurredOn >= addYears(on, -lookbackYears)
  );
}

/** A grade as a number 1–5 (1A–5A) and its name. */
export type GradeName = (typeof gradeNames)[number];

export function gradeName(grade: number): GradeName {
  const name = gradeNames[grade - 1];
  if (name === undefined) throw new RangeError(`A grade is 1 to 5, got ${grade}.`);
  return name;
}

/**
 * The grade a score earns under local cut-offs (DOMAIN.md §3: score cut-offs are local): the
 * highest grade whose minimum score the score reaches, or null below 1A.
 */
export function gradeForScore(score: number, cutoffs: GradeCutoffs): number | null {
  for (let index = gradeNames.length - 1; index >= 0; index--) {
    if (score >= cutoffs[gradeNames[index]!]) return index + 1;
  }
  return null;
}

/**
 * The last day a grade awarded on `awardedOn` is valid: `validityYears` years counted from
 * the award, the anniversary excluded (社会组织评估管理办法 第二十六条: 评估等级有效期为5年).
 */
export function gradeValidUntil(awardedOn: string, validityYears: number): string {
  return addDays(addYears(awardedOn, validityYears), -1);
}

/** A grade as {@link currentGradeOf} needs it. */
export interface GradePeriod {
  id: number;
  awardedOn: string;
  validUntil: string;
  revokedOn: string | null;
}

/**
 * The grade an organization holds on a day: the latest awarded one that is valid that day and
 * was not revoked (superseded) on or before it.
 */
export function currentGradeOf<G extends GradePeriod>(grades: readonly G[], on: string): G | undefined {
  let current: G | undefined;
  for (const grade of grades) {
    const valid = grade.awardedOn <= on && on <= grade.validUntil;
    const revoked = grade.revokedOn !== null && grade.revokedOn <= on;
    if (!valid || revoked) continue;
    if (
      !current ||
      grade.awardedOn > current.awardedOn ||
      (grade.awardedOn === current.awardedOn && grade.id > current.id)
    ) {
      current = grade;
    }
  }
  return current;
}

/**
 * The day an abnormal-activity listing moves to the serious dishonesty list: `years` after it
 * (policy 'organization.abnormal_list_years_before_dishonesty', 社会组织信用信息管理办法
 * 第十八条: 被列入活动异常名录满2年的, 列入严重违法失信名单).
 */
export function escalationDueOn(listedOn: string, years: number): string {
  return addYears(listedOn, years);
}

/**
 * 社会组织信用信息管理办法 第二十三条: an organization on the serious dishonesty list for 5
 * full years is removed from it (term served).
 */
export const DISHONESTY_LIST_TERM = {
  years: 5,
  source: '社会组织信用信息管理办法 (民政部令第60号) 第二十三条',
} as const;

/** The first day an entry on the dishonesty list may be removed as its term is served. */
export function termServedOn(listedOn: string): string {
  return addYears(listedOn, DISHONESTY_LIST_TERM.years);
}

export type RemovalDecision = { allowed: true } | { allowed: false; message: string; earliestOn?: string };

/**
 * Whether staff may take an entry off its list for a reason on a day (the reasons staff give
 * directly; objections, credit repair and escalation close entries through their own steps):
 *
 * - `rectified` ends an abnormal-activity listing once the organization has fulfilled its
 *   obligations or rectified (社会组织信用信息管理办法, 活动异常名录的移出). The dishonesty
 *   list is left "strictly" (严进严出): by serving the term, by credit repair or on an upheld
 *   objection, never by rectification alone.
 * - `term_served` applies to the dishonesty list only, and only from {@link termServedOn}
 *   ({@link DISHONESTY_LIST_TERM}); the abnormal-activity list has no term.
 */
export function removalDecision(
  entry: { list: string; listedOn: string },
  reason: Extract<ListRemovalReason, 'rectified' | 'term_served'>,
  removedOn: string,
): RemovalDecision {
  if (reason === 'rectified') {
    return entry.list === 'abnormal_activity'
      ? { allowed: true }
      : {
          allowed: false,
          message:
            'An organization leaves the serious dishonesty list when its term is served, by credit repair or on an upheld objection, not by rectification alone.',
        };
  }
  if (entry.list !== 'serious_dishonesty') {
    return {
      allowed: false,
      message:
        'The abnormal-activity list has no term: an organization leaves it when it has rectified, or moves on to the dishonesty list.',
    };
  }
  const earliestOn = termServedOn(entry.listedOn);
  return removedOn >= earliestOn
    ? { allowed: true }
    : {
        allowed: false,
        message: `The term on the serious dishonesty list is ${DISHONESTY_LIST_TERM.years} years (${DISHONESTY_LIST_TERM.source}): this entry can be removed as served from ${earliestOn}.`,
        earliestOn,
      };
}
