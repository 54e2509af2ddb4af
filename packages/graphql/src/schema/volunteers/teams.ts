import { SansheError, visibleVolunteerTeams, volunteerTeams } from '@sanshe/core';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { decodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { VolunteerEngagementRoleEnum, VolunteerTeamRoleEnum } from './volunteer-enums.js';
import { VolunteerEngagementRef, VolunteerTeamMembershipRef, VolunteerTeamRef } from './volunteer-nodes.js';

/**
 * Volunteer teams, memberships and engagements in the API (docs/domain.md §5.1).
 */

const VolunteerTeamFilterInput = builder.inputType('VolunteerTeamFilter', {
  description: 'Narrows a list of volunteer teams. Every field is optional.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    communityId: t.id({ description: 'Led from this community.' }),
    organizationId: t.id({ description: 'Led from this organization.' }),
    includeDisbanded: t.boolean({ description: 'Disbanded teams too (default: not).' }),
  }),
});

type TeamFilterArgs =
  | {
      districtCode?: string | null;
      communityId?: string | number | null;
      organizationId?: string | number | null;
      includeDisbanded?: boolean | null;
    }
  | null
  | undefined;

/** The filter as an SQL condition on the table, or null when it names another district. */
function teamConditionFor(
  args: TeamFilterArgs,
  ctx: DistrictContext,
  table: typeof volunteerTeams,
): SQL | null {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  const idIn = (
    value: string | number | null | undefined,
    typename: string,
    field: string,
  ): number | null | undefined => {
    if (value == null) return null;
    try {
      return localIdOf(String(value), typename, districtCode, ['filter', field]);
    } catch (error) {
      if (error instanceof SansheError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  };
  const communityId = idIn(args?.communityId, 'Community', 'communityId');
  const organizationId = idIn(args?.organizationId, 'SocialOrganization', 'organizationId');
  if (communityId === undefined || organizationId === undefined) return null;
  return and(
    eq(table.districtCode, districtCode),
    communityId === null ? undefined : eq(table.communityId, communityId),
    organizationId === null ? undefined : eq(table.organizationId, organizationId),
    args?.includeDisbanded ? undefined : isNull(table.disbandedOn),
    visibleVolunteerTeams(ctx.actor, districtCode, table),
  )!;
}

builder.queryFields((t) => ({
  volunteerTeams: t.drizzleConnection(
    {
      type: 'volunteerTeams',
      description: 'Volunteer teams across the districts served that the caller may see, by name.',
      args: { filter: t.arg({ type: VolunteerTeamFilterInput }) },
      extensions: routeExtension({
        kind: 'fanOutConnection',
        filterArg: 'filter',
        sortFields: { name: ['name', 'sortKey'] },
      }),
      totalCount: (_parent, args, ctx) => {
        const condition = teamConditionFor(args.filter, ctx, volunteerTeams);
        return condition ? ctx.district.db.$count(volunteerTeams, condition) : 0;
      },
      resolve: (query, _parent, args, ctx) => {
        if (!teamConditionFor(args.filter, ctx, volunteerTeams)) return [];
        return ctx.district.db.query.volunteerTeams.findMany(
          query({
            where: {
              RAW: (table) =>
                teamConditionFor(args.filter, ctx, table as typeof volunteerTeams) ?? sql`false`,
            },
            orderBy: { name: 'asc', id: 'asc' },
          }),
        );
      },
    },
    { name: 'VolunteerTeamConnection' },
    { name: 'VolunteerTeamEdge' },
  ),
}));

const FormVolunteerTeamInput = builder.inputType('FormVolunteerTeamInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique in the district.' }),
    ownerId: t.id({ required: true, description: 'The Community or the SocialOrganization it is led from.' }),
    foundedOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const DisbandVolunteerTeamInput = builder.inputType('DisbandVolunteerTeamInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    disbandedOn: t.field({ type: 'Date', description: 'Default today; open memberships end that day.' }),
    expectedVersion: t.int(),
  }),
});

