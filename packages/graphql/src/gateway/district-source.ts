import { createDefaultExecutor, type SubschemaConfig } from '@graphql-tools/delegate';
import type { ExecutionRequest } from '@graphql-tools/utils';
import type { DistrictDatabase } from '@sanshe/core';
import { actorOf, type Principal } from '../auth/principal.js';
import { createDistrictContext, type DistrictContext } from '../context.js';
import { districtSubgraphSchema } from '../schema/district-schema.js';
import type { GatewayContext } from './district-errors.js';

/**
 * One district as the gateway reaches it. A local source holds the district's database and
 * executes the district schema in-process; a remote source (another sanshe gateway) is reached
 * over HTTP. The gateway only sees the subschema, so both look the same to it.
 */
export interface DistrictSource {
  readonly districtCode: string;
  readonly kind: 'local' | 'remote';
  readonly subschema: SubschemaConfig;
  /**
   * Whether the district's personal identifiers are sealed with configured keys (not the
   * published development keyring). A remote district answers for its own keys.
   */
  readonly personalDataKeysConfigured: boolean;
  /**
   * A local district's context for a caller: what its district endpoint
   * (`/districts/<code>/graphql`, for gateways that delegate to this one) executes with.
   */
  readonly contextFor?: (principal: Principal) => DistrictContext;
  /**
   * A remote district's gateway origin (e.g. `http://10.0.3.8:4000`), where its public endpoints
   * are: the city forwards `/exports/...` there (server/exports-route.ts).
   */
  readonly origin?: string;
  /**
   * A remote district's service token for a caller (auth/service-token.ts), so a public route
   * forwarded to the district's gateway carries the caller as GraphQL calls do (open311-route.ts).
   */
  readonly serviceTokenFor?: (principal: Principal) => Promise<string>;
  /** A local district's database (its statements and pool are watched for metrics and traces). */
  readonly database?: DistrictDatabase;
  /** Whether the district answers now, for `/ready`. */
  ready(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

export function createLocalDistrictSource(database: DistrictDatabase): DistrictSource {
  const schema = districtSubgraphSchema();
  const execute = createDefaultExecutor(schema);
  // One district context per gateway request, so the drizzle plugin's loaders batch across
  // every delegation of that request to this district.
  const contexts = new WeakMap<object, DistrictContext>();
  const contextFor = (outer: unknown): DistrictContext => {
    const principal = (outer as GatewayContext | null | undefined)?.principal;
    const language = (outer as GatewayContext | null | undefined)?.language;
    const fresh = (): DistrictContext => ({
      ...createDistrictContext(database, principal ? actorOf(principal) : undefined),
      ...(language ? { language } : {}),
    });
    if (typeof outer !== 'object' || outer === null) return fresh();
    let context = contexts.get(outer);
    if (!context) {
      context = fresh();
      contexts.set(outer, context);
    }
    return context;
  };
  return {
    districtCode: database.districtCode,
    kind: 'local',
    database,
    personalDataKeysConfigured: !database.personalData.development,
    subschema: {
      name: database.districtCode,
      schema,
      executor: (request: ExecutionRequest) => execute({ ...request, context: contextFor(request.context) }),
    },
    contextFor: (principal) => createDistrictContext(database, actorOf(principal)),
    ready: async () =>
      (await database.ping()) ? { ok: true } : { ok: false, detail: 'database does not answer' },
    close: () => database.close(),
  };
}
