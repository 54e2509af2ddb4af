/**
 * Who may undertake a purchased service (承接主体, docs/domain.md §6.3): pure rules, plain data
 * in, a decision with every reason out, no I/O. The purchase service loads the organization's
 * facts and the policies in force and stores the decision with the bid (`eligibility`), so an
 * award can be re-derived from what was known then.
 */
import {
  currentGradeOf,
  type GradeName,
  type GradePeriod,
  gradeName,
  isListedOn,
  type ListingPeriod,
} from '../organizations/evaluation-rules.js';
import {
  type CapacityByMethod,
  gradeNames,
  type MajorViolationPolicy,
  type ProfessionalMethod,
  type UndertakerGradePolicy,
} from '../policies/policy-keys.js';
import { addDays, addYears } from '../services/dates.js';
import { type CertificationHistory, certifiedLevelOn } from '../social-workers/certification.js';
import { type UndertakerIneligibilityReason, undertakerIneligibilityReasons } from './code-lists.js';

/**
 * The documents behind each rule, as docs/domain.md §6 cites them; "to verify" marks an article
 * number not yet checked against the published text.
 */
export const UNDERTAKER_SOURCES = {
  legalPerson:
    '中华人民共和国政府采购法 第二十二条; 政府购买服务管理办法 (财政部令第102号) 第八、九条 (to verify); 民发〔2012〕196号; 财综〔2016〕54号',
  lists:
    '关于在政府采购活动中查询及使用信用记录有关问题的通知 (财库〔2016〕125号); 社会组织信用信息管理办法 (民政部令第60号) 第十条、第十四条',
  majorViolation: '中华人民共和国政府采购法 第二十二条第一款第五项',
  grade:
    '社会组织评估管理办法 (民政部令第39号) grades; the rule itself is local (policy purchase.undertaker_grade)',
  capacity:
    '关于政府购买社会工作服务的指导意见 (民发〔2012〕196号); 中华人民共和国政府采购法 第二十二条; the count is local (policy purchase.required_capacity)',
  price:
    '政府采购货物和服务招标投标管理办法 (财政部令第87号) 第六十三条 (to verify): a price above the budget is void',
} as const;

/** One of the organization's workers, as the capacity rule sees them. */
export interface StaffMember extends CertificationHistory {
  workerId: number;
  /** The worker's posts at the organization (岗位, docs/domain.md §4). */
  posts: readonly { startsOn: string; endsOn: string | null }[];
}

/** A penalty credit record (docs/domain.md §3.3, category `penalty`). */
export interface PenaltyFact {
  kind: string;
  occurredOn: string;
  /** Withdrawn after an upheld objection: from that day it was found wrong and no longer counts. */
  withdrawnOn: string | null;
}

/** What the tables say of an organization. */
export interface UndertakerFacts {
  organization: { legalStatus: string; deregisteredOn: string | null };
  listEntries: readonly ListingPeriod[];
  penalties: readonly PenaltyFact[];
  grades: readonly (GradePeriod & { grade: number })[];
  staff: readonly StaffMember[];
}

/** A policy value with the document it came from, as a decision records it. */
export interface PolicyApplied<T> {
  value: T;
  source: string;
}

/** The policies in force for the purchase; null (or absent) where none is in force. */
export interface UndertakerPolicies {
  grade?: PolicyApplied<UndertakerGradePolicy> | null;
  majorViolation?: PolicyApplied<MajorViolationPolicy> | null;
  capacity?: PolicyApplied<CapacityByMethod> | null;
}

export interface UndertakerEligibilityInput {
  facts: UndertakerFacts;
  policies: UndertakerPolicies;
  /** The professional methods of the project (docs/domain.md §6.2). */
  methods: readonly ProfessionalMethod[];
  /** The bid deadline (the purchase's `bidsClosedOn`): the major-violation look-back ends on it. */
  bidDeadline: string;
  /** The day of the decision: the assessment (the bid deadline) or the award. */
  on: string;
  /** The workers the bid puts forward; null or absent: every certified worker employed counts. */
  declaredStaff?: readonly number[] | null;
  /** The bid's price and the project's budget, to find a price the budget cannot pay. */
  bid?: { priceFen: number; budgetFen: number } | null;
}

