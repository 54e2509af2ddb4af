/**
 * Follow-up under concurrent writes (docs/domain.md §8). An outcome is implemented only with every
 * task done: markImplemented locks the outcome FOR UPDATE before it reads the tasks, and
 * addOutcomeTask locks it FOR SHARE before it checks the state, so a task is never added to an
 * outcome that is being (or was) implemented, and an outcome is never implemented beside a task
 * added meanwhile. completeTask locks the task FOR UPDATE, so a task is done once.
 *
 * On PostgreSQL a third connection holds the row lock while both calls start, so both are in
 * flight together and wait on it (pg_stat_activity tells when); released, the first goes through
 * and the second sees it. On PGlite (one connection) transactions never overlap, and the plain
 * race checks the same outcome.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SansheDb } from '../../src/database/district-database.js';
import { meetingOutcomes, outcomeTasks } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import {
  type ConsultationDistrict,
  createConsultationDistrict,
  DISTRICT,
  shishanMeeting,
} from './consultation-fixture.js';

let d: ConsultationDistrict;

beforeAll(async () => {
  d = await createConsultationDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

/** A fresh adopted outcome of 狮山社区 with one task, done. */
async function outcomeWithDoneTask(): Promise<{ outcomeId: number; taskId: number }> {
  const community = d.as(d.actors.shishan);
  const meeting = await community.recordMeeting(shishanMeeting(d));
  const outcomeId = meeting.topics[0]!.outcomes[0]!.id;
  const task = await community.addOutcomeTask({
    outcomeId,
    title: '清理楼道',
    owner: { communityId: d.communities.shishan },
    dueOn: '2026-02-27',
  });
  await community.completeTask({ taskId: task.id, doneOn: '2026-02-20', result: '已清理。' });
  return { outcomeId, taskId: task.id };
}

const implement = (outcomeId: number) =>
  d.as(d.actors.shishan).markImplemented({ outcomeId, implementedOn: '2026-03-02' });
const addTask = (outcomeId: number) =>
  d.as(d.actors.shishan).addOutcomeTask({
    outcomeId,
    title: '加装垃圾分类亭',
    owner: { departmentId: d.departments.cg },
    dueOn: '2026-03-20',
  });
const complete = (taskId: number, result: string) =>
  d.as(d.actors.shishan).completeTask({ taskId, doneOn: '2026-03-02', result });

async function stateOf(outcomeId: number) {
  const [outcome] = await d.database.db
    .select({ state: meetingOutcomes.state })
    .from(meetingOutcomes)
    .where(and(eq(meetingOutcomes.districtCode, DISTRICT), eq(meetingOutcomes.id, outcomeId)));
  const tasks = await d.database.db
    .select({ doneOn: outcomeTasks.doneOn, result: outcomeTasks.result })
    .from(outcomeTasks)
    .where(and(eq(outcomeTasks.districtCode, DISTRICT), eq(outcomeTasks.outcomeId, outcomeId)));
  return { state: outcome!.state, tasks };
}

describe('concurrent follow-up (any database)', () => {
  it('of implementing and adding a task at once, exactly one applies and the outcome stays whole', async () => {
    const { outcomeId } = await outcomeWithDoneTask();
    const [implemented, added] = await Promise.allSettled([implement(outcomeId), addTask(outcomeId)]);
    const after = await stateOf(outcomeId);
    if (implemented.status === 'fulfilled') {
      expect(added).toMatchObject({ status: 'rejected', reason: { code: 'STATUS_NOT_ALLOWED' } });
      expect(after).toMatchObject({ state: 'implemented', tasks: [{ doneOn: '2026-02-20' }] });
    } else {
      expect(implemented.reason).toMatchObject({ code: 'OUTCOME_TASKS_OPEN' });
      expect(added.status).toBe('fulfilled');
      expect(after.state).toBe('adopted');
      expect(after.tasks).toHaveLength(2);
    }
  });

  it('a task completed twice at once is done once', async () => {
    const meeting = await d.as(d.actors.shishan).recordMeeting(shishanMeeting(d));
    const task = await addTask(meeting.topics[0]!.outcomes[0]!.id);
    const results = await Promise.allSettled([complete(task.id, '第一次'), complete(task.id, '第二次')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'STATUS_NOT_ALLOWED' },
    });
  });
});

