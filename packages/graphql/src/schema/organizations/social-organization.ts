import {
  currentGradeQuery,
  gradeNames,
  type OrganizationVisibilityColumns,
  organizationCondition,
  socialOrganizations,
  todayInChina,
  visibleOrganizations,
} from '@sanshe/core';
import { and, sql } from 'drizzle-orm';
import { builder } from '../../builder.js';
import { codeNameSQL, compiledPlannedRelation, compiledValue } from '../../compiled-reads/compiled-value.js';
import type { DistrictContext } from '../../context.js';
import { defineMutation } from '../../mutation-field.js';
import { auditTrailField } from '../audit-trail.js';
import { filterTargetsDistrict } from '../hierarchy/unit-fields.js';
import { visibleLocalIdOf } from '../local-id.js';
import { assertOwnDistrict, byInputDivisionCode, byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { rootListExtensions } from '../root-list.js';
import { postListQuery } from '../social-workers/post-list-query.js';
import { hubMembershipsVisibleTo } from '../visibility.js';
import {
  LegalFormEnum,
  LegalStatusEnum,
  OrganizationCategoryEnum,
  OrganizationStatusEnum,
  ServiceDomainEnum,
} from './organization-enums.js';
import {
  OrganizationFilterInput,
  OrganizationOrderEnum,
  toOrganizationFilter,
} from './organization-filter-input.js';

/** The relational-query options of an organization list: its filter and its order. */
export function organizationListQuery(
  ctx: DistrictContext,
  filter: Parameters<typeof toOrganizationFilter>[0],
  orderBy: string | null | undefined,
) {
  const { districtCode } = ctx.district;
  const parsed = toOrganizationFilter(filter);
  const today = todayInChina();
  return {
    where: {
      RAW: (table: Parameters<typeof organizationCondition>[0] & OrganizationVisibilityColumns) =>
        and(
          organizationCondition(table, districtCode, parsed, today),
          visibleOrganizations(ctx.actor, districtCode, table),
        )!,
    },
    orderBy:
      orderBy === 'registeredOn'
        ? ({ registeredOn: 'asc', id: 'asc' } as const)
        : ({ name: 'asc', id: 'asc' } as const),
  };
}

/** `gradeNames` by grade (1 → 1A), as the compiled `gradeName` reads it. */
const gradeNameOfGrade = Object.fromEntries(gradeNames.map((name, index) => [String(index + 1), name]));

const OrganizationGradeRef = builder.drizzleObject('organizationGrades', {
  name: 'OrganizationGrade',
  description: 'An evaluation grade (社会组织评估等级), valid five years from its award.',
  fields: (t) => ({
    grade: t.exposeInt('grade', { description: '1 to 5.' }),
    gradeName: t.string({
      description: '1A to 5A.',
      resolve: (row) => gradeNames[row.grade - 1] ?? `${row.grade}A`,
      extensions: compiledValue((row) =>
        codeNameSQL(row.grade, gradeNameOfGrade, sql`${row.grade}::text || 'A'`),
      ),
    }),
    score: t.exposeInt('score'),
    awardedOn: t.expose('awardedOn', { type: 'Date' }),
    validUntil: t.expose('validUntil', { type: 'Date', description: 'The last day the grade is valid.' }),
    cutoffsSource: t.exposeString('cutoffsSource', { description: 'The policy the score was graded under.' }),
    revokedOn: t.expose('revokedOn', { type: 'Date', nullable: true }),
  }),
});

const SocialOrganizationRef = builder.drizzleNode('socialOrganizations', {
  name: 'SocialOrganization',
  description:
    '社会组织: a registered organization (登记, with a USCC) or a filed community group (备案), docs/domain.md §3.',
  id: { column: (row) => [row.districtCode, row.id] },
  // Only the key by default: each field below brings the columns it reads, so a page of
  // organizations carries what the query asks for, not every column (bench/README.md).
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders organizations across the city (district code and local number).',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    name: t.exposeString('name'),
    legalStatus: t.field({
      type: LegalStatusEnum,
      select: { columns: { legalStatus: true } },
      resolve: (row) => row.legalStatus as 'registered',
    }),
    legalForm: t.field({
      type: LegalFormEnum,
      nullable: true,
      select: { columns: { legalForm: true } },
      resolve: (row) => row.legalForm as 'foundation' | null,
    }),
    uscc: t.exposeString('uscc', {
      nullable: true,
      description: '统一社会信用代码; null for a filed group.',
    }),
    usccCheckOverridden: t.boolean({
      description: 'True when a legacy USCC with a bad check character was accepted by an audited override.',
      select: { columns: { usccOverrideReason: true } },
      resolve: (row) => row.usccOverrideReason !== null,
      extensions: compiledValue((row) => sql`${row.usccOverrideReason} is not null`),
    }),
    category: t.field({
      type: OrganizationCategoryEnum,
      select: { columns: { category: true } },
      resolve: (row) => row.category as 'other',
    }),
    serviceDomains: t.field({
      type: [ServiceDomainEnum],
      select: { columns: { serviceDomains: true } },
      resolve: (row) => row.serviceDomains as 'elderly'[],
    }),
    guidingUnitCode: t.exposeString('guidingUnitCode', {
      nullable: true,
      description: 'For a filed group: the subdistrict or community that guides it.',
    }),
    registeredOn: t.expose('registeredOn', {
      type: 'Date',
      description: 'The day of registration or filing.',
    }),
    status: t.field({
      type: OrganizationStatusEnum,
      select: { columns: { status: true } },
      resolve: (row) => row.status as 'active',
    }),
    deregisteredOn: t.expose('deregisteredOn', { type: 'Date', nullable: true }),
    version: t.exposeInt('version'),
    community: t.relation('community', {
      nullable: true,
      description: 'The community the organization is rooted in (社区社会组织); null when district-wide.',
    }),
    servedCommunities: t.relatedConnection('servedCommunities', {
      description: 'The communities the organization serves.',
      query: { orderBy: { code: 'asc' } },
      totalCount: true,
    }),
    statusHistory: t.relation('statusChanges', {
      description: 'Registered, filed, changed, penalised, deregistered: oldest first.',
      query: { orderBy: { occurredOn: 'asc', id: 'asc' } },
    }),
    creditRecords: t.relation('creditRecords', {
      query: { orderBy: { occurredOn: 'desc', id: 'desc' } },
    }),
    listEntries: t.relation('listEntries', {
      description: 'Stays on the abnormal-activity and dishonesty lists, newest first.',
      query: { orderBy: { listedOn: 'desc', id: 'desc' } },
    }),
    creditProcedures: t.relation('creditProcedures', { query: { orderBy: { filedOn: 'desc', id: 'desc' } } }),
    grades: t.relation('grades', {
      description: 'Every grade awarded, newest first.',
      query: { orderBy: { awardedOn: 'desc', id: 'desc' } },
    }),
    currentGrade: t.field({
      type: OrganizationGradeRef,
      nullable: true,
      description: 'The grade valid on the day (default today), if any.',
      args: { on: t.arg({ type: 'Date' }) },
      // Core's rule, so the gateway and an embedding caller agree on which grade is in force: the
      // first grade of its query, in the page's statement on either path.
      select: (args, _ctx, nestedSelection) => ({
        with: { grades: nestedSelection(currentGradeQuery(args.on ?? todayInChina())) },
      }),
      resolve: (row) => row.grades[0] ?? null,
      extensions: compiledPlannedRelation(),
    }),
    disclosures: t.relation('disclosures', {
      description: 'What the organization publishes (四公开), newest first; withdrawn ones included.',
      query: { orderBy: { publishedOn: 'desc', id: 'desc' } },
    }),
    auditTrail: auditTrailField(t, 'social_organization'),
    members: t.relatedConnection('memberships', {
      description: 'For a hub: the organizations it incubates or leads.',
      query: (_args, ctx) => ({
        where: hubMembershipsVisibleTo(ctx),
        orderBy: { joinedOn: 'asc', id: 'asc' },
      }),
      totalCount: true,
    }),
    hubs: t.relation('hubMemberships', {
      description: 'The hubs the organization belongs to.',
      query: (_args, ctx) => ({
        where: hubMembershipsVisibleTo(ctx),
        orderBy: { joinedOn: 'asc', id: 'asc' },
      }),
    }),
    posts: t.relatedConnection('posts', {
      description: 'Social workers’ posts with the organization (current and past).',
      args: { current: t.arg.boolean({ description: 'Only posts in force today.' }) },
      query: (args, ctx) => postListQuery(ctx, args.current),
      totalCount: true,
    }),
  }),
});

