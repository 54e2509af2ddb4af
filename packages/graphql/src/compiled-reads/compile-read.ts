import { isScopedRecordKind, relations, seesWholeDistrict, visibleRecordSQL } from '@sanshe/core';
import {
  Column,
  getTableAsAliasSQL,
  is,
  Placeholder,
  type Relation,
  relationsFilterToSQL,
  relationsOrderToSQL,
  relationToSQL,
  type SQL,
  sql,
  type Table,
} from 'drizzle-orm';
import { alias, getTableConfig } from 'drizzle-orm/pg-core';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLEnumType,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isObjectType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { authScopesOf, maxPageSize } from '../builder.js';
import type { DistrictContext } from '../context.js';
import { filterReaches } from '../gateway/district-call.js';
import { readRoute } from '../gateway/routes.js';
import { decodeGlobalId } from '../global-id.js';
import { recordKindOfType } from '../schema/visibility.js';
import { isConnectionType } from '../server/row-budget-plugin.js';
import { readCompiledRoot } from './compiled-root.js';
import {
  compiledJsonFieldKey,
  dateTimeSQL,
  globalIdSQL,
  isCompiledPlannedRelation,
  readCompiledJson,
  readCompiledValue,
} from './compiled-value.js';
import {
  type CursorFormat,
  type CursorPosition,
  cursorPosition,
  cursorSQL,
  keysetSQL,
  type OrderEntry,
  orderEntries,
  orderSQL,
} from './connection-cursors.js';
import type { ParameterKind } from './statement-parameters.js';

/**
 * The compiler of reads (issue 21, docs/architecture.md §7): a query operation of the district
 * schema becomes ONE SQL statement whose single value is the response's `data`, built as JSON by
 * the database in the order and under the names the operation asks. Nothing of graphql-js's
 * execution runs for it: no resolver, no per-row wrapper, no second pass over the rows.
 *
 * The compiler reads what it needs from the schema itself, so every type the drizzle plugin
 * builds compiles without being listed:
 * - a field exposed from a column (`t.exposeString('name')`), and an enum field that selects the
 *   one column of its own name (`select: { columns: { status: true } }`), serialised as the
 *   field's GraphQL type serialises it (DateTime in UTC, enum values by name);
 * - a node's `id`, encoded in SQL exactly as `encodeGlobalId` does;
 * - `t.relation` and `t.relatedConnection`: the drizzle plugin's own planning callback is asked
 *   for the relational query it would run (relation, `where` with visibility, order, page), and
 *   drizzle's own functions turn that into SQL, so filters, jurisdiction and order are the very
 *   ones the general path applies;
 * - root fields that declare their relational query (`compiledRoot`, next to their resolver)
 *   and `node(id:)`, with core's visibility rule of the record's kind (`visibleRecordSQL`);
 * - connections paged either way, with their cursors written and read as the general path's
 *   (connection-cursors.ts).
 *
 * Anything else (a field computed in JavaScript, a cursor it did not write, mixed paging
 * directions, a directive other than `@skip`/`@include`) throws
 * {@link NotCompilable}; the operation then runs on the general path, which also reports every
 * error (a bad argument is never answered here). A differential test requires both paths to give
 * identical responses (test/compiled-reads.test.ts).
 */
export class NotCompilable extends Error {
  constructor(readonly reason: string) {
    super(`not compilable: ${reason}`);
  }
}

/**
 * The value of a parameter variable is outside what a statement shared by every value can take
 * (a code of another district, an id of another type): the operation is compiled again with its
 * values written in, and only for them.
 */
export class NotCompilableForValue extends NotCompilable {}

/** A check a parameter variable's value must pass for a shared statement to answer it. */
export type ParameterGuard = (variables: Readonly<Record<string, unknown>>) => boolean;
/** How a placeholder of the statement gets its value from the request's variables. */
export type ParameterFiller = (variables: Readonly<Record<string, unknown>>) => unknown;

/** A compiled read: its statement, and for its placeholders, their guards and values. */
export interface CompiledRead {
  readonly statement: SQL;
  /** Every guard must pass for the statement to answer a request's variables. */
  readonly guards: readonly ParameterGuard[];
  /** The value of each placeholder (`sql.placeholder(name)`) of the statement, by name. */
  readonly fillers: ReadonlyMap<string, ParameterFiller>;
}

/** Core's relational config, read by table name. */
const tables = relations as unknown as Readonly<
  Record<string, { table: Table; relations: Record<string, Relation> } | undefined>
>;

/** PostgreSQL's limit on a function's arguments: json_build_object takes 50 pairs. */
const maxFieldsPerObject = 50;

// biome-ignore lint/suspicious/noExplicitAny: drizzle tables and aliases, indexed by column key
type AnyTable = any;

