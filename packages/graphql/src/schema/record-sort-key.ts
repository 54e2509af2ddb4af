/**
 * A key that orders records of one type across the city: the district code and the local id,
 * zero-padded so that text order is numeric order. The gateway merges district pages by it
 * after the list's own order (a name, a date), which alone is not unique.
 */
export function recordSortKey(row: { districtCode: string; id: number }): string {
  return `${row.districtCode}:${String(row.id).padStart(10, '0')}`;
}
