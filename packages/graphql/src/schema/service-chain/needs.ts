import { needCondition, needs, parseNeedFilter, SansheError, visibleNeeds } from '@sanshe/core';
import { and } from 'drizzle-orm';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { defineMutation } from '../../mutation-field.js';
import { auditTrailField } from '../audit-trail.js';
import { localIdOf, optionalLocalIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { ServiceDomainEnum } from '../organizations/organization-enums.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { rootListExtensions } from '../root-list.js';
import { needsVisibleTo, projectsVisibleTo } from '../visibility.js';
import { NeedOutcomeEnum, NeedSourceEnum, NeedStatusEnum, NeedUrgencyEnum } from './chain-enums.js';

/**
 * The needs list (需求清单, docs/domain.md §6.1): what a community's residents need, where it was
 * heard, and the projects that answer it. Needs name no resident: they are published with the
 * projects that answer them.
 */

const NeedRef = builder.drizzleNode('needs', {
  name: 'Need',
  description: 'A need of a community’s residents (需求清单), traceable to the projects that answer it.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders needs across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    community: t.relation('community'),
    grid: t.relation('grid', { nullable: true, description: 'The grid it was heard in, for a grid visit.' }),
    source: t.field({
      type: NeedSourceEnum,
      select: { columns: { source: true } },
      resolve: (row) => row.source as 'survey',
    }),
    category: t.field({
      type: ServiceDomainEnum,
      select: { columns: { category: true } },
      resolve: (row) => row.category as 'elderly',
    }),
    urgency: t.field({
      type: NeedUrgencyEnum,
      select: { columns: { urgency: true } },
      resolve: (row) => row.urgency as 'low',
    }),
    residentsAffected: t.exposeInt('residentsAffected'),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    collectedOn: t.expose('collectedOn', { type: 'Date' }),
    status: t.field({
      type: NeedStatusEnum,
      select: { columns: { status: true } },
      resolve: (row) => row.status as 'open',
    }),
    mergedInto: t.relation('mergedInto', {
      nullable: true,
      description: 'For a merged duplicate: the need it repeats.',
      query: (_args, ctx) => ({ where: needsVisibleTo(ctx) }),
    }),
    mergeReason: t.exposeString('mergeReason', { nullable: true }),
    closedOn: t.expose('closedOn', {
      type: 'Date',
      nullable: true,
      description: 'The day it was met, merged or withdrawn.',
    }),
    version: t.exposeInt('version'),
    projects: t.relation('projects', {
      description: 'The projects that answer it (those the caller may see).',
      query: (_args, ctx) => ({ where: projectsVisibleTo(ctx), orderBy: { startsOn: 'asc', id: 'asc' } }),
    }),
    auditTrail: auditTrailField(t, 'need'),
  }),
});

const NeedFilterInput = builder.inputType('NeedFilter', {
  description: 'Narrows a list of needs. Every field is optional.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    parentCode: t.string({
      description: 'Of communities under this subdistrict (9) or this community (12).',
    }),
    status: t.field({ type: NeedStatusEnum }),
    source: t.field({ type: NeedSourceEnum }),
    category: t.field({ type: ServiceDomainEnum }),
    urgency: t.field({ type: NeedUrgencyEnum }),
    collectedFrom: t.field({ type: 'Date', description: 'Collected on or after this day.' }),
    collectedUntil: t.field({ type: 'Date', description: 'Collected on or before this day.' }),
  }),
});

type NeedFilterArgs =
  | {
      districtCode?: string | null;
      parentCode?: string | null;
      status?: string | null;
      source?: string | null;
      category?: string | null;
      urgency?: string | null;
      collectedFrom?: string | null;
      collectedUntil?: string | null;
    }
  | null
  | undefined;

/** The filter parsed by core (typed errors at `filter.<field>`), or null when it names another district. */
function needFilterFor(args: NeedFilterArgs, ctx: DistrictContext) {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  if (args?.parentCode != null && args.parentCode.slice(0, 6) !== districtCode) return null;
  const { districtCode: _district, ...fields } = args ?? {};
  const parsed = parseNeedFilter(args ? fields : null);
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  return parsed.data;
}

