import type { Actor } from '@sanshe/core';
import { isRole, type Role } from '@sanshe/core';
import type { JWTPayload } from 'jose';
import { decodeGlobalId } from '../global-id.js';

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
  /** SOCIAL_WORKER: the caller's own SocialWorker global ID. */
  worker: string | null;
  /** VOLUNTEER: the caller's own Volunteer global ID. */
  volunteer: string | null;
  /** DEPARTMENT_STAFF of a department that handles grid events: its Department global ID. */
  department: string | null;
}

export const publicPrincipal: Principal = Object.freeze({
  subject: 'anonymous',
  role: 'PUBLIC',
  district: null,
  subdistrict: null,
  community: null,
  org: null,
  worker: null,
  volunteer: null,
  department: null,
});

/** Why a verified token still cannot be used: its claims do not describe a caller. */
export class InvalidClaimsError extends Error {}

function optionalGlobalId(
  payload: JWTPayload,
  claim: string,
  typename: string,
): { globalId: string; districtCode: string; localId: number } | null {
  const value = payload[claim];
  if (value === undefined || value === null) return null;
  try {
    if (typeof value !== 'string') throw new Error('not a string');
    const decoded = decodeGlobalId(value);
    if (decoded.typename !== typename) throw new Error('another type');
    return { globalId: value, districtCode: decoded.districtCode, localId: Number(decoded.localId) };
  } catch {
    throw new InvalidClaimsError(`Claim "${claim}" must be a ${typename} ID.`);
  }
}

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
  const org = optionalGlobalId(payload, 'org', 'SocialOrganization');
  const worker = optionalGlobalId(payload, 'worker', 'SocialWorker');
  const volunteer = optionalGlobalId(payload, 'volunteer', 'Volunteer');
  const department = optionalGlobalId(payload, 'department', 'Department');
  const principal: Principal = {
    subject,
    role: payload.role,
    district: optionalCode(payload, 'district', 6),
    subdistrict: optionalCode(payload, 'subdistrict', 9),
    community: optionalCode(payload, 'community', 12),
    org: org?.globalId ?? null,
    worker: worker?.globalId ?? null,
    volunteer: volunteer?.globalId ?? null,
    department: department?.globalId ?? null,
  };
  assertJurisdictionAgrees(principal, { org, worker, volunteer, department });
  return principal;
}

/**
 * Every claim of the jurisdiction chain agrees with every other: the district named by
 * `district`, by the first digits of `subdistrict` and `community`, and by the `org` and
 * `worker`, `volunteer` and `department` IDs is one district; a community lies in the subdistrict named. A token that names
 * two places is refused whole rather than read as the wider or the narrower one.
 */
function assertJurisdictionAgrees(
  principal: Principal,
  decoded: {
    org: { districtCode: string } | null;
    worker: { districtCode: string } | null;
    volunteer: { districtCode: string } | null;
    department: { districtCode: string } | null;
  },
): void {
  const districtOf: [claim: string, district: string | null][] = [
    ['district', principal.district],
    ['subdistrict', principal.subdistrict?.slice(0, 6) ?? null],
    ['community', principal.community?.slice(0, 6) ?? null],
    ['org', decoded.org?.districtCode ?? null],
    ['worker', decoded.worker?.districtCode ?? null],
    ['volunteer', decoded.volunteer?.districtCode ?? null],
    ['department', decoded.department?.districtCode ?? null],
  ];
  const named = districtOf.filter((entry): entry is [string, string] => entry[1] !== null);
  for (const [claim, district] of named.slice(1)) {
    const [firstClaim, firstDistrict] = named[0]!;
    if (district !== firstDistrict) {
      throw new InvalidClaimsError(`Claim "${claim}" lies outside the district of claim "${firstClaim}".`);
    }
  }
  if (
    principal.community &&
    principal.subdistrict &&
    !principal.community.startsWith(principal.subdistrict)
  ) {
    throw new InvalidClaimsError('Claim "community" lies outside claim "subdistrict".');
  }
}

/**
 * The actor core services check and record for a principal: its role and its jurisdiction, the
 * organization, worker, volunteer and department claims turned into local ids of their district. A district
 * named only through one of those claims is that record's district.
 */
export function actorOf(principal: Principal): Actor {
  if (principal.role === 'PUBLIC') return { id: 'anonymous', role: 'PUBLIC' };
  const org = principal.org ? decodeGlobalId(principal.org) : null;
  const worker = principal.worker ? decodeGlobalId(principal.worker) : null;
  const volunteer = principal.volunteer ? decodeGlobalId(principal.volunteer) : null;
  const department = principal.department ? decodeGlobalId(principal.department) : null;
  return {
    id: principal.subject,
    role: principal.role,
    district:
      principal.district ??
      org?.districtCode ??
      worker?.districtCode ??
      volunteer?.districtCode ??
      department?.districtCode ??
      null,
    subdistrict: principal.subdistrict,
    community: principal.community,
    organizationId: org ? Number(org.localId) : null,
    workerId: worker ? Number(worker.localId) : null,
    volunteerId: volunteer ? Number(volunteer.localId) : null,
    departmentId: department ? Number(department.localId) : null,
  };
}
