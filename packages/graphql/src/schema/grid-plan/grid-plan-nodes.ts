import {
  addDays,
  type GridTeamRole,
  type gridTeamMembers,
  type PatrolResult,
  type patrolRecords,
  SansheError,
  storedInstant,
  todayInChina,
  visiblePatrolRecords,
} from '@sanshe/core';
import { and, gte, lt, type SQL, sql } from 'drizzle-orm';
import { builder, type SharedNodeRef } from '../../builder.js';
import { compiledPlannedRelation, compiledValue } from '../../compiled-reads/compiled-value.js';
import { auditTrailField } from '../audit-trail.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { gridTeamMembersVisibleTo, volunteersVisibleTo } from '../visibility.js';
import { GridTeamRoleEnum, PatrolResultEnum } from './grid-plan-enums.js';

/**
 * Grid plans as nodes (docs/domain.md §7.1–§7.3): a grid's boundaries (the district's published
 * map), the members of its "1+2+N" team (personal: read by core's rule,
 * access/grid-plan-visibility.ts) and its patrols (the grid centre's working records), and the
 * fields they add to `Grid`. Relations into team members and patrols apply core's read rule.
 */

const key = { districtCode: true, id: true } as const;

/** How a team is listed: the head, then the grid workers, then the informants (then by id). */
const roleOrder: Record<string, number> = { head: 0, worker: 1, informant: 2 };

/** {@link roleOrder} as the order of a relational query, so either path reads the team in it. */
function teamOrder(member: typeof gridTeamMembers): SQL[] {
  const ranks = Object.entries(roleOrder).map(
    ([role, rank]) => sql`when ${role} then ${sql.raw(String(rank))}`,
  );
  const unknown = sql.raw(String(Object.keys(roleOrder).length));
  return [sql`case ${member.role} ${sql.join(ranks, sql` `)} else ${unknown} end`, sql`${member.id} asc`];
}

/** A day's first instant in China (UTC+8 all year since 1991), for ranges of China days. */
function startOfChinaDay(day: string): string {
  return `${day}T00:00:00+08:00`;
}

export const GridBoundaryRef: SharedNodeRef<'gridBoundaries', { districtCode: string; id: number }> =
  builder.drizzleNode('gridBoundaries', {
    name: 'GridBoundary',
    description:
      'A grid’s boundary from a day (docs/domain.md §7.1): a GeoJSON Polygon or MultiPolygon in longitude and latitude (CGCS2000, within a metre of WGS 84). A new boundary is a new record, so what a grid covered on a past day stays answerable. Public: the district’s published map.',
    id: { column: (row) => [row.districtCode, row.id] },
    select: { columns: key },
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district it belongs to (6 digits).' }),
      effectiveFrom: t.expose('effectiveFrom', {
        type: 'Date',
        description: 'Its first day; it holds until the grid’s next boundary begins.',
      }),
      geometry: t.field({
        type: 'GeoJSON',
        description:
          'The GeoJSON geometry: `{ type: "Polygon" | "MultiPolygon", coordinates }`, longitude first.',
        select: { columns: { geometry: true } },
        resolve: (row) => row.geometry,
        extensions: compiledValue((row) => row.geometry),
      }),
      minLongitude: t.exposeFloat('minLongitude', { description: 'The bounding box’s west edge.' }),
      minLatitude: t.exposeFloat('minLatitude', { description: 'The bounding box’s south edge.' }),
      maxLongitude: t.exposeFloat('maxLongitude', { description: 'The bounding box’s east edge.' }),
      maxLatitude: t.exposeFloat('maxLatitude', { description: 'The bounding box’s north edge.' }),
      source: t.exposeString('source', {
        description: 'Where the boundary comes from: a survey, the district’s grid plan.',
      }),
      recordedAt: t.field({
        type: 'DateTime',
        description: 'When it was drawn.',
        select: { columns: { createdAt: true } },
        resolve: (row) => storedInstant(row.createdAt),
        extensions: compiledValue((row) => row.createdAt),
      }),
      grid: t.relation('grid', { description: 'The grid it bounds.' }),
      auditTrail: auditTrailField(t, 'grid_boundary'),
    }),
  });

