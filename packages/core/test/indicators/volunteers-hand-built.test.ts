/**
 * The volunteer and time-bank indicators (docs/domain.md §5, §10) of the small hand-built district
 * (fixture.ts), with volunteers, services and points inserted by hand: each expectation lists the
 * rows it counts. The edges: registration and withdrawal on the day, the 12 months in China's
 * calendar (a service at 00:30 on the first day counts, one at 23:30 the day before does not,
 * though both fall on the same UTC day), corrections, voids and imported records, points moved
 * between holders of two communities, a reversal.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import {
  createIndicatorService,
  type IndicatorService,
  type IndicatorValue,
  volunteerIndicatorKeys,
} from '../../src/indicators/index.js';
import { developmentKeyring } from '../../src/personal-data/keyring.js';
import { volunteerServices, volunteers, volunteerTeams } from '../../src/schema/volunteers.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { computeResidentIdCheck } from '../../src/validators/index.js';
import { volunteerResidentIdColumns } from '../../src/volunteers/volunteer-identifiers.js';
import { A, A1, buildDistrict, DAY_AFTER, DISTRICT, ON, T } from './fixture.js';

type Key = (typeof volunteerIndicatorKeys)[number];

function figuresOf(values: readonly IndicatorValue[]): Record<Key, [number, number]> {
  const byKey = new Map(values.map((v) => [v.key, [v.numerator, v.denominator] as [number, number]]));
  return Object.fromEntries(volunteerIndicatorKeys.map((key) => [key, byKey.get(key)])) as Record<
    Key,
    [number, number]
  >;
}

describe(`volunteer indicators of a hand-built district (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let service: IndicatorService;
  let residents: { district: number; A: number; A1: number; T: number };

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: DISTRICT });
    const ids = await buildDistrict(database);
    service = createIndicatorService(database, { today: () => ON });
    const residentsOf = async (unitCode: string) =>
      (await service.indicatorsFor({ unitCode, on: ON })).find(
        (v) => v.key === 'organizations_per_10k_residents',
      )!.denominator;
    residents = {
      district: await residentsOf(DISTRICT),
      A: await residentsOf(A),
      A1: await residentsOf(A1),
      T: await residentsOf(T),
    };

    const volunteer = (
      id: number,
      communityId: number,
      registeredOn: string,
      withdrawnOn: string | null = null,
    ) => {
      const first17 = `${DISTRICT}1980010${id}${String(200 + id)}`.slice(0, 17);
      return {
        districtCode: DISTRICT,
        id,
        name: `志愿者${'甲乙丙丁戊己'[id - 1]}`,
        ...volunteerResidentIdColumns(
          developmentKeyring,
          DISTRICT,
          first17 + computeResidentIdCheck(first17),
        ),
        adultOn: '1998-01-01',
        homeCommunityId: communityId,
        registeredOn,
        withdrawnOn,
      };
    };
    await database.db.insert(volunteers).values([
      volunteer(1, ids.A1!, '2020-01-01'), // registered, active (service 1)
      volunteer(2, ids.A1!, ON), // registered on the day: counts; served only before the 12 months
      volunteer(3, ids.A1!, '2020-01-01', ON), // withdrawn on the day: not registered; its hours count
      volunteer(4, ids.A1!, DAY_AFTER), // registered the day after: not yet
      volunteer(5, ids.T2!, '2021-01-01'), // registered in T2; its only record is voided, one imported
      volunteer(6, ids.T2!, '2021-01-01'), // registered in T2, active through a correction
    ]);
    await database.db.insert(volunteerTeams).values({
      districtCode: DISTRICT,
      id: 1,
      name: '乙镇志愿服务队',
      communityId: ids.T2!,
      foundedOn: '2021-01-01',
    });
    const served = (
      id: number,
      volunteerId: number,
      startedAt: string,
      minutes: number,
      extra: Partial<typeof volunteerServices.$inferInsert> = {},
    ) => ({
      districtCode: DISTRICT,
      id,
      volunteerId,
      content: '社区服务',
      place: '社区',
      communityId: ids.A1!,
      startedAt,
      endedAt: new Date(Date.parse(startedAt) + 4 * 3600_000).toISOString(),
      minutes,
      certifierKind: 'community',
      certifierCommunityId: ids.A1!,
      certifierName: '社区',
      recordedBy: 'test',
      ...extra,
    });
    await database.db.insert(volunteerServices).values([
      served(1, 1, '2023-07-01T00:30:00+08:00', 90), // first day of the 12 months to ON: counts
      served(2, 2, '2023-06-30T23:30:00+08:00', 60), // the day before (same UTC day): does not
      served(3, 3, '2024-06-29T09:00:00+08:00', 120), // counts in hours; volunteer 3 not registered on ON
      served(4, 1, '2024-07-01T09:00:00+08:00', 30), // after ON
      served(5, 5, '2024-01-10T09:00:00+08:00', 60),
      served(6, 6, '2024-02-10T09:00:00+08:00', 100),
      served(7, 5, '2024-03-10T09:00:00+08:00', 45, {
        communityId: null,
        certifierKind: 'imported',
        certifierCommunityId: null,
        certifierName: '外区',
        originRef: 'sanshe:320506:7',
      }), // imported: counted where it was served
    ]);
    await database.db.insert(volunteerServices).values([
      served(8, 5, '2024-01-10T09:00:00+08:00', 0, {
        correctsServiceId: 5,
        correctionReason: '未发生',
        isVoid: true,
      }), // voids 5
      served(9, 6, '2024-02-10T09:00:00+08:00', 80, { correctsServiceId: 6, correctionReason: '更正时长' }), // 80 in place of 100
    ]);

    // Points: accounts and entries written as the time bank writes them; balances by trigger.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into ledger_accounts (district_code, id, kind, unit, volunteer_id, team_id, floor, opened_on) values
        (${DISTRICT}, 1, 'points_issuer', 'points', null, null, null, '2024-01-01'),
        (${DISTRICT}, 2, 'points_redeemed', 'points', null, null, null, '2024-01-01'),
        (${DISTRICT}, 3, 'volunteer', 'points', 1, null, 0, '2024-01-01'),
        (${DISTRICT}, 4, 'volunteer', 'points', 6, null, 0, '2024-01-01'),
        (${DISTRICT}, 5, 'team', 'points', null, 1, 0, '2024-01-01')`);
      const entry = (id: number, kind: string, day: string, reverses: number | null = null) =>
        sql`(${DISTRICT}, ${id}, ${kind}, ${day}, 'test', ${reverses}, 'test')`;
      await tx.execute(sql`insert into journal_entries (district_code, id, kind, occurred_on, description, reverses_entry_id, recorded_by) values
        ${entry(1, 'points_earning', '2024-01-15')},
        ${entry(2, 'points_earning', '2024-02-10')},
        ${entry(3, 'points_exchange', '2024-03-01')},
        ${entry(4, 'points_transfer', '2024-04-01')},
        ${entry(5, 'points_exchange', '2024-05-01')},
        ${entry(6, 'reversal', '2024-05-02', 5)},
        ${entry(7, 'points_exchange', DAY_AFTER)}`);
      const line = (id: number, entryId: number, accountId: number, amount: number) =>
        sql`(${DISTRICT}, ${id}, ${entryId}, ${accountId}, 'points', ${amount})`;
      await tx.execute(sql`insert into journal_lines (district_code, id, entry_id, account_id, unit, amount) values
        ${line(1, 1, 1, -100)}, ${line(2, 1, 3, 100)},
        ${line(3, 2, 1, -40)}, ${line(4, 2, 4, 40)},
        ${line(5, 3, 3, -30)}, ${line(6, 3, 2, 30)},
        ${line(7, 4, 3, -20)}, ${line(8, 4, 5, 20)},
        ${line(9, 5, 4, -10)}, ${line(10, 5, 2, 10)},
        ${line(11, 6, 4, 10)}, ${line(12, 6, 2, -10)},
        ${line(13, 7, 3, -5)}, ${line(14, 7, 2, 5)}`);
    });
  });
  afterAll(() => database.close());

  it('the district on the day: registered 1, 2, 5, 6; active 1 and 6; hours of services 1, 3 and 9; points issued 140, redeemed 30, held 110', async () => {
    const figures = figuresOf(await service.indicatorsFor({ unitCode: DISTRICT, on: ON }));
    expect(figures).toEqual({
      registered_volunteers_per_10k_residents: [4, residents.district],
      active_volunteers_per_10k_residents: [2, residents.district],
      volunteer_hours_per_registered_volunteer: [(90 + 120 + 80) / 60, 4],
      // Exchange 3 (30); exchange 5 and its reversal cancel; exchange 7 is dated the day after.
      time_bank_points_redeemed_share: [30, 140],
      // 100 − 30 − 20 (volunteer 1) + 40 (volunteer 6) + 20 (the team's pool) = 110 = 140 − 30.
      time_bank_points_outstanding_share: [110, 140],
    });
  });

  it('by subdistrict: A holds volunteers 1–3 and what volunteer 1 earned and spent; T volunteers 5 and 6, the correction and the team pool', async () => {
    const units = await service.indicatorsByChildUnit({ unitCode: DISTRICT, on: ON });
    const of = (code: string) => figuresOf(units.find((u) => u.unitCode === code)!.indicators);
    expect(of(A)).toEqual({
      registered_volunteers_per_10k_residents: [2, residents.A],
      active_volunteers_per_10k_residents: [1, residents.A],
      volunteer_hours_per_registered_volunteer: [(90 + 120) / 60, 2],
      time_bank_points_redeemed_share: [30, 100],
      time_bank_points_outstanding_share: [50, 100],
    });
    expect(of(T)).toEqual({
      registered_volunteers_per_10k_residents: [2, residents.T],
      active_volunteers_per_10k_residents: [1, residents.T],
      volunteer_hours_per_registered_volunteer: [80 / 60, 2],
      time_bank_points_redeemed_share: [0, 40],
      // Volunteer 6 holds 40, the team's pool the 20 volunteer 1 of A gave it.
      time_bank_points_outstanding_share: [60, 40],
    });
  });

  it('the 12 months move with the day: service 2 counts on the day before, service 1 no longer the day after', async () => {
    const figures = figuresOf(await service.indicatorsFor({ unitCode: A1, on: '2024-06-29' }));
    // On 2024-06-29: volunteer 2 is not yet registered, 3 not yet withdrawn; services 2 (2023-06-30)
    // and 1 (2023-07-01) and 3 (2024-06-29) are all in the 12 months from 2023-06-30.
    expect(figures.registered_volunteers_per_10k_residents[0]).toBe(2);
    expect(figures.active_volunteers_per_10k_residents[0]).toBe(2);
    expect(figures.volunteer_hours_per_registered_volunteer).toEqual([(90 + 60 + 120) / 60, 2]);
    const later = figuresOf(await service.indicatorsFor({ unitCode: A1, on: '2024-07-01' }));
    // On 2024-07-01: volunteers 1, 2 and 4 registered (3 withdrawn); service 1 (2023-07-01) has
    // left the 12 months, service 4 has come in: volunteer 1 is still active.
    expect(later.active_volunteers_per_10k_residents[0]).toBe(1);
    expect(later.volunteer_hours_per_registered_volunteer).toEqual([(120 + 30) / 60, 3]);
  });
});
