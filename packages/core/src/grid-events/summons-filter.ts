import { and, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { fail, ok, type ParseResult } from '../errors/result.js';
import { summonsDepartments, summonses } from '../schema/grid-events.js';
import { communities } from '../schema/hierarchy.js';
import { isLocalId } from '../services/service-kit.js';
import { parseIsoDate } from '../validators/text.js';
import { summonsStates } from './summons-lifecycle.js';
import type { SummonsFilter } from './summons-types.js';

/** A summons filter checked: codes and bounds, no I/O (the gateway calls it as it is). */
export interface ParsedSummonsFilter {
  communityId: number | null;
  unitCode: string | null;
  departmentId: number | null;
  eventId: number | null;
  state: keyof typeof summonsStates | null;
  issuedFrom: string | null;
  issuedTo: string | null;
}

/** An id in a filter: one that cannot exist matches nothing, as a read of it answers nothing. */
function filterId(value: unknown, field: string): ParseResult<number | null> {
  if (value === undefined || value === null) return ok(null);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return fail('VALIDATION_FAILED', `${field} is a local id.`, ['filter', field]);
  }
  return ok(value);
}

/**
 * The filter of summons lists, pure.
 *
 * @returns VALIDATION_FAILED (an id that is not a whole number, a unit code that is not 6, 9 or 12
 *   digits), INVALID_CODE_LIST_VALUE (state), INVALID_DATE, INVALID_DATE_RANGE (from after to)
 */
export function parseSummonsFilter(
  filter: SummonsFilter | null | undefined,
): ParseResult<ParsedSummonsFilter> {
  const ids: Record<'communityId' | 'departmentId' | 'eventId', number | null> = {
    communityId: null,
    departmentId: null,
    eventId: null,
  };
  for (const field of ['communityId', 'departmentId', 'eventId'] as const) {
    const parsed = filterId(filter?.[field], field);
    if (!parsed.success) return parsed;
    ids[field] = parsed.data;
  }
  const unitCode = filter?.unitCode ?? null;
  if (unitCode !== null && (typeof unitCode !== 'string' || !/^\d{6}(\d{3}){0,2}$/.test(unitCode))) {
    return fail('VALIDATION_FAILED', 'unitCode is a district, subdistrict or community code.', [
      'filter',
      'unitCode',
    ]);
  }
  const state = filter?.state ?? null;
  if (state !== null && !(typeof state === 'string' && Object.hasOwn(summonsStates, state))) {
    return fail('INVALID_CODE_LIST_VALUE', `state must be one of ${Object.keys(summonsStates).join(', ')}.`, [
      'filter',
      'state',
    ]);
  }
  const days: Record<'issuedFrom' | 'issuedTo', string | null> = { issuedFrom: null, issuedTo: null };
  for (const field of ['issuedFrom', 'issuedTo'] as const) {
    const value = filter?.[field];
    if (value === undefined || value === null) continue;
    const parsed = parseIsoDate(value, { path: ['filter', field] });
    if (!parsed.success) return parsed;
    days[field] = parsed.data;
  }
  if (days.issuedFrom !== null && days.issuedTo !== null && days.issuedFrom > days.issuedTo) {
    return fail('INVALID_DATE_RANGE', 'issuedFrom lies after issuedTo.', ['filter', 'issuedTo']);
  }
  // Another district's unit is not an error to ask for: no community here lies under it.
  return ok({ ...ids, unitCode, state: state as ParsedSummonsFilter['state'], ...days });
}

/** The SQL condition of a parsed filter on `summonses`. */
export function summonsCondition(districtCode: string, filter: ParsedSummonsFilter): SQL {
  const never = sql`false`;
  const idCondition = (id: number | null, column: AnyPgColumn) =>
    id === null ? undefined : isLocalId(id) ? eq(column, id) : never;
  return and(
    eq(summonses.districtCode, districtCode),
    idCondition(filter.communityId, summonses.communityId),
    idCondition(filter.eventId, summonses.eventId),
    filter.departmentId === null
      ? undefined
      : isLocalId(filter.departmentId)
        ? sql`exists (select 1 from ${summonsDepartments}
            where ${summonsDepartments.districtCode} = ${summonses.districtCode}
              and ${summonsDepartments.summonsId} = ${summonses.id}
              and ${summonsDepartments.departmentId} = ${filter.departmentId})`
        : never,
    filter.unitCode === null
      ? undefined
      : sql`exists (select 1 from ${communities}
          where ${communities.districtCode} = ${summonses.districtCode} and ${communities.id} = ${summonses.communityId}
            and ${communities.code} like ${`${filter.unitCode}%`})`,
    filter.state === null
      ? undefined
      : filter.state === 'open'
        ? isNull(summonses.closedAt)
        : isNotNull(summonses.closedAt),
    filter.issuedFrom === null
      ? undefined
      : sql`${summonses.issuedAt} >= ${`${filter.issuedFrom}T00:00:00+08:00`}`,
    filter.issuedTo === null
      ? undefined
      : sql`${summonses.issuedAt} < (${`${filter.issuedTo}T00:00:00+08:00`}::timestamptz + interval '1 day')`,
  )!;
}
