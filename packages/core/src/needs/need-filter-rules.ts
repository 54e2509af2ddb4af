import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { serviceDomains } from '../organizations/code-lists.js';
import { parseDivisionCode } from '../validators/division-code.js';
import { parseIsoDate } from '../validators/text.js';
import { needSources, needStatuses, needUrgencies } from './code-lists.js';
import type { NeedFilter } from './need-filter.js';

/** A need filter as a caller hands it over: the filter's fields, each nullable. */
export type NeedFilterInput = NeedFilter;

/**
 * Check a need filter's codes and bounds before they reach SQL: `parentCode` a division code,
 * status, source, category and urgency codes of their lists, the days real dates in order.
 * Refusing gives a typed error where a bad filter would otherwise list nothing.
 *
 * @remarks `options.path` is where the filter sits, e.g. `['filter']` (the default).
 */
export function parseNeedFilter(
  input: NeedFilterInput | null | undefined,
  options: ParseOptions = {},
): ParseResult<NeedFilter> {
  if (!input) return ok({});
  const at = (field: string): FieldPath => [...(options.path ?? ['filter']), field];
  if (input.parentCode != null) {
    const parsed = parseDivisionCode(input.parentCode, { path: at('parentCode') });
    if (!parsed.success) return parsed;
  }
  const codes = [
    ['status', input.status, needStatuses],
    ['source', input.source, needSources],
    ['category', input.category, serviceDomains],
    ['urgency', input.urgency, needUrgencies],
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
  for (const field of ['collectedFrom', 'collectedUntil'] as const) {
    const value = input[field];
    if (value != null) {
      const parsed = parseIsoDate(value, { path: at(field) });
      if (!parsed.success) return parsed;
    }
  }
  if (
    input.collectedFrom != null &&
    input.collectedUntil != null &&
    input.collectedUntil < input.collectedFrom
  ) {
    return fail(
      'INVALID_DATE_RANGE',
      `collectedUntil ${input.collectedUntil} lies before collectedFrom ${input.collectedFrom}.`,
      at('collectedUntil'),
    );
  }
  return ok({
    parentCode: input.parentCode?.trim() ?? null,
    communityId: input.communityId ?? null,
    gridId: input.gridId ?? null,
    status: input.status ?? null,
    source: input.source ?? null,
    category: input.category ?? null,
    urgency: input.urgency ?? null,
    collectedFrom: input.collectedFrom ?? null,
    collectedUntil: input.collectedUntil ?? null,
  });
}

/** A page of a list read in core: at most {@link MAX_LIST_LIMIT} rows from `offset`. */
export interface ListPage {
  limit: number;
  offset: number;
}

/** The rows a list read of core answers when it is not told (the gateway pages with cursors). */
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 500;

/**
 * A page's bounds: `limit` 1 to {@link MAX_LIST_LIMIT} (default {@link DEFAULT_LIST_LIMIT}),
 * `offset` 0 or more (default 0).
 */
export function parseListPage(
  input: { limit?: number | null; offset?: number | null } | null | undefined,
  options: ParseOptions = {},
): ParseResult<ListPage> {
  const at = (field: string): FieldPath => [...(options.path ?? []), field];
  const limit = input?.limit ?? DEFAULT_LIST_LIMIT;
  const offset = input?.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    return fail('INVALID_PAGINATION', 'limit is a whole number of at least 1.', at('limit'));
  }
  if (limit > MAX_LIST_LIMIT) {
    return fail('PAGE_SIZE_EXCEEDED', `limit is at most ${MAX_LIST_LIMIT}, got ${limit}.`, at('limit'));
  }
  if (!Number.isSafeInteger(offset) || offset < 0) {
    return fail('INVALID_PAGINATION', 'offset is a whole number of at least 0.', at('offset'));
  }
  return ok({ limit, offset });
}
