import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/**
 * Builds GraphQL documents from the schema itself, so that suites covering "every field" or
 * "every string argument" follow the schema as it grows instead of a hand-kept list.
 */

/** How a test fills an argument: by its name and type; undefined leaves an optional one out. */
export type ArgumentFiller = (arg: { name: string; type: GraphQLInputType; path: string[] }) => unknown;

/** A literal for a value, as GraphQL writes it (enum values bare). */
export function literal(value: unknown, type: GraphQLInputType): string {
  const nullable = getNullableType(type);
  if (value === null) return 'null';
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    return `[${items.map((item) => literal(item, nullable.ofType)).join(', ')}]`;
  }
  if (isEnumType(nullable)) return String(value);
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([key, item]) => `${key}: ${literal(item, fields[key]!.type)}`,
    );
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** A value for an input type: the filler decides leaves; input objects get every field it fills. */
export function fillInput(
  type: GraphQLInputType,
  name: string,
  fill: ArgumentFiller,
  path: string[],
): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const item = fillInput(nullable.ofType, name, fill, path);
    return item === undefined ? undefined : [item];
  }
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      const filled = fillInput(field.type, field.name, fill, [...path, field.name]);
      if (filled !== undefined) value[field.name] = filled;
      else if (isNonNullType(field.type)) return undefined;
    }
    return value;
  }
  return fill({ name, type, path });
}

/** `(a: …, b: …)` for a field's arguments, or null when a required one cannot be filled. */
export function argumentsText(args: readonly GraphQLArgument[], fill: ArgumentFiller): string | null {
  const parts: string[] = [];
  for (const arg of args) {
    const value = fillInput(arg.type, arg.name, fill, [arg.name]);
    if (value === undefined) {
      if (isNonNullType(arg.type)) return null;
      continue;
    }
    parts.push(`${arg.name}: ${literal(value, arg.type)}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/**
 * A selection of every field of a type reachable within `depth` levels, filling arguments with
 * `fill` (connections get their page size from it). Abstract types select `__typename` and a
 * fragment per possible type.
 */
export function selectionOf(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  depth: number,
  fill: ArgumentFiller,
): string {
  if (isLeafType(type)) return '';
  if (isAbstractType(type)) {
    if (depth <= 0) return '{ __typename }';
    const fragments = schema
      .getPossibleTypes(type)
      .map((possible) => `... on ${possible.name} ${selectionOf(schema, possible, depth, fill)}`);
    return `{ __typename ${fragments.join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const fields: string[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    const named = getNamedType(field.type);
    const args = argumentsText(field.args, fill);
    if (args === null) continue;
    if (isScalarType(named) || isEnumType(named)) {
      fields.push(`${field.name}${args}`);
    } else if (depth > 1) {
      fields.push(`${field.name}${args} ${selectionOf(schema, named, depth - 1, fill)}`);
    }
  }
  return `{ __typename ${fields.join(' ')} }`;
}