builder.queryFields((t) => ({
  socialOrganizations: t.drizzleConnection(
    {
      type: 'socialOrganizations',
      description: 'Social organizations across the districts served.',
      args: {
        filter: t.arg({ type: OrganizationFilterInput }),
        orderBy: t.arg({ type: OrganizationOrderEnum, defaultValue: 'name' }),
      },
      extensions: rootListExtensions(
        { name: ['name', 'sortKey'], registeredOn: ['registeredOn', 'sortKey'] },
        {
          table: 'socialOrganizations',
          query: (args, ctx) =>
            filterTargetsDistrict(args.filter, ctx.district.districtCode)
              ? organizationListQuery(ctx, args.filter, args.orderBy)
              : undefined,
        },
      ),
      totalCount: (_parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        if (!filterTargetsDistrict(args.filter, districtCode)) return 0;
        const parsed = toOrganizationFilter(args.filter);
        return db.$count(
          socialOrganizations,
          and(
            organizationCondition(socialOrganizations, districtCode, parsed),
            visibleOrganizations(ctx.actor, districtCode, socialOrganizations),
          ),
        );
      },
      resolve: (query, _parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        const options = organizationListQuery(ctx, args.filter, args.orderBy);
        if (!filterTargetsDistrict(args.filter, districtCode)) return [];
        return db.query.socialOrganizations.findMany(query(options));
      },
    },
    { name: 'SocialOrganizationConnection' },
    { name: 'SocialOrganizationEdge' },
  ),
}));

