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
      async onRequest({ request, endResponse, fetchAPI }) {
        if (request.method !== 'POST' || request.body === null) return;
        if (!(await bodyFits(request, limits.maxBodyBytes))) {
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
 * parser holds the body to it); a body without one (chunked, or a Request built in-process) is
 * counted on a clone and abandoned as soon as it passes the limit, so it is never read whole.
 */
async function bodyFits(request: Request, max: number): Promise<boolean> {
  const declared = request.headers.get('content-length');
  if (declared !== null) return Number(declared) <= max;
  const reader = request.clone().body!.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return false;
    }
  }
}
