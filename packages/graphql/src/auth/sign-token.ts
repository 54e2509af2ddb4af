import type { Role } from '@sanshe/core';
import { SignJWT } from 'jose';

export interface TokenClaims {
  sub: string;
  role: Exclude<Role, 'PUBLIC'>;
  district?: string;
  subdistrict?: string;
  community?: string;
  /** A SocialOrganization global ID (ORG_STAFF). */
  org?: string;
  /** A SocialWorker global ID (SOCIAL_WORKER). */
  worker?: string;
  /** A Volunteer global ID (VOLUNTEER). */
  volunteer?: string;
  /** A Department global ID (DEPARTMENT_STAFF of a department that handles grid events). */
  department?: string;
}

/**
 * Sign an HS256 token a gateway configured with the same secret, issuer and audience accepts.
 * For demos, tests and service-to-service calls inside one trust domain; real users get their
 * tokens from the identity provider.
 */
export function signHs256Token(
  config: { secret: string; issuer: string; audience: string },
  claims: TokenClaims,
  expiresIn: string | number = '1h',
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(config.secret));
}
