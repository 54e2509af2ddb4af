import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { defaultPageSize } from '../builder.js';

/**
 * Whether a type is a Relay connection as the schema builds them (`…Connection` with `edges`,
 * `nodes`, `pageInfo` and `totalCount`): an object type with `edges` and `pageInfo` fields.
 */
export function isConnectionType(type: GraphQLNamedType | undefined): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}

export interface RowCountOptions {
  /**
   * Rows of each page at the root not counted. A city gateway asks each district for one row
   * more than the page (to know whether another follows; see `districtPageArgs`), so a district
   * endpoint counts its root pages one row short and a page the city admitted costs the same
   * there.
   */
  rootPageSlack?: number;
}

/**
 * The rows an operation may read, counted against the schema: a field whose type is a
 * connection reads a page (`first` or `last`, a literal or a variable, else the default page
 * size) and multiplies what is selected inside it; a list field with a `first` argument reads
 * that many; `_entities` reads one per representation. Other fields read what their parent
 * read (a record's own lists, such as its grades or certificates, are bounded by the record).
 * Fragment spreads, inline fragments and spreads nested in fragments count where they are
 * spread; `@skip` and `@include` are ignored, so a selection that may be skipped still counts,
 * and so does every branch of a union or interface.
 */
export function operationRows(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>>,
  options: RowCountOptions = {},
): number {
  const slack = options.rootPageSlack ?? 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Rows are linear in the rows of the parent, so a fragment is counted once per place (root or
  // not) and multiplied wherever it is spread: fragments spreading each other twice over cannot
  // make the count itself exponential.
  const fragmentRows = new Map<string, number>();

  const literalOf = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.NULL) return null;
    if (node.kind === Kind.LIST) return node.values;
    return undefined;
  };
  const argument = (node: FieldNode, name: string) =>
    literalOf(node.arguments?.find((a) => a.name.value === name)?.value);
  const defaultOf = (field: GraphQLField<unknown, unknown>, name: string) =>
    field.args.find((a) => a.name === name)?.defaultValue;
  const count = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.max(Math.trunc(value), 0) : undefined;

  /** How many items one occurrence of the field yields, and whether those are rows read. */
  const itemsOf = (node: FieldNode, field: GraphQLField<unknown, unknown>, atRoot: boolean) => {
    const named = getNamedType(field.type);
    if (isConnectionType(named)) {
      const sizes = [count(argument(node, 'first')), count(argument(node, 'last'))].filter(
        (size): size is number => size !== undefined,
      );
      const page = sizes.length ? Math.max(...sizes) : (count(defaultOf(field, 'first')) ?? defaultPageSize);
      return { items: atRoot ? Math.max(page - slack, 0) : page, read: true };
    }
    if (isListType(getNullableType(field.type))) {
      if (field.name === '_entities') {
        const representations = argument(node, 'representations');
        return { items: Array.isArray(representations) ? representations.length : 1, read: true };
      }
      if (field.args.some((a) => a.name === 'first')) {
        const size = count(argument(node, 'first')) ?? count(defaultOf(field, 'first')) ?? defaultPageSize;
        return { items: size, read: true };
      }
    }
    return { items: 1, read: false };
  };

  const rowsOf = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
    atRoot: boolean,
    spreading: ReadonlySet<string>,
  ): number => {
    let rows = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parentType;
        rows += rowsOf(selection.selectionSet, type, atRoot, spreading);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment spread inside itself is invalid GraphQL; validation reports it.
        if (!fragment || spreading.has(name)) continue;
        const key = `${atRoot ? 'root' : 'nested'}:${name}`;
        let fragmentCount = fragmentRows.get(key);
        if (fragmentCount === undefined) {
          fragmentCount = rowsOf(
            fragment.selectionSet,
            schema.getType(fragment.typeCondition.name.value),
            atRoot,
            new Set([...spreading, name]),
          );
          fragmentRows.set(key, fragmentCount);
        }
        rows += fragmentCount;
      } else if (selection.selectionSet) {
        const field =
          isObjectType(parentType) || isInterfaceType(parentType)
            ? parentType.getFields()[selection.name.value]
            : undefined;
        // An unknown field is refused by validation before this runs.
        if (!field) continue;
        const { items, read } = itemsOf(selection, field, atRoot);
        const inner = rowsOf(selection.selectionSet, getNamedType(field.type), false, spreading);
        rows += (read ? items : 0) + items * inner;
      }
    }
    return rows;
  };

  let rows = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName && definition.name?.value !== operationName) continue;
    const root = schema.getRootType(definition.operation) ?? undefined;
    rows += rowsOf(definition.selectionSet, root, true, new Set());
  }
  return rows;
}

/**
 * Refuse an operation that may read more than `maxRows` rows (see {@link operationRows}): the
 * products of page sizes down nested pages, summed. The community page of the client SDK
 * (20 communities × 5 organizations × 3 posts) is about 520 rows; three nested pages of 100
 * would be 1,010,100.
 *
 * Written here rather than taken from graphql-armor's cost limit because that one runs at
 * validation, before variables are known, and counts a page size only when it is a literal: a
 * client passing `first: $n` would be costed as if it asked for one row.
 */
export function useRowBudget(maxRows: number, options: RowCountOptions = {}): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const rows = operationRows(args.schema, args.document, args.operationName, variables, options);
      if (rows > maxRows) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `This operation may read ${rows} rows; at most ${maxRows} are allowed. Ask for smaller or fewer nested pages.`,
              { extensions: { code: 'QUERY_TOO_COSTLY', rows, maxRows } },
            ),
          ],
        });
      }
    },
  };
}
