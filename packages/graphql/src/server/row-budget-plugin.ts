import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { defaultPageSize } from '../builder.js';

/**
 * The cost of an operation as the rows it may read: every page (`first`/`last`, or the default
 * page size) multiplies the pages nested in it, and the products are summed. The community page
 * of the client SDK (20 communities × 5 organizations × 3 posts) is about 520 rows; three nested
 * pages of 100 would be 1,010,100.
 *
 * Written here rather than taken from graphql-armor's cost limit because that one runs at
 * validation, before variables are known, and counts a page size only when it is a literal: a
 * client passing `first: $n` would be costed as if it asked for one row.
 */
export function useRowBudget(maxRows: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const pageSizeOf = (field: FieldNode): number | undefined => {
        const arg = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
        if (!arg) return undefined;
        const value = argumentValue(arg.value, variables);
        return typeof value === 'number' ? value : undefined;
      };
      const rowsOf = (selectionSet: SelectionSetNode, multiplier: number, seen: Set<string>): number => {
        let rows = 0;
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.INLINE_FRAGMENT) {
            rows += rowsOf(selection.selectionSet, multiplier, seen);
          } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
            const fragment = fragments.get(selection.name.value);
            // A fragment spread inside itself is invalid GraphQL; validation reports it.
            if (fragment && !seen.has(fragment.name.value)) {
              rows += rowsOf(fragment.selectionSet, multiplier, new Set([...seen, fragment.name.value]));
            }
          } else if (selection.selectionSet) {
            // A connection (it has edges or nodes below) reads a page; other objects read one row.
            const isConnection = selection.selectionSet.selections.some(
              (child) =>
                child.kind === Kind.FIELD && (child.name.value === 'edges' || child.name.value === 'nodes'),
            );
            const page = isConnection ? Math.max(pageSizeOf(selection) ?? defaultPageSize, 0) : 1;
            const inner = multiplier * page;
            rows += (isConnection ? inner : 0) + rowsOf(selection.selectionSet, inner, seen);
          }
        }
        return rows;
      };
      let rows = 0;
      for (const definition of args.document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        if (args.operationName && definition.name?.value !== args.operationName) continue;
        rows += rowsOf(definition.selectionSet, 1, new Set());
      }
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

function argumentValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}
