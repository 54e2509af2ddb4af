import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { wrapOrThrow } from '@pothos/plugin-errors';
import type { DistrictDatabase } from '@sanshe/core';
import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  OperationTypeNode,
} from 'graphql';
import type { Principal } from '../auth/principal.js';
import type { DistrictContext } from '../context.js';
import { districtSchema, districtSubgraphSchema, subgraphSdl } from '../schema/district-schema.js';
import { NotFoundFailure } from '../schema/error-types.js';
import { answerOrReport, filterReaches } from './district-call.js';
import type { DistrictSource } from './district-source.js';
import { districtOfReference } from './fan-out-entities.js';
import type { GatewaySchemaOptions } from './gateway-schema.js';
import { assertEveryRootFieldRouted } from './gateway-schema.js';
import { localConnectionResolver } from './local-connection.js';
import { routeToDistrict } from './routed-field.js';
import { readRoute } from './routes.js';

/** A local district source: one whose database this process holds. */
export type LocalDistrictSource = DistrictSource & {
  readonly database: DistrictDatabase;
  readonly contextFor: (principal: Principal) => DistrictContext;
};

/**
 * The district when a gateway serves exactly one, in-process: the usual deployment of a
 * district's own gateway. Such a gateway executes the district schema itself instead of
 * delegating every request to it (see {@link oneLocalDistrictSchema}).
 */
export function oneLocalDistrict(sources: readonly DistrictSource[]): LocalDistrictSource | undefined {
  const [only] = sources;
  if (sources.length !== 1 || !only || only.kind !== 'local' || !only.contextFor || !only.database)
    return undefined;
  return only as LocalDistrictSource;
}

type RootResolver = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;

/**
 * The schema of a gateway that serves one local district: the district schema's own types and
 * resolvers, executed once, with the context carrying the district (`contextFor`). Each root
 * field keeps the gateway's routing around the district's resolver, so that answers, cursors and
 * errors are those of a gateway that delegates (`createGatewaySchema`): a code or ID of another
 * district answers null (DISTRICT_NOT_SERVED for a mutation), lists are cut and their cursors
 * encoded as a fan-out's, and a district that fails or is too slow is reported as
 * DISTRICT_UNAVAILABLE. Delegating would run every selection twice, once in the district schema
 * and once more to copy it into the gateway's; that second execution cost 15 to 40 % of a read.
 */
export function oneLocalDistrictSchema(
  source: LocalDistrictSource,
  options: GatewaySchemaOptions = {},
): GraphQLSchema {
  const schema = options.subgraph ? districtSubgraphSchema() : districtSchema();
  assertEveryRootFieldRouted(schema);
  const timeoutMs = options.districtTimeoutMs ?? 10_000;
  const rootOperation = new Map<string | undefined, OperationTypeNode>([
    [schema.getQueryType()?.name, OperationTypeNode.QUERY],
    [schema.getMutationType()?.name, OperationTypeNode.MUTATION],
  ]);
  // mapSchema copies the schema, so the district schema other sources share is left as it is.
  return mapSchema(schema, {
    [MapperKind.ROOT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const operation = rootOperation.get(typeName);
      if (!operation) return fieldConfig;
      const districtResolver = (fieldConfig.resolve ?? defaultFieldResolver) as RootResolver;
      return {
        ...fieldConfig,
        resolve: routedLocally(
          source,
          operation,
          fieldName,
          fieldConfig.extensions,
          districtResolver,
          timeoutMs,
        ),
      };
    },
  });
}

function routedLocally(
  source: LocalDistrictSource,
  operation: OperationTypeNode,
  fieldName: string,
  extensions: Record<string, unknown> | null | undefined,
  districtResolver: RootResolver,
  timeoutMs: number,
): RootResolver {
  if (operation === OperationTypeNode.QUERY && fieldName === '_service')
    return () => ({ sdl: subgraphSdl() });
  if (operation === OperationTypeNode.QUERY && fieldName === '_entities')
    return localEntitiesResolver(source, districtResolver, timeoutMs);
  const route = readRoute(extensions)!;
  switch (route.kind) {
    case 'globalId':
    case 'code':
      return routeToDistrict(route, [source], operation, {
        answer: (_source, root, args, context, info) => districtResolver(root, args, context, info),
        // The district's result unions tell their members apart by class: the errors plugin's own
        // wrapping makes the failure the union's NotFoundError member.
        notServed: (error) => wrapOrThrow(new NotFoundFailure(error), [NotFoundFailure]),
      }) as RootResolver;
    case 'fanOutConnection':
      return localConnectionResolver(route, source, districtResolver, { timeoutMs });
    case 'fanOutList':
      return async (root, args, context, info) => {
        if (!filterReaches(route, args, source.districtCode)) return [];
        const list = await answerOrReport(source, { context, info, timeoutMs, isAnswer: Array.isArray }, () =>
          districtResolver(root, args, context, info),
        );
        return list ?? [];
      };
    case 'fanOutIndicators':
      // The district's own resolver already adds up its indicators the way the city does.
      return async (root, args, context, info) =>
        (await answerOrReport(source, { context, info, timeoutMs, isAnswer: Array.isArray }, () =>
          districtResolver(root, args, context, info),
        )) ?? [];
    case 'fanOutAssessment':
      // The district's own part is already ranked and totalled the way the city does it.
      return districtResolver;
    case 'fanOutSubscription':
      // Subscription root fields keep the district's own subscribe and resolve (they are not in
      // `rootOperation`); its filter answers an empty stream for another district.
      return districtResolver;
  }
}

/**
 * `_entities` for one local district: the references of other districts (or that are no global
 * id) answer null without being asked, as `fanOutEntitiesResolver` does; the rest are resolved
 * by the district's own resolver in one call, and put back in the order asked.
 */
function localEntitiesResolver(
  source: LocalDistrictSource,
  districtResolver: RootResolver,
  timeoutMs: number,
): RootResolver {
  return async (root, args, context, info) => {
    const representations = (args.representations ?? []) as readonly unknown[];
    const answers: unknown[] = representations.map(() => null);
    const positions = representations.flatMap((representation, position) =>
      districtOfReference(representation) === source.districtCode ? [position] : [],
    );
    if (positions.length === 0) return answers;
    const entities = await answerOrReport(
      source,
      {
        context,
        info,
        timeoutMs,
        isAnswer: (value) => Array.isArray(value) && value.length === positions.length,
      },
      () =>
        districtResolver(
          root,
          { ...args, representations: positions.map((position) => representations[position]) },
          context,
          info,
        ),
    );
    if (!Array.isArray(entities)) return answers;
    positions.forEach((position, i) => {
      answers[position] = entities[i] ?? null;
    });
    return answers;
  };
}
