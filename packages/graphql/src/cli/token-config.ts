import type { TokenVerification } from '../auth/token-verifier.js';
import { UsageError } from './usage-error.js';

/**
 * Token verification from the environment (secrets stay out of command lines and shell history):
 * SANSHE_JWT_ISSUER and SANSHE_JWT_AUDIENCE, and one key source: SANSHE_JWT_SECRET (HS256),
 * SANSHE_JWT_PUBLIC_KEY (PEM) with SANSHE_JWT_ALGORITHM (RS256 or ES256), or SANSHE_JWKS_URL.
 * SANSHE_JWT_MAX_LIFETIME_SECONDS caps a token's lifetime (exp − iat; default one day).
 * None of them: undefined, and the gateway treats every caller as PUBLIC and refuses tokens.
 */
export function tokenVerificationFromEnv(env: NodeJS.ProcessEnv): TokenVerification | undefined {
  const sources = ['SANSHE_JWT_SECRET', 'SANSHE_JWT_PUBLIC_KEY', 'SANSHE_JWKS_URL'].filter(
    (name) => env[name],
  );
  if (sources.length === 0) return undefined;
  if (sources.length > 1) throw new UsageError(`set only one of ${sources.join(', ')}`);
  const issuer = env.SANSHE_JWT_ISSUER;
  const audience = env.SANSHE_JWT_AUDIENCE;
  if (!issuer || !audience)
    throw new UsageError('token verification needs SANSHE_JWT_ISSUER and SANSHE_JWT_AUDIENCE');
  const common = { issuer, audience, ...maxLifetimeFromEnv(env) };
  if (env.SANSHE_JWT_SECRET) {
    if (Buffer.byteLength(env.SANSHE_JWT_SECRET) < 32)
      throw new UsageError('SANSHE_JWT_SECRET must be at least 32 bytes');
    return { ...common, secret: env.SANSHE_JWT_SECRET };
  }
  if (env.SANSHE_JWT_PUBLIC_KEY) {
    const algorithm = env.SANSHE_JWT_ALGORITHM;
    if (algorithm !== 'RS256' && algorithm !== 'ES256') {
      throw new UsageError('SANSHE_JWT_ALGORITHM must be RS256 or ES256 with SANSHE_JWT_PUBLIC_KEY');
    }
    return { ...common, publicKeyPem: env.SANSHE_JWT_PUBLIC_KEY, algorithm };
  }
  let url: URL;
  try {
    url = new URL(env.SANSHE_JWKS_URL!);
  } catch {
    throw new UsageError('SANSHE_JWKS_URL is not a URL');
  }
  return { ...common, jwksUrl: url.href };
}

function maxLifetimeFromEnv(env: NodeJS.ProcessEnv): { maxLifetimeSec?: number } {
  const value = env.SANSHE_JWT_MAX_LIFETIME_SECONDS;
  if (value === undefined || value === '') return {};
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 30 * 86_400) {
    throw new UsageError('SANSHE_JWT_MAX_LIFETIME_SECONDS must be a whole number from 60 to 2592000');
  }
  return { maxLifetimeSec: seconds };
}

/** One line for the start-up banner. */
export function describeTokenVerification(config: TokenVerification | undefined): string {
  if (!config) return 'none configured: every caller is PUBLIC and tokens are refused';
  const kind = 'secret' in config ? 'HS256' : 'publicKeyPem' in config ? config.algorithm : 'JWKS';
  return `${kind} tokens from ${config.issuer} for ${config.audience}`;
}
