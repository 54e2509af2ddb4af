/**
 * Two people making the same move of one event at once (docs/domain.md §7.7): two staff of the
 * department accepting it, two verifiers closing it. Every move locks the event's row FOR UPDATE
 * before it asks the state machine, so the second reads the state the first left and is refused
 * (EVENT_TRANSITION_NOT_ALLOWED); without the lock both would see the same state and both apply.
 *
 * On PostgreSQL a third connection holds that row lock while both calls start, so both are in
 * flight together and wait on it (pg_stat_activity tells when). On PGlite (one connection)
 * transactions never overlap, and the plain race checks the same outcome.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridEvent } from '../../src/schema/index.js';
import { gridEventSteps, gridEvents } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { createEventDistrict, type EventDistrict, eventIn } from './events-helpers.js';
import { DISTRICT } from './fixture.js';

let d: EventDistrict;

beforeAll(async () => {
  d = await createEventDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

const acceptAs = (actor: 'cg' | 'cg2', event: GridEvent) => () =>
  d.as(d.actors[actor]).accept({ eventId: event.id });
const closeAs = (actor: 'gridHead' | 'shishan', event: GridEvent) => () =>
  d.as(d.actors[actor]).close({ eventId: event.id });

async function stepsOf(eventId: number, step: string) {
  return d.database.db
    .select()
    .from(gridEventSteps)
    .where(and(eq(gridEventSteps.eventId, eventId), eq(gridEventSteps.step, step)));
}

/** Exactly one of two outcomes applied; the other was refused as an illegal transition. */
function expectOneApplied(outcomes: PromiseSettledResult<GridEvent>[], state: string) {
  expect(
    outcomes
      .filter((o) => o.status === 'fulfilled')
      .map((o) => (o as PromiseFulfilledResult<GridEvent>).value.state),
  ).toEqual([state]);
  expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
    reason: { code: 'EVENT_TRANSITION_NOT_ALLOWED', path: ['input', 'eventId'] },
  });
}

describe('the same move twice at once (any database)', () => {
  it('two staff of the department accept: exactly one does', async () => {
    const event = await eventIn(d, 'dispatched');
    expectOneApplied(
      await Promise.allSettled([acceptAs('cg', event)(), acceptAs('cg2', event)()]),
      'handling',
    );
    expect(await stepsOf(event.id, 'accept')).toHaveLength(1);
  });

  it('two verifiers close: exactly one does', async () => {
    const event = await eventIn(d, 'fed_back');
    expectOneApplied(
      await Promise.allSettled([closeAs('gridHead', event)(), closeAs('shishan', event)()]),
      'closed',
    );
    expect(await stepsOf(event.id, 'close')).toHaveLength(1);
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('the event row lock orders the movers (PostgreSQL)', () => {
  /** Hold the event's row lock, start both moves, see both wait on it, then release. */
  async function raceBehindLock(
    event: GridEvent,
    first: () => Promise<GridEvent>,
    second: () => Promise<GridEvent>,
  ) {
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
        .select({ id: gridEvents.id })
        .from(gridEvents)
        .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, event.id)))
        .for('update');
      locked();
      await released;
    });
    await Promise.race([isLocked, holder]);
    const baseline = await lockWaiters(d.database);
    const a = track(first());
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 1 || a.settled,
      'the first call waits',
    );
    const b = track(second());
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 2 || b.settled,
      'the second call waits',
    );
    expect([a.settled, b.settled]).toEqual([false, false]);
    release();
    await holder;
    return [await a.result, await b.result];
  }

  it('both accepts wait on the locked event; once released one applies and the other is refused', async () => {
    const event = await eventIn(d, 'dispatched');
    expectOneApplied(await raceBehindLock(event, acceptAs('cg', event), acceptAs('cg2', event)), 'handling');
    expect(await stepsOf(event.id, 'accept')).toHaveLength(1);
  });

  it('both closes wait on the locked event; once released one applies and the other is refused', async () => {
    const event = await eventIn(d, 'fed_back');
    expectOneApplied(
      await raceBehindLock(event, closeAs('gridHead', event), closeAs('shishan', event)),
      'closed',
    );
    expect(await stepsOf(event.id, 'close')).toHaveLength(1);
  });
});
