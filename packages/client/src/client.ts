import type { DocumentNode } from '@0no-co/graphql.web';
import type { DocumentDecoration, ResultOf, VariablesOf } from 'gql.tada';
import type { SansheClientError } from './errors.js';
import { describeOperation } from './operation.js';
import { type Connection, type ConnectionNode, type PaginateVariables, paginate } from './paginate.js';
import { type SubscribeOptions, subscribeOverSse } from './subscribe.js';
import { transport } from './transport.js';

/** A GraphQL document that carries its result and variable types (gql.tada, codegen). */
export type TypedDocument<Result = unknown, Variables = Record<string, unknown>> = DocumentNode &
  DocumentDecoration<Result, Variables>;

/**
 * Any typed document. `never` variables and `unknown` result make every document assignable:
 * the decoration's variables sit in a parameter position, so they compare the other way round.
 */
export type AnyDocument = TypedDocument<unknown, never>;

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `https://sanshe.example.gov.cn/graphql`. */
  url: string;
  /** A bearer token sent with every request. */
  token?: string;
  /** Called before each request for a fresh bearer token; wins over `token`. May be async. */
  getToken?: () => string | undefined | null | Promise<string | undefined | null>;
  /** Defaults to the global `fetch`. Pass one to add proxies, logging or test doubles. */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** How long one request may take, retries included. Default 30 000 ms; 0 for none. */
  timeoutMs?: number;
  /** How many times a failed query is sent again. Default 2. Mutations are never retried. */
  retries?: number;
}

export interface RequestOptions {
  /** Cancels the request; it then resolves with an `ABORTED` error. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this request. */
  timeoutMs?: number;
  /** Extra headers for this request, over the client's. */
  headers?: Record<string, string>;
}

/**
 * What `request` resolves to: the data, an error, or both.
 *
 * @remarks
 * Both are set when the gateway returned partial data beside errors, e.g. a city-wide list
 * where one district did not answer in time (`error.code === 'DISTRICT_UNAVAILABLE'`, the
 * other districts' rows in `data`). Check `error` even when `data` is there if missing rows
 * matter to you.
 */
export type RequestResult<Data> =
  | { data: Data; error?: SansheClientError }
  | { data: undefined; error: SansheClientError };

/** Variables are optional when the document declares none that are required. */
export type RequestArgs<Variables> =
  Partial<Variables> extends Variables
    ? [variables?: Variables, options?: RequestOptions]
    : [variables: Variables, options?: RequestOptions];

export interface SansheClient {
  /**
   * Send one operation and return its typed result.
   *
   * @remarks
   * Never rejects for an expected failure: network errors, HTTP errors, timeouts, cancellation
   * and GraphQL errors all come back as `error`. Queries are retried on network errors and on
   * HTTP 429/502/503/504; mutations are sent once, since sending one twice may apply it twice.
   *
   * @throws Whatever your `getToken` throws: a failure of your own token source is passed on
   *   rather than disguised as a gateway error. Nothing else rejects.
   *
   * @privateRemarks
   * Generic over the whole document, so that its variables are the only source of the
   * variables' type: an extra or misspelt variable is then an error, not a widened type.
   */
  request<Document extends AnyDocument>(
    document: Document,
    ...args: RequestArgs<VariablesOf<Document>>
  ): Promise<RequestResult<ResultOf<Document>>>;

  /**
   * Iterate over every node of a connection, page by page, following `pageInfo.endCursor`.
   *
   * @remarks
   * The document must declare `$after: String` and select `pageInfo { hasNextPage endCursor }`
   * and `nodes` or `edges { node }`; `select` picks the connection out of a page's data. An
   * `after` in `variables` is the starting point. Each page is one `request` (with its
   * retries and timeout). Iteration stops early if `select` returns null (the parent of the
   * connection does not exist).
   *
   * @throws {@link SansheClientError} when a page fails, including a page with partial data
   *   (the iteration would silently miss nodes otherwise), or with `INVALID_RESPONSE` when the
   *   connection claims a next page but its cursor does not move.
   */
  paginate<Document extends AnyDocument, Page extends Connection>(
    document: Document,
    variables: PaginateVariables<VariablesOf<Document>>,
    select: (data: ResultOf<Document>) => Page | null | undefined,
    options?: RequestOptions,
  ): AsyncGenerator<ConnectionNode<Page>, void, undefined>;

  /**
   * Follow a subscription (e.g. `gridEventChanges`, a live queue) over server-sent events: each
   * event's typed result, as `request` answers, until you stop iterating (`break`), the signal
   * fires, or the gateway ends the stream.
   *
   * @remarks
   * A refusal before the stream starts comes back once as `error` and ends the iteration. A
   * broken connection ends it too (with `NETWORK_ERROR`): subscribe again and read the current
   * state with a query, since changes made meanwhile are not replayed. The client's timeout does
   * not apply: a subscription is meant to stay open.
   */
  subscribe<Document extends AnyDocument>(
    document: Document,
    variables?: VariablesOf<Document>,
    options?: SubscribeOptions,
  ): AsyncGenerator<RequestResult<ResultOf<Document>>, void, undefined>;
}

/**
 * Create a client for a sanshe gateway.
 *
 * @remarks
 * Uses only `fetch` and `AbortController`, so it runs in Node 20+, browsers, Deno and workers.
 * Requests are `POST` with a JSON body and ask for `application/graphql-response+json`, so the
 * gateway answers request errors with HTTP 400 and a GraphQL body the client can read.
 */
export function createClient(options: ClientOptions): SansheClient {
  const { url, token, getToken, headers = {}, timeoutMs = 30_000, retries = 2 } = options;
  // Looked up at call time and called unbound: browsers refuse `fetch` called on another object.
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<Document extends AnyDocument>(
    document: Document,
    ...[variables, requestOptions = {}]: RequestArgs<VariablesOf<Document>>
  ): Promise<RequestResult<ResultOf<Document>>> {
    const operation = describeOperation(document);
    const bearer = getToken ? await getToken() : token;
    const body = JSON.stringify({
      query: operation.query,
      ...(operation.name ? { operationName: operation.name } : {}),
      ...(variables ? { variables } : {}),
    });
    const init: RequestInit = {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...headers,
        ...requestOptions.headers,
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body,
    };
    const result = await transport({
      fetch: fetchImpl,
      url,
      init,
      // Only a query is safe to send twice; a repeated mutation may apply twice.
      attempts: operation.kind === 'query' ? 1 + Math.max(0, retries) : 1,
      timeoutMs: requestOptions.timeoutMs ?? timeoutMs,
      signal: requestOptions.signal,
    });
    return result as RequestResult<ResultOf<Document>>;
  }

  return {
    request,
    paginate: (document, variables, select, paginateOptions) =>
      paginate(request, document, variables, select, paginateOptions),
    async *subscribe(document, variables, subscribeOptions = {}) {
      const bearer = getToken ? await getToken() : token;
      yield* subscribeOverSse(
        fetchImpl,
        url,
        { ...headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        document,
        variables,
        subscribeOptions,
      );
    },
  };
}