const AddTeamMemberInput = builder.inputType('AddTeamMemberInput', {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    volunteerId: t.id({ required: true }),
    role: t.field({ type: VolunteerTeamRoleEnum, description: 'Default MEMBER.' }),
    joinedOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const EndTeamMembershipInput = builder.inputType('EndTeamMembershipInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    leftOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const StartVolunteerEngagementInput = builder.inputType('StartVolunteerEngagementInput', {
  fields: (t) => ({
    volunteerId: t.id({ required: true }),
    role: t.field({ type: VolunteerEngagementRoleEnum, required: true }),
    gridId: t.id({ description: 'For GRID_INFORMANT.' }),
    projectId: t.id({ description: 'For PROJECT_VOLUNTEER.' }),
    communityId: t.id({ description: 'For COMMUNITY_VOLUNTEER.' }),
    organizationId: t.id({ description: 'For ORGANIZATION_VOLUNTEER.' }),
    startsOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const EndVolunteerEngagementInput = builder.inputType('EndVolunteerEngagementInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    endsOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const optionalVisibleId = async (
  ctx: DistrictContext,
  value: string | number | null | undefined,
  typename: string,
  field: string,
): Promise<number | null> =>
  value == null ? null : visibleLocalIdOf(ctx, String(value), typename, ['input', field]);

defineMutation('formVolunteerTeam', {
  inputNames: { communityId: 'ownerId', organizationId: 'ownerId' },
  type: VolunteerTeamRef,
  description: 'Form a volunteer team led from a community or an organization.',
  input: FormVolunteerTeamInput,
  route: byInputGlobalId('ownerId'),
  resolve: async (input, ctx) => {
    const { districtCode } = ctx.district;
    const ownerId = String(input.ownerId);
    const path = ['input', 'ownerId'];
    let typename = '';
    try {
      typename = decodeGlobalId(ownerId).typename;
    } catch {
      // localIdOf below answers INVALID_ID for it.
    }
    const { ownerId: _owner, ...rest } = definedOnly(input);
    return typename === 'SocialOrganization'
      ? ctx.volunteers.formTeam({
          ...rest,
          organizationId: await visibleLocalIdOf(ctx, ownerId, 'SocialOrganization', path),
        })
      : ctx.volunteers.formTeam({
          ...rest,
          communityId: localIdOf(ownerId, 'Community', districtCode, path),
        });
  },
});

defineMutation('disbandVolunteerTeam', {
  inputNames: { teamId: 'id' },
  type: VolunteerTeamRef,
  description: 'Disband a team on a day; its open memberships end that day.',
  input: DisbandVolunteerTeamInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.volunteers.disbandTeam({
      ...definedOnly(input),
      teamId: await visibleLocalIdOf(ctx, String(input.id), 'VolunteerTeam', ['input', 'id']),
    }),
});

defineMutation('addTeamMember', {
  type: VolunteerTeamMembershipRef,
  description: 'Add a volunteer to a team as a member or its leader.',
  input: AddTeamMemberInput,
  route: byInputGlobalId('teamId'),
  resolve: async (input, ctx) =>
    ctx.volunteers.addTeamMember({
      ...definedOnly(input),
      teamId: await visibleLocalIdOf(ctx, String(input.teamId), 'VolunteerTeam', ['input', 'teamId']),
      volunteerId: await visibleLocalIdOf(ctx, String(input.volunteerId), 'Volunteer', [
        'input',
        'volunteerId',
      ]),
    }),
});

defineMutation('endTeamMembership', {
  inputNames: { membershipId: 'id' },
  type: VolunteerTeamMembershipRef,
  description: 'End a membership (or a leadership) on a day.',
  input: EndTeamMembershipInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.volunteers.endTeamMembership({
      ...definedOnly(input),
      membershipId: await visibleLocalIdOf(ctx, String(input.id), 'VolunteerTeamMembership', ['input', 'id']),
    }),
});

defineMutation('startVolunteerEngagement', {
  type: VolunteerEngagementRef,
  description: 'Engage a volunteer with a grid (网格信息员), a project, a community or an organization.',
  input: StartVolunteerEngagementInput,
  route: byInputGlobalId('volunteerId'),
  resolve: async (input, ctx) => {
    const { districtCode } = ctx.district;
    return ctx.volunteers.startEngagement({
      ...definedOnly(input),
      volunteerId: await visibleLocalIdOf(ctx, String(input.volunteerId), 'Volunteer', [
        'input',
        'volunteerId',
      ]),
      gridId:
        input.gridId == null
          ? null
          : localIdOf(String(input.gridId), 'Grid', districtCode, ['input', 'gridId']),
      communityId:
        input.communityId == null
          ? null
          : localIdOf(String(input.communityId), 'Community', districtCode, ['input', 'communityId']),
      projectId: await optionalVisibleId(ctx, input.projectId, 'ServiceProject', 'projectId'),
      organizationId: await optionalVisibleId(
        ctx,
        input.organizationId,
        'SocialOrganization',
        'organizationId',
      ),
    });
  },
});

defineMutation('endVolunteerEngagement', {
  inputNames: { engagementId: 'id' },
  type: VolunteerEngagementRef,
  description: 'End an engagement on a day.',
  input: EndVolunteerEngagementInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.volunteers.endEngagement({
      ...definedOnly(input),
      engagementId: await visibleLocalIdOf(ctx, String(input.id), 'VolunteerEngagement', ['input', 'id']),
    }),
});
