import { type Column, type SQL, sql } from 'drizzle-orm';

/**
 * A field computed from its row's columns can say how to compute it in SQL, next to its resolver,
 * so the compiled path (compile-read.ts) covers it too: `value` gets the row's table (an alias)
 * and answers the field's value, which the compiler serialises as the field's GraphQL type. The
 * differential test (test/compiled-reads.test.ts) requires both to agree.
 */
// biome-ignore lint/suspicious/noExplicitAny: the row's table, an alias indexed by column key
export type CompiledValue = (row: any) => SQL;

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
