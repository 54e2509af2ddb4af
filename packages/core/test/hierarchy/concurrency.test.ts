/**
 * Two writes at once (PostgreSQL only: PGlite has one connection, so its transactions never
 * overlap). A third connection holds a table lock so the two service calls interleave in a
 * known order; pg_stat_activity tells when a call is waiting on that lock. No sleeps decide
 * the outcome.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import type { HierarchyService } from '../../src/hierarchy/index.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { DISTRICT, serviceFor } from './helpers.js';

let database: DistrictDatabase;
let h: HierarchyService;

interface Tracked<T> {
  settled: boolean;
  result: Promise<PromiseSettledResult<T>>;
}

function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked: Tracked<T> = {
    settled: false,
    result: promise.then(
      (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
    ),
  };
  void tracked.result.then(() => {
    tracked.settled = true;
  });
  return tracked;
}

/** Sessions of this database that are waiting for a lock. */
async function lockWaiters(): Promise<number> {
  const result = await database.db.execute(
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
}

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Hold `lock table <table> in share mode` in a transaction of its own until released. */
async function holdShareLock(table: 'communities' | 'subdistricts') {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = database.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`lock table ${table} in share mode`));
    locked();
    await released;
  });
  await Promise.race([isLocked, holder]);
  return {
    async release() {
      release();
      await holder;
    },
  };
}

describe.skipIf(testDatabaseKind() === 'pglite')(
  'concurrent writes on PostgreSQL (hierarchy-service.ts)',
  () => {
    beforeAll(async () => {
      database = await createTestDistrictDatabase({ districtCode: DISTRICT });
      h = serviceFor(database);
      await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
    });

    afterAll(async () => {
      // Closing ends the pool, whose clients are still saying goodbye when the test database is
      // dropped `with (force)`; a backend killed by that drop reports 57P01 to its ending client,
      // which the pool re-emits as an 'error' event. Only this suite holds several connections,
      // so only it meets that race (src/testing/test-databases.ts close).
      const pool = (
        database?.db as unknown as { $client?: { on?: (event: 'error', cb: (e: unknown) => void) => void } }
      )?.$client;
      pool?.on?.('error', (error) => {
        if ((error as { code?: string }).code !== '57P01') throw error;
      });
      await database?.close();
    });

    it('the harness: an insert waits while its table is share-locked, and proceeds once released', async () => {
      await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
      const lock = await holdShareLock('communities');
      const create = track(
        h.createCommunity({ code: '320505001001', name: '等待社区', effectiveFrom: '2010-01-01' }),
      );
      await until(async () => (await lockWaiters()) === 1, 'the insert waits');
      expect(create.settled).toBe(false);
      await lock.release();
      expect(await create.result).toMatchObject({ status: 'fulfilled', value: { code: '320505001001' } });
    });

    // BUG (write skew, READ COMMITTED): createCommunity checks that its subdistrict is in force
    // and retireUnit counts the subdistrict's active communities, but neither locks the
    // subdistrict row (loadForUpdate selects without FOR UPDATE; the parent lookup in
    // createCommunity/createGrid without FOR SHARE). Interleaved, both succeed:
    //   createCommunity(320505002001, from 2010-01-01) reads the parent as in force, then
    //   retireUnit(subdistrict 320505002, 2020-01-01) counts 0 children and commits, then the
    //   community insert commits.
    // Expected: one of them refused (HAS_ACTIVE_CHILDREN or PARENT_RETIRED). Actual: both apply,
    // leaving a community in force forever under a subdistrict retired on 2020-01-01.
    it.fails('error-codes.ts HAS_ACTIVE_CHILDREN: a community created while its subdistrict retires cannot outlive it', async () => {
      const sub = await h.createSubdistrict({
        code: '320505002',
        name: '竞态街道',
        effectiveFrom: '2000-01-01',
      });
      const lock = await holdShareLock('communities');
      const create = track(
        h.createCommunity({ code: '320505002001', name: '竞态社区', effectiveFrom: '2010-01-01' }),
      );
      await until(async () => create.settled || (await lockWaiters()) >= 1, 'the community insert waits');
      const retire = track(h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2020-01-01' }));
      await until(
        async () => retire.settled || (await lockWaiters()) >= 2,
        'the retirement settles or waits',
      );
      await lock.release();
      const outcomes = [(await create.result).status, (await retire.result).status];
      expect(outcomes).not.toEqual(['fulfilled', 'fulfilled']);
    });

    // BUG: when the guarded UPDATE (… where version = <read version>) matches no row because a
    // concurrent writer committed first, updateVersioned throws versionConflict(current) with the
    // version this transaction read, not the one now stored. Two renames of a subdistrict at
    // version 1, both with expectedVersion 1: one applies (version 2); the other is refused with
    // VERSION_CONFLICT, details.currentVersion 1 and the message "is at version 1".
    // Expected: details.currentVersion 2 (what a client must reload to). Actual: 1, so a client
    // retrying with details.currentVersion conflicts again.
    it.fails('error-codes.ts VERSION_CONFLICT: a lost race reports the version now stored', async () => {
      const sub = await h.createSubdistrict({
        code: '320505003',
        name: '版本街道',
        effectiveFrom: '2000-01-01',
      });
      const lock = await holdShareLock('subdistricts');
      const first = track(h.renameUnit({ level: 'subdistrict', id: sub.id, name: '甲', expectedVersion: 1 }));
      const second = track(
        h.renameUnit({ level: 'subdistrict', id: sub.id, name: '乙', expectedVersion: 1 }),
      );
      await until(async () => (await lockWaiters()) >= 2, 'both renames wait');
      await lock.release();
      const results = [await first.result, await second.result];
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    });

    // BUG (same cause): RenameUnitInput.expectedVersion says "When given, the rename applies only
    // if the unit is still at this version", so a rename without it should simply apply. Two
    // concurrent renames without expectedVersion: one is refused with VERSION_CONFLICT.
    // Expected: both apply in turn (final version 3). Actual: one VERSION_CONFLICT, version 2.
    it.fails('hierarchy-service.ts RenameUnitInput: renames without expectedVersion both apply under contention', async () => {
      const sub = await h.createSubdistrict({
        code: '320505004',
        name: '无版本街道',
        effectiveFrom: '2000-01-01',
      });
      const lock = await holdShareLock('subdistricts');
      const first = track(h.renameUnit({ level: 'subdistrict', id: sub.id, name: '甲' }));
      const second = track(h.renameUnit({ level: 'subdistrict', id: sub.id, name: '乙' }));
      await until(async () => (await lockWaiters()) >= 2, 'both renames wait');
      await lock.release();
      expect([(await first.result).status, (await second.result).status]).toEqual(['fulfilled', 'fulfilled']);
      expect((await h.getUnit('subdistrict', sub.id))?.version).toBe(3);
    });
  },
);
