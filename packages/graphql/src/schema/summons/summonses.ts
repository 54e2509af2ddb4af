import {
  type ParsedSummonsFilter,
  parseSummonsFilter,
  SansheError,
  summonsCondition,
  visibleSummonses,
} from '@sanshe/core';
import { summonses } from '@sanshe/core/schema';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { defineMutation } from '../../mutation-field.js';
import { filterLocalIdOf, localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { rootListExtensions } from '../root-list.js';
import { SummonsReasonEnum, SummonsStateEnum } from './summons-enums.js';
import { SummonsRef } from './summons-nodes.js';

/**
 * 吹哨报到 in the API (docs/domain.md §7.8): the summonses the caller may see, across the districts
 * served; a community's grid centre summons departments and closes the summons; a summoned
 * department's staff report in. Every rule is core's (grid-events/summons-*.ts); here global IDs
 * become local ones, each checked by the read rule of its type.
 */

const SummonsFilterInput = builder.inputType('SummonsFilter', {
  description: 'Narrows a list of summonses. Every field is optional; together they narrow.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    parentCode: t.string({
      description: 'Of the communities under this subdistrict (9 digits) or of this community (12).',
    }),
    communityId: t.id({ description: 'Issued by this Community.' }),
    departmentId: t.id({ description: 'Naming this Department (a department’s summonses to report in to).' }),
    eventId: t.id({ description: 'About this GridEvent.' }),
    state: t.field({ type: SummonsStateEnum, description: 'Open or closed.' }),
    issuedFrom: t.field({ type: 'Date', description: 'Issued on or after this day (China time).' }),
    issuedTo: t.field({ type: 'Date', description: 'Issued on or before this day (China time).' }),
  }),
});

type SummonsFilterArgs =
  | {
      districtCode?: string | null;
      parentCode?: string | null;
      communityId?: string | number | null;
      departmentId?: string | number | null;
      eventId?: string | number | null;
      state?: string | null;
      issuedFrom?: string | null;
      issuedTo?: string | null;
    }
  | null
  | undefined;

const idText = (id: string | number | null | undefined): string | null => (id == null ? null : String(id));

/**
 * The filter parsed by core (typed errors at `filter.<field>`), or null when it names another
 * district, by a code or by an ID of another district's record: that district answers it. (An
 * event ID needs no read check here: whoever sees a summons sees its event, which lies in the
 * summons' community, access/summons-visibility.ts and grid-event-visibility.ts.)
 */
function summonsFilterFor(args: SummonsFilterArgs, ctx: DistrictContext): ParsedSummonsFilter | null {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  if (args?.parentCode != null && args.parentCode.slice(0, 6) !== districtCode) return null;
  const at = (field: string) => ['filter', field];
  const communityId = filterLocalIdOf(
    idText(args?.communityId),
    'Community',
    districtCode,
    at('communityId'),
  );
  const departmentId = filterLocalIdOf(
    idText(args?.departmentId),
    'Department',
    districtCode,
    at('departmentId'),
  );
  const eventId = filterLocalIdOf(idText(args?.eventId), 'GridEvent', districtCode, at('eventId'));
  if (communityId === undefined || departmentId === undefined || eventId === undefined) return null;
  const parsed = parseSummonsFilter({
    communityId,
    departmentId,
    eventId,
    // Core calls the unit `unitCode`; lists of the API call it `parentCode`, as every unit filter does.
    unitCode: args?.parentCode ?? null,
    state: args?.state ?? null,
    issuedFrom: args?.issuedFrom ?? null,
    issuedTo: args?.issuedTo ?? null,
  });
  if (!parsed.success) {
    const [root, field, ...rest] = parsed.error.path;
    throw SansheError.fromIssue({
      ...parsed.error,
      path: field === 'unitCode' ? [root!, 'parentCode', ...rest] : parsed.error.path,
    });
  }
  return parsed.data;
}

/** Whether a parsed filter narrows beyond the district. */
function narrows(filter: ParsedSummonsFilter): boolean {
  return Object.values(filter).some((value) => value !== null);
}

/**
 * The filter and the caller's read rule on the list's table. The relational query aliases its
 * table, and core's filter condition names `summonses` itself, so the filter is asked of the
 * same row by key.
 */
function summonsListCondition(
  table: typeof summonses,
  filter: ParsedSummonsFilter,
  ctx: DistrictContext,
): SQL {
  const { districtCode } = ctx.district;
  return and(
    eq(table.districtCode, districtCode),
    narrows(filter)
      ? sql`exists (select 1 from ${summonses}
          where ${summonses.districtCode} = ${table.districtCode} and ${summonses.id} = ${table.id}
            and ${summonsCondition(districtCode, filter)})`
      : undefined,
    visibleSummonses(ctx.actor, districtCode, table),
  )!;
}

/** The relational query of the list, oldest first; undefined when the filter names nothing here. */
function summonsListQuery(args: { filter?: Parameters<typeof summonsFilterFor>[0] }, ctx: DistrictContext) {
  const filter = summonsFilterFor(args.filter, ctx);
  if (!filter) return undefined;
  return {
    where: { RAW: (table: typeof summonses) => summonsListCondition(table, filter, ctx) },
    orderBy: { issuedAt: 'asc', id: 'asc' } as const,
  };
}

