import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, primaryKey, smallint, timestamp, varchar } from 'drizzle-orm/pg-core';
import { districtCodeColumn } from './columns.js';

/**
 * The district's own entries of the working-day calendar (docs/domain.md §7.6). The national
 * arrangement of each year (国务院办公厅关于部分节假日安排的通知: public holidays and the weekend
 * days worked in exchange, 调休) ships with sanshe as data (grid-events/national-calendar.ts); a
 * district adds or overrides days here (a local holiday, a notice sanshe does not hold yet), and
 * a day it marks `ordinary` follows the weekday rule again. Edited through the calendar service,
 * audited.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    districtCode: districtCodeColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    /** `calendarDayKinds`: holiday (a weekday off), workday (a weekend day worked), ordinary. */
    kind: varchar('kind', { length: 16 }).notNull(),
    /** What the day is (春节, 国庆节调休上班). */
    name: varchar('name', { length: 50 }).notNull(),
    /** The notice the entry comes from. */
    source: varchar('source', { length: 200 }).notNull(),
    recordedBy: varchar('recorded_by', { length: 128 }).notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.day] }),
    check('calendar_days_kind', sql`${t.kind} in ('holiday', 'workday', 'ordinary')`),
  ],
);

/**
 * A year the district declares complete in its own entries, for a year whose national
 * arrangement sanshe does not ship: deadlines in that year are then counted on it instead of
 * provisionally (weekdays only, flagged).
 */
export const calendarYears = pgTable(
  'calendar_years',
  {
    districtCode: districtCodeColumn(),
    year: smallint('year').notNull(),
    source: varchar('source', { length: 200 }).notNull(),
    declaredOn: date('declared_on', { mode: 'string' }).notNull(),
    declaredBy: varchar('declared_by', { length: 128 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.year] }),
    check('calendar_years_range', sql`${t.year} between 2000 and 2100`),
  ],
);

export type CalendarDay = typeof calendarDays.$inferSelect;
export type CalendarYear = typeof calendarYears.$inferSelect;
