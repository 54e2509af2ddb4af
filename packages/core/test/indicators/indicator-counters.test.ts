/**
 * Issue 21: the register's indicators are read from counters the database keeps in the
 * transaction of every write. After hundreds of random writes — single rows and many rows per
 * statement, committed and rolled back, to every table the counters follow — the counters equal a
 * full recount: the stored contributions equal what the records give now, every counter equals
 * the sum of the contributions, and the indicators read from the counters equal the indicators
 * recounted over the records, for the district, its subdistricts and communities, on many days.
 */
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase, SansheDb } from '../../src/database/district-database.js';
import { demoDistricts, planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import { createRandom, randomDate } from '../../src/demo/random.js';
import {
  createIndicatorService,
  rebuildIndicatorCounters,
  verifyIndicatorCounters,
} from '../../src/indicators/index.js';
import { addDays } from '../../src/services/dates.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';

const district = demoDistricts[0]!;
const plan = planDemoDistrict(district);

/** The demo's seeded generator, so that a failure replays; days between 2015 and 2026. */
function randomSource(seed: number) {
  const random = createRandom(seed);
  return {
    next: random.next,
    int: (below: number) => random.int(0, below - 1),
    pick: random.pick,
    /** A day between 2015 and 2026, so that spans start and end in every kind of bucket. */
    day: () => randomDate(random, '2015-01-01', '2026-12-31'),
  };
}

async function ids(tx: SansheDb, query: SQL): Promise<number[]> {
  const result = await tx.execute(query);
  return (result as unknown as { rows: { id: number | string }[] }).rows.map((row) => Number(row.id));
}

describe(`indicator counters of the demo district ${district.districtCode} after random writes (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  const seed = 20261203;
  let writes = 0;
  let rolledBack = 0;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: district.districtCode });
    await seedDemoDistrict(database, plan);
  });
  afterAll(() => database.close());

  it('the seeded district is counted exactly (the seed counts once, at its end)', async () => {
    const check = await verifyIndicatorCounters(database);
    expect(check.contributions).toBeGreaterThan(1000);
    expect(check.counters).toBeGreaterThan(1000);
    expect(check).toMatchObject({ contributionsAdrift: 0, countersAdrift: 0 });
  });

  it('after random writes to every table the counters follow, a full recount finds no drift', async () => {
    const random = randomSource(seed);
    const d = district.districtCode;
    const communityIds = await ids(database.db, sql`select id from communities where district_code = ${d}`);
    const workerIds = await ids(database.db, sql`select id from social_workers where district_code = ${d}`);
    let usccSerial = 0;
    let recoded = 0;
    /** A subquery picking `count` random ids of a table of the district (a fresh draw each call). */
    const pickIds = (table: string, count: number, where: SQL = sql`true`) =>
      sql`select id from ${sql.identifier(table)} where district_code = ${d} and ${where}
        order by md5(id::text || ${String(random.next())}) limit ${count}`;

    /** One random write; returns nothing, fails only on a bug (constraints are respected). */
    const writesOf: ((tx: SansheDb) => Promise<unknown>)[] = [
      // A new organization: filed, registered here, or registered elsewhere; based or not.
      async (tx) => {
        const kind = random.int(3);
        const communityId = random.next() < 0.8 ? random.pick(communityIds) : null;
        const registeredOn = random.day();
        const deregistered = random.next() < 0.3;
        const serial = String(++usccSerial).padStart(8, '0');
        const uscc = kind === 0 ? null : `52${kind === 1 ? d : '110105'}MJ${serial}`;
        await tx.execute(sql`insert into social_organizations
          (district_code, name, legal_status, legal_form, uscc, category, community_id, guiding_unit_code,
           registered_on, status, deregistered_on)
          values (${d}, ${`随机组织${serial}`}, ${kind === 0 ? 'filed' : 'registered'},
            ${kind === 0 ? null : 'social_association'}, ${uscc}, 'community_service', ${communityId},
            ${kind === 0 ? `${d}001` : null}, ${registeredOn}, ${deregistered ? 'deregistered' : 'active'},
            ${deregistered ? addDays(registeredOn, 1 + random.int(2000)) : null})`);
      },
      // Organizations moved to another community, or out of any (several rows in one statement).
      async (tx) => {
        const communityId = random.next() < 0.8 ? random.pick(communityIds) : null;
        await tx.execute(sql`update social_organizations set community_id = ${communityId}
          where district_code = ${d} and id in (
            select id from social_organizations where district_code = ${d}
            order by md5(id::text || ${String(random.next())}) limit ${1 + random.int(5)})`);
      },
      // An organization deregistered, or its registration day moved.
      async (tx) => {
        const [id] = await ids(
          tx,
          sql`select id from social_organizations where district_code = ${d} and status = 'active'
            order by md5(id::text || ${String(random.next())}) limit 1`,
        );
        if (id === undefined) return;
        if (random.next() < 0.5) {
          await tx.execute(sql`update social_organizations
            set status = 'deregistered', deregistered_on = registered_on + ${1 + random.int(3000)}::int
            where district_code = ${d} and id = ${id}`);
        } else {
          await tx.execute(sql`update social_organizations set registered_on = ${random.day()}
            where district_code = ${d} and id = ${id}`);
        }
      },
      // A rename: nothing counted changes.
      async (tx) => {
        await tx.execute(sql`update social_organizations set name = name || '·'
          where district_code = ${d} and id = (select min(id) from social_organizations where district_code = ${d})`);
      },
      // A community retired, reclassified, given another population, or its start moved.
      async (tx) => {
        const id = random.pick(communityIds);
        const change = random.int(5);
        if (change === 4) {
          // Recoded (into another subdistrict, say): everything placed in it moves with it.
          const subdistrictCode = random.pick(plan.subdistricts).code;
          await tx.execute(sql`update communities set code = ${`${subdistrictCode}${900 + ++recoded}`}
            where district_code = ${d} and id = ${id}`);
        } else if (change === 0) {
          await tx.execute(sql`update communities set retired_on = case when retired_on is null
              then greatest(effective_from, ${random.day()}::date) end
            where district_code = ${d} and id = ${id}`);
        } else if (change === 1) {
          await tx.execute(sql`update communities set urban_rural_class = ${random.pick(['111', '121', '210', '220', null])}
            where district_code = ${d} and id = ${id}`);
        } else if (change === 2) {
          await tx.execute(sql`update communities set resident_population = ${random.next() < 0.1 ? null : random.int(20000)}
            where district_code = ${d} and id = ${id}`);
        } else {
          await tx.execute(sql`update communities set effective_from = least(coalesce(retired_on, ${random.day()}::date), ${random.day()}::date)
            where district_code = ${d} and id = ${id}`);
        }
      },
      // A dated resident figure added, changed or deleted.
      async (tx) => {
        const change = random.int(3);
        if (change === 0) {
          await tx.execute(sql`insert into unit_populations (district_code, community_id, basis, as_of, count, source)
            values (${d}, ${random.pick(communityIds)}, ${random.pick(['resident', 'household_registered'])},
              ${random.day()}, ${random.int(30000)}, '随机调查')
            on conflict do nothing`);
        } else if (change === 1) {
          await tx.execute(sql`update unit_populations set count = count + ${1 + random.int(500)}
            where district_code = ${d} and id in (select id from unit_populations where district_code = ${d}
              order by md5(id::text || ${String(random.next())}) limit ${1 + random.int(3)})`);
        } else {
          await tx.execute(sql`delete from unit_populations where district_code = ${d} and id = (
            select id from unit_populations where district_code = ${d}
            order by md5(id::text || ${String(random.next())}) limit 1)`);
        }
      },
      // A registration added, moved or deleted; a certificate's passing day moved.
      async (tx) => {
        const change = random.int(4);
        if (change === 0) {
          const from = random.day();
          await tx.execute(sql`insert into certificate_registrations
              (district_code, certificate_id, kind, registered_on, valid_from, valid_until)
            select ${d}, id, 'renewal', ${from}, ${from}, ${addDays(from, 30 + random.int(1500))}
            from social_work_certificates where district_code = ${d}
            order by md5(id::text || ${String(random.next())}) limit 1
            on conflict do nothing`);
        } else if (change === 1) {
          await tx.execute(sql`update certificate_registrations
            set valid_until = valid_from + ${1 + random.int(2000)}::int
            where district_code = ${d} and id in (select id from certificate_registrations where district_code = ${d}
              order by md5(id::text || ${String(random.next())}) limit ${1 + random.int(4)})`);
        } else if (change === 2) {
          await tx.execute(sql`delete from certificate_registrations where district_code = ${d} and id = (
            select id from certificate_registrations where district_code = ${d}
            order by md5(id::text || ${String(random.next())}) limit 1)`);
        } else {
          await tx.execute(sql`update social_work_certificates set passed_on = ${random.day()}
            where district_code = ${d} and id = (select id from social_work_certificates where district_code = ${d}
              order by md5(id::text || ${String(random.next())}) limit 1)`);
        }
      },
      // A post taken (at a community or an organization), ended, moved or deleted.
      async (tx) => {
        const change = random.int(4);
        if (change === 0) {
          const startsOn = random.day();
          const atCommunity = random.next() < 0.5;
          const [organizationId] = atCommunity
            ? [null]
            : await ids(
                tx,
                sql`select id from social_organizations where district_code = ${d}
                  order by md5(id::text || ${String(random.next())}) limit 1`,
              );
          await tx.execute(sql`insert into social_worker_posts
              (district_code, worker_id, organization_id, community_id, title, full_time, starts_on, ends_on)
            values (${d}, ${random.pick(workerIds)}, ${organizationId ?? null},
              ${atCommunity ? random.pick(communityIds) : null}, '社工', true, ${startsOn},
              ${random.next() < 0.5 ? null : addDays(startsOn, random.int(2000))})`);
        } else if (change === 1) {
          await tx.execute(sql`update social_worker_posts set ends_on = starts_on + ${random.int(1500)}::int
            where district_code = ${d} and id in (select id from social_worker_posts where district_code = ${d}
              order by md5(id::text || ${String(random.next())}) limit ${1 + random.int(4)})`);
        } else if (change === 2) {
          await tx.execute(sql`update social_worker_posts set community_id = ${random.pick(communityIds)}, organization_id = null
            where district_code = ${d} and id = (select id from social_worker_posts where district_code = ${d}
              order by md5(id::text || ${String(random.next())}) limit 1)`);
        } else {
          await tx.execute(sql`delete from social_worker_posts where district_code = ${d} and id = (
            select id from social_worker_posts where district_code = ${d}
            order by md5(id::text || ${String(random.next())}) limit 1)`);
        }
      },
      // Needs: collected or closed on another day; links to projects made, moved or undone.
      async (tx) => {
        const change = random.int(4);
        if (change === 0) {
          await tx.execute(sql`update needs set collected_on = least(closed_on, ${random.day()}::date)
            where district_code = ${d} and id in (${pickIds('needs', 1 + random.int(3))})`);
        } else if (change === 1) {
          await tx.execute(sql`update needs set closed_on = greatest(collected_on, ${random.day()}::date)
            where district_code = ${d} and id in (${pickIds('needs', 1 + random.int(3), sql`closed_on is not null`)})`);
        } else if (change === 2) {
          await tx.execute(sql`insert into project_needs (district_code, project_id, need_id, linked_on)
            select ${d}, (${pickIds('service_projects', 1)}), (${pickIds('needs', 1)}), ${random.day()}
            on conflict do nothing`);
        } else {
          // project_needs has no id of its own: its rows are picked by project and need.
          await tx.execute(sql`update project_needs set linked_on = ${random.day()}
            where district_code = ${d} and (project_id, need_id) in (
              select project_id, need_id from project_needs where district_code = ${d}
              order by md5(project_id::text || need_id::text || ${String(random.next())})
              limit ${1 + random.int(3)})`);
        }
      },
      // Projects approved or closed on another day, or given another budget; contracts signed on
      // another day or for another amount; answers and evaluations moved, rescored or deleted.
      async (tx) => {
        const change = random.int(6);
        if (change === 0) {
          await tx.execute(sql`update service_projects set approved_on = ${random.day()}
            where district_code = ${d} and id in (${pickIds('service_projects', 1 + random.int(2), sql`approved_on is not null`)})`);
        } else if (change === 1) {
          await tx.execute(sql`update service_projects set closed_on = greatest(approved_on, ${random.day()}::date),
              budget_fen = budget_fen + ${random.int(100000)}::int
            where district_code = ${d} and id in (${pickIds('service_projects', 1, sql`closed_on is not null`)})`);
        } else if (change === 2) {
          await tx.execute(sql`update service_contracts set signed_on = ${random.day()},
              amount_fen = amount_fen + ${random.int(50000)}::int
            where district_code = ${d} and id in (${pickIds('service_contracts', 1 + random.int(2))})`);
        } else if (change === 3) {
          await tx.execute(sql`update satisfaction_answers set answered_on = ${random.day()}, score = ${1 + random.int(5)}::int
            where district_code = ${d} and id in (${pickIds('satisfaction_answers', 1 + random.int(4))})`);
        } else if (change === 4) {
          await tx.execute(sql`delete from satisfaction_answers
            where district_code = ${d} and id in (${pickIds('satisfaction_answers', 1)})`);
        } else {
          await tx.execute(sql`update project_evaluations set evaluated_on = ${random.day()},
              score = ${random.int(101)}::int, grade = ${random.pick(['excellent', 'good', 'pass', 'fail'])}
            where district_code = ${d} and id in (${pickIds('project_evaluations', 1)})`);
        }
      },
      // Volunteers registered, withdrawn or moved; summonses and their departments' report-ins
      // moved; meetings held elsewhere or on another day; outcomes implemented on another day.
      async (tx) => {
        const change = random.int(6);
        if (change === 0) {
          await tx.execute(sql`update volunteers set home_community_id = ${random.pick(communityIds)}
            where district_code = ${d} and id in (${pickIds('volunteers', 1 + random.int(4))})`);
        } else if (change === 1) {
          await tx.execute(sql`update volunteers set withdrawn_on = case when withdrawn_on is null
              then registered_on + ${random.int(3000)}::int end
            where district_code = ${d} and id in (${pickIds('volunteers', 1 + random.int(3))})`);
        } else if (change === 2) {
          await tx.execute(sql`update summonses set issued_at = issued_at - ${`${random.int(400)} days`}::interval
            where district_code = ${d} and id in (${pickIds('summonses', 1 + random.int(2))})`);
        } else if (change === 3) {
          await tx.execute(sql`update summons_departments set reported_at = reported_at + ${`${random.int(200) - 100} hours`}::interval
            where district_code = ${d} and id in (${pickIds('summons_departments', 1 + random.int(3), sql`reported_at is not null`)})`);
        } else if (change === 4) {
          await tx.execute(sql`update consultation_meetings set held_on = ${random.day()},
              community_id = ${random.pick(communityIds)}
            where district_code = ${d} and id in (${pickIds('consultation_meetings', 1)})`);
        } else {
          await tx.execute(sql`update meeting_outcomes set implemented_on = ${random.day()}
            where district_code = ${d} and id in (${pickIds('meeting_outcomes', 1 + random.int(2), sql`implemented_on is not null`)})`);
        }
      },
    ];

    for (let i = 0; i < 360; i++) {
      // Several writes per transaction; one transaction in eight rolls back.
      const batch = Array.from({ length: 1 + random.int(3) }, () => random.pick(writesOf));
      const rollBack = random.int(8) === 0;
      await database.db
        .transaction(async (tx) => {
          for (const write of batch) await write(tx);
          if (rollBack) tx.rollback();
        })
        .catch((error: unknown) => {
          if (!rollBack) throw error;
        });
      if (rollBack) rolledBack += 1;
      else writes += batch.length;
    }
    expect(writes).toBeGreaterThan(450);
    expect(rolledBack).toBeGreaterThan(10);
    expect(await verifyIndicatorCounters(database)).toMatchObject({
      contributionsAdrift: 0,
      countersAdrift: 0,
    });
  });

  it('the indicators read from the counters equal a recount over the records, at every level and on many days', async () => {
    const counted = createIndicatorService(database);
    const recounted = createIndicatorService(database, { figures: 'recount' });
    const random = randomSource(seed + 1);
    const days = [plan.asOf, '2016-01-01', '2020-12-31', '2021-01-01', '2024-02-29'];
    for (let i = 0; i < 6; i++) days.push(random.day());
    const subdistrict = plan.subdistricts[0]!.code;
    for (const on of days) {
      for (const unitCode of [district.districtCode, subdistrict]) {
        expect(await counted.indicatorsFor({ unitCode, on }), `${unitCode} on ${on}`).toEqual(
          await recounted.indicatorsFor({ unitCode, on }),
        );
        expect(
          await counted.indicatorsByChildUnit({ unitCode, on }),
          `children of ${unitCode} on ${on}`,
        ).toEqual(await recounted.indicatorsByChildUnit({ unitCode, on }));
      }
    }
  });

  it('counters changed behind the triggers’ back are found, and a rebuild restores them', async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local sanshe.bulk_load = on`);
      await tx.execute(sql`update social_organizations set deregistered_on = null, status = 'active'
        where district_code = ${district.districtCode} and status = 'deregistered'`);
    });
    const drifted = await verifyIndicatorCounters(database);
    expect(drifted.contributionsAdrift).toBeGreaterThan(0);
    await rebuildIndicatorCounters(database);
    expect(await verifyIndicatorCounters(database)).toMatchObject({
      contributionsAdrift: 0,
      countersAdrift: 0,
    });
  });
});
