import type { Actor } from '@sanshe/core';
import type { JWTPayload } from 'jose';
import { isRole, type Role } from './roles.js';

/**
 * Who is calling: the verified subject, its role and its jurisdiction, as the token states them.
 * Jurisdiction codes are division codes (district 6, subdistrict 9, community 12 digits) and an
 * organization is a global ID; each is checked for its form here, and against the data by the
 * layers that enforce jurisdiction.
 */
export interface Principal {
  subject: string;
  role: Role;
  district: string | null;
  subdistrict: string | null;
  community: string | null;
  org: string | null;
}

export const publicPrincipal: Principal = Object.freeze({
  subject: 'anonymous',
  role: 'PUBLIC',
  district: null,
  subdistrict: null,
  community: null,
  org: null,
});

/** Why a verified token still cannot be used: its claims do not describe a caller. */
export class InvalidClaimsError extends Error {}

function optionalCode(payload: JWTPayload, claim: string, digits: number): string | null {
  const value = payload[claim];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(value)) {
    throw new InvalidClaimsError(`Claim "${claim}" must be a ${digits}-digit division code.`);
  }
  return value;
}

/** The principal a verified token's claims describe. */
export function principalFromClaims(payload: JWTPayload): Principal {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 100) {
    throw new InvalidClaimsError('Claim "sub" must name the caller (1 to 100 characters).');
  }
  if (!isRole(payload.role) || payload.role === 'PUBLIC') {
    throw new InvalidClaimsError(
      'Claim "role" must be one of the roles (PUBLIC is the caller without a token).',
    );
  }
  const org = payload.org;
  if (org !== undefined && org !== null && (typeof org !== 'string' || org.length > 120)) {
    throw new InvalidClaimsError('Claim "org" must be an organization ID.');
  }
  const principal: Principal = {
    subject,
    role: payload.role,
    district: optionalCode(payload, 'district', 6),
    subdistrict: optionalCode(payload, 'subdistrict', 9),
    community: optionalCode(payload, 'community', 12),
    org: typeof org === 'string' ? org : null,
  };
  // A narrower jurisdiction lies inside the wider one the token names.
  if (principal.subdistrict && principal.district && !principal.subdistrict.startsWith(principal.district)) {
    throw new InvalidClaimsError('Claim "subdistrict" lies outside claim "district".');
  }
  if (
    principal.community &&
    principal.subdistrict &&
    !principal.community.startsWith(principal.subdistrict)
  ) {
    throw new InvalidClaimsError('Claim "community" lies outside claim "subdistrict".');
  }
  return principal;
}

/** The actor core services record for a principal. */
export function actorOf(principal: Principal): Actor {
  return { id: principal.role === 'PUBLIC' ? 'anonymous' : principal.subject, role: principal.role };
}
