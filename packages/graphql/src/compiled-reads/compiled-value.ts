import { type Column, type SQL, sql } from 'drizzle-orm';
import type { DistrictContext } from '../context.js';

/**
 * A field computed from its row's columns can say how to compute it in SQL, next to its resolver,
 * so the compiled path (compile-read.ts) covers it too: `value` gets the row's table (an alias),
 * the request's context and the field's arguments (as the resolver gets them), and answers the
 * field's value, which the compiler serialises as the field's GraphQL type. Arguments' values are
 * written into the statement: a variable that fills one is part of the statement's key. The differential test (test/compiled-reads.test.ts) requires both to agree.
 *
 * What it reads of the context is written into the statement: the caller's standing is part of
 * the statement's key, and so is its id once read (`ctx.actor.id`, compiled-reads-plugin.ts); a
 * value of the day must be today in China, the key's day.
 */
// biome-ignore lint/suspicious/noExplicitAny: the row's table, an alias indexed by column key
export type CompiledValue = (row: any, ctx: DistrictContext, args: any) => SQL;

export const compiledValueKey = 'sansheCompiledValue';

export function compiledValue<Args = Record<string, never>>(
  // biome-ignore lint/suspicious/noExplicitAny: the row's table, an alias indexed by column key
  value: (row: any, ctx: DistrictContext, args: Args) => SQL,
) {
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

export const compiledPlannedRelationKey = 'sansheCompiledPlannedRelation';

/**
 * The extension of a field whose `select` plans one relation of its row (`{ with: { name:
 * nestedSelection(query) } }`) and whose resolver answers the rows it reads as they come (a list
 * field) or the first of them, or null (an object field): the compiler reads the same query in the
 * statement. For the records in force on a day (`currentGrade`, a grid's `boundary`, its `team`),
 * where the query's `where` and order say which.
 */
export function compiledPlannedRelation() {
  return { [compiledPlannedRelationKey]: true };
}

export function isCompiledPlannedRelation(extensions: Record<string, unknown> | null | undefined): boolean {
  return extensions?.[compiledPlannedRelationKey] === true;
}
