/**
 * The working-day calendar through the gateway (docs/domain.md §7.6), over real HTTP with real
 * tokens: anyone reads a year's holidays and exchanged working days (the national arrangement of
 * 国务院办公厅关于2025年部分节假日安排的通知 sanshe ships), asks whether a day is worked and where a
 * limit of working days ends; the district administrator adds a local holiday (and a deadline
 * counted across it moves a day) and declares a year sanshe does not ship (and deadlines in it stop
 * being provisional). Every refusal is typed, names the field and changes nothing.
 */
import { createHierarchyService, type DistrictDatabase } from '@sanshe/core';
import { createTestDistrictDatabase, snapshotDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  createLocalDistrictSource,
  type ListeningGateway,
  listen,
  type TokenClaims,
} from '../src/index.js';
import { testAuth } from './support/demo-gateway.js';
import { requestOverHttp } from './support/http-request.js';

const DISTRICT = '320505';
const admin: TokenClaims = { sub: 'qu-admin', role: 'DISTRICT_ADMIN', district: DISTRICT };
const communityStaff: TokenClaims = {
  sub: 'sq-ss-01',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  subdistrict: '320505001',
  community: '320505001001',
};

let database: DistrictDatabase;
let running: ListeningGateway;

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
type Loose = any;

function gql(
  query: string,
  variables: Record<string, unknown>,
  as: TokenClaims | 'public',
): Promise<{ data?: Loose; errors?: Loose[] }> {
  return requestOverHttp(running.origin, query, variables, as);
}

async function data(query: string, variables: Record<string, unknown>, as: TokenClaims | 'public') {
  const body = await gql(query, variables, as);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const setDay = `mutation($input: SetCalendarDayInput!) {
  setCalendarDay(input: $input) {
    __typename
    ... on SetCalendarDaySuccess { data { districtCode day kind name source version working } }
    ... on Error { code path }
  }
}`;
const declare = `mutation($input: DeclareCalendarYearInput!) {
  declareCalendarYear(input: $input) {
    __typename
    ... on DeclareCalendarYearSuccess { data { year source entries calendar { known origin source days { day kind origin working } } } }
    ... on Error { code path }
  }
}`;
const count = `query($start: Date!, $days: Int!) {
  addWorkingDays(districtCode: "${DISTRICT}", start: $start, days: $days) { start days day provisional }
}`;
const isWorking = `query($day: Date!) { isWorkingDay(districtCode: "${DISTRICT}", day: $day) }`;

/** A mutation's typed refusal (code and path), the district exactly as it was. */
async function refused(document: string, input: Record<string, unknown>, as: TokenClaims) {
  const before = await snapshotDatabase(database);
  const answer = await data(document, { input }, as);
  const result = Object.values(answer)[0] as Loose;
  expect(result.__typename, JSON.stringify(result)).not.toMatch(/Success$/);
  expect(await snapshotDatabase(database)).toEqual(before);
  return { code: result.code, path: result.path };
}

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const h = createHierarchyService(database, { today: () => '2025-01-01' });
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  running = await listen(
    createGateway({
      districts: [createLocalDistrictSource(database)],
      auth: testAuth,
      logging: false,
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
}, 60_000);
afterAll(() => running?.close());

describe('the working calendar, read by anyone', () => {
  it('a shipped year: known, from the national notice, its holidays and exchanged working days', async () => {
    const year = await data(
      `{ workingCalendar(districtCode: "${DISTRICT}", year: 2025) {
          districtCode year known origin source declaredOn days { day kind name origin working }
        } }`,
      {},
      'public',
    );
    const calendar = year.workingCalendar;
    expect(calendar).toMatchObject({
      districtCode: DISTRICT,
      year: 2025,
      known: true,
      origin: 'NATIONAL',
      declaredOn: null,
    });
    expect(calendar.source).toContain('国务院办公厅关于2025年部分节假日安排的通知');
    const byDay = new Map(calendar.days.map((day: Loose) => [day.day, day]));
    expect(byDay.get('2025-10-01')).toEqual({
      day: '2025-10-01',
      kind: 'HOLIDAY',
      name: '国庆节、中秋节',
      origin: 'NATIONAL',
      working: false,
    });
    expect(byDay.get('2025-09-28')).toMatchObject({ kind: 'WORKDAY', working: true });
    // Ordinary weekdays and weekends are not listed.
    expect(byDay.has('2025-10-09')).toBe(false);
    expect(calendar.days.filter((day: Loose) => day.kind === 'WORKDAY')).toHaveLength(5);
  });

  it('a year neither shipped nor declared is unknown; a year outside 2000–2100 is refused at `year`', async () => {
    const unknown = await data(
      `{ workingCalendar(districtCode: "${DISTRICT}", year: 2031) { known origin source days { day } } }`,
      {},
      'public',
    );
    expect(unknown.workingCalendar).toEqual({ known: false, origin: null, source: null, days: [] });
    const outside = await gql(
      `{ workingCalendar(districtCode: "${DISTRICT}", year: 1999) { known } }`,
      {},
      'public',
    );
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: ['year'] });
  });

  it('tells working days, and counts working days across holidays and exchanged weekend days', async () => {
    expect((await data(isWorking, { day: '2025-10-01' }, 'public')).isWorkingDay).toBe(false);
    expect((await data(isWorking, { day: '2025-09-28' }, 'public')).isWorkingDay).toBe(true);
    expect((await data(isWorking, { day: '2025-10-09' }, 'public')).isWorkingDay).toBe(true);
    // From Friday 09-26 one working day ends on Sunday 09-28, worked in exchange (调休上班).
    expect((await data(count, { start: '2025-09-26', days: 1 }, 'public')).addWorkingDays).toEqual({
      start: '2025-09-26',
      days: 1,
      day: '2025-09-28',
      provisional: false,
    });
    // From 09-30, across the eight days of 国庆节、中秋节.
    expect((await data(count, { start: '2025-09-30', days: 1 }, 'public')).addWorkingDays.day).toBe(
      '2025-10-09',
    );
    // 0 days: the same day when it is worked, else the next working day.
    expect((await data(count, { start: '2025-10-03', days: 0 }, 'public')).addWorkingDays.day).toBe(
      '2025-10-09',
    );
    const tooLong = await gql(count, { start: '2025-09-30', days: 251 }, 'public');
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: ['days'] });
    // A district this gateway does not serve: nothing is there.
    expect(
      await gql(
        `{ isWorkingDay(districtCode: "320506", day: "2025-10-01") addWorkingDays(districtCode: "320506", start: "2025-10-01", days: 1) { day } }`,
        {},
        'public',
      ),
    ).toEqual({ data: { isWorkingDay: null, addWorkingDays: null } });
    const outOfRange = await gql(isWorking, { day: '2101-01-03' }, 'public');
    expect(outOfRange.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DATE', field: ['day'] });
  });
});