export const GridTeamMemberRef: SharedNodeRef<'gridTeamMembers', { districtCode: string; id: number }> =
  builder.drizzleNode('gridTeamMembers', {
    name: 'GridTeamMember',
    description:
      'A member of a grid’s team, "1+2+N" (docs/domain.md §7.2): the grid head (网格长), a full-time grid worker (专职网格员) or a volunteer informant (网格信息员), from one day to another. Personal information: seen by district-wide roles, staff and grid workers of the grid’s unit, and the informant itself; never by PUBLIC.',
    id: { column: (row) => [row.districtCode, row.id] },
    select: { columns: key },
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district it belongs to (6 digits).' }),
      role: t.field({
        type: GridTeamRoleEnum,
        description: 'Its place in the team.',
        select: { columns: { role: true } },
        resolve: (row) => row.role as GridTeamRole,
      }),
      memberName: t.exposeString('memberName', {
        description: 'The member’s name as the team lists it (personal information).',
      }),
      accountId: t.exposeString('accountId', {
        nullable: true,
        description:
          'The account (token subject) a head or worker acts with: a grid worker reports, patrols and verifies in the grids whose team lists it.',
      }),
      joinedOn: t.expose('joinedOn', { type: 'Date', description: 'Its first day on the team.' }),
      leftOn: t.expose('leftOn', {
        type: 'Date',
        nullable: true,
        description: 'The day it left the team (the record is kept).',
      }),
      version: t.exposeInt('version', { description: 'Increases with every change.' }),
      grid: t.relation('grid', { description: 'The grid whose team it is on.' }),
      volunteer: t.relation('volunteer', {
        nullable: true,
        description: 'An informant: the registered volunteer (when the caller may see it).',
        query: (_args, ctx) => ({ where: volunteersVisibleTo(ctx) }),
      }),
      auditTrail: auditTrailField(t, 'grid_team_member'),
    }),
  });

export const PatrolRecordRef: SharedNodeRef<'patrolRecords', { districtCode: string; id: number }> =
  builder.drizzleNode('patrolRecords', {
    name: 'PatrolRecord',
    description:
      'A patrol (巡查, docs/domain.md §7.3): one inspection item checked in one grid, when, by whom and with what result. Append-only; a problem found is reported as a grid event naming it. Seen by district-wide roles and the staff and grid workers of the grid’s unit.',
    id: { column: (row) => [row.districtCode, row.id] },
    select: { columns: key },
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district it belongs to (6 digits).' }),
      sortKey: t.string({
        description: 'Orders patrols across the city.',
        resolve: recordSortKey,
        extensions: recordSortKeyInSql,
      }),
      patrolledAt: t.field({
        type: 'DateTime',
        description: 'When the item was checked.',
        select: { columns: { patrolledAt: true } },
        resolve: (row) => storedInstant(row.patrolledAt),
        extensions: compiledValue((row) => row.patrolledAt),
      }),
      patrolledBy: t.exposeString('patrolledBy', {
        description: 'The account that patrolled (a member of the grid’s team, or staff of its unit).',
      }),
      result: t.field({
        type: PatrolResultEnum,
        description: 'What the patrol found.',
        select: { columns: { result: true } },
        resolve: (row) => row.result as PatrolResult,
      }),
      note: t.exposeString('note', { nullable: true, description: 'What was seen, in words.' }),
      recordedAt: t.field({
        type: 'DateTime',
        description: 'When the patrol was recorded.',
        select: { columns: { createdAt: true } },
        resolve: (row) => storedInstant(row.createdAt),
        extensions: compiledValue((row) => row.createdAt),
      }),
      grid: t.relation('grid', { description: 'The grid patrolled.' }),
      item: t.relation('item', { description: 'The inspection item checked.' }),
    }),
  });

