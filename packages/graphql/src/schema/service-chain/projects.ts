import {
  parseProjectFilter,
  projectCondition,
  SansheError,
  serviceProjects,
  visibleProjects,
} from '@sanshe/core';
import { and } from 'drizzle-orm';
import { builder } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import type { DistrictContext } from '../../context.js';
import { defineMutation } from '../../mutation-field.js';
import { auditTrailField } from '../audit-trail.js';
import { localIdOf, visibleLocalIdOf } from '../local-id.js';
import { assertOwnDistrict, byInputDivisionCode, byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { ServiceDomainEnum } from '../organizations/organization-enums.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { rootListExtensions } from '../root-list.js';
import { needsVisibleTo, withProjectVisibleTo } from '../visibility.js';
import {
  BudgetLineCategoryEnum,
  IndicatorKindEnum,
  ProjectMethodEnum,
  ProjectStatusEnum,
} from './chain-enums.js';

/**
 * Service projects (服务项目, docs/domain.md §6.2): designed from needs by a community, a
 * subdistrict or the district, with budget lines in fen, output and outcome indicators, the needs
 * answered and the communities served; approved, then bought (purchases.ts), closed or cancelled.
 */

builder.drizzleObject('projectBudgetLines', {
  name: 'ProjectBudgetLine',
  description: 'One numbered line of a project’s budget.',
  fields: (t) => ({
    lineNumber: t.exposeInt('lineNumber'),
    category: t.field({
      type: BudgetLineCategoryEnum,
      resolve: (row) => row.category as 'personnel',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.category),
    }),
    description: t.exposeString('description'),
    amountFen: t.expose('amountFen', { type: 'Fen' }),
  }),
});

const ProjectIndicatorRef = builder.drizzleNode('projectIndicators', {
  name: 'ProjectIndicator',
  description:
    'An output (产出) or outcome (效果) indicator with its target and, at evaluation, the value achieved.',
  id: { column: (row) => [row.districtCode, row.id] },
  fields: (t) => ({
    kind: t.field({
      type: IndicatorKindEnum,
      resolve: (row) => row.kind as 'output',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.kind),
    }),
    description: t.exposeString('description'),
    unit: t.exposeString('unit'),
    target: t.exposeFloat('target'),
    achieved: t.exposeFloat('achieved', { nullable: true }),
    version: t.exposeInt('version'),
  }),
});

const ServiceProjectRef = builder.drizzleNode('serviceProjects', {
  name: 'ServiceProject',
  description:
    'A service project (服务项目): what it sets out to do, for whom, with what budget, answering which needs.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders projects across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    name: t.exposeString('name'),
    unitCode: t.exposeString('unitCode', { description: 'The unit that designs it and answers for it.' }),
    serviceDomain: t.field({
      type: ServiceDomainEnum,
      select: { columns: { serviceDomain: true } },
      resolve: (row) => row.serviceDomain as 'elderly',
    }),
    goals: t.exposeString('goals'),
    methods: t.field({
      type: [ProjectMethodEnum],
      select: { columns: { methods: true } },
      resolve: (row) => row.methods as 'casework'[],
    }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', description: 'The last day of service.' }),
    budgetFen: t.expose('budgetFen', { type: 'Fen', description: 'The budget: the sum of its lines.' }),
    status: t.field({
      type: ProjectStatusEnum,
      select: { columns: { status: true } },
      resolve: (row) => row.status as 'draft',
    }),
    approvedOn: t.expose('approvedOn', { type: 'Date', nullable: true }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true, description: 'Closed or cancelled on.' }),
    version: t.exposeInt('version'),
    budgetLines: t.relation('budgetLines', { query: { orderBy: { lineNumber: 'asc' } } }),
    indicators: t.relation('indicators', { query: { orderBy: { id: 'asc' } } }),
    needs: t.relation('needs', {
      description: 'The needs it answers (those the caller may see).',
      query: (_args, ctx) => ({ where: needsVisibleTo(ctx), orderBy: { collectedOn: 'asc', id: 'asc' } }),
    }),
    communities: t.relation('communities', { query: { orderBy: { code: 'asc' } } }),
    purchases: t.relation('purchases', {
      description: 'Its purchases: the live one, and any cancelled before it.',
      query: (_args, ctx) => ({ where: withProjectVisibleTo(ctx), orderBy: { plannedOn: 'asc', id: 'asc' } }),
    }),
    earmarks: t.relation('earmarks', {
      description: 'The funding earmarked for it, by source.',
      query: { orderBy: { earmarkedOn: 'asc', id: 'asc' } },
    }),
    auditTrail: auditTrailField(t, 'service_project'),
  }),
});

const ProjectFilterInput = builder.inputType('ServiceProjectFilter', {
  description: 'Narrows a list of service projects. Every field is optional.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    unitCode: t.string({ description: 'Designed by this unit or one within it (9 or 12 digits).' }),
    communityId: t.id({ description: 'Serving this community.' }),
    status: t.field({ type: ProjectStatusEnum }),
    serviceDomain: t.field({ type: ServiceDomainEnum }),
    nameContains: t.string(),
  }),
});

