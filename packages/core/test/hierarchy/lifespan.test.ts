/**
 * Pure rules of a unit's life and of list filters (hierarchy/lifespan.ts, hierarchy/filters.ts).
 * No database.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, it } from 'vitest';
import { likePattern, type UnitFilter, unitWhere } from '../../src/hierarchy/filters.js';
import { isActiveOn } from '../../src/hierarchy/lifespan.js';
import { relations } from '../../src/schema/relations.js';
import { todayInChina } from '../../src/services/dates.js';

describe('isActiveOn (lifespan.ts: in force from the effective date up to, not including, the retirement)', () => {
  const retired = { effectiveFrom: '2001-01-01', retiredOn: '2020-01-01' };
  const open = { effectiveFrom: '2001-01-01', retiredOn: null };

  it.each([
    ['the day before the effective date', '2000-12-31', false],
    ['the effective date', '2001-01-01', true],
    ['a day in between', '2010-06-15', true],
    ['the day before retirement', '2019-12-31', true],
    ['the retirement date', '2020-01-01', false],
    ['after retirement', '2024-01-01', false],
  ])('a unit retired 2020-01-01 on %s (%s) → %s', (_label, date, expected) => {
    expect(isActiveOn(retired, date)).toBe(expected);
  });

  it.each([
    ['before the effective date', '2000-12-31', false],
    ['the effective date', '2001-01-01', true],
    ['far in the future', '2999-12-31', true],
  ])('a unit never retired on %s (%s) → %s', (_label, date, expected) => {
    expect(isActiveOn(open, date)).toBe(expected);
  });

  it('schema lifespan check: a unit retired on its effective date is never in force', () => {
    const oneDay = { effectiveFrom: '2005-05-05', retiredOn: '2005-05-05' };
    expect(isActiveOn(oneDay, '2005-05-04')).toBe(false);
    expect(isActiveOn(oneDay, '2005-05-05')).toBe(false);
    expect(isActiveOn(oneDay, '2005-05-06')).toBe(false);
  });

  it('validators/text.ts parseIsoDate: zero-padded dates compare correctly as text across years and months', () => {
    const unit = { effectiveFrom: '2009-12-31', retiredOn: '2010-10-01' };
    expect(isActiveOn(unit, '2010-09-30')).toBe(true);
    expect(isActiveOn(unit, '2010-10-01')).toBe(false);
    expect(isActiveOn(unit, '2009-12-30')).toBe(false);
  });
});

describe('todayInChina (lifespan.ts: the calendar records are kept in is China Standard Time, UTC+8)', () => {
  it.each([
    ['16:00 UTC is midnight in China: the next day', '2024-12-31T16:00:00.000Z', '2025-01-01'],
    ['one millisecond earlier is still the same day', '2024-12-31T15:59:59.999Z', '2024-12-31'],
    ['midnight UTC is 08:00 in China', '2024-06-01T00:00:00.000Z', '2024-06-01'],
    ['leap day', '2024-02-28T16:30:00.000Z', '2024-02-29'],
    ['end of a leap day', '2024-02-29T15:59:59.000Z', '2024-02-29'],
  ])('%s (%s → %s)', (_label, iso, expected) => {
    expect(todayInChina(new Date(iso))).toBe(expected);
  });

  it('does not depend on the process time zone', () => {
    const now = new Date('2023-07-15T20:00:00Z');
    expect(todayInChina(now)).toBe('2023-07-16');
  });

  it('defaults to now and has the YYYY-MM-DD shape', () => {
    const today = todayInChina();
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const utcToday = new Date().toISOString().slice(0, 10);
    const nextUtcDay = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect([utcToday, nextUtcDay]).toContain(today);
  });
});

describe('likePattern (filters.ts: LIKE wildcards in a search are literal)', () => {
  it.each([
    ['plain text', '狮山', '%狮山%'],
    ['a percent sign', '50%', '%50\\%%'],
    ['an underscore', 'a_b', '%a\\_b%'],
    ['a backslash', 'a\\b', '%a\\\\b%'],
    ['all three', '%_\\', '%\\%\\_\\\\%'],
    ['a quote (left to parameters)', "o'brien", "%o'brien%"],
    ['the empty string', '', '%%'],
  ])('escapes %s: %j → %j', (_label, input, expected) => {
    expect(likePattern(input)).toBe(expected);
  });

  it('escapes every occurrence, not only the first', () => {
    expect(likePattern('%%__')).toBe('%\\%\\%\\_\\_%');
  });
});

describe('unitWhere (filters.ts: the list filter as a relational-query where, rendered without a database)', () => {
  // drizzle.mock() builds SQL but has no connection: these tests only look at the statement
  // and its parameters. Which rows come back is checked on real databases in unit-where.test.ts.
  const mock = drizzle.mock({ relations });
  const today = '2025-06-01';
  const render = (filter: UnitFilter, on: string = today, districtCode = '320505') =>
    mock.query.communities.findMany({ where: unitWhere(districtCode, filter, on) }).toSQL();

  it('always scopes to the district (docs/domain.md §2: each district owns its own data)', () => {
    expect(render({}).params[0]).toBe('320505');
    expect(render({ parentCode: '320505001' }, today, '320506').params).toContain('320506');
    expect(render({ includeRetired: true }).sql).toMatch(/"district_code" = \$1/);
  });

  it('by default compares the retirement date with today, passed as a parameter', () => {
    const { sql, params } = render({});
    expect(params).toContain(today);
    expect(sql).toMatch(/"retired_on" is null/);
    expect(sql).toMatch(/"retired_on" > \$\d/);
  });

  it('asOf bounds both ends of the lifespan with that date, not today', () => {
    const { sql, params } = render({ asOf: '2019-12-31' });
    expect(params.filter((p) => p === '2019-12-31')).toHaveLength(2);
    expect(params).not.toContain(today);
    expect(sql).toMatch(/"effective_from" <= \$\d/);
    expect(sql).toMatch(/"retired_on" > \$\d/);
  });

  it('includeRetired drops every date condition', () => {
    const { sql, params } = render({ includeRetired: true });
    expect(params).toEqual(['320505']);
    expect(sql).not.toMatch(/retired_on"? (is null|>)/);
  });

  it('filters.ts UnitFilter: includeRetired is ignored when asOf is given', () => {
    expect(render({ asOf: '2019-12-31', includeRetired: true })).toEqual(render({ asOf: '2019-12-31' }));
  });

  it('nameContains is a case-insensitive match on the escaped pattern, as a parameter', () => {
    const { sql, params } = render({
      nameContains: "%_\\'; drop table communities; --",
      includeRetired: true,
    });
    expect(params).toContain(likePattern("%_\\'; drop table communities; --"));
    expect(sql).toMatch(/"name" ilike \$\d/);
    expect(sql).not.toContain('drop table');
  });

  it('parentCode is a prefix match on the code, as a parameter', () => {
    const { sql, params } = render({ parentCode: '320505001', includeRetired: true });
    expect(params).toContain('320505001%');
    expect(sql).toMatch(/"code" like \$\d/);
  });

  it('kind is an exact match, as a parameter', () => {
    const { sql, params } = render({ kind: 'village', includeRetired: true });
    expect(params).toContain('village');
    expect(sql).toMatch(/"kind" = \$\d/);
  });

  it('empty strings are no filter', () => {
    expect(render({ parentCode: '', kind: '', nameContains: '', includeRetired: true }).params).toEqual([
      '320505',
    ]);
  });

  it('the default today is todayInChina()', () => {
    const { params } = mock.query.communities.findMany({ where: unitWhere('320505') }).toSQL();
    // Allow for a day boundary between the two readings.
    const candidates = [todayInChina(new Date(Date.now() - 60_000)), todayInChina()];
    expect(params.some((p) => candidates.includes(p as string))).toBe(true);
  });
});
