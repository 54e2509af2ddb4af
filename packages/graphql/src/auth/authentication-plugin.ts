import type { Plugin } from 'graphql-yoga';
import { type Principal, publicPrincipal } from './principal.js';
import { TokenRefusedError, type TokenVerifier } from './token-verifier.js';

/**
 * Reads the bearer token of each request. No token: the caller is PUBLIC. A token that does not
 * verify (forged, expired, wrong issuer or audience, `alg: none`, bad claims) ends the request
 * with HTTP 401 and `extensions.code = "UNAUTHENTICATED"`: it is never treated as PUBLIC. A
 * gateway configured without a verifier refuses every token the same way.
 */
export function useAuthentication(
  verify: TokenVerifier | undefined,
  principals: WeakMap<Request, Principal>,
  /** `required`: a request without a token is refused too (district endpoints). */
  options: { required?: boolean } = {},
): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === '/health' || url.pathname === '/ready') return;
      const header = request.headers.get('authorization');
      if (header === null && !options.required) {
        principals.set(request, publicPrincipal);
        return;
      }
      const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/.exec(header ?? '');
      let reason: string;
      if (header === null) {
        reason = 'This endpoint is for gateways: send a service token.';
      } else if (!match) {
        reason = 'The Authorization header must be "Bearer <token>".';
      } else if (!verify) {
        reason = 'This gateway is not configured to verify tokens; send none.';
      } else {
        try {
          principals.set(request, await verify(match[1]!));
          return;
        } catch (error) {
          if (!(error instanceof TokenRefusedError)) throw error;
          reason = error.message;
        }
      }
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({ errors: [{ message: reason, extensions: { code: 'UNAUTHENTICATED' } }] }),
          {
            status: 401,
            headers: {
              'content-type': 'application/json',
              'www-authenticate': 'Bearer error="invalid_token"',
            },
          },
        ),
      );
    },
  };
}
