import { and, eq, isNull, sql } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { organizationWriteTarget } from '../organizations/organization-target.js';
import { type Community, communities } from '../schema/hierarchy.js';
import { type SocialOrganization, socialOrganizations } from '../schema/organizations.js';
import {
  type Volunteer,
  type VolunteerTeam,
  volunteerEngagements,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from '../schema/volunteers.js';
import { createServiceKit, type RowLock, type ServiceOptions } from '../services/service-kit.js';
import { parseMobilePhone } from '../validators/mobile-phone.js';
import { parseResidentId } from '../validators/resident-id.js';
import type { VolunteerChanges } from './volunteer-types.js';

/** Options of the volunteer service: those of every service, and the clock of instants. */
export interface VolunteerServiceOptions extends ServiceOptions {
  /** Now, for instants (a service's end is never after it). Defaults to the wall clock. */
  now?: () => Date;
}

/**
 * What the use cases of volunteers share, for one district and one caller: the service kit, the
 * parsing of identifiers, loads and locks, and where a volunteer or a team lies for the
 * jurisdiction check. The use cases are registry.ts, teams.ts, engagements.ts and
 * service-records.ts; reads are in volunteer-reads.ts; rules are pure, in volunteer-rules.ts and
 * certifier.ts.
 */
export function createVolunteerContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: VolunteerServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, unwrap } = kit;
  const now = options.now ?? (() => new Date());

  function parseResident(value: unknown, path: FieldPath) {
    // The validator's "today" is a moment; midnight in China is the start of the service's day.
    return unwrap(parseResidentId(value, { path, today: new Date(`${kit.today()}T00:00:00+08:00`) }));
  }

  function optionalPhone(value: string | null | undefined): string | null {
    if (value === undefined || value === null) return null;
    return unwrap(parseMobilePhone(value, { path: ['input', 'mobilePhone'] })).number;
  }

  /** A date from the input that may be absent (null stays null), never after today. */
  function optionalPastDate(value: unknown, path: FieldPath): string | null {
    return value === undefined || value === null ? null : kit.pastDate(value, path);
  }

  function requireVolunteer(
    executor: SansheDb,
    id: number,
    lock: RowLock,
    path: FieldPath,
  ): Promise<Volunteer> {
    return kit.requireRecord(executor, volunteers, id, 'volunteer', path, lock);
  }

  function requireTeam(
    executor: SansheDb,
    id: number,
    lock: RowLock,
    path: FieldPath,
  ): Promise<VolunteerTeam> {
    return kit.requireRecord(executor, volunteerTeams, id, 'volunteer team', path, lock);
  }

  /**
   * The community, locked FOR SHARE so a retirement waits for the write, in force on `day`.
   *
   * @throws {SansheError} NOT_FOUND, PARENT_RETIRED
   */
  async function requireCommunityOn(
    tx: SansheDb,
    id: number,
    day: string,
    path: FieldPath,
  ): Promise<Community> {
    const community = await kit.requireRecord(tx, communities, id, 'community', path, 'share');
    if (!isActiveOn(community, day)) {
      throw new SansheError(
        'PARENT_RETIRED',
        community.retiredOn !== null && community.retiredOn <= day
          ? `Community ${community.code} is retired (from ${community.retiredOn}).`
          : `Community ${community.code} is not yet in force on ${day} (in force from ${community.effectiveFrom}).`,
        { path, details: { day } },
      );
    }
    return community;
  }

  /**
   * The organization, locked FOR SHARE, active on `day`.
   *
   * @throws {SansheError} NOT_FOUND, ORGANIZATION_INACTIVE
   */
  async function requireOrganizationOn(
    tx: SansheDb,
    id: number,
    day: string,
    path: FieldPath,
  ): Promise<SocialOrganization> {
    const organization = await kit.requireRecord(
      tx,
      socialOrganizations,
      id,
      'social organization',
      path,
      'share',
    );
    if (organization.status !== 'active' || organization.registeredOn > day) {
      throw new SansheError(
        'ORGANIZATION_INACTIVE',
        organization.status !== 'active'
          ? `Organization ${organization.name} is ${organization.status}.`
          : `Organization ${organization.name} was registered on ${organization.registeredOn}, after ${day}.`,
        { path },
      );
    }
    return organization;
  }

  async function communityCodeOf(executor: SansheDb, communityId: number | null): Promise<string | null> {
    if (communityId === null) return null;
    const [row] = await executor
      .select({ code: communities.code })
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.id, communityId)));
    return row?.code ?? null;
  }

  /**
   * Where a volunteer lies, for writes on its registration and record items: its home
   * community; for an organization's staff, also their organization while the volunteer is
   * engaged with it (the volunteers it recruited) or a member of one of its teams.
   */
  async function volunteerTarget(executor: SansheDb, volunteer: Volunteer): Promise<WriteTarget> {
    const target: WriteTarget = { unitCode: await communityCodeOf(executor, volunteer.homeCommunityId) };
    const organizationId = kit.actor.organizationId;
    if (kit.actor.role === 'ORG_STAFF' && organizationId) {
      const [engaged] = await executor
        .select({ id: volunteerEngagements.id })
        .from(volunteerEngagements)
        .where(
          and(
            eq(volunteerEngagements.districtCode, districtCode),
            eq(volunteerEngagements.volunteerId, volunteer.id),
            eq(volunteerEngagements.organizationId, organizationId),
            isNull(volunteerEngagements.endsOn),
          ),
        )
        .limit(1);
      const [member] = engaged
        ? [engaged]
        : await executor
            .select({ id: volunteerTeamMembers.id })
            .from(volunteerTeamMembers)
            .innerJoin(
              volunteerTeams,
              and(
                eq(volunteerTeams.districtCode, volunteerTeamMembers.districtCode),
                eq(volunteerTeams.id, volunteerTeamMembers.teamId),
              ),
            )
            .where(
              and(
                eq(volunteerTeamMembers.districtCode, districtCode),
                eq(volunteerTeamMembers.volunteerId, volunteer.id),
                eq(volunteerTeams.organizationId, organizationId),
                isNull(volunteerTeamMembers.leftOn),
              ),
            )
            .limit(1);
      if (member) target.organizationId = organizationId;
    }
    return target;
  }

  /** Where a team lies: its community, or its organization (as organizations lie). */
  async function teamTarget(executor: SansheDb, team: VolunteerTeam): Promise<WriteTarget> {
    if (team.communityId !== null) return { unitCode: await communityCodeOf(executor, team.communityId) };
    const organization = await kit.requireRecord(
      executor,
      socialOrganizations,
      team.organizationId,
      'social organization',
      ['input', 'teamId'],
    );
    return organizationWriteTarget(executor, organization);
  }

  /** The volunteer may take new service, membership or engagement on `day`: registered and not withdrawn. */
  function requireServingOn(volunteer: Volunteer, day: string, path: FieldPath): void {
    if (volunteer.withdrawnOn !== null && volunteer.withdrawnOn <= day) {
      throw new SansheError(
        'STATUS_NOT_ALLOWED',
        `Volunteer ${volunteer.id} withdrew on ${volunteer.withdrawnOn}.`,
        { path: ['input', 'volunteerId'], details: { withdrawnOn: volunteer.withdrawnOn } },
      );
    }
    if (day < volunteer.registeredOn) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `Volunteer ${volunteer.id} registered on ${volunteer.registeredOn}, after ${day}.`,
        { path, details: { registeredOn: volunteer.registeredOn } },
      );
    }
  }

  async function bumpVolunteer(
    tx: SansheDb,
    current: Volunteer,
    changes: VolunteerChanges,
  ): Promise<Volunteer> {
    const [row] = await tx
      .update(volunteers)
      .set({ ...changes, version: current.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(volunteers.districtCode, districtCode),
          eq(volunteers.id, current.id),
          eq(volunteers.version, current.version),
        ),
      )
      .returning();
    // The row is locked FOR UPDATE, so the version cannot move under us; kept as a guard.
    if (!row) throw new Error(`volunteer ${current.id} changed while locked`);
    return row;
  }

  return {
    kit,
    db,
    districtCode,
    unwrap,
    now,
    parseResident,
    optionalPhone,
    optionalPastDate,
    requireVolunteer,
    requireTeam,
    requireCommunityOn,
    requireOrganizationOn,
    communityCodeOf,
    volunteerTarget,
    teamTarget,
    requireServingOn,
    bumpVolunteer,
  };
}

export type VolunteerContext = ReturnType<typeof createVolunteerContext>;
