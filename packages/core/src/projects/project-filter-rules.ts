import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { maxNameSearchLength } from '../hierarchy/unit-filter-rules.js';
import { serviceDomains } from '../organizations/code-lists.js';
import { parseDivisionCode } from '../validators/division-code.js';
import { projectStatuses } from './code-lists.js';
import type { ProjectFilter } from './project-filter.js';

/** A project filter as a caller hands it over: the filter's fields, each nullable. */
export type ProjectFilterInput = ProjectFilter;

/**
 * Check a project filter's codes and bounds before they reach SQL: `unitCode` a division code,
 * status and service domain codes of their lists, a name search at most
 * {@link maxNameSearchLength} characters.
 *
 * @remarks `options.path` is where the filter sits, e.g. `['filter']` (the default).
 */
export function parseProjectFilter(
  input: ProjectFilterInput | null | undefined,
  options: ParseOptions = {},
): ParseResult<ProjectFilter> {
  if (!input) return ok({});
  const at = (field: string): FieldPath => [...(options.path ?? ['filter']), field];
  if (input.unitCode != null) {
    const parsed = parseDivisionCode(input.unitCode, { path: at('unitCode') });
    if (!parsed.success) return parsed;
  }
  const codes = [
    ['status', input.status, projectStatuses],
    ['serviceDomain', input.serviceDomain, serviceDomains],
  ] as const;
  for (const [field, value, list] of codes) {
    if (value != null && !Object.hasOwn(list, value)) {
      return fail(
        'INVALID_CODE_LIST_VALUE',
        `${field} must be one of ${Object.keys(list).join(', ')}.`,
        at(field),
      );
    }
  }
  if (input.nameContains != null && [...input.nameContains].length > maxNameSearchLength) {
    return fail(
      'INVALID_NAME',
      `nameContains is at most ${maxNameSearchLength} characters.`,
      at('nameContains'),
    );
  }
  return ok({
    unitCode: input.unitCode?.trim() ?? null,
    communityId: input.communityId ?? null,
    status: input.status ?? null,
    serviceDomain: input.serviceDomain ?? null,
    nameContains: input.nameContains ?? null,
  });
}