describe('the district keeps its calendar', () => {
  it('a local holiday moves a deadline counted across it by a day', async () => {
    // Tuesday 2025-11-11 plus two working days: Thursday the 13th.
    expect((await data(count, { start: '2025-11-11', days: 2 }, 'public')).addWorkingDays.day).toBe(
      '2025-11-13',
    );
    const set = await data(
      setDay,
      {
        input: {
          districtCode: DISTRICT,
          day: '2025-11-12',
          kind: 'HOLIDAY',
          name: '区庆日',
          source: '虎丘区人民政府关于区庆日放假的通知',
          expectedVersion: 0,
        },
      },
      admin,
    );
    expect(set.setCalendarDay).toEqual({
      __typename: 'SetCalendarDaySuccess',
      data: {
        districtCode: DISTRICT,
        day: '2025-11-12',
        kind: 'HOLIDAY',
        name: '区庆日',
        source: '虎丘区人民政府关于区庆日放假的通知',
        version: 1,
        working: false,
      },
    });
    expect((await data(count, { start: '2025-11-11', days: 2 }, 'public')).addWorkingDays.day).toBe(
      '2025-11-14',
    );
    const year = await data(
      `{ workingCalendar(districtCode: "${DISTRICT}", year: 2025) { days { day origin working } } }`,
      {},
      'public',
    );
    expect(year.workingCalendar.days).toContainEqual({
      day: '2025-11-12',
      origin: 'DISTRICT',
      working: false,
    });
    // Put back under the weekday rule, at the version read.
    const back = await data(
      setDay,
      {
        input: {
          districtCode: DISTRICT,
          day: '2025-11-12',
          kind: 'ORDINARY',
          name: '区庆日取消',
          source: '虎丘区人民政府通知',
          expectedVersion: 1,
        },
      },
      admin,
    );
    expect(back.setCalendarDay.data).toMatchObject({ version: 2, working: true });
    expect((await data(count, { start: '2025-11-11', days: 2 }, 'public')).addWorkingDays.day).toBe(
      '2025-11-13',
    );
  });

  it('refuses bad entries with typed codes at the field, changing nothing', async () => {
    const entry = {
      districtCode: DISTRICT,
      day: '2025-12-01',
      kind: 'HOLIDAY',
      name: '区庆日',
      source: '区政府通知',
    };
    // Someone changed the entry since it was read (it is at version 2).
    expect(await refused(setDay, { ...entry, day: '2025-11-12', expectedVersion: 1 }, admin)).toEqual({
      code: 'VERSION_CONFLICT',
      path: ['input', 'expectedVersion'],
    });
    // A weekday is worked anyway: marked worked in exchange it is a mistyped date.
    expect(await refused(setDay, { ...entry, kind: 'WORKDAY' }, admin)).toEqual({
      code: 'VALIDATION_FAILED',
      path: ['input', 'day'],
    });
    expect(await refused(setDay, { ...entry, day: '2101-01-03' }, admin)).toEqual({
      code: 'INVALID_DATE',
      path: ['input', 'day'],
    });
    expect(await refused(setDay, { ...entry, name: '' }, admin)).toMatchObject({ path: ['input', 'name'] });
    expect((await refused(setDay, entry, communityStaff)).code).toBe('FORBIDDEN');
    // A district this gateway does not serve: the route refuses it, typed.
    expect(await refused(setDay, { ...entry, districtCode: '320506' }, admin)).toEqual({
      code: 'DISTRICT_NOT_SERVED',
      path: ['input', 'districtCode'],
    });
  });

  it('declares a year sanshe does not ship: deadlines in it are no longer provisional', async () => {
    expect((await data(count, { start: '2031-01-06', days: 3 }, 'public')).addWorkingDays).toMatchObject({
      day: '2031-01-09',
      provisional: true,
    });
    const days = [
      { day: '2031-01-01', kind: 'HOLIDAY', name: '元旦' },
      { day: '2031-01-08', kind: 'HOLIDAY', name: '地方假日' },
      { day: '2031-01-11', kind: 'WORKDAY', name: '调休上班' },
    ];
    const source = '国务院办公厅关于2031年部分节假日安排的通知';
    expect(
      await refused(
        declare,
        { districtCode: DISTRICT, year: 2031, source, days: [days[0], { ...days[1], day: '2032-01-08' }] },
        admin,
      ),
    ).toEqual({ code: 'VALIDATION_FAILED', path: ['input', 'days', '1', 'day'] });
    expect(
      await refused(declare, { districtCode: DISTRICT, year: 2031, source, days: [days[0], days[0]] }, admin),
    ).toEqual({
      code: 'VALIDATION_FAILED',
      path: ['input', 'days', '1', 'day'],
    });
    // 2025 ships nationally: the district changes single days of it, never the whole year.
    const newYear2025 = { day: '2025-01-01', kind: 'HOLIDAY', name: '元旦' };
    expect(
      await refused(declare, { districtCode: DISTRICT, year: 2025, source, days: [newYear2025] }, admin),
    ).toEqual({
      code: 'DUPLICATE_RECORD',
      path: ['input', 'year'],
    });
    expect(
      (await refused(declare, { districtCode: DISTRICT, year: 2031, source, days }, communityStaff)).code,
    ).toBe('FORBIDDEN');

    const declared = await data(
      declare,
      { input: { districtCode: DISTRICT, year: 2031, source, days } },
      admin,
    );
    expect(declared.declareCalendarYear).toMatchObject({
      __typename: 'DeclareCalendarYearSuccess',
      data: { year: 2031, source, entries: 3, calendar: { known: true, origin: 'DISTRICT', source } },
    });
    expect(declared.declareCalendarYear.data.calendar.days).toContainEqual({
      day: '2031-01-11',
      kind: 'WORKDAY',
      origin: 'DISTRICT',
      working: true,
    });
    // Monday 01-06 plus three working days, 01-08 off: Thursday the 9th is the second, Friday the 10th the third.
    expect((await data(count, { start: '2031-01-06', days: 3 }, 'public')).addWorkingDays).toMatchObject({
      day: '2031-01-10',
      provisional: false,
    });
    expect(await refused(declare, { districtCode: DISTRICT, year: 2031, source, days }, admin)).toEqual({
      code: 'DUPLICATE_RECORD',
      path: ['input', 'year'],
    });
  });
});
