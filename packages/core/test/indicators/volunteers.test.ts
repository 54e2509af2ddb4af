/**
 * The volunteer and time-bank indicators (docs/domain.md §5, §10) of the seeded demo district
 * against direct SQL counts written independently of the indicator service: the records in force
 * by a plain NOT EXISTS, the 12 months by the day in China (AT TIME ZONE), points by the accounts'
 * balances. Numerators and denominators add up from communities to subdistricts to the district.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import {
  type DemoDistrictPlan,
  demoDistricts,
  planDemoDistrict,
  seedDemoDistrict,
} from '../../src/demo/index.js';
import {
  createIndicatorService,
  type IndicatorService,
  type IndicatorValue,
  volunteerIndicatorKeys,
} from '../../src/indicators/index.js';
import { addDays, addYears } from '../../src/services/dates.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';

type Key = (typeof volunteerIndicatorKeys)[number];
type Figures = Record<Key, [number, number]>;

function figuresOf(values: readonly IndicatorValue[]): Figures {
  return Object.fromEntries(
    values
      .filter((v) => (volunteerIndicatorKeys as readonly string[]).includes(v.key))
      .map((v) => [v.key, [v.numerator, v.denominator]]),
  ) as Figures;
}

async function rowsOf(database: DistrictDatabase, query: ReturnType<typeof sql>) {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: Record<string, unknown>[] }).rows;
}

const district = demoDistricts[0];

describe(`volunteer indicators of the demo district ${district.districtCode} equal direct SQL counts (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let service: IndicatorService;
  let plan: DemoDistrictPlan;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: district.districtCode });
    plan = planDemoDistrict(district);
    await seedDemoDistrict(database, plan);
    service = createIndicatorService(database);
  });
  afterAll(() => database.close());

  /** Volunteers, active volunteers and minutes per unit of `length` digits, in plain SQL. */
  async function volunteerCounts(on: string, length: number) {
    const from = addDays(addYears(on, -1), 1);
    const rows = await rowsOf(
      database,
      sql`with counted as (
            select s.volunteer_id, s.minutes from volunteer_services s
             where not s.is_void and s.certifier_kind <> 'imported'
               and not exists (select 1 from volunteer_services c
                                where c.district_code = s.district_code and c.corrects_service_id = s.id)
               and (s.started_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${on}::date
          ),
          per_volunteer as (
            select v.id, left(c.code, ${length}) as unit,
                   v.registered_on <= ${on}::date and (v.withdrawn_on is null or v.withdrawn_on > ${on}::date) as registered,
                   (select sum(minutes) from counted where counted.volunteer_id = v.id) as minutes
              from volunteers v join communities c on c.district_code = v.district_code and c.id = v.home_community_id
          )
          select unit,
                 count(*) filter (where registered)::int as registered,
                 count(*) filter (where registered and minutes is not null)::int as active,
                 coalesce(sum(minutes), 0)::int as minutes
            from per_volunteer group by unit`,
    );
    return new Map(
      rows.map((r) => [String(r.unit), r as { registered: number; active: number; minutes: number }]),
    );
  }

  it('on the plan’s day and before: the district’s registered, active, hours and points, as SQL counts them', async () => {
    for (const on of [plan.asOf, addDays(plan.asOf, -100), '2025-01-01', '2019-06-30']) {
      const figures = figuresOf(await service.indicatorsFor({ unitCode: district.districtCode, on }));
      const counts = (await volunteerCounts(on, 6)).get(district.districtCode)!;
      expect(figures.registered_volunteers_per_10k_residents[0]).toBe(counts.registered);
      expect(figures.active_volunteers_per_10k_residents[0]).toBe(counts.active);
      expect(figures.volunteer_hours_per_registered_volunteer[0]).toBeCloseTo(counts.minutes / 60, 9);
      expect(figures.volunteer_hours_per_registered_volunteer[1]).toBe(counts.registered);
      // Residents are the other indicators' denominator, the same figure.
      const values = await service.indicatorsFor({ unitCode: district.districtCode, on });
      const residents = values.find((v) => v.key === 'organizations_per_10k_residents')!.denominator;
      expect(figures.registered_volunteers_per_10k_residents[1]).toBe(residents);
      expect(figures.active_volunteers_per_10k_residents[1]).toBe(residents);

      const [points] = await rowsOf(
        database,
        sql`select
              coalesce(-sum(l.amount) filter (where a.kind = 'points_issuer'), 0)::int as issued,
              coalesce(sum(l.amount) filter (where a.kind = 'points_redeemed'), 0)::int as redeemed,
              coalesce(sum(l.amount) filter (where a.kind in ('volunteer', 'team', 'community', 'organization')), 0)::int as held
            from journal_lines l
            join ledger_accounts a on a.district_code = l.district_code and a.id = l.account_id
            join journal_entries e on e.district_code = l.district_code and e.id = l.entry_id
           where l.unit = 'points' and e.occurred_on <= ${on}::date`,
      );
      expect(figures.time_bank_points_redeemed_share).toEqual([points!.redeemed, points!.issued]);
      expect(figures.time_bank_points_outstanding_share).toEqual([points!.held, points!.issued]);
      // Every point issued is redeemed or held.
      expect(points!.issued).toBe((points!.redeemed as number) + (points!.held as number));
    }
  });

  it('on the plan’s day the points figures are the accounts’ balances, and the demo shows every figure', async () => {
    const figures = figuresOf(
      await service.indicatorsFor({ unitCode: district.districtCode, on: plan.asOf }),
    );
    const balance = (kind: string) =>
      plan.timeBankAccounts
        .filter((a) => a.kind === kind && a.unit === 'points')
        .reduce((t, a) => t + a.balance, 0);
    const held = balance('volunteer') + balance('team') + balance('community') + balance('organization');
    expect(figures.time_bank_points_redeemed_share).toEqual([
      balance('points_redeemed'),
      -balance('points_issuer'),
    ]);
    expect(figures.time_bank_points_outstanding_share).toEqual([held, -balance('points_issuer')]);
    for (const key of volunteerIndicatorKeys) {
      expect(figures[key][0], key).toBeGreaterThan(0);
      expect(figures[key][1], key).toBeGreaterThan(0);
    }
  });

  it('per subdistrict and per community: SQL’s counts, adding up to the unit above', async () => {
    const on = plan.asOf;
    const bySubdistrict = await volunteerCounts(on, 9);
    const byCommunity = await volunteerCounts(on, 12);
    const subdistricts = await service.indicatorsByChildUnit({ unitCode: district.districtCode, on });
    const whole = figuresOf(await service.indicatorsFor({ unitCode: district.districtCode, on }));
    const sum = (units: { indicators: IndicatorValue[] }[], key: Key, part: 0 | 1) =>
      units.reduce((t, u) => t + figuresOf(u.indicators)[key][part], 0);
    for (const key of volunteerIndicatorKeys) {
      for (const part of [0, 1] as const) {
        // Every volunteer and every points holder of the demo is placed in a community.
        expect(sum(subdistricts, key, part), `${key}[${part}]`).toBeCloseTo(whole[key][part], 6);
      }
    }
    for (const subdistrict of subdistricts) {
      const figures = figuresOf(subdistrict.indicators);
      const counts = bySubdistrict.get(subdistrict.unitCode) ?? { registered: 0, active: 0, minutes: 0 };
      expect(figures.registered_volunteers_per_10k_residents[0]).toBe(counts.registered);
      expect(figures.active_volunteers_per_10k_residents[0]).toBe(counts.active);
      expect(figures.volunteer_hours_per_registered_volunteer[0]).toBeCloseTo(counts.minutes / 60, 9);
      const communities = await service.indicatorsByChildUnit({ unitCode: subdistrict.unitCode, on });
      for (const community of communities) {
        const own = figuresOf(community.indicators);
        const counted = byCommunity.get(community.unitCode) ?? { registered: 0, active: 0, minutes: 0 };
        expect(own.registered_volunteers_per_10k_residents[0], community.unitCode).toBe(counted.registered);
        expect(own.active_volunteers_per_10k_residents[0], community.unitCode).toBe(counted.active);
      }
      for (const key of volunteerIndicatorKeys) {
        for (const part of [0, 1] as const) {
          expect(sum(communities, key, part), `${subdistrict.unitCode} ${key}[${part}]`).toBeCloseTo(
            figures[key][part],
            6,
          );
        }
      }
    }
  });

  it('the community in full: about 10–13 registered volunteers in a hundred residents, an active minority; a community without: its team leaders only, no points', async () => {
    const full = plan.communities.find((c) => c.id === plan.volunteerCommunityIds[0])!;
    const figures = figuresOf(await service.indicatorsFor({ unitCode: full.code, on: plan.asOf }));
    const [registered, residents] = figures.registered_volunteers_per_10k_residents;
    expect(registered / residents).toBeGreaterThan(0.09);
    expect(registered / residents).toBeLessThan(0.135);
    const [active] = figures.active_volunteers_per_10k_residents;
    expect(active / registered).toBeGreaterThan(0.1);
    expect(active / registered).toBeLessThan(0.45);
    expect(figures.time_bank_points_outstanding_share[1]).toBeGreaterThan(0);

    const other = plan.communities.find((c) => c.id !== full.id)!;
    const values = await service.indicatorsFor({ unitCode: other.code, on: plan.asOf });
    const thin = figuresOf(values);
    expect(thin.registered_volunteers_per_10k_residents[0]).toBeGreaterThan(0);
    expect(thin.active_volunteers_per_10k_residents[0]).toBe(0);
    expect(thin.time_bank_points_redeemed_share).toEqual([0, 0]);
    // No points issued: the share has no value, rather than 0.
    expect(values.find((v) => v.key === 'time_bank_points_redeemed_share')!.value).toBeNull();
  });
});
