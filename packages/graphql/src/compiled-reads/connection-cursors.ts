import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import { getSchemaConfig } from '@pothos/plugin-drizzle';
import { Column, is, type SQL, sql } from 'drizzle-orm';
import {
  PgBigInt53,
  PgChar,
  PgDateString,
  PgEnumColumn,
  PgInteger,
  PgSerial,
  PgSmallInt,
  PgText,
  PgTimestampString,
  PgVarchar,
} from 'drizzle-orm/pg-core';
import { builder } from '../builder.js';
import { decodeMergedCursor } from '../gateway/merged-cursor.js';

/**
 * Cursors of the compiled reads (compile-read.ts), written and read exactly as the general path
 * writes and reads them, so a page's cursor from either path continues a list on the other:
 *
 * - a nested connection's cursor is the drizzle plugin's: base64 of `DC:` and the row's values of
 *   the connection's order (`N:`/`S:` chunks, a `T:` tuple of them for several columns);
 * - a root list's cursor, in a gateway of one local district, is the gateway's merged cursor
 *   (gateway/merged-cursor.ts) holding the district's own cursor of the row as both its `after`
 *   and `before` position, as `mergeForward`/`mergeBackward` write it for one district's page.
 *
 * The order a cursor follows is the connection's, with the drizzle plugin's tie-breaker appended
 * when it does not already fix a row's position (`orderEntries`), as the plugin does.
 *
 * Only orders over columns whose cursor chunk SQL can write exactly are covered: integers, text,
 * enums, and dates and timestamps kept as strings. Any other (a decimal, a Date object, an
 * expression) is refused by returning undefined, and the read runs on the general path.
 */

/** One column of a connection's order, as the drizzle plugin normalises it. */
export interface OrderEntry {
  /** The column's key in its table (its TypeScript name), as the cursor's record names it. */
  readonly key: string;
  readonly column: Column;
  readonly direction: 'asc' | 'desc';
}

/** Which cursor a connection's edges carry. */
export type CursorFormat = { kind: 'drizzle' } | { kind: 'merged'; districtCode: string };

type ChunkKind = 'number' | 'string';

/** The chunk a column's value is written as in a cursor, or undefined when SQL cannot write it. */
function chunkKind(column: Column): ChunkKind | undefined {
  if (is(column, PgInteger) || is(column, PgSerial) || is(column, PgSmallInt) || is(column, PgBigInt53))
    return 'number';
  if (
    is(column, PgText) ||
    is(column, PgVarchar) ||
    is(column, PgChar) ||
    is(column, PgEnumColumn) ||
    is(column, PgDateString) ||
    // A timestamp read as a string is the database's own text of it (in the session's time
    // zone), which `::text` writes alike.
    is(column, PgTimestampString)
  )
    return 'string';
  return undefined;
}

/**
 * A connection's order as the drizzle plugin pages it: the `orderBy` object's columns in order,
 * then the table's tie-breaker (its primary key) unless a unique set of non-null columns is
 * already ordered on. Undefined when the order is not one cursors can be compiled for.
 */
export function orderEntries(tableName: string, orderBy: unknown): OrderEntry[] | undefined {
  const config = getSchemaConfig(builder);
  const table = config.relations[tableName]?.table as Record<string, unknown> | undefined;
  if (!table) return undefined;
  const entries: OrderEntry[] = [];
  if (orderBy === undefined) {
    for (const column of config.getPrimaryKey(tableName)) {
      entries.push({ key: config.columnToTsName(column), column: column as Column, direction: 'asc' });
    }
  } else if (orderBy && typeof orderBy === 'object' && !Array.isArray(orderBy) && !is(orderBy, Column)) {
    for (const [key, direction] of Object.entries(orderBy)) {
      if (!direction) continue;
      const column = table[key];
      if (!is(column, Column) || (direction !== 'asc' && direction !== 'desc')) return undefined;
      entries.push({ key, column, direction });
    }
  } else {
    return undefined;
  }
  const orders = (column: Column) => entries.some((entry) => entry.column.name === column.name);
  const unique = config
    .getUniqueConstraints(tableName)
    .some((columns) => columns.every((column) => column.notNull && orders(column as Column)));
  if (!unique) {
    const tieBreaker = config.findTieBreaker(tableName);
    const direction = entries.at(-1)?.direction ?? 'asc';
    for (const column of tieBreaker ?? []) {
      if (!orders(column as Column)) {
        entries.push({ key: config.columnToTsName(column), column: column as Column, direction });
      }
    }
  }
  return entries.every((entry) => chunkKind(entry.column) !== undefined) ? entries : undefined;
}

