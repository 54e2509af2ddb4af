import { wrapSchema } from '@graphql-tools/wrap';
import type { GraphQLSchema, OperationTypeNode } from 'graphql';
import { districtSchema, districtSubgraphSchema, subgraphSdl } from '../schema/district-schema.js';
import type { DistrictSource } from './district-source.js';
import { fanOutAssessmentResolver } from './fan-out-assessment.js';
import { fanOutConnectionResolver } from './fan-out-connection.js';
import { fanOutEntitiesResolver } from './fan-out-entities.js';
import { fanOutIndicatorsResolver } from './fan-out-indicators.js';
import { fanOutListResolver } from './fan-out-list.js';
import { fanOutSubscriptionResolver } from './fan-out-subscription.js';
import { routedFieldResolver } from './routed-field.js';
import { readRoute } from './routes.js';

export interface GatewaySchemaOptions {
  /** How long one district may take on a fan-out before it is reported unavailable. */
  districtTimeoutMs?: number;
  /** At most this many districts asked at once by one fan-out. Default 8. */
  districtConcurrency?: number;
  /**
   * Serve the Apollo Federation subgraph form of the schema (`_service`, `_entities`) instead of
   * the plain one. Entity references are routed to their districts like global IDs.
   */
  subgraph?: boolean;
}

/** The subgraph's own root fields, answered by the gateway rather than declared with a route. */
const federationRootFields = new Set(['_service', '_entities']);

/**
 * Every root field of the district schema says how a gateway finds the district(s) that answer it.
 *
 * @throws {Error} at start-up when a root field declares no route (a programming error).
 */
export function assertEveryRootFieldRouted(schema: GraphQLSchema): void {
  for (const [operation, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (operation === 'query' && federationRootFields.has(field.name)) continue;
      if (!readRoute(field.extensions))
        throw new Error(`Root field ${operation}.${field.name} declares no sansheRoute.`);
    }
  }
}

/**
 * The schema a gateway serves: the district schema's types, with every root field routed to the
 * district(s) that own the answer. Below the root, values are the districts' own results.
 *
 * @throws {Error} at start-up when a root field declares no route (a programming error).
 */
export function createGatewaySchema(
  sources: readonly DistrictSource[],
  options: GatewaySchemaOptions = {},
): GraphQLSchema {
  if (sources.length === 0) throw new Error('A gateway needs at least one district.');
  const schema = options.subgraph ? districtSubgraphSchema() : districtSchema();
  const timeoutMs = options.districtTimeoutMs ?? 10_000;
  const concurrency = options.districtConcurrency ?? 8;
  assertEveryRootFieldRouted(schema);
  return wrapSchema({
    schema,
    createProxyingResolver: ({ operation, fieldName }) => {
      if (!operation || !fieldName) throw new Error('Only root fields are proxied.');
      if (operation === 'query' && fieldName === '_service') return () => ({ sdl: subgraphSdl() });
      if (operation === 'query' && fieldName === '_entities')
        return fanOutEntitiesResolver(sources, { timeoutMs, concurrency }) as never;
      const rootType =
        operation === 'mutation'
          ? schema.getMutationType()
          : operation === 'subscription'
            ? schema.getSubscriptionType()
            : schema.getQueryType();
      const route = readRoute(rootType?.getFields()[fieldName]?.extensions)!;
      if (route.kind === 'fanOutSubscription')
        return fanOutSubscriptionResolver(route, sources, fieldName) as never;
      if (route.kind === 'fanOutConnection')
        return fanOutConnectionResolver(route, sources, fieldName, { timeoutMs, concurrency });
      if (route.kind === 'fanOutList')
        return fanOutListResolver(route, sources, fieldName, { timeoutMs, concurrency });
      if (route.kind === 'fanOutIndicators')
        return fanOutIndicatorsResolver(sources, fieldName, { timeoutMs, concurrency });
      if (route.kind === 'fanOutAssessment')
        return fanOutAssessmentResolver(sources, fieldName, { timeoutMs, concurrency });
      return routedFieldResolver(route, sources, operation as OperationTypeNode, fieldName);
    },
  });
}
