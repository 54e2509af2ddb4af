import {
  parseVolunteerFilter,
  type RevealedVolunteerIdentifiers,
  SansheError,
  visibleVolunteers,
  volunteerCondition,
  volunteers,
} from '@sanshe/core';
import { and } from 'drizzle-orm';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { encodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { codeListEnum } from '../code-list-enum.js';
import { filterLocalIdOf, localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { SensitiveCategoryEnum, UnmaskPurposeEnum } from '../personal-data/personal-data.js';
import { rootListExtensions } from '../root-list.js';
import { GuardianRelationEnum, VolunteerSkillEnum } from './volunteer-enums.js';
import { VolunteerRef } from './volunteer-nodes.js';

/**
 * The volunteer registry in the API (docs/domain.md §5.1): the list of volunteers the caller may
 * see, registration, changes, withdrawal, and unmasking with a purpose (§9).
 */

const VolunteerFilterInput = builder.inputType('VolunteerFilter', {
  description: 'Narrows a list of volunteers. Every field is optional.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    homeCommunityId: t.id({ description: 'Registered in this community.' }),
    teamId: t.id({ description: 'Open members or leaders of this team.' }),
    skill: t.field({ type: VolunteerSkillEnum }),
    namePrefix: t.string({ description: 'Whose name begins with this text.' }),
    includeWithdrawn: t.boolean({ description: 'Withdrawn volunteers too (default: not).' }),
  }),
});

type VolunteerFilterArgs =
  | {
      districtCode?: string | null;
      homeCommunityId?: string | number | null;
      teamId?: string | number | null;
      skill?: string | null;
      namePrefix?: string | null;
      includeWithdrawn?: boolean | null;
    }
  | null
  | undefined;

/**
 * The filter parsed by core (typed errors at `filter.<field>`), or null when it names another
 * district (by its code or by an ID of another district's record: that district answers it).
 */
/** A GraphQL ID argument (Pothos gives string or number) as text. */
function stringOrNull(id: string | number | null | undefined): string | null {
  return id == null ? null : String(id);
}

function volunteerFilterFor(args: VolunteerFilterArgs, ctx: DistrictContext) {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  const homeCommunityId = filterLocalIdOf(stringOrNull(args?.homeCommunityId), 'Community', districtCode, [
    'filter',
    'homeCommunityId',
  ]);
  const teamId = filterLocalIdOf(stringOrNull(args?.teamId), 'VolunteerTeam', districtCode, [
    'filter',
    'teamId',
  ]);
  if (homeCommunityId === undefined || teamId === undefined) return null;
  const parsed = parseVolunteerFilter({
    homeCommunityId,
    teamId,
    skill: args?.skill ?? null,
    namePrefix: args?.namePrefix ?? null,
    includeWithdrawn: args?.includeWithdrawn ?? null,
  });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  return parsed.data;
}

/** The relational query of the list, by name; undefined when the filter names nothing in this district. */
function volunteerListQuery(args: { filter?: VolunteerFilterArgs }, ctx: DistrictContext) {
  const filter = volunteerFilterFor(args.filter, ctx);
  if (!filter) return undefined;
  const { districtCode } = ctx.district;
  return {
    where: {
      RAW: (table: typeof volunteers) =>
        and(
          volunteerCondition(table, districtCode, filter),
          visibleVolunteers(ctx.actor, districtCode, table),
        )!,
    },
    orderBy: { name: 'asc', id: 'asc' } as const,
  };
}

builder.queryFields((t) => ({
  volunteers: t.drizzleConnection(
    {
      type: 'volunteers',
      description: 'Volunteers across the districts served that the caller may see, by name.',
      args: { filter: t.arg({ type: VolunteerFilterInput }) },
      extensions: rootListExtensions(
        { name: ['name', 'sortKey'] },
        { table: 'volunteers', query: volunteerListQuery },
      ),
      totalCount: (_parent, args, ctx) => {
        const filter = volunteerFilterFor(args.filter, ctx);
        if (!filter) return 0;
        const { districtCode, db } = ctx.district;
        return db.$count(
          volunteers,
          and(
            volunteerCondition(volunteers, districtCode, filter),
            visibleVolunteers(ctx.actor, districtCode, volunteers),
          ),
        );
      },
      resolve: (query, _parent, args, ctx) => {
        const options = volunteerListQuery(args, ctx);
        return options ? ctx.district.db.query.volunteers.findMany(query(options)) : [];
      },
    },
    { name: 'VolunteerConnection' },
    { name: 'VolunteerEdge' },
  ),
}));

const RegisterVolunteerInput = builder.inputType('RegisterVolunteerInput', {
  fields: (t) => ({
    homeCommunityId: t.id({ required: true, description: 'The community it registers in (实名注册).' }),
    name: t.string({ required: true }),
    residentId: t.string({
      required: true,
      description: 'Resident identity number; stored sealed, never shown in clear.',
    }),
    mobilePhone: t.string(),
    registeredOn: t.field({ type: 'Date', description: 'Default today; never after it.' }),
    realNameVerifiedOn: t.field({ type: 'Date' }),
    skills: t.field({ type: [VolunteerSkillEnum] }),
    guardianName: t.string({ description: 'For someone under 18 on the day of registration.' }),
    guardianRelation: t.field({ type: GuardianRelationEnum }),
    guardianConsentOn: t.field({ type: 'Date', description: 'On or before the registration.' }),
    recruitingOrganizationId: t.id({
      description: 'The organization that recruited it: engaged with it from the day of registration.',
    }),
  }),
});

