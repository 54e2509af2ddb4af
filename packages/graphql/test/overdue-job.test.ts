/**
 * The gateway's overdue check (server/overdue-job.ts; docs/domain.md §7.6): a gateway serving a
 * local district escalates its overdue grid events on a schedule, once a day for each, counts the
 * runs in /metrics, logs a failure instead of throwing it, and stops when it shuts down.
 */
import { createHierarchyService, type DistrictDatabase } from '@sanshe/core';
import { departmentNotices, departments, gridEventSteps, gridEvents } from '@sanshe/core/schema';
import { createTestDistrictDatabase } from '@sanshe/core/testing';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, createLocalDistrictSource, type Gateway, listen } from '../src/index.js';

const DISTRICT = '320505';
/** Monday 2026-03-02, 10:00 in China: a working day. */
const clock = () => new Date('2026-03-02T10:00:00+08:00');

/** A district with one grid, one department and one event past its closing day (Friday 02-27). */
async function districtWithOverdueEvent(): Promise<{ database: DistrictDatabase; eventId: number }> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const hierarchy = createHierarchyService(database, { today: () => '2026-03-02' });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  const community = await hierarchy.createCommunity({
    code: '320505001001',
    name: '狮山社区',
    effectiveFrom: '2001-01-01',
  });
  const grid = await hierarchy.createGrid({
    code: '320505001001001',
    name: '网格一',
    effectiveFrom: '2010-01-01',
  });
  const [department] = await database.db
    .insert(departments)
    .values({
      districtCode: DISTRICT,
      code: 'CG',
      name: '虎丘区城市管理局',
      kind: 'functional',
      unitCode: DISTRICT,
      establishedOn: '2010-01-01',
    })
    .returning({ id: departments.id });
  const [event] = await database.db
    .insert(gridEvents)
    .values({
      districtCode: DISTRICT,
      gridId: grid.id,
      communityId: community.id,
      unitCode: '320505001001001',
      categoryCode: 'E0502',
      urgency: 'routine',
      title: '占道经营',
      description: '菜市场门口占道摆摊',
      source: 'patrol',
      reportedBy: 'wg-ss-01',
      reporterRole: 'GRID_WORKER',
      reportedAt: '2026-02-12T09:00:00+08:00',
      state: 'collected',
    })
    .returning({ id: gridEvents.id });
  // Along the lifecycle, as the database allows: dispatched, then accepted.
  const where = and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, event!.id));
  await database.db
    .update(gridEvents)
    .set({
      state: 'dispatched',
      departmentId: department!.id,
      dispatchedAt: '2026-02-13T09:00:00+08:00',
      acceptDueOn: '2026-02-14',
      closeDueOn: '2026-02-27',
    })
    .where(where);
  await database.db
    .update(gridEvents)
    .set({ state: 'handling', acceptedAt: '2026-02-14T09:00:00+08:00' })
    .where(where);
  return { database, eventId: event!.id };
}

async function stepsOf(database: DistrictDatabase, eventId: number) {
  return database.db
    .select()
    .from(gridEventSteps)
    .where(and(eq(gridEventSteps.districtCode, DISTRICT), eq(gridEventSteps.eventId, eventId)));
}

