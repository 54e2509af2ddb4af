import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { parseCode } from '../services/code-list.js';
import { type VolunteerSkill, volunteerSkills } from './code-lists.js';

/**
 * The pure rules of the volunteer registry and its service records (docs/domain.md §5.1, §5.2):
 * plain data in, a decision out or a typed {@link SansheError}, no I/O.
 */

/** The age of majority (民法典 第十七条: 十八周岁以上的自然人为成年人). */
export const AGE_OF_MAJORITY = 18;

/** The longest span one service record covers: a longer service is recorded day by day. */
export const MAX_SERVICE_SPAN_MINUTES = 24 * 60;

/** The longest free text of a service record (schema/volunteers.ts). */
export const MAX_CONTENT_LENGTH = 500;
export const MAX_PLACE_LENGTH = 200;
export const MAX_REASON_LENGTH = 500;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The day someone born on `birthDate` turns 18 (`volunteers.adult_on`): the 18th birthday. One
 * born on 29 February completes 18 years on 1 March when the year is not a leap year.
 */
export function adultOnOf(birthDate: string): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const year = y + AGE_OF_MAJORITY;
  const [month, day] = m === 2 && d === 29 && !isLeapYear(year) ? [3, 1] : [m, d];
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether someone who turns 18 on `adultOn` is a minor on `day`. */
export function isMinorOn(adultOn: string, day: string): boolean {
  return day < adultOn;
}

/** A guardian's consent as given: every field optional here, checked by {@link requireGuardianConsent}. */
export interface GuardianConsentInput {
  guardianName: string | null;
  guardianRelation: string | null;
  guardianConsentOn: string | null;
}

/**
 * 志愿服务条例 第十五条: a volunteer under 18 on the day of registration registers with a
 * guardian's consent, recorded with the guardian's name, relation and the day, on or before
 * registration. An adult registers alone: guardian fields given for an adult are refused rather
 * than stored, since they would be personal data without a purpose (PIPL art. 6).
 *
 * @throws {SansheError} GUARDIAN_CONSENT_REQUIRED (a minor without a complete consent, or one
 *   given after registration), VALIDATION_FAILED (guardian fields for an adult)
 */
export function requireGuardianConsent(
  consent: GuardianConsentInput,
  registration: { registeredOn: string; adultOn: string },
): GuardianConsentInput {
  const given = (['guardianName', 'guardianRelation', 'guardianConsentOn'] as const).filter(
    (field) => consent[field] !== null,
  );
  if (!isMinorOn(registration.adultOn, registration.registeredOn)) {
    if (given.length > 0) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `The volunteer is 18 or older on ${registration.registeredOn}: no guardian's consent is recorded for an adult.`,
        { path: ['input', given[0]!] },
      );
    }
    return { guardianName: null, guardianRelation: null, guardianConsentOn: null };
  }
  const missing = (['guardianName', 'guardianRelation', 'guardianConsentOn'] as const).find(
    (field) => consent[field] === null,
  );
  if (missing) {
    throw new SansheError(
      'GUARDIAN_CONSENT_REQUIRED',
      `The volunteer is under 18 on ${registration.registeredOn} (adult on ${registration.adultOn}): record the guardian's name, relation and the day of consent.`,
      { path: ['input', missing], details: { adultOn: registration.adultOn } },
    );
  }
  if (consent.guardianConsentOn! > registration.registeredOn) {
    throw new SansheError(
      'GUARDIAN_CONSENT_REQUIRED',
      `The guardian consented on ${consent.guardianConsentOn}, after the registration (${registration.registeredOn}): consent comes first.`,
      { path: ['input', 'guardianConsentOn'], details: { adultOn: registration.adultOn } },
    );
  }
  return consent;
}

