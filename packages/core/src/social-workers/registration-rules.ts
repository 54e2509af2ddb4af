/**
 * The rules of registering a social work certificate (社会工作者职业水平证书登记办法) and of
 * continuing education (社会工作者继续教育办法), docs/domain.md §4. Pure functions, no I/O: the
 * service reads the records and the policy values in force, these decide. Each refusal is a
 * {@link SansheError} with the code, the input field at fault and the figures behind it.
 *
 * The numbers (1 year, 3 years, 3 months, 72/90/90 hours) are never constants here: they come
 * from the policies 'social_worker.registration_rules' and 'social_worker.ce_hours_per_period'
 * in force on the day of the decision, so a district may change them from a date on.
 */
import { SansheError } from '../errors/sanshe-error.js';
import type { AmountsByLevel, RegistrationRules } from '../policies/policy-keys.js';
import type { PolicyInForce } from '../policies/resolve-policy.js';
import { addDays, addMonths, addYears } from '../services/dates.js';
import type { SocialWorkerLevel } from './code-lists.js';

/** An inclusive period of validity, as a registration row stores it. */
export interface ValidityPeriod {
  validFrom: string;
  /** The last day the registration is valid. */
  validUntil: string;
}

/**
 * The last day a first registration can be made: `firstWithinMonths` after passing (登记办法:
 * within one year of obtaining the certificate). The anniversary itself is still within.
 */
export function firstRegistrationDeadline(passedOn: string, rules: RegistrationRules): string {
  return addMonths(passedOn, rules.firstWithinMonths);
}

/**
 * The period a registration made valid from `validFrom` covers: `validYears` years, the last
 * day being the day before the anniversary (valid 3 years from 2024-03-15 ends 2027-03-14).
 */
export function validityFrom(validFrom: string, rules: RegistrationRules): ValidityPeriod {
  return { validFrom, validUntil: addDays(addYears(validFrom, rules.validYears), -1) };
}

/** The days a registration can be renewed: the last `renewalWindowMonths` months of its validity. */
export function renewalWindow(
  validUntil: string,
  rules: RegistrationRules,
): { windowStart: string; windowEnd: string } {
  return {
    windowStart: addDays(addMonths(validUntil, -rules.renewalWindowMonths), 1),
    windowEnd: validUntil,
  };
}

/**
 * A first registration (首次登记) made on `registeredOn` for a certificate passed on `passedOn`:
 * the period it is valid for.
 *
 * @throws {SansheError} INVALID_DATE_RANGE when the registration precedes the pass,
 * REGISTRATION_DEADLINE_PASSED when it comes after the deadline.
 */
export function decideFirstRegistration(input: {
  passedOn: string;
  registeredOn: string;
  rules: RegistrationRules;
}): ValidityPeriod {
  const { passedOn, registeredOn, rules } = input;
  if (registeredOn < passedOn) {
    throw new SansheError(
      'INVALID_DATE_RANGE',
      `A certificate passed on ${passedOn} cannot be registered before that, on ${registeredOn}.`,
      { path: ['input', 'registeredOn'] },
    );
  }
  const deadline = firstRegistrationDeadline(passedOn, rules);
  if (registeredOn > deadline) {
    throw new SansheError(
      'REGISTRATION_DEADLINE_PASSED',
      `A certificate passed on ${passedOn} is first registered within ${rules.firstWithinMonths} months, by ${deadline}; ${registeredOn} is too late.`,
      { path: ['input', 'registeredOn'], details: { passedOn, deadline } },
    );
  }
  return validityFrom(registeredOn, rules);
}

/** Continuing-education hours as the records hold them (one decimal). */
export interface ContinuingEducationHours {
  hours: number;
  completedOn: string;
}

/**
 * The hours completed within a registration period, both ends included. Summed in tenths of an
 * hour so that 0.1 + 0.2 counts as 0.3, not 0.30000000000000004 (which would pass a 0.3 limit
 * by accident or fail a 72 limit made of decimals).
 */
export function hoursCompletedWithin(
  records: readonly ContinuingEducationHours[],
  period: ValidityPeriod,
): number {
  let tenths = 0;
  for (const record of records) {
    if (period.validFrom <= record.completedOn && record.completedOn <= period.validUntil) {
      tenths += Math.round(record.hours * 10);
    }
  }
  return tenths / 10;
}

