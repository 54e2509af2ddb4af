import { currentGradeOf, isListedOn } from '../organizations/evaluation-rules.js';
import { addYears } from '../services/dates.js';
import type { OrganizationRows } from './plan-organizations.js';
import { maxDate, minDate } from './plan-project-designs.js';
import type { SocialWorkerRows } from './plan-social-workers.js';

/** The look-back for a major violation (政府采购法 第二十二条第一款第五项: 参加政府采购活动前三年内). */
export const MAJOR_VIOLATION_LOOKBACK_YEARS = 3;

/** The documents an assessment of a bidder applies (docs/domain.md §6.3, 承接主体). */
export const UNDERTAKER_ELIGIBILITY_SOURCE =
  '政府采购法 第二十二条；财库〔2016〕125号；民发〔2012〕196号；财综〔2016〕54号';

/** Why an organization may not undertake on a day. */
export type UndertakerRefusal =
  | 'filed_group'
  | 'not_registered_yet'
  | 'deregistered'
  | 'listed'
  | 'major_violation'
  | 'no_certified_staff';

export interface UndertakerAssessment {
  eligible: boolean;
  reasons: UndertakerRefusal[];
  /** The evaluation grade held that day (1–5 for 1A–5A), if any, with its days. */
  grade: { grade: number; awardedOn: string; validUntil: string } | null;
  /** Certified social workers holding a post at the organization that day, by id. */
  certifiedStaff: number[];
}

/**
 * Who may undertake a purchased service on a day, read from the demo's organizations and workers
 * (docs/domain.md §6.3): a registered legal person (never a filed group), registered by then and
 * not deregistered; on neither the abnormal-activity nor the serious dishonesty list that day
 * (`isListedOn`); with no penalty record, not withdrawn, in the 3 years before (every penalty
 * counts as major here: which kinds are major is a local policy still to come, and the demo errs
 * on the strict side); and with capacity: at least one certified social worker (registration
 * covering the day) holding a post there that day. The grade held (`currentGradeOf`) is reported,
 * not required: grade priority is local and the demo district sets none.
 */
export function createUndertakerRegister(rows: OrganizationRows & SocialWorkerRows) {
  const organizations = new Map(rows.socialOrganizations.map((o) => [o.id, o]));
  const entriesOf = groupBy(
    rows.organizationListEntries.map((e) => ({ ...e, removedOn: e.removedOn ?? null })),
    (e) => e.organizationId,
  );
  const penaltiesOf = groupBy(
    rows.organizationCreditRecords.filter((r) => r.category === 'penalty' && !r.withdrawnOn),
    (r) => r.organizationId,
  );
  const gradesOf = groupBy(
    rows.organizationGrades.map((g) => ({ ...g, id: g.id!, revokedOn: g.revokedOn ?? null })),
    (g) => g.organizationId,
  );
  const workerOfCertificate = new Map(rows.socialWorkCertificates.map((c) => [c.id, c.workerId]));
  const registrationsOf = groupBy(
    rows.certificateRegistrations,
    (r) => workerOfCertificate.get(r.certificateId)!,
  );
  // When each worker was certified (a registration covering the day, docs/domain.md §4) while
  // holding a post (full- or part-time) at an organization: the periods the two overlap.
  const staffPeriodsOf = new Map<number, { workerId: number; from: string; until: string }[]>();
  for (const post of rows.socialWorkerPosts) {
    if (post.organizationId == null) continue;
    const periods = staffPeriodsOf.get(post.organizationId) ?? [];
    staffPeriodsOf.set(post.organizationId, periods);
    for (const registration of registrationsOf.get(post.workerId) ?? []) {
      const from = maxDate(post.startsOn, registration.validFrom);
      const until =
        post.endsOn == null ? registration.validUntil : minDate(post.endsOn, registration.validUntil);
      if (from <= until) periods.push({ workerId: post.workerId, from, until });
    }
  }

  /** Certified workers holding a post at the organization on the day, by id. */
  function certifiedStaffOn(organizationId: number, on: string): number[] {
    const staff = new Set<number>();
    for (const period of staffPeriodsOf.get(organizationId) ?? []) {
      if (period.from <= on && on <= period.until) staff.add(period.workerId);
    }
    return [...staff].sort((a, b) => a - b);
  }

  function assess(organizationId: number, on: string): UndertakerAssessment {
    const organization = organizations.get(organizationId);
    if (!organization) throw new Error(`No organization ${organizationId} in the plan.`);
    const reasons: UndertakerRefusal[] = [];
    if (organization.legalStatus !== 'registered') reasons.push('filed_group');
    if (organization.registeredOn > on) reasons.push('not_registered_yet');
    if (organization.deregisteredOn && organization.deregisteredOn <= on) reasons.push('deregistered');
    if ((entriesOf.get(organizationId) ?? []).some((entry) => isListedOn(entry, on))) reasons.push('listed');
    const since = addYears(on, -MAJOR_VIOLATION_LOOKBACK_YEARS);
    if ((penaltiesOf.get(organizationId) ?? []).some((p) => p.occurredOn > since && p.occurredOn <= on)) {
      reasons.push('major_violation');
    }
    const certifiedStaff = certifiedStaffOn(organizationId, on);
    if (certifiedStaff.length === 0) reasons.push('no_certified_staff');
    const held = currentGradeOf(gradesOf.get(organizationId) ?? [], on);
    const grade = held ? { grade: held.grade, awardedOn: held.awardedOn, validUntil: held.validUntil } : null;
    return { eligible: reasons.length === 0, reasons, grade, certifiedStaff };
  }

  /** {@link assess}'s verdict alone, its cheapest checks first. */
  function mayUndertake(organizationId: number, on: string): boolean {
    const organization = organizations.get(organizationId);
    if (organization?.legalStatus !== 'registered' || organization.registeredOn > on) return false;
    if (organization.deregisteredOn && organization.deregisteredOn <= on) return false;
    const periods = staffPeriodsOf.get(organizationId) ?? [];
    if (!periods.some((period) => period.from <= on && on <= period.until)) return false;
    return assess(organizationId, on).eligible;
  }

  /** Whether anyone certified ever held a post at the organization: without, it never has capacity. */
  function everStaffed(organizationId: number): boolean {
    return (staffPeriodsOf.get(organizationId) ?? []).length > 0;
  }

  return { assess, mayUndertake, certifiedStaffOn, everStaffed };
}

export type UndertakerRegister = ReturnType<typeof createUndertakerRegister>;

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
