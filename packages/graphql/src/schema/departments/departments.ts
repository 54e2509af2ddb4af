import {
  type DepartmentKind,
  departments,
  parseDivisionCode,
  type RouteExplanation,
  SansheError,
} from '@sanshe/core';
import { and, eq, gt, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { defineMutation } from '../../mutation-field.js';
import { atArguments } from '../grid-plan/argument-paths.js';
import { localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputDivisionCode, byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { rootListExtensions } from '../root-list.js';
import {
  DepartmentKindEnum,
  InspectionFrequencyEnum,
  RouteAreaLevelEnum,
  RouteMatchEnum,
} from './department-enums.js';
import { DepartmentRef, EventRouteRef, InspectionItemRef } from './department-nodes.js';

/**
 * Departments and routing in the API (docs/domain.md §7.3–§7.5) over core's department service:
 * the departments of the districts served (public reference data), which rule routes a category
 * of event in a grid and why, and the district's writes (`department.manage`: city and district
 * administrators) — departments, routing rules and inspection lists.
 */

const DepartmentFilterInput = builder.inputType('DepartmentFilter', {
  description: 'Narrows a list of departments. Every field is optional; together they narrow.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    kind: t.field({ type: DepartmentKindEnum, description: 'Only departments of this kind.' }),
    unitCode: t.string({
      description:
        'Only the departments serving exactly this unit: the district (6 digits) or a subdistrict (9).',
    }),
    asOf: t.field({
      type: 'Date',
      description: 'Only the departments in force on this day (established by then, not dissolved).',
    }),
  }),
});

interface DepartmentFilterArgs {
  districtCode?: string | null;
  kind?: DepartmentKind | null;
  unitCode?: string | null;
  asOf?: string | null;
}

/**
 * The filter as a condition on the departments table (or an alias of it), or null when it names
 * another district (by its code or its unit's): that district answers it, this one has no rows.
 *
 * @throws {SansheError} INVALID_DIVISION_CODE, CODE_LEVEL_MISMATCH (a community: departments
 *   serve the district or a subdistrict) at `filter.unitCode`
 */
function departmentCondition(
  args: DepartmentFilterArgs | null | undefined,
  ctx: DistrictContext,
  table: typeof departments,
): SQL | null {
  const { districtCode } = ctx.district;
  if (args?.districtCode != null && args.districtCode !== districtCode) return null;
  let unitCode: string | null = null;
  if (args?.unitCode != null) {
    const parsed = parseDivisionCode(args.unitCode, { path: ['filter', 'unitCode'] });
    if (!parsed.success) throw SansheError.fromIssue(parsed.error);
    if (parsed.data.level === 'community') {
      throw new SansheError(
        'CODE_LEVEL_MISMATCH',
        `A department serves a district or a subdistrict, not the community ${parsed.data.code}.`,
        { path: ['filter', 'unitCode'] },
      );
    }
    if (parsed.data.districtCode !== districtCode) return null;
    unitCode = parsed.data.code;
  }
  const asOf = args?.asOf ?? null;
  return and(
    eq(table.districtCode, districtCode),
    args?.kind == null ? undefined : eq(table.kind, args.kind),
    unitCode === null ? undefined : eq(table.unitCode, unitCode),
    asOf === null
      ? undefined
      : and(lte(table.establishedOn, asOf), or(isNull(table.dissolvedOn), gt(table.dissolvedOn, asOf))),
  )!;
}

const RouteExplanationRef = builder.objectRef<RouteExplanation>('RouteExplanation').implement({
  description:
    'Which routing rule decides the department responsible for a category of event in a grid on a day, and why it won over the other rules in force (docs/domain.md §7.5).',
  fields: (t) => ({
    department: t.field({
      type: DepartmentRef,
      description: 'The department an event of that category in that grid is routed to.',
      resolve: (explanation) => explanation.department,
    }),
    route: t.field({
      type: EventRouteRef,
      description: 'The rule that decided it.',
      resolve: (explanation) => explanation.route,
    }),
    matchedBy: t.field({
      type: RouteMatchEnum,
      description: 'Whether the rule names the category itself or its first-level class.',
      resolve: (explanation) => explanation.matchedBy,
    }),
    areaLevel: t.field({
      type: RouteAreaLevelEnum,
      description: 'The level of the area the rule covers (the smaller, the more specific).',
      resolve: (explanation) => explanation.areaLevel,
    }),
    explanation: t.exposeString('explanation', {
      description: 'In words: which rule applied and why it won over the others in force.',
    }),
  }),
});

