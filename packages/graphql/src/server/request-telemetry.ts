import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { context, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { DistrictDatabase } from '@sanshe/core';
import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type {
  DistrictCallOutcome,
  DistrictCallWatch,
  RequestTelemetry,
} from '../gateway/district-call-telemetry.js';
import type { DistrictSource } from '../gateway/district-source.js';
import type { GatewayMetrics, GraphQLEndpoint } from './metrics.js';
import { withoutParameters } from './safe-logger.js';
import {
  contextWithSpan,
  failSpan,
  gatewayTracer,
  startDistrictCallSpan,
  startRequestSpan,
  startStatementSpan,
} from './tracing.js';

/** The header a request id comes in and goes back out in. */
export const requestIdHeader = 'x-request-id';

/**
 * An incoming request id is kept when it is a plain token (what load balancers and proxies
 * send: UUIDs, hex, `Root=1-…`); anything else is replaced, so a log line never carries a
 * caller's arbitrary text as an id.
 */
const saneRequestId = /^[A-Za-z0-9._:=+/-]{1,128}$/;

const districtPath = /^\/districts\/(\d{6})\/graphql$/;

/** Paths probed all the time by orchestrators and scrapers: logged at debug level, not traced. */
const probePaths = new Set(['/health', '/ready', '/metrics']);

/** The route of a path, as traces name it: a known path, or `other` (no unbounded names). */
function routeOf(path: string, subgraphPath: string): { route: string; endpoint?: GraphQLEndpoint } {
  if (path === '/graphql') return { route: path, endpoint: 'graphql' };
  if (path === subgraphPath) return { route: path, endpoint: 'subgraph' };
  if (districtPath.test(path)) return { route: '/districts/{code}/graphql', endpoint: 'district' };
  if (probePaths.has(path)) return { route: path };
  return { route: 'other' };
}

/** What is known of one request, from its arrival to its response. */
class RequestRecord implements RequestTelemetry {
  readonly started = performance.now();
  readonly districts = new Set<string>();
  readonly errorCodes: string[] = [];
  operationName: string | null = null;
  operationType: string | null = null;
  role: string | undefined;

  constructor(
    readonly telemetry: GatewayTelemetry,
    readonly requestId: string,
    readonly path: string,
    readonly endpoint: GraphQLEndpoint | undefined,
    readonly span: Span | undefined,
  ) {}

  districtCall(source: DistrictSource, fieldName: string): DistrictCallWatch {
    this.districts.add(source.districtCode);
    const { tracer, metrics, logger } = this.telemetry;
    const started = performance.now();
    const span = startDistrictCallSpan(tracer, this.span, {
      district: source.districtCode,
      kind: source.kind,
      field: fieldName,
    });
    let ended = false;
    return {
      run: (work) => context.with(contextWithSpan(span), work),
      end: (outcome: DistrictCallOutcome, detail = {}) => {
        if (ended) return;
        ended = true;
        metrics?.districtCall(source.districtCode, outcome, (performance.now() - started) / 1000);
        span.setAttribute('sanshe.district.outcome', outcome);
        if (outcome === 'error' || outcome === 'timeout') failSpan(span, `district ${outcome}`);
        span.end();
        if (detail.reported) {
          // Reported to the caller as DISTRICT_UNAVAILABLE, which says nothing of the cause.
          logger[outcome === 'timeout' ? 'warn' : 'error'](
            {
              requestId: this.requestId,
              district: source.districtCode,
              districtKind: source.kind,
              field: fieldName,
              outcome,
              error: describeFailure(detail.error),
            },
            'district call failed; answered DISTRICT_UNAVAILABLE',
          );
        }
      },
    };
  }
}

/**
 * What a log line may say of a failure: each error's name, and the message of the deepest one
 * (a database's own message), its SQL state and the statement's text with placeholders. Never
 * drizzle's query error message, which lists the statement's parameter values (what the caller
 * sent); the log's formats escape the rest.
 */
export function describeFailure(error: unknown): Record<string, unknown> {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    const wrapped = current as Error & { originalError?: unknown; errors?: unknown[] };
    current =
      wrapped.originalError ??
      wrapped.cause ??
      (Array.isArray(wrapped.errors) ? wrapped.errors[0] : undefined);
  }
  const deepest = chain.at(-1);
  if (!deepest) return { message: String(error) };
  const described: Record<string, unknown> = { name: deepest.name };
  described.message = withoutParameters(deepest.message);
  if (chain.length > 1) described.via = chain.slice(0, -1).map((e) => e.name);
  for (const link of chain) {
    // Drizzle's query error and the drivers' database errors (pg, PGlite) carry these.
    const fields = link as Error & { code?: unknown; query?: unknown; table?: unknown; constraint?: unknown };
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code))
      described.sqlState ??= fields.code;
    if (typeof fields.table === 'string') described.table ??= fields.table;
    if (typeof fields.constraint === 'string') described.constraint ??= fields.constraint;
    if (typeof fields.query === 'string') described.statement ??= fields.query;
  }
  return described;
}

