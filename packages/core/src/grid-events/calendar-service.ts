import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { type CalendarDay, calendarDays, calendarYears } from '../schema/working-calendar.js';
import { createServiceKit, type ServiceOptions } from '../services/service-kit.js';
import {
  type ParsedCalendarEntry,
  parseCalendarDate,
  parseCalendarEntry,
  parseCalendarSource,
  parseCalendarYear,
  parseDeclaredEntries,
} from './calendar-input.js';
import type { CalendarDayKind } from './code-lists.js';
import { nationalCalendars } from './national-calendar.js';
import { loadWorkingCalendar } from './working-calendar-loader.js';
import { buildWorkingCalendar, type CalendarEntry, nationalEntries } from './working-days.js';

export interface SetCalendarDayInput {
  day: string;
  /** `calendarDayKinds`: holiday (a day off), workday (a weekend day worked), ordinary (the weekday rule). */
  kind: CalendarDayKind;
  /** What the day is: 春节, 国庆节调休上班, a local holiday's name. */
  name: string;
  /** The notice the entry comes from. */
  source: string;
  /** The version of the entry the caller read; 0 when it expects none yet. */
  expectedVersion?: number | null;
}

export interface DeclareCalendarYearInput {
  year: number;
  /** The notice that arranges the year (国务院办公厅关于2027年部分节假日安排的通知, …). */
  source: string;
  /** The year's holidays (every day off, weekend days inside a holiday included) and exchanged working days. */
  days: readonly { day: string; kind: CalendarDayKind; name: string }[];
}

/** A district's entry as the calendar service answers it. */
export interface CalendarDayEntry {
  day: string;
  kind: CalendarDayKind;
  name: string;
  source: string;
  version: number;
  recordedBy: string;
}

/** A day of a year's calendar that is not simply a weekday worked or a weekend day off. */
export interface CalendarYearDay {
  day: string;
  kind: CalendarDayKind;
  name: string;
  source: string;
  /** Where the entry comes from: the national arrangement sanshe ships, or the district's own entry over it. */
  origin: 'national' | 'district';
  /** Whether the day is worked, all entries considered. */
  working: boolean;
}

export interface CalendarOfYear {
  year: number;
  /** Whether the year is known: shipped nationally or declared by the district. Deadlines in an unknown year are provisional. */
  known: boolean;
  /** Where the year's arrangement comes from, when it is known. */
  origin: 'national' | 'district' | null;
  /** The notice of the year (national, or the one the district declared it from). */
  source: string | null;
  /** When and by whom the district declared the year, when it did. */
  declared: { declaredOn: string; declaredBy: string } | null;
  /** The national entries and the district's entries over them, by day. */
  days: CalendarYearDay[];
}

/** The audit log keys records by a number: a calendar day is keyed by its date as yyyymmdd. */
function dayKey(day: string): number {
  return Number(day.replaceAll('-', ''));
}

function entryOf(row: CalendarDay): CalendarDayEntry {
  return {
    day: row.day,
    kind: row.kind as CalendarDayKind,
    name: row.name,
    source: row.source,
    version: row.version,
    recordedBy: row.recordedBy,
  };
}

/** The longest limit the service counts: about a year of working days. */
const maxCountedWorkingDays = 250;

/**
 * The district's working-day calendar (docs/domain.md §7.6): the national arrangement of each year
 * (国务院办公厅关于部分节假日安排的通知, shipped in national-calendar.ts) with the district's own
 * entries over it, which the district keeps (`calendar.edit`: district-wide roles). A year sanshe
 * does not ship is declared whole once the notice is out, so deadlines in it stop being
 * provisional. Edits apply to deadlines set from then on: a deadline already set keeps the day it
 * was given (the event's steps say on what).
 *
 * Reads are open to every caller: the holiday arrangement is public.
 */
