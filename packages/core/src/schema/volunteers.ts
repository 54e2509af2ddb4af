import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, nameColumn, recordColumns } from './columns.js';
import { deliveryActivities } from './delivery.js';
import { communities, grids } from './hierarchy.js';
import { socialOrganizations } from './organizations.js';
import { serviceProjects } from './service-projects.js';

/**
 * 志愿者 (docs/domain.md §5): people who serve unpaid, registered under their real name in a home
 * community. Identifiers are sealed as a social worker's are (schema/social-workers.ts); the clear
 * value is never stored. A volunteer under 18 on the day of registration needs a guardian's
 * consent recorded (志愿服务条例 第十五条): `adult_on` is the 18th birthday, read from the ID number
 * when it was given, so later checks need not unseal it.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    name: nameColumn(),
    residentIdEncrypted: text('resident_id_encrypted').notNull(),
    residentIdHash: varchar('resident_id_hash', { length: 64 }).notNull(),
    residentIdMasked: varchar('resident_id_masked', { length: 18 }).notNull(),
    mobilePhoneEncrypted: text('mobile_phone_encrypted'),
    mobilePhoneHash: varchar('mobile_phone_hash', { length: 64 }),
    mobilePhoneMasked: varchar('mobile_phone_masked', { length: 11 }),
    /** The 18th birthday, read from the ID number at registration. */
    adultOn: date('adult_on', { mode: 'string' }).notNull(),
    homeCommunityId: idReference('home_community_id').notNull(),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    /** 实名注册: the day the name was checked against the identity document. */
    realNameVerifiedOn: date('real_name_verified_on', { mode: 'string' }),
    /** For a minor: the guardian who consented, their relation, and the day. */
    guardianName: varchar('guardian_name', { length: 100 }),
    guardianRelation: varchar('guardian_relation', { length: 16 }),
    guardianConsentOn: date('guardian_consent_on', { mode: 'string' }),
    /** Codes of `volunteerSkills` (volunteers/code-lists.ts). */
    skills: varchar('skills', { length: 32 }).array().notNull().default(sql`'{}'::varchar[]`),
    /** The day the volunteer left (注销); the record is kept. */
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('volunteers_resident_id_unique').on(t.districtCode, t.residentIdHash),
    foreignKey({
      name: 'volunteers_home_community_fk',
      columns: [t.districtCode, t.homeCommunityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('volunteers_home_community_idx').on(t.districtCode, t.homeCommunityId),
    index('volunteers_name_idx').on(t.districtCode, t.name),
    check(
      'volunteers_mobile_phone_complete',
      sql`(${t.mobilePhoneEncrypted} is null) = (${t.mobilePhoneHash} is null) and (${t.mobilePhoneHash} is null) = (${t.mobilePhoneMasked} is null)`,
    ),
    check(
      'volunteers_guardian_consent',
      sql`(${t.guardianName} is null) = (${t.guardianConsentOn} is null) and (${t.guardianName} is null) = (${t.guardianRelation} is null)
        and (${t.registeredOn} >= ${t.adultOn} or ${t.guardianConsentOn} <= ${t.registeredOn})`,
    ),
    check('volunteers_withdrawn', sql`${t.withdrawnOn} is null or ${t.withdrawnOn} >= ${t.registeredOn}`),
  ],
);

/** A volunteer team (志愿服务队), led from a community or an organization. */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    name: nameColumn(),
    communityId: idReference('community_id'),
    organizationId: idReference('organization_id'),
    foundedOn: date('founded_on', { mode: 'string' }).notNull(),
    disbandedOn: date('disbanded_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('volunteer_teams_name_unique').on(t.districtCode, t.name),
    foreignKey({
      name: 'volunteer_teams_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'volunteer_teams_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('volunteer_teams_community_idx').on(t.districtCode, t.communityId),
    index('volunteer_teams_organization_idx').on(t.districtCode, t.organizationId),
    check('volunteer_teams_one_owner', sql`(${t.communityId} is null) <> (${t.organizationId} is null)`),
    check('volunteer_teams_lifespan', sql`${t.disbandedOn} is null or ${t.disbandedOn} >= ${t.foundedOn}`),
  ],
);

/** A volunteer in a team, as a member or its leader, from one day to another. */
export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    teamId: idReference('team_id').notNull(),
    volunteerId: idReference('volunteer_id').notNull(),
    /** member | leader */
    role: varchar('role', { length: 16 }).notNull(),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'volunteer_team_members_team_fk',
      columns: [t.districtCode, t.teamId],
      foreignColumns: [volunteerTeams.districtCode, volunteerTeams.id],
    }),
    foreignKey({
      name: 'volunteer_team_members_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    // One open membership per volunteer and team.
    uniqueIndex('volunteer_team_members_open_unique')
      .on(t.districtCode, t.teamId, t.volunteerId)
      .where(sql`${t.leftOn} is null`),
    index('volunteer_team_members_volunteer_idx').on(t.districtCode, t.volunteerId),
    check('volunteer_team_members_role', sql`${t.role} in ('member', 'leader')`),
    check('volunteer_team_members_lifespan', sql`${t.leftOn} is null or ${t.leftOn} >= ${t.joinedOn}`),
  ],
);

