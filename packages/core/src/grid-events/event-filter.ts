import { and, eq, inArray, like, ne, type SQL, sql } from 'drizzle-orm';
import type { Columns } from '../access/sql-conditions.js';
import { fail, ok, type ParseResult } from '../errors/result.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { gridEvents } from '../schema/grid-events.js';
import { isLocalId } from '../services/service-kit.js';
import { parseDivisionCode, parseGridCode } from '../validators/division-code.js';
import { type EventCategoryCode, eventCategories } from './code-lists.js';
import { type EventState, eventStates } from './event-lifecycle.js';
import type { EventFilter } from './event-types.js';

/** A list filter of grid events, checked (pure): what {@link eventCondition} reads. */
export interface ParsedEventFilter {
  states: EventState[] | null;
  unitCode: string | null;
  /** A department id that cannot exist stays, and matches nothing. */
  departmentId: number | null;
  categoryCode: EventCategoryCode | null;
  overdue: boolean;
  reportedByMe: boolean;
}

/**
 * Check a list filter of grid events: the states and the category are codes of their lists, the
 * unit a division code (6, 9 or 12 digits) or a grid code (13 to 18), the flags booleans.
 * The gateway calls this instead of repeating it.
 */
export function parseEventFilter(
  input: EventFilter | null | undefined,
  path: FieldPath = ['filter'],
): ParseResult<ParsedEventFilter> {
  const at = (...rest: (string | number)[]): FieldPath => [...path, ...rest];
  const filter = input ?? {};
  let states: EventState[] | null = null;
  if (filter.states != null) {
    if (!Array.isArray(filter.states))
      return fail('VALIDATION_FAILED', 'states is a list of states.', at('states'));
    states = [];
    for (const [index, state] of filter.states.entries()) {
      if (typeof state !== 'string' || !Object.hasOwn(eventStates, state)) {
        return fail(
          'INVALID_CODE_LIST_VALUE',
          `A state is one of ${Object.keys(eventStates).join(', ')}.`,
          at('states', index),
        );
      }
      states.push(state as EventState);
    }
  }
  let unitCode: string | null = null;
  if (filter.unitCode != null) {
    const text = typeof filter.unitCode === 'string' ? filter.unitCode.trim() : filter.unitCode;
    const parsed =
      typeof text === 'string' && text.length > 12
        ? parseGridCode(text, undefined, { path: at('unitCode') })
        : parseDivisionCode(text, { path: at('unitCode') });
    if (!parsed.success) return parsed;
    unitCode = parsed.data.code;
  }
  let categoryCode: EventCategoryCode | null = null;
  if (filter.categoryCode != null) {
    if (typeof filter.categoryCode !== 'string' || !Object.hasOwn(eventCategories, filter.categoryCode)) {
      return fail(
        'INVALID_CODE_LIST_VALUE',
        'The category is a code of the event classification.',
        at('categoryCode'),
      );
    }
    categoryCode = filter.categoryCode as EventCategoryCode;
  }
  for (const flag of ['overdue', 'reportedByMe'] as const) {
    if (filter[flag] != null && typeof filter[flag] !== 'boolean') {
      return fail('VALIDATION_FAILED', `${flag} is true or false.`, at(flag));
    }
  }
  return ok({
    states,
    unitCode,
    departmentId: filter.departmentId ?? null,
    categoryCode,
    overdue: filter.overdue === true,
    reportedByMe: filter.reportedByMe === true,
  });
}

/** The columns {@link eventCondition} reads, from `grid_events` or an alias of it. */
export type EventFilterColumns = Columns<
  'districtCode' | 'state' | 'unitCode' | 'departmentId' | 'categoryCode' | 'closeDueOn' | 'reportedBy'
>;

/**
 * The SQL condition of a parsed filter on `grid_events` in `districtCode`. "Overdue" is as of
 * `today`: open (not closed) after its closing day; `reportedByMe` names the caller's account.
 * `table` is the table or the alias a query reads it under (a relational query aliases it).
 */
export function eventCondition(
  districtCode: string,
  filter: ParsedEventFilter,
  context: { today: string; actorId: string },
  table: EventFilterColumns = gridEvents,
): SQL {
  const conditions: (SQL | undefined)[] = [eq(table.districtCode, districtCode)];
  if (filter.states !== null) {
    conditions.push(filter.states.length === 0 ? sql`false` : inArray(table.state, filter.states));
  }
  if (filter.unitCode !== null) conditions.push(like(table.unitCode, `${filter.unitCode}%`));
  if (filter.departmentId !== null) {
    conditions.push(
      isLocalId(filter.departmentId) ? eq(table.departmentId, filter.departmentId) : sql`false`,
    );
  }
  if (filter.categoryCode !== null) {
    // A first-level code is the prefix of its subcategories' codes (E05 → E0501 …).
    conditions.push(
      eventCategories[filter.categoryCode].parent === null
        ? like(table.categoryCode, `${filter.categoryCode}%`)
        : eq(table.categoryCode, filter.categoryCode),
    );
  }
  if (filter.overdue) {
    conditions.push(ne(table.state, 'closed'), sql`${table.closeDueOn} < ${context.today}`);
  }
  if (filter.reportedByMe) conditions.push(eq(table.reportedBy, context.actorId));
  return and(...conditions)!;
}
