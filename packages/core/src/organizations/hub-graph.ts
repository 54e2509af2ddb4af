/**
 * The hub relation (docs/domain.md §3: a hub organization incubates and leads member
 * organizations, an acyclic relation) as a graph whose edges are the open memberships,
 * pointing from hub to member.
 */
import { sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';

/**
 * The first key of the transaction-scoped advisory lock that serializes changes to one
 * district's hub graph; the second key is the district code as a number. The two-key space
 * of advisory locks never meets the one-key space used elsewhere (test template builds).
 */
export const HUB_GRAPH_LOCK_CLASS = 0x5348; // "SH"

/**
 * Serialize the insertion of memberships in one district until the transaction ends.
 *
 * Locking the two organizations of a new membership is enough against the 2-cycle (A hub of B
 * and B hub of A started together: both lock A then B), but not against longer cycles: with
 * A→B and C→D recorded, adding B→C and D→A at once locks {B, C} and {A, D}, disjoint sets, and
 * each check would miss the other's edge. One lock per district's graph closes that gap; it is
 * taken before any row lock so that it never waits while holding one.
 */
export async function lockHubGraph(tx: SansheDb, districtCode: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${HUB_GRAPH_LOCK_CLASS}::int, ${Number(districtCode)}::int)`,
  );
}

/**
 * Whether `targetId` can be reached from `fromId` by following open memberships from hub to
 * member (one step or more). Adding "hub H takes member M" closes a cycle exactly when H is
 * reachable from M. `union` (not `union all`) visits each organization once, so the query
 * ends even on a graph that already had a cycle.
 */
export async function hubReaches(
  tx: SansheDb,
  districtCode: string,
  fromId: number,
  targetId: number,
): Promise<boolean> {
  const result = await tx.execute(sql`
    with recursive reachable(id) as (
      select member_id from organization_hub_memberships
       where district_code = ${districtCode} and hub_id = ${fromId} and left_on is null
      union
      select m.member_id
        from organization_hub_memberships m
        join reachable r on m.hub_id = r.id
       where m.district_code = ${districtCode} and m.left_on is null
    )
    select exists (select 1 from reachable where id = ${targetId}) as found`);
  const rows = (result as unknown as { rows: { found: boolean }[] }).rows;
  return rows[0]?.found === true;
}
