import type { SchemaErrorCode } from './graphql.js';

/**
 * Codes the client sets itself when the failure happened before or outside GraphQL execution.
 *
 * - `NETWORK_ERROR`: the request did not reach the gateway or the connection broke.
 * - `HTTP_ERROR`: the gateway (or a proxy before it) answered with an HTTP error and no
 *   GraphQL errors, e.g. 502 from a load balancer.
 * - `TIMEOUT`: no complete answer within `timeoutMs` (retries included).
 * - `ABORTED`: the caller's `AbortSignal` fired.
 * - `INVALID_RESPONSE`: the answer is not a GraphQL response (not JSON, no `data` or `errors`),
 *   or a connection did not advance while paginating.
 * - `GRAPHQL_ERROR`: a GraphQL error that carries no `extensions.code` (another GraphQL server
 *   behind the same URL, or a proxy; sanshe's gateway gives every error a code).
 */
export type ClientErrorCode =
  | 'NETWORK_ERROR'
  | 'HTTP_ERROR'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'INVALID_RESPONSE'
  | 'GRAPHQL_ERROR';

/**
 * Codes the gateway's HTTP layer puts on request errors before any resolver runs (a document
 * that does not parse or validate, a malformed request). They are part of the schema's
 * `ErrorCode` enum like every other code the gateway sends.
 */
export type ProtocolErrorCode = Extract<
  SchemaErrorCode,
  'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' | 'BAD_REQUEST' | 'OPERATION_RESOLUTION_FAILURE'
>;

/**
 * Every code a {@link SansheClientError} can carry: the schema's `ErrorCode` enum and the
 * client's own transport codes.
 *
 * @remarks
 * The schema's enum is printed from the one table of codes in `@sanshe/core`, and the gateway
 * sends no code outside it (request limits, protocol and authentication refusals included), so
 * this union is exactly what the gateway this client was built against can answer, plus
 * {@link ClientErrorCode}. A newer gateway may send a code this version does not list, so keep a
 * `default` branch when switching on it.
 */
export type ErrorCode = SchemaErrorCode | ClientErrorCode;

/** One entry of a GraphQL response's `errors`, as the gateway sent it. */
export interface SansheGraphQLError {
  message: string;
  /** The response path of the field that failed, e.g. `["communities"]`. */
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  /**
   * `code` names the failure; the gateway adds details such as `field` (the argument at
   * fault) or `district` (for `DISTRICT_UNAVAILABLE`).
   */
  extensions?: { code?: ErrorCode; [key: string]: unknown };
}

/** A GraphQL response as received, before the client splits it into `data` and `error`. */
export interface SansheGraphQLResponse {
  data?: unknown;
  errors?: readonly SansheGraphQLError[];
  extensions?: Record<string, unknown>;
}

export interface SansheClientErrorOptions {
  code: ErrorCode;
  message?: string;
  graphQLErrors?: readonly SansheGraphQLError[];
  networkError?: unknown;
  status?: number;
  response?: SansheGraphQLResponse;
}

/**
 * Why a request failed: the network, HTTP and GraphQL errors of one request joined in one value,
 * with the code of the first.
 *
 * @remarks
 * `request` returns it instead of throwing it. Expected failures of a mutation (a duplicate
 * code, invalid input) are not errors at this level: they come back in `data` as members of
 * the mutation's result union.
 */
export class SansheClientError extends Error {
  override readonly name = 'SansheClientError';
  /** The first GraphQL error's `extensions.code`, or the client's code for the failure. */
  readonly code: ErrorCode;
  /** Every GraphQL error of the response, in order; empty for network failures. */
  readonly graphQLErrors: readonly SansheGraphQLError[];
  /** What `fetch` or the body parser threw, when the failure is not a GraphQL error. */
  readonly networkError?: unknown;
  /** The HTTP status, when an answer arrived. */
  readonly status?: number;
  /** The response as received: holds the partial `data` beside the errors, if any. */
  readonly response?: SansheGraphQLResponse;

  constructor(options: SansheClientErrorOptions) {
    super(options.message ?? describe(options), options.networkError ? { cause: options.networkError } : {});
    this.code = options.code;
    this.graphQLErrors = options.graphQLErrors ?? [];
    if (options.networkError !== undefined) this.networkError = options.networkError;
    if (options.status !== undefined) this.status = options.status;
    if (options.response !== undefined) this.response = options.response;
  }
}

/**
 * Whether `value` is a {@link SansheClientError}.
 *
 * @remarks
 * Also recognises errors made by another copy of this package (two versions installed side by
 * side), where `instanceof` would say no.
 */
export function isSansheClientError(value: unknown): value is SansheClientError {
  if (value instanceof SansheClientError) return true;
  return (
    value instanceof Error &&
    value.name === 'SansheClientError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    Array.isArray((value as { graphQLErrors?: unknown }).graphQLErrors)
  );
}

// Like urql's CombinedError: one line per error, tagged with where it came from.
function describe(options: SansheClientErrorOptions): string {
  const lines = (options.graphQLErrors ?? []).map((error) => `[GraphQL] ${error.message}`);
  if (options.networkError !== undefined) lines.push(`[Network] ${messageOf(options.networkError)}`);
  if (!lines.length && options.status !== undefined) lines.push(`[HTTP] status ${options.status}`);
  return lines.length ? lines.join('\n') : options.code;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, …) is in `cause`.
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