function errorCodesOf(result: unknown): string[] {
  const results = Array.isArray(result) ? result : [result];
  const codes: string[] = [];
  for (const one of results) {
    if (!one || typeof one !== 'object' || Symbol.asyncIterator in one) continue;
    for (const error of (one as ExecutionResult).errors ?? []) {
      const code = error.extensions?.code;
      codes.push(typeof code === 'string' ? code : 'UNKNOWN');
    }
  }
  return codes;
}

export interface GatewayTelemetryOptions {
  logger: Logger;
  /** Absent when metrics are off. */
  metrics: GatewayMetrics | undefined;
  subgraphPath: string;
}

/**
 * A gateway's request telemetry: for every request an id (the caller's `x-request-id` when it is a
 * plain token, else a new UUID, sent back in the same header), one log line when it is answered
 * (who by role, which operation, which districts, how long, how it ended), its metrics, and a
 * trace span; for every district call its latency, outcome and span, and the cause of each
 * DISTRICT_UNAVAILABLE in the log; for every SQL statement of a local district a count and, in
 * a traced request, a span.
 */
export class GatewayTelemetry {
  readonly logger: Logger;
  readonly metrics: GatewayMetrics | undefined;
  readonly tracer: Tracer = gatewayTracer();
  readonly #records = new WeakMap<Request, RequestRecord>();
  readonly #subgraphPath: string;
  readonly #stopObserving: (() => void)[] = [];

  constructor(options: GatewayTelemetryOptions) {
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.#subgraphPath = options.subgraphPath;
  }