interface Scope {
  readonly schema: GraphQLSchema;
  readonly ctx: DistrictContext;
  /**
   * The variables as the arguments read them: a parameter variable's value is a placeholder of
   * its name (drizzle's `sql.placeholder`), so that whatever passes it to SQL passes the
   * placeholder.
   */
  readonly variables: Readonly<Record<string, unknown>>;
  /** The request's own values, parameter variables included (for the checks of their guards). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly guards: ParameterGuard[];
  readonly fillers: Map<string, ParameterFiller>;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  aliases: number;
}

/**
 * The statement answering `operation`, whose one row's `data` column is the response's data.
 * The variables named in `parameters` (statement-parameters.ts) are placeholders of the statement,
 * filled from each request's variables once its guards pass; every other variable's value is
 * written into the statement as the general path would use it.
 * @throws {NotCompilable} when any part of the operation is outside what the compiler covers,
 *   {@link NotCompilableForValue} when only this request's value of a parameter is.
 */
export function compileRead(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  values: Readonly<Record<string, unknown>>,
  ctx: DistrictContext,
  parameters: ReadonlyMap<string, ParameterKind> = new Map(),
): CompiledRead {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variables: Record<string, unknown> = { ...values };
  const guards: ParameterGuard[] = [];
  const fillers = new Map<string, ParameterFiller>();
  for (const [name, kind] of parameters) {
    // A cursor may be null (no cursor); the connection checks the position it names.
    if (kind === 'cursor') {
      variables[name] = sql.placeholder(name);
      continue;
    }
    // Any other parameter is a string (String or ID): anything else is compiled for its value.
    if (typeof values[name] !== 'string') throw new NotCompilableForValue(`$${name} is not a string`);
    variables[name] = sql.placeholder(name);
    guards.push((request) => typeof request[name] === 'string');
    fillers.set(name, (request) => request[name]);
  }
  const scope: Scope = { schema, ctx, variables, values, guards, fillers, fragments, aliases: 0 };
  const queryType = schema.getQueryType()!;
  const fields = collectFields(scope, queryType, [operation.selectionSet]);
  const pairs: [string, SQL][] = [];
  for (const [key, nodes] of fields) {
    const name = nodes[0]!.name.value;
    pairs.push([key, name === '__typename' ? literal(queryType.name) : rootField(scope, queryType, nodes)]);
  }
  return { statement: sql`select ${jsonObject(pairs)} as data`, guards, fillers };
}

/** The request's value of a placeholder's variable, where the compiler must check it. */
function requestValueOf(scope: Scope, value: unknown): unknown {
  return is(value, Placeholder) ? scope.values[value.name] : value;
}

// ---- selections -------------------------------------------------------------------------------

/** The fields of `selectionSets` that apply to `type`, by response key in document order. */
function collectFields(
  scope: Scope,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  into = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if (!isIncluded(scope, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const seen = into.get(key);
        if (seen) seen.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesTo(type, selection.typeCondition?.name.value)) {
          collectFields(scope, type, [selection.selectionSet], into, visited);
        }
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = scope.fragments.get(name);
        if (!fragment) throw new NotCompilable(`unknown fragment ${name}`);
        if (appliesTo(type, fragment.typeCondition.name.value)) {
          collectFields(scope, type, [fragment.selectionSet], into, visited);
        }
      }
    }
  }
  return into;
}

function appliesTo(type: GraphQLObjectType, condition: string | undefined): boolean {
  return (
    condition === undefined ||
    condition === type.name ||
    type.getInterfaces().some((face) => face.name === condition)
  );
}

function isIncluded(scope: Scope, node: FieldNode | SelectionSetNode['selections'][number]): boolean {
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') throw new NotCompilable(`directive @${name}`);
  }
  if (!node.directives?.length) return true;
  const skip = getDirectiveValues(GraphQLSkipDirective, node, scope.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, scope.variables);
  return include?.if !== false;
}

function subSelections(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
}

// biome-ignore lint/suspicious/noExplicitAny: graphql's field of any source and context
type AnyField = GraphQLField<any, any>;

function argumentsOf(scope: Scope, field: AnyField, node: FieldNode): Record<string, unknown> {
  const mappers = field.extensions?.pothosArgMappers as Record<string, unknown> | unknown[] | undefined;
  if (mappers && Object.keys(mappers).length > 0)
    throw new NotCompilable(`mapped arguments of ${field.name}`);
  return getArgumentValues(field, node, scope.variables);
}

// ---- JSON in SQL ------------------------------------------------------------------------------

/** A text literal: type names and response keys are GraphQL names ([_A-Za-z][_0-9A-Za-z]*). */
function literal(text: string): SQL {
  if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(text)) throw new NotCompilable(`name ${text}`);
  return sql.raw(`'${text}'::text`);
}

function jsonObject(pairs: readonly (readonly [string, SQL])[]): SQL {
  if (pairs.length > maxFieldsPerObject) throw new NotCompilable('more than 50 fields in one object');
  if (pairs.length === 0) return sql`json_build_object()`;
  // `json`, not `jsonb`: json keeps the keys in the order written, which is the selection's.
  return sql`json_build_object(${sql.join(
    pairs.map(([key, value]) => sql`${literal(key)}, ${value}`),
    sql`, `,
  )})`;
}

function nextAlias(scope: Scope): string {
  scope.aliases += 1;
  return `q${scope.aliases}`;
}

// ---- drizzle objects --------------------------------------------------------------------------

interface TableOfType {
  readonly tableName: string;
  readonly table: Table;
}

function tableOfType(type: GraphQLObjectType): TableOfType {
  const tableName = type.extensions?.pothosDrizzleModel;
  const table = typeof tableName === 'string' ? tables[tableName]?.table : undefined;
  if (typeof tableName !== 'string' || !table) throw new NotCompilable(`${type.name} is not a table`);
  return { tableName, table };
}

