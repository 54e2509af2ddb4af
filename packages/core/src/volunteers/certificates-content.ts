/**
 * What a certificate of service states (志愿服务记录证明, 民政部令第67号:
 * the volunteer's identity, the hours served in the period and the services, the issuing unit
 * and the day), built from the records in force and then frozen: the content is stored as
 * issued and never recomputed, so a correction made later shows on the next certificate, not by
 * changing this one. Pure: rows in, content out.
 */

/** How the services are summed on the certificate: by calendar month or by quarter. */
export const certificateGroupings = { month: '按月', quarter: '按季度' } as const;
export type CertificateGrouping = keyof typeof certificateGroupings;

/** One service as the certificate lists it. */
export interface CertificateServiceLine {
  /** The day it began, in China Standard Time. */
  day: string;
  content: string;
  place: string;
  /** Time actually served. */
  minutes: number;
  /** The unit that recorded and so certified it (谁记录谁证明). */
  certifier: string;
}

/** The services of one month or quarter. */
export interface CertificatePeriodLine {
  /** `2026-03` or `2026-Q1`. */
  period: string;
  /** `2026年3月` or `2026年第1季度`. */
  label: string;
  services: number;
  minutes: number;
}

/** The frozen content of a certificate: what its digest and verification code cover. */
export interface VolunteerCertificateContent {
  format: 'sanshe.volunteer-certificate';
  version: 1;
  number: string;
  district: { code: string; name: string };
  /** The name as registered and the ID number masked: the paper carries no clear identifier. */
  volunteer: { name: string; residentIdMasked: string };
  /** The issuing community (by its division code) or organization (by its USCC, if it has one). */
  issuer: { kind: 'community' | 'organization'; name: string; code: string | null };
  issuedOn: string;
  period: { from: string; to: string };
  groupBy: CertificateGrouping;
  totalMinutes: number;
  serviceCount: number;
  periods: CertificatePeriodLine[];
  services: CertificateServiceLine[];
}

export interface CertificateFacts {
  number: string;
  district: { code: string; name: string };
  volunteer: { name: string; residentIdMasked: string };
  issuer: VolunteerCertificateContent['issuer'];
  issuedOn: string;
  period: { from: string; to: string };
  groupBy: CertificateGrouping;
}

/** The content of a certificate over the services in force in its period (in any order). */
export function buildCertificateContent(
  facts: CertificateFacts,
  services: readonly CertificateServiceLine[],
): VolunteerCertificateContent {
  const lines = [...services].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const periods = new Map<string, CertificatePeriodLine>();
  for (const line of lines) {
    const period = periodOf(line.day, facts.groupBy);
    const entry = periods.get(period) ?? { period, label: periodLabel(period), services: 0, minutes: 0 };
    entry.services += 1;
    entry.minutes += line.minutes;
    periods.set(period, entry);
  }
  return {
    format: 'sanshe.volunteer-certificate',
    version: 1,
    number: facts.number,
    district: facts.district,
    volunteer: facts.volunteer,
    issuer: facts.issuer,
    issuedOn: facts.issuedOn,
    period: facts.period,
    groupBy: facts.groupBy,
    totalMinutes: lines.reduce((sum, line) => sum + line.minutes, 0),
    serviceCount: lines.length,
    periods: [...periods.values()],
    services: lines.map((line) => ({ ...line })),
  };
}

/** The month (`2026-03`) or quarter (`2026-Q1`) of a day. */
export function periodOf(day: string, groupBy: CertificateGrouping): string {
  const month = Number(day.slice(5, 7));
  return groupBy === 'month' ? day.slice(0, 7) : `${day.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

function periodLabel(period: string): string {
  const year = period.slice(0, 4);
  return period[5] === 'Q' ? `${year}年第${period.slice(6)}季度` : `${year}年${Number(period.slice(5, 7))}月`;
}

/**
 * Minutes as hours to one decimal, the way the certificate prints them (`12.5`): tenths of an
 * hour rounded half up, in integers so that no binary fraction decides a digit.
 */
export function hoursText(minutes: number): string {
  const tenths = Math.round(minutes / 6);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** A name as the public verification shows it: the first character kept (张**). */
export function maskPersonName(name: string): string {
  const characters = Array.from(name);
  if (characters.length <= 1) return '*';
  return characters[0] + '*'.repeat(characters.length - 1);
}
