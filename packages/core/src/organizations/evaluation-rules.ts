/**
 * The pure rules of organization credit and evaluation (docs/domain.md §3): who may be graded,
 * which grade a score earns, how long a grade lasts, when a listing counts, when an
 * abnormal-activity listing moves to the dishonesty list, and how an organization leaves a
 * list. No I/O: the credit service loads the data and the policy values, these decide.
 */
import type { EvaluationEligibility, GradeCutoffs } from '../policies/policy-keys.js';
import { gradeNames } from '../policies/policy-keys.js';
import { addDays, addMonths, addYears } from '../services/dates.js';
import { abnormalReasonsToRectify, type ListRemovalReason } from './code-lists.js';

/** Why an organization cannot be graded, in the order they are reported. */
export type IneligibilityReason =
  | 'filed_group'
  | 'deregistered'
  | 'too_recent'
  | 'listed'
  | 'penalised'
  | 'annual_inspection_missed'
  | 'annual_inspection_failed'
  | 'under_investigation'
  | 'penalty_outstanding';

/** The articles of 社会组织评估管理办法 (民政部令第39号) the evaluation rules apply. */
export const EVALUATION_SOURCES = {
  eligibility: '社会组织评估管理办法 (民政部令第39号) 第六条',
  exclusions: '社会组织评估管理办法 (民政部令第39号) 第七条',
  validity: '社会组织评估管理办法 (民政部令第39号) 第二十八条',
} as const;

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

/** A credit record as the exclusion rules see it (see `evaluationRecordKinds`). */
export interface EvaluationRecord {
  kind: string;
  occurredOn: string;
  withdrawnOn: string | null;
}

export interface EvaluationEligibilityInput {
  organization: EligibilityOrganization;
  /** The organization's list entries; only those in force on `on` count (see {@link isListedOn}). */
  openListEntries: readonly ListingPeriod[];
  /** The organization's penalty credit records; withdrawn ones and old ones do not count. */
  penalties: readonly PenaltyRecord[];
  /**
   * The organization's credit records of the kinds in `evaluationRecordKinds` (annual
   * inspections, investigations, penalty execution); other kinds are ignored.
   */
  records?: readonly EvaluationRecord[];
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
 *   community group (备案) is not (第六条: 取得社会团体、基金会或者民办非企业单位登记证书).
 * - `deregistered`: a deregistered organization is no longer evaluated (docs/domain.md §3).
 * - `too_recent`: at least `minFullYearsRegistered` full years between registration and the
 *   decision (第六条第一项: 取得登记证书满两个年度).
 * - `listed`: not on the abnormal-activity or the dishonesty list that day (docs/domain.md §3;
 *   第七条第五项 其他不符合评估条件的, read with 社会组织信用信息管理办法 失信惩戒).
 * - `penalised`: no penalty (not withdrawn) in the previous calendar year or since
 *   (第七条第三项: 上年度受到有关政府部门行政处罚); see {@link penaltyCountsOn}.
 * - `annual_inspection_missed` / `annual_inspection_failed`: the annual inspection concluded
 *   in the previous calendar year was missed, or failed, or it and the one of the year before
 *   were both a basic pass (第七条第一、二项: 未参加上年度年度检查; 上年度年度检查不合格或者
 *   连续2年基本合格); see {@link annualInspectionExclusion}.
 * - `under_investigation`: an investigation (立案调查) opened and not closed on the day
 *   (第七条第四项).
 * - `penalty_outstanding`: a penalty recorded as not yet carried out, and not since recorded
 *   as carried out, on the day (第七条第三项: 行政处罚尚未执行完毕), whatever the penalty's year.
 *
 * "The previous year" (上年度) is the calendar year before the decision's, not the 12 months
 * before it.
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
  const records = input.records ?? [];
  const inspection = annualInspectionExclusion(records, on);
  if (inspection) reasons.push(inspection);
  if (openCount(records, 'investigation_opened', 'investigation_closed', on) > 0) {
    reasons.push('under_investigation');
  }
  if (openCount(records, 'penalty_execution_pending', 'penalty_executed', on) > 0) {
    reasons.push('penalty_outstanding');
  }
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}

/** The calendar year of an ISO date. */
function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Records of a kind that count on a day: recorded on or before it, not withdrawn. */
function countedOn(records: readonly EvaluationRecord[], kind: string, on: string): EvaluationRecord[] {
  return records.filter((r) => r.kind === kind && r.withdrawnOn === null && r.occurredOn <= on);
}

/** How many of what `opens` opened are still open on a day (never below zero). */
function openCount(records: readonly EvaluationRecord[], opens: string, closes: string, on: string): number {
  return Math.max(0, countedOn(records, opens, on).length - countedOn(records, closes, on).length);
}

