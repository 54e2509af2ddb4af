/**
 * Two records of one volunteer's overlapping service written at once (docs/domain.md §5.2: one
 * person serves in one place at a time; OVERLAPPING_SERVICE). recordService locks the volunteer's
 * row FOR UPDATE before the overlap check, so the second writer checks after the first commits.
 *
 * On PostgreSQL a third connection holds that row lock while both calls start, so both are in
 * flight together and wait on it (pg_stat_activity tells when); without the lock both would find
 * no overlap and both apply. On PGlite (one connection) transactions never overlap, and the plain
 * race checks the same outcome.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { volunteerServices, volunteers } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { createVolunteerDistrict, DISTRICT, registerAdult, span, type VolunteerDistrict } from './fixture.js';

let d: VolunteerDistrict;

beforeAll(async () => {
  d = await createVolunteerDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

function record(volunteerId: number, from: number, to: number) {
  return d.as(d.actors.shishan).recordService({
    volunteerId,
    content: '巡逻',
    place: '狮山社区',
    communityId: d.communities.shishan,
    ...span('05-10', from, to),
  });
}

async function servicesOf(volunteerId: number) {
  return d.database.db.select().from(volunteerServices).where(eq(volunteerServices.volunteerId, volunteerId));
}

describe('concurrent records of one volunteer (any database)', () => {
  it('of two overlapping records written together, exactly one applies', async () => {
    const volunteer = await registerAdult(d, '并发甲');
    const results = await Promise.allSettled([record(volunteer.id, 9, 11), record(volunteer.id, 10, 12)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'OVERLAPPING_SERVICE', path: ['input', 'startedAt'] });
    expect(await servicesOf(volunteer.id)).toHaveLength(1);
  });

  it('records of two volunteers at the same time both apply', async () => {
    const [a, b] = [await registerAdult(d, '并发乙'), await registerAdult(d, '并发丙')];
    const results = await Promise.allSettled([record(a.id, 9, 11), record(b.id, 9, 11)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  });
});

describe.runIf(testDatabaseKind() === 'postgres')(
  'the volunteer row lock orders the writers (PostgreSQL)',
  () => {
    it('both calls wait on the locked volunteer; once released the second sees the first and is refused', async () => {
      const volunteer = await registerAdult(d, '并发丁');
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
          .select({ id: volunteers.id })
          .from(volunteers)
          .where(and(eq(volunteers.districtCode, DISTRICT), eq(volunteers.id, volunteer.id)))
          .for('update');
        locked();
        await released;
      });
      await Promise.race([isLocked, holder]);
      const baseline = await lockWaiters(d.database);
      const first = track(record(volunteer.id, 9, 11));
      await until(
        async () => (await lockWaiters(d.database)) === baseline + 1 || first.settled,
        'the first call waits',
      );
      const second = track(record(volunteer.id, 10, 12));
      await until(
        async () => (await lockWaiters(d.database)) === baseline + 2 || second.settled,
        'the second call waits',
      );
      expect([first.settled, second.settled]).toEqual([false, false]);
      release();
      await holder;
      const outcomes = [await first.result, await second.result];
      expect(outcomes[0]!.status).toBe('fulfilled');
      expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { code: 'OVERLAPPING_SERVICE' } });
      expect(await servicesOf(volunteer.id)).toHaveLength(1);
    });
  },
);
