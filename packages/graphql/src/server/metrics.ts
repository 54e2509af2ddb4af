import { createHash, timingSafeEqual } from 'node:crypto';
import type { DistrictDatabase } from '@sanshe/core';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DistrictCallOutcome } from '../gateway/district-call-telemetry.js';

/**
 * `/metrics` (Prometheus text format). With `token`, a scrape must send `Authorization: Bearer
 * <token>`; in production a gateway without a token refuses every scrape (403), so what the
 * metrics tell (operation names, districts, error counts) is never public by accident.
 */
export interface MetricsOptions {
  token?: string;
}

/** Which GraphQL endpoint a request came to: users', a federation router's, another gateway's. */
export type GraphQLEndpoint = 'graphql' | 'subgraph' | 'district';

/** What a finished GraphQL request adds to the metrics. */
export interface RequestFigures {
  endpoint: GraphQLEndpoint;
  operationName: string | null;
  operationType: string | null;
  outcome: 'ok' | 'error';
  errorCodes: readonly string[];
  seconds: number;
}

/**
 * Keeps a label's values few: the first `limit` distinct values are kept, any later one is
 * counted as `other`. Operation names come from callers; without a bound, a caller inventing
 * names would grow the registry without end.
 */
class BoundedLabel {
  readonly #seen = new Set<string>();
  constructor(readonly limit: number) {}
  of(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size >= this.limit) return 'other';
    this.#seen.add(value);
    return value;
  }
}

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const statementBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/**
 * One gateway's metrics, in a registry of its own (two gateways in one process do not share
 * counters). The process's own figures (CPU, memory, event loop, GC) are prom-client's default
 * metrics, kept once per process and written after the gateway's.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #operations = new BoundedLabel(200);
  readonly #codes = new BoundedLabel(100);

  readonly #requests = new Counter({
    name: 'sanshe_graphql_requests_total',
    help: 'GraphQL requests answered, by endpoint, operation name and type, and outcome (ok: no error).',
    labelNames: ['endpoint', 'operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #requestSeconds = new Histogram({
    name: 'sanshe_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to its response, by endpoint, operation name and type.',
    labelNames: ['endpoint', 'operation', 'type'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  readonly #errors = new Counter({
    name: 'sanshe_graphql_errors_total',
    help: 'Errors in GraphQL answers, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly #districtCallSeconds = new Histogram({
    name: 'sanshe_district_call_duration_seconds',
    help: 'Calls to one district (a fan-out part, a routed field), by district and outcome (ok, refused, error, timeout).',
    labelNames: ['district', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  readonly #districtFailures = new Counter({
    name: 'sanshe_district_call_failures_total',
    help: 'Calls to a district that failed (error) or were too slow (timeout).',
    labelNames: ['district', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #statements = new Counter({
    name: 'sanshe_sql_statements_total',
    help: 'SQL statements sent to the databases of local districts, by district and outcome (ok, error).',
    labelNames: ['district', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #statementSeconds = new Histogram({
    name: 'sanshe_sql_statement_duration_seconds',
    help: 'Time of one SQL statement of a local district, by district.',
    labelNames: ['district'] as const,
    buckets: statementBuckets,
    registers: [this.registry],
  });

  readonly #readReasons = new BoundedLabel(100);
  readonly #reads = new Counter({
    name: 'sanshe_compiled_reads_total',
    help: "Query operations of a local district, by how they ran: compiled (one SQL statement answering the whole response), general (the resolvers, with the reason the compiler gave) or failed (the compiled statement failed and the general path answered); with compiled reads verified, mismatch counts the compiled answers that differed from the resolvers' (the resolvers answered).",
    labelNames: ['path', 'reason'] as const,
    registers: [this.registry],
  });

  readonly #readCompilations = new Counter({
    name: 'sanshe_read_compilations_total',
    help: "Query operations compiled into a statement (or into the verdict of the general path), by what the statement serves: shared (every value of its parameters, such as a lookup's code or a node's id) or values (the variables of one request, written in). A statement is kept per operation, caller and day: a count that keeps rising with traffic means the cache does not hold.",
    labelNames: ['statement'] as const,
    registers: [this.registry],
  });

  readonly #overdueChecks = new Counter({
    name: 'sanshe_overdue_checks_total',
    help: 'Runs of the overdue check of grid events over a local district, by district and outcome (ok, error).',
    labelNames: ['district', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #overdueEscalations = new Counter({
    name: 'sanshe_overdue_escalations_total',
    help: 'Grid events escalated by the overdue check (each at most once a working day), by district.',
    labelNames: ['district'] as const,
    registers: [this.registry],
  });

  constructor(databases: readonly DistrictDatabase[]) {
    // PostgreSQL pools, read at each scrape; a PGlite database has no pool and is not listed.
    const pools = databases.flatMap((database) => (database.poolUsage() ? [database] : []));
    if (pools.length === 0) return;
    const usage = (read: (figures: NonNullable<ReturnType<DistrictDatabase['poolUsage']>>) => number) =>
      function collect(this: Gauge<'district'>) {
        for (const database of pools) {
          const figures = database.poolUsage();
          if (figures) this.set({ district: database.districtCode }, read(figures));
        }
      };
    new Gauge({
      name: 'sanshe_db_pool_connections',
      help: 'Connections open in the PostgreSQL pool of a local district (idle or in use).',
      labelNames: ['district'] as const,
      registers: [this.registry],
      collect: usage((figures) => figures.total),
    });
    new Gauge({
      name: 'sanshe_db_pool_idle_connections',
      help: 'Idle connections in the PostgreSQL pool of a local district.',
      labelNames: ['district'] as const,
      registers: [this.registry],
      collect: usage((figures) => figures.idle),
    });
    new Gauge({
      name: 'sanshe_db_pool_waiting_clients',
      help: 'Queries waiting for a connection of the PostgreSQL pool of a local district.',
      labelNames: ['district'] as const,
      registers: [this.registry],
      collect: usage((figures) => figures.waiting),
    });
  }

  request(figures: RequestFigures): void {
    const labels = {
      endpoint: figures.endpoint,
      operation: figures.operationName === null ? 'unknown' : this.#operations.of(figures.operationName),
      type: figures.operationType ?? 'unknown',
    };
    this.#requests.inc({ ...labels, outcome: figures.outcome });
    this.#requestSeconds.observe(labels, figures.seconds);
    for (const code of figures.errorCodes) this.#errors.inc({ code: this.#codes.of(code) });
  }

  districtCall(district: string, outcome: DistrictCallOutcome, seconds: number): void {
    this.#districtCallSeconds.observe({ district, outcome }, seconds);
    if (outcome === 'error' || outcome === 'timeout') this.#districtFailures.inc({ district, outcome });
  }

  statement(district: string, failed: boolean, seconds: number): void {
    this.#statements.inc({ district, outcome: failed ? 'error' : 'ok' });
    this.#statementSeconds.observe({ district }, seconds);
  }

  /** How a query operation of a local district ran (compiled-reads/compiled-reads-plugin.ts). */
  read(path: 'compiled' | 'general' | 'failed' | 'mismatch', reason = ''): void {
    this.#reads.inc({ path, reason: reason === '' ? '' : this.#readReasons.of(reason) });
  }

  /** One compilation of a query operation (compiled-reads/compiled-reads-plugin.ts). */
  readCompilation(statement: 'shared' | 'values'): void {
    this.#readCompilations.inc({ statement });
  }

  /** One run of the overdue check over a district (overdue-job.ts), and the events it escalated. */
  overdueCheck(district: string, outcome: 'ok' | 'error', escalated: number): void {
    this.#overdueChecks.inc({ district, outcome });
    if (escalated > 0) this.#overdueEscalations.inc({ district }, escalated);
  }

  /** The text a scrape gets: this gateway's metrics, then the process's. */
  async scrape(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processRegistry().metrics()}`;
  }
}

let processMetrics: Registry | undefined;

/**
 * prom-client's default metrics, in one registry for the process (not prom-client's global
 * one), made at the first scrape: they describe the process, whatever gateways it holds, and
 * each set of them starts event-loop and GC observers that are never stopped.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

function sameSecret(given: string, expected: string): boolean {
  // Digests of equal length, so the comparison takes the same time whatever was sent.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Serves `/metrics` (GET): the scrape, for a caller with the token when one is set. Placed before
 * authentication, which would read the metrics token as a user's bearer token.
 */
export function useMetricsEndpoint(
  metrics: GatewayMetrics,
  access: { token?: string | undefined; production: boolean },
): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') return;
      const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
        endResponse(
          new fetchAPI.Response(`${text}\n`, {
            status,
            headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
          }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        plain(405, 'Scrape /metrics with GET.', { allow: 'GET, HEAD' });
        return;
      }
      if (access.token) {
        const header = request.headers.get('authorization') ?? '';
        const sent = /^Bearer (.+)$/.exec(header)?.[1];
        if (sent === undefined || !sameSecret(sent, access.token)) {
          plain(401, 'Scraping /metrics needs the metrics token: Authorization: Bearer <token>.', {
            'www-authenticate': 'Bearer realm="metrics"',
          });
          return;
        }
      } else if (access.production) {
        plain(403, 'A production gateway serves /metrics only with a metrics token (SANSHE_METRICS_TOKEN).');
        return;
      }
      endResponse(
        new fetchAPI.Response(await metrics.scrape(), {
          headers: { 'content-type': metrics.registry.contentType },
        }),
      );
    },
  };
}