/** A list of skill codes: each of `volunteerSkills`, each once, in the order given. */
export function parseSkills(value: unknown, path: FieldPath): VolunteerSkill[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new SansheError('VALIDATION_FAILED', 'Skills are a list of skill codes.', { path });
  }
  const skills = value.map((skill, index) => parseCode(volunteerSkills, skill, [...path, index], 'A skill'));
  const twice = skills.findIndex((skill, index) => skills.indexOf(skill) !== index);
  if (twice >= 0) {
    throw new SansheError('DUPLICATE_RECORD', `Skill ${skills[twice]} is listed twice.`, {
      path: [...path, twice],
    });
  }
  return skills;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant written in ISO 8601 with its offset (`2025-05-30T09:00:00+08:00`, or `Z`), which a
 * service's start and end are: without an offset the same text names different moments in
 * different places. Answers the instant as UTC (`toISOString`).
 *
 * @throws {SansheError} INVALID_DATE
 */
export function parseInstant(value: unknown, path: FieldPath): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = INSTANT.exec(text);
  const time = match ? Date.parse(text) : Number.NaN;
  const [, year, month, day, hour, minute, second] = match ?? [];
  // Date.parse rolls 31 April over to 1 May: a date that does not exist is refused, not moved.
  const exists =
    match !== null &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second ?? 0) < 60 &&
    new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDate() === Number(day) &&
    Number(month) >= 1 &&
    Number(month) <= 12;
  if (!exists || Number.isNaN(time) || Number(year) < 1900 || Number(year) > 2999) {
    throw new SansheError(
      'INVALID_DATE',
      'An instant is written in ISO 8601 with its offset, e.g. 2025-05-30T09:00:00+08:00.',
      { path },
    );
  }
  return new Date(time).toISOString();
}

/**
 * An instant as PostgreSQL answers a `timestamptz` ("2025-05-30 01:00:00+00", the offset in
 * hours, or hours and minutes), as ISO 8601 in UTC.
 */
export function storedInstant(value: string): string {
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(Date.parse(iso)).toISOString();
}

/** The day in China (UTC+8, the calendar records are kept in) of an instant. */
export function chinaDayOf(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The minutes a service record counts (民政部令第67号 第九条: time actually served, travel
 * excluded): given, a whole number more than 0 and at most the span from start to end; absent,
 * the whole span (in whole minutes). The span is more than 0 and at most
 * {@link MAX_SERVICE_SPAN_MINUTES}.
 *
 * @throws {SansheError} INVALID_DATE_RANGE (end not after start), VALIDATION_FAILED (span too
 *   long, or shorter than a minute), INVALID_NUMBER (minutes)
 */
export function servedMinutes(
  span: { startedAt: string; endedAt: string },
  minutes: number | null | undefined,
): number {
  const spanMinutes = Math.floor((Date.parse(span.endedAt) - Date.parse(span.startedAt)) / 60_000);
  if (Date.parse(span.endedAt) <= Date.parse(span.startedAt)) {
    throw new SansheError(
      'INVALID_DATE_RANGE',
      `The service ends (${span.endedAt}) at or before it starts (${span.startedAt}).`,
      { path: ['input', 'endedAt'] },
    );
  }
  if (spanMinutes > MAX_SERVICE_SPAN_MINUTES) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `A service record covers at most ${MAX_SERVICE_SPAN_MINUTES / 60} hours; record a longer service day by day.`,
      { path: ['input', 'endedAt'], details: { spanMinutes } },
    );
  }
  if (minutes === undefined || minutes === null) {
    if (spanMinutes < 1) {
      throw new SansheError('VALIDATION_FAILED', 'A service lasts at least one minute.', {
        path: ['input', 'endedAt'],
      });
    }
    return spanMinutes;
  }
  if (!Number.isSafeInteger(minutes) || minutes < 1 || minutes > spanMinutes) {
    throw new SansheError(
      'INVALID_NUMBER',
      `Minutes served are a whole number from 1 to the span of the service (${spanMinutes}); travel is not counted.`,
      { path: ['input', 'minutes'], details: { spanMinutes } },
    );
  }
  return minutes;
}
