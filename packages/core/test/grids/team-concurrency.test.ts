/**
 * Two changes of one grid team at once cannot both drop it below the composition (docs/domain.md
 * §7.2, TEAM_BELOW_COMPOSITION). Every write of a team locks the grid's row FOR UPDATE before it
 * reads the team, so the second checks the composition against what the first left.
 *
 * On PostgreSQL a third connection holds that row lock while both calls start, so both are in
 * flight together and wait on it (pg_stat_activity tells when); without the lock each would see
 * three workers, both leaves would apply and one worker would remain. On PGlite (one connection)
 * transactions never overlap, and the plain race checks the same outcome.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { grids } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { createGridDistrict, DISTRICT, type GridDistrict } from '../grid-events/fixture.js';
import { fixtureTeam, openMembers, planAs } from './helpers.js';

let d: GridDistrict;

beforeAll(async () => {
  d = await createGridDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

let workerIds: number[];
let workerAccounts: string[];
let extraWorkers = 0;

/** 网格一 with three workers: any one may leave, not two. */
beforeEach(async () => {
  extraWorkers += 1;
  const extra = `wg-ss-1${extraWorkers}`;
  const result = await planAs(d).setGridTeam({
    gridId: d.grids.grid1,
    members: [
      ...fixtureTeam(d).filter((member) => member.role !== 'worker'),
      { role: 'worker', memberName: '李网格员', accountId: 'wg-ss-01' },
      { role: 'worker', memberName: '赵网格员', accountId: 'wg-ss-02' },
      { role: 'worker', memberName: '钱网格员', accountId: extra },
    ],
  });
  const workers = result.members.filter((member) => member.role === 'worker');
  workerIds = workers.map((member) => member.id);
  workerAccounts = workers.map((member) => member.accountId!);
  expect(workerIds).toHaveLength(3);
});

async function openWorkers() {
  return (await openMembers(d, d.grids.grid1)).filter((member) => member.role === 'worker');
}

describe('concurrent changes of one team (any database)', () => {
  it('of two leaves that together would break the composition, exactly one applies', async () => {
    const results = await Promise.allSettled([
      planAs(d).leaveGridTeam({ memberId: workerIds[0]! }),
      planAs(d).leaveGridTeam({ memberId: workerIds[1]! }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'TEAM_BELOW_COMPOSITION', path: ['input', 'memberId'] });
    expect(await openWorkers()).toHaveLength(2);
  });
});

describe.runIf(testDatabaseKind() === 'postgres')(
  'the grid row lock orders the team’s writers (PostgreSQL)',
  () => {
    it('a leave and a team set wait on the locked grid; the set, released second, sees the leave and keeps the composition', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = d.database.db.transaction(async (tx) => {
        await tx
          .select({ id: grids.id })
          .from(grids)
          .where(and(eq(grids.districtCode, DISTRICT), eq(grids.id, d.grids.grid1)))
          .for('update');
        locked();
        await released;
      });
      await Promise.race([isLocked, holder]);
      const baseline = await lockWaiters(d.database);
      // Alone, each keeps two workers: the leave of the first worker, and a team without the third.
      const first = track(planAs(d).leaveGridTeam({ memberId: workerIds[0]! }));
      await until(
        async () => (await lockWaiters(d.database)) === baseline + 1 || first.settled,
        'the first call waits',
      );
      const second = track(
        planAs(d).setGridTeam({
          gridId: d.grids.grid1,
          members: [
            ...fixtureTeam(d).filter((member) => member.role !== 'worker'),
            { role: 'worker', memberName: '甲', accountId: workerAccounts[0]! },
            { role: 'worker', memberName: '乙', accountId: workerAccounts[1]! },
          ],
        }),
      );
      await until(
        async () => (await lockWaiters(d.database)) === baseline + 2 || second.settled,
        'the second call waits',
      );
      expect([first.settled, second.settled]).toEqual([false, false]);
      release();
      await holder;
      expect((await first.result).status).toBe('fulfilled');
      const set = await second.result;
      expect(set.status).toBe('fulfilled');
      // Read after the leave, the set found the first worker gone and listed it anew: two workers,
      // not the one a set that read the team before the leave would have left.
      const workers = await openWorkers();
      expect(workers.map((member) => member.accountId).sort()).toEqual(
        [workerAccounts[0], workerAccounts[1]].sort(),
      );
      expect(workers.map((member) => member.id)).not.toContain(workerIds[0]);
    });

    it('two leaves wait on the locked grid; the second is refused', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = d.database.db.transaction(async (tx) => {
        await tx
          .select({ id: grids.id })
          .from(grids)
          .where(and(eq(grids.districtCode, DISTRICT), eq(grids.id, d.grids.grid1)))
          .for('update');
        locked();
        await released;
      });
      await Promise.race([isLocked, holder]);
      const baseline = await lockWaiters(d.database);
      const first = track(planAs(d).leaveGridTeam({ memberId: workerIds[1]! }));
      await until(
        async () => (await lockWaiters(d.database)) === baseline + 1 || first.settled,
        'the first call waits',
      );
      const second = track(planAs(d).leaveGridTeam({ memberId: workerIds[2]! }));
      await until(
        async () => (await lockWaiters(d.database)) === baseline + 2 || second.settled,
        'the second call waits',
      );
      expect([first.settled, second.settled]).toEqual([false, false]);
      release();
      await holder;
      expect((await first.result).status).toBe('fulfilled');
      expect(await second.result).toMatchObject({
        status: 'rejected',
        reason: { code: 'TEAM_BELOW_COMPOSITION' },
      });
      expect(await openWorkers()).toHaveLength(2);
    });
  },
);
