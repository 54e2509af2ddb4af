import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference } from './columns.js';
import { communities } from './hierarchy.js';

/**
 * Population figures of a community (docs/domain.md §4: "population figures are dated and carry
 * their basis"): how many people on a given day, on which basis — household-registered
 * (户籍人口) or resident (常住人口) — and where the figure comes from (a census, a public
 * security household register, a survey). Figures are never overwritten: a later figure is a new
 * row, so that a ratio for a past date reads the figure in force on that date (the latest
 * `as_of` on or before it).
 */
export const unitPopulations = pgTable(
  'unit_populations',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    communityId: idReference('community_id').notNull(),
    /** resident (常住人口) | household_registered (户籍人口) */
    basis: varchar('basis', { length: 24 }).notNull(),
    /** The day the figure describes. */
    asOf: date('as_of', { mode: 'string' }).notNull(),
    count: integer('count').notNull(),
    /** Where the figure comes from, e.g. 第七次全国人口普查 or 公安户籍统计. */
    source: varchar('source', { length: 100 }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    // One figure per community, basis and day; the figure in force is found from this index.
    unique('unit_populations_figure_unique').on(t.districtCode, t.communityId, t.basis, t.asOf),
    foreignKey({
      name: 'unit_populations_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('unit_populations_basis_idx').on(t.districtCode, t.basis, t.communityId, t.asOf),
    check('unit_populations_basis', sql`${t.basis} in ('resident', 'household_registered')`),
    check('unit_populations_count', sql`${t.count} >= 0`),
  ],
);

export type UnitPopulation = typeof unitPopulations.$inferSelect;
