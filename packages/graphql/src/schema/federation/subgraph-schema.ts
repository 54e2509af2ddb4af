import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { SansheError } from '@sanshe/core';
import {
  GraphQLError,
  type GraphQLFieldConfig,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLResolveInfo,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  isObjectType,
  lexicographicSortSchema,
} from 'graphql';
import { federationQueryFields, federationTypeNames } from './federation-spec.js';
import { printSubgraphSdl } from './subgraph-sdl.js';

/**
 * The subgraph form of a schema, as the Apollo Federation 2 subgraph specification describes it
 * (`federation-spec.ts`): the schema's own types and root fields, plus `_service { sdl }` (what a
 * router composes) and `_entities(representations:)` (how it asks for the entities other
 * subgraphs hold references to). Built with graphql-js and graphql-tools rather than
 * `@apollo/subgraph` or `@pothos/plugin-federation`, which need `@apollo/federation-internals`,
 * licensed under the Elastic License 2.0, not an open-source licence; the spec itself is open.
 */

/** A federation entity: an object type other subgraphs may reference by its key. */
export interface SubgraphEntity<Context> {
  /** The key's field selection, as `@key(fields:)` prints it, e.g. `"id"`. */
  key: string;
  /**
   * The entity a representation (`{ __typename, …key fields }`) names, or null when there is
   * none. Called for every representation of a request before any is awaited, so resolvers that
   * load through a DataLoader share one batch.
   */
  resolveReference(
    representation: Readonly<Record<string, unknown>>,
    context: Context,
    info: GraphQLResolveInfo,
  ): unknown;
}

export interface SubgraphOptions<Context> {
  /** The entity types by name; each must be an object type of the schema. */
  entities: Readonly<Record<string, SubgraphEntity<Context>>>;
  /** The federation spec the subgraph links (`@link(url:)`); it imports `@key` only. */
  federationSpecUrl: string;
}

/**
 * The schema as a Federation 2 subgraph. The given schema is left as it is: its types are copied,
 * the entity types marked `@key` and the schema `@link`ed to the federation spec (as directives
 * in `extensions`, where graphql-tools' printer reads them), so `printSubgraphSdl` prints what a
 * router composes. Resolvers and extensions of every type and field are kept.
 *
 * @throws {Error} when an entity is not an object type of the schema, the schema has no query
 *   type or already uses a name the spec reserves (a programming error, at start-up).
 */
export function toSubgraphSchema<Context>(
  schema: GraphQLSchema,
  { entities, federationSpecUrl }: SubgraphOptions<Context>,
): GraphQLSchema {
  const queryType = schema.getQueryType();
  if (!queryType) throw new Error('A subgraph needs a query type.');
  if (Object.keys(entities).length === 0) throw new Error('A subgraph without entities needs no _entities.');
  for (const name of Object.keys(entities)) {
    if (!isObjectType(schema.getType(name)))
      throw new Error(`Entity ${name} is not an object type of the schema.`);
  }
  for (const name of [...federationTypeNames, ...federationQueryFields]) {
    if (schema.getType(name) || queryType.getFields()[name])
      throw new Error(`The schema already defines ${name}, which the federation spec reserves.`);
  }

  const entityOf = (typename: unknown) =>
    typeof typename === 'string' && Object.hasOwn(entities, typename) ? entities[typename] : undefined;
  const invalidTypename = `A representation's __typename must name an entity of this subgraph: ${Object.keys(entities).join(', ')}.`;
  // Which entity type each resolved value is, for the `_Entity` union: the representation said.
  const typenames = new WeakMap<object, string>();
  const entityUnion = new GraphQLUnionType({
    name: '_Entity',
    description: 'Every entity of this subgraph: what `_entities` answers.',
    types: Object.keys(entities).map((name) => schema.getType(name) as GraphQLObjectType),
    resolveType: (value) => typenames.get(value as object),
  });
  const anyScalar = new GraphQLScalarType({
    name: '_Any',
    description: 'An entity representation: `__typename` and the fields of its key.',
    serialize: (value) => value,
  });
  const serviceType = new GraphQLObjectType({
    name: '_Service',
    fields: {
      sdl: { type: GraphQLString, description: 'The SDL a router composes: with `@link` and `@key`.' },
    },
  });

  let subgraph: GraphQLSchema | undefined;
  const entitiesField: GraphQLFieldConfig<unknown, Context, { representations: readonly unknown[] }> = {
    type: new GraphQLNonNull(new GraphQLList(entityUnion)),
    description: 'The entities the representations name, in the order asked; null for one not found.',
    args: { representations: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(anyScalar))) } },
    resolve: (_root, { representations }, context, info) =>
      representations.map((representation) => {
        const typename = (representation as { __typename?: unknown } | null)?.__typename;
        const entity = entityOf(typename);
        // Returned, not thrown: this representation answers null with the error, the others
        // still answer. A SansheError always holds a `path`, which graphql-js would take for the
        // response path: wrapped, the error is placed where the answer lands (after a gateway
        // has put each district's answers back in the order asked).
        if (!entity || typeof typename !== 'string')
          return new GraphQLError(invalidTypename, {
            originalError: new SansheError('VALIDATION_FAILED', invalidTypename),
          });
        return Promise.resolve(
          entity.resolveReference(representation as Record<string, unknown>, context, info),
        ).then((value) => {
          if (value === null || value === undefined) return null;
          if (typeof value !== 'object')
            throw new Error(`The reference resolver of ${typename} returned no object.`);
          typenames.set(value, typename);
          return value;
        });
      }),
  };
  const serviceField: GraphQLFieldConfig<unknown, Context> = {
    type: new GraphQLNonNull(serviceType),
    description: 'This subgraph, as a router composes it.',
    resolve: () => ({ sdl: printSubgraphSdl(subgraph!) }),
  };

  const config = schema.toConfig();
  const withFederationTypes = new GraphQLSchema({
    ...config,
    types: [...config.types, anyScalar, entityUnion, serviceType],
  });
  // mapSchema copies every type and points each reference at the copy, so the union's members
  // become the copies that carry `@key`.
  const mapped = mapSchema(withFederationTypes, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      const entity = entityOf(type.name);
      if (!entity) return type;
      const config = type.toConfig();
      return new GraphQLObjectType({
        ...config,
        extensions: { ...config.extensions, directives: { key: [{ fields: entity.key }] } },
      });
    },
    [MapperKind.QUERY]: (type) => {
      const config = type.toConfig();
      return new GraphQLObjectType({
        ...config,
        fields: { ...config.fields, _entities: entitiesField, _service: serviceField } as never,
      });
    },
  });
  const linked = new GraphQLSchema({
    ...mapped.toConfig(),
    extensions: {
      ...mapped.extensions,
      directives: { link: [{ url: federationSpecUrl, import: ['@key'] }] },
    },
  });
  subgraph = lexicographicSortSchema(linked);
  return subgraph;
}