function aliasOf(scope: Scope, table: Table): AnyTable {
  return alias(table as AnyTable, nextAlias(scope));
}

/** `type`'s selection over the row `row` (an alias of its table) as one JSON object. */
function objectOf(
  scope: Scope,
  type: GraphQLObjectType,
  row: AnyTable,
  tableName: string,
  nodes: readonly FieldNode[],
): SQL {
  requireScopes(scope, type.name, type.extensions);
  for (const face of type.getInterfaces()) requireScopes(scope, type.name, face.extensions);
  const fields = collectFields(scope, type, subSelections(nodes));
  const pairs: [string, SQL][] = [];
  for (const [key, fieldNodes] of fields) {
    const name = fieldNodes[0]!.name.value;
    if (name === '__typename') {
      pairs.push([key, literal(type.name)]);
      continue;
    }
    const field = type.getFields()[name];
    if (!field) throw new NotCompilable(`${type.name}.${name}`);
    pairs.push([key, fieldOf(scope, type, field, row, tableName, fieldNodes)]);
  }
  return jsonObject(pairs);
}

function fieldOf(
  scope: Scope,
  type: GraphQLObjectType,
  field: AnyField,
  row: AnyTable,
  tableName: string,
  nodes: readonly FieldNode[],
): SQL {
  const extensions = field.extensions ?? {};
  const where = `${type.name}.${field.name}`;
  requireScopes(scope, where, extensions);
  if (field.name === 'id' && type.getInterfaces().some((face) => face.name === 'Node')) {
    return globalIdOf(type, row, tableOfType(type).table);
  }
  const computed = readCompiledValue(extensions);
  if (computed) {
    const args = field.args.length > 0 ? argumentsOf(scope, field, nodes[0]!) : {};
    return serialised(where, field.type, computed(row, scope.ctx, args));
  }
  const json = readCompiledJson(extensions);
  if (json) {
    const args = field.args.length > 0 ? argumentsOf(scope, field, nodes[0]!) : {};
    return jsonSelection(scope, where, field.type, json(row, scope.ctx, args), nodes);
  }
  const exposed = extensions.pothosExposedField;
  if (typeof exposed === 'string') {
    if (field.args.length > 0) throw new NotCompilable(where);
    return serialised(where, field.type, columnOf(row, exposed, where));
  }
  const select = extensions.pothosDrizzleSelect;
  if (typeof select === 'function' && extensions.pothosDrizzleLoaded) {
    return relationOf(scope, type, field, row, tableName, nodes);
  }
  if (typeof select === 'function' && isCompiledPlannedRelation(extensions)) {
    return relationOf(scope, type, field, row, tableName, nodes, { planned: true });
  }
  // An enum read from the one column of its name: its resolver only narrows the column's type.
  if (select && typeof select === 'object' && field.args.length === 0) {
    const { columns, ...rest } = select as { columns?: Record<string, unknown> };
    const keys = Object.keys(columns ?? {});
    const named = getNamedType(field.type);
    if (Object.keys(rest).length === 0 && keys.length === 1 && keys[0] === field.name && isEnumType(named)) {
      return serialised(where, field.type, columnOf(row, field.name, where));
    }
  }
  throw new NotCompilable(where);
}

/** The selection of a field marked with `compiledJson`, from the `jsonb` its value answers. */
function jsonSelection(
  scope: Scope,
  where: string,
  type: GraphQLOutputType,
  value: SQL,
  nodes: readonly FieldNode[],
): SQL {
  const objectType = getNamedType(type);
  if (!isObjectType(objectType)) throw new NotCompilable(where);
  const holder = nextAlias(scope);
  const json = sql.raw(`${holder}.j`);
  if (!isListType(getNullableType(type))) {
    const object = jsonProjection(scope, objectType, json, nodes);
    return sql`(select case when jsonb_typeof(${json}) = 'object' then ${object} end from (select (${value}) as j) as ${sql.raw(holder)})`;
  }
  const elements = nextAlias(scope);
  const element = sql.raw(`${elements}.e`);
  const object = jsonProjection(scope, objectType, element, nodes);
  return sql`(select case when jsonb_typeof(${json}) = 'array' then (select coalesce(json_agg(${object} order by ${sql.raw(`${elements}.n`)}), '[]'::json) from jsonb_array_elements(${json}) with ordinality as ${sql.raw(elements)}(e, n)) end from (select (${value}) as j) as ${sql.raw(holder)})`;
}

/** `type`'s selection from a `jsonb` object keyed by its field names (see compiledJson). */
function jsonProjection(
  scope: Scope,
  type: GraphQLObjectType,
  object: SQL,
  nodes: readonly FieldNode[],
): SQL {
  const pairs: [string, SQL][] = [];
  for (const [key, fieldNodes] of collectFields(scope, type, subSelections(nodes))) {
    const name = fieldNodes[0]!.name.value;
    if (name === '__typename') {
      pairs.push([key, literal(type.name)]);
      continue;
    }
    const field = type.getFields()[name];
    const nested = readCompiledJson(field?.extensions);
    if (field && nested && field.args.length === 0) {
      requireScopes(scope, `${type.name}.${name}`, field.extensions);
      pairs.push([
        key,
        jsonSelection(scope, `${type.name}.${name}`, field.type, nested(object, scope.ctx, {}), fieldNodes),
      ]);
      continue;
    }
    const named = field && getNamedType(field.type);
    const keyed =
      (field?.extensions?.pothosExposedField === name ||
        field?.extensions?.[compiledJsonFieldKey] === true) &&
      field.args.length === 0;
    if (keyed && isEnumType(named) && !isListType(getNullableType(field.type))) {
      pairs.push([key, enumName(named, sql`(${object} ->> ${literal(name)})`)]);
      continue;
    }
    const plain =
      keyed &&
      isScalarType(named) &&
      ['String', 'Int', 'Float', 'Boolean', 'ID', 'Date', 'DateTime'].includes(named.name);
    if (!plain) throw new NotCompilable(`${type.name}.${name}`);
    pairs.push([key, sql`(${object} -> ${literal(name)})`]);
  }
  return jsonObject(pairs);
}

