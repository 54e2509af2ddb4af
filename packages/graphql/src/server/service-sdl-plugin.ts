import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Principal } from '../auth/principal.js';

/** Whether an operation selects the root field `name`, directly or through fragments. */
export function selectsRootField(
  document: DocumentNode,
  operationName: string | null | undefined,
  name: string,
): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const seen = new Set<string>();
  const selects = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return selects(selection.selectionSet);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return false;
      seen.add(fragment.name.value);
      return selects(fragment.selectionSet);
    });
  return document.definitions.some(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName) &&
      selects(definition.selectionSet),
  );
}

/**
 * In production, the subgraph's SDL (`_service { sdl }`) is for authenticated callers only: a
 * federation router composing the supergraph sends a token; an anonymous caller is refused with
 * UNAUTHENTICATED (HTTP 401), as it would be for introspection, which production turns off.
 * Any valid token will do: the SDL is what the router composes and shows its own clients.
 */
export function useServiceSdlForAuthenticatedCallers(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const principal = (args.contextValue as { principal?: Principal }).principal;
      if (principal && principal.role !== 'PUBLIC') return;
      if (!selectsRootField(args.document, args.operationName, '_service')) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            'The subgraph schema (_service) is served to authenticated callers only: send a bearer token.',
            {
              extensions: {
                code: 'UNAUTHENTICATED',
                http: { status: 401, headers: { 'www-authenticate': 'Bearer' } },
              },
            },
          ),
        ],
      });
    },
  };
}
