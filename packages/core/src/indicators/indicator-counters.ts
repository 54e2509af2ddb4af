import { sql } from 'drizzle-orm';
import type { DistrictDatabase } from '../database/district-database.js';
import { rowsOf } from './service-chain-figures.js';

/**
 * The kinds of record whose contributions the database keeps (migration `indicator_counters`),
 * each with the table of its records and the SQL function that computes what they add.
 */
export const indicatorCounterFamilies = {
  community: { table: 'communities', contributions: 'indicator_community_contributions' },
  organization: { table: 'social_organizations', contributions: 'indicator_organization_contributions' },
  worker: { table: 'social_workers', contributions: 'indicator_worker_contributions' },
  need: { table: 'needs', contributions: 'indicator_need_contributions' },
  project: { table: 'service_projects', contributions: 'indicator_project_contributions' },
  volunteer: { table: 'volunteers', contributions: 'indicator_volunteer_contributions' },
  grid_event: { table: 'grid_events', contributions: 'indicator_grid_event_contributions' },
  summons: { table: 'summonses', contributions: 'indicator_summons_contributions' },
  meeting: { table: 'consultation_meetings', contributions: 'indicator_meeting_contributions' },
} as const;

export type IndicatorCounterFamily = keyof typeof indicatorCounterFamilies;

/** What {@link verifyIndicatorCounters} found. */
export interface IndicatorCounterCheck {
  /** Contributions stored for the district. */
  contributions: number;
  /** Counter rows of the district. */
  counters: number;
  /** Contributions stored that a recount does not give, or that it gives and are not stored. */
  contributionsAdrift: number;
  /** Counter rows that differ from the sum of the stored contributions. */
  countersAdrift: number;
}

/**
 * Recount the district's indicator counters from its records and compare: every contribution the
 * records give now against the stored ones, and every counter against the stored contributions.
 * Both drift figures are 0 unless the counters' triggers were bypassed (a bulk load with
 * `sanshe.bulk_load` on and no rebuild after it). Reads only; costs a full recount.
 */
export async function verifyIndicatorCounters(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
): Promise<IndicatorCounterCheck> {
  const district = database.districtCode;
  const recounted = Object.entries(indicatorCounterFamilies).map(
    ([family, { table, contributions }]) =>
      sql`select ${district}::char(6) as district_code, ${family}::varchar as family, f.anchor_id,
          f.figure::varchar as figure, f.unit_code::varchar as unit_code, f.from_day, f.until_day, f.amount
        from ${sql.identifier(contributions)}(${district}, array(select id from ${sql.identifier(table)}
          where district_code = ${district})) f
        where f.amount <> 0 and (f.until_day is null or f.until_day > f.from_day)`,
  );
  const [row] = await database.db.transaction(
    (tx) =>
      rowsOf(
        tx,
        sql`with recounted as (${sql.join(recounted, sql` union all `)}),
        stored as (select * from indicator_contributions where district_code = ${district}),
        expected_counters as (select * from indicator_counters_of_contributions(${district})),
        counters as (select * from indicator_counters where district_code = ${district})
        select
          (select count(*) from stored)::int as contributions,
          (select count(*) from counters)::int as counters,
          ((select count(*) from (select * from recounted except all select * from stored) missing)
            + (select count(*) from (select * from stored except all select * from recounted) stale))::int
            as contributions_adrift,
          (select count(*) from expected_counters e
            full join counters c
              on c.unit_code = e.unit_code and c.figure = e.figure and c.span = e.span
             and c.starts_on = e.starts_on
            where coalesce(c.amount, 0) <> coalesce(e.amount, 0))::int as counters_adrift`,
      ),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return {
    contributions: Number(row?.contributions ?? 0),
    counters: Number(row?.counters ?? 0),
    contributionsAdrift: Number(row?.contributions_adrift ?? 0),
    countersAdrift: Number(row?.counters_adrift ?? 0),
  };
}

/**
 * Count the district's indicators afresh (after a bulk load that turned the counters off, or if
 * {@link verifyIndicatorCounters} ever finds drift), in one transaction: readers see the old
 * counters until it commits.
 */
export async function rebuildIndicatorCounters(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
): Promise<void> {
  await database.db.execute(sql`select indicator_counters_rebuild(${database.districtCode})`);
  // Every row of both tables was replaced: fresh statistics keep the refreshes on their indexes.
  await database.db.execute(sql`analyze indicator_contributions, indicator_counters`);
}