export function createCalendarService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, actor } = kit;

  async function lockedEntry(tx: SansheDb, day: string): Promise<CalendarDay | undefined> {
    const [row] = await tx
      .select()
      .from(calendarDays)
      .where(and(eq(calendarDays.districtCode, districtCode), eq(calendarDays.day, day)))
      .for('update');
    return row;
  }

  return {
    districtCode,

    /**
     * Add or change the district's entry for a day: a local holiday, a day worked in exchange,
     * or `ordinary` to put a national day back under the weekday rule. An unchanged entry is
     * left as it is.
     *
     * @throws {SansheError} INVALID_DATE (not a date of 2000–2100), INVALID_CODE_LIST_VALUE
     * (kind), VALIDATION_FAILED (a weekday marked worked in exchange; a name or source empty or
     * too long), INVALID_TEXT, FORBIDDEN (not a district-wide role), VERSION_CONFLICT (the entry
     * moved on since `expectedVersion`, or was created meanwhile)
     */
    async setCalendarDay(input: SetCalendarDayInput): Promise<CalendarDayEntry> {
      const entry = parseCalendarEntry(input, ['input']);
      const source = parseCalendarSource(input.source, ['input', 'source']);
      kit.authorize('calendar.edit', {});
      return db.transaction(async (tx) => {
        const current = await lockedEntry(tx, entry.day);
        kit.checkVersion(
          current ?? { version: 0 },
          input.expectedVersion,
          `The calendar entry of ${entry.day}`,
        );
        if (
          current &&
          current.kind === entry.kind &&
          current.name === entry.name &&
          current.source === source
        ) {
          return entryOf(current);
        }
        const values = { kind: entry.kind, name: entry.name, source, recordedBy: actor.id };
        const row = current
          ? (
              await tx
                .update(calendarDays)
                .set({ ...values, version: sql`${calendarDays.version} + 1`, updatedAt: sql`now()` })
                .where(and(eq(calendarDays.districtCode, districtCode), eq(calendarDays.day, entry.day)))
                .returning()
            )[0]!
          : // Two first entries of one day at once: the second finds the first's row here.
            (
              await kit.insertUnique(
                () =>
                  tx
                    .insert(calendarDays)
                    .values({ districtCode, day: entry.day, ...values })
                    .returning(),
                {
                  code: 'VERSION_CONFLICT',
                  message: `The calendar entry of ${entry.day} was just made by someone else; reload it and try again.`,
                  path: ['input', 'day'],
                },
              )
            )[0]!;
        await kit.audit(tx, {
          action: 'calendar_day.set',
          entityType: 'calendar_day',
          entityId: dayKey(entry.day),
          before: current ?? null,
          after: row,
        });
        return entryOf(row);
      });
    },

    /**
     * Enter a whole year's arrangement at once, for a year whose national notice sanshe does not
     * ship (2027 on): its holidays and exchanged working days become the district's entries, and
     * the year is recorded as declared, so deadlines in it are no longer provisional. Entries the
     * district made before for other days of the year stay; listed days are overwritten.
     *
     * @throws {SansheError} VALIDATION_FAILED (a year outside 2000–2100; no entries; an entry
     * outside the year, twice, or a weekday marked worked in exchange: the path of the first),
     * INVALID_DATE, INVALID_CODE_LIST_VALUE, INVALID_TEXT, FORBIDDEN, DUPLICATE_RECORD (the year
     * is shipped nationally, or already declared)
     */
    async declareCalendarYear(
      input: DeclareCalendarYearInput,
    ): Promise<{ year: number; source: string; declaredOn: string; days: number }> {
      const year = parseCalendarYear(input.year, ['input', 'year']);
      const source = parseCalendarSource(input.source, ['input', 'source']);
      const entries: ParsedCalendarEntry[] = parseDeclaredEntries(year, input.days, ['input', 'days']);
      const shipped = nationalCalendars.find((calendar) => calendar.year === year);
      if (shipped) {
        throw new SansheError(
          'DUPLICATE_RECORD',
          `sanshe ships the national arrangement of ${year} (${shipped.source}); change single days with setCalendarDay.`,
          { path: ['input', 'year'], details: { year, source: shipped.source } },
        );
      }
      kit.authorize('calendar.edit', {});
      const declaredOn = kit.today();
      return db.transaction(async (tx) => {
        // The year's row first: of two declarations at once, the second waits on it and is refused.
        await kit.insertUnique(
          () =>
            tx.insert(calendarYears).values({ districtCode, year, source, declaredOn, declaredBy: actor.id }),
          {
            code: 'DUPLICATE_RECORD',
            message: `The district has already declared ${year}; change single days with setCalendarDay.`,
            path: ['input', 'year'],
          },
        );
        const before = await tx
          .select()
          .from(calendarDays)
          .where(
            and(
              eq(calendarDays.districtCode, districtCode),
              gte(calendarDays.day, `${year}-01-01`),
              lte(calendarDays.day, `${year}-12-31`),
            ),
          )
          .for('update');
        const beforeByDay = new Map(before.map((row) => [row.day, row]));
        const written = await tx
          .insert(calendarDays)
          .values(
            entries.map((entry) => ({
              districtCode,
              day: entry.day,
              kind: entry.kind,
              name: entry.name,
              source,
              recordedBy: actor.id,
            })),
          )
          .onConflictDoUpdate({
            target: [calendarDays.districtCode, calendarDays.day],
            set: {
              kind: sql`excluded.kind`,
              name: sql`excluded.name`,
              source: sql`excluded.source`,
              recordedBy: sql`excluded.recorded_by`,
              version: sql`${calendarDays.version} + 1`,
              updatedAt: sql`now()`,
            },
          })
          .returning();
        await kit.audit(tx, {
          action: 'calendar_year.declare',
          entityType: 'calendar_year',
          entityId: year,
          after: { year, source, declaredOn, days: entries },
        });
        for (const row of written) {
          await kit.audit(tx, {
            action: 'calendar_day.set',
            entityType: 'calendar_day',
            entityId: dayKey(row.day),
            before: beforeByDay.get(row.day) ?? null,
            after: row,
            reason: `declared with the year ${year}`,
          });
        }
        return { year, source, declaredOn, days: written.length };
      });
    },

    /**
     * A year's calendar: whether it is known and from which notice, and its days that are not
     * simply weekdays worked or weekends off — national holidays and exchanged days, with the
     * district's entries over them (an `ordinary` entry included, as the district's own).
     *
     * @throws {SansheError} VALIDATION_FAILED (a year outside 2000–2100)
     */
    async calendarOf(year: number): Promise<CalendarOfYear> {
      const parsedYear = parseCalendarYear(year, ['year']);
      return db.transaction(async (tx) => {
        const districtRows = await tx
          .select()
          .from(calendarDays)
          .where(
            and(
              eq(calendarDays.districtCode, districtCode),
              gte(calendarDays.day, `${parsedYear}-01-01`),
              lte(calendarDays.day, `${parsedYear}-12-31`),
            ),
          );
        const [declaration] = await tx
          .select()
          .from(calendarYears)
          .where(and(eq(calendarYears.districtCode, districtCode), eq(calendarYears.year, parsedYear)));
        const shipped = nationalCalendars.find((calendar) => calendar.year === parsedYear);
        const calendar = buildWorkingCalendar({
          districtEntries: districtRows as CalendarEntry[],
          declaredYears: declaration ? [parsedYear] : [],
        });
        const days = new Map<string, CalendarYearDay>();
        for (const entry of shipped ? nationalEntries(shipped) : []) {
          days.set(entry.day, { ...entry, source: shipped!.source, origin: 'national', working: false });
        }
        for (const row of districtRows) {
          days.set(row.day, {
            day: row.day,
            kind: row.kind as CalendarDayKind,
            name: row.name,
            source: row.source,
            origin: 'district',
            working: false,
          });
        }
        const ordered = [...days.values()]
          .sort((a, b) => (a.day < b.day ? -1 : 1))
          .map((day) => ({ ...day, working: calendar.isWorkingDay(day.day) }));
        return {
          year: parsedYear,
          known: calendar.knowsYear(parsedYear),
          origin: shipped ? 'national' : declaration ? 'district' : null,
          source: shipped?.source ?? declaration?.source ?? null,
          declared: declaration
            ? { declaredOn: declaration.declaredOn, declaredBy: declaration.declaredBy }
            : null,
          days: ordered,
        };
      });
    },

    /**
     * Whether a day is worked on the district's calendar.
     *
     * @throws {SansheError} INVALID_DATE
     */
    async isWorkingDay(day: string): Promise<boolean> {
      const parsed = parseCalendarDate(day, ['day']);
      const year = Number(parsed.slice(0, 4));
      const calendar = await loadWorkingCalendar(db, districtCode, year, year);
      return calendar.isWorkingDay(parsed);
    },

    /**
     * The day a limit of `workingDays` counted from `start` ends on (0: the same day when it is
     * worked, else the next working day), and whether a day counted lies in a year not known.
     *
     * @throws {SansheError} INVALID_DATE, VALIDATION_FAILED (not a whole number from 0 to 250)
     */
    async addWorkingDays(start: string, workingDays: number): Promise<{ day: string; provisional: boolean }> {
      const parsed = parseCalendarDate(start, ['start']);
      if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > maxCountedWorkingDays) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `A limit is a whole number of working days from 0 to ${maxCountedWorkingDays}.`,
          { path: ['workingDays'] },
        );
      }
      const year = Number(parsed.slice(0, 4));
      // 250 working days end within the next year; two years loaded leave room for long holidays.
      return db.transaction(async (tx) =>
        (await loadWorkingCalendar(tx, districtCode, year, year + 2)).addWorkingDays(parsed, workingDays),
      );
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
