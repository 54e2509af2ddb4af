import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { socialOrganizations } from './organizations.js';
import { serviceProjects } from './service-projects.js';

/**
 * Where a project's money (or in-kind value) comes from (docs/domain.md §6.4): the government
 * budget, donations (慈善法), a community foundation (社区基金会), enterprise sponsorship, or
 * in-kind resources such as rooms and equipment at their stated value. Amounts are integer fen.
 * A source's name is published (四公开), so an individual donor is never named.
 */
export const fundingSources = pgTable(
  'funding_sources',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    /** government_budget | donation | community_foundation | enterprise_sponsorship | in_kind */
    kind: varchar('kind', { length: 24 }).notNull(),
    /** The funder as published: a department, a foundation, an enterprise, 个人捐赠 for a person. */
    funderName: varchar('funder_name', { length: 200 }).notNull(),
    /** The funder's USCC, when it is an organization that has one. */
    funderUscc: char('funder_uscc', { length: 18 }),
    /** The funder, when it is an organization of this district (a community foundation). */
    funderOrganizationId: idReference('funder_organization_id'),
    /** The document: the budget appropriation (预算指标文号), the donation or sponsorship agreement. */
    reference: varchar('reference', { length: 200 }).notNull(),
    /** The amount committed, in fen (for in-kind resources, their stated value). */
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    committedOn: date('committed_on', { mode: 'string' }).notNull(),
    /** For in-kind resources: what is given (a room, equipment) and how its value was set. */
    inKindDescription: varchar('in_kind_description', { length: 500 }),
    valuationBasis: varchar('valuation_basis', { length: 200 }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'funding_sources_funder_organization_fk',
      columns: [t.districtCode, t.funderOrganizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('funding_sources_kind_idx').on(t.districtCode, t.kind, t.committedOn),
    check(
      'funding_sources_kind',
      sql`${t.kind} in ('government_budget', 'donation', 'community_foundation', 'enterprise_sponsorship', 'in_kind')`,
    ),
    check('funding_sources_amount', sql`${t.amountFen} > 0`),
    check(
      'funding_sources_in_kind',
      sql`(${t.kind} = 'in_kind') = (${t.inKindDescription} is not null and ${t.valuationBasis} is not null)`,
    ),
  ],
);

/**
 * A source's money earmarked for one project (定向使用): fixed in amount, spent on that project only.
 * The earmarked money itself sits in the earmark's ledger account (ledger.ts), which never goes
 * below zero, so disbursements never exceed the earmark.
 */
export const fundingEarmarks = pgTable(
  'funding_earmarks',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    sourceId: idReference('source_id').notNull(),
    projectId: idReference('project_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    earmarkedOn: date('earmarked_on', { mode: 'string' }).notNull(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('funding_earmarks_source_project_unique').on(t.districtCode, t.sourceId, t.projectId),
    foreignKey({
      name: 'funding_earmarks_source_fk',
      columns: [t.districtCode, t.sourceId],
      foreignColumns: [fundingSources.districtCode, fundingSources.id],
    }),
    foreignKey({
      name: 'funding_earmarks_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    index('funding_earmarks_project_idx').on(t.districtCode, t.projectId),
    check('funding_earmarks_amount', sql`${t.amountFen} > 0`),
  ],
);

export type FundingSource = typeof fundingSources.$inferSelect;
export type FundingEarmark = typeof fundingEarmarks.$inferSelect;