/** What a renewal (再登记) decided, to be stored so the decision can be re-derived. */
export interface RenewalDecision extends ValidityPeriod {
  continuingEducationHours: number;
  requiredHours: number;
  /** The document the required hours come from. */
  policySource: string;
}

/**
 * A renewal (再登记) made on `registeredOn` of the registration `current` (the latest one):
 * within its renewal window, with enough continuing education completed in its period. The new
 * registration follows on without a gap, from the day after `current` ends.
 *
 * @throws {SansheError} OUTSIDE_RENEWAL_WINDOW when the day is before the window or after the
 * registration lapsed; INSUFFICIENT_CE_HOURS when the hours fall short.
 */
export function decideRenewal(input: {
  level: SocialWorkerLevel;
  current: ValidityPeriod;
  registeredOn: string;
  rules: RegistrationRules;
  hoursRequired: PolicyInForce<AmountsByLevel>;
  continuingEducation: readonly ContinuingEducationHours[];
}): RenewalDecision {
  const { level, current, registeredOn, rules, hoursRequired } = input;
  const { windowStart, windowEnd } = renewalWindow(current.validUntil, rules);
  if (registeredOn > windowEnd) {
    throw new SansheError(
      'OUTSIDE_RENEWAL_WINDOW',
      `The registration lapsed after ${current.validUntil}; it can no longer be renewed on ${registeredOn}.`,
      { path: ['input', 'registeredOn'], details: { windowStart, windowEnd, lapsed: true } },
    );
  }
  if (registeredOn < windowStart) {
    throw new SansheError(
      'OUTSIDE_RENEWAL_WINDOW',
      `The registration valid until ${current.validUntil} is renewed from ${windowStart} to ${windowEnd} (the last ${rules.renewalWindowMonths} months), not on ${registeredOn}.`,
      { path: ['input', 'registeredOn'], details: { windowStart, windowEnd, lapsed: false } },
    );
  }
  const required = hoursRequired.value[level];
  const completed = hoursCompletedWithin(input.continuingEducation, current);
  if (completed < required) {
    throw new SansheError(
      'INSUFFICIENT_CE_HOURS',
      `Renewing a ${level} certificate needs ${required} hours of continuing education from ${current.validFrom} to ${current.validUntil}; ${completed} were completed.`,
      {
        path: ['input', 'certificateId'],
        details: { required, completed, source: hoursRequired.source },
      },
    );
  }
  return {
    ...validityFrom(addDays(current.validUntil, 1), rules),
    continuingEducationHours: completed,
    requiredHours: required,
    policySource: hoursRequired.source,
  };
}

/** The latest registration of a certificate (the one that ends last), or undefined. */
export function latestRegistration<T extends ValidityPeriod>(registrations: readonly T[]): T | undefined {
  let latest: T | undefined;
  for (const registration of registrations) {
    if (!latest || registration.validUntil > latest.validUntil) latest = registration;
  }
  return latest;
}

/** A post as far as the choice of a worker's policy unit needs it. */
export interface PostForJurisdiction {
  id: number;
  fullTime: boolean;
  startsOn: string;
  endsOn: string | null;
  /** The code of the community the post is at; null for a post at an organization. */
  communityCode: string | null;
}

/**
 * The unit whose policies apply to a worker on a day (docs/domain.md §4: subsidies and rules are
 * local, per jurisdiction): the community of a post in force that day, so that a subdistrict's
 * policy wins over the district's for the people working in its communities; otherwise the
 * district. Among several community posts a full-time one counts first, then the latest started
 * (it reflects where the worker now works), then the lowest id, so the choice is stable.
 */
export function policyUnitOf(
  districtCode: string,
  posts: readonly PostForJurisdiction[],
  on: string,
): string {
  let chosen: PostForJurisdiction | undefined;
  for (const post of posts) {
    if (post.communityCode === null) continue;
    if (post.startsOn > on || (post.endsOn !== null && post.endsOn < on)) continue;
    if (!chosen || ranksBefore(post, chosen)) chosen = post;
  }
  return chosen?.communityCode ?? districtCode;
}

function ranksBefore(a: PostForJurisdiction, b: PostForJurisdiction): boolean {
  if (a.fullTime !== b.fullTime) return a.fullTime;
  if (a.startsOn !== b.startsOn) return a.startsOn > b.startsOn;
  return a.id < b.id;
}