export interface UndertakerEligibility {
  eligible: boolean;
  /** Every reason found, in the order of {@link UndertakerIneligibilityReason}'s list. */
  reasons: UndertakerIneligibilityReason[];
  on: string;
  bidDeadline: string;
  /** The list entries in force on the day. */
  listings: { list: string; listedOn: string }[];
  /** The days the major-violation rule looked at, both included; null without the policy. */
  majorViolationWindow: { from: string; until: string } | null;
  majorViolations: { kind: string; occurredOn: string }[];
  /** The grade held on the day (`currentGradeOf`), if any. */
  grade: { grade: GradeName; awardedOn: string; validUntil: string } | null;
  /** Under a priority rule, whether the grade gives priority; null when no priority rule applies. */
  gradePriority: boolean | null;
  /** The certified workers with a post at the organization on the day who were counted. */
  certifiedStaff: number[];
  /** Declared workers who were not counted: no post at the organization, or not certified, that day. */
  declaredStaffNotCounted: number[];
  /** For each method of the project: certified workers required by the policy and found. */
  capacity: { method: ProfessionalMethod; required: number; found: number }[];
  policies: {
    grade: PolicyApplied<UndertakerGradePolicy> | null;
    majorViolation: PolicyApplied<MajorViolationPolicy> | null;
    capacity: PolicyApplied<CapacityByMethod> | null;
  };
  /** The documents behind the rules applied. */
  sources: string[];
}

/**
 * The first day of the major-violation look-back: `years` before the bid deadline, counted as
 * registries count (docs/domain.md §15), so 3 years up to 2025-03-15 run from 2022-03-16.
 */
export function majorViolationWindowStart(bidDeadline: string, years: number): string {
  return addDays(addYears(bidDeadline, -years), 1);
}

/**
 * Whether a penalty is a major violation for a decision on `on` (政府采购法 第二十二条第一款第五项:
 * 参加政府采购活动前三年内, 在经营活动中没有重大违法记录): of a kind the policy counts as major,
 * not withdrawn by that day, and dated within the look-back before the bid deadline. A penalty
 * between the deadline and the decision counts too: what is known when deciding is not ignored.
 */
export function isMajorViolation(
  penalty: PenaltyFact,
  policy: MajorViolationPolicy,
  bidDeadline: string,
  on: string,
): boolean {
  if (!policy.penaltyKinds.includes(penalty.kind)) return false;
  if (penalty.withdrawnOn !== null && penalty.withdrawnOn <= on) return false;
  return (
    penalty.occurredOn >= majorViolationWindowStart(bidDeadline, policy.lookbackYears) &&
    penalty.occurredOn <= on
  );
}

/** A post covers the day: from its first day to its last, both included; open while it lasts. */
function postCovers(post: { startsOn: string; endsOn: string | null }, on: string): boolean {
  return post.startsOn <= on && (post.endsOn === null || post.endsOn >= on);
}

/**
 * The certified social workers an organization can put to the project on a day: those with a post
 * at it that day whose certificate is registered that day (docs/domain.md §4, `certifiedLevelOn`:
 * 持证 and 登记有效). When the bid declares its staff, only the declared workers count; the others
 * declared are reported, not counted. A certificate is not tied to a method, so each worker
 * counts for every method of the project.
 */
export function certifiedStaffOn(
  staff: readonly StaffMember[],
  on: string,
  declaredStaff?: readonly number[] | null,
): { counted: number[]; declaredNotCounted: number[] } {
  const qualified = new Set(
    staff
      .filter(
        (member) =>
          member.posts.some((post) => postCovers(post, on)) && certifiedLevelOn(member, on) !== null,
      )
      .map((member) => member.workerId),
  );
  if (declaredStaff === undefined || declaredStaff === null) {
    return { counted: [...qualified].sort((a, b) => a - b), declaredNotCounted: [] };
  }
  const declared = [...new Set(declaredStaff)];
  return {
    counted: declared.filter((id) => qualified.has(id)).sort((a, b) => a - b),
    declaredNotCounted: declared.filter((id) => !qualified.has(id)).sort((a, b) => a - b),
  };
}

/**
 * Whether an organization may undertake a purchased service, decided on a day with every reason
 * that stands in the way (docs/domain.md §6.3, "who may undertake"):
 *
 * - `filed_group`: only a registered legal person (a social association, social service agency or
 *   foundation with a USCC) undertakes; a filed community group (备案) is no legal person
 *   (政府采购法 第二十二条: 具有独立承担民事责任的能力; 令第102号 第八条 *to verify*).
 * - `deregistered`: deregistered on or before the day.
 * - `abnormal_activity_listed`, `serious_dishonesty_listed`: on the list that day (`isListedOn`;
 *   财库〔2016〕125号 bars suppliers with records of serious dishonesty, a dishonest judgment debtor
 *   among them, which 民政部令第60号 第十四条第六项 puts on the dishonesty list).
 * - `major_violation`: a penalty of a kind the policy counts as major in the look-back before the
 *   bid deadline ({@link isMajorViolation}).
 * - `grade_below_minimum`: under a `required` grade policy, no grade of at least the minimum held
 *   that day (`currentGradeOf`). A `priority` policy never excludes: `gradePriority` says whether
 *   the bidder has it, for the panel that scores the bids.
 * - `insufficient_capacity`: for a method of the project, fewer certified workers
 *   ({@link certifiedStaffOn}) than the policy requires.
 * - `price_over_budget`: the bid's price exceeds the project's budget.
 *
 * No policy in force means no such rule: the grade and capacity rules are local and have no
 * national figure, and the major-violation kinds are local too (policy-keys.ts).
 */
