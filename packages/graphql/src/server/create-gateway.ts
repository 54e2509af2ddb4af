import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Actor } from '@sanshe/core';
import { type GraphQLSchema, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { useAuthentication } from '../auth/authentication-plugin.js';
import { actorOf, type Principal, publicPrincipal } from '../auth/principal.js';
import { createServiceTokenVerifier, type ServiceTokenConfig } from '../auth/service-token.js';
import { createTokenVerifier, type TokenVerification } from '../auth/token-verifier.js';
import { type CompiledReadsMode, compiledReadsMode } from '../compiled-reads/compiled-read-checks.js';
import { useCompiledReads } from '../compiled-reads/compiled-reads-plugin.js';
import type { GatewayContext } from '../gateway/district-errors.js';
import type { DistrictSource } from '../gateway/district-source.js';
import { createGatewaySchema } from '../gateway/gateway-schema.js';
import { oneLocalDistrict, oneLocalDistrictSchema } from '../gateway/one-local-district.js';
import { useVolunteerCertificates, type VolunteerCertificateRouteOptions } from './certificate-route.js';
import { type CorsPolicy, corsOptions, useVaryByOrigin } from './cors.js';
import { useDistrictEndpoints } from './district-endpoint.js';
import { useDistrictErrors } from './district-errors-plugin.js';
import { useErrorLanguage } from './error-language-plugin.js';
import { type DistrictExportsOptions, useDistrictExports } from './exports-route.js';
import { type GraphiQLDemoTokens, sansheGraphiQL } from './graphiql.js';
import { gatewayLoggerFor } from './logger.js';
import { maskError } from './mask-error.js';
import { GatewayMetrics, type MetricsOptions, useMetricsEndpoint } from './metrics.js';
import { type Open311RouteOptions, useOpen311 } from './open311-route.js';
import { defaultOperationLimits, type OperationLimits, useOperationLimits } from './operation-limits.js';
import {
  checkOverdueInterval,
  defaultOverdueCheckMinutes,
  type OverdueJob,
  startOverdueJob,
} from './overdue-job.js';
import { usePageSizeLimit } from './page-size-plugin.js';
import { messageLanguageOf } from './request-language.js';
import { GatewayTelemetry } from './request-telemetry.js';
import { useRowBudget } from './row-budget-plugin.js';
import { type GatewayLogging, yogaLoggerOver } from './safe-logger.js';
import { useServiceSdlForAuthenticatedCallers } from './service-sdl-plugin.js';
import { useTextBoundary } from './text-boundary-plugin.js';

export interface CreateGatewayOptions {
  /** The districts this gateway serves, local or remote. */
  districts: readonly DistrictSource[];
  /**
   * Serve GraphiQL at /graphql in browsers, every asset from the installed packages (no CDN).
   * Default true; always off in production.
   */
  graphiql?: boolean;
  /**
   * Demo mode only: the tokens GraphiQL's role picker offers (or a function giving them when the
   * page is first asked for). Without it no token ever appears in the page.
   */
  graphiqlDemoTokens?: GraphiQLDemoTokens;
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
   * Which web pages may call `/graphql` from a browser (CORS): exact origins, checked at start
   * (see {@link CorsPolicy}). Without it: none in production; outside production, pages served
   * from the same machine (`http://localhost:<any port>`, `127.0.0.1`, `[::1]`). `/subgraph` and
   * `/districts/<code>/graphql` are for servers and never answer CORS.
   */
  cors?: CorsPolicy;
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
   * The structured logger (pino; `createGatewayLogger({ level, format })` makes one): one line
   * per request at info (id, role, operation, districts asked, duration, outcome), the cause of
   * every DISTRICT_UNAVAILABLE, and Yoga's messages. Takes precedence over `logging`.
   */
  logger?: Logger;
  /**
   * Without `logger`: off (`false`), info and up (`true`) or from a level up, as JSON lines on
   * standard output, or into a logger object (`debug`, `info`, `warn`, `error`), one text line
   * per entry. Default: warnings and errors. Whatever the target, what a caller sent is escaped,
   * and an expected error (bad input refused with a code) is logged at debug level, without a
   * stack.
   */
  logging?: GatewayLogging;
  /**
   * Prometheus metrics at `/metrics`, in a registry of this gateway's own (see
   * {@link GatewayMetrics}). Default on; `{ token }` makes scrapes send it as a bearer token, and
   * in production `/metrics` answers 403 without one.
   */
  metrics?: boolean | MetricsOptions;
  /**
   * Answer a query of the one local district with one compiled SQL statement when the compiler
   * covers it (compiled-reads/compile-read.ts). Off (`false`), every query runs its resolvers;
   * `'verify'` runs both for every compiled read and answers with the resolvers' answer when
   * they differ, reporting it (compiled-reads/compiled-read-checks.ts). Default: the environment's
   * `SANSHE_COMPILED_READS` (`on`, `off`, `verify`), else on.
   */
  compiledReads?: CompiledReadsMode;
  /**
   * `GET /exports/{ocds|360giving|hsds}/<code>`: a district's service chain as OCDS, 360Giving or
   * HSDS (exports-route.ts), public data, always on; these options name the publisher, its
   * registered prefixes and the public URL.
   */
  exports?: DistrictExportsOptions;
  /**
   * `GET /volunteer-certificates/<code>/<number>` (the printable certificate of service) and
   * `/volunteer-certificates/verify` (its public check), certificate-route.ts; always on.
   */
  volunteerCertificates?: VolunteerCertificateRouteOptions;
  /**
   * Open311 GeoReport v2 at `/open311/v2/` (open311-route.ts), always on: service requests as
   * grid events; these options bound forwarded requests and POST bodies.
   */
  open311?: Open311RouteOptions;
  /**
   * Minutes between runs of the overdue check of grid events over the local districts
   * (overdue-job.ts; docs/domain.md §7.6): default 10, 0 runs none. It runs while the gateway
   * serves: `listen` starts it (an application serving `yoga` itself calls `startJobs()`), the
   * first run a few seconds later, and it stops when the gateway drains.
   */
  overdueCheckMinutes?: number;
  /** The clock of the scheduled jobs (default: the system's); tests pin it. */
  clock?: () => Date;
}

export interface Gateway {
  /** A WHATWG fetch handler and Node request listener (`http.createServer(gateway.yoga)`). */
  readonly yoga: YogaServerInstance<Record<string, never>, GatewayContext>;
  readonly schema: GraphQLSchema;
  /** The Apollo Federation subgraph schema served at `/subgraph`, when enabled. */
  readonly subgraphSchema: GraphQLSchema | undefined;
  readonly districts: readonly DistrictSource[];
  /** The gateway's structured logger. */
  readonly logger: Logger;
  /** The gateway's metrics (`/metrics`), unless turned off. */
  readonly metrics: GatewayMetrics | undefined;
  /** Each district's readiness, as `/ready` reports it. */
  readiness(): Promise<{ ready: boolean; districts: Record<string, { ok: boolean; detail?: string }> }>;
  /**
   * Shutting down: from now on `/ready` answers 503 `{"ready":false,"draining":true}` at once,
   * so load balancers stop sending traffic here, while every other request is still served
   * (see `listen`'s shutdown). There is no way back: a draining gateway is about to close.
   */
  startDraining(): void;
  readonly draining: boolean;
  /**
   * Start the scheduled jobs (the overdue check of the local districts), once; `listen` calls
   * it. Nothing starts when the gateway drains or is closed, or the check is turned off.
   */
  startJobs(): void;
  /** The overdue check, once started (`runNow` runs it at once). */
  readonly overdueJob: OverdueJob | undefined;
  /** Stop the scheduled jobs, then close every district source. */
  close(): Promise<void>;
}

/** Where the Apollo Federation subgraph is served (`subgraph: true`). */
export const subgraphPath = '/subgraph';

/** Where a request's context keeps its caller, and the one local district's context made for it. */
const principalKey = Symbol('sanshe.principal');
const districtContextKey = Symbol('sanshe.districtContext');

type RequestContextState = { [principalKey]: Principal; [districtContextKey]?: Record<string, unknown> };

/**
 * The prototype of the contexts Yoga builds in a gateway of one local district: a getter for each
 * of the district's services, answering the request's own district context, made on its first
 * use (a compiled read makes none; its services are made on first use too, context.ts). Made
 * once per gateway, so a request only sets its context's prototype: copying the 25 getters onto
 * every request's context cost about 5 % of a small read's CPU, and a spread (or the
 * Object.assign that merges a returned context) would call every getter and make every service
 * for every request.
 */
function districtServicesPrototype(local: { contextFor: (principal: Principal) => object }): object {
  const sample = Object.getOwnPropertyDescriptors(local.contextFor(publicPrincipal));
  const getters: PropertyDescriptorMap = {};
  for (const [name, descriptor] of Object.entries(sample)) {
    if (!descriptor.get) continue;
    getters[name] = {
      get(this: RequestContextState) {
        this[districtContextKey] ??= local.contextFor(this[principalKey]) as Record<string, unknown>;
        return this[districtContextKey][name];
      },
      enumerable: true,
      configurable: true,
    };
  }
  return Object.create(Object.prototype, getters);
}

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
  // Checked here, so a malformed origin stops the gateway from being created.
  const cors = corsOptions(options.cors, { production: options.production ?? false, endpoint: '/graphql' });
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
  const logger = gatewayLoggerFor(options);
  const localDatabases = districts.flatMap((source) => (source.database ? [source.database] : []));
  const metrics = options.metrics === false ? undefined : new GatewayMetrics(localDatabases);
  const telemetry = new GatewayTelemetry({ logger, metrics, subgraphPath });
  telemetry.observeDatabases(localDatabases);
  // Checked here, so a gateway with a nonsense interval is never created.
  const overdueCheckMinutes = checkOverdueInterval(options.overdueCheckMinutes ?? defaultOverdueCheckMinutes);
  let overdueJob: OverdueJob | undefined;
  let closed = false;

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

  const districtServices = local ? districtServicesPrototype(local) : undefined;
  // One actor per principal (the verified-token cache hands out one principal per token), so what
  // is kept per caller (compiled statements) is found by it.
  const actors = new WeakMap<Principal, Actor>();
  const actorFor = (principal: Principal): Actor => {
    let actor = actors.get(principal);
    if (!actor) {
      actor = actorOf(principal);
      actors.set(principal, actor);
    }
    return actor;
  };
  const context = (initial: { request: Request }): GatewayContext => {
    const { request } = initial;
    const principal = principals.get(request) ?? publicPrincipal;
    const language = messageLanguageOf(request.headers.get('accept-language'));
    const gatewayContext = { districtErrors: [], principal, language };
    if (!local || !districtServices) return gatewayContext;
    // The one local district's resolvers run in this gateway's execution, so they read their
    // district, actor and services from the request's context; its services come from a district
    // context made on first use (a compiled read uses none).
    Object.setPrototypeOf(initial, districtServices);
    (initial as Record<symbol, unknown>)[principalKey] = principal;
    return { ...gatewayContext, district: local.database, actor: actorFor(principal) } as GatewayContext;
  };
  const maxRows = options.limits?.maxRows ?? defaultOperationLimits.maxRows;
  const compiledReads = compiledReadsMode(options.compiledReads);
  // What every GraphQL request goes through, at /graphql and at /subgraph alike.
  const requestPlugins = () => [
    ...hardening,
    useAuthentication(verifier, principals),
    usePageSizeLimit(),
    // After the page-size check, so an over-large page is reported as such.
    useRowBudget(maxRows),
    useTextBoundary(),
    useDistrictErrors(),
    // The answer's errors in the caller's language, once they are final.
    useErrorLanguage(),
    // After every check before execution, so those have passed when a compiled statement answers;
    // before telemetry, whose span then wraps the compiled statement as it wraps the resolvers.
    ...(local && compiledReads !== false
      ? [useCompiledReads(metrics, { verify: compiledReads === 'verify', logger })]
      : []),
    telemetry.operationPlugin(),
  ];
  const logging = yogaLoggerOver(logger);

  const subgraphYoga = subgraphSchema
    ? createYoga<Record<string, never>, GatewayContext>({
        schema: subgraphSchema,
        graphqlEndpoint: subgraphPath,
        graphiql: false,
        // A federation router calls it, never a browser: no CORS headers for any origin.
        cors: false,
        batching: false,
        // The body's limit is useOperationLimits's, as below.
        maxRequestBodySize: false,
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

  const graphiql =
    options.production || options.graphiql === false ? undefined : sansheGraphiQL(options.graphiqlDemoTokens);
  const yoga = createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphiql: graphiql?.options ?? false,
    renderGraphiQL: graphiql?.render,
    cors,
    // One operation per request: a batch would multiply every limit by its length.
    batching: false,
    // useOperationLimits (in every endpoint's hardening) refuses a body over its limit before
    // anything reads it; Yoga's own limit (25 MB) would pipe every body through a counting stream
    // again, a stream pipeline and an aborted AbortSignal per request.
    maxRequestBodySize: false,
    landingPage: false,
    logging,
    maskedErrors: { maskError },
    context,
    plugins: [
      // First: every request gets its id, log line, metrics and span, whichever plugin answers it.
      telemetry.requestPlugin((request) => principals.get(request)),
      ...(metrics
        ? [
            useMetricsEndpoint(metrics, {
              token: typeof options.metrics === 'object' ? options.metrics.token : undefined,
              production: options.production ?? false,
            }),
          ]
        : []),
      useDistrictExports(districts, options.exports),
      // Before authentication: Open311 reads its key from `api_key` too, and answers a refused key
      // in Open311's error format rather than GraphQL's.
      useOpen311(
        districts,
        {
          verifyToken: verifier,
          verifyServiceToken: options.serviceToken
            ? createServiceTokenVerifier(options.serviceToken)
            : undefined,
          principals,
        },
        options.open311,
      ),
      ...(options.serviceToken
        ? [
            useDistrictEndpoints(
              districts,
              createServiceTokenVerifier(options.serviceToken),
              [...hardening, telemetry.operationPlugin()],
              { maxRows, logging },
            ),
          ]
        : []),
      ...(subgraphYoga ? [usePath(subgraphPath, subgraphYoga)] : []),
      useVaryByOrigin('/graphql'),
      ...requestPlugins(),
      // After authentication: the page is read by the volunteer and staff by their token.
      useVolunteerCertificates(districts, principals, options.volunteerCertificates),
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
    logger,
    metrics,
    readiness,
    startDraining: () => {
      draining = true;
      // No new run from now on; close() waits for one in flight.
      void overdueJob?.stop();
    },
    get draining() {
      return draining;
    },
    startJobs: () => {
      if (overdueJob || draining || closed || overdueCheckMinutes === 0 || localDatabases.length === 0)
        return;
      overdueJob = startOverdueJob({
        databases: localDatabases,
        intervalMinutes: overdueCheckMinutes,
        logger,
        metrics,
        ...(options.clock ? { now: options.clock } : {}),
      });
    },
    get overdueJob() {
      return overdueJob;
    },
    close: async () => {
      closed = true;
      await overdueJob?.stop();
      telemetry.close();
      await Promise.all(districts.map((source) => source.close()));
    },
  };
}
