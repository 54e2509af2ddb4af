/**
 * The district's working calendar (docs/domain.md §7.6): the national arrangement sanshe ships,
 * the district's entries over it (calendar.edit: district-wide roles only), a year declared whole
 * for a notice sanshe does not ship, and the reads every caller may make. Each test edits days of
 * its own, so the order of the tests does not matter.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { createCalendarService } from '../../src/grid-events/calendar-service.js';
import { loadWorkingCalendar } from '../../src/grid-events/working-calendar-loader.js';
import { auditLog, calendarDays } from '../../src/schema/index.js';
import { createGridDistrict, DISTRICT, type GridDistrict, TODAY } from './fixture.js';

let d: GridDistrict;

beforeAll(async () => {
  d = await createGridDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

const calendarAs = (actor: Actor) => createCalendarService(d.database, { actor, today: () => TODAY });

async function auditOf(entityType: string, entityId: number) {
  return d.database.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.districtCode, DISTRICT),
        eq(auditLog.entityType, entityType),
        eq(auditLog.entityId, entityId),
      ),
    )
    .orderBy(auditLog.id);
}

describe('the national arrangement, read through the service', () => {
  it('answers 2026 as known, from the State Council notice, with its holidays and exchanged days', async () => {
    const year = await calendarAs(d.actors.public).calendarOf(2026);
    expect(year).toMatchObject({ year: 2026, known: true, origin: 'national', declared: null });
    expect(year.source).toContain('国务院办公厅关于2026年部分节假日安排的通知');
    const national = year.days.filter((day) => day.origin === 'national');
    // 33 days off (3 + 9 + 3 + 5 + 3 + 3 + 7) and 6 exchanged working days.
    expect(national.filter((day) => day.kind === 'holiday')).toHaveLength(33);
    expect(national.filter((day) => day.kind === 'workday').map((day) => day.day)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(year.days.find((day) => day.day === '2026-10-01')).toEqual({
      day: '2026-10-01',
      kind: 'holiday',
      name: '国庆节',
      source: year.source,
      origin: 'national',
      working: false,
    });
    // In order, and only days that are entries.
    expect(year.days.map((day) => day.day)).toEqual([...year.days.map((day) => day.day)].sort());
    expect(year.days.some((day) => day.day === '2026-03-02')).toBe(false);
  });

  it('answers a year nobody holds as unknown, with no days', async () => {
    expect(await calendarAs(d.actors.public).calendarOf(2031)).toEqual({
      year: 2031,
      known: false,
      origin: null,
      source: null,
      declared: null,
      days: [],
    });
  });

  it('counts working days and tells a working day, for any caller', async () => {
    const calendar = calendarAs(d.actors.public);
    expect(await calendar.isWorkingDay('2026-04-06')).toBe(false);
    expect(await calendar.isWorkingDay('2026-05-09')).toBe(true);
    expect(await calendar.addWorkingDays('2026-04-02', 2)).toEqual({ day: '2026-04-07', provisional: false });
    expect(await calendar.addWorkingDays('2026-04-04', 0)).toEqual({ day: '2026-04-07', provisional: false });
  });
});

describe("the district's own entries (setCalendarDay)", () => {
  it('adds a local holiday, audited, and counting steps over it', async () => {
    const admin = calendarAs(d.actors.admin);
    const entry = await admin.setCalendarDay({
      day: '2026-03-17',
      kind: 'holiday',
      name: '区运动会',
      source: '虎丘区政府办〔2026〕3号',
    });
    expect(entry).toEqual({
      day: '2026-03-17',
      kind: 'holiday',
      name: '区运动会',
      source: '虎丘区政府办〔2026〕3号',
      version: 1,
      recordedBy: d.actors.admin.id,
    });
    expect(await admin.isWorkingDay('2026-03-17')).toBe(false);
    // Monday 03-16: 03-18 is the first working day after it.
    expect((await admin.addWorkingDays('2026-03-16', 1)).day).toBe('2026-03-18');
    const [audit] = await auditOf('calendar_day', 20260317);
    expect(audit).toMatchObject({
      action: 'calendar_day.set',
      actorId: d.actors.admin.id,
      before: null,
      after: { day: '2026-03-17', kind: 'holiday', name: '区运动会', version: 1 },
    });
  });

  it('changes an entry at the version read, audited with before and after; an unchanged entry stays', async () => {
    const admin = calendarAs(d.actors.admin);
    await admin.setCalendarDay({ day: '2026-03-24', kind: 'holiday', name: '区庆', source: '区通知一' });
    const changed = await admin.setCalendarDay({
      day: '2026-03-24',
      kind: 'holiday',
      name: '区庆（改期前）',
      source: '区通知二',
      expectedVersion: 1,
    });
    expect(changed).toMatchObject({ version: 2, name: '区庆（改期前）', source: '区通知二' });
    const again = await admin.setCalendarDay({
      day: '2026-03-24',
      kind: 'holiday',
      name: '区庆（改期前）',
      source: '区通知二',
      expectedVersion: 2,
    });
    expect(again.version).toBe(2);
    const audits = await auditOf('calendar_day', 20260324);
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({
      before: { name: '区庆', source: '区通知一', version: 1 },
      after: { name: '区庆（改期前）', source: '区通知二', version: 2 },
    });
  });

  it('a day worked in exchange on a Sunday, and the ordinary kind reverting a national day', async () => {
    const admin = calendarAs(d.actors.admin);
    await admin.setCalendarDay({
      day: '2026-03-29',
      kind: 'workday',
      name: '区运动会调休上班',
      source: '区通知',
    });
    expect(await admin.isWorkingDay('2026-03-29')).toBe(true);
    // Saturday 10-10 is worked nationally; the district keeps it a weekend day.
    await admin.setCalendarDay({ day: '2026-10-10', kind: 'ordinary', name: '本区不调休', source: '区通知' });
    expect(await admin.isWorkingDay('2026-10-10')).toBe(false);
    const year = await calendarAs(d.actors.shishan).calendarOf(2026);
    expect(year.days.find((day) => day.day === '2026-10-10')).toEqual({
      day: '2026-10-10',
      kind: 'ordinary',
      name: '本区不调休',
      source: '区通知',
      origin: 'district',
      working: false,
    });
    expect(year.days.find((day) => day.day === '2026-03-29')).toMatchObject({
      origin: 'district',
      kind: 'workday',
      working: true,
    });
  });

  it('a city administrator may keep the calendar too', async () => {
    const city = calendarAs({ id: 'city-admin', role: 'CITY_ADMIN' });
    const entry = await city.setCalendarDay({
      day: '2026-11-16',
      kind: 'holiday',
      name: '市级活动',
      source: '市通知',
    });
    expect(entry.recordedBy).toBe('city-admin');
  });
});

describe('a year declared whole (declareCalendarYear)', () => {
  it('stops counting 2027 provisionally: its entries count and the year is known', async () => {
    const admin = calendarAs(d.actors.admin);
    expect(await admin.addWorkingDays('2026-12-30', 3)).toEqual({ day: '2027-01-04', provisional: true });
    // An entry the district made before for a day the declaration lists, and one for a day it does not.
    await admin.setCalendarDay({ day: '2027-01-04', kind: 'holiday', name: '待定', source: '区通知' });
    await admin.setCalendarDay({ day: '2027-03-16', kind: 'holiday', name: '区运动会', source: '区通知' });

    const declared = await admin.declareCalendarYear({
      year: 2027,
      source: '国务院办公厅关于2027年部分节假日安排的通知（本区录入）',
      days: [
        { day: '2027-01-01', kind: 'holiday', name: '元旦' },
        { day: '2027-01-02', kind: 'holiday', name: '元旦' },
        { day: '2027-01-03', kind: 'holiday', name: '元旦' },
        { day: '2027-01-04', kind: 'ordinary', name: '元旦后首个工作日' },
        { day: '2027-02-06', kind: 'workday', name: '春节调休上班' },
      ],
    });
    expect(declared).toEqual({
      year: 2027,
      source: '国务院办公厅关于2027年部分节假日安排的通知（本区录入）',
      declaredOn: TODAY,
      days: 5,
    });
    // Thursday 12-31 (1), Monday 01-04 (2), Tuesday 01-05 (3).
    expect(await admin.addWorkingDays('2026-12-30', 3)).toEqual({ day: '2027-01-05', provisional: false });
    expect(await admin.isWorkingDay('2027-02-06')).toBe(true);

    const year = await calendarAs(d.actors.public).calendarOf(2027);
    expect(year).toMatchObject({
      year: 2027,
      known: true,
      origin: 'district',
      source: declared.source,
      declared: { declaredOn: TODAY, declaredBy: d.actors.admin.id },
    });
    expect(year.days.map((day) => [day.day, day.kind, day.working])).toEqual([
      ['2027-01-01', 'holiday', false],
      ['2027-01-02', 'holiday', false],
      ['2027-01-03', 'holiday', false],
      ['2027-01-04', 'ordinary', true],
      ['2027-02-06', 'workday', true],
      ['2027-03-16', 'holiday', false],
    ]);

    const rows = await d.database.db
      .select()
      .from(calendarDays)
      .where(eq(calendarDays.districtCode, DISTRICT));
    expect(rows.find((row) => row.day === '2027-01-04')).toMatchObject({ version: 2, kind: 'ordinary' });
    expect(rows.find((row) => row.day === '2027-03-16')).toMatchObject({ version: 1, name: '区运动会' });

    // Loaded through 2026 only, 2027 is not taken as declared: its entries were not read.
    const short = await loadWorkingCalendar(d.database.db, DISTRICT, 2026, 2026);
    expect(short.addWorkingDays('2026-12-31', 1)).toEqual({ day: '2027-01-01', provisional: true });
    const long = await loadWorkingCalendar(d.database.db, DISTRICT, 2026, 2027);
    expect(long.addWorkingDays('2026-12-31', 1)).toEqual({ day: '2027-01-04', provisional: false });

    const [yearAudit] = await auditOf('calendar_year', 2027);
    expect(yearAudit).toMatchObject({
      action: 'calendar_year.declare',
      after: { year: 2027, days: expect.any(Array) },
    });
    expect(await auditOf('calendar_day', 20270104)).toMatchObject([
      { before: null },
      {
        before: { kind: 'holiday', version: 1 },
        after: { kind: 'ordinary', version: 2 },
        reason: 'declared with the year 2027',
      },
    ]);
  });
});