/**
 * A field or type behind `authScopes` compiles only for a caller holding one of the scopes it
 * names (scope-auth's "any"): they are a function of the caller's standing (authScopesOf), which
 * is part of the statement's key. Another form of scopes, and a caller without them, answer on the
 * general path, with its FORBIDDEN error.
 */
function requireScopes(
  scope: Scope,
  where: string,
  extensions: Record<string, unknown> | null | undefined,
): void {
  const scopes = (extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
  if (scopes === undefined) return;
  const held: Record<string, boolean> = authScopesOf(scope.ctx);
  const named = scopes && typeof scopes === 'object' ? Object.entries(scopes) : [];
  const plain = named.length > 0 && named.every(([name, value]) => value === true && name in held);
  if (!plain || !named.some(([name]) => held[name])) throw new NotCompilable(where);
}

function columnOf(row: AnyTable, key: string, where: string): Column {
  const column = row[key];
  if (!is(column, Column)) throw new NotCompilable(`${where}: no column ${key}`);
  return column;
}

/**
 * `encodeGlobalId(typename, districtCode, localId)`, base64url without padding, in SQL. A node's
 * id is its table's primary key: (district_code, id) for a district's records, the code alone for
 * the district itself (`encodePothosId`).
 */
function globalIdOf(type: GraphQLObjectType, row: AnyTable, table: Table): SQL {
  const config = getTableConfig(table as AnyTable);
  const key = config.primaryKeys[0]?.columns ?? config.columns.filter((column) => column.primary);
  const names = key.map((column) => column.name);
  const byName = (name: string) => {
    const entry = Object.entries(table as unknown as Record<string, unknown>).find(
      ([, column]) => is(column, Column) && column.name === name,
    );
    return entry ? (row[entry[0]] as Column) : undefined;
  };
  const [districtColumn, localColumn] =
    names.length === 2 && names[0] === 'district_code' && names[1] === 'id'
      ? [byName('district_code'), byName('id')]
      : names.length === 1 && names[0] === 'district_code'
        ? [byName('district_code'), byName('district_code')]
        : [undefined, undefined];
  if (!districtColumn || !localColumn) throw new NotCompilable(`${type.name}.id`);
  return globalIdSQL(type.name, districtColumn, localColumn);
}

/** A column's value as the field's GraphQL type serialises it. */
function serialised(where: string, type: GraphQLOutputType, column: Column | SQL): SQL {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const item = getNamedType(nullable);
    if (isEnumType(item)) {
      return sql`case when ${column} is null then null else coalesce((select json_agg(${enumName(item, sql.raw('u.item'))} order by u.position) from unnest(${column}) with ordinality as u(item, position)), '[]'::json) end`;
    }
    if (isScalarType(item) && ['String', 'Int', 'Float', 'Boolean', 'ID', 'Date'].includes(item.name)) {
      return sql`to_json(${column})`;
    }
    throw new NotCompilable(where);
  }
  if (isEnumType(nullable)) return enumName(nullable, column);
  if (!isScalarType(nullable)) throw new NotCompilable(where);
  switch (nullable.name) {
    case 'String':
    case 'ID':
    case 'Int':
    case 'Float':
    case 'Boolean':
    case 'Date':
    case 'Fen':
    // A jsonb column as it is: the driver parses it into the object the resolver answers, keys
    // in jsonb's order, which json_build_object keeps.
    case 'GeoJSON':
      return sql`${column}`;
    case 'DateTime':
      // `new Date(value).toISOString()`: UTC, milliseconds, Z.
      return dateTimeSQL(column);
    default:
      throw new NotCompilable(`${where}: scalar ${nullable.name}`);
  }
}

function enumName(type: GraphQLEnumType, value: Column | SQL): SQL {
  const cases = type.getValues().map((entry) => {
    if (typeof entry.value !== 'string' || !/^[A-Za-z0-9_]*$/.test(entry.value)) {
      throw new NotCompilable(`enum ${type.name}`);
    }
    return sql.raw(`when '${entry.value}' then '${entry.name}'`);
  });
  return sql`(case ${value} ${sql.join(cases, sql` `)} end)`;
}

// ---- relations and connections ----------------------------------------------------------------

interface RelationalSelect {
  where?: unknown;
  orderBy?: unknown;
  limit?: number;
  offset?: unknown;
}

/**
 * What the drizzle plugin would load for a relation field: its own planning callback, asked with
 * a nested query that only hands back what it is given.
 */
