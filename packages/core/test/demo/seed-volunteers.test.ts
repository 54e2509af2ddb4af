/**
 * The demo's volunteers and time bank as the database takes them (docs/domain.md §5). On PGlite the
 * seed turns the row triggers off while it writes, so the plan sets each account's balance; on
 * PostgreSQL every trigger runs: each journal line moves its account's balance under the floor
 * CHECK, every entry must balance per unit when the seed commits, a correction must name a record of
 * the same volunteer. Either way the stored rows must keep the rules, read back through the core's
 * own rule of which records count, with identifiers sealed.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { type DemoDistrictPlan, planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import { personalDataClassification } from '../../src/personal-data/classification.js';
import { developmentKeyring } from '../../src/personal-data/keyring.js';
import { identifierLookupHash, openIdentifier } from '../../src/personal-data/protected-value.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { maskResidentId } from '../../src/validators/index.js';
import { findOverlappingService } from '../../src/volunteers/services-in-force.js';

async function rowsOf(database: DistrictDatabase, query: ReturnType<typeof sql>) {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: Record<string, unknown>[] }).rows;
}

/** The error a statement fails with, or undefined when it succeeds. */
async function failureOf(database: DistrictDatabase, query: ReturnType<typeof sql>) {
  try {
    await database.db.execute(query);
    return undefined;
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } };
    return `${e.message} ${e.cause?.message ?? ''}`;
  }
}

