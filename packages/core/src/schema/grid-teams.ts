import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { departments } from './departments.js';
import { grids } from './hierarchy.js';
import { volunteers } from './volunteers.js';

/**
 * A grid's boundary (docs/domain.md §7.1) from a day: a GeoJSON Polygon or MultiPolygon in
 * longitude/latitude (CGCS2000, as national surveying publishes; WGS 84 within a metre), with its
 * bounding box kept beside it so a point can find its candidate grids by index before the exact
 * test. A new boundary is a new row: what a grid covered on a past day stays answerable.
 */
export const gridBoundaries = pgTable(
  'grid_boundaries',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    gridId: idReference('grid_id').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** GeoJSON geometry: `{ type: 'Polygon' | 'MultiPolygon', coordinates }`, validated on the way in. */
    geometry: jsonb('geometry').notNull(),
    minLongitude: numeric('min_longitude', { precision: 10, scale: 7, mode: 'number' }).notNull(),
    minLatitude: numeric('min_latitude', { precision: 10, scale: 7, mode: 'number' }).notNull(),
    maxLongitude: numeric('max_longitude', { precision: 10, scale: 7, mode: 'number' }).notNull(),
    maxLatitude: numeric('max_latitude', { precision: 10, scale: 7, mode: 'number' }).notNull(),
    /** Where the boundary comes from (a survey, the district's grid plan). */
    source: varchar('source', { length: 200 }).notNull(),
    recordedBy: varchar('recorded_by', { length: 128 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('grid_boundaries_grid_day_unique').on(t.districtCode, t.gridId, t.effectiveFrom),
    foreignKey({
      name: 'grid_boundaries_grid_fk',
      columns: [t.districtCode, t.gridId],
      foreignColumns: [grids.districtCode, grids.id],
    }),
    index('grid_boundaries_box_idx').on(t.districtCode, t.minLongitude, t.maxLongitude),
    check(
      'grid_boundaries_box',
      sql`${t.minLongitude} <= ${t.maxLongitude} and ${t.minLatitude} <= ${t.maxLatitude}
        and ${t.minLongitude} >= -180 and ${t.maxLongitude} <= 180 and ${t.minLatitude} >= -90 and ${t.maxLatitude} <= 90`,
    ),
  ],
);

/**
 * A member of a grid's team (docs/domain.md §7.2), "1+2+N" *(local)*: a grid head (网格长), grid
 * workers (专职网格员) and volunteer informants (兼职网格员, 信息员). Staff members act through the
 * account (token subject) named here; an informant is a registered volunteer. Members leave on a
 * day; the row is kept.
 */
export const gridTeamMembers = pgTable(
  'grid_team_members',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    gridId: idReference('grid_id').notNull(),
    /** `gridTeamRoles`: head, worker, informant. */
    role: varchar('role', { length: 16 }).notNull(),
    /** The member's name as the team lists it (personal: shown to staff, never to PUBLIC). */
    memberName: varchar('member_name', { length: 100 }).notNull(),
    /** The account (token subject) a head or worker acts with. */
    accountId: varchar('account_id', { length: 128 }),
    /** An informant: the volunteer. */
    volunteerId: idReference('volunteer_id'),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'grid_team_members_grid_fk',
      columns: [t.districtCode, t.gridId],
      foreignColumns: [grids.districtCode, grids.id],
    }),
    foreignKey({
      name: 'grid_team_members_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    index('grid_team_members_grid_idx').on(t.districtCode, t.gridId),
    index('grid_team_members_account_idx').on(t.districtCode, t.accountId),
    // One head at a time; one open place per account or volunteer in a grid.
    uniqueIndex('grid_team_members_one_head')
      .on(t.districtCode, t.gridId)
      .where(sql`${t.role} = 'head' and ${t.leftOn} is null`),
    uniqueIndex('grid_team_members_open_account')
      .on(t.districtCode, t.gridId, t.accountId)
      .where(sql`${t.leftOn} is null and ${t.accountId} is not null`),
    uniqueIndex('grid_team_members_open_volunteer')
      .on(t.districtCode, t.gridId, t.volunteerId)
      .where(sql`${t.leftOn} is null and ${t.volunteerId} is not null`),
    check('grid_team_members_role', sql`${t.role} in ('head', 'worker', 'informant')`),
    check(
      'grid_team_members_identity',
      sql`(${t.role} = 'informant' and ${t.volunteerId} is not null) or (${t.role} <> 'informant' and ${t.accountId} is not null)`,
    ),
    check('grid_team_members_lifespan', sql`${t.leftOn} is null or ${t.leftOn} >= ${t.joinedOn}`),
  ],
);

/**
 * An item of a department's inspection list (巡查事项清单, docs/domain.md §7.3): what grid teams
 * check on patrol, how often, for which department, and the category a problem found is reported
 * under.
 */
export const inspectionItems = pgTable(
  'inspection_items',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    departmentId: idReference('department_id').notNull(),
    /** The district's code for the item, unique in the district. */
    code: varchar('code', { length: 32 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    /** `inspectionFrequencies`: daily, weekly, biweekly, monthly, quarterly. */
    frequency: varchar('frequency', { length: 16 }).notNull(),
    /** The second-level event category a problem found on this item is reported under. */
    categoryCode: varchar('category_code', { length: 16 }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    retiredOn: date('retired_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('inspection_items_code_unique').on(t.districtCode, t.code),
    foreignKey({
      name: 'inspection_items_department_fk',
      columns: [t.districtCode, t.departmentId],
      foreignColumns: [departments.districtCode, departments.id],
    }),
    index('inspection_items_department_idx').on(t.districtCode, t.departmentId),
    check('inspection_items_lifespan', sql`${t.retiredOn} is null or ${t.retiredOn} >= ${t.effectiveFrom}`),
  ],
);

/**
 * A patrol of one inspection item in one grid (巡查记录): when, by whom, what was found. A problem
 * found is reported as a grid event that names this record (`grid_events.patrol_record_id`).
 * Append-only.
 */
export const patrolRecords = pgTable(
  'patrol_records',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    gridId: idReference('grid_id').notNull(),
    itemId: idReference('item_id').notNull(),
    patrolledAt: timestamp('patrolled_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** The account that patrolled (a member of the grid's team). */
    patrolledBy: varchar('patrolled_by', { length: 128 }).notNull(),
    /** `patrolResults`: normal, problem. */
    result: varchar('result', { length: 16 }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'patrol_records_grid_fk',
      columns: [t.districtCode, t.gridId],
      foreignColumns: [grids.districtCode, grids.id],
    }),
    foreignKey({
      name: 'patrol_records_item_fk',
      columns: [t.districtCode, t.itemId],
      foreignColumns: [inspectionItems.districtCode, inspectionItems.id],
    }),
    index('patrol_records_grid_idx').on(t.districtCode, t.gridId, t.patrolledAt),
    index('patrol_records_item_idx').on(t.districtCode, t.itemId, t.patrolledAt),
    check('patrol_records_result', sql`${t.result} in ('normal', 'problem')`),
  ],
);

export type GridBoundary = typeof gridBoundaries.$inferSelect;
export type GridTeamMember = typeof gridTeamMembers.$inferSelect;
export type InspectionItem = typeof inspectionItems.$inferSelect;
export type PatrolRecord = typeof patrolRecords.$inferSelect;
