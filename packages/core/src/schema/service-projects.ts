import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { communities } from './hierarchy.js';
import { needs } from './needs.js';

/**
 * A service project (服务项目, docs/domain.md §6.2), designed from needs by a community, a
 * subdistrict or the district: its goals, schedule, budget (lines in integer fen), output and
 * outcome indicators, the professional methods it uses, the needs it answers and the communities
 * it serves. Who undertakes it is decided by its purchase (purchases.ts).
 */
export const serviceProjects = pgTable(
  'service_projects',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    name: varchar('name', { length: 200 }).notNull(),
    /** The unit that designs and answers for the project: the district, a subdistrict or a community code. */
    unitCode: varchar('unit_code', { length: 12 }).notNull(),
    /** A service domain (organizations/code-lists.ts `serviceDomains`). */
    serviceDomain: varchar('service_domain', { length: 32 }).notNull(),
    goals: varchar('goals', { length: 2000 }).notNull(),
    /** casework 个案 | group_work 小组 | community_work 社区工作: at least one. */
    methods: varchar('methods', { length: 16 }).array().notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    /** The last day of service. */
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** The approved budget, the sum of its lines (checked by the service that approves it). */
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    /** draft | approved | closed | cancelled */
    status: varchar('status', { length: 16 }).notNull().default('draft'),
    approvedOn: date('approved_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('service_projects_unit_idx').on(t.districtCode, t.unitCode, t.startsOn),
    index('service_projects_name_idx').on(t.districtCode, t.name),
    check(
      'service_projects_unit_in_district',
      sql`char_length(${t.unitCode}) in (6, 9, 12) and left(${t.unitCode}, 6) = ${t.districtCode}`,
    ),
    check(
      'service_projects_methods',
      sql`cardinality(${t.methods}) >= 1 and ${t.methods} <@ array['casework', 'group_work', 'community_work']::varchar[]`,
    ),
    check('service_projects_schedule', sql`${t.endsOn} >= ${t.startsOn}`),
    check('service_projects_budget', sql`${t.budgetFen} >= 0`),
    check(
      'service_projects_status',
      sql`(${t.status} = 'draft' and ${t.approvedOn} is null and ${t.closedOn} is null)
        or (${t.status} = 'approved' and ${t.approvedOn} is not null and ${t.closedOn} is null)
        or (${t.status} = 'closed' and ${t.approvedOn} is not null and ${t.closedOn} >= ${t.approvedOn})
        or (${t.status} = 'cancelled' and ${t.closedOn} is not null and ${t.closedOn} >= coalesce(${t.approvedOn}, ${t.closedOn}))`,
    ),
  ],
);

/** The needs a project answers: a need is traceable to its projects and back. */
export const projectNeeds = pgTable(
  'project_needs',
  {
    districtCode: districtCodeColumn(),
    projectId: idReference('project_id').notNull(),
    needId: idReference('need_id').notNull(),
    linkedOn: date('linked_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.projectId, t.needId] }),
    foreignKey({
      name: 'project_needs_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    foreignKey({
      name: 'project_needs_need_fk',
      columns: [t.districtCode, t.needId],
      foreignColumns: [needs.districtCode, needs.id],
    }),
    index('project_needs_need_idx').on(t.districtCode, t.needId, t.projectId),
  ],
);

/** The communities a project serves. */
export const projectCommunities = pgTable(
  'project_communities',
  {
    districtCode: districtCodeColumn(),
    projectId: idReference('project_id').notNull(),
    communityId: idReference('community_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.projectId, t.communityId] }),
    foreignKey({
      name: 'project_communities_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    foreignKey({
      name: 'project_communities_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('project_communities_community_idx').on(t.districtCode, t.communityId, t.projectId),
  ],
);

/** One line of a project's budget, in integer fen. */
export const projectBudgetLines = pgTable(
  'project_budget_lines',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    projectId: idReference('project_id').notNull(),
    lineNumber: smallint('line_number').notNull(),
    /** personnel | activities | materials | venue | management | evaluation | other */
    category: varchar('category', { length: 16 }).notNull(),
    description: varchar('description', { length: 200 }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('project_budget_lines_number_unique').on(t.districtCode, t.projectId, t.lineNumber),
    foreignKey({
      name: 'project_budget_lines_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    check('project_budget_lines_line_number', sql`${t.lineNumber} >= 1`),
    check(
      'project_budget_lines_category',
      sql`${t.category} in ('personnel', 'activities', 'materials', 'venue', 'management', 'evaluation', 'other')`,
    ),
    check('project_budget_lines_amount', sql`${t.amountFen} >= 0`),
  ],
);

/**
 * An output indicator (产出: sessions held, people served) or an outcome indicator (效果: a
 * change observed) with its unit and target; the value achieved is recorded at evaluation.
 */
export const projectIndicators = pgTable(
  'project_indicators',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    projectId: idReference('project_id').notNull(),
    /** output | outcome */
    kind: varchar('kind', { length: 8 }).notNull(),
    description: varchar('description', { length: 200 }).notNull(),
    /** What is counted: 场次, 人次, %, … */
    unit: varchar('unit', { length: 16 }).notNull(),
    target: numeric('target', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    achieved: numeric('achieved', { precision: 14, scale: 2, mode: 'number' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'project_indicators_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    index('project_indicators_project_idx').on(t.districtCode, t.projectId),
    check('project_indicators_kind', sql`${t.kind} in ('output', 'outcome')`),
    check(
      'project_indicators_values',
      sql`${t.target} >= 0 and (${t.achieved} is null or ${t.achieved} >= 0)`,
    ),
  ],
);

export type ServiceProject = typeof serviceProjects.$inferSelect;
export type ProjectNeed = typeof projectNeeds.$inferSelect;
export type ProjectCommunity = typeof projectCommunities.$inferSelect;
export type ProjectBudgetLine = typeof projectBudgetLines.$inferSelect;
export type ProjectIndicator = typeof projectIndicators.$inferSelect;
