import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { type GraphQLSchema, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { useAuthentication } from '../auth/authentication-plugin.js';
import { type Principal, publicPrincipal } from '../auth/principal.js';
import { createServiceTokenVerifier, type ServiceTokenConfig } from '../auth/service-token.js';
import { createTokenVerifier, type TokenVerification } from '../auth/token-verifier.js';
import type { GatewayContext } from '../gateway/district-errors.js';
import type { DistrictSource } from '../gateway/district-source.js';
import { createGatewaySchema } from '../gateway/gateway-schema.js';
import { oneLocalDistrict, oneLocalDistrictSchema } from '../gateway/one-local-district.js';
import { useDistrictEndpoints } from './district-endpoint.js';
import { useDistrictErrors } from './district-errors-plugin.js';
import { maskError } from './mask-error.js';
import { defaultOperationLimits, type OperationLimits, useOperationLimits } from './operation-limits.js';
import { usePageSizeLimit } from './page-size-plugin.js';
import { useRowBudget } from './row-budget-plugin.js';
import { createSafeLogger, type GatewayLogging } from './safe-logger.js';
import { useServiceSdlForAuthenticatedCallers } from './service-sdl-plugin.js';
import { useTextBoundary } from './text-boundary-plugin.js';

export interface CreateGatewayOptions {
  /** The districts this gateway serves, local or remote. */
  districts: readonly DistrictSource[];
  /** Serve GraphiQL at /graphql in browsers. Default true. */
  graphiql?: boolean;
  /** How long one district may take in a fan-out. Default 10 s. */
  districtTimeoutMs?: number;
  /** At most this many districts asked at once by one fan-out. Default 8. */
  districtConcurrency?: number;
  /**
   * How bearer tokens are verified (jose: HS256 secret, RS256/ES256 public key, or JWKS). Without
   * it every request is PUBLIC and any token presented is refused with 401.
   */
  auth?: TokenVerification;
  /** Depth, cost, aliases, tokens, directives, body size (see {@link OperationLimits}). */
  limits?: OperationLimits;
  /**
   * Production: GraphiQL and introspection off, `_service { sdl }` at `/subgraph` refused to
   * anonymous callers with UNAUTHENTICATED (a federation router sends a token), and the gateway
   * refuses to be created without token verification (a production gateway where every caller is
   * PUBLIC is a misconfiguration).
   */
  production?: boolean;
  /**
   * Persisted (trusted) operations: requests may send `extensions.persistedQuery.sha256Hash` (or
   * `documentId`) instead of the query. With `only`, nothing else is executed.
   */
  persistedOperations?: { operations: Readonly<Record<string, string>>; only?: boolean };
  /**
   * The secret shared with the other gateways of the city. With it, this gateway serves each of
   * its local districts to them at `/districts/<code>/graphql` (service tokens only), and signs
   * the service tokens of its remote districts (see `createRemoteDistrictSource`).
   */
  serviceToken?: ServiceTokenConfig;
  /**
   * Also serve the schema as an Apollo Federation 2 subgraph at `/subgraph`, for a federation
   * router (Hive Gateway, Apollo Gateway or Router) that composes it with other departments'
   * subgraphs. Same authentication, jurisdiction and limits as `/graphql`. Default false.
   */
  subgraph?: boolean;
  /**
   * Yoga's logging: a level, on or off, or a logger object (`debug`, `info`, `warn`, `error`).
   * Default: warnings and errors. Whatever the target, what a caller sent is escaped, and an
   * expected error (bad input refused with a code) is logged at debug level, without a stack.
   */
  logging?: GatewayLogging;
}

export interface Gateway {
  /** A WHATWG fetch handler and Node request listener (`http.createServer(gateway.yoga)`). */
  readonly yoga: YogaServerInstance<Record<string, never>, GatewayContext>;
  readonly schema: GraphQLSchema;
  /** The Apollo Federation subgraph schema served at `/subgraph`, when enabled. */
  readonly subgraphSchema: GraphQLSchema | undefined;
  readonly districts: readonly DistrictSource[];
  /** Each district's readiness, as `/ready` reports it. */
  readiness(): Promise<{ ready: boolean; districts: Record<string, { ok: boolean; detail?: string }> }>;
  /**
   * Shutting down: from now on `/ready` answers 503 `{"ready":false,"draining":true}` at once,
   * so load balancers stop sending traffic here, while every other request is still served
   * (see `listen`'s shutdown). There is no way back: a draining gateway is about to close.
   */
  startDraining(): void;
  readonly draining: boolean;
  /** Close every district source. */
  close(): Promise<void>;
}

/** Where the Apollo Federation subgraph is served (`subgraph: true`). */
export const subgraphPath = '/subgraph';

/** Hand the requests for `path` to another Yoga instance. */
function usePath(path: string, target: YogaServerInstance<Record<string, never>, GatewayContext>): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname === path) endResponse(await target.fetch(request));
    },
  };
}

/**
 * The GraphQL gateway over a set of districts: `/graphql` (GraphiQL in a browser), `/health`
 * (the process is up) and `/ready` (every district answers; 503 with the failing ones if not,
 * or while the gateway drains before shutting down).
 */
