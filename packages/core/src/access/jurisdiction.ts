import { SansheError } from '../errors/sanshe-error.js';
import type { Actor } from './actor.js';
import { mayPerform, type WriteAction } from './permissions.js';

/**
 * How far an actor reaches inside one district's data. Every read filter and every write check
 * in core starts from this one function, so the rule of who works where is written once.
 */
export type Reach =
  /** The embedding program, a city administrator, a city-wide service. */
  | { kind: 'everything' }
  /** District-wide roles in their own district. */
  | { kind: 'district' }
  /** Subdistrict and community staff: units whose code starts with `prefix`. */
  | { kind: 'unit'; prefix: string }
  /** An organization's staff: that organization. */
  | { kind: 'organization'; organizationId: number }
  /** A social worker: that worker. */
  | { kind: 'worker'; workerId: number }
  /** A volunteer: that volunteer's own record and account (a team leader's teams are data, see volunteers/). */
  | { kind: 'volunteer'; volunteerId: number }
  /** A resident (an app's signed-in user): what it reported itself, by its account. */
  | { kind: 'resident'; accountId: string }
  | { kind: 'nothing' };

const nothing: Reach = Object.freeze({ kind: 'nothing' });

export function reachOf(actor: Actor, districtCode: string): Reach {
  const inDistrict = actor.district === districtCode;
  switch (actor.role) {
    case undefined:
    case 'SYSTEM':
    case 'CITY_ADMIN':
      return { kind: 'everything' };
    case 'SERVICE':
      // A service token without a district is a city-wide peer (another gateway).
      if (!actor.district) return { kind: 'everything' };
      return inDistrict ? { kind: 'district' } : nothing;
    case 'DISTRICT_ADMIN':
    case 'DEPARTMENT_STAFF':
    case 'EVALUATOR':
      return inDistrict ? { kind: 'district' } : nothing;
    case 'SUBDISTRICT_STAFF':
      return actor.subdistrict?.startsWith(districtCode) && actor.subdistrict.length === 9
        ? { kind: 'unit', prefix: actor.subdistrict }
        : nothing;
    case 'COMMUNITY_STAFF':
    case 'GRID_WORKER':
      return actor.community?.startsWith(districtCode) && actor.community.length === 12
        ? { kind: 'unit', prefix: actor.community }
        : nothing;
    case 'ORG_STAFF':
      return inDistrict && actor.organizationId
        ? { kind: 'organization', organizationId: actor.organizationId }
        : nothing;
    case 'SOCIAL_WORKER':
      return inDistrict && actor.workerId ? { kind: 'worker', workerId: actor.workerId } : nothing;
    case 'VOLUNTEER':
      return inDistrict && actor.volunteerId
        ? { kind: 'volunteer', volunteerId: actor.volunteerId }
        : nothing;
    case 'RESIDENT':
      return inDistrict && actor.id ? { kind: 'resident', accountId: actor.id } : nothing;
    default:
      // PUBLIC, and any role a newer token might carry that this version does not know.
      return nothing;
  }
}

/** Where a record to be changed lies: what a write is checked against. */
export interface WriteTarget {
  /**
   * The hierarchy unit the record lies in (a subdistrict, community or grid code), or null for a
   * district-wide record, which only district-wide roles may change.
   */
  unitCode?: string | null | undefined;
  /** The organization the record belongs to, for an organization's own staff. */
  organizationId?: number | null | undefined;
  /** The worker the record belongs to, for a worker acting for itself. */
  workerId?: number | null | undefined;
  /** The volunteer the record belongs to, for a volunteer acting for itself. */
  volunteerId?: number | null | undefined;
  /** The account that reported the record (a grid event), for a resident acting on its own report. */
  reporterId?: string | null | undefined;
}

/** Whether the reach covers a record at `target`. */
export function reachCovers(reach: Reach, target: WriteTarget): boolean {
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return true;
    case 'unit':
      return typeof target.unitCode === 'string' && target.unitCode.startsWith(reach.prefix);
    case 'organization':
      return target.organizationId === reach.organizationId;
    case 'worker':
      return target.workerId === reach.workerId;
    case 'volunteer':
      return target.volunteerId === reach.volunteerId;
    case 'resident':
      return target.reporterId === reach.accountId;
    case 'nothing':
      return false;
  }
}

/**
 * The check every write in core makes before it changes anything: the actor's role may perform
 * the action, and the target lies in its jurisdiction.
 *
 * @throws {SansheError} FORBIDDEN otherwise.
 */
export function authorizeWrite(
  actor: Actor,
  districtCode: string,
  action: WriteAction,
  target: WriteTarget = {},
): void {
  const role = actor.role;
  if (role === undefined || role === 'SYSTEM') return;
  if (!mayPerform(role, action)) {
    throw new SansheError('FORBIDDEN', `The role ${role} may not perform ${action}.`, {
      details: { action },
    });
  }
  if (!reachCovers(reachOf(actor, districtCode), target)) {
    throw new SansheError(
      'FORBIDDEN',
      `This ${action} lies outside the jurisdiction of ${actor.id} (${role}) in district ${districtCode}.`,
      { details: { action } },
    );
  }
}
