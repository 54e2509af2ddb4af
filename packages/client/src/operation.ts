import {
  type DefinitionNode,
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  print,
} from '@0no-co/graphql.web';

export interface OperationDescription {
  /** The document as sent: printed once, then reused. */
  query: string;
  name: string | undefined;
  /** Decides retries: only queries are safe to send twice. */
  kind: 'query' | 'mutation' | 'subscription';
  /** The operation's variable names, to check that a paginated document declares `$after`. */
  variables: readonly string[];
}

// Documents are module-level constants in practice, so each is printed once per process.
const cache = new WeakMap<DocumentNode, OperationDescription>();

/**
 * Print a document and find its (first) operation.
 *
 * @remarks
 * gql.tada documents already include the fragments they spread, so printing the whole document
 * is the complete request.
 */
export function describeOperation(document: DocumentNode): OperationDescription {
  const cached = cache.get(document);
  if (cached) return cached;
  const operation = document.definitions.find(isOperation);
  const description: OperationDescription = {
    query: print(document),
    name: operation?.name?.value,
    // A document without an operation fails on the server; treat it as a mutation so that
    // nothing unknown is ever sent twice.
    kind: operation?.operation ?? 'mutation',
    variables: operation?.variableDefinitions?.map((definition) => definition.variable.name.value) ?? [],
  };
  cache.set(document, description);
  return description;
}

function isOperation(definition: DefinitionNode): definition is OperationDefinitionNode {
  return definition.kind === Kind.OPERATION_DEFINITION;
}