function plannedRelation(
  scope: Scope,
  field: AnyField,
  args: Record<string, unknown>,
  where: string,
): { relationName: string; query: RelationalSelect } {
  const plan = field.extensions.pothosDrizzleSelect as (
    args: unknown,
    ctx: unknown,
    nested: (query: unknown) => unknown,
    selection: () => ReadonlySet<string>,
    pathInfo: unknown,
  ) => unknown;
  let planned: unknown;
  try {
    // `nodes` is named so that a connection plans its rows even when only `totalCount` is asked.
    planned = plan(
      args,
      scope.ctx,
      (query) => query ?? {},
      () => new Set(['nodes']),
      undefined,
    );
  } catch {
    throw new NotCompilable(`${where}: its arguments are refused`);
  }
  const withs = (planned as { with?: Record<string, unknown> } | undefined)?.with;
  const entries = Object.entries(withs ?? {});
  if (entries.length !== 1 || typeof (planned as { then?: unknown }).then === 'function') {
    throw new NotCompilable(where);
  }
  const [relationName, query] = entries[0]!;
  if (!query || typeof query !== 'object' || typeof (query as { then?: unknown }).then === 'function') {
    throw new NotCompilable(where);
  }
  const {
    where: filter,
    orderBy,
    limit,
    offset,
    columns,
    extras,
    ...rest
  } = query as RelationalSelect & {
    columns?: unknown;
    extras?: unknown;
  };
  if (offset !== undefined || extras !== undefined || Object.keys(rest).length > 0) {
    throw new NotCompilable(`${where}: ${Object.keys(rest).join(', ') || 'offset or extras'}`);
  }
  return { relationName, query: { where: filter, orderBy, limit } };
}

function relationOf(
  scope: Scope,
  parentType: GraphQLObjectType,
  field: AnyField,
  parentRow: AnyTable,
  parentTableName: string,
  nodes: readonly FieldNode[],
  { planned = false }: { planned?: boolean } = {},
): SQL {
  const where = `${parentType.name}.${field.name}`;
  const args = argumentsOf(scope, field, nodes[0]!);
  const namedType = getNamedType(field.type);
  const isConnection = isConnectionType(namedType);
  // A connection is planned as its first page read forwards: its `where` then holds no cursor
  // condition (connectionOf adds its own) and counts what every page is taken from, and its order
  // is the connection's own, which connectionOf reverses to page backwards.
  const planArgs = isConnection
    ? { ...args, after: null, before: null, last: null, first: args.first ?? args.last }
    : args;
  const { relationName, query } = plannedRelation(scope, field, planArgs, where);
  const relation = tables[parentTableName]?.relations[relationName];
  if (!relation) throw new NotCompilable(`${where}: relation ${relationName}`);
  const targetTableName = relation.targetTableName;
  const target = tables[targetTableName];
  if (!target) throw new NotCompilable(`${where}: table ${targetTableName}`);
  const row = aliasOf(scope, target.table);
  const through = relation.throughTable ? aliasOf(scope, relation.throughTable as Table) : undefined;
  const joined = relationToSQL(relation, parentRow, row, through);
  const filter = query.where
    ? relationsFilterToSQL(row, query.where as never, target.relations, relations as never)
    : undefined;
  const from = through
    ? sql`${getTableAsAliasSQL(row)} join ${getTableAsAliasSQL(through)} on ${joined.joinCondition}`
    : getTableAsAliasSQL(row);
  const condition = filter ? sql`${joined.filter} and ${filter}` : joined.filter;
  const order = query.orderBy ? relationsOrderToSQL(row, query.orderBy as never) : undefined;

  if (isConnection) {
    return connectionOf(scope, namedType as GraphQLObjectType, args, {
      row,
      tableName: targetTableName,
      from,
      condition,
      countCondition: condition,
      entries: orderEntries(targetTableName, query.orderBy),
      order,
      format: { kind: 'drizzle' },
      nodes,
      where,
    });
  }
  if (!isObjectType(namedType)) throw new NotCompilable(where);
  const object = objectOf(scope, namedType, row, targetTableName, nodes);
  if (relation.relationType === 'one') {
    return sql`(select ${object} from ${from} where ${condition} limit 1)`;
  }
  if (planned && !isListType(getNullableType(field.type))) {
    // The first row of the planned query, as the field's resolver takes it.
    return sql`(select ${object} from ${from} where ${condition}${order ? sql` order by ${order}` : sql``} limit 1)`;
  }
  if (!isListType(getNullableType(field.type))) throw new NotCompilable(where);
  const limit =
    query.limit === undefined ? sql`` : sql` limit ${sql.raw(String(checkedLimit(query.limit, where)))}`;
  const orderBy = order ? sql` order by ${order}` : sql``;
  return sql`coalesce((select json_agg(${object}${orderBy}) from (select ${row}.* from ${from} where ${condition}${orderBy}${limit}) as ${row}), '[]'::json)`;
}

function checkedLimit(limit: unknown, where: string): number {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new NotCompilable(`${where}: limit`);
  }
  return limit;
}

interface ConnectionSource {
  row: AnyTable;
  tableName: string;
  from: SQL;
  condition: SQL | undefined;
  countCondition: SQL | undefined;
  /** The connection's order as the drizzle plugin pages it, when cursors can be compiled for it. */
  entries: readonly OrderEntry[] | undefined;
  /** The order otherwise (read from its start only, without cursors). */
  order: SQL | undefined;
  format: CursorFormat;
  nodes: readonly FieldNode[];
  where: string;
}