type ProjectFilterArgs =
  | {
      districtCode?: string | null;
      unitCode?: string | null;
      communityId?: string | number | null;
      status?: string | null;
      serviceDomain?: string | null;
      nameContains?: string | null;
    }
  | null
  | undefined;

function projectFilterFor(args: ProjectFilterArgs, ctx: DistrictContext) {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  if (args?.unitCode != null && args.unitCode.slice(0, 6) !== districtCode) return null;
  if (!args) return {};
  const parsed = parseProjectFilter({
    unitCode: args.unitCode ?? null,
    communityId:
      args.communityId == null
        ? null
        : localIdOf(String(args.communityId), 'Community', districtCode, ['filter', 'communityId']),
    status: args.status ?? null,
    serviceDomain: args.serviceDomain ?? null,
    nameContains: args.nameContains ?? null,
  });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  return parsed.data;
}

/** The relational query of the list; undefined when the filter names nothing in this district. */
function projectListQuery(args: { filter?: Parameters<typeof projectFilterFor>[0] }, ctx: DistrictContext) {
  const filter = projectFilterFor(args.filter, ctx);
  if (!filter) return undefined;
  const { districtCode } = ctx.district;
  return {
    where: {
      RAW: (table: typeof serviceProjects) =>
        and(projectCondition(table, districtCode, filter), visibleProjects(ctx.actor, districtCode, table))!,
    },
    orderBy: { startsOn: 'asc', id: 'asc' } as const,
  };
}

builder.queryFields((t) => ({
  serviceProjects: t.drizzleConnection(
    {
      type: 'serviceProjects',
      description: 'Service projects across the districts served, by first day of service.',
      args: { filter: t.arg({ type: ProjectFilterInput }) },
      extensions: rootListExtensions(
        { startsOn: ['startsOn', 'sortKey'] },
        { table: 'serviceProjects', query: projectListQuery },
      ),
      totalCount: (_parent, args, ctx) => {
        const filter = projectFilterFor(args.filter, ctx);
        if (!filter) return 0;
        const { districtCode, db } = ctx.district;
        return db.$count(
          serviceProjects,
          and(
            projectCondition(serviceProjects, districtCode, filter),
            visibleProjects(ctx.actor, districtCode, serviceProjects),
          ),
        );
      },
      resolve: (query, _parent, args, ctx) => {
        const options = projectListQuery(args, ctx);
        return options ? ctx.district.db.query.serviceProjects.findMany(query(options)) : [];
      },
    },
    { name: 'ServiceProjectConnection' },
    { name: 'ServiceProjectEdge' },
  ),
}));

const BudgetLineInput = builder.inputType('ProjectBudgetLineInput', {
  fields: (t) => ({
    category: t.field({ type: BudgetLineCategoryEnum, required: true }),
    description: t.string({ required: true, description: 'Published: what the line pays for.' }),
    amountFen: t.field({ type: 'Fen', required: true }),
  }),
});

const IndicatorInput = builder.inputType('ProjectIndicatorInput', {
  fields: (t) => ({
    kind: t.field({ type: IndicatorKindEnum, required: true }),
    description: t.string({ required: true }),
    unit: t.string({ required: true, description: '场次, 人次, %, …' }),
    target: t.float({ required: true }),
  }),
});

const DesignProjectInput = builder.inputType('DesignProjectInput', {
  description: 'A draft project; its budget is the sum of its lines.',
  fields: (t) => ({
    unitCode: t.string({
      required: true,
      description: 'The designing unit: district (6), subdistrict (9) or community (12).',
    }),
    name: t.string({ required: true }),
    serviceDomain: t.field({ type: ServiceDomainEnum, required: true }),
    goals: t.string({ required: true }),
    methods: t.field({ type: [ProjectMethodEnum], required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true, description: 'The last day of service.' }),
    budgetLines: t.field({ type: [BudgetLineInput], required: true }),
    indicators: t.field({ type: [IndicatorInput], required: true }),
    needIds: t.idList({
      required: true,
      description: 'The needs it answers: of communities it serves, open or answered.',
    }),
    communityIds: t.idList({ required: true, description: 'The communities it serves, within the unit.' }),
  }),
});

const ChangeProjectDraftInput = builder.inputType('ChangeProjectDraftInput', {
  description: 'Each field given replaces what the draft holds (lists whole).',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int(),
    name: t.string(),
    serviceDomain: t.field({ type: ServiceDomainEnum }),
    goals: t.string(),
    methods: t.field({ type: [ProjectMethodEnum] }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date' }),
    budgetLines: t.field({ type: [BudgetLineInput] }),
    indicators: t.field({ type: [IndicatorInput] }),
    needIds: t.idList(),
    communityIds: t.idList(),
  }),
});

const ProjectDecisionInput = builder.inputType('ProjectDecisionInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    on: t.field({ type: 'Date', description: 'Default today; never after it.' }),
    expectedVersion: t.int(),
  }),
});

