import { type ErrorCode, SansheClientError, type SansheGraphQLResponse } from './errors.js';

/** Answers worth another try: rate limiting and gateways or proxies that are briefly down. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2_000;
const RETRY_AFTER_MAX_MS = 5_000;

export interface TransportRequest {
  fetch: typeof fetch;
  url: string;
  init: RequestInit;
  /** 1 + retries for a query, 1 for a mutation. */
  attempts: number;
  /** For the whole call, retries and backoff included; 0 or Infinity for none. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

export type TransportResult =
  | { data: unknown; error?: SansheClientError }
  | { data: undefined; error: SansheClientError };

/**
 * POST one GraphQL request with retries, a deadline and cancellation, and split the answer
 * into data and error.
 *
 * @remarks
 * Every failure becomes a value. The timeout covers the whole call rather than each attempt,
 * so a caller knows the longest it can wait.
 */
export async function transport(request: TransportRequest): Promise<TransportResult> {
  const deadline = createDeadline(request.timeoutMs, request.signal);
  try {
    return toResult(await send(request, deadline));
  } finally {
    deadline.dispose();
  }
}

type Received =
  | { ok: true; status: number; body: SansheGraphQLResponse }
  | { ok: false; error: SansheClientError };

async function send({ fetch, url, init, attempts }: TransportRequest, deadline: Deadline): Promise<Received> {
  let last: Received | undefined;
  let serverDelayMs = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(Math.max(backoff(attempt), serverDelayMs), deadline.signal);
    if (deadline.signal.aborted) return { ok: false, error: deadline.error() };
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: deadline.signal });
    } catch (cause) {
      if (deadline.signal.aborted) return { ok: false, error: deadline.error(cause) };
      last = { ok: false, error: new SansheClientError({ code: 'NETWORK_ERROR', networkError: cause }) };
      continue;
    }
    if (RETRY_STATUSES.has(response.status) && attempt + 1 < attempts) {
      serverDelayMs = retryAfterMs(response.headers.get('retry-after'));
      // Free the connection for the next attempt.
      await response.body?.cancel().catch(() => {});
      last = { ok: false, error: new SansheClientError({ code: 'HTTP_ERROR', status: response.status }) };
      continue;
    }
    return read(response, deadline);
  }
  return last!;
}

async function read(response: Response, deadline: Deadline): Promise<Received> {
  const { status } = response;
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    const error = deadline.signal.aborted
      ? deadline.error(cause)
      : new SansheClientError({ code: 'NETWORK_ERROR', networkError: cause, status });
    return { ok: false, error };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    // A proxy's HTML error page is an HTTP error; a 200 that is not JSON is a broken server.
    const code: ErrorCode = response.ok ? 'INVALID_RESPONSE' : 'HTTP_ERROR';
    return { ok: false, error: new SansheClientError({ code, status, networkError: cause }) };
  }
  if (!isGraphQLResponse(body)) {
    const code: ErrorCode = response.ok ? 'INVALID_RESPONSE' : 'HTTP_ERROR';
    return { ok: false, error: new SansheClientError({ code, status }) };
  }
  if (!response.ok && !body.errors?.length) {
    return { ok: false, error: new SansheClientError({ code: 'HTTP_ERROR', status, response: body }) };
  }
  return { ok: true, status, body };
}

/** A GraphQL response body as data and error, the way `request` answers it. */
export function resultOfBody(body: SansheGraphQLResponse, status: number): TransportResult {
  return toResult({ ok: true, status, body });
}

function toResult(received: Received): TransportResult {
  if (!received.ok) return { data: undefined, error: received.error };
  const { body, status } = received;
  const graphQLErrors = body.errors ?? [];
  const error = graphQLErrors.length
    ? new SansheClientError({
        code: graphQLErrors[0]?.extensions?.code ?? 'GRAPHQL_ERROR',
        graphQLErrors,
        status,
        response: body,
      })
    : undefined;
  // `data: null` means execution stopped at the root: no partial data to offer.
  if (body.data === null || body.data === undefined) {
    return { data: undefined, error: error ?? new SansheClientError({ code: 'INVALID_RESPONSE', status }) };
  }
  return error ? { data: body.data, error } : { data: body.data };
}

export function isGraphQLResponse(value: unknown): value is SansheGraphQLResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { data, errors } = value as Record<string, unknown>;
  return (data !== undefined && typeof data === 'object') || Array.isArray(errors);
}

/** One AbortSignal for the caller's cancellation and the timeout, remembering which fired. */
interface Deadline {
  signal: AbortSignal;
  error(cause?: unknown): SansheClientError;
  dispose(): void;
}

function createDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let reason: 'TIMEOUT' | 'ABORTED' | undefined;
  const abort = (why: 'TIMEOUT' | 'ABORTED') => {
    reason ??= why;
    controller.abort();
  };
  const onCallerAbort = () => abort('ABORTED');
  if (callerSignal?.aborted) abort('ABORTED');
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  // setTimeout treats Infinity as 0, so only arm a finite, positive timeout.
  const timer =
    Number.isFinite(timeoutMs) && timeoutMs > 0 ? setTimeout(() => abort('TIMEOUT'), timeoutMs) : undefined;
  return {
    signal: controller.signal,
    error: (cause) =>
      new SansheClientError({
        code: reason ?? 'ABORTED',
        ...(reason === 'TIMEOUT'
          ? { message: `[Network] no answer within ${timeoutMs} ms` }
          : { message: '[Network] the request was aborted' }),
        ...(cause !== undefined ? { networkError: cause } : {}),
      }),
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Exponential backoff with jitter: 50–100 ms, 100–200 ms, … up to 2 s. */
function backoff(attempt: number): number {
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  // Jitter keeps many clients that failed together from retrying together.
  return exponential / 2 + Math.random() * (exponential / 2);
}

/** A 429/503's Retry-After (seconds or an HTTP date), capped: the deadline still applies. */
function retryAfterMs(header: string | null): number {
  if (!header) return 0;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), RETRY_AFTER_MAX_MS) : 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
