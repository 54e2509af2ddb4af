import { getDocumentNodeFromSchema } from '@graphql-tools/utils';
import { type DefinitionNode, type GraphQLSchema, Kind, print } from 'graphql';
import { federationQueryFields, federationTypeNames } from './federation-spec.js';

const printed = new WeakMap<GraphQLSchema, string>();

/**
 * What `_service { sdl }` answers for a subgraph schema (`toSubgraphSchema`): its types with
 * their directives (`@key` on entities), the schema's `@link` to the federation spec as
 * `extend schema @link(…)`, and neither the types and root fields the spec adds (`_Any`,
 * `_Entity`, `_Service`, `_entities`, `_service`) nor the federation directives' definitions:
 * a router adds those itself when it composes. Printed once per schema.
 */
export function printSubgraphSdl(subgraph: GraphQLSchema): string {
  let sdl = printed.get(subgraph);
  if (sdl === undefined) {
    sdl = print({
      kind: Kind.DOCUMENT,
      definitions: getDocumentNodeFromSchema(subgraph).definitions.flatMap((definition) =>
        composedDefinition(definition, subgraph),
      ),
    });
    printed.set(subgraph, sdl);
  }
  return sdl;
}

function composedDefinition(definition: DefinitionNode, subgraph: GraphQLSchema): DefinitionNode[] {
  if (definition.kind === Kind.SCHEMA_DEFINITION) {
    // With the usual root type names a schema definition says nothing but its directives, and
    // subgraphs carry `@link` on a schema extension, as the federation spec's examples do.
    if (!hasDefaultRootTypeNames(subgraph)) return [definition];
    return definition.directives?.length
      ? [{ kind: Kind.SCHEMA_EXTENSION, directives: definition.directives }]
      : [];
  }
  if (!('name' in definition) || !definition.name) return [definition];
  if (federationTypeNames.has(definition.name.value)) return [];
  if (
    definition.kind === Kind.OBJECT_TYPE_DEFINITION &&
    definition.name.value === subgraph.getQueryType()?.name
  ) {
    return [
      {
        ...definition,
        fields: definition.fields?.filter((field) => !federationQueryFields.has(field.name.value)),
      },
    ];
  }
  return [definition];
}

function hasDefaultRootTypeNames(schema: GraphQLSchema): boolean {
  return (
    (schema.getQueryType()?.name ?? 'Query') === 'Query' &&
    (schema.getMutationType()?.name ?? 'Mutation') === 'Mutation' &&
    (schema.getSubscriptionType()?.name ?? 'Subscription') === 'Subscription'
  );
}
