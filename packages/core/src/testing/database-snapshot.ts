import { getTableName, sql } from 'drizzle-orm';
import type { DistrictDatabase } from '../database/district-database.js';
import * as tables from '../schema/tables.js';

/**
 * Every row of every sanshe table, in a stable order, as plain JSON. Tests take one before
 * and one after a refused change and compare them: "changes nothing" is checked, not assumed.
 */
export async function snapshotDatabase(
  database: Pick<DistrictDatabase, 'db'>,
): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of Object.values(tables)) {
    const name = getTableName(table);
    const result = await database.db.execute(
      sql`select coalesce(json_agg(t order by t::text), '[]'::json) as rows from ${sql.identifier(name)} t`,
    );
    const rows = (result as unknown as { rows: { rows: unknown[] }[] }).rows;
    snapshot[name] = rows[0]?.rows ?? [];
  }
  // Sequences move even when a transaction rolls back; they are not data, so they are left out.
  return snapshot;
}
