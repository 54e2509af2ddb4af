import type { Plugin } from 'graphql-yoga';
import { type Principal, publicPrincipal } from '../auth/principal.js';
import { TokenRefusedError, type TokenVerifier } from '../auth/token-verifier.js';
import type { DistrictSource } from '../gateway/district-source.js';
import {
  Open311Error,
  type Open311Format,
  open311ErrorResponse,
  open311Formats,
  open311Response,
} from './open311-format.js';
import {
  createServiceRequest,
  parseRequestQuery,
  parseServiceRequestId,
  readServiceRequests,
} from './open311-requests.js';
import { requireServiceCode, serviceDefinition, serviceList } from './open311-services.js';
import { messageLanguageOf } from './request-language.js';

/**
 * Open311 GeoReport v2 at `/open311/v2/` (docs/domain.md §7.7, docs/operations.md "Open311"), so
 * existing Open311 clients can report problems as grid events and follow them:
 *
 * - `GET services.{json,xml}` and `GET services/<service_code>.{json,xml}` (open311-services.ts);
 * - `POST requests.{json,xml}` (form-urlencoded, a key required), `GET requests.{json,xml}` and
 *   `GET requests/<service_request_id>.{json,xml}` (open311-requests.ts);
 * - `jurisdiction_id` is the district's code: required when the gateway serves more than one
 *   district (400 without it), 404 for a district it does not serve.
 *
 * The key (`api_key`, or the `Authorization: Bearer` header; not both with different values) is
 * a bearer token of this gateway, verified as `/graphql` verifies them; a key that does not
 * verify is refused (403, as the specification says of an invalid api_key), never read as no key.
 * Answers and errors are in Open311's formats (open311-format.ts), so this plugin runs before the
 * gateway's authentication, which would answer a bad token in GraphQL's.
 *
 * A remote district (a city gateway over district gateways) answers at its own gateway: the
 * request is forwarded to `/districts/<code>/open311/v2/…` there with the caller carried as a
 * one-minute service token, as a city's GraphQL calls carry it (auth/service-token.ts): the
 * district trusts its own tokens and the city's service tokens, never the city's user tokens,
 * so the caller's key itself is not passed on. That endpoint takes service tokens only, and
 * exists when the district gateway is configured with the city's service-token secret. A remote
 * source that cannot sign one is asked at the public path with no key at all, as the
 * certificate route does: it then answers as for anyone.
 */
export interface Open311RouteOptions {
  /** How long a remote district gateway may take to answer a forwarded request. Default 30 s. */
  remoteTimeoutMs?: number;
  /** The largest POST body read (a report is a few kilobytes of form). Default 64 KiB. */
  maxBodyBytes?: number;
}

export const open311PathPrefix = '/open311/v2/';
const publicPath = /^\/open311\/v2\/(.+)$/;
const gatewayPath = /^\/districts\/(\d{6})\/open311\/v2\/(.+)$/;
const resourcePath = /^(services|requests|tokens)(?:\/([^/]+))?\.([A-Za-z0-9]+)$/;

type FetchAPI = { Response: typeof Response };

interface Resource {
  kind: 'services' | 'requests' | 'tokens';
  /** The service_code or service_request_id of the path, when it names one. */
  item: string | null;
  format: Open311Format;
}

/**
 * The resource a path names. The format is the extension; anything else is 404 (in JSON, the
 * format of a path whose own format is unknown).
 */
