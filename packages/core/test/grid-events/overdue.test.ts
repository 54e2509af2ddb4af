/**
 * The overdue job (docs/domain.md §7.6: overdue events escalate by themselves): what it finds
 * overdue, how far it raises each event, what it writes (a step, a notice, an audit entry), and
 * that it escalates an event at most once a day and only on working days.
 *
 * One story over the working days after Monday 2026-03-02 in one district: each test continues
 * from the one before, as the job's runs do.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueEvents } from '../../src/grid-events/overdue-escalation.js';
import { auditLog, gridEvents } from '../../src/schema/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import { createGridDistrict, expectRefused, type GridDistrict } from './fixture.js';
import { at10, eventRow, insertEvent, noticesOf, stepsOf } from './overdue-fixture.js';

let d: GridDistrict;
let e: Record<
  | 'closeOverdue'
  | 'acceptOverdue'
  | 'bothOverdue'
  | 'dueToday'
  | 'acceptDueToday'
  | 'fedBack'
  | 'collected'
  | 'closed'
  | 'atDistrict'
  | 'otherDepartment',
  number
>;

beforeAll(async () => {
  d = await createGridDistrict();
  e = {
    // Closing day Friday 02-27; by Monday 03-02 two working days late (Saturday 02-28 is worked).
    closeOverdue: await insertEvent(d, { state: 'handling', closeDueOn: '2026-02-27' }),
    acceptOverdue: await insertEvent(d, {
      state: 'dispatched',
      acceptDueOn: '2026-02-27',
      closeDueOn: '2026-03-10',
    }),
    bothOverdue: await insertEvent(d, {
      state: 'dispatched',
      acceptDueOn: '2026-02-14',
      closeDueOn: '2026-02-27',
    }),
    dueToday: await insertEvent(d, { state: 'handling', closeDueOn: '2026-03-02' }),
    acceptDueToday: await insertEvent(d, {
      state: 'dispatched',
      acceptDueOn: '2026-03-02',
      closeDueOn: '2026-03-10',
    }),
    fedBack: await insertEvent(d, { state: 'fed_back', closeDueOn: '2026-02-27' }),
    collected: await insertEvent(d),
    closed: await insertEvent(d, { state: 'closed', closeDueOn: '2026-02-27' }),
    atDistrict: await insertEvent(d, { state: 'handling', closeDueOn: '2026-02-27', escalationLevel: 2 }),
    otherDepartment: await insertEvent(d, {
      state: 'handling',
      closeDueOn: '2026-02-27',
      departmentId: d.departments.zj,
    }),
  };
});
afterAll(async () => {
  await d?.database.close();
});

const levelOf = async (id: number) => (await eventRow(d, id)).escalationLevel;

describe('the overdue job, day by day', () => {
  it('Monday 03-02: raises what is past its closing or accepting day one level, with a step, a notice and an audit entry', async () => {
    const result = await escalateOverdueEvents(d.database, { now: at10('2026-03-02') });
    expect(result).toEqual({
      checkedOn: '2026-03-02',
      workingDay: true,
      escalated: [
        { eventId: e.closeOverdue, level: 1 },
        { eventId: e.acceptOverdue, level: 1 },
        { eventId: e.bothOverdue, level: 1 },
        { eventId: e.atDistrict, level: 2 },
        { eventId: e.otherDepartment, level: 1 },
      ],
    });

    expect(await eventRow(d, e.closeOverdue)).toMatchObject({
      state: 'handling',
      escalationLevel: 1,
      overdueEscalatedOn: '2026-03-02',
      version: 2,
    });
    const [step] = await stepsOf(d, e.closeOverdue);
    expect(step).toMatchObject({
      step: 'escalate',
      fromState: 'handling',
      toState: 'handling',
      actorId: 'overdue-job',
      actorRole: 'SYSTEM',
      departmentId: d.departments.cg,
      note: '超时自动升级：超过办结期限2026-02-27（已逾期2个工作日）；升级至街道督办。',
      dueOn: null,
    });
    expect(new Date(step!.at).toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(await noticesOf(d, e.closeOverdue)).toMatchObject([
      {
        departmentId: d.departments.cg,
        kind: 'overdue',
        message: `事件${e.closeOverdue}超过办结期限2026-02-27（已逾期2个工作日）；升级至街道督办，请尽快办理。`,
      },
    ]);
    const audit = await d.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'grid_event'), eq(auditLog.entityId, e.closeOverdue)));
    expect(audit).toMatchObject([
      {
        action: 'grid_event.escalate',
        actorId: 'overdue-job',
        before: { escalationLevel: 0, overdueEscalatedOn: null, version: 1 },
        after: { escalationLevel: 1, overdueEscalatedOn: '2026-03-02', version: 2 },
      },
    ]);

    // Not accepted in time: the step says so, and the state stays dispatched.
    expect((await stepsOf(d, e.acceptOverdue))[0]).toMatchObject({
      fromState: 'dispatched',
      toState: 'dispatched',
      note: '超时自动升级：超过受理期限2026-02-27仍未受理；升级至街道督办。',
    });
    expect((await stepsOf(d, e.bothOverdue))[0]!.note).toBe(
      '超时自动升级：超过受理期限2026-02-14仍未受理；超过办结期限2026-02-27（已逾期2个工作日）；升级至街道督办。',
    );
    // Already at the district: told again, not raised.
    expect(await eventRow(d, e.atDistrict)).toMatchObject({ escalationLevel: 2, version: 2 });
    expect((await stepsOf(d, e.atDistrict))[0]!.note).toBe(
      '超时自动升级：超过办结期限2026-02-27（已逾期2个工作日）；已在区级督办，再次提醒。',
    );
    // The notice goes to the event's own department.
    expect(await noticesOf(d, e.otherDepartment)).toMatchObject([{ departmentId: d.departments.zj }]);

    // Due today, fed back (the community's turn), collected or closed: untouched.
    for (const id of [e.dueToday, e.acceptDueToday, e.fedBack, e.collected, e.closed]) {
      expect(await eventRow(d, id)).toMatchObject({
        escalationLevel: 0,
        overdueEscalatedOn: null,
        version: 1,
      });
      expect(await stepsOf(d, id)).toEqual([]);
      expect(await noticesOf(d, id)).toEqual([]);
    }
  });

  it('Monday 03-02 again, at 15:00: nothing twice the same day', async () => {
    const before = await snapshotDatabase(d.database);
    const result = await escalateOverdueEvents(d.database, { now: new Date('2026-03-02T15:00:00+08:00') });
    expect(result).toEqual({ checkedOn: '2026-03-02', workingDay: true, escalated: [] });
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('Tuesday 03-03 at 00:30: the next day escalates again, to the district, and what fell due yesterday', async () => {
    // 16:30 on Monday in UTC is already Tuesday in China.
    const result = await escalateOverdueEvents(d.database, { now: new Date('2026-03-02T16:30:00Z') });
    expect(result.checkedOn).toBe('2026-03-03');
    expect(result.escalated).toEqual([
      { eventId: e.closeOverdue, level: 2 },
      { eventId: e.acceptOverdue, level: 2 },
      { eventId: e.bothOverdue, level: 2 },
      { eventId: e.dueToday, level: 1 },
      { eventId: e.acceptDueToday, level: 1 },
      { eventId: e.atDistrict, level: 2 },
      { eventId: e.otherDepartment, level: 2 },
    ]);
    expect((await stepsOf(d, e.closeOverdue)).map((step) => step.note)).toEqual([
      '超时自动升级：超过办结期限2026-02-27（已逾期2个工作日）；升级至街道督办。',
      '超时自动升级：超过办结期限2026-02-27（已逾期3个工作日）；升级至区督办。',
    ]);
    expect(await noticesOf(d, e.closeOverdue)).toHaveLength(2);
    expect(await eventRow(d, e.closeOverdue)).toMatchObject({ version: 3, overdueEscalatedOn: '2026-03-03' });
  });

  it('Saturday 03-07 and the 清明 holiday: no escalation on a day that is not worked', async () => {
    const before = await snapshotDatabase(d.database);
    for (const now of [at10('2026-03-07'), at10('2026-03-08'), at10('2026-04-06')]) {
      const result = await escalateOverdueEvents(d.database, { now });
      expect(result).toMatchObject({ workingDay: false, escalated: [] });
    }
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('an event accepted meanwhile is no longer overdue when its closing day is still ahead', async () => {
    await d.database.db
      .update(gridEvents)
      .set({ state: 'handling', acceptedAt: '2026-03-03T11:00:00+08:00' })
      .where(and(eq(gridEvents.districtCode, d.database.districtCode), eq(gridEvents.id, e.acceptOverdue)));
    const result = await escalateOverdueEvents(d.database, { now: at10('2026-03-04') });
    expect(result.escalated.map((entry) => entry.eventId)).not.toContain(e.acceptOverdue);
    expect(result.escalated.map((entry) => entry.eventId)).toContain(e.acceptDueToday);
    expect(await levelOf(e.acceptOverdue)).toBe(2);
    expect(await stepsOf(d, e.acceptOverdue)).toHaveLength(2);
  });

  it('claims in batches: one event a transaction escalates the same events as one batch would', async () => {
    const stepsBefore = new Map<number, number>();
    for (const id of Object.values(e)) stepsBefore.set(id, (await stepsOf(d, id)).length);
    const result = await escalateOverdueEvents(d.database, { now: at10('2026-03-05'), batchSize: 1 });
    expect(result.escalated.map((entry) => entry.eventId)).toEqual([
      e.closeOverdue,
      e.bothOverdue,
      e.dueToday,
      e.acceptDueToday,
      e.atDistrict,
      e.otherDepartment,
    ]);
    expect(result.escalated.every((entry) => entry.level === 2)).toBe(true);
    // One step more for each escalated event, none for the others.
    for (const id of Object.values(e)) {
      const added = (await stepsOf(d, id)).length - stepsBefore.get(id)!;
      expect(added, String(id)).toBe(result.escalated.some((entry) => entry.eventId === id) ? 1 : 0);
    }
  });

  it('run by a person: a district administrator may, and is recorded as the actor; community staff may not', async () => {
    const before = await snapshotDatabase(d.database);
    await expectRefused(
      d.database,
      () => escalateOverdueEvents(d.database, { now: at10('2026-03-06'), actor: d.actors.shishan }),
      { code: 'FORBIDDEN', path: [] },
      before,
    );
    const result = await escalateOverdueEvents(d.database, {
      now: at10('2026-03-06'),
      actor: d.actors.admin,
    });
    expect(result.escalated).toHaveLength(6);
    expect((await stepsOf(d, e.closeOverdue)).at(-1)).toMatchObject({
      actorId: d.actors.admin.id,
      actorRole: 'DISTRICT_ADMIN',
    });
  });
});
