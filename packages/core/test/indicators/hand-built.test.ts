/**
 * Indicators of a small district counted by hand (docs/domain.md §3, §4, §10). The fixture's comments
 * say which row is in or out of each figure; each expectation below lists the rows it counts. The
 * district has no service chain here: its indicators are counted in service-chain.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import {
  createIndicatorService,
  type IndicatorKey,
  type IndicatorService,
  type IndicatorValue,
  indicatorKeys,
  organizationAndWorkerIndicatorKeys,
} from '../../src/indicators/index.js';
import { createSqlRecorder, createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';
import {
  A,
  A1,
  A2,
  A3,
  A4,
  A5,
  buildDistrict,
  DISTRICT,
  ON,
  T,
  T_TARGET_SOURCE,
  T1,
  T2,
  T3,
} from './fixture.js';

const NATIONAL_TARGET_SOURCE = '关于大力培育发展社区社会组织的意见 (民发〔2017〕191号)';

type CountedKey = (typeof organizationAndWorkerIndicatorKeys)[number];
type Figures = Record<CountedKey, [numerator: number, denominator: number]>;

/** The organization and worker figures of the values (the ones this file counts by hand). */
function figuresOf(values: readonly IndicatorValue[]): Figures {
  const byKey = new Map(values.map((v) => [v.key, [v.numerator, v.denominator] as [number, number]]));
  return Object.fromEntries(
    organizationAndWorkerIndicatorKeys.map((key) => [key, byKey.get(key)]),
  ) as Figures;
}

function valueFor(values: readonly IndicatorValue[], key: IndicatorKey): IndicatorValue {
  return values.find((v) => v.key === key)!;
}

