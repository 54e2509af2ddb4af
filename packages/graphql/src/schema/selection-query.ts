import { type getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { getColumns } from 'drizzle-orm';
import type { GraphQLResolveInfo } from 'graphql';
import type { DistrictContext } from '../context.js';

/**
 * Loading a row for a field the way the drizzle plugin's own fields do, from resolvers that are
 * not drizzle fields (`node`, a mutation's result). `config` is the plugin's view of the schema,
 * `getSchemaConfig(builder)`.
 */

/** The drizzle plugin's view of the schema: its tables, their keys and column names. */
export type DrizzleSchemaConfig = ReturnType<typeof getSchemaConfig>;

/** What `selectionQuery` gives: a drizzle relational query (`columns`, `with`, `extras` …). */
export interface SelectionQuery {
  columns?: Record<string, boolean>;
  with?: Record<string, unknown>;
  extras?: Record<string, unknown>;
  where: Record<string, unknown>;
}

/**
 * The relational query that loads what the field `info` resolves needs of a row: the columns and
 * relations its selection reads, narrowed by `where`. Through the plugin's `queryFromInfo`, so
 * building it also records where each field beneath finds its data: those fields then read the
 * row this query loads (or a row carrying the same) instead of loading it again, one at a time.
 * `typeName` names the type when the field returns an interface (`node`); without it the field's
 * own return type is planned, through the errors plugin's result union to its `data`.
 */
export async function selectionQuery(
  config: DrizzleSchemaConfig,
  ctx: DistrictContext,
  info: GraphQLResolveInfo,
  where: Record<string, unknown>,
  typeName?: string,
): Promise<SelectionQuery> {
  return (await queryFromInfo({
    config,
    context: ctx,
    info,
    ...(typeName === undefined ? {} : { typeName }),
    // A select beneath the field may be asynchronous; awaiting covers both.
    awaitSelections: true,
    where,
  })) as SelectionQuery;
}

/** `db.query.<table>.findFirst`: one row of a table of the district's database. */
export function findFirst(
  ctx: DistrictContext,
  tableName: string,
  query: SelectionQuery,
): Promise<Record<string, unknown> | undefined> {
  const tables = ctx.district.db.query as unknown as Record<
    string,
    { findFirst(query: SelectionQuery): Promise<Record<string, unknown> | undefined> }
  >;
  const table = tables[tableName];
  if (!table) throw new Error(`No table ${tableName} in the district database.`);
  return table.findFirst(query);
}

/** The property names of a table's primary key columns, in key order. */
export function primaryKeyOf(config: DrizzleSchemaConfig, tableName: string): string[] {
  return config.getPrimaryKey(tableName).map((column) => config.columnToTsName(column));
}

/**
 * Whether `row` already holds everything `query` would load: no relation and no computed value,
 * and every column it names. Loading it again would then only read back what is there.
 */
export function rowSatisfies(
  config: DrizzleSchemaConfig,
  tableName: string,
  row: Record<string, unknown>,
  query: SelectionQuery,
): boolean {
  if (Object.keys(query.with ?? {}).length > 0 || Object.keys(query.extras ?? {}).length > 0) return false;
  const columns = Object.entries(query.columns ?? {});
  // drizzle reads `columns` as the columns to include when any is true, else as those to leave
  // out of all of them (and no `columns` at all as every column).
  const wanted = columns.some(([, included]) => included)
    ? columns.filter(([, included]) => included).map(([column]) => column)
    : Object.keys(getColumns(config.relations[tableName]!.table)).filter(
        (column) => query.columns?.[column] !== false,
      );
  return wanted.every((column) => column in row);
}
