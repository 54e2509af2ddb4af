import { and, eq, isNull } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { organizationWriteTarget } from '../organizations/organization-target.js';
import { communities, grids } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import { serviceProjects } from '../schema/service-projects.js';
import { type VolunteerEngagement, volunteerEngagements } from '../schema/volunteers.js';
import { parseCode } from '../services/code-list.js';
import { type EngagementRole, engagementRoles } from './code-lists.js';
import type { VolunteerContext } from './volunteer-context.js';
import type { EndEngagementInput, StartEngagementInput } from './volunteer-types.js';

/** The one reference each role names (schema/volunteers.ts `volunteer_engagements_target`). */
const targetField = {
  grid_informant: 'gridId',
  project_volunteer: 'projectId',
  community_volunteer: 'communityId',
  organization_volunteer: 'organizationId',
} as const satisfies Record<EngagementRole, keyof StartEngagementInput>;

type TargetField = (typeof targetField)[EngagementRole];

/**
 * What a volunteer serves with beyond a team (docs/domain.md §5.1): a grid as its informant
 * (网格信息员), a project as its volunteer, a community or an organization at large, each from
 * one day to another. An engagement lies where its grid, project, community or organization does,
 * and only callers whose jurisdiction covers that place start or end it.
 */
export function createEngagementUseCases(ctx: VolunteerContext) {
  const { kit, db, districtCode } = ctx;

  /**
   * Where the engagement's target lies, after checking it exists, is visible and in force on
   * `day` (a project: approved and not closed).
   */
  async function targetOf(
    tx: SansheDb,
    engagement: Pick<VolunteerEngagement, 'role' | 'gridId' | 'projectId' | 'communityId' | 'organizationId'>,
    day: string | null,
    path: (field: TargetField) => FieldPath,
  ): Promise<WriteTarget> {
    switch (engagement.role as EngagementRole) {
      case 'grid_informant': {
        const grid = await kit.requireRecord(tx, grids, engagement.gridId, 'grid', path('gridId'), 'share');
        if (day !== null && !isActiveOn(grid, day)) {
          throw new SansheError('PARENT_RETIRED', `Grid ${grid.code} is not in force on ${day}.`, {
            path: path('gridId'),
          });
        }
        const community = await kit.requireRecord(
          tx,
          communities,
          grid.communityId,
          'community',
          path('gridId'),
        );
        return { unitCode: community.code };
      }
      case 'project_volunteer': {
        await kit.requireVisible(tx, 'service_project', engagement.projectId!, path('projectId'));
        const project = await kit.requireRecord(
          tx,
          serviceProjects,
          engagement.projectId,
          'service project',
          path('projectId'),
          'share',
        );
        if (day !== null && project.status !== 'approved') {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Project ${project.id} is ${project.status}: volunteers join an approved project.`,
            {
              path: path('projectId'),
            },
          );
        }
        return { unitCode: project.unitCode };
      }
      case 'community_volunteer': {
        if (day === null) {
          return { unitCode: await ctx.communityCodeOf(tx, engagement.communityId) };
        }
        const community = await ctx.requireCommunityOn(tx, engagement.communityId!, day, path('communityId'));
        return { unitCode: community.code };
      }
      case 'organization_volunteer': {
        await kit.requireVisible(
          tx,
          'social_organization',
          engagement.organizationId!,
          path('organizationId'),
        );
        const organization =
          day === null
            ? await kit.requireRecord(
                tx,
                socialOrganizations,
                engagement.organizationId,
                'social organization',
                path('organizationId'),
              )
            : await ctx.requireOrganizationOn(tx, engagement.organizationId!, day, path('organizationId'));
        return organizationWriteTarget(tx, organization);
      }
    }
  }

  return {
    /**
     * Engage a volunteer from a day: as the informant of a grid, the volunteer of an approved
     * project, or a volunteer of a community or an organization (`volunteer.team` where it lies).
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, VALIDATION_FAILED (not exactly the reference
     *   the role names; before the volunteer registered), INVALID_DATE, DATE_IN_FUTURE, NOT_FOUND,
     *   PARENT_RETIRED, ORGANIZATION_INACTIVE, STATUS_NOT_ALLOWED (project not approved, volunteer
     *   withdrawn), FORBIDDEN, DUPLICATE_RECORD (the same engagement is open)
     */
    async startEngagement(input: StartEngagementInput): Promise<VolunteerEngagement> {
      const volunteerId = kit.requireId(input.volunteerId, 'volunteer', ['input', 'volunteerId']);
      const role = parseCode(engagementRoles, input.role, ['input', 'role'], 'The role');
      const named = targetField[role];
      for (const field of Object.values(targetField)) {
        const given = input[field] != null;
        if (given !== (field === named)) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `A ${role} engagement names its ${named.replace('Id', '')} (${named}) and nothing else.`,
            { path: ['input', field] },
          );
        }
      }
      const refs = {
        gridId: null as number | null,
        projectId: null as number | null,
        communityId: null as number | null,
        organizationId: null as number | null,
      };
      refs[named] = kit.requireId(input[named], named.replace('Id', ''), ['input', named]);
      const startsOn = kit.pastDate(input.startsOn, ['input', 'startsOn'], false);
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer', volunteerId, ['input', 'volunteerId']);
        const volunteer = await ctx.requireVolunteer(tx, volunteerId, 'share', ['input', 'volunteerId']);
        const target = await targetOf(tx, { role, ...refs }, startsOn, (field) => ['input', field]);
        kit.authorize('volunteer.team', target);
        ctx.requireServingOn(volunteer, startsOn, ['input', 'startsOn']);
        const [open] = await tx
          .select({ id: volunteerEngagements.id })
          .from(volunteerEngagements)
          .where(
            and(
              eq(volunteerEngagements.districtCode, districtCode),
              eq(volunteerEngagements.volunteerId, volunteerId),
              eq(volunteerEngagements.role, role),
              eq(
                role === 'grid_informant'
                  ? volunteerEngagements.gridId
                  : role === 'project_volunteer'
                    ? volunteerEngagements.projectId
                    : role === 'community_volunteer'
                      ? volunteerEngagements.communityId
                      : volunteerEngagements.organizationId,
                refs[named]!,
              ),
              isNull(volunteerEngagements.endsOn),
            ),
          )
          .limit(1);
        if (open) {
          throw new SansheError(
            'DUPLICATE_RECORD',
            `Volunteer ${volunteerId} is already engaged so (engagement ${open.id}).`,
            {
              path: ['input', named],
              details: { engagementId: open.id },
            },
          );
        }
        const [row] = await tx
          .insert(volunteerEngagements)
          .values({ districtCode, volunteerId, role, ...refs, startsOn })
          .returning();
        await kit.audit(tx, {
          action: 'volunteer_engagement.start',
          entityType: 'volunteer_engagement',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /**
     * End an engagement on a day.
     *
     * @throws {SansheError} INVALID_DATE, DATE_IN_FUTURE, NOT_FOUND, FORBIDDEN, ALREADY_ENDED,
     *   INVALID_DATE_RANGE (before it began)
     */
    async endEngagement(input: EndEngagementInput): Promise<VolunteerEngagement> {
      const engagementId = kit.requireId(input.engagementId, 'volunteer engagement', [
        'input',
        'engagementId',
      ]);
      const endsOn = kit.pastDate(input.endsOn, ['input', 'endsOn'], false);
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer_engagement', engagementId, ['input', 'engagementId']);
        const current = await kit.requireRecord(
          tx,
          volunteerEngagements,
          engagementId,
          'volunteer engagement',
          ['input', 'engagementId'],
          'update',
        );
        kit.authorize('volunteer.team', await targetOf(tx, current, null, () => ['input', 'engagementId']));
        if (current.endsOn !== null) {
          throw new SansheError('ALREADY_ENDED', `The engagement ended on ${current.endsOn}.`, {
            path: ['input', 'engagementId'],
            details: { endsOn: current.endsOn },
          });
        }
        if (endsOn < current.startsOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The engagement began on ${current.startsOn}, after ${endsOn}.`,
            {
              path: ['input', 'endsOn'],
            },
          );
        }
        const [row] = await tx
          .update(volunteerEngagements)
          .set({ endsOn })
          .where(
            and(
              eq(volunteerEngagements.districtCode, districtCode),
              eq(volunteerEngagements.id, engagementId),
            ),
          )
          .returning();
        await kit.audit(tx, {
          action: 'volunteer_engagement.end',
          entityType: 'volunteer_engagement',
          entityId: engagementId,
          before: current,
          after: row,
        });
        return row!;
      });
    },
  };
}
