import type { CORSOptions, Plugin } from 'graphql-yoga';

/**
 * Which web pages (origins) a browser lets read the gateway's answers, at `/graphql` only.
 * `/subgraph` and `/districts/<code>/graphql` are for servers (a federation router, other
 * gateways), which do not enforce CORS, so they never allow a browser anything.
 */
export interface CorsPolicy {
  /**
   * Exact origins, `scheme://host[:port]` as a browser sends them (`https://sanshe.mzj.example.gov.cn`),
   * or `['*']` for every origin. An empty list allows none.
   */
  origins: readonly string[];
  /**
   * Let browsers send cookies and HTTP authentication with their requests
   * (`Access-Control-Allow-Credentials`). Default false: sanshe's tokens are bearer tokens a page
   * puts in the Authorization header itself, which needs no credentials mode. Never with `*`.
   */
  credentials?: boolean;
}

/** A configured policy sanshe refuses to serve with: a malformed origin, `*` with credentials. */
export class CorsPolicyError extends Error {
  override readonly name = 'CorsPolicyError';
}

/**
 * The same policy, checked: every origin is `http(s)://host[:port]` exactly as a browser writes
 * its `Origin` header (lower case, no default port, no path, not even `/`), or the list is `*`
 * alone without credentials. A browser compares origins character by character, so an entry
 * written any other way would silently never match; refusing it at start says so at once.
 *
 * @throws {CorsPolicyError} naming the entry and how to write it.
 */
export function checkCorsPolicy(policy: CorsPolicy): CorsPolicy {
  const origins = [...new Set(policy.origins)];
  if (origins.includes('*')) {
    if (origins.length > 1) {
      throw new CorsPolicyError(
        `CORS origins: "*" allows every origin and is listed alone, not with ${origins.filter((o) => o !== '*').join(', ')}.`,
      );
    }
    if (policy.credentials) {
      throw new CorsPolicyError(
        'CORS origins: "*" cannot go with credentials: every web site would be able to make requests with the browser\'s cookies. List the origins instead.',
      );
    }
  } else {
    for (const origin of origins) checkOrigin(origin);
  }
  return { origins, credentials: policy.credentials ?? false };
}

function checkOrigin(origin: string): void {
  if (origin.includes('*')) {
    throw new CorsPolicyError(
      `CORS origin "${origin}": no wildcards in host names (a browser sends one exact origin); list each origin.`,
    );
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new CorsPolicyError(
      `CORS origin "${origin}" is not an origin: write scheme://host[:port], e.g. https://sanshe.example.gov.cn.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CorsPolicyError(`CORS origin "${origin}" must be http:// or https://.`);
  }
  if (url.origin === origin) return;
  const reason =
    url.username || url.password
      ? 'an origin has no user name or password'
      : url.pathname !== '/' || url.search || url.hash
        ? 'an origin has no path, query or fragment'
        : origin.endsWith('/')
          ? 'an origin has no trailing slash'
          : 'write it as a browser sends it: lower case, without the default port';
  throw new CorsPolicyError(`CORS origin "${origin}" is not an origin (${reason}): write "${url.origin}".`);
}

/**
 * Pages served from the developer's own machine: `http(s)://localhost`, `127.0.0.1` or `[::1]`,
 * on any port. What a gateway outside production allows when no policy is configured, so a web
 * app under development (`localhost:5173`) can call a local demo gateway, while no page from
 * elsewhere can read it through the developer's browser.
 */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === origin &&
      (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]')
    );
  } catch {
    return false;
  }
}

/**
 * Yoga's `cors` option for a gateway: a function of the request that answers CORS headers only
 * at `endpoint` and only for an allowed origin. Any other origin, or no `Origin` at all, gets no
 * `Access-Control-Allow-Origin` (Yoga's own default would echo every origin, with credentials;
 * its list form answers `null` to an origin not listed, which a sandboxed page would match).
 *
 * Without a policy: nothing in production; loopback origins otherwise ({@link isLoopbackOrigin}).
 */
export function corsOptions(
  policy: CorsPolicy | undefined,
  options: { production: boolean; endpoint: string },
): (request: Request) => CORSOptions {
  const checked = policy ? checkCorsPolicy(policy) : undefined;
  const allowed: (origin: string) => boolean = checked
    ? checked.origins.includes('*')
      ? () => true
      : (origin) => checked.origins.includes(origin)
    : options.production
      ? () => false
      : isLoopbackOrigin;
  const credentials = checked?.credentials ?? false;
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed(origin) || pathOf(request) !== options.endpoint) return false;
    return {
      origin: [origin],
      credentials,
      methods: ['GET', 'POST'],
      // The client backs off by Retry-After, and a page quotes X-Request-Id when it reports a
      // problem (the log line of its request carries the same id); a page reads only what is exposed.
      exposedHeaders: ['retry-after', 'x-request-id'],
      // Ten minutes: a narrowed list takes effect in browsers soon.
      maxAge: 600,
      // allowedHeaders left out: the allowed page's own requested headers are echoed (its
      // authorization, content-type, CSRF and tracing headers); the origin is the gate.
    };
  };
}

/**
 * `Vary: Origin` on every answer at `endpoint`: whether it carries CORS headers depends on the
 * request's Origin, so a cache must not hand one origin's answer to another.
 */
export function useVaryByOrigin(endpoint: string): Plugin {
  return {
    onResponse({ request, response }) {
      if (pathOf(request) !== endpoint) return;
      const vary = response.headers.get('vary');
      if (vary?.split(',').some((name) => name.trim().toLowerCase() === 'origin')) return;
      response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
    },
  };
}

function pathOf(request: Request): string {
  return new URL(request.url, 'http://localhost').pathname;
}