const CancelProjectInput = builder.inputType('CancelProjectInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    reason: t.string({ required: true }),
    on: t.field({ type: 'Date', description: 'Default today; never after it.' }),
    expectedVersion: t.int(),
  }),
});

const RecordIndicatorAchievedInput = builder.inputType('RecordIndicatorAchievedInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The ProjectIndicator.' }),
    achieved: t.float({ required: true }),
    expectedVersion: t.int(),
  }),
});

const LinkNeedInput = builder.inputType('LinkProjectNeedInput', {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    needId: t.id({ required: true }),
    linkedOn: t.field({ type: 'Date' }),
    expectedVersion: t.int({ description: 'The project’s version.' }),
  }),
});

const projectIdOf = (ctx: DistrictContext, id: string | number, field = 'id') =>
  visibleLocalIdOf(ctx, String(id), 'ServiceProject', ['input', field]);

async function needIdsOf(ctx: DistrictContext, ids: readonly (string | number)[]) {
  const local: number[] = [];
  for (const [index, id] of ids.entries()) {
    local.push(await visibleLocalIdOf(ctx, String(id), 'Need', ['input', 'needIds', index]));
  }
  return local;
}

function communityIdsOf(ctx: DistrictContext, ids: readonly (string | number)[]) {
  return ids.map((id, index) =>
    localIdOf(String(id), 'Community', ctx.district.districtCode, ['input', 'communityIds', index]),
  );
}

defineMutation('designProject', {
  type: ServiceProjectRef,
  description: 'Design a service project as a draft, from the needs it answers.',
  input: DesignProjectInput,
  route: byInputDivisionCode('unitCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.unitCode.slice(0, 6), ctx);
    return ctx.projects.designProject({
      ...input,
      needIds: await needIdsOf(ctx, input.needIds),
      communityIds: communityIdsOf(ctx, input.communityIds),
    });
  },
});

defineMutation('changeProjectDraft', {
  inputNames: { projectId: 'id' },
  type: ServiceProjectRef,
  description: 'Revise a draft project.',
  input: ChangeProjectDraftInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) => {
    const { id, needIds, communityIds, ...rest } = definedOnly(input);
    return ctx.projects.changeProjectDraft({
      ...rest,
      projectId: await projectIdOf(ctx, id),
      ...(needIds === undefined ? {} : { needIds: await needIdsOf(ctx, needIds) }),
      ...(communityIds === undefined ? {} : { communityIds: communityIdsOf(ctx, communityIds) }),
    });
  },
});

defineMutation('approveProject', {
  inputNames: { projectId: 'id', approvedOn: 'on' },
  type: ServiceProjectRef,
  description: 'Approve a draft: its budget lines sum to its budget, with at least one indicator.',
  input: ProjectDecisionInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.projects.approveProject({
      projectId: await projectIdOf(ctx, input.id),
      approvedOn: input.on ?? null,
      expectedVersion: input.expectedVersion ?? null,
    }),
});

defineMutation('closeProject', {
  inputNames: { projectId: 'id', closedOn: 'on' },
  type: ServiceProjectRef,
  description: 'Close an approved project once its service is over.',
  input: ProjectDecisionInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.projects.closeProject({
      projectId: await projectIdOf(ctx, input.id),
      closedOn: input.on ?? null,
      expectedVersion: input.expectedVersion ?? null,
    }),
});

defineMutation('cancelProject', {
  inputNames: { projectId: 'id', cancelledOn: 'on' },
  type: ServiceProjectRef,
  description: 'Cancel a project no contract has been signed for, with the reason.',
  input: CancelProjectInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.projects.cancelProject({
      projectId: await projectIdOf(ctx, input.id),
      reason: input.reason,
      cancelledOn: input.on ?? null,
      expectedVersion: input.expectedVersion ?? null,
    }),
});

defineMutation('recordIndicatorAchieved', {
  inputNames: { indicatorId: 'id' },
  type: ProjectIndicatorRef,
  description: 'Record the value an approved project’s indicator achieved.',
  input: RecordIndicatorAchievedInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) => {
    return ctx.projects.recordIndicatorAchieved({
      indicatorId: await visibleLocalIdOf(ctx, String(input.id), 'ProjectIndicator', ['input', 'id']),
      achieved: input.achieved,
      expectedVersion: input.expectedVersion ?? null,
    });
  },
});

defineMutation('linkProjectNeed', {
  type: ServiceProjectRef,
  description: 'Link a project to a further need it answers (of a community it serves).',
  input: LinkNeedInput,
  route: byInputGlobalId('projectId'),
  resolve: async (input, ctx) => {
    const projectId = await projectIdOf(ctx, input.projectId, 'projectId');
    await ctx.projects.linkNeed({
      projectId,
      needId: await visibleLocalIdOf(ctx, String(input.needId), 'Need', ['input', 'needId']),
      linkedOn: input.linkedOn ?? null,
      expectedVersion: input.expectedVersion ?? null,
    });
    return { districtCode: ctx.district.districtCode, id: projectId } as never;
  },
});
