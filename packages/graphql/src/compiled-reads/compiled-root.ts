import type { DistrictContext } from '../context.js';

/**
 * How a root query field of the district schema is compiled into the one SQL statement of a read
 * (compiled-reads/compile-read.ts). A root field's resolver is a function the compiler cannot
 * look into, so the field states, next to its definition, the relational query its resolver runs:
 * the same function serves both, and the two cannot disagree.
 *
 * - `lookup`: one row of `table` (a `drizzleField` answering `findFirst`), or null.
 * - `list`: the rows of a `drizzleConnection` over `table`; its `totalCount` counts the same
 *   `where`.
 *
 * `query` answers the relational query's `where` and `orderBy` for the field's arguments, or
 * `undefined` when the arguments name nothing this district holds (the field then answers as
 * its resolver does: null, or an empty page).
 */
export type CompiledRoot =
  | { kind: 'lookup'; table: string; query: RootQuery }
  | { kind: 'list'; table: string; query: RootQuery };

// biome-ignore lint/suspicious/noExplicitAny: a field's coerced arguments, typed by its definition
export type RootQuery = (args: any, ctx: DistrictContext) => RelationalQuery | undefined;

/** The part of a drizzle relational query (v2) a compiled root reads. */
export interface RelationalQuery {
  where?: unknown;
  orderBy?: unknown;
}

export const compiledRootKey = 'sansheCompiledRoot';

/** The GraphQL extension that marks a root field as compilable (spread it into `extensions`). */
export function compiledRoot(root: CompiledRoot) {
  return { [compiledRootKey]: root };
}

export function readCompiledRoot(extensions: Record<string, unknown> | null | undefined) {
  return extensions?.[compiledRootKey] as CompiledRoot | undefined;
}