export function undertakerEligibility(input: UndertakerEligibilityInput): UndertakerEligibility {
  const { facts, on, bidDeadline } = input;
  const grade = input.policies.grade ?? null;
  const majorViolation = input.policies.majorViolation ?? null;
  const capacityPolicy = input.policies.capacity ?? null;
  const reasons = new Set<UndertakerIneligibilityReason>(standingReasons(facts.organization, on));
  const applied = new Set<string>([UNDERTAKER_SOURCES.legalPerson, UNDERTAKER_SOURCES.lists]);

  const listings = facts.listEntries
    .filter((entry) => isListedOn(entry, on))
    .map((entry) => ({ list: entry.list, listedOn: entry.listedOn }))
    .sort((a, b) => a.listedOn.localeCompare(b.listedOn));
  if (listings.some((entry) => entry.list === 'abnormal_activity')) reasons.add('abnormal_activity_listed');
  if (listings.some((entry) => entry.list === 'serious_dishonesty')) reasons.add('serious_dishonesty_listed');

  const majorViolations = majorViolation
    ? facts.penalties
        .filter((penalty) => isMajorViolation(penalty, majorViolation.value, bidDeadline, on))
        .map((penalty) => ({ kind: penalty.kind, occurredOn: penalty.occurredOn }))
        .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn))
    : [];
  if (majorViolation) applied.add(UNDERTAKER_SOURCES.majorViolation);
  if (majorViolations.length > 0) reasons.add('major_violation');

  const held = currentGradeOf(facts.grades, on);
  const heldGrade = held
    ? { grade: gradeName(held.grade), awardedOn: held.awardedOn, validUntil: held.validUntil }
    : null;
  const minimum = grade?.value.minimumGrade ?? null;
  const meetsGrade =
    minimum === null || (held !== undefined && held.grade >= gradeNames.indexOf(minimum) + 1);
  if (grade && minimum !== null) applied.add(UNDERTAKER_SOURCES.grade);
  if (grade && minimum !== null && grade.value.mode === 'required' && !meetsGrade) {
    reasons.add('grade_below_minimum');
  }
  const gradePriority = grade && minimum !== null && grade.value.mode === 'priority' ? meetsGrade : null;

  const staff = certifiedStaffOn(facts.staff, on, input.declaredStaff);
  const capacity = capacityPolicy
    ? [...new Set(input.methods)].map((method) => ({
        method,
        required: capacityPolicy.value[method],
        found: staff.counted.length,
      }))
    : [];
  if (capacityPolicy) applied.add(UNDERTAKER_SOURCES.capacity);
  if (capacity.some((line) => line.found < line.required)) reasons.add('insufficient_capacity');

  if (input.bid) applied.add(UNDERTAKER_SOURCES.price);
  if (input.bid && input.bid.priceFen > input.bid.budgetFen) reasons.add('price_over_budget');

  return {
    eligible: reasons.size === 0,
    reasons: inReasonOrder([...reasons]),
    on,
    bidDeadline,
    listings,
    majorViolationWindow: majorViolation
      ? { from: majorViolationWindowStart(bidDeadline, majorViolation.value.lookbackYears), until: on }
      : null,
    majorViolations,
    grade: heldGrade,
    gradePriority,
    certifiedStaff: staff.counted,
    declaredStaffNotCounted: staff.declaredNotCounted,
    capacity,
    policies: { grade, majorViolation, capacity: capacityPolicy },
    sources: [...applied],
  };
}

const REASON_ORDER = Object.keys(undertakerIneligibilityReasons) as UndertakerIneligibilityReason[];

function inReasonOrder(reasons: UndertakerIneligibilityReason[]): UndertakerIneligibilityReason[] {
  return reasons.sort((a, b) => REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b));
}

/**
 * What a filed group or a deregistered organization is refused at once, before any assessment:
 * it can never undertake, whatever the day's lists, grades and staff.
 */
export function standingReasons(
  organization: { legalStatus: string; deregisteredOn: string | null },
  on: string,
): UndertakerIneligibilityReason[] {
  const reasons: UndertakerIneligibilityReason[] = [];
  if (organization.legalStatus !== 'registered') reasons.push('filed_group');
  if (organization.deregisteredOn !== null && organization.deregisteredOn <= on) reasons.push('deregistered');
  return reasons;
}
