import { and, eq, gte, lte } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { calendarDays, calendarYears } from '../schema/working-calendar.js';
import { buildWorkingCalendar, type CalendarEntry, type WorkingCalendar } from './working-days.js';

/**
 * The district's working calendar for the years `fromYear`–`toYear`: the national arrangement
 * with the district's own entries over it. One query per table; call it inside the transaction
 * that uses it, so an edit made meanwhile is either wholly seen or not at all.
 *
 * Only the loaded years count as declared: a count running past `toYear` into a year the
 * district declared would otherwise be taken as exact while its entries were never read. Such a
 * count is provisional instead; load through the year after the start (a limit of weeks can
 * cross New Year).
 */
export async function loadWorkingCalendar(
  db: SansheDb,
  districtCode: string,
  fromYear: number,
  toYear: number,
): Promise<WorkingCalendar> {
  const days = await db
    .select({ day: calendarDays.day, kind: calendarDays.kind, name: calendarDays.name })
    .from(calendarDays)
    .where(
      and(
        eq(calendarDays.districtCode, districtCode),
        gte(calendarDays.day, `${fromYear}-01-01`),
        lte(calendarDays.day, `${toYear}-12-31`),
      ),
    );
  const years = await db
    .select({ year: calendarYears.year })
    .from(calendarYears)
    .where(
      and(
        eq(calendarYears.districtCode, districtCode),
        gte(calendarYears.year, fromYear),
        lte(calendarYears.year, toYear),
      ),
    );
  return buildWorkingCalendar({
    districtEntries: days as CalendarEntry[],
    declaredYears: years.map((row) => row.year),
  });
}