const UpdateVolunteerInput = builder.inputType('UpdateVolunteerInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int(),
    name: t.string(),
    mobilePhone: t.string({ description: 'A new number; an empty list of changes is refused.' }),
    removeMobilePhone: t.boolean({ description: 'Remove the mobile number.' }),
    skills: t.field({ type: [VolunteerSkillEnum], description: 'The whole new list.' }),
    realNameVerifiedOn: t.field({ type: 'Date' }),
  }),
});

const WithdrawVolunteerInput = builder.inputType('WithdrawVolunteerInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    withdrawnOn: t.field({ type: 'Date', description: 'Default today.' }),
    reason: t.string({ description: 'Kept in the audit log.' }),
    expectedVersion: t.int(),
  }),
});

defineMutation('registerVolunteer', {
  type: VolunteerRef,
  description:
    'Register a volunteer under its real name in a home community. The identity number is validated (GB 11643) and de-duplicated; someone under 18 registers with a guardian’s consent.',
  input: RegisterVolunteerInput,
  route: byInputGlobalId('homeCommunityId'),
  resolve: async (input, ctx) => {
    const { districtCode } = ctx.district;
    return ctx.volunteers.registerVolunteer({
      ...definedOnly(input),
      homeCommunityId: localIdOf(String(input.homeCommunityId), 'Community', districtCode, [
        'input',
        'homeCommunityId',
      ]),
      recruitingOrganizationId:
        input.recruitingOrganizationId == null
          ? null
          : await visibleLocalIdOf(ctx, String(input.recruitingOrganizationId), 'SocialOrganization', [
              'input',
              'recruitingOrganizationId',
            ]),
    });
  },
});

defineMutation('updateVolunteer', {
  type: VolunteerRef,
  description: 'Change a volunteer’s name, phone, skills or day of real-name verification.',
  input: UpdateVolunteerInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) => {
    const { removeMobilePhone, ...rest } = input;
    return ctx.volunteers.updateVolunteer({
      ...definedOnly(rest),
      ...(removeMobilePhone ? { mobilePhone: null } : {}),
      id: await visibleLocalIdOf(ctx, String(input.id), 'Volunteer', ['input', 'id']),
    });
  },
});

defineMutation('withdrawVolunteer', {
  type: VolunteerRef,
  description: 'Withdraw a volunteer (注销) on a day; the record and its services are kept.',
  input: WithdrawVolunteerInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.volunteers.withdrawVolunteer({
      ...definedOnly(input),
      id: await visibleLocalIdOf(ctx, String(input.id), 'Volunteer', ['input', 'id']),
    }),
});

const VolunteerIdentifierEnum = codeListEnum(
  'VolunteerIdentifier',
  'A volunteer’s identifier that can be unmasked.',
  {
    residentId: '公民身份号码',
    mobilePhone: '手机号码',
  } as const,
);

const RevealedVolunteerIdentifiersRef = builder
  .objectRef<RevealedVolunteerIdentifiers & { districtCode: string }>('RevealedVolunteerIdentifiers')
  .implement({
    description: 'A volunteer’s identifiers in clear, as asked for; the read is in the access log.',
    fields: (t) => ({
      volunteerId: t.id({
        description: 'The volunteer’s global ID.',
        resolve: (row) => encodeGlobalId('Volunteer', row.districtCode, row.volunteerId),
      }),
      residentId: t.exposeString('residentId', { nullable: true }),
      mobilePhone: t.exposeString('mobilePhone', { nullable: true }),
      sensitiveCategories: t.field({
        // The enum of personal-data.ts, by its name (it is not exported from there).
        type: [SensitiveCategoryEnum],
        resolve: (row) => row.sensitiveCategories as never,
      }),
    }),
  });

const RevealVolunteerInput = builder.inputType('RevealVolunteerIdentifiersInput', {
  fields: (t) => ({
    volunteerId: t.id({ required: true }),
    fields: t.field({ type: [VolunteerIdentifierEnum], required: true }),
    purpose: t.field({ type: UnmaskPurposeEnum, required: true }),
    purposeNote: t.string({
      description: 'Why, in words; required for sensitive values (at most 500 characters).',
    }),
  }),
});

defineMutation('revealVolunteerIdentifiers', {
  type: RevealedVolunteerIdentifiersRef,
  description:
    'Unmask a volunteer’s identity number or phone for a declared purpose. For administrators, civil-affairs, unit and organization staff who see the volunteer, and the volunteer itself (DATA_SUBJECT_REQUEST); every field read is logged.',
  input: RevealVolunteerInput,
  route: byInputGlobalId('volunteerId'),
  resolve: async (input, ctx) => {
    const volunteerId = await visibleLocalIdOf(ctx, String(input.volunteerId), 'Volunteer', [
      'input',
      'volunteerId',
    ]);
    const revealed = await ctx.volunteers.revealVolunteerIdentifiers({
      volunteerId,
      fields: input.fields,
      purpose: input.purpose as never,
      purposeNote: input.purposeNote ?? null,
    });
    return { ...revealed, districtCode: ctx.district.districtCode };
  },
});
