/**
 * What the working calendar refuses (docs/domain.md §7.6), each with its code and the path of the
 * field at fault, and with the database unchanged (a snapshot of every table before and after):
 * bad dates, kinds and texts, a declared year's entries outside it or twice, a year shipped or
 * declared already, a stale version, and every role that does not keep the district's calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import {
  createCalendarService,
  type DeclareCalendarYearInput,
} from '../../src/grid-events/calendar-service.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import { createGridDistrict, expectRefused, type GridDistrict, TODAY } from './fixture.js';

let d: GridDistrict;
let before: Record<string, unknown[]>;

beforeAll(async () => {
  d = await createGridDistrict();
  const admin = calendarAs(d.actors.admin);
  await admin.setCalendarDay({ day: '2026-03-17', kind: 'holiday', name: '区运动会', source: '区通知' });
  await admin.declareCalendarYear({
    year: 2027,
    source: '2027年安排（本区录入）',
    days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }],
  });
  before = await snapshotDatabase(d.database);
});
afterAll(async () => {
  await d?.database.close();
});

function calendarAs(actor: Actor) {
  return createCalendarService(d.database, { actor, today: () => TODAY });
}

const day = { day: '2026-03-18', kind: 'holiday', name: '区级活动', source: '区通知' } as const;
const year: DeclareCalendarYearInput = {
  year: 2028,
  source: '2028年安排（本区录入）',
  days: [
    { day: '2028-01-01', kind: 'holiday', name: '元旦' },
    { day: '2028-01-29', kind: 'workday', name: '春节调休上班' },
  ],
};

describe('setCalendarDay refuses bad input', () => {
  const refused = (input: Record<string, unknown>, code: string, path: (string | number)[]) =>
    expectRefused(
      d.database,
      // biome-ignore lint/suspicious/noExplicitAny: the input is wrong on purpose.
      () => calendarAs(d.actors.admin).setCalendarDay({ ...day, ...input } as any),
      { code: code as never, path },
      before,
    );

  it('a date that does not exist, is not written YYYY-MM-DD, or lies outside 2000–2100', async () => {
    await refused({ day: '2026-02-30' }, 'INVALID_DATE', ['input', 'day']);
    await refused({ day: '18/03/2026' }, 'INVALID_DATE', ['input', 'day']);
    await refused({ day: '1999-12-31' }, 'INVALID_DATE', ['input', 'day']);
    await refused({ day: '2101-01-03' }, 'INVALID_DATE', ['input', 'day']);
    await refused({ day: null }, 'INVALID_DATE', ['input', 'day']);
  });

  it('a kind not in the code list', async () => {
    await refused({ kind: 'vacation' }, 'INVALID_CODE_LIST_VALUE', ['input', 'kind']);
    await refused({ kind: undefined }, 'INVALID_CODE_LIST_VALUE', ['input', 'kind']);
  });

  it('a weekday marked as worked in exchange (it is worked anyway: a mistyped date)', async () => {
    const error = await refused({ day: '2026-03-18', kind: 'workday' }, 'VALIDATION_FAILED', [
      'input',
      'day',
    ]);
    expect(error.details).toEqual({ day: '2026-03-18', kind: 'workday' });
  });

  it('an empty or too long name or source, or one with a control character', async () => {
    await refused({ name: '  ' }, 'VALIDATION_FAILED', ['input', 'name']);
    await refused({ name: '节'.repeat(51) }, 'VALIDATION_FAILED', ['input', 'name']);
    await refused({ name: '区级\u0007活动' }, 'INVALID_TEXT', ['input', 'name']);
    await refused({ source: '' }, 'VALIDATION_FAILED', ['input', 'source']);
    await refused({ source: '通'.repeat(201) }, 'VALIDATION_FAILED', ['input', 'source']);
  });

  it('a version other than the one stored, or 0 (none expected) for a day that has an entry', async () => {
    const stale = await refused({ day: '2026-03-17', expectedVersion: 2 }, 'VERSION_CONFLICT', [
      'input',
      'expectedVersion',
    ]);
    expect(stale.details).toEqual({ currentVersion: 1 });
    await refused({ day: '2026-03-17', expectedVersion: 0 }, 'VERSION_CONFLICT', [
      'input',
      'expectedVersion',
    ]);
    // A day without an entry is at version 0.
    await refused({ day: '2026-03-18', expectedVersion: 1 }, 'VERSION_CONFLICT', [
      'input',
      'expectedVersion',
    ]);
  });
});

describe('declareCalendarYear refuses bad input', () => {
  const refused = (input: Record<string, unknown>, code: string, path: (string | number)[]) =>
    expectRefused(
      d.database,
      // biome-ignore lint/suspicious/noExplicitAny: the input is wrong on purpose.
      () => calendarAs(d.actors.admin).declareCalendarYear({ ...year, ...input } as any),
      { code: code as never, path },
      before,
    );

  it('a year outside 2000–2100 or not whole', async () => {
    await refused({ year: 1999 }, 'VALIDATION_FAILED', ['input', 'year']);
    await refused({ year: 2101 }, 'VALIDATION_FAILED', ['input', 'year']);
    await refused({ year: 2028.5 }, 'VALIDATION_FAILED', ['input', 'year']);
    await refused({ year: '2028' }, 'VALIDATION_FAILED', ['input', 'year']);
  });

  it('a year sanshe ships nationally, or one the district declared already: DUPLICATE_RECORD', async () => {
    const shipped = await refused(
      { year: 2026, days: [{ day: '2026-03-18', kind: 'holiday', name: '区级活动' }] },
      'DUPLICATE_RECORD',
      ['input', 'year'],
    );
    expect(shipped.details).toMatchObject({ year: 2026 });
    await refused(
      { year: 2027, days: [{ day: '2027-01-02', kind: 'holiday', name: '元旦' }] },
      'DUPLICATE_RECORD',
      ['input', 'year'],
    );
  });

  it('no entries, or a list that is not one', async () => {
    await refused({ days: [] }, 'VALIDATION_FAILED', ['input', 'days']);
    await refused({ days: 'all of them' }, 'VALIDATION_FAILED', ['input', 'days']);
    await refused({ days: [null] }, 'VALIDATION_FAILED', ['input', 'days', 0]);
  });

  it('the first entry at fault, by its path: outside the year, twice, a bad kind or date or name', async () => {
    const outside = await refused(
      {
        days: [
          { day: '2028-01-01', kind: 'holiday', name: '元旦' },
          { day: '2029-01-01', kind: 'holiday', name: '元旦' },
          { day: '2030-01-01', kind: 'holiday', name: '元旦' },
        ],
      },
      'VALIDATION_FAILED',
      ['input', 'days', 1, 'day'],
    );
    expect(outside.details).toEqual({ year: 2028, day: '2029-01-01' });
    await refused(
      {
        days: [
          { day: '2028-01-01', kind: 'holiday', name: '元旦' },
          { day: '2028-01-02', kind: 'holiday', name: '元旦' },
          { day: '2028-01-01', kind: 'holiday', name: '元旦' },
        ],
      },
      'VALIDATION_FAILED',
      ['input', 'days', 2, 'day'],
    );
    await refused(
      { days: [{ day: '2028-01-01', kind: 'day_off', name: '元旦' }] },
      'INVALID_CODE_LIST_VALUE',
      ['input', 'days', 0, 'kind'],
    );
    await refused(
      {
        days: [
          { day: '2028-01-01', kind: 'holiday', name: '元旦' },
          { day: '2028-02-30', kind: 'holiday', name: '春节' },
        ],
      },
      'INVALID_DATE',
      ['input', 'days', 1, 'day'],
    );
    await refused({ days: [{ day: '2028-01-01', kind: 'holiday', name: '' }] }, 'VALIDATION_FAILED', [
      'input',
      'days',
      0,
      'name',
    ]);
    // Monday 2028-01-31 marked as worked in exchange.
    await refused(
      { days: [{ day: '2028-01-31', kind: 'workday', name: '春节调休上班' }] },
      'VALIDATION_FAILED',
      ['input', 'days', 0, 'day'],
    );
    await refused({ source: '\u0000' }, 'INVALID_TEXT', ['input', 'source']);
  });
});

describe('only district-wide roles keep the calendar (calendar.edit)', () => {
  const others = (): [string, Actor][] => [
    ['PUBLIC', d.actors.public],
    ['COMMUNITY_STAFF', d.actors.shishan],
    ['SUBDISTRICT_STAFF (a grid centre)', d.actors.centre],
    ['GRID_WORKER', d.actors.gridWorker],
    ['DEPARTMENT_STAFF', d.actors.cg],
    ['RESIDENT', d.actors.resident],
    ['SERVICE', d.actors.service],
    ['EVALUATOR', d.actors.evaluator],
    [
      'the administrator of another district',
      { id: 'admin-320506', role: 'DISTRICT_ADMIN', district: '320506' },
    ],
  ];

  it('every other caller is FORBIDDEN, for a day and for a year, and nothing changes', async () => {
    for (const [label, actor] of others()) {
      const error = await expectRefused(
        d.database,
        () => calendarAs(actor).setCalendarDay(day),
        { code: 'FORBIDDEN', path: [] },
        before,
      );
      expect(error.details, label).toEqual({ action: 'calendar.edit' });
      await expectRefused(
        d.database,
        () => calendarAs(actor).declareCalendarYear(year),
        { code: 'FORBIDDEN', path: [] },
        before,
      );
    }
  });

  it('input is checked before the caller: bad input is named to anyone', async () => {
    await expectRefused(
      d.database,
      () => calendarAs(d.actors.public).setCalendarDay({ ...day, day: '2026-13-01' }),
      { code: 'INVALID_DATE', path: ['input', 'day'] },
      before,
    );
  });
});

describe('the reads refuse what cannot be counted', () => {
  it('a year outside 2000–2100, a date that is none, a limit that is not 0–250 whole days', async () => {
    const calendar = calendarAs(d.actors.public);
    await expect(calendar.calendarOf(1999)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['year'],
    });
    await expect(calendar.isWorkingDay('2026-02-29')).rejects.toMatchObject({
      code: 'INVALID_DATE',
      path: ['day'],
    });
    await expect(calendar.addWorkingDays('someday', 1)).rejects.toMatchObject({
      code: 'INVALID_DATE',
      path: ['start'],
    });
    for (const workingDays of [-1, 1.5, 251, Number.NaN]) {
      await expect(calendar.addWorkingDays('2026-03-02', workingDays)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        path: ['workingDays'],
      });
    }
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });
});