/** Which way a connection is paged, how many rows, and from which position. */
interface Paging {
  backward: boolean;
  size: number;
  position: CursorPosition;
  /** The position's values in SQL, by column of the order. */
  value: (index: number) => SQL;
}

/**
 * How the arguments page the connection: forward (`first`, `after`) or backward (`last`,
 * `before`), as the general path reads them. A combination the general path treats specially
 * (both sizes, a cursor of the other direction) is left to it.
 */
function pagingOf(
  scope: Scope,
  args: Record<string, unknown>,
  entries: readonly OrderEntry[] | undefined,
  format: CursorFormat,
  where: string,
): Paging {
  const { first, last } = args;
  const backward = last != null;
  if (backward && first != null) throw new NotCompilable(`${where}: first and last`);
  const size = backward ? last : (first ?? 20);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || size > maxPageSize) {
    throw new NotCompilable(`${where}: page size`);
  }
  const [paging, other] = backward ? (['before', 'after'] as const) : (['after', 'before'] as const);
  const otherPosition = cursorArgument(scope, args[other], entries, format, other, where);
  if (otherPosition.position.kind !== 'none') throw new NotCompilable(`${where}: ${other} with ${paging}`);
  return { backward, size, ...cursorArgument(scope, args[paging], entries, format, paging, where) };
}

/**
 * The position a cursor argument names. A cursor passed as a parameter variable becomes the
 * statement's placeholders (one per column of the order), with a guard that sends a cursor of
 * another kind of position to be compiled for itself.
 */
function cursorArgument(
  scope: Scope,
  argument: unknown,
  entries: readonly OrderEntry[] | undefined,
  format: CursorFormat,
  paging: 'after' | 'before',
  where: string,
): { position: CursorPosition; value: (index: number) => SQL } {
  const read = (text: unknown): CursorPosition | undefined => {
    if (text === null || text === undefined || text === '') return { kind: 'none' };
    return entries ? cursorPosition(text, entries, format, paging) : undefined;
  };
  if (!is(argument, Placeholder)) {
    const position = read(argument);
    if (!position) throw new NotCompilable(`${where}: ${paging}`);
    const values = position.kind === 'at' ? position.values : [];
    return { position, value: (index) => sql`${values[index]}` };
  }
  const variable = argument.name as string;
  const position = read(scope.values[variable]);
  if (!position) throw new NotCompilableForValue(`${where}: ${paging}`);
  // The guard and the fillers of one request read the same value: it is decoded once for them.
  let lastText: unknown;
  let lastPosition: CursorPosition | undefined;
  const positionOf = (text: unknown) => {
    if (text !== lastText) {
      lastPosition = read(text);
      lastText = text;
    }
    return lastPosition;
  };
  scope.guards.push((request) => positionOf(request[variable])?.kind === position.kind);
  if (position.kind !== 'at') return { position, value: () => sql`null` };
  return {
    position,
    value: (index) => {
      const name = `${variable}#${index}`;
      const column = entries![index]!.column;
      scope.fillers.set(name, (request) => {
        const at = positionOf(request[variable]) as Extract<CursorPosition, { kind: 'at' }>;
        return column.mapToDriverValue(at.values[index]);
      });
      return sql`${sql.placeholder(name)}`;
    },
  };
}

/**
 * A Relay connection: a page of `first` rows after the `after` cursor (default 20, from the
 * start), or of `last` rows before `before`, in order, with `hasNextPage` (`hasPreviousPage`
 * backwards) told by reading one row more, as the drizzle plugin and the gateway's merge do.
 */
