import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  unique,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, nameColumn, recordColumns } from './columns.js';

/**
 * 职能部门 (docs/domain.md §7.4): the government departments and public-service units that handle
 * grid events routed to them and report in when a community summons them (吹哨报到). A department
 * belongs to the district or to one subdistrict (`unit_code`: a 街道 城管中队 serves its
 * subdistrict only). Dissolved, never deleted.
 */
export const departments = pgTable(
  'departments',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    /** The district's own short code for it (`CG` for 城市管理局): stable, unique in the district. */
    code: varchar('code', { length: 32 }).notNull(),
    name: nameColumn(),
    /** `departmentKinds` (grid-events/code-lists.ts): functional department, subdistrict office, public utility … */
    kind: varchar('kind', { length: 24 }).notNull(),
    /** The district or subdistrict code it serves. */
    unitCode: varchar('unit_code', { length: 9 }).notNull(),
    establishedOn: date('established_on', { mode: 'string' }).notNull(),
    dissolvedOn: date('dissolved_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('departments_code_unique').on(t.districtCode, t.code),
    unique('departments_name_unique').on(t.districtCode, t.name),
    check(
      'departments_unit_in_district',
      sql`left(${t.unitCode}, 6) = ${t.districtCode} and length(${t.unitCode}) in (6, 9)`,
    ),
    check('departments_lifespan', sql`${t.dissolvedOn} is null or ${t.dissolvedOn} >= ${t.establishedOn}`),
  ],
);

/**
 * Routing (docs/domain.md §7.5): which department is responsible for a category of event in an
 * area, from a day. The most specific rule wins: a second-level category before its first level,
 * then the longest area code (grid, community, subdistrict, district) that contains the event's
 * grid. A rule is retired, never deleted, so the route an event took can be explained later.
 */
export const eventRoutes = pgTable(
  'event_routes',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    /** A code of `eventCategories`, first or second level. */
    categoryCode: varchar('category_code', { length: 16 }).notNull(),
    /** The district, subdistrict, community or grid code the rule covers. */
    areaCode: varchar('area_code', { length: 18 }).notNull(),
    departmentId: idReference('department_id').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    retiredOn: date('retired_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'event_routes_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    // One rule in force per category and area: a successor starts when its predecessor retires.
    uniqueIndex('event_routes_open_unique')
      .on(t.districtCode, t.categoryCode, t.areaCode)
      .where(sql`${t.retiredOn} is null`),
    index('event_routes_category_idx').on(t.districtCode, t.categoryCode, t.areaCode),
    check('event_routes_area_in_district', sql`left(${t.areaCode}, 6) = ${t.districtCode}`),
    check('event_routes_lifespan', sql`${t.retiredOn} is null or ${t.retiredOn} >= ${t.effectiveFrom}`),
  ],
);

export type Department = typeof departments.$inferSelect;
export type EventRoute = typeof eventRoutes.$inferSelect;