/**
 * What a volunteer serves with, beyond a team: a grid as its informant (网格信息员), a project as
 * its volunteer, a community or an organization at large. Team leadership is a team membership.
 */
export const volunteerEngagements = pgTable(
  'volunteer_engagements',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    volunteerId: idReference('volunteer_id').notNull(),
    /** grid_informant | project_volunteer | community_volunteer | organization_volunteer */
    role: varchar('role', { length: 24 }).notNull(),
    gridId: idReference('grid_id'),
    projectId: idReference('project_id'),
    communityId: idReference('community_id'),
    organizationId: idReference('organization_id'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'volunteer_engagements_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    foreignKey({
      name: 'volunteer_engagements_grid_fk',
      columns: [t.districtCode, t.gridId],
      foreignColumns: [grids.districtCode, grids.id],
    }),
    foreignKey({
      name: 'volunteer_engagements_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    foreignKey({
      name: 'volunteer_engagements_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'volunteer_engagements_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('volunteer_engagements_volunteer_idx').on(t.districtCode, t.volunteerId),
    index('volunteer_engagements_project_idx').on(t.districtCode, t.projectId),
    index('volunteer_engagements_organization_idx').on(t.districtCode, t.organizationId),
    check(
      'volunteer_engagements_target',
      sql`(${t.role} = 'grid_informant' and ${t.gridId} is not null and ${t.projectId} is null and ${t.communityId} is null and ${t.organizationId} is null)
        or (${t.role} = 'project_volunteer' and ${t.projectId} is not null and ${t.gridId} is null and ${t.communityId} is null and ${t.organizationId} is null)
        or (${t.role} = 'community_volunteer' and ${t.communityId} is not null and ${t.gridId} is null and ${t.projectId} is null and ${t.organizationId} is null)
        or (${t.role} = 'organization_volunteer' and ${t.organizationId} is not null and ${t.gridId} is null and ${t.projectId} is null and ${t.communityId} is null)`,
    ),
    check('volunteer_engagements_lifespan', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

/**
 * A service record (志愿服务记录办法, 民政部令第67号): what was done, where, when, and the time
 * actually served in minutes (travel excluded), certified by whoever recorded it — a team
 * (its leader), an organization or a community (谁组织谁记录、谁记录谁证明).
 *
 * Never edited or deleted (a trigger refuses it): a correction is a new record naming the one it
 * corrects, with a reason (`void` when the service did not happen); a record is corrected at most
 * once, so the records in force are those no correction names and that are not voids. A record
 * imported from another district or system keeps its origin (`origin_ref`), unique per volunteer,
 * so importing it twice adds nothing.
 */
export const volunteerServices = pgTable(
  'volunteer_services',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    volunteerId: idReference('volunteer_id').notNull(),
    content: varchar('content', { length: 500 }).notNull(),
    place: varchar('place', { length: 200 }).notNull(),
    /** The community where it took place; null for an imported service served elsewhere. */
    communityId: idReference('community_id'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** Time actually served, in minutes, at most the span from start to end. */
    minutes: integer('minutes').notNull(),
    projectId: idReference('project_id'),
    activityId: idReference('activity_id'),
    gridId: idReference('grid_id'),
    /** team | organization | community | imported */
    certifierKind: varchar('certifier_kind', { length: 16 }).notNull(),
    certifierTeamId: idReference('certifier_team_id'),
    certifierOrganizationId: idReference('certifier_organization_id'),
    certifierCommunityId: idReference('certifier_community_id'),
    /** The certifying unit's name as it stood (for an imported record: the issuer elsewhere). */
    certifierName: varchar('certifier_name', { length: 200 }).notNull(),
    /** The record this one corrects, and why. */
    correctsServiceId: idReference('corrects_service_id'),
    correctionReason: varchar('correction_reason', { length: 500 }),
    /** A correction saying the service did not take place: it counts nothing. */
    isVoid: boolean('is_void').notNull().default(false),
    /** `<system>:<district>:<id>` of the record this was imported from. */
    originRef: varchar('origin_ref', { length: 120 }),
    /** Who recorded and so certified it (the actor's id), as in the audit log. */
    recordedBy: varchar('recorded_by', { length: 100 }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('volunteer_services_corrected_once_unique').on(t.districtCode, t.correctsServiceId),
    uniqueIndex('volunteer_services_origin_unique')
      .on(t.districtCode, t.volunteerId, t.originRef)
      .where(sql`${t.originRef} is not null`),
    foreignKey({
      name: 'volunteer_services_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    foreignKey({
      name: 'volunteer_services_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'volunteer_services_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    foreignKey({
      name: 'volunteer_services_activity_fk',
      columns: [t.districtCode, t.activityId],
      foreignColumns: [deliveryActivities.districtCode, deliveryActivities.id],
    }),
    foreignKey({
      name: 'volunteer_services_grid_fk',
      columns: [t.districtCode, t.gridId],
      foreignColumns: [grids.districtCode, grids.id],
    }),
    foreignKey({
      name: 'volunteer_services_certifier_team_fk',
      columns: [t.districtCode, t.certifierTeamId],
      foreignColumns: [volunteerTeams.districtCode, volunteerTeams.id],
    }),
    foreignKey({
      name: 'volunteer_services_certifier_organization_fk',
      columns: [t.districtCode, t.certifierOrganizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    foreignKey({
      name: 'volunteer_services_certifier_community_fk',
      columns: [t.districtCode, t.certifierCommunityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'volunteer_services_corrects_fk',
      columns: [t.districtCode, t.correctsServiceId],
      foreignColumns: [t.districtCode, t.id],
    }),
    index('volunteer_services_volunteer_idx').on(t.districtCode, t.volunteerId, t.startedAt),
    index('volunteer_services_community_idx').on(t.districtCode, t.communityId, t.startedAt),
    index('volunteer_services_project_idx').on(t.districtCode, t.projectId),
    index('volunteer_services_team_idx').on(t.districtCode, t.certifierTeamId),
    check('volunteer_services_span', sql`${t.endedAt} > ${t.startedAt}`),
    check(
      'volunteer_services_minutes',
      sql`${t.minutes} >= 0 and ${t.minutes} * interval '1 minute' <= ${t.endedAt} - ${t.startedAt}
        and (${t.minutes} > 0 or ${t.isVoid})`,
    ),
    check(
      'volunteer_services_certifier',
      sql`(${t.certifierKind} = 'team' and ${t.certifierTeamId} is not null and ${t.certifierOrganizationId} is null and ${t.certifierCommunityId} is null)
        or (${t.certifierKind} = 'organization' and ${t.certifierOrganizationId} is not null and ${t.certifierTeamId} is null and ${t.certifierCommunityId} is null)
        or (${t.certifierKind} = 'community' and ${t.certifierCommunityId} is not null and ${t.certifierTeamId} is null and ${t.certifierOrganizationId} is null)
        or (${t.certifierKind} = 'imported' and ${t.originRef} is not null and ${t.certifierTeamId} is null and ${t.certifierOrganizationId} is null and ${t.certifierCommunityId} is null)`,
    ),
    check(
      'volunteer_services_correction',
      sql`(${t.correctsServiceId} is null) = (${t.correctionReason} is null)
        and (not ${t.isVoid} or ${t.correctsServiceId} is not null)
        and (${t.correctsServiceId} is null or ${t.correctsServiceId} <> ${t.id})`,
    ),
  ],
);

/**
 * The rest of a volunteer's record (民政部令第67号 第八条): training, commendations and evaluations,
 * each with its day, title and the unit that gave it. Append-only, as services are.
 */
export const volunteerRecordItems = pgTable(
  'volunteer_record_items',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    volunteerId: idReference('volunteer_id').notNull(),
    /** training | commendation | evaluation */
    kind: varchar('kind', { length: 16 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    issuer: varchar('issuer', { length: 200 }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    /** Training time in minutes (training only; training is not service time). */
    minutes: integer('minutes'),
    /** An evaluation's rating: excellent | good | fair | poor. */
    rating: varchar('rating', { length: 16 }),
    recordedBy: varchar('recorded_by', { length: 100 }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'volunteer_record_items_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    index('volunteer_record_items_volunteer_idx').on(t.districtCode, t.volunteerId, t.occurredOn),
    check('volunteer_record_items_kind', sql`${t.kind} in ('training', 'commendation', 'evaluation')`),
    check(
      'volunteer_record_items_fields',
      sql`(${t.minutes} is null or (${t.kind} = 'training' and ${t.minutes} between 1 and 14400))
        and ((${t.kind} = 'evaluation') = (${t.rating} is not null))
        and (${t.rating} is null or ${t.rating} in ('excellent', 'good', 'fair', 'poor'))`,
    ),
  ],
);

/**
 * A certificate of service (志愿服务记录证明) as issued: the facts printed on it, frozen in
 * `content` (canonical JSON), their SHA-256, and the verification code printed on the document,
 * which anyone checks against this district through the gateway. Never changed; a certificate is
 * revoked, not deleted.
 */
export const volunteerCertificates = pgTable(
  'volunteer_certificates',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    /** `VC-<district>-<year>-<6 digits>`. */
    number: varchar('number', { length: 32 }).notNull(),
    volunteerId: idReference('volunteer_id').notNull(),
    /** community | organization */
    issuerKind: varchar('issuer_kind', { length: 16 }).notNull(),
    issuerCommunityId: idReference('issuer_community_id'),
    issuerOrganizationId: idReference('issuer_organization_id'),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    totalMinutes: integer('total_minutes').notNull(),
    content: jsonb('content').notNull(),
    contentDigest: varchar('content_digest', { length: 64 }).notNull(),
    verificationCode: varchar('verification_code', { length: 32 }).notNull(),
    revokedOn: date('revoked_on', { mode: 'string' }),
    revocationReason: varchar('revocation_reason', { length: 500 }),
    recordedBy: varchar('recorded_by', { length: 100 }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('volunteer_certificates_number_unique').on(t.districtCode, t.number),
    foreignKey({
      name: 'volunteer_certificates_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    foreignKey({
      name: 'volunteer_certificates_issuer_community_fk',
      columns: [t.districtCode, t.issuerCommunityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'volunteer_certificates_issuer_organization_fk',
      columns: [t.districtCode, t.issuerOrganizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('volunteer_certificates_volunteer_idx').on(t.districtCode, t.volunteerId),
    check(
      'volunteer_certificates_issuer',
      sql`(${t.issuerKind} = 'community' and ${t.issuerCommunityId} is not null and ${t.issuerOrganizationId} is null)
        or (${t.issuerKind} = 'organization' and ${t.issuerOrganizationId} is not null and ${t.issuerCommunityId} is null)`,
    ),
    check('volunteer_certificates_period', sql`${t.periodTo} >= ${t.periodFrom} and ${t.totalMinutes} >= 0`),
    check(
      'volunteer_certificates_revocation',
      sql`(${t.revokedOn} is null) = (${t.revocationReason} is null)`,
    ),
  ],
);

export type Volunteer = typeof volunteers.$inferSelect;
export type VolunteerTeam = typeof volunteerTeams.$inferSelect;
export type VolunteerTeamMember = typeof volunteerTeamMembers.$inferSelect;
export type VolunteerEngagement = typeof volunteerEngagements.$inferSelect;
export type VolunteerService = typeof volunteerServices.$inferSelect;
export type VolunteerRecordItem = typeof volunteerRecordItems.$inferSelect;
export type VolunteerCertificate = typeof volunteerCertificates.$inferSelect;
