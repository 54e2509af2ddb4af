import { type Column, type SQL, sql } from 'drizzle-orm';
import type { DistrictContext } from '../context.js';

/**
 * A field computed from its row's columns can say how to compute it in SQL, next to its resolver,
 * so the compiled path (compile-read.ts) covers it too: `value` gets the row's table (an alias)
 * and the request's context, and answers the field's value, which the compiler serialises as the
 * field's GraphQL type. The differential test (test/compiled-reads.test.ts) requires both to agree.
 *
 * What it reads of the context is written into the statement: the caller's standing is part of
 * the statement's key, and so is its id once read (`ctx.actor.id`, compiled-reads-plugin.ts); a
 * value of the day must be today in China, the key's day.
 */
// biome-ignore lint/suspicious/noExplicitAny: the row's table, an alias indexed by column key
export type CompiledValue = (row: any, ctx: DistrictContext) => SQL;

export const compiledValueKey = 'sansheCompiledValue';

export function compiledValue(value: CompiledValue) {
  return { [compiledValueKey]: value };
}

export function readCompiledValue(extensions: Record<string, unknown> | null | undefined) {
  return extensions?.[compiledValueKey] as CompiledValue | undefined;
}

/**
 * The name a table of codes gives a column's value, in SQL, as `names[value]` reads it in
 * JavaScript: the table is one parameter (JSON), so the statement stays small whatever its size;
 * `otherwise` answers a value the table does not hold (null when not given).
 */
export function codeNameSQL(
  value: SQL | Column,
  names: Readonly<Record<string, string>>,
  otherwise?: SQL,
): SQL {
  const named = sql`(${JSON.stringify(names)}::jsonb ->> (${value})::text)`;
  return otherwise ? sql`coalesce(${named}, ${otherwise})` : named;
}
