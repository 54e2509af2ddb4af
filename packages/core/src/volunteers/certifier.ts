import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { WriteTarget } from '../access/jurisdiction.js';
import { mayPerform } from '../access/permissions.js';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { organizationWriteTarget } from '../organizations/organization-target.js';
import { communities } from '../schema/hierarchy.js';
import { type Volunteer, volunteerTeamMembers } from '../schema/volunteers.js';
import type { CertifierKind } from './code-lists.js';
import type { VolunteerContext } from './volunteer-context.js';
import type { CertifierInput } from './volunteer-types.js';

/** Who certifies a record, as stored (schema/volunteers.ts `volunteer_services_certifier`). */
export interface Certifier {
  kind: CertifierKind;
  teamId: number | null;
  organizationId: number | null;
  communityId: number | null;
}

/** The certifier columns of a record. */
export function certifierColumns(certifier: Certifier) {
  return {
    certifierKind: certifier.kind,
    certifierTeamId: certifier.teamId,
    certifierOrganizationId: certifier.organizationId,
    certifierCommunityId: certifier.communityId,
  };
}

/**
 * The kinds of certifier each role may act as (谁组织谁记录、谁记录谁证明, docs/domain.md §5.2):
 * community and subdistrict staff for a community of their unit, an organization's staff for
 * their organization, a volunteer for a team it leads; administrators (and the embedding
 * program) for any. A role not listed certifies nothing (`volunteer.certify` refuses it first).
 */
export function certifierKindsOf(actor: Actor): readonly CertifierKind[] {
  switch (actor.role) {
    case undefined:
    case 'SYSTEM':
    case 'CITY_ADMIN':
    case 'DISTRICT_ADMIN':
      return ['team', 'organization', 'community', 'imported'];
    case 'SUBDISTRICT_STAFF':
    case 'COMMUNITY_STAFF':
      return ['community'];
    case 'ORG_STAFF':
      return ['organization'];
    case 'VOLUNTEER':
      return ['team'];
    default:
      return [];
  }
}

/**
 * 谁记录谁证明: a volunteer never certifies its own service (nor, as a team's leader, its own
 * record items).
 *
 * @throws {SansheError} SELF_CERTIFICATION
 */
export function refuseSelfCertification(actor: Actor, volunteerId: number): void {
  if (actor.role === 'VOLUNTEER' && actor.volunteerId === volunteerId) {
    throw new SansheError(
      'SELF_CERTIFICATION',
      'A volunteer’s service is recorded and certified by whoever organized it, never by the volunteer itself.',
      { path: ['input', 'volunteerId'] },
    );
  }
}

/**
 * The certifier named by the input, or derived from the caller when none is: unit staff certify
 * as the community where the service took place, an organization's staff as their organization.
 * A volunteer names the team it leads; an administrator names the certifier.
 *
 * @throws {SansheError} VALIDATION_FAILED (more than one, or none where one must be named)
 */
export function parseCertifier(
  input: CertifierInput | null | undefined,
  actor: Actor,
  serviceCommunityId: number,
  requireId: (value: unknown, what: string, path: readonly (string | number)[]) => number,
): Certifier {
  const path = ['input', 'certifier'];
  const given = (['teamId', 'organizationId', 'communityId'] as const).filter(
    (field) => input?.[field] != null,
  );
  if (given.length > 1) {
    throw new SansheError(
      'VALIDATION_FAILED',
      'A record has one certifier: a team, an organization or a community.',
      {
        path: [...path, given[1]!],
      },
    );
  }
  const field = given[0];
  if (field === 'teamId') {
    return {
      kind: 'team',
      teamId: requireId(input!.teamId, 'volunteer team', [...path, 'teamId']),
      organizationId: null,
      communityId: null,
    };
  }
  if (field === 'organizationId') {
    return {
      kind: 'organization',
      teamId: null,
      organizationId: requireId(input!.organizationId, 'social organization', [...path, 'organizationId']),
      communityId: null,
    };
  }
  if (field === 'communityId') {
    return {
      kind: 'community',
      teamId: null,
      organizationId: null,
      communityId: requireId(input!.communityId, 'community', [...path, 'communityId']),
    };
  }
  if (actor.role === 'COMMUNITY_STAFF' || actor.role === 'SUBDISTRICT_STAFF') {
    return { kind: 'community', teamId: null, organizationId: null, communityId: serviceCommunityId };
  }
  if (actor.role === 'ORG_STAFF' && actor.organizationId) {
    return { kind: 'organization', teamId: null, organizationId: actor.organizationId, communityId: null };
  }
  throw new SansheError(
    'VALIDATION_FAILED',
    actor.role === 'VOLUNTEER'
      ? 'Name the team you lead as the certifier.'
      : 'Name the certifier: a team, an organization or a community.',
    { path },
  );
}

