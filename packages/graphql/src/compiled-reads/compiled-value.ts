import type { SQL } from 'drizzle-orm';

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
