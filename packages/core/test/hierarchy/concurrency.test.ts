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
import {
  createTestDistrictDatabase,
  lockWaiters,
  testDatabaseKind,
  track,
  until,
} from '../../src/testing/index.js';
import { DISTRICT, serviceFor } from './helpers.js';

let database: DistrictDatabase;
let h: HierarchyService;

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
      // An owned pool listens for 'error' (district-database.ts), so a backend killed by the
      // forced drop of the test database while the pool ends no longer crashes the worker.
      await database?.close();
    });

    it('the harness: an insert waits while its table is share-locked, and proceeds once released', async () => {
      await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
      const lock = await holdShareLock('communities');
      const create = track(
        h.createCommunity({ code: '320505001001', name: '等待社区', effectiveFrom: '2010-01-01' }),
      );
      await until(async () => (await lockWaiters(database)) === 1, 'the insert waits');
      expect(create.settled).toBe(false);
      await lock.release();
      expect(await create.result).toMatchObject({ status: 'fulfilled', value: { code: '320505001001' } });
    });

    // Formerly a write skew under READ COMMITTED (both applied, leaving a community in force
    // under a retired subdistrict). createCommunity now locks its subdistrict FOR UPDATE, and
    // retireUnit locks the unit it retires (loadForUpdate), so the retirement waits for the
    // community's commit and then counts it.
    it('error-codes.ts HAS_ACTIVE_CHILDREN: a community created while its subdistrict retires cannot outlive it', async () => {
      const sub = await h.createSubdistrict({
        code: '320505002',
        name: '竞态街道',
        effectiveFrom: '2000-01-01',
      });
      const lock = await holdShareLock('communities');
      const create = track(
        h.createCommunity({ code: '320505002001', name: '竞态社区', effectiveFrom: '2010-01-01' }),
      );
      await until(
        async () => create.settled || (await lockWaiters(database)) >= 1,
        'the community insert waits',
      );
      const retire = track(h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2020-01-01' }));
      await until(
        async () => retire.settled || (await lockWaiters(database)) >= 2,
        'the retirement settles or waits',
      );
      await lock.release();
      const outcomes = [(await create.result).status, (await retire.result).status];
      expect(outcomes).not.toEqual(['fulfilled', 'fulfilled']);
      // The order is known: the community (first to lock the subdistrict) applies, the retirement
      // then finds it in force.
      expect(await create.result).toMatchObject({ status: 'fulfilled', value: { code: '320505002001' } });
      expect(await retire.result).toMatchObject({
        status: 'rejected',
        reason: { code: 'HAS_ACTIVE_CHILDREN', path: ['input', 'id'] },
      });
      expect((await h.getUnit('subdistrict', sub.id))?.retiredOn).toBeNull();
    });

    it('error-codes.ts PARENT_RETIRED: a grid created while its community retires waits and is refused', async () => {
      await h.createSubdistrict({ code: '320505005', name: '网格街道', effectiveFrom: '2000-01-01' });
      const community = await h.createCommunity({
        code: '320505005001',
        name: '网格社区',
        effectiveFrom: '2000-01-01',
      });
      // The retirement goes first: it locks the community, then waits on its UPDATE.
      const lock = await holdShareLock('communities');
      const retire = track(h.retireUnit({ level: 'community', id: community.id, retiredOn: '2020-01-01' }));
      await until(async () => retire.settled || (await lockWaiters(database)) >= 1, 'the retirement waits');
      const create = track(
        h.createGrid({ code: '3205050050010001', name: '迟到网格', effectiveFrom: '2010-01-01' }),
      );
      await until(
        async () => create.settled || (await lockWaiters(database)) >= 2,
        'the grid waits for its parent',
      );
      expect(create.settled).toBe(false);
      await lock.release();
      expect(await retire.result).toMatchObject({ status: 'fulfilled', value: { retiredOn: '2020-01-01' } });
      expect(await create.result).toMatchObject({
        status: 'rejected',
        reason: { code: 'PARENT_RETIRED', path: ['input', 'code'] },
      });
      expect(await h.findByCode('3205050050010001')).toBeUndefined();
    });

    // Formerly the loser reported the version it had read (1), so a client retrying with
    // details.currentVersion conflicted again. The row is now locked when read, so the loser
    // reads it after the winner's commit and compares expectedVersion with version 2.
    it('error-codes.ts VERSION_CONFLICT: a lost race reports the version now stored', async () => {
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
      await until(async () => (await lockWaiters(database)) >= 2, 'both renames wait');
      await lock.release();
      const results = [await first.result, await second.result];
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({
        code: 'VERSION_CONFLICT',
        path: ['input', 'expectedVersion'],
        details: { currentVersion: 2 },
      });
      expect(await h.getUnit('subdistrict', sub.id)).toMatchObject({ version: 2 });
    });

    // RenameUnitInput.expectedVersion: "When given, the rename applies only if the unit is still
    // at this version", so renames without it apply one after the other (formerly the second was
    // refused with VERSION_CONFLICT).
    it('hierarchy-service.ts RenameUnitInput: renames without expectedVersion both apply under contention', async () => {
      const sub = await h.createSubdistrict({
        code: '320505004',
        name: '无版本街道',
        effectiveFrom: '2000-01-01',
      });
      const lock = await holdShareLock('subdistricts');
      const first = track(h.renameUnit({ level: 'subdistrict', id: sub.id, name: '甲' }));
      const second = track(h.renameUnit({ level: 'subdistrict', id: sub.id, name: '乙' }));
      await until(async () => (await lockWaiters(database)) >= 2, 'both renames wait');
      await lock.release();
      expect([(await first.result).status, (await second.result).status]).toEqual(['fulfilled', 'fulfilled']);
      expect((await h.getUnit('subdistrict', sub.id))?.version).toBe(3);
    });

    it('a rename and a retirement of the same unit both apply, one after the other', async () => {
      const sub = await h.createSubdistrict({
        code: '320505006',
        name: '改撤街道',
        effectiveFrom: '2000-01-01',
      });
      const lock = await holdShareLock('subdistricts');
      const rename = track(h.renameUnit({ level: 'subdistrict', id: sub.id, name: '改名街道' }));
      const retire = track(h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2024-01-01' }));
      await until(async () => (await lockWaiters(database)) >= 2, 'both writes wait');
      await lock.release();
      expect([(await rename.result).status, (await retire.result).status]).toEqual([
        'fulfilled',
        'fulfilled',
      ]);
      expect(await h.getUnit('subdistrict', sub.id)).toMatchObject({
        name: '改名街道',
        retiredOn: '2024-01-01',
        version: 3,
      });
    });
  },
);