describe(`indicators of a hand-built district (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let service: IndicatorService;
  const recorder = createSqlRecorder();

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: DISTRICT, logger: recorder });
    await buildDistrict(database);
    service = createIndicatorService(database, { today: () => ON });
  });
  afterAll(() => database.close());

  it('district: every organization in force (with or without a base community), every certified worker', async () => {
    const values = await service.indicatorsFor({ unitCode: DISTRICT, on: ON });
    expect(values.map((v) => v.key)).toEqual([...indicatorKeys]);
    expect(figuresOf(values)).toEqual({
      // 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13 — not 3 (filed later), 4 (deregistered on ON), 14.
      // Residents of A1, A2, A3, T1, T2 and T3 (none recorded): A4 retired, A5 not yet in force.
      organizations_per_10k_residents: [11, 10_000 + 5_000 + 2_000 + 4_000 + 1_500],
      // Urban communities in force: A1 (1, 2, 5), A2 (6), T1 (9).
      community_organizations_per_urban_community: [5, 3],
      // Rural: T2 (10, 11), T3 (12).
      community_organizations_per_rural_community: [3, 2],
      // Workers 1, 2, 3, 4, 5, 7, 9, 10, 11 — not 6 (lapsed) nor 8 (registration from tomorrow).
      certified_social_workers_per_10k_residents: [9, 22_500],
      // 持证: all 11 passed in 2015 (worker 11 also in 2020): 6 and 8 hold a certificate, unregistered.
      certificate_holders_per_10k_residents: [11, 22_500],
      // 15 (registered by 320506) and 16 (by the city bureau 320500): never in the figures above.
      organizations_registered_elsewhere_per_10k_residents: [2, 22_500],
    });
    const perTenThousand = valueFor(values, 'organizations_per_10k_residents');
    expect(perTenThousand).toMatchObject({
      unitCode: DISTRICT,
      level: 'district',
      on: ON,
      scale: 10_000,
      target: null,
    });
    expect(perTenThousand.value).toBeCloseTo((11 / 22_500) * 10_000, 10);
    expect(valueFor(values, 'certified_social_workers_per_10k_residents').value).toBeCloseTo(4, 10);
    expect(valueFor(values, 'community_organizations_per_urban_community')).toMatchObject({
      scale: 1,
      value: 5 / 3,
      target: 10,
      targetSource: NATIONAL_TARGET_SOURCE,
    });
    expect(valueFor(values, 'community_organizations_per_rural_community')).toMatchObject({
      value: 1.5,
      target: 5,
      targetSource: NATIONAL_TARGET_SOURCE,
    });
  });

  it('subdistrict: organizations by base community, workers by posts in force at the unit', async () => {
    expect(figuresOf(await service.indicatorsFor({ unitCode: A, on: ON }))).toEqual({
      // 1, 2, 5 (A1), 6 (A2), 7 (A3, no class), 8 (A4, retired community, organization in force).
      organizations_per_10k_residents: [6, 17_000],
      community_organizations_per_urban_community: [4, 2],
      community_organizations_per_rural_community: [0, 0],
      // 1 (A1), 2 (organization 6 of A2), 3 (A1), 11 (A1 and A2, once) — 9's post ended, 10's starts tomorrow.
      certified_social_workers_per_10k_residents: [4, 17_000],
      // The same and 6 (A1, registration lapsed) and 8 (A2, registration from tomorrow).
      certificate_holders_per_10k_residents: [6, 17_000],
      // 15, rooted in A2.
      organizations_registered_elsewhere_per_10k_residents: [1, 17_000],
    });
    expect(figuresOf(await service.indicatorsFor({ unitCode: T, on: ON }))).toEqual({
      organizations_per_10k_residents: [4, 5_500],
      community_organizations_per_urban_community: [1, 1],
      community_organizations_per_rural_community: [3, 2],
      // 3 (part-time at organization 9 of T1), 7 (post at T2 ending on the reference date).
      certified_social_workers_per_10k_residents: [2, 5_500],
      certificate_holders_per_10k_residents: [2, 5_500],
      organizations_registered_elsewhere_per_10k_residents: [0, 5_500],
    });
  });

  it('community: the same rules on one community; a rural community without population has no ratio per resident', async () => {
    expect(figuresOf(await service.indicatorsFor({ unitCode: A1, on: ON }))).toEqual({
      organizations_per_10k_residents: [3, 10_000],
      community_organizations_per_urban_community: [3, 1],
      community_organizations_per_rural_community: [0, 0],
      certified_social_workers_per_10k_residents: [3, 10_000],
      certificate_holders_per_10k_residents: [4, 10_000], // 1, 3, 6, 11
      organizations_registered_elsewhere_per_10k_residents: [0, 10_000],
    });
    const t3 = await service.indicatorsFor({ unitCode: T3, on: ON });
    expect(figuresOf(t3).organizations_per_10k_residents).toEqual([1, 0]);
    expect(valueFor(t3, 'organizations_per_10k_residents').value).toBeNull();
    expect(valueFor(t3, 'community_organizations_per_rural_community')).toMatchObject({
      numerator: 1,
      denominator: 1,
      value: 1,
      target: 6,
      targetSource: T_TARGET_SOURCE,
    });
    // A3 has no urban-rural class: in neither the urban nor the rural figure.
    const a3 = figuresOf(await service.indicatorsFor({ unitCode: A3, on: ON }));
    expect(a3.community_organizations_per_urban_community).toEqual([0, 0]);
    expect(a3.community_organizations_per_rural_community).toEqual([0, 0]);
    expect(a3.organizations_per_10k_residents).toEqual([1, 2_000]);
  });

  it('boundary days: filed or registered on the day counts, deregistered on the day does not; registrations and posts count on their first and last days', async () => {
    const dayBefore = figuresOf(await service.indicatorsFor({ unitCode: A1, on: '2024-06-29' }));
    const dayOf = figuresOf(await service.indicatorsFor({ unitCode: A1, on: ON }));
    const dayAfter = figuresOf(await service.indicatorsFor({ unitCode: A1, on: '2024-07-01' }));
    // Day before: 1, 4, 5 (2 not yet filed). Day of: 1, 2, 5 (4 deregistered). Day after: 1, 2, 3 (5 deregistered).
    expect(dayBefore.organizations_per_10k_residents[0]).toBe(3);
    expect(dayOf.organizations_per_10k_residents[0]).toBe(3);
    expect(dayAfter.organizations_per_10k_residents[0]).toBe(3);
    // T2: worker 7's registration and post both end on the reference date.
    const t2 = async (on: string) =>
      figuresOf(await service.indicatorsFor({ unitCode: T2, on }))
        .certified_social_workers_per_10k_residents[0];
    expect(await t2(ON)).toBe(1);
    expect(await t2('2024-07-01')).toBe(0);
    // A2 the day after: worker 8's registration and worker 10's post begin (8's post is open).
    const a2After = figuresOf(await service.indicatorsFor({ unitCode: A2, on: '2024-07-01' }));
    expect(a2After.certified_social_workers_per_10k_residents[0]).toBe(4); // 2, 8, 10, 11
    const a2On = figuresOf(await service.indicatorsFor({ unitCode: A2, on: ON }));
    expect(a2On.certified_social_workers_per_10k_residents[0]).toBe(2); // 2, 11
  });

  it('the population of a community counts while the community is in force: a retired one drops out, a new one comes in', async () => {
    const before = figuresOf(await service.indicatorsFor({ unitCode: A, on: '2023-12-31' }));
    const after = figuresOf(await service.indicatorsFor({ unitCode: A, on: '2025-01-01' }));
    expect(before.organizations_per_10k_residents[1]).toBe(10_000 + 5_000 + 2_000 + 3_000);
    expect(after.organizations_per_10k_residents[1]).toBe(10_000 + 5_000 + 2_000 + 6_000);
    expect(before.community_organizations_per_urban_community).toEqual([5, 3]); // A1 (1, 4, 5), A2 (6), A4 (8)
  });

  it('民发〔2017〕191号 targets: national from 2017-12-27, a subdistrict’s own value for its units, none before', async () => {
    const early = await service.indicatorsFor({ unitCode: A, on: '2017-06-30' });
    expect(valueFor(early, 'community_organizations_per_urban_community')).toMatchObject({
      target: null,
      targetSource: null,
    });
    const town = await service.indicatorsFor({ unitCode: T1, on: ON });
    expect(valueFor(town, 'community_organizations_per_urban_community')).toMatchObject({
      target: 12,
      targetSource: T_TARGET_SOURCE,
    });
    expect(valueFor(town, 'organizations_per_10k_residents')).toMatchObject({
      target: null,
      targetSource: null,
    });
  });

  it('definitions say what is counted, for the level asked, with the reference date', async () => {
    const district = await service.indicatorsFor({ unitCode: DISTRICT, on: ON });
    const community = await service.indicatorsFor({ unitCode: A1, on: ON });
    const districtWorkers = valueFor(district, 'certified_social_workers_per_10k_residents');
    const communityWorkers = valueFor(community, 'certified_social_workers_per_10k_residents');
    expect(districtWorkers.numeratorDefinition).toMatch(/whether or not they hold a post/);
    expect(districtWorkers.numeratorDefinition).toMatch(/count at district level only/);
    expect(communityWorkers.numeratorDefinition).toMatch(new RegExp(`post in force.*${A1}`));
    expect(communityWorkers.numeratorDefinition).toMatch(/count at district level only/);
    expect(districtWorkers.denominatorDefinition).toMatch(/常住人口/);
    expect(districtWorkers.denominatorDefinition).toContain(ON);
    expect(valueFor(district, 'organizations_per_10k_residents').numeratorDefinition).toMatch(
      /no base community/,
    );
    expect(valueFor(district, 'community_organizations_per_urban_community').numeratorDefinition).toMatch(
      /no urban-rural class recorded are left out/,
    );
  });

  it('the reference date defaults to today', async () => {
    expect(await service.indicatorsFor({ unitCode: A })).toEqual(
      await service.indicatorsFor({ unitCode: A, on: ON }),
    );
  });

  describe('breakdown by child unit', () => {
    it('district → subdistricts: indicators 2 and 3 add up exactly; 1 adds up to the district less organizations with no base community', async () => {
      const district = figuresOf(await service.indicatorsFor({ unitCode: DISTRICT, on: ON }));
      const children = await service.indicatorsByChildUnit({ unitCode: DISTRICT, on: ON });
      expect(children.map((c) => [c.unitCode, c.unitName, c.level])).toEqual([
        [A, '甲街道', 'subdistrict'],
        [T, '乙镇', 'subdistrict'],
      ]);
      const sum = (key: CountedKey, part: 0 | 1) =>
        children.reduce((total, child) => total + figuresOf(child.indicators)[key][part], 0);
      for (const key of [
        'community_organizations_per_urban_community',
        'community_organizations_per_rural_community',
      ] as const) {
        expect([sum(key, 0), sum(key, 1)]).toEqual(district[key]);
      }
      // Organization 13 works across the district: counted by the district, by no subdistrict.
      expect(sum('organizations_per_10k_residents', 0)).toBe(district.organizations_per_10k_residents[0] - 1);
      expect(sum('organizations_per_10k_residents', 1)).toBe(district.organizations_per_10k_residents[1]);
      // Organization 16 (registered elsewhere) has no base community either.
      expect(sum('organizations_registered_elsewhere_per_10k_residents', 0)).toBe(
        district.organizations_registered_elsewhere_per_10k_residents[0] - 1,
      );
      expect(sum('certified_social_workers_per_10k_residents', 1)).toBe(
        district.certified_social_workers_per_10k_residents[1],
      );
      // Workers: 3 is in both subdistricts; 4, 5, 9, 10 in none; so no sum rule, but no child exceeds the parent.
      for (const child of children) {
        expect(figuresOf(child.indicators).certified_social_workers_per_10k_residents[0]).toBeLessThanOrEqual(
          district.certified_social_workers_per_10k_residents[0],
        );
      }
      expect(children.map((c) => figuresOf(c.indicators))).toEqual([
        figuresOf(await service.indicatorsFor({ unitCode: A, on: ON })),
        figuresOf(await service.indicatorsFor({ unitCode: T, on: ON })),
      ]);
    });

    it('subdistrict → communities: 1–3 add up exactly (a retired community with an organization is listed), 4 adds up to at least the parent', async () => {
      const parent = figuresOf(await service.indicatorsFor({ unitCode: A, on: ON }));
      const children = await service.indicatorsByChildUnit({ unitCode: A, on: ON });
      // A5 is not yet in force and has nothing recorded: left out. A4 is retired but roots organization 8.
      expect(children.map((c) => c.unitCode)).toEqual([A1, A2, A3, A4]);
      expect(children.map((c) => c.unitCode)).not.toContain(A5);
      for (const key of organizationAndWorkerIndicatorKeys) {
        const numerators = children.reduce((t, c) => t + figuresOf(c.indicators)[key][0], 0);
        const denominators = children.reduce((t, c) => t + figuresOf(c.indicators)[key][1], 0);
        expect(denominators, key).toBe(parent[key][1]);
        if (
          key === 'certified_social_workers_per_10k_residents' ||
          key === 'certificate_holders_per_10k_residents'
        ) {
          // Worker 11 holds posts at A1 and A2: once in A, once in each community.
          expect(numerators).toBe(parent[key][0] + 1);
        } else {
          expect(numerators, key).toBe(parent[key][0]);
        }
      }
      for (const child of children) {
        expect(figuresOf(child.indicators)).toEqual(
          figuresOf(await service.indicatorsFor({ unitCode: child.unitCode, on: ON })),
        );
      }
    });

    it('takes the same number of statements for a district of 2 or of many subdistricts (one per family, not one per unit)', async () => {
      recorder.clear();
      await service.indicatorsByChildUnit({ unitCode: A, on: ON });
      const reads = recorder.statements.filter((s) => /^\s*(select|with)/i.test(s.sql));
      // The unit, its children, the counters (every figure but the time bank's), the ledger's
      // points, targets.
      expect(reads).toHaveLength(5);
      recorder.clear();
      await service.indicatorsFor({ unitCode: DISTRICT, on: ON });
      // The unit, the counters, the ledger's points, targets.
      expect(recorder.statements.filter((s) => /^\s*(select|with)/i.test(s.sql))).toHaveLength(4);
    });

    it('a district without a service chain or volunteers has every chain and points figure at 0 / 0, so no value; volunteers 0 per resident', async () => {
      const values = await service.indicatorsFor({ unitCode: DISTRICT, on: ON });
      const perResident = new Set<IndicatorKey>([
        'registered_volunteers_per_10k_residents',
        'active_volunteers_per_10k_residents',
      ]);
      for (const value of values.filter(
        (v) => !(organizationAndWorkerIndicatorKeys as readonly IndicatorKey[]).includes(v.key),
      )) {
        if (perResident.has(value.key)) {
          expect([value.key, value.numerator, value.value]).toEqual([value.key, 0, 0]);
          expect(value.denominator).toBeGreaterThan(0);
        } else {
          expect([value.key, value.numerator, value.denominator, value.value]).toEqual([
            value.key,
            0,
            0,
            null,
          ]);
        }
      }
    });
  });
});
