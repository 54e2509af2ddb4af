import type { ItemCoverage, PatrolCoverage, SetGridTeamResult } from '@sanshe/core';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { encodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { InspectionItemRef } from '../departments/department-nodes.js';
import { localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { atArguments, requireOwnDistrict } from './argument-paths.js';
import { GridTeamRoleEnum, PatrolResultEnum } from './grid-plan-enums.js';
import { GridBoundaryRef, GridTeamMemberRef, PatrolRecordRef } from './grid-plan-nodes.js';

/**
 * Grid plans in the API (docs/domain.md §7.1–§7.3) over core's grid plan service: which grid a
 * point lies in, how well a grid's patrols cover its inspection lists, and the writes of a
 * grid's plan — its boundary, its "1+2+N" team, a member leaving, a patrol — each checked by core
 * where the grid lies (`grid.plan`, `grid.patrol`).
 */

const ItemCoverageRef = builder.objectRef<ItemCoverage>('InspectionItemCoverage').implement({
  description:
    'How well one inspection item was patrolled in a grid over a period: the periods of its frequency the item was in force, and how many of them saw a patrol.',
  fields: (t) => ({
    item: t.field({ type: InspectionItemRef, description: 'The inspection item.', resolve: (c) => c.item }),
    inForceFrom: t.field({
      type: 'Date',
      description: 'The first day of the period the item was in force.',
      resolve: (c) => c.inForce.from,
    }),
    inForceTo: t.field({
      type: 'Date',
      description: 'The last day of the period the item was in force.',
      resolve: (c) => c.inForce.to,
    }),
    expected: t.exposeInt('expected', {
      description: 'Periods of its frequency wholly within those days: the patrols owed.',
    }),
    covered: t.exposeInt('covered', { description: 'Of those periods, the ones with at least one patrol.' }),
    patrols: t.exposeInt('patrols', {
      description: 'Patrols of the item in the grid while in force in the period (those the caller may see).',
    }),
    coverage: t.float({
      nullable: true,
      description: 'covered / expected, from 0 to 1; null when no whole period fell in the days.',
      resolve: (c) => (c.expected === 0 ? null : c.covered / c.expected),
    }),
  }),
});

const PatrolCoverageRef = builder
  .objectRef<PatrolCoverage & { districtCode: string }>('PatrolCoverage')
  .implement({
    description:
      'Per inspection item in force during a period, the patrols its frequency expects in a grid and how many of those were done (docs/domain.md §7.3).',
    fields: (t) => ({
      grid: t.drizzleField({
        type: 'grids',
        description: 'The grid.',
        resolve: (query, coverage, _args, ctx) =>
          ctx.district.db.query.grids
            .findFirst(query({ where: { districtCode: coverage.districtCode, id: coverage.gridId } }))
            .then((grid) => grid!),
      }),
      from: t.field({ type: 'Date', description: 'The first day, inclusive.', resolve: (c) => c.from }),
      to: t.field({ type: 'Date', description: 'The last day, inclusive.', resolve: (c) => c.to }),
      items: t.field({
        type: [ItemCoverageRef],
        description: 'The items in force on at least one day of the period, by code.',
        resolve: (c) => c.items,
      }),
    }),
  });

builder.queryFields((t) => ({
  gridAt: t.drizzleField({
    type: ['grids'],
    nullable: true,
    description:
      'The grids in force on a day (default today in China) whose boundary then contains the point, by code: one, or several where boundaries overlap or the point lies on a shared edge; none outside every grid. Public. Null for a district the gateway does not serve.',
    args: {
      districtCode: t.arg.string({ required: true, description: 'The district (6 digits).' }),
      longitude: t.arg.float({ required: true, description: 'Longitude, −180 to 180 (CGCS2000 / WGS 84).' }),
      latitude: t.arg.float({ required: true, description: 'Latitude, −90 to 90.' }),
      on: t.arg({ type: 'Date', description: 'The day (default today in China).' }),
    },
    extensions: routeExtension({ kind: 'code', argPath: ['districtCode'] }),
    resolve: async (query, _root, args, ctx) => {
      requireOwnDistrict(args.districtCode, ctx);
      const found = await atArguments(
        () =>
          ctx.gridPlan.gridAt({ longitude: args.longitude, latitude: args.latitude, day: args.on ?? null }),
        { day: 'on' },
      );
      if (found.length === 0) return [];
      return ctx.district.db.query.grids.findMany(
        query({
          where: { districtCode: ctx.district.districtCode, id: { in: found.map((grid) => grid.gridId) } },
          orderBy: { code: 'asc' },
        }),
      );
    },
  }),
  patrolCoverage: t.field({
    type: PatrolCoverageRef,
    nullable: true,
    description:
      'How well a grid’s patrols covered the inspection lists over a period of at most two years: per item, the patrols its frequency expects and how many were done. Counts only patrols the caller may see. Null for a grid of a district the gateway does not serve.',
    args: {
      gridId: t.arg.id({ required: true, description: 'The Grid.' }),
      from: t.arg({ type: 'Date', required: true, description: 'The first day, inclusive.' }),
      to: t.arg({ type: 'Date', required: true, description: 'The last day, inclusive.' }),
    },
    extensions: routeExtension({ kind: 'globalId', argPath: ['gridId'] }),
    resolve: async (_root, args, ctx) => ({
      ...(await atArguments(() =>
        ctx.gridPlan.patrolCoverage({
          gridId: localIdOf(String(args.gridId), 'Grid', ctx.district.districtCode, ['gridId']),
          from: args.from,
          to: args.to,
        }),
      )),
      districtCode: ctx.district.districtCode,
    }),
  }),
}));

const GridTeamChangeRef = builder
  .objectRef<SetGridTeamResult & { districtCode: string; gridId: number }>('GridTeamChange')
  .implement({
    description: 'A grid’s team as set: who is on it now, and who joined, left or had a listing corrected.',
    fields: (t) => ({
      grid: t.drizzleField({
        type: 'grids',
        description: 'The grid.',
        resolve: (query, change, _args, ctx) =>
          ctx.district.db.query.grids
            .findFirst(query({ where: { districtCode: change.districtCode, id: change.gridId } }))
            .then((grid) => grid!),
      }),
      members: t.field({
        type: [GridTeamMemberRef],
        description:
          'The team in force after the change: the head, then the grid workers, then the informants.',
        resolve: (change) => change.members,
      }),
      joinedIds: t.idList({
        description: 'The GridTeamMember IDs of those who joined.',
        resolve: (change) =>
          change.joinedIds.map((id) => encodeGlobalId('GridTeamMember', change.districtCode, id)),
      }),
      leftIds: t.idList({
        description: 'The GridTeamMember IDs of those who left (their records are kept).',
        resolve: (change) =>
          change.leftIds.map((id) => encodeGlobalId('GridTeamMember', change.districtCode, id)),
      }),
      updatedIds: t.idList({
        description:
          'The GridTeamMember IDs of members who stay, whose listed name or account was corrected.',
        resolve: (change) =>
          change.updatedIds.map((id) => encodeGlobalId('GridTeamMember', change.districtCode, id)),
      }),
    }),
  });

const DrawGridBoundaryInput = builder.inputType('DrawGridBoundaryInput', {
  description: 'A grid’s boundary from a day.',
  fields: (t) => ({
    gridId: t.id({ required: true, description: 'The Grid.' }),
    boundary: t.field({
      type: 'GeoJSON',
      required: true,
      description:
        'A GeoJSON Polygon or MultiPolygon (or a Feature holding one, or its JSON text), longitude first; rings closed, at least four positions each, at most 20,000 positions in all.',
    }),
    effectiveFrom: t.field({
      type: 'Date',
      description: 'Default today; within the grid’s life and not before its latest boundary.',
    }),
    source: t.string({
      required: true,
      description: 'Where the boundary comes from: a survey, the district’s grid plan (public).',
    }),
  }),
});

const GridTeamMemberInput = builder.inputType('GridTeamMemberInput', {
  description: 'One member of a team as set: staff by account, an informant by volunteer.',
  fields: (t) => ({
    role: t.field({ type: GridTeamRoleEnum, required: true, description: 'Its place in the team.' }),
    memberName: t.string({ required: true, description: 'The member’s name as the team lists it.' }),
    accountId: t.string({
      description:
        'A head or worker: the account (token subject) it acts with. An informant may have one too.',
    }),
    volunteerId: t.id({ description: 'An informant: the registered Volunteer (required for one).' }),
  }),
});

const SetGridTeamInput = builder.inputType('SetGridTeamInput', {
  description: 'A grid’s whole team from a day.',
  fields: (t) => ({
    gridId: t.id({ required: true, description: 'The Grid.' }),
    members: t.field({
      type: [GridTeamMemberInput],
      required: true,
      description:
        'The whole team from `effectiveOn` (at most 100): members not listed leave that day, new ones join, listed ones stay. It must meet the composition in force (policy grid.team_composition).',
    }),
    effectiveOn: t.field({ type: 'Date', description: 'Default today; never after it.' }),
  }),
});

const LeaveGridTeamInput = builder.inputType('LeaveGridTeamInput', {
  description: 'A member leaving a grid’s team, and when.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The GridTeamMember.' }),
    leftOn: t.field({
      type: 'Date',
      description: 'Default today; never after it, nor before the member joined.',
    }),
  }),
});