/**
 * 社会组织评估管理办法 第七条第一、二项, on the annual inspection of the previous calendar
 * year: an inspection is dated by its conclusion (the record's `occurredOn`), so the previous
 * year's inspection is the one concluded in the calendar year before `on`. Missing it, or
 * failing it, excludes; so do basic passes (基本合格) in both that year and the year before.
 * No record means no finding: the absence of a record never excludes.
 */
export function annualInspectionExclusion(
  records: readonly EvaluationRecord[],
  on: string,
): 'annual_inspection_missed' | 'annual_inspection_failed' | undefined {
  const previousYear = yearOf(on) - 1;
  const inYear = (kind: string, year: number) =>
    countedOn(records, kind, on).some((r) => yearOf(r.occurredOn) === year);
  if (inYear('annual_inspection_missed', previousYear)) return 'annual_inspection_missed';
  if (inYear('annual_inspection_failed', previousYear)) return 'annual_inspection_failed';
  if (
    inYear('annual_inspection_basic', previousYear) &&
    inYear('annual_inspection_basic', previousYear - 1)
  ) {
    return 'annual_inspection_failed';
  }
  return undefined;
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
 * wrong on objection) and occurred in the `lookbackYears` calendar years before the year of
 * `on` (1: the previous year, 上年度, 社会组织评估管理办法 第七条第三项) or in the year of `on`
 * up to that day: calendar years from 1 January, not a rolling 12 months. A penalty of the
 * current year counts too: the article names the previous year because evaluations look back
 * on it, and a penalty imposed since is no lesser bar (a choice of this software, the same as
 * the rolling rule it replaces).
 */
export function penaltyCountsOn(penalty: PenaltyRecord, lookbackYears: number, on: string): boolean {
  const from = `${String(yearOf(on) - lookbackYears).padStart(4, '0')}-01-01`;
  return penalty.withdrawnOn === null && penalty.occurredOn <= on && penalty.occurredOn >= from;
}

/** A grade as a number 1–5 (1A–5A) and its name. */
export type GradeName = (typeof gradeNames)[number];

export function gradeName(grade: number): GradeName {
  const name = gradeNames[grade - 1];
  if (name === undefined) throw new RangeError(`A grade is 1 to 5, got ${grade}.`);
  return name;
}

/**
 * The grade a score earns under local cut-offs (docs/domain.md §3: score cut-offs are local): the
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
 * the award, the anniversary excluded (社会组织评估管理办法 第二十八条: 评估等级有效期为5年).
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
 * {@link currentGradeOf} as the options of a relational query of an organization's grades (drizzle
 * relational queries): those valid on the day and not revoked on or before it, the latest award
 * first and, on the same day, the latest grade; its first row is the grade held.
 */
export function currentGradeQuery(on: string) {
  return {
    where: {
      awardedOn: { lte: on },
      validUntil: { gte: on },
      OR: [{ revokedOn: { isNull: true as const } }, { revokedOn: { gt: on } }],
    },
    orderBy: { awardedOn: 'desc' as const, id: 'desc' as const },
    limit: 1,
  };
}

/**
 * The day an abnormal-activity listing moves to the serious dishonesty list: `years` after it
 * (policy 'organization.abnormal_list_years_before_dishonesty', 社会组织信用信息管理办法
 * 第十四条第一项: 被列入活动异常名录满2年的, 列入严重违法失信名单). A new circumstance while
 * listed opens a new entry (第十二条: 列入时限重新计算), so the count starts again from it.
 */
export function escalationDueOn(listedOn: string, years: number): string {
  return addYears(listedOn, years);
}

/**
 * 社会组织信用信息管理办法 (民政部令第60号) 第十七条: an organization may apply to leave the
 * serious dishonesty list 2 full years after it was listed, when no new circumstance arose in
 * that time. (5 years is the enterprise rule, not this one.)
 */
export const DISHONESTY_LIST_TERM = {
  years: 2,
  source: '社会组织信用信息管理办法 (民政部令第60号) 第十七条',
} as const;

/**
 * 社会组织信用信息管理办法 第十三条: with nothing to rectify, an organization leaves the
 * abnormal-activity list 6 months after it was listed.
 */
export const ABNORMAL_LIST_TERM = {
  months: 6,
  source: '社会组织信用信息管理办法 (民政部令第60号) 第十三条',
} as const;

/** The first day an entry on the dishonesty list may be removed as its term is served. */
export function termServedOn(listedOn: string): string {
  return addYears(listedOn, DISHONESTY_LIST_TERM.years);
}