/** The order in SQL over `row` (an alias of the table), reversed when paging backwards. */
export function orderSQL(
  row: Record<string, Column>,
  entries: readonly OrderEntry[],
  backward: boolean,
): SQL {
  return sql.join(
    entries.map((entry) => {
      const ascending = (entry.direction === 'asc') !== backward;
      return sql`${row[entry.key]} ${sql.raw(ascending ? 'asc' : 'desc')}`;
    }),
    sql`, `,
  );
}

/** The row's cursor in SQL, as text. */
export function cursorSQL(
  row: Record<string, Column>,
  entries: readonly OrderEntry[],
  format: CursorFormat,
): SQL {
  const chunk = (entry: OrderEntry) => {
    const prefix = chunkKind(entry.column) === 'number' ? 'N:' : 'S:';
    return sql`(${sql.raw(`'${prefix}'`)} || ${row[entry.key]}::text)`;
  };
  // A tuple is `T:` and the JSON array of its chunks as JSON.stringify writes it (no spaces); a
  // null value is `null` in a tuple and `Z:` alone.
  const serialised =
    entries.length === 1
      ? sql`coalesce(${chunk(entries[0]!)}, 'Z:')`
      : sql`'T:[' || ${sql.join(
          entries.map((entry) => sql`coalesce(to_json(${chunk(entry)})::text, 'null')`),
          sql` || ',' || `,
        )} || ']'`;
  const drizzleCursor = sql`replace(encode(convert_to('DC:' || ${serialised}, 'UTF8'), 'base64'), E'\\n', '')`;
  if (format.kind === 'drizzle') return drizzleCursor;
  const position = sql`json_build_object(${format.districtCode}::text, ${drizzleCursor})::text`;
  // `json_build_object` writes `{"320505" : "…"}`; JSON.stringify writes no spaces: the key is six
  // digits and the value base64, so the one ` : ` is the separator.
  const compact = sql`replace(${position}, '" : "', '":"')`;
  const merged = sql`'sanshe:1:[' || ${compact} || ',' || ${compact} || ']'`;
  return sql`translate(encode(convert_to(${merged}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;
}

/** What a cursor argument says of the position to page from. */
export type CursorPosition =
  /** No cursor: the list is read from its start (or its end, backwards). */
  | { kind: 'none' }
  /** A merged cursor with no position of this district: its whole list, but a previous page. */
  | { kind: 'start' }
  /** The values of the order's columns at the position, in the order's order. */
  | { kind: 'at'; values: readonly unknown[] };

/**
 * The position a cursor argument names, or undefined when the compiled path leaves it to the
 * general path (which reads it, and reports a cursor it does not accept): only a cursor as this
 * gateway writes them, holding a value of the right kind for every column of the order.
 */
export function cursorPosition(
  value: unknown,
  entries: readonly OrderEntry[],
  format: CursorFormat,
  paging: 'after' | 'before',
): CursorPosition | undefined {
  if (value === null || value === undefined || value === '') return { kind: 'none' };
  if (typeof value !== 'string') return undefined;
  let drizzleCursor: string | null;
  if (format.kind === 'merged') {
    try {
      const merged = decodeMergedCursor(value, paging);
      drizzleCursor = (paging === 'after' ? merged.after : merged.before)[format.districtCode] ?? null;
    } catch {
      return undefined;
    }
    if (drizzleCursor === null) return { kind: 'start' };
  } else {
    drizzleCursor = value;
  }
  let parsed: unknown;
  try {
    const decoded = decodeBase64(drizzleCursor);
    if (!decoded.startsWith('DC:')) return undefined;
    parsed = decodeCursorChunk(decoded.slice(3));
  } catch {
    return undefined;
  }
  const values = entries.length === 1 ? [parsed] : parsed;
  if (!Array.isArray(values) || values.length !== entries.length) return undefined;
  const natural = entries.every((entry, index) => {
    const item = values[index];
    return chunkKind(entry.column) === 'number'
      ? typeof item === 'number' && Number.isSafeInteger(item)
      : typeof item === 'string';
  });
  return natural ? { kind: 'at', values } : undefined;
}

/**
 * Rows past the position in the direction paged, as the drizzle plugin's keyset filter selects
 * them: those whose first column differing from the position differs in that direction. `value`
 * gives each column's value in SQL (a literal parameter, or a placeholder filled per request).
 */
export function keysetSQL(
  row: Record<string, Column>,
  entries: readonly OrderEntry[],
  value: (index: number) => SQL,
  paging: 'after' | 'before',
): SQL {
  const parts = entries.map((entry, index) => {
    const ascending = (entry.direction === 'asc') === (paging === 'after');
    const compare = sql`${row[entry.key]} ${sql.raw(ascending ? '>' : '<')} ${value(index)}`;
    const equal = entries.slice(0, index).map((earlier, at) => sql`${row[earlier.key]} = ${value(at)}`);
    return sql.join([...equal, compare], sql` and `);
  });
  return sql`(${sql.join(
    parts.map((part) => sql`(${part})`),
    sql` or `,
  )})`;
}