/** A counter's value for the district (0 when it never moved). */
async function counter(gateway: Gateway, name: string, labels: Record<string, string>): Promise<number> {
  const metric = gateway.metrics!.registry.getSingleMetric(name);
  const values = (await metric!.get()).values;
  const match = values.find((value) => Object.entries(labels).every(([key, v]) => value.labels[key] === v));
  return match?.value ?? 0;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const logged: { level: string; message: string }[] = [];
const logging = {
  debug: (message: string) => logged.push({ level: 'debug', message }),
  info: (message: string) => logged.push({ level: 'info', message }),
  warn: (message: string) => logged.push({ level: 'warn', message }),
  error: (message: string) => logged.push({ level: 'error', message }),
};
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  logged.length = 0;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the overdue check of a serving gateway', () => {
  it('escalates an overdue event once a day, counts its runs, and stops with the shutdown', async () => {
    const { database, eventId } = await districtWithOverdueEvent();
    const gateway = createGateway({
      districts: [createLocalDistrictSource(database)],
      overdueCheckMinutes: 0.002,
      clock,
      logging,
    });
    expect(gateway.overdueJob).toBeUndefined();
    const running = await listen(gateway, { port: 0 });
    cleanups.push(() => running.close());
    expect(gateway.overdueJob?.scheduled).toBe(true);

    await until(async () => (await stepsOf(database, eventId)).length > 0, 'the event is escalated');
    // Several runs later, still one step: the same day is escalated once.
    await until(
      async () =>
        (await counter(gateway, 'sanshe_overdue_checks_total', { district: DISTRICT, outcome: 'ok' })) >= 3,
      'three runs',
    );
    const steps = await stepsOf(database, eventId);
    expect(steps).toMatchObject([
      {
        step: 'escalate',
        fromState: 'handling',
        toState: 'handling',
        actorId: 'overdue-job',
        actorRole: 'SYSTEM',
        note: '超时自动升级：超过办结期限2026-02-27（已逾期2个工作日）；升级至街道督办。',
      },
    ]);
    const notices = await database.db
      .select()
      .from(departmentNotices)
      .where(eq(departmentNotices.eventId, eventId));
    expect(notices).toMatchObject([{ kind: 'overdue' }]);
    const [event] = await database.db.select().from(gridEvents).where(eq(gridEvents.id, eventId));
    expect(event).toMatchObject({ escalationLevel: 1, overdueEscalatedOn: '2026-03-02' });
    expect(await counter(gateway, 'sanshe_overdue_escalations_total', { district: DISTRICT })).toBe(1);
    expect(
      logged.filter((entry) => entry.level === 'info' && entry.message.includes('overdue events escalated')),
    ).toHaveLength(1);
    const scrape = await (await fetch(`${running.origin}/metrics`)).text();
    expect(scrape).toContain(`sanshe_overdue_escalations_total{district="${DISTRICT}"} 1`);

    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(gateway.overdueJob?.scheduled).toBe(false);
    const runs = await counter(gateway, 'sanshe_overdue_checks_total', { district: DISTRICT, outcome: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await counter(gateway, 'sanshe_overdue_checks_total', { district: DISTRICT, outcome: 'ok' })).toBe(
      runs,
    );
  });

  it('shuts down at once with a run still ahead, and runs nothing after', async () => {
    const { database, eventId } = await districtWithOverdueEvent();
    const gateway = createGateway({ districts: [createLocalDistrictSource(database)], clock, logging });
    const running = await listen(gateway, { port: 0 });
    expect(gateway.overdueJob?.scheduled).toBe(true);
    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(gateway.overdueJob?.scheduled).toBe(false);
    // The first run was a few seconds ahead: it never came.
    expect(await counter(gateway, 'sanshe_overdue_checks_total', { district: DISTRICT, outcome: 'ok' })).toBe(
      0,
    );
    gateway.startJobs();
    expect(gateway.overdueJob?.scheduled).toBe(false);
    expect(eventId).toBeGreaterThan(0);
  });

  it('never runs twice at once in a process', async () => {
    const { database } = await districtWithOverdueEvent();
    const gateway = createGateway({ districts: [createLocalDistrictSource(database)], clock, logging });
    cleanups.push(() => gateway.close());
    gateway.startJobs();
    const job = gateway.overdueJob!;
    const first = job.runNow();
    expect(job.runNow()).toBe(first);
    await first;
    expect(await counter(gateway, 'sanshe_overdue_checks_total', { district: DISTRICT, outcome: 'ok' })).toBe(
      1,
    );
  });

  it('logs a failed run and counts it, and throws nothing', async () => {
    const { database } = await districtWithOverdueEvent();
    const gateway = createGateway({ districts: [createLocalDistrictSource(database)], clock, logging });
    cleanups.push(() => gateway.close());
    gateway.startJobs();
    // The district's database fails under the gateway (a table it reads is gone).
    await database.db.execute(sql`alter table calendar_years rename to calendar_years_gone`);
    await expect(gateway.overdueJob!.runNow()).resolves.toBeUndefined();
    expect(
      await counter(gateway, 'sanshe_overdue_checks_total', { district: DISTRICT, outcome: 'error' }),
    ).toBe(1);
    expect(logged.filter((entry) => entry.level === 'error')).toMatchObject([
      { message: expect.stringContaining(`overdue check of district ${DISTRICT} failed`) },
    ]);
  });

  it('0 turns the check off; a nonsense interval is refused when the gateway is created', async () => {
    const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
    const off = createGateway({
      districts: [createLocalDistrictSource(database)],
      overdueCheckMinutes: 0,
      logging,
    });
    cleanups.push(() => off.close());
    off.startJobs();
    expect(off.overdueJob).toBeUndefined();
    for (const minutes of [-1, Number.NaN, 1441]) {
      expect(() =>
        createGateway({
          districts: [createLocalDistrictSource(database)],
          overdueCheckMinutes: minutes,
          logging,
        }),
      ).toThrow(RangeError);
    }
  });
});
