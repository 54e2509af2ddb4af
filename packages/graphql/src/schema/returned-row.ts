import { DrizzleObjectRef, getSchemaConfig } from '@pothos/plugin-drizzle';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../builder.js';
import type { DistrictContext } from '../context.js';
import { findFirst, primaryKeyOf, rowSatisfies, selectionQuery } from './selection-query.js';

/**
 * What a mutation answers with: the row core's service returned (the whole row, as written),
 * unless the request selects more than that row holds (a relation such as `community`, a count),
 * then the row loaded again with exactly that selection, in one statement.
 *
 * Either way the selection is planned through the drizzle plugin first, so the fields beneath
 * the result know their data is on the row they get. A row the plugin did not load itself would
 * otherwise be read back field by field through its fallback loader: one more statement for
 * the row the service had just returned, after a timer (docs/architecture.md §7).
 *
 * `type` is the mutation's declared result type; anything but a drizzle object passes as it is.
 */
export async function returnedRow<Result>(
  type: unknown,
  result: Result,
  ctx: DistrictContext,
  info: GraphQLResolveInfo,
): Promise<Result> {
  if (!(type instanceof DrizzleObjectRef) || typeof result !== 'object' || result === null) return result;
  const config = getSchemaConfig(builder);
  const { tableName } = type;
  const row = result as Record<string, unknown>;
  const keyColumns = primaryKeyOf(config, tableName);
  // Not a row of the table after all: the plugin's own fallback decides what to do with it.
  if (!keyColumns.every((column) => row[column] !== undefined && row[column] !== null)) return result;
  const key = Object.fromEntries(keyColumns.map((column) => [column, row[column]]));
  const query = await selectionQuery(config, ctx, info, key);
  if (rowSatisfies(config, tableName, row, query)) return result;
  const loaded = await findFirst(ctx, tableName, query);
  // The service has just written and returned this row, so it is there; if a concurrent write
  // removed it since, there is nothing true to answer with.
  if (!loaded) throw new Error(`The ${tableName} row the mutation returned is gone.`);
  // Over the service's row, so anything it returned beside the columns stays for the resolvers.
  return { ...row, ...loaded } as Result;
}