/** The relational query of the list; undefined when the filter names nothing in this district. */
function needListQuery(args: { filter?: Parameters<typeof needFilterFor>[0] }, ctx: DistrictContext) {
  const filter = needFilterFor(args.filter, ctx);
  if (!filter) return undefined;
  const { districtCode } = ctx.district;
  return {
    where: {
      RAW: (table: typeof needs) =>
        and(needCondition(table, districtCode, filter), visibleNeeds(ctx.actor, districtCode, table))!,
    },
    orderBy: { collectedOn: 'asc', id: 'asc' } as const,
  };
}

builder.queryFields((t) => ({
  needs: t.drizzleConnection(
    {
      type: 'needs',
      description: 'Needs of the communities across the districts served, oldest first.',
      args: { filter: t.arg({ type: NeedFilterInput }) },
      extensions: rootListExtensions(
        { collectedOn: ['collectedOn', 'sortKey'] },
        { table: 'needs', query: needListQuery },
      ),
      totalCount: (_parent, args, ctx) => {
        const filter = needFilterFor(args.filter, ctx);
        if (!filter) return 0;
        const { districtCode, db } = ctx.district;
        return db.$count(
          needs,
          and(needCondition(needs, districtCode, filter), visibleNeeds(ctx.actor, districtCode, needs)),
        );
      },
      resolve: (query, _parent, args, ctx) => {
        const options = needListQuery(args, ctx);
        return options ? ctx.district.db.query.needs.findMany(query(options)) : [];
      },
    },
    { name: 'NeedConnection' },
    { name: 'NeedEdge' },
  ),
}));

const RecordNeedInput = builder.inputType('RecordNeedInput', {
  fields: (t) => ({
    communityId: t.id({ required: true, description: 'The community whose residents need it.' }),
    gridId: t.id({ description: 'The grid it was heard in (a grid visit): a grid of the community.' }),
    source: t.field({ type: NeedSourceEnum, required: true }),
    category: t.field({ type: ServiceDomainEnum, required: true }),
    urgency: t.field({ type: NeedUrgencyEnum, required: true }),
    residentsAffected: t.int({ required: true }),
    title: t.string({ required: true, description: 'Published: names no resident.' }),
    description: t.string({ required: true, description: 'Published: names no resident.' }),
    collectedOn: t.field({ type: 'Date', description: 'Default today; never after it.' }),
  }),
});

const MergeNeedInput = builder.inputType('MergeNeedInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The duplicate.' }),
    intoNeedId: t.id({ required: true, description: 'The need it repeats, of the same community.' }),
    reason: t.string({ required: true, description: 'Why the two are the same (published).' }),
    mergedOn: t.field({ type: 'Date' }),
    expectedVersion: t.int(),
  }),
});

const CloseNeedInput = builder.inputType('CloseNeedInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    outcome: t.field({ type: NeedOutcomeEnum, required: true }),
    closedOn: t.field({ type: 'Date' }),
    reason: t.string({ description: 'Kept in the audit log.' }),
    expectedVersion: t.int(),
  }),
});

defineMutation('recordNeed', {
  type: NeedRef,
  description: 'Record a need heard in a community (需求清单).',
  input: RecordNeedInput,
  route: byInputGlobalId('communityId'),
  resolve: async (input, ctx) => {
    const { districtCode } = ctx.district;
    return ctx.needs.recordNeed({
      ...definedOnly(input),
      communityId: localIdOf(String(input.communityId), 'Community', districtCode, ['input', 'communityId']),
      gridId: optionalLocalIdOf(input.gridId, 'Grid', districtCode, ['input', 'gridId']),
    });
  },
});

defineMutation('mergeNeed', {
  inputNames: { needId: 'id' },
  type: NeedRef,
  description: 'Merge a duplicate into the need it repeats, with the reason; never deleted.',
  input: MergeNeedInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.needs.mergeNeed({
      ...definedOnly(input),
      needId: await visibleLocalIdOf(ctx, String(input.id), 'Need', ['input', 'id']),
      intoNeedId: await visibleLocalIdOf(ctx, String(input.intoNeedId), 'Need', ['input', 'intoNeedId']),
    }),
});

defineMutation('closeNeed', {
  inputNames: { needId: 'id' },
  type: NeedRef,
  description: 'Close a need as met or withdrawn.',
  input: CloseNeedInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.needs.closeNeed({
      ...definedOnly(input),
      needId: await visibleLocalIdOf(ctx, String(input.id), 'Need', ['input', 'id']),
    }),
});