const RecordPatrolInput = builder.inputType('RecordPatrolInput', {
  description: 'A patrol of one inspection item in one grid.',
  fields: (t) => ({
    gridId: t.id({ required: true, description: 'The Grid patrolled.' }),
    inspectionItemId: t.id({
      required: true,
      description: 'The InspectionItem checked (in force that day).',
    }),
    patrolledAt: t.field({
      type: 'DateTime',
      required: true,
      description: 'When, ISO 8601 with its offset; never after now.',
    }),
    result: t.field({ type: PatrolResultEnum, required: true, description: 'What the patrol found.' }),
    note: t.string({ description: 'What was seen (at most 2,000 characters).' }),
  }),
});

const gridIdOf = (ctx: DistrictContext, id: string | number) =>
  // The hierarchy is reference data: core checks what the caller may do where the grid lies.
  localIdOf(String(id), 'Grid', ctx.district.districtCode, ['input', 'gridId']);

defineMutation('drawGridBoundary', {
  type: GridBoundaryRef,
  description:
    'Draw a grid’s boundary from a day (staff of the grid’s unit and above). A new boundary supersedes the ones before it; what the grid covered before stays answerable.',
  input: DrawGridBoundaryInput,
  route: byInputGlobalId('gridId'),
  resolve: (input, ctx) =>
    ctx.gridPlan.drawBoundary({
      ...definedOnly(input),
      gridId: gridIdOf(ctx, input.gridId),
      boundary: input.boundary,
    }),
});

