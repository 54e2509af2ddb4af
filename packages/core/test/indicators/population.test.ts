/**
 * Issue 16, "Rules to correct" 3: population figures are dated and carry their basis (docs/domain.md §4:
 * "Define the denominator explicitly (household-registered or resident population, reference
 * date): population figures are dated and carry their basis"). A ratio for a past date reads the
 * figure in force on that date, not today's.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { isSansheError } from '../../src/errors/index.js';
import { createPopulationService, type PopulationService } from '../../src/hierarchy/population-service.js';
import { createIndicatorService, type IndicatorService } from '../../src/indicators/index.js';
import { auditLog } from '../../src/schema/audit.js';
import { communities } from '../../src/schema/hierarchy.js';
import { createTestDistrictDatabase, snapshotDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { A, A1, A2, buildDistrict, DISTRICT, ON } from './fixture.js';

describe(`dated population figures with their basis (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let populations: PopulationService;
  let indicators: IndicatorService;

  const residentsOf = async (unitCode: string, on: string) =>
    (await indicators.indicatorsFor({ unitCode, on })).find(
      (v) => v.key === 'organizations_per_10k_residents',
    )!.denominator;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: DISTRICT });
    await buildDistrict(database);
    populations = createPopulationService(database, { today: () => ON });
    indicators = createIndicatorService(database, { today: () => ON });
  });
  afterAll(() => database.close());

  it('before any dated figure, the undated figure on the community record is used (legacy data, as before)', async () => {
    expect(await residentsOf(A1, '2019-12-31')).toBe(10_000);
    expect(await residentsOf(A1, ON)).toBe(10_000);
  });

  it('records figures; a ratio for a past date reads the figure in force then (latest as-of on or before it)', async () => {
    const census = await populations.recordPopulation({
      communityCode: A1,
      basis: 'resident',
      asOf: '2020-11-01',
      count: 8_000,
      source: '第七次全国人口普查',
    });
    expect(census).toMatchObject({
      districtCode: DISTRICT,
      basis: 'resident',
      asOf: '2020-11-01',
      count: 8_000,
    });
    await populations.recordPopulation({
      communityCode: A1,
      basis: 'resident',
      asOf: '2023-12-31',
      count: 10_500,
      source: '常住人口年度统计',
    });
    // A household-registered figure never enters a "per 10,000 residents" (常住) denominator.
    await populations.recordPopulation({
      communityCode: A1,
      basis: 'household_registered',
      asOf: '2024-01-01',
      count: 99_999,
      source: '公安户籍人口统计',
    });
    expect(await residentsOf(A1, '2020-10-31')).toBe(0); // dated figures exist, none yet in force
    expect(await residentsOf(A1, '2020-11-01')).toBe(8_000);
    expect(await residentsOf(A1, '2023-12-30')).toBe(8_000);
    expect(await residentsOf(A1, '2023-12-31')).toBe(10_500);
    expect(await residentsOf(A1, ON)).toBe(10_500);
    // A2 has no dated figure: its undated 5,000 still counts; the subdistrict sums both.
    expect(await residentsOf(A2, '2021-06-30')).toBe(5_000);
    expect(await residentsOf(A, '2021-06-30')).toBe(8_000 + 5_000 + 2_000 + 3_000);
    expect(
      await populations.populationInForce({ communityCode: A1, basis: 'resident', on: '2022-01-01' }),
    ).toMatchObject({ count: 8_000, source: '第七次全国人口普查' });
    expect(
      await populations.populationInForce({ communityCode: A1, basis: 'resident', on: '2020-01-01' }),
    ).toBeNull();
  });

  it('keeps residentPopulation on the community as its latest resident figure, and audits every write', async () => {
    const [a1] = await database.db.select().from(communities).where(eq(communities.code, A1));
    expect(a1!.residentPopulation).toBe(10_500);
    // An older figure recorded later does not move the community's figure.
    await populations.recordPopulation({
      communityCode: A1,
      basis: 'resident',
      asOf: '2015-11-01',
      count: 7_000,
      source: '全国1%人口抽样调查',
    });
    const [after] = await database.db.select().from(communities).where(eq(communities.code, A1));
    expect(after!.residentPopulation).toBe(10_500);
    const actions = (await database.db.select().from(auditLog)).map((row) => row.action);
    expect(actions.filter((a) => a === 'population.record')).toHaveLength(4);
    expect(actions).toContain('community.population');
  });

  it('names the basis and the reference date in the definition', async () => {
    const [value] = await indicators.indicatorsFor({ unitCode: A1, on: ON });
    expect(value!.denominatorDefinition).toMatch(/常住人口/);
    expect(value!.denominatorDefinition).toMatch(/not the household-registered population 户籍人口/);
    expect(value!.denominatorDefinition).toMatch(
      new RegExp(`latest recorded with an as-of date on or before ${ON}`),
    );
  });

  const good = {
    communityCode: A2,
    basis: 'resident',
    asOf: '2024-01-01',
    count: 5_200,
    source: '常住人口年度统计',
  };
  const bad: [string, Record<string, unknown>, string, (string | number)[]][] = [
    [
      'a malformed community code',
      { communityCode: '32050500100X' },
      'INVALID_DIVISION_CODE',
      ['input', 'communityCode'],
    ],
    ['a subdistrict code', { communityCode: A }, 'CODE_LEVEL_MISMATCH', ['input', 'communityCode']],
    [
      'another district',
      { communityCode: '320506001001' },
      'CODE_OUTSIDE_DISTRICT',
      ['input', 'communityCode'],
    ],
    ['an unknown community', { communityCode: `${A}099` }, 'NOT_FOUND', ['input', 'communityCode']],
    ['an unknown basis', { basis: 'registered' }, 'INVALID_CODE_LIST_VALUE', ['input', 'basis']],
    ['no basis', { basis: undefined }, 'INVALID_CODE_LIST_VALUE', ['input', 'basis']],
    ['an impossible date', { asOf: '2023-02-29' }, 'INVALID_DATE', ['input', 'asOf']],
    ['a negative count', { count: -1 }, 'INVALID_NUMBER', ['input', 'count']],
    ['a fractional count', { count: 10.5 }, 'INVALID_NUMBER', ['input', 'count']],
    ['a count as text', { count: '5000' }, 'INVALID_NUMBER', ['input', 'count']],
    ['an absurd count', { count: 1e9 }, 'INVALID_NUMBER', ['input', 'count']],
    ['an empty source', { source: '  ' }, 'INVALID_NAME', ['input', 'source']],
    [
      'a duplicate figure (same community, basis, day)',
      { communityCode: A1, asOf: '2020-11-01' },
      'DUPLICATE_RECORD',
      ['input', 'asOf'],
    ],
  ];
  it.each(bad)('refuses %s with a typed error and changes nothing', async (_what, change, code, path) => {
    const before = await snapshotDatabase(database);
    const error = await populations
      // biome-ignore lint/suspicious/noExplicitAny: bad input on purpose
      .recordPopulation({ ...good, ...change } as any)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isSansheError(error)).toBe(true);
    expect(error).toMatchObject({ code, path });
    expect(await snapshotDatabase(database)).toEqual(before);
  });

  it('refuses a caller who may not change communities (FORBIDDEN), changing nothing', async () => {
    const before = await snapshotDatabase(database);
    const outsider = createPopulationService(database, {
      actor: { id: 'community-staff', role: 'COMMUNITY_STAFF', district: DISTRICT },
    });
    await expect(outsider.recordPopulation(good as never)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshotDatabase(database)).toEqual(before);
  });
});
