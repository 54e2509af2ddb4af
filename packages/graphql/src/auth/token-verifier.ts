import { createLocalJWKSet, createRemoteJWKSet, importSPKI, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type Principal, principalFromClaims } from './principal.js';
import { createVerifiedTokenCache } from './verified-token-cache.js';

/**
 * How the gateway verifies bearer tokens (docs/architecture.md §4). Exactly one key source:
 * a shared secret (HS256), a public key in PEM (RS256 or ES256), or a JWKS (URL or inline).
 * Issuer and audience are always checked, and expiry is required.
 */
export type TokenVerification = {
  issuer: string;
  audience: string;
  /** Seconds of clock skew tolerated on exp/nbf/iat. Default 30. */
  clockToleranceSec?: number;
  /**
   * The longest lifetime (`exp` − `iat`) a token may have, in seconds. A token minted to last
   * for months is a stolen credential waiting to happen; refuse it. Default 86,400 (one day).
   */
  maxLifetimeSec?: number;
} & (
  | { secret: string }
  | { publicKeyPem: string; algorithm: 'RS256' | 'ES256' }
  | { jwksUrl: string }
  | { jwks: { keys: Record<string, unknown>[] } }
);

/** Why a token was refused; the message is safe to show the caller. */
export class TokenRefusedError extends Error {}

export type TokenVerifier = (token: string) => Promise<Principal>;

/** A verifier for one configuration; key material is prepared once. */
export function createTokenVerifier(config: TokenVerification): TokenVerifier {
  let key: Promise<Uint8Array | CryptoKey> | JWTVerifyGetKey;
  let algorithms: string[];
  if ('secret' in config) {
    // RFC 7518 §3.2: an HS256 key is at least as long as the hash.
    if (new TextEncoder().encode(config.secret).length < 32) {
      throw new Error('The token secret must be at least 32 bytes long.');
    }
    key = Promise.resolve(new TextEncoder().encode(config.secret));
    algorithms = ['HS256'];
  } else if ('publicKeyPem' in config) {
    key = importSPKI(config.publicKeyPem, config.algorithm);
    algorithms = [config.algorithm];
  } else if ('jwksUrl' in config) {
    key = createRemoteJWKSet(new URL(config.jwksUrl));
    algorithms = ['RS256', 'ES256'];
  } else {
    key = createLocalJWKSet(config.jwks as never);
    algorithms = ['RS256', 'ES256'];
  }
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: config.clockToleranceSec ?? 30,
  };
  const verified = createVerifiedTokenCache();
  return async (token) => {
    const cached = verified.get(token);
    if (cached) return cached;
    let payload: Parameters<typeof principalFromClaims>[0];
    try {
      const resolved = typeof key === 'function' ? key : await key;
      ({ payload } = await jwtVerify(token, resolved as never, options));
    } catch (error) {
      throw new TokenRefusedError(reasonOf(error));
    }
    const refusal = timeClaimsRefusal(payload, {
      toleranceSec: options.clockTolerance,
      maxLifetimeSec: config.maxLifetimeSec ?? defaultMaxLifetimeSec,
    });
    if (refusal) throw new TokenRefusedError(refusal);
    let principal: Principal;
    try {
      principal = Object.freeze(principalFromClaims(payload));
    } catch (error) {
      throw new TokenRefusedError((error as Error).message);
    }
    verified.set(token, principal, (payload as { exp: number }).exp * 1000);
    return principal;
  };
}

const defaultMaxLifetimeSec = 24 * 3600;

/**
 * What jose leaves to us about time: `iat` may not lie in the future (a clock or a forger
 * ahead of ours), and a token may not live longer than the configured maximum, counted from
 * `iat` (or from now, for a token without one).
 */
function timeClaimsRefusal(
  payload: { iat?: unknown; exp?: unknown },
  limits: { toleranceSec: number; maxLifetimeSec: number },
): string | undefined {
  const now = Math.floor(Date.now() / 1000);
  const exp = payload.exp as number;
  if (payload.iat !== undefined) {
    if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) {
      return "The token's iat claim is not a time.";
    }
    if (payload.iat > now + limits.toleranceSec) return 'The token was issued in the future (iat).';
  }
  const issuedAt = typeof payload.iat === 'number' ? payload.iat : now;
  if (exp - issuedAt > limits.maxLifetimeSec) {
    return `The token lives longer than the ${limits.maxLifetimeSec} seconds this gateway accepts (exp − iat).`;
  }
  return undefined;
}

/** jose's error codes, in words a caller can act on; nothing about keys leaks. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'The token has expired.';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `The token's ${(error as { claim?: string }).claim ?? 'claims'} claim is not accepted here.`;
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'The token is signed with an algorithm this gateway does not accept.';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'The token signature does not verify.';
    default:
      return 'The token is not a valid signed JWT for this gateway.';
  }
}
