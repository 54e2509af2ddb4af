import { type ArgumentNode, type DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { maxPageSize } from '../builder.js';

/**
 * Refuse any `first` or `last` above the page maximum (or below zero) anywhere in an operation,
 * nested connections included, before anything runs. The drizzle plugin would otherwise clamp
 * a nested page silently; a client asking for 100,000 rows should be told, not short-changed.
 */
export function usePageSizeLimit(max: number = maxPageSize): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const problems: GraphQLError[] = [];
      for (const node of pageArgumentsOf(args.document)) {
        const value =
          node.value.kind === Kind.INT
            ? Number(node.value.value)
            : node.value.kind === Kind.VARIABLE
              ? variables[node.value.name.value]
              : undefined;
        if (typeof value !== 'number') continue;
        if (value > max) {
          problems.push(
            new GraphQLError(`${node.name.value} is at most ${max}, got ${value}.`, {
              nodes: [node],
              extensions: { code: 'PAGE_SIZE_EXCEEDED' },
            }),
          );
        } else if (value < 0) {
          problems.push(
            new GraphQLError(`${node.name.value} cannot be negative.`, {
              nodes: [node],
              extensions: { code: 'INVALID_PAGINATION' },
            }),
          );
        }
      }
      if (problems.length > 0) setResultAndStopExecution({ errors: problems });
    },
  };
}

/**
 * The `first` and `last` arguments of a document, in document order, found once per document:
 * Yoga hands every request of the same operation the same parsed document, so only the variables
 * are looked at per request.
 */
const pageArguments = new WeakMap<DocumentNode, readonly ArgumentNode[]>();

function pageArgumentsOf(document: DocumentNode): readonly ArgumentNode[] {
  let found = pageArguments.get(document);
  if (found === undefined) {
    const nodes: ArgumentNode[] = [];
    visit(document, {
      Argument(node: ArgumentNode) {
        if (node.name.value === 'first' || node.name.value === 'last') nodes.push(node);
      },
    });
    found = nodes;
    pageArguments.set(document, found);
  }
  return found;
}
