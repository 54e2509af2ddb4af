import { sql } from 'drizzle-orm';
import { compiledValue } from '../compiled-reads/compiled-value.js';
/**
 * A key that orders records of one type across the city: the district code and the local id,
 * zero-padded so that text order is numeric order. The gateway merges district pages by it
 * after the list's own order (a name, a date), which alone is not unique.
 */
export function recordSortKey(row: { districtCode: string; id: number }): string {
  return `${row.districtCode}:${String(row.id).padStart(10, '0')}`;
}

/** {@link recordSortKey} in SQL, for the compiled path: the same text from the same columns. */
export const recordSortKeyInSql = compiledValue(
  (row) => sql`${row.districtCode} || ':' || lpad(${row.id}::text, 10, '0')`,
);
