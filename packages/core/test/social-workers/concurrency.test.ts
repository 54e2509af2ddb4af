/**
 * Two full-time posts of one worker started at once (docs/domain.md §4: one full-time post at a
 * time; error-codes.ts OVERLAPPING_POST). startPost locks the worker row FOR UPDATE before it
 * reads the worker's posts, so the second call reads them after the first commits.
 *
 * On PostgreSQL a third connection holds a share lock on social_worker_posts, so both calls are
 * in flight together in a known order (pg_stat_activity tells when each waits); without the
 * worker lock both would read "no post", both wait at their insert, and both apply. On PGlite
 * (one connection) transactions never overlap, and the plain race checks the same outcome.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import type { Community, SocialWorker } from '../../src/schema/index.js';
import type { SocialWorkerService } from '../../src/social-workers/index.js';
import {
  createTestDistrictDatabase,
  lockWaiters,
  testDatabaseKind,
  track,
  until,
} from '../../src/testing/index.js';
import { buildHierarchy, clock, DISTRICT, residentId, workerServiceFor } from './helpers.js';

let database: DistrictDatabase;
let service: SocialWorkerService;
let shishan: Community;
let fengqiao: Community;
let sequence = 0;

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  service = workerServiceFor(database, clock('2025-06-01').today);
  ({ shishan, fengqiao } = await buildHierarchy(database));
});

afterAll(async () => {
  await database?.close();
});

function newWorker(): Promise<SocialWorker> {
  sequence += 2;
  return service.registerWorker({
    name: `并发社工${sequence}`,
    residentId: residentId('19890909', String(sequence).padStart(3, '0')),
  });
}

function fullTimePost(workerId: number, community: Community, startsOn: string) {
  return service.startPost({
    workerId,
    communityId: community.id,
    title: '社区社工',
    fullTime: true,
    startsOn,
  });
}

async function fullTimePostsOf(workerId: number) {
  return (await service.postsOf(workerId)).filter((post) => post.fullTime);
}

describe('concurrent full-time posts (any database)', () => {
  it('of two overlapping full-time posts started together, exactly one applies', async () => {
    const worker = await newWorker();
    const results = await Promise.allSettled([
      fullTimePost(worker.id, shishan, '2025-01-01'),
      fullTimePost(worker.id, fengqiao, '2025-03-01'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'OVERLAPPING_POST', path: ['input', 'startsOn'] });
    expect(await fullTimePostsOf(worker.id)).toHaveLength(1);
  });

  it('full-time posts of two different workers started together both apply', async () => {
    const [a, b] = [await newWorker(), await newWorker()];
    const results = await Promise.allSettled([
      fullTimePost(a.id, shishan, '2025-01-01'),
      fullTimePost(b.id, shishan, '2025-01-01'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  });

  it('two first registrations of one certificate at once: one applies, the other is ALREADY_REGISTERED', async () => {
    const worker = await newWorker();
    const certificate = await service.addCertificate({
      workerId: worker.id,
      level: 'assistant',
      certificateNumber: `BF-${worker.id}`,
      passedOn: '2025-01-15',
    });
    const results = await Promise.allSettled([
      service.registerCertificate({ certificateId: certificate.id, registeredOn: '2025-03-01' }),
      service.registerCertificate({ certificateId: certificate.id, registeredOn: '2025-04-01' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'ALREADY_REGISTERED',
    });
  });
});

/** Hold `lock table social_worker_posts in share mode` in a transaction of its own until released. */
async function holdPostsShareLock() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = database.db.transaction(async (tx) => {
    await tx.execute(sql.raw('lock table social_worker_posts in share mode'));
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
  'concurrent full-time posts on PostgreSQL, in a known order',
  () => {
    it('the second call waits for the worker lock, then sees the first post: OVERLAPPING_POST', async () => {
      const worker = await newWorker();
      const lock = await holdPostsShareLock();
      // The first call locks the worker, reads no post, and waits at its insert.
      const first = track(fullTimePost(worker.id, shishan, '2025-01-01'));
      await until(async () => first.settled || (await lockWaiters(database)) >= 1, 'the first insert waits');
      // The second call waits for the worker row before reading the posts.
      const second = track(fullTimePost(worker.id, fengqiao, '2025-03-01'));
      await until(async () => second.settled || (await lockWaiters(database)) >= 2, 'the second call waits');
      expect([first.settled, second.settled]).toEqual([false, false]);
      await lock.release();
      expect(await first.result).toMatchObject({ status: 'fulfilled', value: { communityId: shishan.id } });
      expect(await second.result).toMatchObject({
        status: 'rejected',
        reason: { code: 'OVERLAPPING_POST', path: ['input', 'startsOn'] },
      });
      expect(await fullTimePostsOf(worker.id)).toHaveLength(1);
    });
  },
);
