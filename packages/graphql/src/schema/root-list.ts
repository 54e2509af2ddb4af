import { compiledRoot, type RootQuery } from '../compiled-reads/compiled-root.js';
import { type FieldRoute, routeExtension } from '../gateway/routes.js';

type SortFields = Extract<FieldRoute, { kind: 'fanOutConnection' }>['sortFields'];

/**
 * The extensions of a root list of the district schema: a city fans it out to the districts its
 * `filter` reaches and merges their pages by `sortFields` (gateway/routes.ts), and a gateway of one
 * local district compiles it into one statement from `query`, the relational query its resolver
 * runs too (compiled-reads/compiled-root.ts).
 */
export function rootListExtensions(sortFields: SortFields, compiled: { table: string; query: RootQuery }) {
  return {
    ...routeExtension({ kind: 'fanOutConnection', filterArg: 'filter', sortFields }),
    ...compiledRoot({ kind: 'list', ...compiled }),
  };
}
