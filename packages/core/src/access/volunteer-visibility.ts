import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { communities, grids } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import { serviceProjects } from '../schema/service-projects.js';
import {
  volunteerEngagements,
  volunteerServices,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from '../schema/volunteers.js';
import type { Actor } from './actor.js';
import { reachOf } from './jurisdiction.js';
import { always, type Columns, fromAlias, never, prefixPattern } from './sql-conditions.js';
import { visibleOrganizations } from './visibility.js';

/**
 * Who may read volunteers and their records (docs/domain.md §5.1, §14), as SQL conditions to AND
 * into a query, like access/visibility.ts. A volunteer is a private person: what is narrowed is
 * the person, and the records hang on it.
 *
 * - district-wide roles: every volunteer of the district;
 * - subdistrict and community staff: volunteers whose home community lies in their unit, or who
 *   served there (a service in, or certified by, a community of the unit), were engaged there (a
 *   community, a grid of one, or a project designed by the unit) or belong to a team of one of
 *   its communities;
 * - grid workers: the volunteers whose home is their community;
 * - an organization's staff: volunteers of its teams, engaged with it, or whose service it certified;
 * - a volunteer: itself, and as the open leader of a team the members (past and present) of that team;
 * - social workers and PUBLIC: none (the public reads aggregates through the indicators).
 *
 * A service is visible with its volunteer, or to the unit that certified it. A team is visible to
 * the unit of its community, with its organization, and to its members. A membership needs both
 * its team and its volunteer; engagements and record items go with their volunteer.
 */

/** The community (by id column) lies in the unit. */
function communityIn(districtCode: AnyPgColumn, communityId: AnyPgColumn, prefix: string, tag: string): SQL {
  const community = alias(communities, `vvis_${tag}_c`);
  return sql`exists (select 1 from ${fromAlias(communities, community)}
    where ${community.districtCode} = ${districtCode} and ${community.id} = ${communityId}
      and ${community.code} like ${prefixPattern(prefix)})`;
}

export type VolunteerVisibilityColumns = Columns<'districtCode' | 'id' | 'homeCommunityId'>;

function unitVolunteers(volunteer: VolunteerVisibilityColumns, prefix: string): SQL {
  const service = alias(volunteerServices, 'vvis_service');
  const engagement = alias(volunteerEngagements, 'vvis_engagement');
  const grid = alias(grids, 'vvis_engagement_grid');
  const project = alias(serviceProjects, 'vvis_engagement_project');
  const membership = alias(volunteerTeamMembers, 'vvis_unit_membership');
  const team = alias(volunteerTeams, 'vvis_unit_team');
  return sql`(${communityIn(volunteer.districtCode, volunteer.homeCommunityId, prefix, 'home')}
  or exists (select 1 from ${fromAlias(volunteerServices, service)}
    where ${service.districtCode} = ${volunteer.districtCode} and ${service.volunteerId} = ${volunteer.id}
      and (${communityIn(service.districtCode, service.communityId, prefix, 'served')}
        or ${communityIn(service.districtCode, service.certifierCommunityId, prefix, 'certified')}))
  or exists (select 1 from ${fromAlias(volunteerEngagements, engagement)}
    where ${engagement.districtCode} = ${volunteer.districtCode} and ${engagement.volunteerId} = ${volunteer.id}
      and (${communityIn(engagement.districtCode, engagement.communityId, prefix, 'engaged')}
        or exists (select 1 from ${fromAlias(grids, grid)}
          where ${grid.districtCode} = ${engagement.districtCode} and ${grid.id} = ${engagement.gridId}
            and ${communityIn(grid.districtCode, grid.communityId, prefix, 'grid')})
        or exists (select 1 from ${fromAlias(serviceProjects, project)}
          where ${project.districtCode} = ${engagement.districtCode} and ${project.id} = ${engagement.projectId}
            and ${project.unitCode} like ${prefixPattern(prefix)})))
  or exists (select 1 from ${fromAlias(volunteerTeamMembers, membership)}
    join ${fromAlias(volunteerTeams, team)} on ${team.districtCode} = ${membership.districtCode} and ${team.id} = ${membership.teamId}
    where ${membership.districtCode} = ${volunteer.districtCode} and ${membership.volunteerId} = ${volunteer.id}
      and ${communityIn(team.districtCode, team.communityId, prefix, 'team')}))`;
}

function organizationVolunteers(volunteer: VolunteerVisibilityColumns, organizationId: number): SQL {
  const membership = alias(volunteerTeamMembers, 'vvis_org_membership');
  const team = alias(volunteerTeams, 'vvis_org_team');
  const engagement = alias(volunteerEngagements, 'vvis_org_engagement');
  const service = alias(volunteerServices, 'vvis_org_service');
  return sql`(exists (select 1 from ${fromAlias(volunteerTeamMembers, membership)}
    join ${fromAlias(volunteerTeams, team)} on ${team.districtCode} = ${membership.districtCode} and ${team.id} = ${membership.teamId}
    where ${membership.districtCode} = ${volunteer.districtCode} and ${membership.volunteerId} = ${volunteer.id}
      and ${team.organizationId} = ${organizationId})
  or exists (select 1 from ${fromAlias(volunteerEngagements, engagement)}
    where ${engagement.districtCode} = ${volunteer.districtCode} and ${engagement.volunteerId} = ${volunteer.id}
      and ${engagement.organizationId} = ${organizationId})
  or exists (select 1 from ${fromAlias(volunteerServices, service)}
    where ${service.districtCode} = ${volunteer.districtCode} and ${service.volunteerId} = ${volunteer.id}
      and ${service.certifierOrganizationId} = ${organizationId}))`;
}

/** The volunteer is a member (now or before) of a team `leaderId` leads now. */
function ledBy(volunteer: Columns<'districtCode' | 'id'>, leaderId: number): SQL {
  const membership = alias(volunteerTeamMembers, 'vvis_led_membership');
  const leadership = alias(volunteerTeamMembers, 'vvis_led_leadership');
  return sql`exists (select 1 from ${fromAlias(volunteerTeamMembers, membership)}
    join ${fromAlias(volunteerTeamMembers, leadership)} on ${leadership.districtCode} = ${membership.districtCode}
      and ${leadership.teamId} = ${membership.teamId}
    where ${membership.districtCode} = ${volunteer.districtCode} and ${membership.volunteerId} = ${volunteer.id}
      and ${leadership.volunteerId} = ${leaderId} and ${leadership.role} = 'leader' and ${leadership.leftOn} is null)`;
}

/** The volunteers (table or alias) the actor may read in `districtCode`. */
export function visibleVolunteers(
  actor: Actor,
  districtCode: string,
  volunteer: VolunteerVisibilityColumns,
): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit':
      // A grid worker knows the people of its community, not everyone who passed through it.
      return actor.role === 'GRID_WORKER'
        ? communityIn(volunteer.districtCode, volunteer.homeCommunityId, reach.prefix, 'grid_home')
        : unitVolunteers(volunteer, reach.prefix);
    case 'organization':
      return organizationVolunteers(volunteer, reach.organizationId);
    case 'volunteer':
      return sql`(${volunteer.id} = ${reach.volunteerId} or ${ledBy(volunteer, reach.volunteerId)})`;
    case 'worker':
    case 'resident':
    case 'nothing':
      return never;
  }
}

