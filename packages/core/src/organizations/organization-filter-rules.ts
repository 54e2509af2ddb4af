import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { parseUnitFilter } from '../hierarchy/unit-filter-rules.js';
import type { OrganizationFilter } from './organization-filter.js';

/**
 * An organization filter as a caller hands it over (the gateway's input, with the district a
 * fan-out aims at): the filter's fields, each nullable.
 */
export type OrganizationFilterInput = OrganizationFilter & { districtCode?: string | null };

/**
 * Check an organization filter's codes and bounds before they reach SQL: the unit part as
 * {@link parseUnitFilter}, `minGrade` 1 to 5 (1A–5A), `uscc` 18 digits and capitals.
 *
 * @remarks `options.path` is where the filter sits, e.g. `['filter']` (the default).
 */
export function parseOrganizationFilter(
  input: OrganizationFilterInput | null | undefined,
  options: ParseOptions = {},
): ParseResult<OrganizationFilter> {
  if (!input) return ok({});
  const at = (field: string): FieldPath => [...(options.path ?? ['filter']), field];
  const unit = parseUnitFilter(
    { districtCode: input.districtCode, parentCode: input.parentCode, nameContains: input.nameContains },
    options,
  );
  if (!unit.success) return unit;
  if (
    input.minGrade != null &&
    !(Number.isInteger(input.minGrade) && input.minGrade >= 1 && input.minGrade <= 5)
  ) {
    return fail('INVALID_NUMBER', 'minGrade is 1 to 5.', at('minGrade'));
  }
  if (input.uscc != null && !/^[0-9A-Z]{18}$/.test(input.uscc)) {
    return fail('INVALID_USCC', 'uscc must be 18 characters of digits and capitals.', at('uscc'));
  }
  return ok({
    parentCode: unit.data.parentCode ?? null,
    uscc: input.uscc ?? null,
    legalStatus: input.legalStatus ?? null,
    category: input.category ?? null,
    serviceDomain: input.serviceDomain ?? null,
    status: input.status ?? null,
    minGrade: input.minGrade ?? null,
    onList: input.onList ?? null,
    nameContains: unit.data.nameContains ?? null,
    on: input.on ?? null,
  });
}
