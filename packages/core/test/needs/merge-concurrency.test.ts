/**
 * Merges racing the project writes that touch the same needs (PostgreSQL only: PGlite has one
 * connection, so its transactions never overlap; merge-need.test.ts runs each write alone on both).
 * A third connection holds a row lock, both calls queue behind it in a known order (pg_stat_activity
 * tells when each waits), and the lock is released: both finish, neither deadlocks, and a need is
 * `answered` exactly when a project that is not cancelled answers it. No sleeps decide the outcome.
 */
import { and, eq, not, or, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs, projectNeeds, serviceProjects } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { type ChainFixture, createChainFixture, needInput, projectInput } from './fixture.js';

let fixture: ChainFixture;

/** Hold `select … for update` on one row until released: every lock on it waits. */
async function holdRow(table: 'needs' | 'service_projects', id: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = fixture.database.db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from ${sql.identifier(table)} where id = ${id} for update`);
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

/** Every open or answered need is answered exactly when a project that is not cancelled answers it. */
async function expectStatusesTrueToLinks() {
  // In the WHERE clause, where drizzle qualifies the outer columns.
  const liveLink = sql`exists (select 1 from ${projectNeeds}
    join ${serviceProjects} on ${serviceProjects.districtCode} = ${projectNeeds.districtCode}
      and ${serviceProjects.id} = ${projectNeeds.projectId}
    where ${projectNeeds.districtCode} = ${needs.districtCode} and ${projectNeeds.needId} = ${needs.id}
      and ${serviceProjects.status} <> 'cancelled')`;
  const untrue = await fixture.database.db
    .select({ id: needs.id, status: needs.status })
    .from(needs)
    .where(or(and(eq(needs.status, 'answered'), not(liveLink)), and(eq(needs.status, 'open'), liveLink)));
  expect(untrue).toEqual([]);
}

const reason = '同一诉求重复登记';

describe.skipIf(testDatabaseKind() === 'pglite')('merges racing project writes on PostgreSQL', () => {
  beforeAll(async () => {
    fixture = await createChainFixture();
  });

  afterAll(async () => {
    await fixture?.database.close();
  });

  it.each([
    ['the merge first', 'merge'],
    ['the cancellation first', 'cancel'],
  ] as const)(
    'a merge and the cancellation of the duplicate\u2019s only project, %s',
    async (_order, first) => {
      const target = await fixture.needs.recordNeed(needInput(fixture, { title: '助餐' }));
      const duplicate = await fixture.needs.recordNeed(needInput(fixture, { title: '吃饭难' }));
      const project = await fixture.projects.designProject(
        projectInput(fixture, { needIds: [duplicate.id] }),
      );
      const hold = await holdRow('service_projects', project.id);
      const waitingBefore = await lockWaiters(fixture.database);
      const start = {
        merge: () => track(fixture.needs.mergeNeed({ needId: duplicate.id, intoNeedId: target.id, reason })),
        cancel: () => track(fixture.projects.cancelProject({ projectId: project.id, reason: '取消' })),
      };
      const second = first === 'merge' ? 'cancel' : 'merge';
      const one = start[first]();
      await until(async () => (await lockWaiters(fixture.database)) > waitingBefore, `the ${first} waits`);
      const two = start[second]();
      await until(
        async () => (await lockWaiters(fixture.database)) > waitingBefore + 1,
        `the ${second} waits`,
      );
      await hold.release();
      expect((await one.result).status).toBe('fulfilled');
      expect((await two.result).status).toBe('fulfilled');

      expect(await fixture.needs.getNeed(duplicate.id)).toMatchObject({
        status: 'merged',
        mergedIntoId: target.id,
      });
      // Whichever ran first, no live project answers the target: it is open.
      expect(await fixture.needs.getNeed(target.id)).toMatchObject({ status: 'open' });
      await expectStatusesTrueToLinks();
    },
  );

  it('a project linked to the duplicate while the merge waits: the merge runs again and carries the link', async () => {
    const target = await fixture.needs.recordNeed(needInput(fixture, { title: '探访' }));
    const duplicate = await fixture.needs.recordNeed(needInput(fixture, { title: '上门看看老人' }));
    const project = await fixture.projects.designProject(projectInput(fixture, { name: '探访项目' }));
    const hold = await holdRow('needs', duplicate.id);
    const waitingBefore = await lockWaiters(fixture.database);
    const link = track(fixture.projects.linkNeed({ projectId: project.id, needId: duplicate.id }));
    await until(async () => (await lockWaiters(fixture.database)) > waitingBefore, 'the link waits');
    const merge = track(fixture.needs.mergeNeed({ needId: duplicate.id, intoNeedId: target.id, reason }));
    await until(async () => (await lockWaiters(fixture.database)) > waitingBefore + 1, 'the merge waits');
    await hold.release();
    expect((await link.result).status).toBe('fulfilled');
    expect((await merge.result).status).toBe('fulfilled');

    // The link came first; the merge, run again, linked the project to the target as well.
    expect(await fixture.needs.getNeed(target.id)).toMatchObject({ status: 'answered' });
    const linked = await fixture.database.db
      .select({ needId: projectNeeds.needId })
      .from(projectNeeds)
      .where(eq(projectNeeds.projectId, project.id))
      .orderBy(projectNeeds.needId);
    expect(linked.map((row) => row.needId)).toEqual([target.id, duplicate.id]);
    await expectStatusesTrueToLinks();
  });
});