/** The record (by its volunteer_id) belongs to a volunteer the actor may read. */
export function withVisibleVolunteer(
  actor: Actor,
  districtCode: string,
  record: Columns<'districtCode' | 'volunteerId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything' || reach.kind === 'district') return always;
  if (reach.kind === 'nothing' || reach.kind === 'worker') return never;
  const owner = alias(volunteers, 'vvis_owner');
  return sql`exists (select 1 from ${fromAlias(volunteers, owner)}
    where ${owner.districtCode} = ${record.districtCode} and ${owner.id} = ${record.volunteerId}
      and ${visibleVolunteers(actor, districtCode, owner)})`;
}

export type VolunteerServiceVisibilityColumns = Columns<
  'districtCode' | 'volunteerId' | 'certifierTeamId' | 'certifierOrganizationId' | 'certifierCommunityId'
>;

/** The service records the actor may read: with their volunteer, or certified by the caller's unit. */
export function visibleVolunteerServices(
  actor: Actor,
  districtCode: string,
  service: VolunteerServiceVisibilityColumns,
): SQL {
  const reach = reachOf(actor, districtCode);
  const team = alias(volunteerTeams, 'vvis_certifier_team');
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit':
      return sql`(${withVisibleVolunteer(actor, districtCode, service)}
        or ${communityIn(service.districtCode, service.certifierCommunityId, reach.prefix, 'service_certifier')}
        or exists (select 1 from ${fromAlias(volunteerTeams, team)}
          where ${team.districtCode} = ${service.districtCode} and ${team.id} = ${service.certifierTeamId}
            and ${communityIn(team.districtCode, team.communityId, reach.prefix, 'service_team')}))`;
    case 'organization':
      return sql`(${withVisibleVolunteer(actor, districtCode, service)}
        or ${service.certifierOrganizationId} = ${reach.organizationId}
        or exists (select 1 from ${fromAlias(volunteerTeams, team)}
          where ${team.districtCode} = ${service.districtCode} and ${team.id} = ${service.certifierTeamId}
            and ${team.organizationId} = ${reach.organizationId}))`;
    case 'volunteer':
      return withVisibleVolunteer(actor, districtCode, service);
    case 'worker':
    case 'resident':
    case 'nothing':
      return never;
  }
}