function resourceOf(rest: string): Resource | { format: Open311Format; error: Open311Error } {
  const match = resourcePath.exec(rest);
  const format =
    match && (open311Formats as string[]).includes(match[3]!) ? (match[3] as Open311Format) : 'json';
  if (!match) {
    return {
      format,
      error: new Open311Error(
        404,
        'NOT_FOUND',
        `No Open311 resource at ${rest.slice(0, 64)}: GeoReport v2 serves services, services/<code>, requests and requests/<id>, each .json or .xml.`,
      ),
    };
  }
  if (!(open311Formats as string[]).includes(match[3]!)) {
    return {
      format,
      error: new Open311Error(
        404,
        'NOT_FOUND',
        `The format ".${match[3]!.slice(0, 8)}" is not served: use .json or .xml.`,
      ),
    };
  }
  let item: string | null = null;
  if (match[2] !== undefined) {
    try {
      item = decodeURIComponent(match[2]);
    } catch {
      item = match[2];
    }
  }
  return { kind: match[1] as Resource['kind'], item, format };
}

/**
 * The body of a POST, read up to `limit` bytes: a form is small, and a body past the limit is
 * refused before the rest of it is read.
 *
 * @throws {Open311Error} 413 BODY_TOO_LARGE
 */
async function readBoundedText(request: Request, limit: number): Promise<string> {
  const tooLarge = () =>
    new Open311Error(
      413,
      'BODY_TOO_LARGE',
      `The request body is larger than ${limit} bytes; a report is a short form.`,
    );
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The bearer token of the Authorization header, null without one. */
function bearerOf(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/.exec(header);
  if (!match) {
    throw new Open311Error(403, 'UNAUTHENTICATED', 'Authorization: the header is "Bearer <key>".');
  }
  return match[1]!;
}

/** The Yoga plugin answering `/open311/v2/…` (and, for city gateways, `/districts/<code>/open311/v2/…`). */
export function useOpen311(
  sources: readonly DistrictSource[],
  auth: {
    /** Verifies users' tokens (the gateway's `auth`); without it every key is refused. */
    verifyToken: TokenVerifier | undefined;
    /** Verifies the service tokens of a city gateway; without it `/districts/<code>/open311/` is not served. */
    verifyServiceToken: ((token: string) => Promise<Principal>) | undefined;
    /** Where the request's caller is kept for its log line. */
    principals: WeakMap<Request, Principal>;
  },
  options: Open311RouteOptions = {},
): Plugin {
  const byCode = new Map(sources.map((source) => [source.districtCode, source]));
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;

  /** The caller of a public request: its key verified, PUBLIC without one. */
  async function callerOf(request: Request, params: URLSearchParams): Promise<Principal> {
    const header = bearerOf(request);
    const keys = [...new Set(params.getAll('api_key').map((key) => key.trim()))].filter((key) => key !== '');
    if (keys.length > 1 || (header !== null && keys.length === 1 && keys[0] !== header)) {
      throw new Open311Error(
        400,
        'VALIDATION_FAILED',
        'api_key: send one key, as api_key or in the Authorization header.',
      );
    }
    const key = header ?? keys[0] ?? null;
    if (key === null) return publicPrincipal;
    if (!auth.verifyToken) {
      throw new Open311Error(
        403,
        'UNAUTHENTICATED',
        'api_key: this gateway takes no keys (it verifies no tokens).',
      );
    }
    try {
      return await auth.verifyToken(key);
    } catch (error) {
      if (!(error instanceof TokenRefusedError)) throw error;
      throw new Open311Error(403, 'UNAUTHENTICATED', `api_key: invalid, can't proceed (${error.message})`);
    }
  }

  /** The caller a city gateway sends: its service token, required. */
  async function forwardedCallerOf(request: Request): Promise<Principal> {
    const token = bearerOf(request);
    if (token === null || !auth.verifyServiceToken) {
      throw new Open311Error(401, 'UNAUTHENTICATED', 'This endpoint is for gateways: send a service token.');
    }
    try {
      return await auth.verifyServiceToken(token);
    } catch (error) {
      if (!(error instanceof TokenRefusedError)) throw error;
      throw new Open311Error(401, 'UNAUTHENTICATED', error.message);
    }
  }

  /** The district a request is for, by `jurisdiction_id` (a district code). */
  function sourceOf(params: URLSearchParams, pathDistrict: string | null): DistrictSource {
    const named = [...new Set(params.getAll('jurisdiction_id').map((value) => value.trim()))].filter(
      (value) => value !== '',
    );
    if (named.length > 1) {
      throw new Open311Error(
        400,
        'VALIDATION_FAILED',
        'jurisdiction_id: sent more than once with different values.',
      );
    }
    const code = named[0] ?? pathDistrict;
    if (code === null || code === undefined) {
      if (sources.length === 1) return sources[0]!;
      throw new Open311Error(
        400,
        'VALIDATION_FAILED',
        `jurisdiction_id: required, as this endpoint serves several districts (${sources.map((s) => s.districtCode).join(', ')}); it is the district's 6-digit code.`,
      );
    }
    const source = byCode.get(code);
    if (!source || (pathDistrict !== null && code !== pathDistrict)) {
      throw new Open311Error(
        404,
        'DISTRICT_NOT_SERVED',
        `jurisdiction_id: district ${code.slice(0, 12)} is not served here${pathDistrict !== null ? ` (this endpoint is district ${pathDistrict}'s)` : ''}.`,
      );
    }
    return source;
  }

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const gateway = gatewayPath.exec(url.pathname);
      const match = gateway ? null : publicPath.exec(url.pathname);
      if (!gateway && !match) return;
      // A district's gateway endpoint exists only where service tokens are configured.
      if (gateway && !auth.verifyServiceToken) return;
      const rest = gateway ? gateway[2]! : match![1]!;
      const language = messageLanguageOf(request.headers.get('accept-language'));
      const resource = resourceOf(rest);
      const fail = (error: Open311Error) =>
        endResponse(open311ErrorResponse(fetchAPI, resource.format, error, language));
      if ('error' in resource) {
        fail(resource.error);
        return;
      }
      try {
        const isPost = request.method === 'POST';
        const postable = resource.kind === 'requests' && resource.item === null;
        if (request.method !== 'GET' && !(isPost && postable)) {
          throw new Open311Error(
            405,
            'BAD_REQUEST',
            `${request.method} is not answered here: ${postable ? 'GET or POST' : 'GET'} ${rest}.`,
            { allow: postable ? 'GET, POST' : 'GET' },
          );
        }
        const params = new URLSearchParams(url.search);
        if (isPost) {
          const type = request.headers.get('content-type') ?? '';
          if (!/^application\/x-www-form-urlencoded(?:\s*;|$)/i.test(type)) {
            throw new Open311Error(
              400,
              'VALIDATION_FAILED',
              'A request is POSTed as a form: Content-Type: application/x-www-form-urlencoded; charset=utf-8.',
            );
          }
          // The form's fields; a field in both the form and the query string is the form's.
          const form = new URLSearchParams(await readBoundedText(request, maxBodyBytes));
          for (const name of new Set(form.keys())) params.delete(name);
          for (const [name, value] of form) params.append(name, value);
        }
        const principal = gateway ? await forwardedCallerOf(request) : await callerOf(request, params);
        auth.principals.set(request, principal);
        const source = sourceOf(params, gateway ? gateway[1]! : null);
        if (gateway && !source.database) {
          // Gateways ask a district where its database is, never through a chain of gateways.
          throw new Open311Error(
            404,
            'DISTRICT_NOT_SERVED',
            `District ${source.districtCode} is not served here.`,
          );
        }
        if (!source.database) {
          endResponse(
            await forward(source, rest, request.method, params, principal, request, fetchAPI, options),
          );
          return;
        }
        endResponse(await answer(source, resource, isPost, params, principal, fetchAPI));
      } catch (error) {
        if (error instanceof Open311Error) {
          fail(error);
          return;
        }
        throw error;
      }
    },
  };

  async function answer(
    source: DistrictSource,
    resource: Resource,
    isPost: boolean,
    params: URLSearchParams,
    principal: Principal,
    fetchAPI: FetchAPI,
  ): Promise<Response> {
    const database = source.database!;
    const { format } = resource;
    if (resource.kind === 'tokens') {
      throw new Open311Error(
        404,
        'NOT_FOUND',
        'tokens: every service here is realtime, so POST requests answers the service_request_id itself and issues no tokens.',
      );
    }
    if (resource.kind === 'services') {
      if (resource.item === null) return open311Response(fetchAPI, format, 'services', serviceList());
      const definition = await serviceDefinition(database, requireServiceCode(resource.item));
      return open311Response(fetchAPI, format, 'service_definition', definition);
    }
    if (resource.item === null) {
      const requests = isPost
        ? await createServiceRequest(database, principal, params)
        : await readServiceRequests(
            database,
            principal,
            parseRequestQuery(params, database.districtCode, Date.now()),
          );
      return open311Response(fetchAPI, format, 'service_requests', requests);
    }
    const id = parseServiceRequestId(resource.item ?? '');
    const found =
      id && id.districtCode === database.districtCode
        ? await readServiceRequests(database, principal, {
            ids: [id.id],
            serviceCodes: null,
            from: Number.NEGATIVE_INFINITY,
            to: Number.POSITIVE_INFINITY,
            statuses: null,
          })
        : [];
    if (found.length === 0) {
      // An id that does not exist and one the caller may not read answer alike.
      throw new Open311Error(
        404,
        'NOT_FOUND',
        `service_request_id: there is no request ${(resource.item ?? '').slice(0, 32)} here.`,
      );
    }
    return open311Response(fetchAPI, format, 'service_requests', found);
  }
}

