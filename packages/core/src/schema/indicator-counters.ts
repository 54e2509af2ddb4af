import { sql } from 'drizzle-orm';
import { bigint, char, check, date, index, numeric, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';
import { districtCodeColumn } from './columns.js';

/**
 * What each record adds to the indicators' figures (docs/architecture.md §8, "indicator
 * counters"): one row per record ("anchor": an organization, a community, a worker), figure, unit
 * and span of days, saying that the figure of the unit counts `amount` on every day from
 * `from_day` up to (not including) `until_day` (open when null).
 *
 * Written only by the database itself, in the transaction of the write that changes the record
 * (triggers of migration `indicator_counters`), so that a refresh of a record can take back what
 * it added before. `indicator_counters` is the sum of these rows; `verifyIndicatorCounters`
 * compares both with a recount.
 */
export const indicatorContributions = pgTable(
  'indicator_contributions',
  {
    districtCode: districtCodeColumn(),
    /** The kind of record: organization | community | worker. */
    family: varchar('family', { length: 24 }).notNull(),
    anchorId: bigint('anchor_id', { mode: 'number' }).notNull(),
    /** The figure, e.g. `organizations` (indicators/counted-figures.ts lists them). */
    figure: varchar('figure', { length: 48 }).notNull(),
    /** The district (6 digits), subdistrict (9) or community (12) counted. */
    unitCode: varchar('unit_code', { length: 12 }).notNull(),
    fromDay: date('from_day', { mode: 'string' }).notNull(),
    untilDay: date('until_day', { mode: 'string' }),
    amount: numeric('amount').notNull(),
  },
  (t) => [
    // Read and replaced by record; a record may add two spans alike (two departments of a
    // summons reporting in on the same day), so the rows have no key of their own. The record's
    // id leads: refreshes look records up by `anchor_id = any(...)`, which the planner then always
    // uses to search the index, whatever its statistics say of the family.
    index('indicator_contributions_record_idx').on(t.anchorId, t.districtCode, t.family),
    check('indicator_contributions_span', sql`${t.untilDay} is null or ${t.untilDay} > ${t.fromDay}`),
  ],
);

/**
 * The indicators' figures as changes over time: for a unit and a figure, how much the figure
 * changes from one day to the next, summed by year (`span` y, the year's first day), by month (m)
 * and by day (d). A figure on a day is the sum of the years before it, the months of its year
 * before its month and the days of its month up to it — at most about 50 rows whatever the size of
 * the district, which is why the indicators cost the same at every scale.
 */
export const indicatorCounters = pgTable(
  'indicator_counters',
  {
    districtCode: districtCodeColumn(),
    unitCode: varchar('unit_code', { length: 12 }).notNull(),
    span: char('span', { length: 1 }).notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    figure: varchar('figure', { length: 48 }).notNull(),
    amount: numeric('amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.unitCode, t.span, t.startsOn, t.figure] }),
    check('indicator_counters_span', sql`${t.span} in ('y', 'm', 'd')`),
  ],
);
