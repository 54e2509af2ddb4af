import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { certificateRegistrations, socialWorkCertificates } from '../schema/social-workers.js';
import { levelRank, type SocialWorkerLevel, socialWorkerLevels } from './code-lists.js';

/** What {@link isCertifiedOn} needs of a worker: their certificates and registrations. */
export interface CertificationHistory {
  certificates: readonly {
    level: SocialWorkerLevel | string;
    registrations: readonly { validFrom: string; validUntil: string }[];
  }[];
}

/**
 * docs/domain.md §4: a worker counts as certified on a day when one of their certificates has a
 * registration covering it (valid from its first to its last day, both included). An expired
 * registration (not renewed in time) means the worker does not count.
 *
 * This counts **registered** certificates (登记有效) only. Practice reports count certificate
 * holders (持证): see {@link holdsCertificateOn}. The two are separate facts and separate
 * indicators (indicators/definitions.ts).
 */
export function isCertifiedOn(worker: CertificationHistory, on: string): boolean {
  return certifiedLevelOn(worker, on) !== null;
}

/** The highest level the worker is certified at on a day, or null. */
export function certifiedLevelOn(worker: CertificationHistory, on: string): SocialWorkerLevel | null {
  let best: SocialWorkerLevel | null = null;
  for (const certificate of worker.certificates) {
    const level = certificate.level as SocialWorkerLevel;
    const covered = certificate.registrations.some((r) => r.validFrom <= on && on <= r.validUntil);
    if (covered && (best === null || levelRank(level) > levelRank(best))) best = level;
  }
  return best;
}

/** What {@link holdsCertificateOn} needs of a worker: the day each certificate was passed. */
export interface CertificateHoldings {
  certificates: readonly { passedOn: string }[];
}

/**
 * docs/domain.md §4, "practice reports count certificate holders (持证)": a worker holds a certificate
 * on a day when they passed the examination (or review) of any level on or before it, whether or
 * not the certificate is registered that day. A professional-level certificate
 * (社会工作者职业水平证书) does not expire; only its registration does.
 */
export function holdsCertificateOn(worker: CertificateHoldings, on: string): boolean {
  return worker.certificates.some((certificate) => certificate.passedOn <= on);
}

/**
 * {@link holdsCertificateOn} in SQL: true when the worker whose `(district_code, id)` are the
 * given columns holds a certificate of any level passed on or before the day.
 */
export function certificateHolderOnCondition(
  worker: { districtCode: AnyPgColumn; id: AnyPgColumn },
  on: string,
): SQL {
  return sql`exists (
    select 1 from ${socialWorkCertificates}
    where ${socialWorkCertificates.districtCode} = ${worker.districtCode}
      and ${socialWorkCertificates.workerId} = ${worker.id}
      and ${socialWorkCertificates.passedOn} <= ${on}::date
  )`;
}

/**
 * The same rule in SQL, for indicators and filters: true when the worker whose
 * `(district_code, id)` are the given columns is certified on the day.
 */
export function certifiedOnCondition(
  worker: { districtCode: AnyPgColumn; id: AnyPgColumn },
  on: string,
): SQL {
  return sql`exists (
    select 1 from ${socialWorkCertificates}
    join ${certificateRegistrations}
      on ${certificateRegistrations.districtCode} = ${socialWorkCertificates.districtCode}
     and ${certificateRegistrations.certificateId} = ${socialWorkCertificates.id}
    where ${socialWorkCertificates.districtCode} = ${worker.districtCode}
      and ${socialWorkCertificates.workerId} = ${worker.id}
      and ${certificateRegistrations.validFrom} <= ${on}::date
      and ${certificateRegistrations.validUntil} >= ${on}::date
  )`;
}

/**
 * {@link certifiedLevelOn} in SQL: the highest level of the worker whose `(district_code, id)` are
 * the given columns among its certificates with a registration covering the day, or null.
 */
export function certifiedLevelOnSQL(worker: { districtCode: AnyPgColumn; id: AnyPgColumn }, on: string): SQL {
  // levelRank in SQL: the position in socialWorkerLevels, -1 for a level it does not hold.
  const rank = sql.join(
    Object.keys(socialWorkerLevels).map((level, index) => sql`when ${level} then ${sql.raw(String(index))}`),
    sql` `,
  );
  return sql`(
    select ${socialWorkCertificates.level} from ${socialWorkCertificates}
    where ${socialWorkCertificates.districtCode} = ${worker.districtCode}
      and ${socialWorkCertificates.workerId} = ${worker.id}
      and exists (
        select 1 from ${certificateRegistrations}
        where ${certificateRegistrations.districtCode} = ${socialWorkCertificates.districtCode}
          and ${certificateRegistrations.certificateId} = ${socialWorkCertificates.id}
          and ${certificateRegistrations.validFrom} <= ${on}::date
          and ${certificateRegistrations.validUntil} >= ${on}::date
      )
    order by case ${socialWorkCertificates.level} ${rank} else -1 end desc
    limit 1
  )`;
}
