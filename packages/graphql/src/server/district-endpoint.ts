import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { useAuthentication } from '../auth/authentication-plugin.js';
import type { Principal } from '../auth/principal.js';
import { maxPageSize } from '../builder.js';
import type { DistrictContext } from '../context.js';
import type { DistrictSource } from '../gateway/district-source.js';
import { districtSubgraphSchema } from '../schema/district-schema.js';
import { maskError } from './mask-error.js';
import { usePageSizeLimit } from './page-size-plugin.js';
import { messageLanguageOf } from './request-language.js';
import { useRowBudget } from './row-budget-plugin.js';
import { useTextBoundary } from './text-boundary-plugin.js';

const pathPattern = /^\/districts\/(\d{6})\/graphql$/;

/**
 * The endpoint through which other gateways reach a local district: `/districts/<code>/graphql`
 * serves the district schema as it is (its own cursors and IDs, no merging; in its subgraph form,
 * so a city's federation entity lookups reach the district too), for callers that
 * present a service token (auth/service-token.ts). A city gateway delegates here; users use
 * `/graphql`. A request without a valid service token is refused with 401.
 *
 * The same limits hold as at `/graphql`: pages, the row budget and the text check. A city asks
 * each district for one row more than its page at the root (to know whether another follows),
 * so that row is allowed here: pages of up to `maxPageSize + 1`, root pages counted one row short.
 */
export function useDistrictEndpoints(
  sources: readonly DistrictSource[],
  verifyServiceToken: (token: string) => Promise<Principal>,
  hardening: readonly Plugin[],
  options: { maxRows: number; logging: YogaLogger },
): Plugin {
  const endpoints = new Map<string, YogaServerInstance<Record<string, never>, DistrictContext>>();
  for (const source of sources) {
    const contextFor = source.contextFor;
    if (source.kind !== 'local' || !contextFor) continue;
    const principals = new WeakMap<Request, Principal>();
    endpoints.set(
      source.districtCode,
      createYoga<Record<string, never>, DistrictContext>({
        schema: districtSubgraphSchema(),
        graphqlEndpoint: `/districts/${source.districtCode}/graphql`,
        graphiql: false,
        landingPage: false,
        batching: false,
        // The body's limit is useOperationLimits's (in the hardening), as on the gateway's endpoint.
        maxRequestBodySize: false,
        // Other gateways call this, never a browser: no CORS headers for any origin.
        cors: false,
        logging: options.logging,
        maskedErrors: { maskError },
        context: ({ request }) => {
          const principal = principals.get(request);
          // useAuthentication below has either set the principal or ended the request.
          if (!principal) throw new Error('district endpoint reached without a verified caller');
          // The city sends its caller's language on (the typed errors' messages are written in it).
          return {
            ...contextFor(principal),
            language: messageLanguageOf(request.headers.get('accept-language')),
          };
        },
        plugins: [
          ...hardening,
          useAuthentication(verifyServiceToken, principals, { required: true }),
          usePageSizeLimit(maxPageSize + 1),
          useRowBudget(options.maxRows, { rootPageSlack: 1 }),
          useTextBoundary(),
        ],
      }),
    );
  }
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const match = pathPattern.exec(url.pathname);
      if (!match) return;
      const endpoint = endpoints.get(match[1]!);
      if (!endpoint) {
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                {
                  message: `District ${match[1]} is not served here.`,
                  extensions: { code: 'DISTRICT_NOT_SERVED' },
                },
              ],
            }),
            { status: 404, headers: { 'content-type': 'application/json' } },
          ),
        );
        return;
      }
      endResponse(await endpoint.fetch(request));
    },
  };
}