/**
 * Hold `table`'s row FOR UPDATE in a third connection until released; resolves once it is held.
 */
async function holdRow(table: typeof meetingOutcomes | typeof outcomeTasks, id: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = d.database.db.transaction(async (tx: SansheDb) => {
    await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.districtCode, DISTRICT), eq(table.id, id)))
      .for('update');
    locked();
    await released;
  });
  await Promise.race([isLocked, holder]);
  return { release, holder };
}

describe.runIf(testDatabaseKind() === 'postgres')('the row locks order the writers (PostgreSQL)', () => {
  it('implementing first: a task added meanwhile waits, then finds the outcome implemented', async () => {
    const { outcomeId } = await outcomeWithDoneTask();
    const { release, holder } = await holdRow(meetingOutcomes, outcomeId);
    const baseline = await lockWaiters(d.database);
    const first = track(implement(outcomeId));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 1 || first.settled,
      'implementing waits',
    );
    const second = track(addTask(outcomeId));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 2 || second.settled,
      'adding waits',
    );
    expect([first.settled, second.settled]).toEqual([false, false]);
    release();
    await holder;
    expect(await first.result).toMatchObject({ status: 'fulfilled', value: { state: 'implemented' } });
    expect(await second.result).toMatchObject({
      status: 'rejected',
      reason: { code: 'STATUS_NOT_ALLOWED', details: { state: 'implemented' } },
    });
    expect(await stateOf(outcomeId)).toMatchObject({
      state: 'implemented',
      tasks: [{ doneOn: '2026-02-20' }],
    });
  });

  it('adding first: implementing waits, then sees the new open task and refuses', async () => {
    const { outcomeId } = await outcomeWithDoneTask();
    const { release, holder } = await holdRow(meetingOutcomes, outcomeId);
    const baseline = await lockWaiters(d.database);
    const first = track(addTask(outcomeId));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 1 || first.settled,
      'adding waits',
    );
    const second = track(implement(outcomeId));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 2 || second.settled,
      'implementing waits',
    );
    expect([first.settled, second.settled]).toEqual([false, false]);
    release();
    await holder;
    const added = await first.result;
    expect(added.status).toBe('fulfilled');
    const newTaskId = (added as PromiseFulfilledResult<{ id: number }>).value.id;
    expect(await second.result).toMatchObject({
      status: 'rejected',
      reason: { code: 'OUTCOME_TASKS_OPEN', details: { openTaskIds: [newTaskId] } },
    });
    expect((await stateOf(outcomeId)).state).toBe('adopted');
  });

  it('two completions of one task wait on it; the second finds it done', async () => {
    const meeting = await d.as(d.actors.shishan).recordMeeting(shishanMeeting(d));
    const task = await addTask(meeting.topics[0]!.outcomes[0]!.id);
    const { release, holder } = await holdRow(outcomeTasks, task.id);
    const baseline = await lockWaiters(d.database);
    const first = track(complete(task.id, '第一次'));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 1 || first.settled,
      'the first waits',
    );
    const second = track(complete(task.id, '第二次'));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 2 || second.settled,
      'the second waits',
    );
    expect([first.settled, second.settled]).toEqual([false, false]);
    release();
    await holder;
    expect(await first.result).toMatchObject({ status: 'fulfilled', value: { result: '第一次' } });
    expect(await second.result).toMatchObject({ status: 'rejected', reason: { code: 'STATUS_NOT_ALLOWED' } });
    expect((await stateOf(meeting.topics[0]!.outcomes[0]!.id)).tasks).toEqual([
      { doneOn: '2026-03-02', result: '第一次' },
    ]);
  });
});
