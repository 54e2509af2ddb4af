import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridEvents } from '../../src/schema/index.js';
import { testDatabaseKind } from '../../src/testing/index.js';
import { createGridDistrict, DISTRICT, GRID_1, type GridDistrict } from './fixture.js';

/**
 * Live queues stand on the database announcing every committed change of a grid event on the
 * channel `sanshe_grid_events` (migration `…_grid_events_notify`), heard through
 * `DistrictDatabase.listen` on PGlite and on PostgreSQL alike.
 */
describe(`grid event notifications (${testDatabaseKind()})`, () => {
  let d: GridDistrict;
  const heard: Record<string, unknown>[] = [];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    d = await createGridDistrict();
    stop = await d.database.listen('sanshe_grid_events', (payload) => heard.push(JSON.parse(payload)));
  });
  afterAll(async () => {
    await stop?.();
    await d?.database.close();
  });

  async function until(predicate: () => boolean) {
    for (let i = 0; i < 200 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  const row = () => ({
    districtCode: DISTRICT,
    gridId: d.grids.grid1,
    communityId: d.communities.shishan,
    unitCode: GRID_1,
    categoryCode: 'E0502',
    urgency: 'routine',
    title: '占道经营',
    description: '狮山路菜场门口占道经营',
    source: 'patrol',
    reportedBy: 'wg-ss-01',
    reporterRole: 'GRID_WORKER',
    reportedAt: '2026-03-02T09:00:00+08:00',
    state: 'collected',
  });

  it('announces an insert and each committed update with the routing facts, never the text', async () => {
    const [event] = await d.database.db.insert(gridEvents).values(row()).returning({ id: gridEvents.id });
    await until(() => heard.length >= 1);
    expect(heard).toEqual([
      {
        districtCode: DISTRICT,
        id: event!.id,
        version: 1,
        operation: 'insert',
        state: 'collected',
        previousState: null,
        unitCode: GRID_1,
        departmentId: null,
        previousDepartmentId: null,
        reportedBy: 'wg-ss-01',
      },
    ]);
    expect(JSON.stringify(heard)).not.toContain('占道经营');

    await d.database.db
      .update(gridEvents)
      .set({
        state: 'dispatched',
        departmentId: d.departments.cg,
        closeDueOn: '2026-03-11',
        version: sql`${gridEvents.version} + 1`,
      })
      .where(eq(gridEvents.id, event!.id));
    await until(() => heard.length >= 2);
    expect(heard[1]).toMatchObject({
      id: event!.id,
      version: 2,
      operation: 'update',
      state: 'dispatched',
      previousState: 'collected',
      departmentId: d.departments.cg,
      previousDepartmentId: null,
    });
  });

  it('says nothing of a transaction rolled back, and nothing before a commit', async () => {
    const before = heard.length;
    await expect(
      d.database.db.transaction(async (tx) => {
        await tx.insert(gridEvents).values(row());
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    let seenInside = -1;
    await d.database.db.transaction(async (tx) => {
      await tx.insert(gridEvents).values(row());
      await new Promise((resolve) => setTimeout(resolve, 100));
      seenInside = heard.length;
    });
    expect(seenInside).toBe(before);
    await until(() => heard.length > before);
    expect(heard.length).toBe(before + 1);
  });

  it('stops when told to', async () => {
    await stop();
    const before = heard.length;
    await d.database.db.insert(gridEvents).values(row());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.length).toBe(before);
  });
});
