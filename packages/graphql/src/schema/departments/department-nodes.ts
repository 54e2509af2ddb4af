import type { DepartmentKind, InspectionFrequency } from '@sanshe/core';
import { sql } from 'drizzle-orm';
import { builder, type SharedNodeRef } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import { auditTrailField } from '../audit-trail.js';
import { categoryNameField } from '../event-category-name.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { DepartmentKindEnum, InspectionFrequencyEnum, RouteAreaLevelEnum } from './department-enums.js';

/**
 * Departments, their routing rules and inspection lists as nodes (docs/domain.md §7.3–§7.5).
 * They are public reference data (the names and duties of government bodies: core registers them
 * without a read condition in access/record-visibility.ts), so relations among them need no
 * visibility condition. Other areas build on `DepartmentRef` (a grid event's department, a
 * summons' departments, a task's owner).
 */

const key = { districtCode: true, id: true } as const;

/** The level an area code of a routing rule names, by its length (6, 9, 12 digits, or a grid code). */
export function areaLevelOf(areaCode: string): 'district' | 'subdistrict' | 'community' | 'grid' {
  if (areaCode.length === 6) return 'district';
  if (areaCode.length === 9) return 'subdistrict';
  if (areaCode.length === 12) return 'community';
  return 'grid';
}

/** Rules or items in force on `day`: from their first day up to, not including, their last. */
function inForceOn(day: string) {
  return {
    effectiveFrom: { lte: day },
    OR: [{ retiredOn: { isNull: true as const } }, { retiredOn: { gt: day } }],
  };
}

export const DepartmentRef: SharedNodeRef<'departments', { districtCode: string; id: number }> =
  builder.drizzleNode('departments', {
    name: 'Department',
    description:
      '职能部门 (docs/domain.md §7.4): a functional department of the district, an office of a subdistrict or a public utility, that handles the grid events routed to it and reports in when a community summons it. Public reference data; dissolved, never deleted.',
    id: { column: (row) => [row.districtCode, row.id] },
    select: { columns: key },
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district it belongs to (6 digits).' }),
      sortKey: t.string({
        description: 'Orders departments across the city.',
        resolve: recordSortKey,
        extensions: recordSortKeyInSql,
      }),
      code: t.exposeString('code', {
        description: 'The district’s own short code for it (CG for 城市管理局), unique in the district.',
      }),
      name: t.exposeString('name', { description: 'Its name, unique in the district.' }),
      kind: t.field({
        type: DepartmentKindEnum,
        description: 'What kind of body it is.',
        select: { columns: { kind: true } },
        resolve: (row) => row.kind as DepartmentKind,
      }),
      unitCode: t.exposeString('unitCode', {
        description:
          'The unit it serves: the district (6 digits) or one subdistrict (9 digits); it handles events of that unit only.',
      }),
      establishedOn: t.expose('establishedOn', { type: 'Date', description: 'Its first day.' }),
      dissolvedOn: t.expose('dissolvedOn', {
        type: 'Date',
        nullable: true,
        description: 'The day it was dissolved; its routing rules and inspection items ended that day.',
      }),
      version: t.exposeInt('version', {
        description: 'Increases with every change; pass it as expectedVersion to change it safely.',
      }),
      routes: t.relation('routes', {
        description:
          'The routing rules that name it, by category and area: those in force on `asOf`, or every rule ever set (retired ones included) without it.',
        args: { asOf: t.arg({ type: 'Date', description: 'Only the rules in force on this day.' }) },
        query: (args) => ({
          where: args.asOf ? inForceOn(args.asOf) : {},
          orderBy: { categoryCode: 'asc', areaCode: 'asc', effectiveFrom: 'asc', id: 'asc' },
        }),
      }),
      inspectionItems: t.relation('inspectionItems', {
        description:
          'Its inspection list (巡查事项清单), by code: the items in force on `asOf`, or every item (retired ones included) without it.',
        args: { asOf: t.arg({ type: 'Date', description: 'Only the items in force on this day.' }) },
        query: (args) => ({
          where: args.asOf ? inForceOn(args.asOf) : {},
          orderBy: { code: 'asc' },
        }),
      }),
      auditTrail: auditTrailField(t, 'department'),
    }),
  });

