import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { communities, grids } from './hierarchy.js';

/**
 * The needs list (需求清单) of a community (docs/domain.md §6.1): what residents need, where it was
 * heard (a notice, a survey, an open-space meeting, a grid visit, a micro-wish 微心愿), its
 * category, urgency and how many residents it affects. A need is never deleted: a duplicate is
 * merged into the need it repeats, with the reason, and a need is closed as met or withdrawn.
 * Needs are published with the projects that answer them, so they hold no personal data: a
 * micro-wish names no resident.
 */
export const needs = pgTable(
  'needs',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    communityId: idReference('community_id').notNull(),
    /** The grid the need was heard in (a grid visit), when known. */
    gridId: idReference('grid_id'),
    /** notice | survey | open_space_meeting | grid_visit | micro_wish */
    source: varchar('source', { length: 24 }).notNull(),
    /** A service domain (organizations/code-lists.ts `serviceDomains`). */
    category: varchar('category', { length: 32 }).notNull(),
    /** low | medium | high | urgent */
    urgency: varchar('urgency', { length: 16 }).notNull(),
    residentsAffected: integer('residents_affected').notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    description: varchar('description', { length: 2000 }).notNull(),
    collectedOn: date('collected_on', { mode: 'string' }).notNull(),
    /** open | answered (a project answers it) | met | merged | withdrawn */
    status: varchar('status', { length: 16 }).notNull().default('open'),
    /** For a merged need: the need it repeats, and why they are the same. */
    mergedIntoId: idReference('merged_into_id'),
    mergeReason: varchar('merge_reason', { length: 500 }),
    /** The day a need was met, merged or withdrawn. */
    closedOn: date('closed_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'needs_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'needs_grid_fk',
      columns: [t.districtCode, t.gridId],
      foreignColumns: [grids.districtCode, grids.id],
    }),
    foreignKey({
      name: 'needs_merged_into_fk',
      columns: [t.districtCode, t.mergedIntoId],
      foreignColumns: [t.districtCode, t.id],
    }),
    index('needs_community_idx').on(t.districtCode, t.communityId, t.status, t.collectedOn),
    index('needs_merged_into_idx').on(t.districtCode, t.mergedIntoId),
    check(
      'needs_source',
      sql`${t.source} in ('notice', 'survey', 'open_space_meeting', 'grid_visit', 'micro_wish')`,
    ),
    check('needs_urgency', sql`${t.urgency} in ('low', 'medium', 'high', 'urgent')`),
    check('needs_residents_affected', sql`${t.residentsAffected} >= 1`),
    check(
      'needs_status',
      sql`(${t.status} in ('open', 'answered') and ${t.closedOn} is null and ${t.mergedIntoId} is null and ${t.mergeReason} is null)
        or (${t.status} in ('met', 'withdrawn') and ${t.closedOn} >= ${t.collectedOn} and ${t.mergedIntoId} is null and ${t.mergeReason} is null)
        or (${t.status} = 'merged' and ${t.closedOn} >= ${t.collectedOn} and ${t.mergedIntoId} is not null and ${t.mergeReason} is not null)`,
    ),
    check('needs_not_merged_into_itself', sql`${t.mergedIntoId} <> ${t.id}`),
  ],
);

export type Need = typeof needs.$inferSelect;