const RegisterOrganizationInput = builder.inputType('RegisterOrganizationInput', {
  description: 'A registered organization (登记): a legal person with a unified social credit code.',
  fields: (t) => ({
    districtCode: t.string({
      required: true,
      description: 'The district whose civil-affairs bureau keeps the record.',
    }),
    name: t.string({ required: true }),
    legalForm: t.field({ type: LegalFormEnum, required: true }),
    uscc: t.string({ required: true, description: '统一社会信用代码 (GB 32100-2015), checked strictly.' }),
    usccOverrideReason: t.string({
      description: 'Accept a legacy code whose only fault is its check character; the reason is audited.',
    }),
    category: t.field({ type: OrganizationCategoryEnum, required: true }),
    serviceDomains: t.field({ type: [ServiceDomainEnum] }),
    communityCode: t.string({ description: 'The community it is rooted in (12 digits), if any.' }),
    servedCommunityCodes: t.stringList({ description: 'Communities it serves (its own is added).' }),
    registeredOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const FileCommunityGroupInput = builder.inputType('FileCommunityGroupInput', {
  description:
    'A filed community group (备案): no legal personality and no USCC; guided by a subdistrict or community.',
  fields: (t) => ({
    guidingUnitCode: t.string({
      required: true,
      description: 'The guiding subdistrict (9) or community (12) code.',
    }),
    name: t.string({ required: true }),
    category: t.field({ type: OrganizationCategoryEnum, required: true }),
    serviceDomains: t.field({ type: [ServiceDomainEnum] }),
    communityCode: t.string({
      description: 'The community it is rooted in; defaults to a guiding community.',
    }),
    servedCommunityCodes: t.stringList(),
    filedOn: t.field({ type: 'Date' }),
    uscc: t.string({ description: 'Must be empty: a filed group has no USCC (USCC_NOT_ALLOWED).' }),
  }),
});

const ChangeOrganizationInput = builder.inputType('ChangeOrganizationInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ description: 'Refuse with VERSION_CONFLICT if the record changed since.' }),
    name: t.string(),
    category: t.field({ type: OrganizationCategoryEnum }),
    serviceDomains: t.field({ type: [ServiceDomainEnum] }),
    communityCode: t.string(),
    servedCommunityCodes: t.stringList(),
    changedOn: t.field({ type: 'Date' }),
  }),
});

const DeregisterOrganizationInput = builder.inputType('DeregisterOrganizationInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int(),
    deregisteredOn: t.field({ type: 'Date', required: true }),
    reason: t.string({ required: true }),
  }),
});

const GradeOrganizationInput = builder.inputType('GradeOrganizationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    score: t.int({ required: true, description: 'The evaluation score, 0 to 1000.' }),
    awardedOn: t.field({ type: 'Date' }),
  }),
});

const orgId = (id: string | number, ctx: DistrictContext, field = 'id') =>
  visibleLocalIdOf(ctx, String(id), 'SocialOrganization', ['input', field]);

defineMutation('registerOrganization', {
  type: SocialOrganizationRef,
  description: 'Register a social organization (登记).',
  input: RegisterOrganizationInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    const { districtCode: _district, ...rest } = input;
    return ctx.organizations.registerOrganization(definedOnly(rest));
  },
});

defineMutation('fileCommunityGroup', {
  type: SocialOrganizationRef,
  description: 'File a community group (备案).',
  input: FileCommunityGroupInput,
  route: byInputDivisionCode('guidingUnitCode'),
  resolve: (input, ctx) => ctx.organizations.fileCommunityGroup(definedOnly(input) as never),
});

defineMutation('changeOrganization', {
  type: SocialOrganizationRef,
  description: 'Change an organization’s name, category, domains or communities; recorded in its history.',
  input: ChangeOrganizationInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.organizations.changeOrganization({ ...definedOnly(input), id: await orgId(input.id, ctx) }),
});

defineMutation('deregisterOrganization', {
  type: SocialOrganizationRef,
  description: 'Deregister (注销) an organization; its hub memberships end the same day.',
  input: DeregisterOrganizationInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.organizations.deregisterOrganization({ ...definedOnly(input), id: await orgId(input.id, ctx) }),
});

defineMutation('gradeOrganization', {
  type: OrganizationGradeRef,
  description:
    'Award an evaluation grade from a score, under the cut-offs in force; refused when the organization is not eligible.',
  input: GradeOrganizationInput,
  route: byInputGlobalId('organizationId'),
  resolve: async (input, ctx) =>
    ctx.credit.gradeOrganization({
      ...definedOnly(input),
      organizationId: await orgId(input.organizationId, ctx, 'organizationId'),
    }),
});