function connectionOf(
  scope: Scope,
  type: GraphQLObjectType,
  args: Record<string, unknown>,
  source: ConnectionSource,
): SQL {
  const { row, where, entries, format } = source;
  const { backward, size, position, value } = pagingOf(scope, args, entries, format, where);
  const paged = position.kind !== 'none';
  const needsEntries = (what: string) => {
    if (!entries) throw new NotCompilable(`${where}: ${what}`);
    return entries;
  };
  if (backward) needsEntries('paging backwards');
  const filters = [source.condition];
  if (position.kind === 'at') {
    filters.push(keysetSQL(row, needsEntries('a cursor'), value, backward ? 'before' : 'after'));
  }
  const present = filters.filter((filter): filter is SQL => filter !== undefined);
  const condition = present.length > 0 ? sql` where ${sql.join(present, sql` and `)}` : sql``;
  const order = entries ? orderSQL(row, entries, backward) : (source.order ?? sql`1`);
  const cursorOf = () => cursorSQL(row, needsEntries('cursors'), format);
  const fields = collectFields(scope, type, subSelections(source.nodes));
  const onPage = sql`${row}.__position <= ${sql.raw(String(size))}`;
  // The page's rows in the order they are answered: backwards, read in reverse and turned back.
  const pageOrder = sql`${row}.__position${sql.raw(backward ? ' desc' : '')}`;
  const moreThanPage = sql`count(*) > ${sql.raw(String(size))}`;
  const pairs: [string, SQL][] = [];
  let readsRows = false;
  for (const [key, nodes] of fields) {
    const name = nodes[0]!.name.value;
    switch (name) {
      case '__typename':
        pairs.push([key, literal(type.name)]);
        break;
      case 'totalCount': {
        const count = source.countCondition ? sql` where ${source.countCondition}` : sql``;
        pairs.push([key, sql`(select count(*)::int from ${source.from}${count})`]);
        break;
      }
      case 'nodes': {
        readsRows = true;
        const nodeType = getNamedType(type.getFields().nodes!.type) as GraphQLObjectType;
        const object = objectOf(scope, nodeType, row, source.tableName, nodes);
        pairs.push([
          key,
          sql`coalesce(json_agg(${object} order by ${pageOrder}) filter (where ${onPage}), '[]'::json)`,
        ]);
        break;
      }
      case 'edges': {
        readsRows = true;
        const edgeType = getNamedType(type.getFields().edges!.type) as GraphQLObjectType;
        const nodeType = getNamedType(edgeType.getFields().node!.type) as GraphQLObjectType;
        const edgePairs: [string, SQL][] = [];
        for (const [edgeKey, edgeNodes] of collectFields(scope, edgeType, subSelections(nodes))) {
          const edgeField = edgeNodes[0]!.name.value;
          if (edgeField === '__typename') edgePairs.push([edgeKey, literal(edgeType.name)]);
          else if (edgeField === 'node')
            edgePairs.push([edgeKey, objectOf(scope, nodeType, row, source.tableName, edgeNodes)]);
          else if (edgeField === 'cursor') edgePairs.push([edgeKey, cursorOf()]);
          else throw new NotCompilable(`${where}: edges.${edgeField}`);
        }
        pairs.push([
          key,
          sql`coalesce(json_agg(${jsonObject(edgePairs)} order by ${pageOrder}) filter (where ${onPage}), '[]'::json)`,
        ]);
        break;
      }
      case 'pageInfo': {
        readsRows = true;
        const pageInfoType = getNamedType(type.getFields().pageInfo!.type) as GraphQLObjectType;
        const infoPairs: [string, SQL][] = [];
        // The first (last) answered row's cursor: the first of the page read forwards, its last
        // read backwards.
        const cursorAt = (end: 'start' | 'end') => {
          const descending = (end === 'end') !== backward;
          return sql`(array_agg(${cursorOf()} order by ${row}.__position${sql.raw(descending ? ' desc' : '')}) filter (where ${onPage}))[1]`;
        };
        for (const [infoKey, infoNodes] of collectFields(scope, pageInfoType, subSelections(nodes))) {
          const infoField = infoNodes[0]!.name.value;
          if (infoField === '__typename') infoPairs.push([infoKey, literal(pageInfoType.name)]);
          else if (infoField === 'hasNextPage')
            infoPairs.push([infoKey, backward ? sql.raw(String(paged)) : moreThanPage]);
          else if (infoField === 'hasPreviousPage')
            infoPairs.push([infoKey, backward ? moreThanPage : sql.raw(String(paged))]);
          else if (infoField === 'startCursor') infoPairs.push([infoKey, cursorAt('start')]);
          else if (infoField === 'endCursor') infoPairs.push([infoKey, cursorAt('end')]);
          else throw new NotCompilable(`${where}: pageInfo.${infoField}`);
        }
        pairs.push([key, jsonObject(infoPairs)]);
        break;
      }
      default:
        throw new NotCompilable(`${where}: ${name}`);
    }
  }
  const object = jsonObject(pairs);
  if (!readsRows) return sql`(select ${object})`;
  // One more row than the page tells whether another page follows. The rows are numbered in
  // their order so the JSON keeps it, and only the page's rows build their (nested) objects.
  return sql`(select ${object} from (select ${row}.*, row_number() over (order by ${order}) as __position from ${source.from}${condition} order by ${order} limit ${sql.raw(String(size + 1))}) as ${row})`;
}

// ---- root fields ------------------------------------------------------------------------------