/**
 * The relational query of the list of departments (its resolver and the compiled path read it
 * alike), or undefined when the filter can match none in this district.
 */
function departmentListQuery(
  args: { filter?: Parameters<typeof departmentCondition>[0] },
  ctx: DistrictContext,
) {
  if (!departmentCondition(args.filter, ctx, departments)) return undefined;
  return {
    where: {
      RAW: (table: typeof departments) => departmentCondition(args.filter, ctx, table) ?? sql`false`,
    },
    orderBy: { code: 'asc', id: 'asc' } as const,
  };
}

builder.queryFields((t) => ({
  departments: t.drizzleConnection(
    {
      type: 'departments',
      description:
        'The departments of the districts served, by code (public reference data): functional departments, subdistrict offices and public utilities that handle grid events.',
      args: {
        filter: t.arg({
          type: DepartmentFilterInput,
          description: 'Narrows the list; every field optional.',
        }),
      },
      extensions: rootListExtensions(
        { code: ['code', 'sortKey'] },
        { table: 'departments', query: departmentListQuery },
      ),
      totalCount: (_parent, args, ctx) => {
        const condition = departmentCondition(args.filter, ctx, departments);
        return condition ? ctx.district.db.$count(departments, condition) : 0;
      },
      resolve: (query, _parent, args, ctx) => {
        const options = departmentListQuery(args, ctx);
        return options ? ctx.district.db.query.departments.findMany(query(options)) : [];
      },
    },
    { name: 'DepartmentConnection', description: 'A page of departments.' },
    { name: 'DepartmentEdge', description: 'A department in a page.' },
  ),
  routeFor: t.field({
    type: RouteExplanationRef,
    nullable: true,
    description:
      'The department responsible for a second-level category of event in a grid on a day, with the rule that decided it and why; null when no rule applies (an event of that category there would be refused NO_ROUTE).',
    args: {
      gridId: t.arg.id({ required: true, description: 'The Grid.' }),
      categoryCode: t.arg.string({
        required: true,
        description: 'A second-level category of the event classification (E0503).',
      }),
      on: t.arg({ type: 'Date', description: 'The day (default today in China).' }),
    },
    extensions: routeExtension({ kind: 'globalId', argPath: ['gridId'] }),
    resolve: (_root, args, ctx) =>
      atArguments(
        () =>
          ctx.departments.routeFor({
            // The hierarchy is reference data: every caller may name any grid.
            gridId: localIdOf(String(args.gridId), 'Grid', ctx.district.districtCode, ['gridId']),
            categoryCode: args.categoryCode,
            day: args.on ?? null,
          }),
        { day: 'on' },
      ),
  }),
}));

const CreateDepartmentInput = builder.inputType('CreateDepartmentInput', {
  description: 'A department to record, serving the district or one of its subdistricts.',
  fields: (t) => ({
    unitCode: t.string({
      required: true,
      description: 'The unit it serves: the district (6 digits) or one of its subdistricts (9).',
    }),
    code: t.string({
      required: true,
      description: 'The district’s short code for it: capital letters, digits, "_" or "-", at most 32 (CG).',
    }),
    name: t.string({ required: true, description: 'Its name, unique in the district (public).' }),
    kind: t.field({ type: DepartmentKindEnum, required: true, description: 'What kind of body it is.' }),
    establishedOn: t.field({ type: 'Date', description: 'Its first day; default today, never after it.' }),
  }),
});

const RenameDepartmentInput = builder.inputType('RenameDepartmentInput', {
  description: 'A department’s new name.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The Department.' }),
    name: t.string({ required: true, description: 'The new name, unique in the district (public).' }),
    expectedVersion: t.int({ description: 'Change it only if it is still at this version.' }),
  }),
});

const DissolveDepartmentInput = builder.inputType('DissolveDepartmentInput', {
  description: 'A department to dissolve, and from when.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The Department.' }),
    dissolvedOn: t.field({
      type: 'Date',
      description: 'Default today; never after it, nor before it was established.',
    }),
    expectedVersion: t.int({ description: 'Dissolve it only if it is still at this version.' }),
    reason: t.string({ description: 'The document that dissolved it (kept in the audit log).' }),
  }),
});

const SetEventRouteInput = builder.inputType('SetEventRouteInput', {
  description: 'A routing rule: a category of event in an area goes to a department from a day.',
  fields: (t) => ({
    departmentId: t.id({ required: true, description: 'The Department events go to.' }),
    categoryCode: t.string({
      required: true,
      description:
        'A first-level class (E05) or a second-level category (E0503) of the event classification.',
    }),
    areaCode: t.string({
      required: true,
      description:
        'The area: the district, a subdistrict, a community or a grid code; within the unit the department serves.',
    }),
    effectiveFrom: t.field({
      type: 'Date',
      description:
        'Default today; never before it. The open rule for the same category and area ends that day.',
    }),
  }),
});