builder.drizzleObjectFields('grids', (t) => ({
  boundary: t.field({
    type: GridBoundaryRef,
    nullable: true,
    description:
      'The boundary in force on a day (default today in China): the latest drawn from that day or before; null when none was drawn by then.',
    args: { on: t.arg({ type: 'Date', description: 'The day (default today in China).' }) },
    // Read with the grid, in the same statement: a list of grids costs no statement per grid.
    select: (args, _ctx, nestedSelection) => ({
      with: {
        boundaries: nestedSelection({
          where: { effectiveFrom: { lte: args.on ?? todayInChina() } },
          orderBy: { effectiveFrom: 'desc' },
          limit: 1,
        }),
      },
    }),
    resolve: (grid) => grid.boundaries[0] ?? null,
    extensions: compiledPlannedRelation(),
  }),
  boundaries: t.relation('boundaries', {
    description: 'Every boundary the grid has had, oldest first (they are never changed).',
    query: { orderBy: { effectiveFrom: 'asc' } },
  }),
  team: t.field({
    type: [GridTeamMemberRef],
    description:
      'The members of the grid’s team on a day (default today in China) that the caller may see: the head, then the grid workers, then the informants. Empty for PUBLIC.',
    args: { on: t.arg({ type: 'Date', description: 'The day (default today in China).' }) },
    select: (args, ctx, nestedSelection) => {
      const on = args.on ?? todayInChina();
      return {
        with: {
          teamMembers: nestedSelection({
            where: {
              joinedOn: { lte: on },
              OR: [{ leftOn: { isNull: true } }, { leftOn: { gt: on } }],
              ...gridTeamMembersVisibleTo(ctx),
            },
            orderBy: teamOrder,
          }),
        },
      };
    },
    resolve: (grid) => grid.teamMembers,
    extensions: compiledPlannedRelation(),
  }),
  // A relation, so a page of grids reads its patrols in the same statement (and compiles), as
  // `events` does: the range is checked when the query is planned.
  patrols: t.relatedConnection(
    'patrols',
    {
      description:
        'The grid’s patrols the caller may see, latest first, optionally within China days `from` to `to` (both included). Empty for callers outside the grid’s unit.',
      args: {
        from: t.arg({ type: 'Date', description: 'From this day (in China), inclusive.' }),
        to: t.arg({ type: 'Date', description: 'To this day (in China), inclusive.' }),
      },
      query: (args, ctx) => {
        checkPatrolDays(args);
        return {
          where: { RAW: (table) => patrolCondition(args, ctx, table as typeof patrolRecords) },
          orderBy: { patrolledAt: 'desc', id: 'desc' },
        };
      },
      totalCount: true,
    },
    { name: 'PatrolRecordConnection', description: 'A page of patrols.' },
    { name: 'PatrolRecordEdge', description: 'A patrol in a page.' },
  ),
}));

type PatrolDays = { from?: string | null; to?: string | null };

/** @throws {SansheError} INVALID_DATE_RANGE at `to` when the range ends before it begins */
function checkPatrolDays(args: PatrolDays): void {
  if (args.from != null && args.to != null && args.to < args.from) {
    throw new SansheError(
      'INVALID_DATE_RANGE',
      `The range ends on ${args.to}, before it begins (${args.from}).`,
      {
        path: ['to'],
      },
    );
  }
}

/** Which of a grid's patrols the caller may see within the days asked (the relation joins the grid). */
function patrolCondition(
  args: PatrolDays,
  ctx: Parameters<typeof gridTeamMembersVisibleTo>[0],
  table: typeof patrolRecords,
): SQL {
  return and(
    args.from == null ? undefined : gte(table.patrolledAt, startOfChinaDay(args.from)),
    args.to == null ? undefined : lt(table.patrolledAt, startOfChinaDay(addDays(args.to, 1))),
    visiblePatrolRecords(ctx.actor, ctx.district.districtCode, table),
  )!;
}
