import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import type { ExecutionRequest } from '@graphql-tools/utils';
import type { ExecutionResult } from 'graphql';
import { publicPrincipal } from '../auth/principal.js';
import { createServiceTokenSigner, type ServiceTokenConfig } from '../auth/service-token.js';
import { districtSubgraphSchema } from '../schema/district-schema.js';
import { acceptLanguageFor } from '../server/request-language.js';
import { requestIdHeader } from '../server/request-telemetry.js';
import { traceHeaders } from '../server/tracing.js';
import type { GatewayContext } from './district-errors.js';
import type { DistrictSource } from './district-source.js';

/** The remote district could not be reached, or answered with something other than GraphQL. */
export class DistrictUnreachableError extends Error {
  override readonly name = 'DistrictUnreachableError';
}

/**
 * Whether an executor result says the call failed rather than carrying the district's answer.
 * Everything a district says on purpose has `extensions.code` (sanshe's codes, Yoga's
 * validation codes); a refused network connection, a timeout, a non-GraphQL response, a masked
 * crash or a refused service token (a misconfigured city) do not count as an answer.
 */
const transportFailureCodes = new Set([
  // executor-http: the connection failed, the response was not GraphQL, the call timed out.
  'SUBREQUEST_HTTP_ERROR',
  'RESPONSE_VALIDATION_FAILED',
  'DOWNSTREAM_SERVICE_ERROR',
  'TIMEOUT_ERROR',
  // The district crashed (masked), or does not accept this gateway's service tokens.
  'INTERNAL_SERVER_ERROR',
  'UNAUTHENTICATED',
]);

function isTransportFailure(result: unknown): boolean {
  if (!result || typeof result !== 'object' || Symbol.asyncIterator in result) return false;
  const { data, errors } = result as ExecutionResult;
  if (data != null || !errors?.length) return false;
  return errors.some((error) => {
    const code = error.extensions?.code;
    // executor-http describes its own failures with the request it could not complete.
    if (error.extensions?.request !== undefined) return true;
    return typeof code !== 'string' || transportFailureCodes.has(code);
  });
}

export interface RemoteDistrictOptions {
  districtCode: string;
  /** The origin of the sanshe gateway that serves the district, e.g. `http://10.0.3.7:4000`. */
  url: string;
  /** The secret this gateway and the district's share, to carry callers' identities. */
  serviceToken: ServiceTokenConfig;
  /** Abort a call after this long (the fan-out also reports the district unavailable then). */
  timeoutMs?: number;
}

/**
 * A district served by another sanshe gateway, reached over GraphQL over HTTP through The Guild's
 * HTTP executor at its district endpoint (`/districts/<code>/graphql`, the district schema as
 * is, so cursors and IDs pass through unchanged). Each call carries the caller as a one-minute
 * service token; the district applies its own authorization to that caller.
 */
export function createRemoteDistrictSource(options: RemoteDistrictOptions): DistrictSource {
  const origin = options.url.replace(/\/+$/, '');
  const endpoint = `${origin}/districts/${options.districtCode}/graphql`;
  const sign = createServiceTokenSigner(options.serviceToken);
  const headers = (request?: ExecutionRequest) => {
    const context = request?.context as (GatewayContext & { serviceToken?: string }) | undefined;
    const headers: Record<string, string> = {};
    if (context?.serviceToken) headers.authorization = `Bearer ${context.serviceToken}`;
    // The district writes the messages of the typed errors it returns in the caller's language.
    if (context?.language) headers['accept-language'] = acceptLanguageFor(context.language);
    // The district logs and traces its part under the city request's id and trace.
    if (context?.telemetry) headers[requestIdHeader] = context.telemetry.requestId;
    traceHeaders(headers);
    return headers;
  };
  const http = buildHTTPExecutor({ endpoint, timeout: options.timeoutMs ?? 10_000, headers });
  // A subscription is a stream meant to stay open (server-sent events): no deadline on it; the
  // fan-out subscribes again when it breaks (fan-out-subscription.ts). Sent as POST like every
  // other call (executor-http would use GET, which the endpoint's CSRF prevention refuses).
  const stream = buildHTTPExecutor({ endpoint, headers, method: 'POST' });
  const executor = async (request: ExecutionRequest) => {
    const principal = (request.context as GatewayContext | undefined)?.principal ?? publicPrincipal;
    const serviceToken = await sign(principal);
    // Read back by `headers` above (the context stays on this side; it is not sent).
    const execute = request.operationType === 'subscription' ? stream : http;
    const result = await execute({ ...request, context: { ...(request.context as object), serviceToken } });
    if (isTransportFailure(result)) {
      // Not the district's answer but its absence: a plain error, which the fan-out reports as
      // DISTRICT_UNAVAILABLE (a GraphQLError would pass for the district refusing the input).
      const reason = (result as ExecutionResult).errors?.[0]?.message ?? 'no answer';
      throw new DistrictUnreachableError(`${endpoint}: ${reason}`);
    }
    return result;
  };
  return {
    districtCode: options.districtCode,
    kind: 'remote',
    origin,
    serviceTokenFor: sign,
    // The remote gateway answers for its own keys (and refuses to start in production without).
    personalDataKeysConfigured: true,
    subschema: { name: options.districtCode, schema: districtSubgraphSchema(), executor: executor as never },
    ready: async () => {
      try {
        const response = await fetch(`${origin}/ready`, {
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        const report = (await response.json()) as { districts?: Record<string, { ok: boolean }> };
        const state = report.districts?.[options.districtCode];
        return state?.ok ? { ok: true } : { ok: false, detail: `${origin} reports it not ready` };
      } catch {
        return { ok: false, detail: `${origin} does not answer` };
      }
    },
    close: async () => {},
  };
}