export function createGateway(options: CreateGatewayOptions): Gateway {
  const { districts } = options;
  const schemaOptions = {
    ...(options.districtTimeoutMs ? { districtTimeoutMs: options.districtTimeoutMs } : {}),
    ...(options.districtConcurrency ? { districtConcurrency: options.districtConcurrency } : {}),
  };
  // A gateway of one local district executes the district schema itself; any other delegates.
  const local = oneLocalDistrict(districts);
  const gatewaySchema = (subgraph: boolean) =>
    local
      ? oneLocalDistrictSchema(local, { ...schemaOptions, subgraph })
      : createGatewaySchema(districts, { ...schemaOptions, subgraph });
  const schema = gatewaySchema(false);
  const subgraphSchema = options.subgraph ? gatewaySchema(true) : undefined;

  if (options.production && !options.auth) {
    throw new Error(
      'A production gateway needs token verification (a secret, a public key or a JWKS URL); refusing to start without one.',
    );
  }
  const unkeyed = districts.filter((source) => !source.personalDataKeysConfigured);
  if (options.production && unkeyed.length > 0) {
    throw new Error(
      `A production gateway needs personal-data keys: district ${unkeyed.map((s) => s.districtCode).join(', ')} runs on the published development keyring; refusing to start.`,
    );
  }
  const verifier = options.auth ? createTokenVerifier(options.auth) : undefined;
  const hardening: Plugin[] = [
    // GET and non-JSON POSTs need a custom header, so a browser cannot be made to send them
    // cross-site without a CORS preflight.
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'graphql-client-name'] }),
    ...useOperationLimits(options.limits),
  ];
  if (options.production) {
    hardening.push({
      onValidate({ addValidationRule }) {
        addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    });
  }
  if (options.persistedOperations) {
    const { operations, only } = options.persistedOperations;
    hardening.push(
      usePersistedOperations({
        getPersistedOperation: (key) => (Object.hasOwn(operations, key) ? operations[key]! : null),
        allowArbitraryOperations: !only,
        customErrors: {
          notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
          persistedQueryOnly: {
            message: 'PersistedQueryOnly',
            extensions: { code: 'PERSISTED_QUERY_ONLY' },
          },
          keyNotFound: {
            message: 'PersistedQueryKeyNotFound',
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
          },
        },
      }),
    );
  }
  let draining = false;
  // The principal of each request, set by the authentication plugin before the context is built.
  const principals = new WeakMap<Request, Principal>();

  const readiness = async () => {
    const entries = await Promise.all(
      districts.map(async (source) => {
        try {
          return [source.districtCode, await source.ready()] as const;
        } catch {
          return [source.districtCode, { ok: false, detail: 'readiness check failed' }] as const;
        }
      }),
    );
    const report = Object.fromEntries(entries);
    return { ready: entries.every(([, state]) => state.ok), districts: report };
  };

  const context = ({ request }: { request: Request }): GatewayContext => {
    const principal = principals.get(request) ?? publicPrincipal;
    // The one local district's resolvers run in this gateway's execution, so they read their
    // district, actor and services from the request's context.
    return local
      ? { ...local.contextFor(principal), districtErrors: [], principal }
      : { districtErrors: [], principal };
  };
  const maxRows = options.limits?.maxRows ?? defaultOperationLimits.maxRows;
  // What every GraphQL request goes through, at /graphql and at /subgraph alike.
  const requestPlugins = () => [
    ...hardening,
    useAuthentication(verifier, principals),
    usePageSizeLimit(),
    // After the page-size check, so an over-large page is reported as such.
    useRowBudget(maxRows),
    useTextBoundary(),
    useDistrictErrors(),
  ];
  const logging = createSafeLogger(options.logging ?? 'warn');

  const subgraphYoga = subgraphSchema
    ? createYoga<Record<string, never>, GatewayContext>({
        schema: subgraphSchema,
        graphqlEndpoint: subgraphPath,
        graphiql: false,
        batching: false,
        landingPage: false,
        logging,
        maskedErrors: { maskError },
        context,
        plugins: [
          ...requestPlugins(),
          ...(options.production ? [useServiceSdlForAuthenticatedCallers()] : []),
        ],
      })
    : undefined;

  const yoga = createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphiql: options.production ? false : (options.graphiql ?? true),
    // One operation per request: a batch would multiply every limit by its length.
    batching: false,
    landingPage: false,
    logging,
    maskedErrors: { maskError },
    context,
    plugins: [
      ...(options.serviceToken
        ? [
            useDistrictEndpoints(districts, createServiceTokenVerifier(options.serviceToken), hardening, {
              maxRows,
              logging,
            }),
          ]
        : []),
      ...(subgraphYoga ? [usePath(subgraphPath, subgraphYoga)] : []),
      ...requestPlugins(),
      {
        async onRequest({ url, endResponse, fetchAPI }) {
          if (url.pathname !== '/ready') return;
          if (draining) {
            endResponse(
              new fetchAPI.Response(JSON.stringify({ ready: false, draining: true }), {
                status: 503,
                headers: { 'content-type': 'application/json' },
              }),
            );
            return;
          }
          const report = await readiness();
          endResponse(
            new fetchAPI.Response(JSON.stringify(report), {
              status: report.ready ? 200 : 503,
              headers: { 'content-type': 'application/json' },
            }),
          );
        },
      },
    ],
  });

  return {
    yoga,
    schema,
    subgraphSchema,
    districts,
    readiness,
    startDraining: () => {
      draining = true;
    },
    get draining() {
      return draining;
    },
    close: async () => {
      await Promise.all(districts.map((source) => source.close()));
    },
  };
}