const RetireEventRouteInput = builder.inputType('RetireEventRouteInput', {
  description: 'A routing rule to retire, and from when.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The EventRoute.' }),
    retiredOn: t.field({ type: 'Date', description: 'Default today; never before it.' }),
  }),
});

const AddInspectionItemInput = builder.inputType('AddInspectionItemInput', {
  description: 'An item to add to a department’s inspection list.',
  fields: (t) => ({
    departmentId: t.id({ required: true, description: 'The Department whose list it joins.' }),
    code: t.string({
      required: true,
      description:
        'The district’s code for it: capital letters, digits, "_", "-" or ".", at most 32 (CG.03.012).',
    }),
    title: t.string({
      required: true,
      description: 'What the patrol checks (public, at most 200 characters).',
    }),
    frequency: t.field({
      type: InspectionFrequencyEnum,
      required: true,
      description: 'How often each grid is to be patrolled for it.',
    }),
    categoryCode: t.string({
      required: true,
      description: 'The second-level event category a problem found is reported under.',
    }),
    effectiveFrom: t.field({ type: 'Date', description: 'Default today; never before it.' }),
  }),
});

const RetireInspectionItemInput = builder.inputType('RetireInspectionItemInput', {
  description: 'An inspection item to take off its list, and from when.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The InspectionItem.' }),
    retiredOn: t.field({ type: 'Date', description: 'Default today; never before it.' }),
  }),
});

defineMutation('createDepartment', {
  type: DepartmentRef,
  description:
    'Record a department serving the district or one of its subdistricts (city and district administrators).',
  input: CreateDepartmentInput,
  route: byInputDivisionCode('unitCode'),
  resolve: (input, ctx) => ctx.departments.createDepartment(definedOnly(input)),
});

defineMutation('renameDepartment', {
  type: DepartmentRef,
  description:
    'Rename a department (a reorganisation that keeps its duties); a dissolved one keeps its name.',
  input: RenameDepartmentInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.departments.renameDepartment({
      ...definedOnly(input),
      id: await visibleLocalIdOf(ctx, String(input.id), 'Department', ['input', 'id']),
    }),
});

defineMutation('dissolveDepartment', {
  type: DepartmentRef,
  description:
    'Dissolve a department on a day: in the same transaction its routing rules and inspection items end that day, so no event is routed to it afterwards. Never deleted.',
  input: DissolveDepartmentInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.departments.dissolveDepartment({
      ...definedOnly(input),
      id: await visibleLocalIdOf(ctx, String(input.id), 'Department', ['input', 'id']),
    }),
});

defineMutation('setEventRoute', {
  type: EventRouteRef,
  description:
    'Route a category of event in an area to a department from a day; the rule in force for the same category and area, if any, retires that day.',
  input: SetEventRouteInput,
  route: byInputGlobalId('departmentId'),
  resolve: async (input, ctx) =>
    ctx.departments.setRoute({
      ...definedOnly(input),
      departmentId: await visibleLocalIdOf(ctx, String(input.departmentId), 'Department', [
        'input',
        'departmentId',
      ]),
    }),
});

defineMutation('retireEventRoute', {
  type: EventRouteRef,
  description:
    'Retire a routing rule from a day: the category in that area then falls to the next most general rule, or to none.',
  input: RetireEventRouteInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.departments.retireRoute({
      ...definedOnly(input),
      id: await visibleLocalIdOf(ctx, String(input.id), 'EventRoute', ['input', 'id']),
    }),
});

defineMutation('addInspectionItem', {
  type: InspectionItemRef,
  description: 'Add an item to a department’s inspection list (巡查事项清单) from a day.',
  input: AddInspectionItemInput,
  route: byInputGlobalId('departmentId'),
  resolve: async (input, ctx) =>
    ctx.departments.addInspectionItem({
      ...definedOnly(input),
      departmentId: await visibleLocalIdOf(ctx, String(input.departmentId), 'Department', [
        'input',
        'departmentId',
      ]),
    }),
});

defineMutation('retireInspectionItem', {
  type: InspectionItemRef,
  description: 'Take an item off its list from a day; patrols of it recorded before stay.',
  input: RetireInspectionItemInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.departments.retireInspectionItem({
      ...definedOnly(input),
      id: await visibleLocalIdOf(ctx, String(input.id), 'InspectionItem', ['input', 'id']),
    }),
});
