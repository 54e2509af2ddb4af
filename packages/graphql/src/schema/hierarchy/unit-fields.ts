import type { DistrictDatabase, UnitColumns } from '@sanshe/core';
import { parseUnitFilter, SansheError, todayInChina, type UnitFilter, unitCondition } from '@sanshe/core';
import type { PgTable } from 'drizzle-orm/pg-core';

/** The filter arguments as GraphQL delivers them (nullable fields). */
export interface UnitFilterArgs {
  districtCode?: string | null;
  parentCode?: string | null;
  kind?: string | null;
  nameContains?: string | null;
  asOf?: string | null;
  includeRetired?: boolean | null;
}

/** Core's check of a filter's codes and bounds (`parseUnitFilter`), thrown as a typed error. */
export function toUnitFilter(args: UnitFilterArgs | null | undefined): UnitFilter {
  const parsed = parseUnitFilter(args);
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  return parsed.data;
}

/** Whether a filter can match anything in this district at all (its codes may name another). */
export function filterTargetsDistrict(
  args: UnitFilterArgs | null | undefined,
  districtCode: string,
): boolean {
  if (args?.districtCode != null && args.districtCode !== districtCode) return false;
  if (args?.parentCode != null && args.parentCode.slice(0, 6) !== districtCode) return false;
  return true;
}

export function today(): string {
  return todayInChina();
}

/** The order of a unit list: by code, or by name then code (codes are unique, so it is total). */
export function unitOrder(orderBy: string | null | undefined) {
  return orderBy === 'name' ? ({ name: 'asc', code: 'asc' } as const) : ({ code: 'asc' } as const);
}

/** The relational-query options of a unit list in one district: its filter and its order. */
export function unitListQuery(
  districtCode: string,
  filter: UnitFilterArgs | null | undefined,
  orderBy: string | null | undefined,
) {
  const parsed = toUnitFilter(filter);
  const asOfToday = today();
  return {
    where: { RAW: (table: UnitColumns) => unitCondition(table, districtCode, parsed, asOfToday) },
    orderBy: unitOrder(orderBy),
  };
}

/** totalCount of a root unit list: 0 when the filter names another district. */
export function countUnits(
  district: DistrictDatabase,
  table: UnitColumns & PgTable,
  filter: UnitFilterArgs | null | undefined,
): Promise<number> | number {
  if (!filterTargetsDistrict(filter, district.districtCode)) return 0;
  return district.db.$count(
    table,
    unitCondition(table, district.districtCode, toUnitFilter(filter), today()),
  );
}
