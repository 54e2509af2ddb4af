import { brandWithType } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { isObjectType } from 'graphql';
import type { DistrictContext } from '../context.js';
import { type DrizzleSchemaConfig, findFirst, primaryKeyOf, selectionQuery } from './selection-query.js';

/** The record `node(id:)` names: its type and key (docs/architecture.md §1: district, local id). */
export interface NodeTarget {
  typename: string;
  districtCode: string;
  /** 0 for a district, whose key is its code alone. */
  localId: number;
}

/**
 * `node(id:)`'s record, loaded with the selection the request asks of it in one statement, or
 * null when it does not exist; undefined when the type is not a drizzle table of this schema.
 *
 * The relay plugin's own resolution goes through the drizzle plugin's batch loader, which waits
 * for a timer (1 ms on Node) before each batch, so that lookups made in the same tick share one
 * statement: every `node` paid the wait. A request rarely holds more than one `node` field, and
 * each has its own selection, so each loads at once instead.
 */
export async function loadNode(
  config: DrizzleSchemaConfig,
  ctx: DistrictContext,
  info: GraphQLResolveInfo,
  target: NodeTarget,
): Promise<Record<string, unknown> | null | undefined> {
  const type = info.schema.getType(target.typename);
  const tableName = isObjectType(type) ? type.extensions.pothosDrizzleModel : undefined;
  if (typeof tableName !== 'string') return undefined;
  const keyValues: Record<string, unknown> = { districtCode: target.districtCode, id: target.localId };
  const keyColumns = primaryKeyOf(config, tableName);
  if (!keyColumns.every((column) => column in keyValues)) return undefined;
  const key = Object.fromEntries(keyColumns.map((column) => [column, keyValues[column]]));
  const row = await findFirst(ctx, tableName, await selectionQuery(config, ctx, info, key, target.typename));
  if (!row) return null;
  // What the Node interface resolves the row's type by, as the relay plugin brands what it loads.
  brandWithType(row, target.typename as never);
  return row;
}
