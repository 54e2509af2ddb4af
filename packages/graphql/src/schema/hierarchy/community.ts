import { builder } from '../../builder.js';
import { defineMutation } from '../../mutation-field.js';
import {
  OrganizationFilterInput,
  OrganizationOrderEnum,
} from '../organizations/organization-filter-input.js';
import { organizationListQuery } from '../organizations/social-organization.js';
import { postListQuery } from '../social-workers/post-list-query.js';
import { organizationsVisibleTo } from '../visibility.js';
import { unitListQuery } from './unit-fields.js';
import { CommunityKindEnum, UnitFilterInput, UnitOrderEnum } from './unit-inputs.js';
import { byInputCode, defineUnitEdits } from './unit-mutations.js';

const CommunityRef = builder.drizzleNode('communities', {
  name: 'Community',
  description: '社区 (居委会) / 村 (村委会): the platform of 三社联动.',
  id: { column: (unit) => [unit.districtCode, unit.id] },
  // Only the key by default: each field brings the columns it reads (see SocialOrganization).
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    code: t.exposeString('code', { description: '12-digit statistical division code.' }),
    name: t.exposeString('name'),
    kind: t.field({
      type: CommunityKindEnum,
      select: { columns: { kind: true } },
      resolve: (unit) => unit.kind as 'community',
    }),
    districtCode: t.exposeString('districtCode'),
    urbanRuralClass: t.exposeString('urbanRuralClass', {
      nullable: true,
      description: '城乡分类代码: 111 main urban … 220 village.',
    }),
    residentPopulation: t.exposeInt('residentPopulation', { nullable: true }),
    households: t.exposeInt('households', { nullable: true }),
    areaKm2: t.exposeFloat('areaKm2', { nullable: true }),
    effectiveFrom: t.expose('effectiveFrom', { type: 'Date' }),
    retiredOn: t.expose('retiredOn', { type: 'Date', nullable: true }),
    version: t.exposeInt('version'),
    subdistrict: t.relation('subdistrict'),
    successor: t.relation('successor', { nullable: true }),
    grids: t.relatedConnection('grids', {
      description: 'The grids (网格) the community is divided into.',
      args: {
        filter: t.arg({ type: UnitFilterInput }),
        orderBy: t.arg({ type: UnitOrderEnum, defaultValue: 'code' }),
      },
      query: (args, ctx) => unitListQuery(ctx.district.districtCode, args.filter, args.orderBy),
      totalCount: true,
    }),
    socialOrganizations: t.relatedConnection('baseOrganizations', {
      description: 'Social organizations rooted in the community (社区社会组织).',
      args: {
        filter: t.arg({ type: OrganizationFilterInput }),
        orderBy: t.arg({ type: OrganizationOrderEnum, defaultValue: 'name' }),
      },
      query: (args, ctx) => organizationListQuery(ctx, args.filter, args.orderBy),
      totalCount: true,
    }),
    servingOrganizations: t.relatedConnection('servingOrganizations', {
      description: 'Every organization that serves the community, wherever it is rooted.',
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx), orderBy: { name: 'asc', id: 'asc' } }),
      totalCount: true,
    }),
    socialWorkerPosts: t.relatedConnection('posts', {
      description: 'Posts social workers hold with the community itself (社区工作者).',
      args: { current: t.arg.boolean({ description: 'Only posts in force today.' }) },
      query: (args, ctx) => postListQuery(ctx, args.current),
      totalCount: true,
    }),
  }),
});

const CreateCommunityInput = builder.inputType('CreateCommunityInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: '12 digits: the subdistrict code + 001–399.' }),
    name: t.string({ required: true }),
    effectiveFrom: t.field({ type: 'Date' }),
    urbanRuralClass: t.string({ description: '111, 112, 121, 122, 123, 210 or 220.' }),
    residentPopulation: t.int(),
    households: t.int(),
    areaKm2: t.float(),
  }),
});

defineMutation('createCommunity', {
  type: CommunityRef,
  description: 'Record a new community or village under an existing subdistrict.',
  input: CreateCommunityInput,
  route: byInputCode,
  resolve: (input, ctx) =>
    ctx.hierarchy.createCommunity({
      code: input.code,
      name: input.name,
      ...(input.effectiveFrom ? { effectiveFrom: input.effectiveFrom } : {}),
      urbanRuralClass: input.urbanRuralClass ?? null,
      residentPopulation: input.residentPopulation ?? null,
      households: input.households ?? null,
      areaKm2: input.areaKm2 ?? null,
    }),
});

defineUnitEdits('community', CommunityRef);
