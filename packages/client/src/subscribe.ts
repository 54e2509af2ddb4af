import type { ResultOf, VariablesOf } from 'gql.tada';
import type { AnyDocument, RequestResult } from './client.js';
import { SansheClientError } from './errors.js';
import { describeOperation } from './operation.js';
import { isGraphQLResponse, resultOfBody } from './transport.js';

export interface SubscribeOptions {
  /** Ends the subscription (the iteration then finishes without an error). */
  signal?: AbortSignal;
  /** Extra headers for this subscription, over the client's. */
  headers?: Record<string, string>;
}

/** One server-sent event: its name and its data lines joined. */
interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * The events of a `text/event-stream` body (the WHATWG server-sent events format: `event:` and
 * `data:` fields, a blank line ends an event, lines starting with `:` are comments the server
 * sends to keep the connection open).
 */
async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.search(/\r\n|\r|\n/);
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0 || event) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const raw = colon < 0 ? '' : line.slice(colon + 1);
          const text = raw.startsWith(' ') ? raw.slice(1) : raw;
          if (field === 'event') event = text;
          else if (field === 'data') data.push(text);
        }
        newline = buffer.search(/\r\n|\r|\n/);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * A GraphQL subscription over server-sent events (the gateway's `/graphql` with
 * `Accept: text/event-stream`): each result as `request` would answer it, until the caller
 * stops iterating, the signal fires, or the gateway completes the stream.
 *
 * @remarks
 * A refusal before the stream starts (a bad filter, no permission, a network error) is yielded
 * once as `error` and ends the iteration. The stream is not resumed after a broken connection:
 * subscribe again, and read the current state with a query, since changes made meanwhile are not
 * replayed.
 */
export async function* subscribeOverSse<Document extends AnyDocument>(
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
  document: Document,
  variables: VariablesOf<Document> | undefined,
  options: SubscribeOptions,
): AsyncGenerator<RequestResult<ResultOf<Document>>, void, undefined> {
  const operation = describeOperation(document);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...headers,
          ...options.headers,
        },
        body: JSON.stringify({
          query: operation.query,
          ...(operation.name ? { operationName: operation.name } : {}),
          ...(variables ? { variables } : {}),
        }),
        signal: controller.signal,
      });
    } catch (cause) {
      if (controller.signal.aborted) return;
      yield { data: undefined, error: new SansheClientError({ code: 'NETWORK_ERROR', networkError: cause }) };
      return;
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream') || !response.body) {
      // Refused before any event: the gateway answered with a GraphQL response (or not at all).
      const body: unknown = await response.json().catch(() => undefined);
      yield (
        isGraphQLResponse(body)
          ? resultOfBody(body, response.status)
          : { data: undefined, error: new SansheClientError({ code: 'HTTP_ERROR', status: response.status }) }
      ) as RequestResult<ResultOf<Document>>;
      return;
    }
    try {
      for await (const event of serverSentEvents(response.body)) {
        if (event.event === 'complete') return;
        if (event.event !== 'next' && event.event !== 'message') continue;
        let body: unknown;
        try {
          body = JSON.parse(event.data);
        } catch {
          body = undefined;
        }
        yield (
          isGraphQLResponse(body)
            ? resultOfBody(body, response.status)
            : {
                data: undefined,
                error: new SansheClientError({ code: 'INVALID_RESPONSE', status: response.status }),
              }
        ) as RequestResult<ResultOf<Document>>;
      }
    } catch (cause) {
      if (controller.signal.aborted) return;
      yield { data: undefined, error: new SansheClientError({ code: 'NETWORK_ERROR', networkError: cause }) };
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Stopping the iteration closes the connection, which ends the subscription on the gateway.
    controller.abort();
  }
}
