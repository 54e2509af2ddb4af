import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { parseDivisionCode } from '../validators/division-code.js';
import type { UnitFilter } from './filters.js';

/** The longest name search a unit or organization filter accepts, in characters. */
export const maxNameSearchLength = 100;

/** A unit filter as a caller (the gateway, an embedding program) hands it over: nullable fields. */
export interface UnitFilterInput {
  districtCode?: string | null;
  parentCode?: string | null;
  kind?: string | null;
  nameContains?: string | null;
  asOf?: string | null;
  includeRetired?: boolean | null;
}

/**
 * Check a unit filter's codes and bounds before they reach SQL: `districtCode` is 6 digits,
 * `parentCode` a division code, a name search at most {@link maxNameSearchLength} characters.
 * Refusing gives a typed error where a bad filter would otherwise list nothing.
 *
 * @remarks `options.path` is where the filter sits, e.g. `['filter']` (the default).
 */
export function parseUnitFilter(
  input: UnitFilterInput | null | undefined,
  options: ParseOptions = {},
): ParseResult<UnitFilter> {
  if (!input) return ok({});
  const at = (field: string): FieldPath => [...(options.path ?? ['filter']), field];
  if (input.districtCode != null && !/^\d{6}$/.test(input.districtCode)) {
    return fail('INVALID_DIVISION_CODE', 'districtCode must be 6 digits.', at('districtCode'));
  }
  if (input.parentCode != null) {
    const parsed = parseDivisionCode(input.parentCode, { path: at('parentCode') });
    if (!parsed.success) return parsed;
  }
  if (input.nameContains != null && [...input.nameContains].length > maxNameSearchLength) {
    return fail(
      'INVALID_NAME',
      `nameContains is at most ${maxNameSearchLength} characters.`,
      at('nameContains'),
    );
  }
  return ok({
    parentCode: input.parentCode ?? null,
    kind: input.kind ?? null,
    nameContains: input.nameContains ?? null,
    asOf: input.asOf ?? null,
    includeRetired: input.includeRetired ?? null,
  });
}