describe(`the demo's volunteers and time bank seeded (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let plan: DemoDistrictPlan;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: '320505' });
    // Four subdistricts (the fourth a town, with villages), one community in full.
    plan = planDemoDistrict({
      districtCode: '320505',
      name: '虎丘区',
      seed: 1,
      scale: { subdistricts: 4, volunteerCommunities: 1 },
    });
    await seedDemoDistrict(database, plan);
  });
  afterAll(() => database.close());

  it('stores every planned row: volunteers, teams, services, the time bank on the one ledger', async () => {
    const [counts] = await rowsOf(
      database,
      sql`select (select count(*) from volunteers)::int as volunteers,
                 (select count(*) from volunteer_teams)::int as teams,
                 (select count(*) from volunteer_services)::int as services,
                 (select count(*) from time_bank_earnings)::int as earnings,
                 (select count(*) from journal_lines where unit <> 'fen')::int as lines,
                 (select count(*) from journal_lines where unit = 'fen')::int as fen_lines`,
    );
    expect(counts).toEqual({
      volunteers: plan.volunteers.length,
      teams: plan.volunteerTeams.length,
      services: plan.volunteerServices.length,
      earnings: plan.timeBankEarnings.length,
      lines: plan.timeBankLines.length,
      fen_lines: plan.journalLines.length,
    });
    expect(plan.volunteerServices.length).toBeGreaterThan(20);
    expect(plan.timeBankExchanges.length).toBeGreaterThan(0);
  });

  it('identifiers are sealed, hashed and masked as the volunteers area stores them; the clear value is nowhere', async () => {
    const fields = personalDataClassification.volunteer.identifiers;
    const sample = [
      plan.volunteers[0]!,
      plan.volunteers.at(-1)!,
      plan.volunteers.find((v) => v.guardianName)!,
    ];
    for (const volunteer of sample) {
      const [row] = await rowsOf(
        database,
        sql`select resident_id_encrypted, resident_id_hash, resident_id_masked, mobile_phone_encrypted
              from volunteers where id = ${volunteer.id}`,
      );
      expect(
        openIdentifier(developmentKeyring, '320505', fields.residentId, String(row!.resident_id_encrypted)),
      ).toBe(volunteer.residentId);
      expect(row!.resident_id_hash).toBe(
        identifierLookupHash(developmentKeyring, fields.residentId, volunteer.residentId),
      );
      expect(row!.resident_id_masked).toBe(maskResidentId(volunteer.residentId));
      expect(row!.mobile_phone_encrypted === null).toBe(volunteer.mobilePhone === null);
    }
    const [clear] = await rowsOf(
      database,
      sql`select count(*)::int as found from volunteers
           where resident_id_encrypted like ${`%${plan.volunteers[0]!.residentId}%`}`,
    );
    expect(clear).toEqual({ found: 0 });
  });

  it('a minor on the day of registration has a guardian’s consent recorded by then', async () => {
    const rows = await rowsOf(
      database,
      sql`select id from volunteers
           where registered_on < adult_on
             and (guardian_name is null or guardian_relation is null or guardian_consent_on is null
                  or guardian_consent_on > registered_on)`,
    );
    expect(rows).toEqual([]);
    const [minors] = await rowsOf(
      database,
      sql`select count(*)::int as minors from volunteers where registered_on < adult_on`,
    );
    expect(Number(minors!.minors)).toBeGreaterThan(0);
  });

  it('OVERLAPPING_SERVICE: no two services in force of one person overlap, by the core’s rule and by plain SQL', async () => {
    const overlapping = await rowsOf(
      database,
      sql`with in_force as (
            select * from volunteer_services s
             where not s.is_void
               and not exists (select 1 from volunteer_services c
                                where c.district_code = s.district_code and c.corrects_service_id = s.id))
          select a.id, b.id from in_force a join in_force b
            on a.volunteer_id = b.volunteer_id and a.id < b.id
           and a.started_at < b.ended_at and b.started_at < a.ended_at`,
    );
    expect(overlapping).toEqual([]);
    // The core's check (volunteers/services-in-force.ts) finds each record itself, and nothing else.
    const corrected = new Set(plan.volunteerServices.map((s) => s.correctsServiceId));
    const counting = plan.volunteerServices.filter((s) => !s.isVoid && !corrected.has(s.id)).slice(0, 20);
    for (const service of counting) {
      const { districtCode, volunteerId, startedAt, endedAt } = service;
      const span = { districtCode, volunteerId, startedAt, endedAt };
      expect((await findOverlappingService(database.db, span))?.id).toBe(service.id);
      expect(
        await findOverlappingService(database.db, { ...span, exceptServiceId: service.id }),
      ).toBeUndefined();
    }
    // A corrected record no longer counts: its correction does, in its place.
    const correction = plan.volunteerServices.find((s) => s.correctsServiceId != null && !s.isVoid)!;
    const found = await findOverlappingService(database.db, correction);
    expect(found?.id).toBe(correction.id);
  });

  it('§6.5 on the time bank: every entry balances per unit with two lines or more; balances are the sums of the lines, never below their floors; stock never below zero', async () => {
    const unbalanced = await rowsOf(
      database,
      sql`select e.id from journal_entries e join journal_lines l on l.district_code = e.district_code and l.entry_id = e.id
           group by e.id, l.unit having count(*) < 2 or sum(l.amount) <> 0`,
    );
    expect(unbalanced).toEqual([]);
    const accounts = await rowsOf(
      database,
      sql`select a.id::int as id, a.balance::float8 as balance, a.floor::float8 as floor,
                 coalesce(sum(l.amount), 0)::float8 as lines
            from ledger_accounts a left join journal_lines l on l.district_code = a.district_code and l.account_id = a.id
           where a.unit <> 'fen'
           group by a.id, a.balance, a.floor order by a.id`,
    );
    expect(accounts.map((a) => a.id)).toEqual(plan.timeBankAccounts.map((a) => a.id));
    for (const account of accounts) {
      expect(account.balance, `account ${account.id}`).toBe(account.lines);
      if (account.floor !== null)
        expect(account.balance as number).toBeGreaterThanOrEqual(account.floor as number);
    }
    expect(accounts.map((a) => a.balance)).toEqual(plan.timeBankAccounts.map((a) => a.balance));
    // Issued = redeemed + held: every point is somewhere.
    const [points] = await rowsOf(
      database,
      sql`select
            (select -balance from ledger_accounts where kind = 'points_issuer')::float8 as issued,
            (select balance from ledger_accounts where kind = 'points_redeemed')::float8 as redeemed,
            (select sum(balance) from ledger_accounts where unit = 'points' and kind in ('volunteer', 'team', 'community', 'organization'))::float8 as held`,
    );
    expect(points!.issued).toBe((points!.redeemed as number) + (points!.held as number));
    const [stock] = await rowsOf(
      database,
      sql`select count(*) filter (where stock < 0)::int as negative, count(*) filter (where stock is not null)::int as stocked
            from time_bank_catalogue_items`,
    );
    expect(stock).toMatchObject({ negative: 0 });
    expect(Number(stock!.stocked)).toBeGreaterThan(0);
  });

  it('the guards are on once seeded: service records and earnings are append-only', async () => {
    const service = plan.volunteerServices[0]!;
    expect(
      await failureOf(
        database,
        sql`update volunteer_services set minutes = minutes + 1 where id = ${service.id}`,
      ),
    ).toMatch(/append-only/);
    expect(
      await failureOf(database, sql`delete from time_bank_earnings where service_id = ${service.id}`),
    ).toMatch(/append-only/);
    // A correction must name a record of the same volunteer.
    const other = plan.volunteerServices.find((s) => s.volunteerId !== service.volunteerId)!;
    expect(
      await failureOf(
        database,
        sql`insert into volunteer_services (district_code, volunteer_id, content, place, started_at, ended_at, minutes,
              certifier_kind, certifier_community_id, certifier_name, corrects_service_id, correction_reason, recorded_by)
            values ('320505', ${other.volunteerId}, '更正', '社区', ${service.startedAt}, ${service.endedAt}, 30,
              'community', ${other.communityId}, '社区', ${service.id}, '更正', 'test')`,
      ),
    ).toMatch(/same volunteer/);
  });
});