export const EventRouteRef: SharedNodeRef<'eventRoutes', { districtCode: string; id: number }> =
  builder.drizzleNode('eventRoutes', {
    name: 'EventRoute',
    description:
      'A routing rule (docs/domain.md §7.5): events of a category in an area go to a department from a day. The most specific rule in force wins (the category itself before its first-level class, then the smallest area containing the event’s grid). Retired, never deleted, so the route an event took stays explainable.',
    id: { column: (row) => [row.districtCode, row.id] },
    select: { columns: key },
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district it belongs to (6 digits).' }),
      categoryCode: t.exposeString('categoryCode', {
        description:
          'A first-level class (E05) or a second-level category (E0503) of the event classification.',
      }),
      categoryName: t.string({
        nullable: true,
        description: 'The category’s name (机动车乱停放).',
        ...categoryNameField,
      }),
      areaCode: t.exposeString('areaCode', {
        description: 'The district, subdistrict, community or grid code the rule covers.',
      }),
      areaLevel: t.field({
        type: RouteAreaLevelEnum,
        description: 'The level of the hierarchy the area code names.',
        select: { columns: { areaCode: true } },
        resolve: (row) => areaLevelOf(row.areaCode),
        extensions: compiledValue(
          (row) =>
            sql`(case length(${row.areaCode}) when 6 then 'district' when 9 then 'subdistrict' when 12 then 'community' else 'grid' end)`,
        ),
      }),
      effectiveFrom: t.expose('effectiveFrom', { type: 'Date', description: 'Its first day.' }),
      retiredOn: t.expose('retiredOn', {
        type: 'Date',
        nullable: true,
        description: 'The day it stopped deciding (a successor took over, or it was retired).',
      }),
      version: t.exposeInt('version', { description: 'Increases with every change.' }),
      department: t.relation('department', { description: 'The department it routes to.' }),
      auditTrail: auditTrailField(t, 'event_route'),
    }),
  });

export const InspectionItemRef: SharedNodeRef<'inspectionItems', { districtCode: string; id: number }> =
  builder.drizzleNode('inspectionItems', {
    name: 'InspectionItem',
    description:
      'An item of a department’s inspection list (巡查事项清单, docs/domain.md §7.3): what grid teams check on patrol, how often, and the category a problem found is reported under. Public reference data.',
    id: { column: (row) => [row.districtCode, row.id] },
    select: { columns: key },
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district it belongs to (6 digits).' }),
      code: t.exposeString('code', {
        description: 'The district’s code for the item (CG.03.012), unique in it.',
      }),
      title: t.exposeString('title', { description: 'What the patrol checks.' }),
      frequency: t.field({
        type: InspectionFrequencyEnum,
        description: 'How often each grid is to be patrolled for it.',
        select: { columns: { frequency: true } },
        resolve: (row) => row.frequency as InspectionFrequency,
      }),
      categoryCode: t.exposeString('categoryCode', {
        description: 'The second-level event category a problem found is reported under.',
      }),
      categoryName: t.string({
        nullable: true,
        description: 'The category’s name.',
        ...categoryNameField,
      }),
      effectiveFrom: t.expose('effectiveFrom', { type: 'Date', description: 'Its first day on the list.' }),
      retiredOn: t.expose('retiredOn', {
        type: 'Date',
        nullable: true,
        description: 'The day it left the list; patrols of it recorded before stay.',
      }),
      version: t.exposeInt('version', { description: 'Increases with every change.' }),
      department: t.relation('department', { description: 'The department whose list it is on.' }),
      auditTrail: auditTrailField(t, 'inspection_item'),
    }),
  });
