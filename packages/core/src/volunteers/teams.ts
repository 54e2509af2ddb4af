import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import { SansheError } from '../errors/sanshe-error.js';
import { organizationWriteTarget } from '../organizations/organization-target.js';
import {
  type VolunteerTeam,
  type VolunteerTeamMember,
  volunteerTeamMembers,
  volunteerTeams,
} from '../schema/volunteers.js';
import { parseCode } from '../services/code-list.js';
import { parseName } from '../validators/text.js';
import { teamRoles } from './code-lists.js';
import type { VolunteerContext } from './volunteer-context.js';
import type {
  AddTeamMemberInput,
  DisbandTeamInput,
  EndTeamMembershipInput,
  FormTeamInput,
} from './volunteer-types.js';

/**
 * Volunteer teams (志愿服务队, docs/domain.md §5.1): formed by a community or an organization,
 * with members and leaders over time. A team's leader certifies its members' service (§5.2), so
 * who led a team on which day is kept, never overwritten: a membership ends with a day, and a
 * change of role is a membership ended and another begun.
 */
export function createTeamUseCases(ctx: VolunteerContext) {
  const { kit, db, districtCode } = ctx;

  return {
    /**
     * Form a team led from a community or an organization (`volunteer.team` there).
     *
     * @throws {SansheError} INVALID_NAME, VALIDATION_FAILED (not exactly one owner), INVALID_DATE,
     *   DATE_IN_FUTURE, NOT_FOUND, PARENT_RETIRED, ORGANIZATION_INACTIVE, FORBIDDEN,
     *   DUPLICATE_RECORD (the name is taken in the district)
     */
    async formTeam(input: FormTeamInput): Promise<VolunteerTeam> {
      const name = kit.unwrap(parseName(input.name, { path: ['input', 'name'] }));
      const hasCommunity = input.communityId != null;
      if (hasCommunity === (input.organizationId != null)) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'A team is led from exactly one community or one organization.',
          {
            path: ['input', hasCommunity ? 'organizationId' : 'communityId'],
          },
        );
      }
      const communityId = hasCommunity
        ? kit.requireId(input.communityId, 'community', ['input', 'communityId'])
        : null;
      const organizationId = hasCommunity
        ? null
        : kit.requireId(input.organizationId, 'social organization', ['input', 'organizationId']);
      const foundedOn = kit.pastDate(input.foundedOn, ['input', 'foundedOn'], false);
      return db.transaction(async (tx) => {
        let target: WriteTarget;
        if (communityId !== null) {
          const community = await ctx.requireCommunityOn(tx, communityId, foundedOn, [
            'input',
            'communityId',
          ]);
          target = { unitCode: community.code };
        } else {
          await kit.requireVisible(tx, 'social_organization', organizationId!, ['input', 'organizationId']);
          const organization = await ctx.requireOrganizationOn(tx, organizationId!, foundedOn, [
            'input',
            'organizationId',
          ]);
          target = await organizationWriteTarget(tx, organization);
        }
        kit.authorize('volunteer.team', target);
        const [team] = await kit.insertUnique(
          () =>
            tx
              .insert(volunteerTeams)
              .values({ districtCode, name, communityId, organizationId, foundedOn })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `A volunteer team named ${name} already exists in district ${districtCode}.`,
            path: ['input', 'name'],
          },
        );
        await kit.audit(tx, {
          action: 'volunteer_team.form',
          entityType: 'volunteer_team',
          entityId: team!.id,
          after: team,
        });
        return team!;
      });
    },

    /**
     * Disband a team on a day; its open memberships end that day. The team and its history stay.
     *
     * @throws {SansheError} INVALID_DATE, DATE_IN_FUTURE, NOT_FOUND, FORBIDDEN, VERSION_CONFLICT,
     *   ALREADY_ENDED, INVALID_DATE_RANGE (before the team was founded or a member joined)
     */
    async disbandTeam(input: DisbandTeamInput): Promise<VolunteerTeam> {
      const teamId = kit.requireId(input.teamId, 'volunteer team', ['input', 'teamId']);
      const disbandedOn = kit.pastDate(input.disbandedOn, ['input', 'disbandedOn'], false);
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer_team', teamId, ['input', 'teamId']);
        const current = await ctx.requireTeam(tx, teamId, 'update', ['input', 'teamId']);
        kit.authorize('volunteer.team', await ctx.teamTarget(tx, current));
        kit.checkVersion(current, input.expectedVersion, `Volunteer team ${teamId}`);
        if (current.disbandedOn !== null) {
          throw new SansheError(
            'ALREADY_ENDED',
            `Team ${current.name} was disbanded on ${current.disbandedOn}.`,
            {
              path: ['input', 'teamId'],
            },
          );
        }
        const [lateJoiner] = await tx
          .select({ joinedOn: volunteerTeamMembers.joinedOn })
          .from(volunteerTeamMembers)
          .where(
            and(
              eq(volunteerTeamMembers.districtCode, districtCode),
              eq(volunteerTeamMembers.teamId, teamId),
              isNull(volunteerTeamMembers.leftOn),
              gt(volunteerTeamMembers.joinedOn, disbandedOn),
            ),
          )
          .limit(1);
        if (disbandedOn < current.foundedOn || lateJoiner) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            lateJoiner
              ? `A member joined on ${lateJoiner.joinedOn}, after ${disbandedOn}.`
              : `Team ${current.name} was founded on ${current.foundedOn}, after ${disbandedOn}.`,
            { path: ['input', 'disbandedOn'] },
          );
        }
        const ended = await tx
          .update(volunteerTeamMembers)
          .set({ leftOn: disbandedOn })
          .where(
            and(
              eq(volunteerTeamMembers.districtCode, districtCode),
              eq(volunteerTeamMembers.teamId, teamId),
              isNull(volunteerTeamMembers.leftOn),
            ),
          )
          .returning({ id: volunteerTeamMembers.id });
        const [team] = await tx
          .update(volunteerTeams)
          .set({ disbandedOn, version: current.version + 1, updatedAt: sql`now()` })
          .where(and(eq(volunteerTeams.districtCode, districtCode), eq(volunteerTeams.id, teamId)))
          .returning();
        await kit.audit(tx, {
          action: 'volunteer_team.disband',
          entityType: 'volunteer_team',
          entityId: teamId,
          before: current,
          after: { ...team!, endedMemberships: ended.map((row) => row.id) },
        });
        return team!;
      });
    },

    /**
     * Add a volunteer to a team as a member or a leader from a day (`volunteer.team` where the
     * team lies). A volunteer holds one open membership per team and may lead several teams.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, INVALID_DATE, DATE_IN_FUTURE, NOT_FOUND,
     *   FORBIDDEN, STATUS_NOT_ALLOWED (team disbanded, volunteer withdrawn), INVALID_DATE_RANGE
     *   (before the team was founded), VALIDATION_FAILED (before the volunteer registered),
     *   DUPLICATE_RECORD (already an open member)
     */
    async addTeamMember(input: AddTeamMemberInput): Promise<VolunteerTeamMember> {
      const teamId = kit.requireId(input.teamId, 'volunteer team', ['input', 'teamId']);
      const volunteerId = kit.requireId(input.volunteerId, 'volunteer', ['input', 'volunteerId']);
      const role =
        input.role == null ? 'member' : parseCode(teamRoles, input.role, ['input', 'role'], 'The role');
      const joinedOn = kit.pastDate(input.joinedOn, ['input', 'joinedOn'], false);
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer_team', teamId, ['input', 'teamId']);
        await kit.requireVisible(tx, 'volunteer', volunteerId, ['input', 'volunteerId']);
        // FOR SHARE: a disbandment or a withdrawal waits for the membership, then sees it.
        const team = await ctx.requireTeam(tx, teamId, 'share', ['input', 'teamId']);
        const volunteer = await ctx.requireVolunteer(tx, volunteerId, 'share', ['input', 'volunteerId']);
        kit.authorize('volunteer.team', await ctx.teamTarget(tx, team));
        if (team.disbandedOn !== null) {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Team ${team.name} was disbanded on ${team.disbandedOn}.`,
            {
              path: ['input', 'teamId'],
            },
          );
        }
        if (joinedOn < team.foundedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Team ${team.name} was founded on ${team.foundedOn}, after ${joinedOn}.`,
            {
              path: ['input', 'joinedOn'],
            },
          );
        }
        ctx.requireServingOn(volunteer, joinedOn, ['input', 'joinedOn']);
        const [membership] = await kit.insertUnique(
          () =>
            tx
              .insert(volunteerTeamMembers)
              .values({ districtCode, teamId, volunteerId, role, joinedOn })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `Volunteer ${volunteerId} is already in team ${team.name}; end that membership to change its role.`,
            path: ['input', 'volunteerId'],
          },
        );
        await kit.audit(tx, {
          action: 'volunteer_team.add_member',
          entityType: 'volunteer_team_membership',
          entityId: membership!.id,
          after: membership,
        });
        return membership!;
      });
    },

    /**
     * End a membership (or a leadership) on a day.
     *
     * @throws {SansheError} INVALID_DATE, DATE_IN_FUTURE, NOT_FOUND, FORBIDDEN, ALREADY_ENDED,
     *   INVALID_DATE_RANGE (before it began)
     */
    async endTeamMembership(input: EndTeamMembershipInput): Promise<VolunteerTeamMember> {
      const membershipId = kit.requireId(input.membershipId, 'team membership', ['input', 'membershipId']);
      const leftOn = kit.pastDate(input.leftOn, ['input', 'leftOn'], false);
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer_team_membership', membershipId, ['input', 'membershipId']);
        const current = await kit.requireRecord(
          tx,
          volunteerTeamMembers,
          membershipId,
          'team membership',
          ['input', 'membershipId'],
          'update',
        );
        const team = await ctx.requireTeam(tx, current.teamId, false, ['input', 'membershipId']);
        kit.authorize('volunteer.team', await ctx.teamTarget(tx, team));
        if (current.leftOn !== null) {
          throw new SansheError('ALREADY_ENDED', `The membership ended on ${current.leftOn}.`, {
            path: ['input', 'membershipId'],
            details: { leftOn: current.leftOn },
          });
        }
        if (leftOn < current.joinedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The membership began on ${current.joinedOn}, after ${leftOn}.`,
            {
              path: ['input', 'leftOn'],
            },
          );
        }
        const [row] = await tx
          .update(volunteerTeamMembers)
          .set({ leftOn })
          .where(
            and(
              eq(volunteerTeamMembers.districtCode, districtCode),
              eq(volunteerTeamMembers.id, membershipId),
            ),
          )
          .returning();
        await kit.audit(tx, {
          action: 'volunteer_team.end_membership',
          entityType: 'volunteer_team_membership',
          entityId: membershipId,
          before: current,
          after: row,
        });
        return row!;
      });
    },
  };
}
