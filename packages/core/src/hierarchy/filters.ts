import { todayInChina } from './lifespan.js';

/** How a list of hierarchy units is narrowed. Every field is optional. */
export interface UnitFilter {
  /** Only units whose code starts with this parent's code (a district, subdistrict or community code). */
  parentCode?: string;
  /** Only units of this kind: subdistrict | town | township, or community | village. */
  kind?: string;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  /** Units in force on this date (YYYY-MM-DD). Without it: units in force today. */
  asOf?: string;
  /** Also list retired units (ignored when `asOf` is given). */
  includeRetired?: boolean;
}

/** Escape LIKE's wildcards so a search for "50%" finds "50%", not "50 anything". */
export function likePattern(substring: string): string {
  return `%${substring.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The filter as a drizzle relational-query `where` object. Codes are hierarchical, so "under
 * this parent" is a prefix match on the unit's own code, which the unique (district, code)
 * index serves.
 */
export function unitWhere(districtCode: string, filter: UnitFilter = {}, today: string = todayInChina()) {
  const where: Record<string, unknown> = { districtCode };
  if (filter.parentCode) where.code = { like: `${filter.parentCode}%` };
  if (filter.kind) where.kind = filter.kind;
  if (filter.nameContains) where.name = { ilike: likePattern(filter.nameContains) };
  if (filter.asOf) {
    where.effectiveFrom = { lte: filter.asOf };
    where.OR = [{ retiredOn: { isNull: true } }, { retiredOn: { gt: filter.asOf } }];
  } else if (!filter.includeRetired) {
    where.OR = [{ retiredOn: { isNull: true } }, { retiredOn: { gt: today } }];
  }
  return where;
}