/**
 * The check of a certifier inside the writing transaction: the caller may act as it, it exists
 * and is visible, and for a team the volunteer was its member on the service day. Answers the
 * certifier's name as it stands. `leaderOn` is the day a volunteer must lead the team: the
 * service day when recording, today when correcting (the team's leader now speaks for it).
 *
 * A volunteer leading the team acts on its own authority: its write target is itself.
 *
 * @throws {SansheError} FORBIDDEN (role and kind disagree, not the team's leader, outside the
 *   caller's jurisdiction), NOT_FOUND, PARENT_RETIRED, ORGANIZATION_INACTIVE, STATUS_NOT_ALLOWED
 *   (team not active on the day), NOT_ELIGIBLE (the volunteer was not a member of the team)
 */
export async function authorizeCertifier(
  ctx: VolunteerContext,
  tx: SansheDb,
  certifier: Certifier,
  facts: { volunteer: Volunteer; serviceDay: string; leaderOn: string },
): Promise<string> {
  const { kit, districtCode } = ctx;
  const actor = kit.actor;
  const path = ['input', 'certifier'];
  if (!certifierKindsOf(actor).includes(certifier.kind)) {
    // The role check of the action first, so a role without it hears that and not this.
    if (actor.role !== undefined && actor.role !== 'SYSTEM' && !mayPerform(actor.role, 'volunteer.certify')) {
      kit.authorize('volunteer.certify');
    }
    throw new SansheError('FORBIDDEN', `A ${actor.role} caller does not certify as a ${certifier.kind}.`, {
      path,
      details: { action: 'volunteer.certify' },
    });
  }
  let target: WriteTarget;
  let name: string;
  switch (certifier.kind) {
    case 'team': {
      const teamPath = [...path, 'teamId'];
      await kit.requireVisible(tx, 'volunteer_team', certifier.teamId!, teamPath);
      const team = await ctx.requireTeam(tx, certifier.teamId!, 'share', teamPath);
      if (
        team.foundedOn > facts.serviceDay ||
        (team.disbandedOn !== null && team.disbandedOn < facts.serviceDay)
      ) {
        throw new SansheError(
          'STATUS_NOT_ALLOWED',
          `Team ${team.name} was not active on ${facts.serviceDay}.`,
          { path: teamPath },
        );
      }
      if (!(await membershipOn(tx, districtCode, team.id, facts.volunteer.id, facts.serviceDay, null))) {
        throw new SansheError(
          'NOT_ELIGIBLE',
          `Volunteer ${facts.volunteer.id} was not a member of team ${team.name} on ${facts.serviceDay}: a team certifies its members' service.`,
          { path: teamPath },
        );
      }
      if (actor.role === 'VOLUNTEER') {
        if (
          !actor.volunteerId ||
          !(await membershipOn(tx, districtCode, team.id, actor.volunteerId, facts.leaderOn, 'leader'))
        ) {
          throw new SansheError(
            'FORBIDDEN',
            `Only a leader of team ${team.name} on ${facts.leaderOn} certifies for it.`,
            {
              path: teamPath,
              details: { action: 'volunteer.certify' },
            },
          );
        }
        target = { volunteerId: actor.volunteerId };
      } else {
        target = await ctx.teamTarget(tx, team);
      }
      name = team.name;
      break;
    }
    case 'organization': {
      const organizationPath = [...path, 'organizationId'];
      await kit.requireVisible(tx, 'social_organization', certifier.organizationId!, organizationPath);
      const organization = await ctx.requireOrganizationOn(
        tx,
        certifier.organizationId!,
        facts.serviceDay,
        organizationPath,
      );
      target = await organizationWriteTarget(tx, organization);
      name = organization.name;
      break;
    }
    case 'community': {
      const communityPath = [...path, 'communityId'];
      const community = await kit.requireRecord(
        tx,
        communities,
        certifier.communityId,
        'community',
        communityPath,
        'share',
      );
      target = { unitCode: community.code };
      name = community.name;
      break;
    }
    case 'imported':
      // Only the embedding program and administrators reach here (certifierKindsOf).
      target = {};
      name = '';
      break;
  }
  kit.authorize('volunteer.certify', target);
  return name;
}

/** Whether the volunteer held a membership of the team (with the role, when given) on `day`. */
export async function membershipOn(
  tx: SansheDb,
  districtCode: string,
  teamId: number,
  volunteerId: number,
  day: string,
  role: 'leader' | null,
): Promise<boolean> {
  const m = volunteerTeamMembers;
  const [row] = await tx
    .select({ id: m.id })
    .from(m)
    .where(
      and(
        eq(m.districtCode, districtCode),
        eq(m.teamId, teamId),
        eq(m.volunteerId, volunteerId),
        role === null ? undefined : eq(m.role, role),
        lte(m.joinedOn, day),
        or(isNull(m.leftOn), gte(m.leftOn, day)),
      ),
    )
    .limit(1);
  return row !== undefined;
}