function rootField(scope: Scope, queryType: GraphQLObjectType, nodes: readonly FieldNode[]): SQL {
  const name = nodes[0]!.name.value;
  const field = queryType.getFields()[name];
  if (!field) throw new NotCompilable(`Query.${name}`);
  requireScopes(scope, `Query.${name}`, field.extensions);
  // `node`'s id is read as sent: the relay plugin's mapper would decode it for its resolver.
  if (name === 'node')
    return nodeField(scope, field, getArgumentValues(field, nodes[0]!, scope.variables), nodes);
  const args = argumentsOf(scope, field, nodes[0]!);
  const root = readCompiledRoot(field.extensions);
  if (!root) throw new NotCompilable(`Query.${name}`);
  const districtCode = scope.ctx.district.districtCode;
  const route = readRoute(field.extensions);
  if (route?.kind === 'code') {
    const code = args[route.argPath[0]!];
    const inDistrict = (value: unknown) =>
      typeof value === 'string' && /^\d{6}\d*$/.test(value) && value.slice(0, 6) === districtCode;
    if (is(code, Placeholder)) {
      if (!inDistrict(requestValueOf(scope, code)))
        throw new NotCompilableForValue(`Query.${name}: another district`);
      const variable = code.name as string;
      scope.guards.push((request) => inDistrict(request[variable]));
    } else if (!inDistrict(code)) {
      throw new NotCompilable(`Query.${name}: another district`);
    }
  } else if (route?.kind === 'fanOutConnection') {
    let reaches: boolean;
    try {
      reaches = filterReaches(route, args, districtCode);
    } catch {
      throw new NotCompilable(`Query.${name}: its filter is refused`);
    }
    if (!reaches) throw new NotCompilable(`Query.${name}: another district`);
  } else {
    throw new NotCompilable(`Query.${name}: route ${route?.kind}`);
  }
  let query: ReturnType<typeof root.query>;
  try {
    query = root.query(args, scope.ctx);
  } catch {
    throw new NotCompilable(`Query.${name}: its arguments are refused`);
  }
  if (!query) throw new NotCompilable(`Query.${name}: nothing in this district`);
  const target = tables[root.table];
  if (!target) throw new NotCompilable(`Query.${name}: table ${root.table}`);
  const row = aliasOf(scope, target.table);
  const filter = query.where
    ? relationsFilterToSQL(row, query.where as never, target.relations, relations as never)
    : undefined;
  const order = query.orderBy ? relationsOrderToSQL(row, query.orderBy as never) : undefined;
  const namedType = getNamedType(field.type);
  if (root.kind === 'list') {
    if (!isConnectionType(namedType)) throw new NotCompilable(`Query.${name}`);
    return connectionOf(scope, namedType as GraphQLObjectType, args, {
      row,
      tableName: root.table,
      from: getTableAsAliasSQL(row),
      condition: filter,
      countCondition: filter,
      entries: orderEntries(root.table, query.orderBy),
      order,
      // A gateway of one local district answers its root lists with merged cursors
      // (gateway/local-connection.ts).
      format: { kind: 'merged', districtCode },
      nodes,
      where: `Query.${name}`,
    });
  }
  if (!isObjectType(namedType)) throw new NotCompilable(`Query.${name}`);
  const object = objectOf(scope, namedType, row, root.table, nodes);
  const condition = filter ? sql` where ${filter}` : sql``;
  const orderBy = order ? sql` order by ${order}` : sql``;
  return sql`(select ${object} from ${getTableAsAliasSQL(row)}${condition}${orderBy} limit 1)`;
}

/**
 * `node(id:)` of a record this district holds, answered when the caller may see it (null
 * otherwise, as for a record that does not exist).
 */
function nodeField(
  scope: Scope,
  _field: AnyField,
  args: Record<string, unknown>,
  nodes: readonly FieldNode[],
): SQL {
  const { ctx } = scope;
  const districtCode = ctx.district.districtCode;
  // With `id` a parameter, the statement is for the id's type in this district, and takes the
  // local id as its parameter; a guard sends an id of another district (or a malformed one) to be
  // compiled for itself.
  const variable = is(args.id, Placeholder) ? (args.id.name as string) : undefined;
  const Refusal = variable ? NotCompilableForValue : NotCompilable;
  let decoded: ReturnType<typeof decodeGlobalId>;
  try {
    decoded = decodeGlobalId(String(requestValueOf(scope, args.id)));
  } catch {
    throw new Refusal('node: malformed id');
  }
  if (decoded.districtCode !== districtCode) throw new Refusal('node: another district');
  if (localIdNumber(decoded.localId) === undefined) throw new Refusal('node: local id');
  // From here on what the statement depends on is the id's type, part of the statement's key with
  // the caller (`parameterShape`): a refusal holds for every id of the type.
  const kind = recordKindOfType[decoded.typename];
  if (!kind || kind === 'district') throw new NotCompilable(`node: ${decoded.typename}`);
  const type = scope.schema.getType(decoded.typename);
  if (!isObjectType(type)) throw new NotCompilable(`node: ${decoded.typename}`);
  const { tableName, table } = tableOfType(type);
  const row = aliasOf(scope, table);
  if (!is(row.districtCode, Column) || !is(row.id, Column))
    throw new NotCompilable(`node: ${decoded.typename}`);
  const object = objectOf(scope, type, row, tableName, nodes);
  let localId: unknown = localIdNumber(decoded.localId);
  if (variable) {
    const { typename } = decoded;
    // The guard and the filler of one request run one after the other on the same value: the id
    // is decoded once for both.
    let lastValue: unknown;
    let lastLocal: number | undefined;
    const localOf = (value: unknown) => {
      if (value === lastValue) return lastLocal;
      let local: number | undefined;
      try {
        const id = decodeGlobalId(value as string);
        local =
          id.typename === typename && id.districtCode === districtCode
            ? localIdNumber(id.localId)
            : undefined;
      } catch {
        local = undefined;
      }
      lastValue = value;
      lastLocal = local;
      return local;
    };
    const placeholder = `${variable}#localId`;
    scope.guards.push((request) => localOf(request[variable]) !== undefined);
    scope.fillers.set(placeholder, (request) => localOf(request[variable]));
    localId = sql.placeholder(placeholder);
  }
  // A caller who does not see every record of the kind (and a kind that is only some rows of its
  // table) has the record's visibility checked by core's rule, as the general path checks it.
  const visible =
    seesWholeDistrict(ctx.actor, districtCode) && !isScopedRecordKind(kind)
      ? sql``
      : sql` and ${visibleRecordSQL(ctx.actor, districtCode, kind, sql`${localId}`)}`;
  return sql`(select ${object} from ${getTableAsAliasSQL(row)} where ${row.districtCode} = ${districtCode} and ${row.id} = ${localId}${visible})`;
}

/** A global id's local part as the number the general path looks up (`decodePothosId`), if safe. */
function localIdNumber(text: string): number | undefined {
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}