builder.queryFields((t) => ({
  summonses: t.drizzleConnection(
    {
      type: 'summonses',
      description:
        'Summonses (吹哨报到) across the districts served that the caller may see, oldest first: a grid centre’s log, or with `departmentId` what a department is summoned to.',
      args: {
        filter: t.arg({ type: SummonsFilterInput, description: 'Which summonses; every field narrows.' }),
      },
      extensions: rootListExtensions(
        { issuedAt: ['issuedAt', 'sortKey'] },
        { table: 'summonses', query: summonsListQuery },
      ),
      totalCount: (_parent, args, ctx) => {
        const filter = summonsFilterFor(args.filter, ctx);
        if (!filter) return 0;
        const { districtCode, db } = ctx.district;
        return db.$count(
          summonses,
          and(summonsCondition(districtCode, filter), visibleSummonses(ctx.actor, districtCode, summonses)),
        );
      },
      resolve: (query, _parent, args, ctx) => {
        const options = summonsListQuery(args, ctx);
        if (!options) return [];
        return ctx.district.db.query.summonses.findMany(query(options));
      },
    },
    { name: 'SummonsConnection', description: 'A page of summonses.' },
    { name: 'SummonsEdge', description: 'A summons in a page.' },
  ),
}));

const IssueSummonsInput = builder.inputType('IssueSummonsInput', {
  description: '吹哨: what a community summons departments for, and whom.',
  fields: (t) => ({
    communityId: t.id({ required: true, description: 'The Community that summons.' }),
    eventId: t.id({
      description: 'The GridEvent it is about, when it is about one: of that community, not closed.',
    }),
    reason: t.field({
      type: SummonsReasonEnum,
      required: true,
      description: 'Why the departments are summoned.',
    }),
    description: t.string({
      required: true,
      description: 'What the departments are summoned for (at most 2000 characters, line breaks allowed).',
    }),
    departmentIds: t.idList({
      required: true,
      description:
        'The Departments summoned: at least one, at most 30, each once, in force and serving the community.',
    }),
    reportDueAt: t.field({
      type: 'DateTime',
      description:
        'By when they report in (ISO 8601 with its offset), after now and on a working day unless the reason is an emergency. Default: policy grid.summons_report.',
    }),
  }),
});

const ReportInToSummonsInput = builder.inputType('ReportInToSummonsInput', {
  description: '报到: a summoned department reports in.',
  fields: (t) => ({
    summonsId: t.id({ required: true, description: 'The Summons reported in to.' }),
    departmentId: t.id({
      description:
        'The Department reporting in. Department staff report for their own and may leave it out; an administrator entering a report-in names it.',
    }),
    note: t.string({ description: 'What the department says (at most 1000 characters).' }),
  }),
});

const CloseSummonsInput = builder.inputType('CloseSummonsInput', {
  description: 'The community ends a summons, saying whether the problem was solved.',
  fields: (t) => ({
    summonsId: t.id({ required: true, description: 'The Summons to close.' }),
    solved: t.boolean({ required: true, description: 'Whether the problem was solved.' }),
    note: t.string({ required: true, description: 'What came of it (at most 2000 characters).' }),
    expectedVersion: t.int({ description: 'The version read; a summons changed since is refused.' }),
  }),
});

defineMutation('issueSummons', {
  type: SummonsRef,
  description:
    '吹哨: a community’s grid centre (community, subdistrict or district staff) summons departments for what it cannot solve alone. Each department is told and must report in by the deadline. A department unknown, dissolved or not serving the community is NOT_FOUND at its place in departmentIds; a deadline named on a holiday is DEADLINE_ON_HOLIDAY.',
  input: IssueSummonsInput,
  route: byInputGlobalId('communityId'),
  resolve: async (input, ctx) => {
    const { districtCode } = ctx.district;
    // Departments are public reference data: decoding each ID is enough here, and core finds each
    // one (missing, dissolved or not serving the community: NOT_FOUND at its index) after checking
    // the list's length, so a list of thousands costs no statement.
    const departmentIds = input.departmentIds.map((id, index) =>
      localIdOf(String(id), 'Department', districtCode, ['input', 'departmentIds', index]),
    );
    return ctx.summons.issueSummons({
      ...definedOnly(input),
      communityId: localIdOf(String(input.communityId), 'Community', districtCode, ['input', 'communityId']),
      eventId:
        input.eventId == null
          ? null
          : await visibleLocalIdOf(ctx, String(input.eventId), 'GridEvent', ['input', 'eventId']),
      departmentIds,
    });
  },
});

defineMutation('reportInToSummons', {
  type: SummonsRef,
  description:
    '报到: a summoned department reports in, once, while the summons is open. Department staff report for their own department only (NOT_RESPONSIBLE_DEPARTMENT otherwise, or when the summons does not name it).',
  input: ReportInToSummonsInput,
  route: byInputGlobalId('summonsId'),
  resolve: async (input, ctx) =>
    ctx.summons.reportIn({
      ...definedOnly(input),
      summonsId: await visibleLocalIdOf(ctx, String(input.summonsId), 'Summons', ['input', 'summonsId']),
      departmentId:
        input.departmentId == null
          ? null
          : await visibleLocalIdOf(ctx, String(input.departmentId), 'Department', ['input', 'departmentId']),
    }),
});

defineMutation('closeSummons', {
  type: SummonsRef,
  description:
    'The community closes a summons, saying whether the problem was solved and what came of it. Departments that never reported in stay on the record as not reported.',
  input: CloseSummonsInput,
  route: byInputGlobalId('summonsId'),
  resolve: async (input, ctx) =>
    ctx.summons.closeSummons({
      ...definedOnly(input),
      summonsId: await visibleLocalIdOf(ctx, String(input.summonsId), 'Summons', ['input', 'summonsId']),
    }),
});