/** The first day an abnormal-activity entry with nothing to rectify may be removed. */
export function abnormalTermServedOn(listedOn: string): string {
  return addMonths(listedOn, ABNORMAL_LIST_TERM.months);
}

/** Whether an abnormal-activity reason leaves the organization something to do (第十三条). */
export function hasSomethingToRectify(reason: string): boolean {
  return (abnormalReasonsToRectify as readonly string[]).includes(reason);
}

export type RemovalDecision = { allowed: true } | { allowed: false; message: string; earliestOn?: string };

/** What {@link removalDecision} reads beyond the entry itself. */
export interface RemovalContext {
  /**
   * The latest day, after the entry's listing, on which the organization was put on the
   * abnormal-activity list (a new circumstance in the period, 第十七条: 在此期间未再次出现应当
   * 列入活动异常名录或者严重违法失信名单情形); new circumstances of the dishonesty list itself
   * open a new entry instead (第十六条).
   */
  newCircumstanceOn?: string | null;
  /** The organization's deregistration day, if any (for a listing on `registration_revoked`). */
  deregisteredOn?: string | null;
}

/**
 * Whether staff may take an entry off its list for a reason on a day (the reasons staff give
 * directly; objections, credit repair and escalation close entries through their own steps):
 *
 * - abnormal-activity list (第十三条): `rectified` when the reason left something to do (the
 *   organization applies on having done it, see {@link hasSomethingToRectify}); `term_served`
 *   from 6 months after the listing ({@link ABNORMAL_LIST_TERM}) when it left nothing to do.
 * - serious dishonesty list (第十七条, 严进严出): never `rectified`; `term_served` from 2
 *   years after the listing ({@link DISHONESTY_LIST_TERM}), or 2 years after a later
 *   abnormal-activity listing, whichever is later; a listing for revoked registration
 *   (`registration_revoked`) ends on deregistration instead, from its day.
 */
export function removalDecision(
  entry: { list: string; listedOn: string; reason?: string },
  reason: Extract<ListRemovalReason, 'rectified' | 'term_served'>,
  removedOn: string,
  context: RemovalContext = {},
): RemovalDecision {
  if (entry.list === 'abnormal_activity') {
    const toRectify = entry.reason === undefined || hasSomethingToRectify(entry.reason);
    if (reason === 'rectified') {
      return toRectify
        ? { allowed: true }
        : {
            allowed: false,
            message: `Listed for ${entry.reason}, the organization had nothing to rectify: it leaves the abnormal-activity list ${ABNORMAL_LIST_TERM.months} months after the listing (${ABNORMAL_LIST_TERM.source}).`,
          };
    }
    if (toRectify) {
      return {
        allowed: false,
        message: `Listed for ${entry.reason ?? 'a reason to rectify'}, the organization leaves the abnormal-activity list on doing what it had to (rectified), not by waiting (${ABNORMAL_LIST_TERM.source}).`,
      };
    }
    const earliestOn = abnormalTermServedOn(entry.listedOn);
    return removedOn >= earliestOn
      ? { allowed: true }
      : {
          allowed: false,
          message: `With nothing to rectify, the abnormal-activity listing ends ${ABNORMAL_LIST_TERM.months} months after it began (${ABNORMAL_LIST_TERM.source}): from ${earliestOn}.`,
          earliestOn,
        };
  }
  if (reason === 'rectified') {
    return {
      allowed: false,
      message:
        'An organization leaves the serious dishonesty list when its term is served, by credit repair or on an upheld objection, not by rectification alone.',
    };
  }
  if (entry.reason === 'registration_revoked') {
    const { deregisteredOn } = context;
    return deregisteredOn && removedOn >= deregisteredOn
      ? { allowed: true }
      : {
          allowed: false,
          message: `Listed for revoked registration, the organization leaves the serious dishonesty list once its deregistration is complete (${DISHONESTY_LIST_TERM.source})${deregisteredOn ? `: from ${deregisteredOn}` : ''}.`,
          ...(deregisteredOn ? { earliestOn: deregisteredOn } : {}),
        };
  }
  const from =
    context.newCircumstanceOn && context.newCircumstanceOn > entry.listedOn
      ? context.newCircumstanceOn
      : entry.listedOn;
  const earliestOn = termServedOn(from);
  return removedOn >= earliestOn
    ? { allowed: true }
    : {
        allowed: false,
        message: `The organization may leave the serious dishonesty list ${DISHONESTY_LIST_TERM.years} years after ${from === entry.listedOn ? 'the listing' : `the new circumstance of ${from}`} without a new circumstance (${DISHONESTY_LIST_TERM.source}): from ${earliestOn}.`,
        earliestOn,
      };
}
