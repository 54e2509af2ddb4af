import { createSecretKey } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { type Principal, principalFromClaims, publicPrincipal } from './principal.js';
import { TokenRefusedError } from './token-verifier.js';
import { createVerifiedTokenCache } from './verified-token-cache.js';

/**
 * Service tokens carry a caller's identity from a gateway to the districts it delegates to
 * (docs/architecture.md §3 "Federation"): the city gateway verified the caller; the district verifies
 * the city and then applies its own authorization to the caller the token names. They are
 * HS256 with a secret the gateways of one city share, and live one minute.
 */
export interface ServiceTokenConfig {
  /** At least 32 bytes, shared by the city gateway and its district gateways. */
  secret: string;
  /** Default `sanshe-gateway`. */
  issuer?: string;
  /** Default `sanshe-district`. */
  audience?: string;
}

const defaultIssuer = 'sanshe-gateway';
const defaultAudience = 'sanshe-district';
const lifetimeSeconds = 60;

function keyOf(config: ServiceTokenConfig) {
  if (Buffer.byteLength(config.secret) < 32)
    throw new Error('The service-token secret must be at least 32 bytes.');
  return createSecretKey(Buffer.from(config.secret, 'utf8'));
}

/**
 * A token is handed out again for the same caller while it has at least this long to live, so a
 * city signs once per caller and district every half minute instead of once per call (signing
 * cost the city about 1 ms of CPU per query over five districts).
 */
const reuseSeconds = 30;
const maxReusedTokens = 1000;

/**
 * Sign a service token for the caller (PUBLIC included: the district then treats it as PUBLIC).
 * The same caller gets the same token back while it has at least half its minute left.
 */
export function createServiceTokenSigner(
  config: ServiceTokenConfig,
): (principal: Principal) => Promise<string> {
  const key = keyOf(config);
  const reusable = new Map<string, { token: Promise<string>; until: number }>();
  return (principal) => {
    const claims = {
      role: principal.role,
      ...(principal.district ? { district: principal.district } : {}),
      ...(principal.subdistrict ? { subdistrict: principal.subdistrict } : {}),
      ...(principal.community ? { community: principal.community } : {}),
      ...(principal.org ? { org: principal.org } : {}),
      ...(principal.worker ? { worker: principal.worker } : {}),
      ...(principal.volunteer ? { volunteer: principal.volunteer } : {}),
      ...(principal.department ? { department: principal.department } : {}),
    };
    const caller = JSON.stringify([principal.subject, claims]);
    const now = Date.now();
    const kept = reusable.get(caller);
    // Taken out and put back last: the first key of the Map is the least recently used.
    reusable.delete(caller);
    if (kept && now < kept.until) {
      reusable.set(caller, kept);
      return kept.token;
    }
    const token = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'sanshe-service+jwt' })
      .setSubject(principal.subject)
      .setIssuer(config.issuer ?? defaultIssuer)
      .setAudience(config.audience ?? defaultAudience)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + lifetimeSeconds)
      .sign(key);
    if (reusable.size >= maxReusedTokens) reusable.delete(reusable.keys().next().value as string);
    reusable.set(caller, { token, until: now + (lifetimeSeconds - reuseSeconds) * 1000 });
    // A failed signature is not kept.
    token.catch(() => reusable.delete(caller));
    return token;
  };
}

/** Verify a service token: the caller it names, or TokenRefusedError. */
export function createServiceTokenVerifier(
  config: ServiceTokenConfig,
): (token: string) => Promise<Principal> {
  const key = keyOf(config);
  const options = {
    issuer: config.issuer ?? defaultIssuer,
    audience: config.audience ?? defaultAudience,
    algorithms: ['HS256'],
    typ: 'sanshe-service+jwt',
    requiredClaims: ['exp', 'sub', 'role'],
    maxTokenAge: `${lifetimeSeconds + 30}s`,
    clockTolerance: 30,
  };
  // A district sees the same token for each call of one caller through the city for half a
  // minute (the signer reuses it): its signature is checked once.
  const verified = createVerifiedTokenCache();
  return async (token) => {
    const cached = verified.get(token);
    if (cached) return cached;
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(token, key, options));
    } catch (error) {
      throw new TokenRefusedError(
        `The service token was refused (${(error as { code?: string }).code ?? 'invalid'}).`,
      );
    }
    let principal: Principal;
    try {
      principal = payload.role === 'PUBLIC' ? publicPrincipal : Object.freeze(principalFromClaims(payload));
    } catch (error) {
      throw new TokenRefusedError((error as Error).message);
    }
    verified.set(token, principal, (payload.exp as number) * 1000);
    return principal;
  };
}
