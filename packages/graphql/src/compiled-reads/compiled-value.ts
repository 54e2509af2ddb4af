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

/**
 * `encodeGlobalId(typename, districtCode, localId)` in SQL: base64url without padding of
 * `<typename>:<district>:<local id>`. Null when the local id is null, as `globalIdOr` answers.
 */
export function globalIdSQL(typename: string, districtCode: SQL | Column, localId: SQL | Column): SQL {
  if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(typename)) throw new Error(`Not a GraphQL type name: ${typename}`);
  const text = sql`${sql.raw(`'${typename}'::text`)} || ':' || ${districtCode} || ':' || ${localId}`;
  return sql`translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;
}

/** An instant as the `DateTime` scalar serialises it (`new Date(value).toISOString()`), in SQL. */
export function dateTimeSQL(instant: SQL | Column): SQL {
  return sql`to_char(${instant} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export const compiledJsonKey = 'sansheCompiledJson';

/**
 * The extension of a field whose value is an object, or a list of objects, of a type without a
 * table of its own (a summary, the lines a document holds): `value` answers it in SQL as `jsonb`,
 * an object (or an array of objects) whose keys are the type's field names, each holding that
 * field's value as GraphQL serialises it (a `DateTime` as `toISOString()` writes it). The
 * compiler takes the selected fields from it: every field of the type must be exposed under its
 * own name (`t.expose*`) and be a scalar or a list of scalars, or an enum (the key holds its value, as a resolver answers it) — or be marked
 * `compiledJsonField()` — or itself be marked `compiledJson`: its `value` then gets the object's
 * `jsonb` as the row. The field's arguments are handed as `compiledValue` hands them (a nested
 * field takes none). Anything but an object (an array) answers null, as a resolver answering none.
 */
export function compiledJson<Args = Record<string, never>>(
  // biome-ignore lint/suspicious/noExplicitAny: the row's table, an alias indexed by column key
  value: (row: any, ctx: DistrictContext, args: Args) => SQL,
) {
  return { [compiledJsonKey]: value };
}

export const compiledJsonFieldKey = 'sansheCompiledJsonField';

/**
 * The extension of a field of a type answered by `compiledJson` that is not exposed but whose
 * resolver computes its value from the object (an id encoded, an instant formatted, an enum's
 * value cast): the `jsonb` holds it computed, under the field's name, as an exposed field's.
 */
export function compiledJsonField() {
  return { [compiledJsonFieldKey]: true };
}

export function readCompiledJson(extensions: Record<string, unknown> | null | undefined) {
  return extensions?.[compiledJsonKey] as CompiledValue | undefined;
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
