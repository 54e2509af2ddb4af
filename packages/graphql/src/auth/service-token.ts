import { createSecretKey } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { type Principal, principalFromClaims, publicPrincipal } from './principal.js';
import { TokenRefusedError } from './token-verifier.js';

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

/** Sign a service token for the caller (PUBLIC included: the district then treats it as PUBLIC). */
export function createServiceTokenSigner(
  config: ServiceTokenConfig,
): (principal: Principal) => Promise<string> {
  const key = keyOf(config);
  return (principal) =>
    new SignJWT({
      role: principal.role,
      ...(principal.district ? { district: principal.district } : {}),
      ...(principal.subdistrict ? { subdistrict: principal.subdistrict } : {}),
      ...(principal.community ? { community: principal.community } : {}),
      ...(principal.org ? { org: principal.org } : {}),
      ...(principal.worker ? { worker: principal.worker } : {}),
      ...(principal.volunteer ? { volunteer: principal.volunteer } : {}),
      ...(principal.department ? { department: principal.department } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'sanshe-service+jwt' })
      .setSubject(principal.subject)
      .setIssuer(config.issuer ?? defaultIssuer)
      .setAudience(config.audience ?? defaultAudience)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(key);
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
  return async (token) => {
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(token, key, options));
    } catch (error) {
      throw new TokenRefusedError(
        `The service token was refused (${(error as { code?: string }).code ?? 'invalid'}).`,
      );
    }
    if (payload.role === 'PUBLIC') return publicPrincipal;
    try {
      return principalFromClaims(payload);
    } catch (error) {
      throw new TokenRefusedError((error as Error).message);
    }
  };
}
