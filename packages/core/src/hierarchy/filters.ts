import { and, eq, gt, ilike, isNull, like, lte, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { todayInChina } from '../services/dates.js';

/** How a list of hierarchy units is narrowed. Every field is optional. */
export interface UnitFilter {
  /** Only units whose code starts with this parent's code (a district, subdistrict or community code). */
  parentCode?: string | null;
  /** Only units of this kind: subdistrict | town | township, or community | village. */
  kind?: string | null;
  /** Case-insensitive substring of the name. */
  nameContains?: string | null;
  /** Units in force on this date (YYYY-MM-DD). Without it: units not retired as of today. */
  asOf?: string | null;
  /** Also list retired units (ignored when `asOf` is given). */
  includeRetired?: boolean | null;
}

/** The columns a unit filter reads; subdistricts, communities and grids all have them. */
export interface UnitColumns {
  districtCode: AnyPgColumn;
  code: AnyPgColumn;
  name: AnyPgColumn;
  effectiveFrom: AnyPgColumn;
  retiredOn: AnyPgColumn;
  kind?: AnyPgColumn;
}

/** Escape LIKE's wildcards so a search for "50%" finds "50%", not "50 anything". */
export function likePattern(substring: string): string {
  return `%${escapeLike(substring)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The filter as one SQL condition over a unit table (or an alias of it). Codes are
 * hierarchical, so "under this parent" is a prefix match on the unit's own code.
 */
export function unitCondition(
  table: UnitColumns,
  districtCode: string,
  filter: UnitFilter = {},
  today: string = todayInChina(),
): SQL {
  const conditions: (SQL | undefined)[] = [eq(table.districtCode, districtCode)];
  if (filter.parentCode) conditions.push(like(table.code, `${escapeLike(filter.parentCode)}%`));
  if (filter.kind && table.kind) conditions.push(eq(table.kind, filter.kind));
  if (filter.nameContains) conditions.push(ilike(table.name, likePattern(filter.nameContains)));
  if (filter.asOf) {
    conditions.push(lte(table.effectiveFrom, filter.asOf));
    conditions.push(or(isNull(table.retiredOn), gt(table.retiredOn, filter.asOf)));
  } else if (!filter.includeRetired) {
    conditions.push(or(isNull(table.retiredOn), gt(table.retiredOn, today)));
  }
  return and(...conditions)!;
}

/** The same filter as a drizzle relational-query `where` (for `db.query.x.findMany`). */
export function unitWhere(districtCode: string, filter: UnitFilter = {}, today: string = todayInChina()) {
  return { RAW: (table: UnitColumns) => unitCondition(table, districtCode, filter, today) };
}
