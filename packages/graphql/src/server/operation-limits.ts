import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * What one request may ask for. Every limit refuses the whole request before anything runs,
 * with a typed `extensions.code`; none truncates an answer silently.
 */
export interface OperationLimits {
  /** Nesting of selections. The deepest query of the client SDK is 10. Default 12. */
  maxDepth?: number;
  /**
   * The rows an operation may read: page sizes multiplied down nested pages and summed (see
   * `row-budget-plugin.ts`). The SDK's community page is about 520. Default 10,000.
   */
  maxRows?: number;
  /** Aliased fields per operation (alias flooding multiplies work). Default 15. */
  maxAliases?: number;
  /** Lexical tokens per document. Default 3,000. */
  maxTokens?: number;
  /** Directives per operation. Default 20. */
  maxDirectives?: number;
  /** Bytes of a request body (query and variables). Default 100 kB. */
  maxBodyBytes?: number;
}

export const defaultOperationLimits: Required<OperationLimits> = {
  maxDepth: 12,
  maxRows: 10_000,
  maxAliases: 15,
  maxTokens: 3_000,
  maxDirectives: 20,
  maxBodyBytes: 100_000,
};

/**
 * The code each armor protection's refusal carries, so clients can tell them apart without
 * reading messages.
 */
function tagged(code: string) {
  return {
    // Limits are part of the API: say them, so a client can fix its query.
    exposeLimits: true,
    onReject: [
      (_context: ValidationContext | null, error: GraphQLError) => {
        (error.extensions as Record<string, unknown>).code = code;
      },
    ],
  };
}

/**
 * Depth, aliases, tokens and directives through graphql-armor (Escape's maintained
 * protections for Envelop/Yoga), field suggestions blocked so a refused query does not reveal the
 * schema, and the body size checked before the body is read.
 */
export function useOperationLimits(options: OperationLimits = {}): Plugin[] {
  const limits = { ...defaultOperationLimits, ...options };
  return [
    {
      async onRequest({ request, setRequest, endResponse, fetchAPI }) {
        if (request.method !== 'POST' || request.body === null) return;
        const body = await readBodyWithin(request, limits.maxBodyBytes);
        if (body === 'too large') {
          endResponse(
            new fetchAPI.Response(
              JSON.stringify({
                errors: [
                  {
                    message: `A request body is at most ${limits.maxBodyBytes} bytes.`,
                    extensions: { code: 'BODY_TOO_LARGE' },
                  },
                ],
              }),
              { status: 413, headers: { 'content-type': 'application/json' } },
            ),
          );
        } else if (body !== 'declared') {
          // The body was read to count it: what follows reads it from here.
          setRequest(
            new fetchAPI.Request(request.url, {
              method: request.method,
              headers: request.headers,
              body,
              signal: request.signal,
            }),
          );
        }
      },
    },
    EnvelopArmorPlugin({
      maxDepth: {
        n: limits.maxDepth,
        ignoreIntrospection: true,
        flattenFragments: true,
        ...tagged('QUERY_TOO_DEEP'),
      },
      // Cost is counted in rows by useRowBudget (see create-gateway.ts), which sees variables;
      // armor's cost does not.
      costLimit: { enabled: false },
      maxAliases: { n: limits.maxAliases, ...tagged('TOO_MANY_ALIASES') },
      maxTokens: { n: limits.maxTokens, ...tagged('TOO_MANY_TOKENS') },
      maxDirectives: { n: limits.maxDirectives, ...tagged('TOO_MANY_DIRECTIVES') },
      blockFieldSuggestion: { enabled: true },
    }) as Plugin,
  ];
}

/**
 * Whether the body is at most `max` bytes. A declared Content-Length answers at once (Node's HTTP
 * parser holds the body to it): 'declared', or 'too large'. A body without one (chunked, or a
 * Request built in-process) is read here, and abandoned as soon as it passes the limit, so it is
 * never read whole: 'too large', or its bytes, for the request that replaces this one.
 *
 * Not counted on a clone: the Request of Node's adapter (@whatwg-node/node-fetch) answers
 * `clone()` with itself, so reading a "clone" consumed the body and the request then arrived
 * empty ("POST body sent invalid JSON" for every chunked request).
 */
async function readBodyWithin(
  request: Request,
  max: number,
): Promise<'declared' | 'too large' | Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null) return Number(declared) <= max ? 'declared' : 'too large';
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return 'too large';
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