/**
 * Forward a request for a remote district to its own gateway (see {@link useOpen311}): the
 * parameters without the caller's key, the caller as a service token when the source can sign one.
 */
async function forward(
  source: DistrictSource,
  rest: string,
  method: string,
  params: URLSearchParams,
  principal: Principal,
  request: Request,
  fetchAPI: FetchAPI,
  options: Open311RouteOptions,
): Promise<Response> {
  if (!source.origin) {
    throw new Open311Error(
      404,
      'DISTRICT_NOT_SERVED',
      `jurisdiction_id: district ${source.districtCode} is served by another gateway, which answers its Open311 requests: ask it.`,
    );
  }
  const forwarded = new URLSearchParams(params);
  forwarded.delete('api_key');
  const serviceToken = source.serviceTokenFor ? await source.serviceTokenFor(principal) : null;
  const path = serviceToken
    ? `/districts/${source.districtCode}/open311/v2/${rest}`
    : `${open311PathPrefix}${rest}`;
  const headers: Record<string, string> = {};
  if (serviceToken) headers.authorization = `Bearer ${serviceToken}`;
  const language = request.headers.get('accept-language');
  if (language) headers['accept-language'] = language.slice(0, 256);
  const isPost = method === 'POST';
  if (isPost) headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  const query = !isPost && forwarded.size > 0 ? `?${forwarded}` : '';
  let reply: Response;
  try {
    reply = await fetch(`${source.origin.replace(/\/+$/, '')}${path}${query}`, {
      method,
      headers,
      ...(isPost ? { body: forwarded.toString() } : {}),
      signal: AbortSignal.timeout(options.remoteTimeoutMs ?? 30_000),
    });
  } catch {
    throw new Open311Error(
      502,
      'DISTRICT_UNAVAILABLE',
      `The gateway of district ${source.districtCode} did not answer.`,
    );
  }
  const answered: Record<string, string> = {
    'access-control-allow-origin': '*',
    'cache-control': 'no-store',
  };
  for (const name of ['content-type', 'allow', 'www-authenticate']) {
    const value = reply.headers.get(name);
    if (value) answered[name] = value;
  }
  return new fetchAPI.Response(await reply.arrayBuffer(), { status: reply.status, headers: answered });
}
