/**
 * Two processes running the overdue job at once (docs/domain.md §7.6: "each event is claimed by
 * one of them"). Every gateway process runs it; the claim (`FOR UPDATE SKIP LOCKED`, marked
 * escalated today in the same transaction) must leave each overdue event with exactly one step
 * and one notice per day, whichever run took it.
 *
 * On PostgreSQL the two runs go over two separate connection pools to the same database, as two
 * processes would, started together, many times over with small batches so that their claims
 * interleave; and a run meeting an event another transaction holds skips it without waiting,
 * leaving it to the next run. On PGlite (one connection) the runs cannot overlap, and the same
 * checks hold for runs one after the other.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistrictDatabase, openDistrictDatabase } from '../../src/database/district-database.js';
import { escalateOverdueEvents } from '../../src/grid-events/overdue-escalation.js';
import { departmentNotices, gridEventSteps, gridEvents } from '../../src/schema/index.js';
import { databaseUrl, testDatabaseKind, testPostgresUrl } from '../../src/testing/index.js';
import { createGridDistrict, DISTRICT, type GridDistrict } from './fixture.js';
import { at10, eventRow, insertEvent } from './overdue-fixture.js';

const onPostgres = testDatabaseKind() === 'postgres';
let d: GridDistrict;

beforeAll(async () => {
  d = await createGridDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

/** How many steps and notices each event has, from the tables themselves. */
async function countsByEvent(ids: number[]) {
  const count = async (table: typeof gridEventSteps | typeof departmentNotices) => {
    const rows = await d.database.db
      .select({ eventId: table.eventId, n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.districtCode, DISTRICT))
      .groupBy(table.eventId);
    return new Map(rows.map((row) => [row.eventId, row.n]));
  };
  const steps = await count(gridEventSteps);
  const notices = await count(departmentNotices);
  return ids.map((id) => ({ id, steps: steps.get(id) ?? 0, notices: notices.get(id) ?? 0 }));
}

/** A second pool on the test's database: another process, as far as PostgreSQL can tell. */
async function secondProcess(): Promise<DistrictDatabase> {
  const result = await d.database.db.execute(sql`select current_database() as name`);
  const name = (result as unknown as { rows: { name: string }[] }).rows[0]!.name;
  return openDistrictDatabase({
    url: databaseUrl(testPostgresUrl()!, name),
    districtCode: DISTRICT,
    poolSize: 2,
  });
}

describe('two runs of the overdue job on one day', () => {
  it('escalate every overdue event exactly once between them, each with one step and one notice', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push(await insertEvent(d, { state: i % 2 ? 'handling' : 'dispatched', closeDueOn: '2026-02-27' }));
    }
    const other = onPostgres ? await secondProcess() : d.database;
    try {
      const runs = onPostgres
        ? await Promise.all([
            escalateOverdueEvents(d.database, { now: at10('2026-03-02'), batchSize: 3 }),
            escalateOverdueEvents(other, { now: at10('2026-03-02'), batchSize: 3 }),
          ])
        : [
            await escalateOverdueEvents(d.database, { now: at10('2026-03-02'), batchSize: 3 }),
            await escalateOverdueEvents(other, { now: at10('2026-03-02'), batchSize: 3 }),
          ];
      const taken = runs.flatMap((run) => run.escalated.map((entry) => entry.eventId));
      // Between them, every event once; neither run took one the other took.
      expect([...taken].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(taken).size).toBe(taken.length);
      expect(await countsByEvent(ids)).toEqual(ids.map((id) => ({ id, steps: 1, notices: 1 })));
      for (const id of ids) expect(await eventRow(d, id)).toMatchObject({ escalationLevel: 1, version: 2 });
      console.info(
        `overdue job, two runs at once (${testDatabaseKind()}): ${runs.map((run) => run.escalated.length).join(' + ')} of ${ids.length} events`,
      );

      // The next day the two runs escalate each again, once.
      const next = await Promise.all([
        escalateOverdueEvents(d.database, { now: at10('2026-03-03'), batchSize: 5 }),
        escalateOverdueEvents(other, { now: at10('2026-03-03'), batchSize: 5 }),
      ]);
      expect(next.flatMap((run) => run.escalated).length).toBe(ids.length);
      expect(await countsByEvent(ids)).toEqual(ids.map((id) => ({ id, steps: 2, notices: 2 })));
    } finally {
      if (other !== d.database) await other.close();
    }
  });
});

describe.runIf(onPostgres)('an event another transaction holds (PostgreSQL)', () => {
  it('is skipped without waiting, and escalated by the next run once it is free', async () => {
    const held = await insertEvent(d, { state: 'handling', closeDueOn: '2026-03-03', title: '被锁定' });
    const free = await insertEvent(d, { state: 'handling', closeDueOn: '2026-03-03', title: '未锁定' });
    const other = await secondProcess();
    try {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      // A person's write holding the event (accepting it, say) while the job runs.
      const holder = d.database.db.transaction(async (tx) => {
        await tx
          .select({ id: gridEvents.id })
          .from(gridEvents)
          .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, held)))
          .for('update');
        locked();
        await released;
      });
      await Promise.race([isLocked, holder]);
      const during = await escalateOverdueEvents(other, { now: at10('2026-03-04') });
      expect(during.escalated.map((entry) => entry.eventId)).toContain(free);
      expect(during.escalated.map((entry) => entry.eventId)).not.toContain(held);
      release();
      await holder;
      const after = await escalateOverdueEvents(d.database, { now: new Date('2026-03-04T10:10:00+08:00') });
      expect(after.escalated).toEqual([{ eventId: held, level: 1 }]);
      expect(await countsByEvent([held, free])).toEqual([
        { id: held, steps: 1, notices: 1 },
        { id: free, steps: 1, notices: 1 },
      ]);
    } finally {
      await other.close();
    }
  });
});
