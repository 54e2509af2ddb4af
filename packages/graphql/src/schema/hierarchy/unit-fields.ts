import { parseDivisionCode, SansheError, todayInChina, type UnitFilter } from '@sanshe/core';

/** The filter arguments as GraphQL delivers them (nullable fields). */
export interface UnitFilterArgs {
  districtCode?: string | null;
  parentCode?: string | null;
  kind?: string | null;
  nameContains?: string | null;
  asOf?: string | null;
  includeRetired?: boolean | null;
}

/**
 * Check the codes in a filter before they reach SQL: a parent code must be a division code, and
 * a name search is bounded. Refusing here gives a typed error instead of an empty list.
 */
export function toUnitFilter(args: UnitFilterArgs | null | undefined): UnitFilter {
  if (!args) return {};
  if (args.districtCode != null && !/^\d{6}$/.test(args.districtCode)) {
    throw new SansheError('INVALID_DIVISION_CODE', 'districtCode must be 6 digits.', {
      path: ['filter', 'districtCode'],
    });
  }
  if (args.parentCode != null) {
    const parsed = parseDivisionCode(args.parentCode, { path: ['filter', 'parentCode'] });
    if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  }
  if (args.nameContains != null && [...args.nameContains].length > 100) {
    throw new SansheError('INVALID_NAME', 'nameContains is at most 100 characters.', {
      path: ['filter', 'nameContains'],
    });
  }
  return {
    parentCode: args.parentCode ?? null,
    kind: args.kind ?? null,
    nameContains: args.nameContains ?? null,
    asOf: args.asOf ?? null,
    includeRetired: args.includeRetired ?? null,
  };
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
