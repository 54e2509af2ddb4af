import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, nameColumn, recordColumns } from './columns.js';
import { communities } from './hierarchy.js';
import { socialOrganizations } from './organizations.js';

/**
 * 社会工作者 (docs/domain.md §4): people. The resident ID number and mobile number are identifiers
 * (personal-data/classification.ts): kept only sealed with AES-256-GCM (`*_encrypted`, which
 * names its key), a keyed hash for exact lookup and de-duplication (`*_hash`), and the masked
 * form everyone in the jurisdiction may see (`*_masked`). The clear value is never stored.
 */
export const socialWorkers = pgTable(
  'social_workers',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    name: nameColumn(),
    /** The 18-character resident identity number (GB 11643), sealed: `v1:<key id>:<payload>`. */
    residentIdEncrypted: text('resident_id_encrypted').notNull(),
    /** HMAC-SHA256 (hex) of the 18-character number under the lookup key. */
    residentIdHash: varchar('resident_id_hash', { length: 64 }).notNull(),
    /** `3205**********1234`. */
    residentIdMasked: varchar('resident_id_masked', { length: 18 }).notNull(),
    /** Mainland mobile number, sealed. */
    mobilePhoneEncrypted: text('mobile_phone_encrypted'),
    mobilePhoneHash: varchar('mobile_phone_hash', { length: 64 }),
    /** `138****5678`. */
    mobilePhoneMasked: varchar('mobile_phone_masked', { length: 11 }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    // One record per person and district: de-duplication by the keyed hash of the ID number.
    unique('social_workers_resident_id_unique').on(t.districtCode, t.residentIdHash),
    index('social_workers_name_idx').on(t.districtCode, t.name),
    check(
      'social_workers_mobile_phone_complete',
      sql`(${t.mobilePhoneEncrypted} is null) = (${t.mobilePhoneHash} is null) and (${t.mobilePhoneHash} is null) = (${t.mobilePhoneMasked} is null)`,
    ),
  ],
);

/** A professional-level certificate (职业水平证书): assistant, intermediate or senior. */
export const socialWorkCertificates = pgTable(
  'social_work_certificates',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    workerId: idReference('worker_id').notNull(),
    /** assistant | intermediate | senior */
    level: varchar('level', { length: 16 }).notNull(),
    certificateNumber: varchar('certificate_number', { length: 32 }).notNull(),
    /** The day the examination (or review, for senior) was passed. */
    passedOn: date('passed_on', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('social_work_certificates_number_unique').on(t.districtCode, t.certificateNumber),
    unique('social_work_certificates_level_unique').on(t.districtCode, t.workerId, t.level),
    foreignKey({
      name: 'social_work_certificates_worker_fk',
      columns: [t.districtCode, t.workerId],
      foreignColumns: [socialWorkers.districtCode, socialWorkers.id],
    }),
  ],
);

/**
 * Registrations of a certificate (登记): the first within a year of passing, each valid three
 * years, renewed (再登记) in the three months before expiry with enough continuing education.
 */
export const certificateRegistrations = pgTable(
  'certificate_registrations',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    certificateId: idReference('certificate_id').notNull(),
    /** first | renewal */
    kind: varchar('kind', { length: 16 }).notNull(),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** The last day the registration is valid. */
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    /** For a renewal: the hours counted and the policy that required them. */
    continuingEducationHours: numeric('continuing_education_hours', {
      precision: 6,
      scale: 1,
      mode: 'number',
    }),
    requiredHours: integer('required_hours'),
    policySource: varchar('policy_source', { length: 200 }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('certificate_registrations_period_unique').on(t.districtCode, t.certificateId, t.validFrom),
    foreignKey({
      name: 'certificate_registrations_certificate_fk',
      columns: [t.districtCode, t.certificateId],
      foreignColumns: [socialWorkCertificates.districtCode, socialWorkCertificates.id],
    }),
    index('certificate_registrations_validity_idx').on(t.districtCode, t.validUntil, t.validFrom),
    check('certificate_registrations_period', sql`${t.validUntil} > ${t.validFrom}`),
  ],
);

/** Continuing-education hours (继续教育) completed by a worker. */
export const continuingEducationRecords = pgTable(
  'continuing_education_records',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    workerId: idReference('worker_id').notNull(),
    hours: numeric('hours', { precision: 5, scale: 1, mode: 'number' }).notNull(),
    completedOn: date('completed_on', { mode: 'string' }).notNull(),
    provider: varchar('provider', { length: 100 }).notNull(),
    course: varchar('course', { length: 200 }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'continuing_education_records_worker_fk',
      columns: [t.districtCode, t.workerId],
      foreignColumns: [socialWorkers.districtCode, socialWorkers.id],
    }),
    index('continuing_education_records_worker_idx').on(t.districtCode, t.workerId, t.completedOn),
    check('continuing_education_records_hours', sql`${t.hours} > 0 and ${t.hours} <= 200`),
  ],
);

/**
 * A post (岗位) a worker holds with an organization or a community, from a day to a day
 * (both inclusive; Popolo memberships). Full-time posts of one worker never overlap.
 */
export const socialWorkerPosts = pgTable(
  'social_worker_posts',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    workerId: idReference('worker_id').notNull(),
    organizationId: idReference('organization_id'),
    communityId: idReference('community_id'),
    title: varchar('title', { length: 100 }).notNull(),
    fullTime: boolean('full_time').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    /** The last day of the post; null while it lasts. */
    endsOn: date('ends_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'social_worker_posts_worker_fk',
      columns: [t.districtCode, t.workerId],
      foreignColumns: [socialWorkers.districtCode, socialWorkers.id],
    }),
    foreignKey({
      name: 'social_worker_posts_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    foreignKey({
      name: 'social_worker_posts_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('social_worker_posts_worker_idx').on(t.districtCode, t.workerId, t.startsOn),
    index('social_worker_posts_organization_idx').on(t.districtCode, t.organizationId),
    index('social_worker_posts_community_idx').on(t.districtCode, t.communityId),
    check('social_worker_posts_employer', sql`(${t.organizationId} is null) <> (${t.communityId} is null)`),
    check('social_worker_posts_dates', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

export type SocialWorker = typeof socialWorkers.$inferSelect;
export type SocialWorkCertificate = typeof socialWorkCertificates.$inferSelect;
export type CertificateRegistration = typeof certificateRegistrations.$inferSelect;
export type ContinuingEducationRecord = typeof continuingEducationRecords.$inferSelect;
export type SocialWorkerPost = typeof socialWorkerPosts.$inferSelect;
