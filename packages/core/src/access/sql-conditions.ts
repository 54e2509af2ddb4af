import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * The building blocks every visibility file writes its SQL conditions with (visibility.ts,
 * chain-visibility.ts, volunteer-visibility.ts, time-bank-visibility.ts), written once.
 */

/** The columns a condition reads, by name, from a table or an alias of it. */
export type Columns<K extends string> = Record<K, AnyPgColumn>;

export const always: SQL = sql`true`;
export const never: SQL = sql`false`;

/** `"table" "alias"`: a drizzle alias renders as its name alone, so a FROM names the table too. */
export function fromAlias(table: PgTable, aliased: PgTable): SQL {
  return sql`${table} ${aliased}`;
}

/** The LIKE pattern of the codes under a unit's code prefix. */
export function prefixPattern(prefix: string): string {
  return `${prefix}%`;
}