export type VolunteerTeamVisibilityColumns = Columns<
  'districtCode' | 'id' | 'communityId' | 'organizationId'
>;

/** The teams the actor may read: in its unit, of its organization, or its own. */
export function visibleVolunteerTeams(
  actor: Actor,
  districtCode: string,
  team: VolunteerTeamVisibilityColumns,
): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit': {
      const owner = alias(socialOrganizations, 'vvis_team_owner');
      return sql`(${communityIn(team.districtCode, team.communityId, reach.prefix, 'team_owner')}
        or exists (select 1 from ${fromAlias(socialOrganizations, owner)}
          where ${owner.districtCode} = ${team.districtCode} and ${owner.id} = ${team.organizationId}
            and ${visibleOrganizations(actor, districtCode, owner)}))`;
    }
    case 'organization':
      return sql`${team.organizationId} = ${reach.organizationId}`;
    case 'volunteer': {
      const membership = alias(volunteerTeamMembers, 'vvis_own_membership');
      return sql`exists (select 1 from ${fromAlias(volunteerTeamMembers, membership)}
        where ${membership.districtCode} = ${team.districtCode} and ${membership.teamId} = ${team.id}
          and ${membership.volunteerId} = ${reach.volunteerId})`;
    }
    case 'worker':
    case 'resident':
    case 'nothing':
      return never;
  }
}

/** The memberships the actor may read: its team and its volunteer are both visible. */
export function visibleTeamMemberships(
  actor: Actor,
  districtCode: string,
  membership: Columns<'districtCode' | 'teamId' | 'volunteerId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything' || reach.kind === 'district') return always;
  if (reach.kind === 'nothing' || reach.kind === 'worker') return never;
  const team = alias(volunteerTeams, 'vvis_membership_team');
  return sql`(${withVisibleVolunteer(actor, districtCode, membership)}
    and exists (select 1 from ${fromAlias(volunteerTeams, team)}
      where ${team.districtCode} = ${membership.districtCode} and ${team.id} = ${membership.teamId}
        and ${visibleVolunteerTeams(actor, districtCode, team)}))`;
}
