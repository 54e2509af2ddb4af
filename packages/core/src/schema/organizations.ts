import { sql } from 'drizzle-orm';
import {
  char,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, nameColumn, recordColumns } from './columns.js';
import { communities } from './hierarchy.js';

/**
 * 社会组织 (docs/domain.md §3). A registered organization (登记) is a legal person with a USCC and a
 * legal form; a filed community group (备案) has neither and is guided by a subdistrict or a
 * community. `communityId` is the community the organization is rooted in (社区社会组织), null
 * for organizations working across the district.
 */
export const socialOrganizations = pgTable(
  'social_organizations',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    name: nameColumn(),
    /** registered | filed */
    legalStatus: varchar('legal_status', { length: 16 }).notNull(),
    /** social_association | social_service_agency | foundation; null for a filed group. */
    legalForm: varchar('legal_form', { length: 32 }),
    uscc: char('uscc', { length: 18 }),
    /** Set only when a legacy USCC with a bad check character was accepted; audited. */
    usccOverrideReason: varchar('uscc_override_reason', { length: 500 }),
    category: varchar('category', { length: 32 }).notNull(),
    serviceDomains: varchar('service_domains', { length: 32 }).array().notNull().default(sql`'{}'`),
    communityId: idReference('community_id'),
    /** A filed group's guiding unit: a subdistrict (9 digits) or community (12 digits) code. */
    guidingUnitCode: varchar('guiding_unit_code', { length: 12 }),
    /** The day of registration (登记) or filing (备案). */
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    /** active | deregistered */
    status: varchar('status', { length: 16 }).notNull().default('active'),
    deregisteredOn: date('deregistered_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('social_organizations_uscc_unique').on(t.districtCode, t.uscc),
    foreignKey({
      name: 'social_organizations_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('social_organizations_name_idx').on(t.districtCode, t.name),
    index('social_organizations_community_idx').on(t.districtCode, t.communityId),
    check(
      'social_organizations_legal_status',
      sql`(${t.legalStatus} = 'registered' and ${t.uscc} is not null and ${t.legalForm} is not null)
        or (${t.legalStatus} = 'filed' and ${t.uscc} is null and ${t.legalForm} is null and ${t.guidingUnitCode} is not null)`,
    ),
    check(
      'social_organizations_status',
      sql`(${t.status} = 'active' and ${t.deregisteredOn} is null)
        or (${t.status} = 'deregistered' and ${t.deregisteredOn} >= ${t.registeredOn})`,
    ),
  ],
);

/** The communities an organization serves (its base community among them). */
export const organizationCommunities = pgTable(
  'organization_communities',
  {
    districtCode: districtCodeColumn(),
    organizationId: idReference('organization_id').notNull(),
    communityId: idReference('community_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.organizationId, t.communityId] }),
    foreignKey({
      name: 'organization_communities_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    foreignKey({
      name: 'organization_communities_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('organization_communities_community_idx').on(t.districtCode, t.communityId, t.organizationId),
  ],
);

/** Status history: registered, filed, changed, deregistered, penalized, with their dates. */
export const organizationStatusChanges = pgTable(
  'organization_status_changes',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    organizationId: idReference('organization_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    summary: varchar('summary', { length: 500 }).notNull(),
    /** For `changed`: the fields changed, `{field: {from, to}}`. */
    changes: jsonb('changes'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'organization_status_changes_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('organization_status_changes_organization_idx').on(t.districtCode, t.organizationId, t.occurredOn),
  ],
);

/**
 * Credit information (社会组织信用信息管理办法): basic, annual-report, inspection, penalty and
 * other information (awards, purchased services undertaken, evaluation grades).
 */
export const organizationCreditRecords = pgTable(
  'organization_credit_records',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    organizationId: idReference('organization_id').notNull(),
    /** basic | annual_report | inspection | penalty | other */
    category: varchar('category', { length: 16 }).notNull(),
    /** A finer code within the category, e.g. `annual_report_passed`, `penalty_fine`, `award`. */
    kind: varchar('kind', { length: 32 }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    summary: varchar('summary', { length: 500 }).notNull(),
    /** The document the record comes from (decision number, report reference). */
    source: varchar('source', { length: 200 }).notNull(),
    /** Withdrawn after an upheld objection: kept for history, no longer counted. */
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'organization_credit_records_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('organization_credit_records_organization_idx').on(t.districtCode, t.organizationId, t.occurredOn),
  ],
);

/**
 * Entries on the abnormal-activity list (活动异常名录) and the serious dishonesty list
 * (严重违法失信名单). An entry is closed (never deleted) when the organization is removed.
 */
export const organizationListEntries = pgTable(
  'organization_list_entries',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    organizationId: idReference('organization_id').notNull(),
    /** abnormal_activity | serious_dishonesty */
    list: varchar('list', { length: 24 }).notNull(),
    reason: varchar('reason', { length: 40 }).notNull(),
    reasonDetail: varchar('reason_detail', { length: 500 }),
    listedOn: date('listed_on', { mode: 'string' }).notNull(),
    removedOn: date('removed_on', { mode: 'string' }),
    /** rectified | objection_upheld | credit_repair | moved_to_dishonesty | term_served */
    removalReason: varchar('removal_reason', { length: 24 }),
    /** For an entry on the dishonesty list moved from the abnormal list: that entry. */
    escalatedFromId: idReference('escalated_from_id'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'organization_list_entries_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    foreignKey({
      name: 'organization_list_entries_escalated_from_fk',
      columns: [t.districtCode, t.escalatedFromId],
      foreignColumns: [t.districtCode, t.id],
    }),
    // At most one open entry per organization and list.
    uniqueIndex('organization_list_entries_open_unique')
      .on(t.districtCode, t.organizationId, t.list)
      .where(sql`${t.removedOn} is null`),
    index('organization_list_entries_open_idx').on(t.districtCode, t.list, t.listedOn),
    check(
      'organization_list_entries_removal',
      sql`(${t.removedOn} is null and ${t.removalReason} is null)
        or (${t.removedOn} >= ${t.listedOn} and ${t.removalReason} is not null)`,
    ),
  ],
);

/** Objections (异议) to credit information and credit repair (信用修复) applications. */
export const organizationCreditProcedures = pgTable(
  'organization_credit_procedures',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    organizationId: idReference('organization_id').notNull(),
    /** objection | credit_repair */
    kind: varchar('kind', { length: 16 }).notNull(),
    listEntryId: idReference('list_entry_id'),
    creditRecordId: idReference('credit_record_id'),
    filedOn: date('filed_on', { mode: 'string' }).notNull(),
    grounds: varchar('grounds', { length: 1000 }).notNull(),
    /** pending | accepted | rejected */
    status: varchar('status', { length: 16 }).notNull().default('pending'),
    decidedOn: date('decided_on', { mode: 'string' }),
    decisionNote: varchar('decision_note', { length: 1000 }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'organization_credit_procedures_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    foreignKey({
      name: 'organization_credit_procedures_list_entry_fk',
      columns: [t.districtCode, t.listEntryId],
      foreignColumns: [organizationListEntries.districtCode, organizationListEntries.id],
    }),
    foreignKey({
      name: 'organization_credit_procedures_credit_record_fk',
      columns: [t.districtCode, t.creditRecordId],
      foreignColumns: [organizationCreditRecords.districtCode, organizationCreditRecords.id],
    }),
    index('organization_credit_procedures_organization_idx').on(t.districtCode, t.organizationId),
    check(
      'organization_credit_procedures_target',
      sql`(${t.listEntryId} is null) <> (${t.creditRecordId} is null)`,
    ),
    check(
      'organization_credit_procedures_decision',
      sql`(${t.status} = 'pending' and ${t.decidedOn} is null)
        or (${t.status} in ('accepted', 'rejected') and ${t.decidedOn} >= ${t.filedOn})`,
    ),
  ],
);

/** Evaluation grades (社会组织评估等级) 1A–5A, valid five years from the award. */
export const organizationGrades = pgTable(
  'organization_grades',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    organizationId: idReference('organization_id').notNull(),
    /** 1 to 5, for 1A to 5A. */
    grade: smallint('grade').notNull(),
    score: integer('score').notNull(),
    awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
    /** The last day the grade is valid. */
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    /** The policy document the cut-offs came from, so the grade can be re-derived. */
    cutoffsSource: varchar('cutoffs_source', { length: 200 }).notNull(),
    revokedOn: date('revoked_on', { mode: 'string' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'organization_grades_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('organization_grades_organization_idx').on(t.districtCode, t.organizationId, t.awardedOn),
    check('organization_grades_grade', sql`${t.grade} between 1 and 5`),
    check('organization_grades_validity', sql`${t.validUntil} > ${t.awardedOn}`),
  ],
);

/** A hub organization (枢纽型) incubating or leading a member; the relation is acyclic. */
export const organizationHubMemberships = pgTable(
  'organization_hub_memberships',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    hubId: idReference('hub_id').notNull(),
    memberId: idReference('member_id').notNull(),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'organization_hub_memberships_hub_fk',
      columns: [t.districtCode, t.hubId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    foreignKey({
      name: 'organization_hub_memberships_member_fk',
      columns: [t.districtCode, t.memberId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    uniqueIndex('organization_hub_memberships_open_unique')
      .on(t.districtCode, t.hubId, t.memberId)
      .where(sql`${t.leftOn} is null`),
    index('organization_hub_memberships_member_idx').on(t.districtCode, t.memberId),
    check('organization_hub_memberships_not_self', sql`${t.hubId} <> ${t.memberId}`),
    check('organization_hub_memberships_dates', sql`${t.leftOn} is null or ${t.leftOn} >= ${t.joinedOn}`),
  ],
);

/** What an organization publishes (四公开): projects, funding sources, procedures, party building. */
export const organizationDisclosures = pgTable(
  'organization_disclosures',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    organizationId: idReference('organization_id').notNull(),
    /** service_projects | funding_sources | service_procedures | party_building */
    kind: varchar('kind', { length: 24 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    content: text('content').notNull(),
    publishedOn: date('published_on', { mode: 'string' }).notNull(),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'organization_disclosures_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('organization_disclosures_organization_idx').on(t.districtCode, t.organizationId, t.publishedOn),
    check('organization_disclosures_content', sql`char_length(${t.content}) between 1 and 5000`),
  ],
);

export type SocialOrganization = typeof socialOrganizations.$inferSelect;
export type OrganizationStatusChange = typeof organizationStatusChanges.$inferSelect;
export type OrganizationCreditRecord = typeof organizationCreditRecords.$inferSelect;
export type OrganizationListEntry = typeof organizationListEntries.$inferSelect;
export type OrganizationCreditProcedure = typeof organizationCreditProcedures.$inferSelect;
export type OrganizationGrade = typeof organizationGrades.$inferSelect;
export type OrganizationHubMembership = typeof organizationHubMemberships.$inferSelect;
export type OrganizationDisclosure = typeof organizationDisclosures.$inferSelect;
