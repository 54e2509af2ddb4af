/**
 * Report-ins and closings of one summons at once (docs/domain.md §7.8: a department reports in
 * once, and not after the summons is closed). reportIn holds the summons FOR SHARE and its
 * department's row FOR UPDATE; closeSummons holds the summons FOR UPDATE. So two report-ins of
 * one department are ordered by the row (the second sees the first: ALREADY_REPORTED_IN), and a
 * closing and a report-in by the summons (a report-in after the closing sees it closed).
 *
 * On PostgreSQL a third connection holds the lock while both calls start, so both are in flight
 * together and wait on it (pg_stat_activity tells when). On PGlite (one connection) transactions
 * never overlap, and the plain race checks the same outcome.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summonsDepartments, summonses } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { createGridDistrict, DISTRICT, type GridDistrict } from './fixture.js';
import { summonsAs } from './summons-fixture.js';

let d: GridDistrict;

beforeAll(async () => {
  d = await createGridDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

async function summon(): Promise<number> {
  const summons = await summonsAs(d, d.actors.shishan).issueSummons({
    communityId: d.communities.shishan,
    reason: 'enforcement',
    description: '占道经营联合执法。',
    departmentIds: [d.departments.cg, d.departments.sszf],
  });
  return summons.id;
}

const reportIn = (summonsId: number, actor: 'cg' | 'cg2' | 'sszf') =>
  summonsAs(d, d.actors[actor]).reportIn({ summonsId });
const close = (summonsId: number) =>
  summonsAs(d, d.actors.shishan).closeSummons({ summonsId, solved: true, note: '已处置。' });

async function rowOf(summonsId: number, departmentId: number) {
  const [row] = await d.database.db
    .select()
    .from(summonsDepartments)
    .where(
      and(eq(summonsDepartments.summonsId, summonsId), eq(summonsDepartments.departmentId, departmentId)),
    );
  return row!;
}

describe(`concurrent report-ins and closings (${testDatabaseKind()})`, () => {
  it('two staff of one department report in together: exactly one report-in is kept', async () => {
    const summonsId = await summon();
    const results = await Promise.allSettled([reportIn(summonsId, 'cg'), reportIn(summonsId, 'cg2')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'ALREADY_REPORTED_IN', path: ['input', 'summonsId'] });
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect((await rowOf(summonsId, d.departments.cg)).reportedBy).toBe(['cg-01', 'cg-02'][winner]);
  });

  it('two departments report in together: both are kept', async () => {
    const summonsId = await summon();
    const results = await Promise.allSettled([reportIn(summonsId, 'cg'), reportIn(summonsId, 'sszf')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await rowOf(summonsId, d.departments.sszf)).reportedBy).toBe('sszf-01');
  });

  it('a closing and a report-in together: the report-in lands before the closing or is refused after it', async () => {
    const summonsId = await summon();
    const [closing, reporting] = await Promise.allSettled([close(summonsId), reportIn(summonsId, 'cg')]);
    expect(closing.status).toBe('fulfilled');
    const row = await rowOf(summonsId, d.departments.cg);
    if (reporting.status === 'fulfilled') {
      expect(row.reportedBy).toBe('cg-01');
    } else {
      expect(reporting.reason).toMatchObject({ code: 'STATUS_NOT_ALLOWED' });
      expect(row.reportedAt).toBeNull();
    }
  });
});

/** Hold a lock in a third connection until released; resolves once it is held. */
async function holdLock(take: (tx: typeof d.database.db) => Promise<unknown>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = d.database.db.transaction(async (tx) => {
    await take(tx);
    locked();
    await released;
  });
  await Promise.race([isLocked, holder]);
  return { release, holder };
}

describe.runIf(testDatabaseKind() === 'postgres')('the locks order the writers (PostgreSQL)', () => {
  it("two report-ins of one department both wait on its row; released, the second sees the first's", async () => {
    const summonsId = await summon();
    const { release, holder } = await holdLock((tx) =>
      tx
        .select({ id: summonsDepartments.id })
        .from(summonsDepartments)
        .where(
          and(
            eq(summonsDepartments.districtCode, DISTRICT),
            eq(summonsDepartments.summonsId, summonsId),
            eq(summonsDepartments.departmentId, d.departments.cg),
          ),
        )
        .for('update'),
    );
    const baseline = await lockWaiters(d.database);
    const first = track(reportIn(summonsId, 'cg'));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 1 || first.settled,
      'the first waits',
    );
    const second = track(reportIn(summonsId, 'cg2'));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 2 || second.settled,
      'the second waits',
    );
    expect([first.settled, second.settled]).toEqual([false, false]);
    release();
    await holder;
    expect((await first.result).status).toBe('fulfilled');
    expect(await second.result).toMatchObject({
      status: 'rejected',
      reason: { code: 'ALREADY_REPORTED_IN' },
    });
    expect((await rowOf(summonsId, d.departments.cg)).reportedBy).toBe('cg-01');
  });

  it('a closing and a report-in both wait on the summons; the closing goes first, the report-in then finds it closed', async () => {
    const summonsId = await summon();
    const { release, holder } = await holdLock((tx) =>
      tx
        .select({ id: summonses.id })
        .from(summonses)
        .where(and(eq(summonses.districtCode, DISTRICT), eq(summonses.id, summonsId)))
        .for('update'),
    );
    const baseline = await lockWaiters(d.database);
    const closing = track(close(summonsId));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 1 || closing.settled,
      'the closing waits',
    );
    const reporting = track(reportIn(summonsId, 'cg'));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 2 || reporting.settled,
      'the report-in waits',
    );
    expect([closing.settled, reporting.settled]).toEqual([false, false]);
    release();
    await holder;
    expect((await closing.result).status).toBe('fulfilled');
    expect(await reporting.result).toMatchObject({
      status: 'rejected',
      reason: { code: 'STATUS_NOT_ALLOWED', details: { state: 'closed' } },
    });
    expect((await rowOf(summonsId, d.departments.cg)).reportedAt).toBeNull();
  });
});
