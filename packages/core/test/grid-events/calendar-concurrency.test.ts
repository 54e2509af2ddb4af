/**
 * Edits of the working calendar made at once (docs/domain.md §7.6). setCalendarDay locks the
 * day's entry FOR UPDATE before it checks the version, so of two changes made at the version both
 * read, the second is checked after the first commits and refused (VERSION_CONFLICT); two first
 * entries of one day meet on the primary key; two declarations of one year meet on
 * `calendar_years`' key, taken before any day is written.
 *
 * On PostgreSQL a third connection holds the entry's lock while both calls start, so both are in
 * flight together and wait on it (pg_stat_activity tells when). On PGlite (one connection)
 * transactions never overlap, and the plain races check the same outcomes.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarService } from '../../src/grid-events/calendar-service.js';
import { calendarDays } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { createGridDistrict, DISTRICT, type GridDistrict, TODAY } from './fixture.js';

let d: GridDistrict;

beforeAll(async () => {
  d = await createGridDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

const admin = () => createCalendarService(d.database, { actor: d.actors.admin, today: () => TODAY });

async function entriesOf(day: string) {
  return d.database.db
    .select()
    .from(calendarDays)
    .where(and(eq(calendarDays.districtCode, DISTRICT), eq(calendarDays.day, day)));
}

function rejected(results: PromiseSettledResult<unknown>[]) {
  return results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
}

describe('calendar edits made at once (any database)', () => {
  it('of two first entries of one day, both expecting none, exactly one applies', async () => {
    const results = await Promise.allSettled([
      admin().setCalendarDay({
        day: '2026-06-09',
        kind: 'holiday',
        name: '甲',
        source: '区通知',
        expectedVersion: 0,
      }),
      admin().setCalendarDay({
        day: '2026-06-09',
        kind: 'holiday',
        name: '乙',
        source: '区通知',
        expectedVersion: 0,
      }),
    ]);
    expect(rejected(results)).toHaveLength(1);
    expect(rejected(results)[0]!.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
    const rows = await entriesOf('2026-06-09');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.version).toBe(1);
  });

  it('of two changes at the version both read, exactly one applies', async () => {
    await admin().setCalendarDay({ day: '2026-06-10', kind: 'holiday', name: '原', source: '区通知' });
    const results = await Promise.allSettled([
      admin().setCalendarDay({
        day: '2026-06-10',
        kind: 'holiday',
        name: '甲',
        source: '区通知',
        expectedVersion: 1,
      }),
      admin().setCalendarDay({
        day: '2026-06-10',
        kind: 'holiday',
        name: '乙',
        source: '区通知',
        expectedVersion: 1,
      }),
    ]);
    expect(rejected(results)).toHaveLength(1);
    expect(rejected(results)[0]!.reason).toMatchObject({
      code: 'VERSION_CONFLICT',
      path: ['input', 'expectedVersion'],
      details: { currentVersion: 2 },
    });
    expect((await entriesOf('2026-06-10'))[0]).toMatchObject({ version: 2 });
  });

  it('of two declarations of one year, exactly one applies and its days are written once', async () => {
    const declare = (name: string) =>
      admin().declareCalendarYear({
        year: 2029,
        source: `2029年安排（${name}）`,
        days: [
          { day: '2029-01-01', kind: 'holiday', name: '元旦' },
          { day: '2029-02-10', kind: 'workday', name: '春节调休上班' },
        ],
      });
    const results = await Promise.allSettled([declare('甲'), declare('乙')]);
    expect(rejected(results)).toHaveLength(1);
    expect(rejected(results)[0]!.reason).toMatchObject({ code: 'DUPLICATE_RECORD', path: ['input', 'year'] });
    expect(await entriesOf('2029-01-01')).toMatchObject([{ version: 1 }]);
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('the entry lock orders the writers (PostgreSQL)', () => {
  it('both changes wait on the locked entry; once released the second sees the first and is refused', async () => {
    await admin().setCalendarDay({ day: '2026-06-11', kind: 'holiday', name: '原', source: '区通知' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = d.database.db.transaction(async (tx) => {
      await tx
        .select({ day: calendarDays.day })
        .from(calendarDays)
        .where(and(eq(calendarDays.districtCode, DISTRICT), eq(calendarDays.day, '2026-06-11')))
        .for('update');
      locked();
      await released;
    });
    await Promise.race([isLocked, holder]);
    const baseline = await lockWaiters(d.database);
    const change = (name: string) =>
      admin().setCalendarDay({
        day: '2026-06-11',
        kind: 'holiday',
        name,
        source: '区通知',
        expectedVersion: 1,
      });
    const first = track(change('甲'));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 1 || first.settled,
      'the first waits',
    );
    const second = track(change('乙'));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 2 || second.settled,
      'the second waits',
    );
    expect([first.settled, second.settled]).toEqual([false, false]);
    release();
    await holder;
    expect(await first.result).toMatchObject({ status: 'fulfilled', value: { name: '甲', version: 2 } });
    expect(await second.result).toMatchObject({ status: 'rejected', reason: { code: 'VERSION_CONFLICT' } });
    expect(await entriesOf('2026-06-11')).toMatchObject([{ name: '甲', version: 2 }]);
  });
});