defineMutation('setGridTeam', {
  type: GridTeamChangeRef,
  description:
    'Set a grid’s whole "1+2+N" team from a day (staff of the grid’s unit and above). The team that results must meet the composition in force at the grid (TEAM_BELOW_COMPOSITION otherwise, with what is short).',
  input: SetGridTeamInput,
  route: byInputGlobalId('gridId'),
  resolve: async (input, ctx) => {
    const gridId = gridIdOf(ctx, input.gridId);
    const members = [];
    for (const [index, member] of input.members.entries()) {
      members.push({
        ...definedOnly(member),
        role: member.role,
        volunteerId:
          member.volunteerId == null
            ? null
            : await visibleLocalIdOf(ctx, String(member.volunteerId), 'Volunteer', [
                'input',
                'members',
                index,
                'volunteerId',
              ]),
      });
    }
    const result = await ctx.gridPlan.setGridTeam({
      gridId,
      members,
      ...(input.effectiveOn == null ? {} : { effectiveOn: input.effectiveOn }),
    });
    return { ...result, districtCode: ctx.district.districtCode, gridId };
  },
});

defineMutation('leaveGridTeam', {
  type: GridTeamMemberRef,
  description:
    'A member leaves a grid’s team on a day, unless the team would then fall below the composition for that role (TEAM_BELOW_COMPOSITION: set the team anew with a successor).',
  input: LeaveGridTeamInput,
  route: byInputGlobalId('id'),
  inputNames: { memberId: 'id' },
  resolve: async (input, ctx) =>
    ctx.gridPlan.leaveGridTeam({
      memberId: await visibleLocalIdOf(ctx, String(input.id), 'GridTeamMember', ['input', 'id']),
      ...(input.leftOn == null ? {} : { leftOn: input.leftOn }),
    }),
});

defineMutation('recordPatrol', {
  type: PatrolRecordRef,
  description:
    'Record a patrol of an inspection item in a grid: a grid worker in a grid whose team lists its account that day, or staff of the grid’s unit and above.',
  input: RecordPatrolInput,
  route: byInputGlobalId('gridId'),
  inputNames: { itemId: 'inspectionItemId' },
  resolve: async (input, ctx) =>
    ctx.gridPlan.recordPatrol({
      gridId: gridIdOf(ctx, input.gridId),
      itemId: await visibleLocalIdOf(ctx, String(input.inspectionItemId), 'InspectionItem', [
        'input',
        'inspectionItemId',
      ]),
      patrolledAt: input.patrolledAt,
      result: input.result,
      note: input.note ?? null,
    }),
});