  /** Count and trace the statements of these databases (until {@link close}). */
  observeDatabases(databases: readonly DistrictDatabase[]): void {
    for (const database of databases) {
      const { districtCode: district, driver } = database;
      this.#stopObserving.push(
        database.observeStatements((sql) => {
          const span = startStatementSpan(this.tracer, sql, { district, driver });
          if (!this.metrics && !span) return undefined;
          const started = performance.now();
          return ({ error }) => {
            this.metrics?.statement(district, error !== undefined, (performance.now() - started) / 1000);
            if (span) {
              if (error !== undefined) failSpan(span, 'statement failed');
              span.end();
            }
          };
        }),
      );
    }
  }

  close(): void {
    for (const stop of this.#stopObserving.splice(0)) stop();
  }

  /**
   * The outer Yoga's plugin, first of all: starts each request's record and finishes it when
   * the response leaves (whichever Yoga answered: `/graphql`, `/subgraph`, a district endpoint,
   * a probe).
   */
  requestPlugin(principalOf: (request: Request) => Principal | undefined): Plugin {
    return {
      onRequest: ({ request, url }) => {
        const incoming = request.headers.get(requestIdHeader);
        const requestId = incoming && saneRequestId.test(incoming) ? incoming : randomUUID();
        const { route, endpoint } = routeOf(url.pathname, this.#subgraphPath);
        const span = probePaths.has(url.pathname) ? undefined : startRequestSpan(this.tracer, request, route);
        span?.setAttributes({ 'url.path': url.pathname, 'sanshe.request_id': requestId });
        const record = new RequestRecord(this, requestId, url.pathname, endpoint, span);
        // Another gateway calling this one's district endpoint asks that district.
        const district = districtPath.exec(url.pathname)?.[1];
        if (district) record.districts.add(district);
        this.#records.set(request, record);
      },
      onResponse: ({ request, response }) => {
        const record = this.#records.get(request);
        if (!record) return;
        this.#records.delete(request);
        try {
          response.headers.set(requestIdHeader, record.requestId);
        } catch {
          // A response whose headers cannot change (none of ours) goes without the id.
        }
        record.role ??= principalOf(request)?.role;
        this.#finish(record, request, response.status);
      },
    };
  }

  /**
   * Every Yoga's plugin (`/graphql`, `/subgraph`, the district endpoints): puts the request's
   * record on its context, for the resolvers that ask districts; reads the operation, the
   * caller's role and the answer's error codes; runs the execution inside the request's span.
   */
  operationPlugin(): Plugin {
    const recordOf = (contextValue: unknown) => {
      const request = (contextValue as { request?: Request } | null | undefined)?.request;
      return request ? this.#records.get(request) : undefined;
    };
    return {
      onContextBuilding: ({ context: contextValue, extendContext }) => {
        const record = recordOf(contextValue);
        if (record) extendContext({ telemetry: record } as never);
      },
      onValidate: ({ context: contextValue, params }) => {
        const record = recordOf(contextValue);
        if (!record) return;
        const operationName = (contextValue as { params?: { operationName?: unknown } }).params
          ?.operationName;
        // The document's own name (a GraphQL Name, so a plain word), not the request's field.
        const operation = getOperationAST(
          params.documentAST,
          typeof operationName === 'string' ? operationName : undefined,
        );
        record.operationName = operation ? (operation.name?.value ?? 'anonymous') : null;
        record.operationType = operation?.operation ?? null;
      },
      onExecute: ({ args, executeFn, setExecuteFn }) => {
        const record = recordOf(args.contextValue);
        if (!record) return;
        const caller = args.contextValue as { principal?: Principal; actor?: { role?: string } };
        record.role = caller.principal?.role ?? caller.actor?.role ?? record.role;
        const span = record.span;
        if (span)
          setExecuteFn((executeArgs) => context.with(contextWithSpan(span), () => executeFn(executeArgs)));
      },
      onResultProcess: ({ request, result }) => {
        this.#records.get(request)?.errorCodes.push(...errorCodesOf(result));
      },
    };
  }

  #finish(record: RequestRecord, request: Request, status: number): void {
    const seconds = (performance.now() - record.started) / 1000;
    const outcome = status < 400 && record.errorCodes.length === 0 ? 'ok' : 'error';
    const districts = [...record.districts].sort();
    const errors = [...new Set(record.errorCodes)];
    const line = {
      requestId: record.requestId,
      method: request.method,
      path: record.path,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      role: record.role ?? null,
      operationName: record.operationName,
      operationType: record.operationType,
      districts,
      outcome,
      errors,
    };
    const level = probePaths.has(record.path) ? 'debug' : status >= 500 ? 'warn' : 'info';
    if (this.logger.isLevelEnabled(level)) this.logger[level](line, 'request');
    if (record.endpoint) {
      this.metrics?.request({
        endpoint: record.endpoint,
        operationName: record.operationName,
        operationType: record.operationType,
        outcome,
        errorCodes: record.errorCodes,
        seconds,
      });
    }
    const span = record.span;
    if (span) {
      if (record.operationType) {
        span.updateName(`${record.operationType}${record.operationName ? ` ${record.operationName}` : ''}`);
        span.setAttribute('graphql.operation.type', record.operationType);
      }
      if (record.operationName) span.setAttribute('graphql.operation.name', record.operationName);
      span.setAttributes({
        'http.response.status_code': status,
        'sanshe.districts': districts,
        ...(record.role ? { 'sanshe.principal.role': record.role } : {}),
        ...(errors.length ? { 'sanshe.error_codes': errors } : {}),
      });
      const failed =
        status >= 500 ||
        errors.some((code) => code === 'INTERNAL_SERVER_ERROR' || code === 'DISTRICT_UNAVAILABLE');
      if (failed)
        span.setStatus({ code: SpanStatusCode.ERROR, message: errors.join(', ') || `HTTP ${status}` });
      span.end();
    }
  }
}
