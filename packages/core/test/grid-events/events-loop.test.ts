/**
 * The five-step loop of a grid event (五步闭环, docs/domain.md §7.7) from report to rating, with
 * its deadlines counted on the 2026 working calendar (国务院办公厅关于2026年部分节假日安排的通知:
 * 清明 04-04–06) from the limits of grid.event_time_limits (routine: accept in 1, close in 7
 * working days), and the record each move leaves: one step, one audit entry.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reporterPhoneField } from '../../src/grid-events/event-reporter-phone.js';
import { openIdentifier } from '../../src/personal-data/protected-value.js';
import { auditLog, gridEvents } from '../../src/schema/index.js';
import { storedInstant } from '../../src/volunteers/volunteer-rules.js';
import { createEventDistrict, type EventDistrict, eventIn, rubbish } from './events-helpers.js';
import { DISTRICT, GRID_1, GRID_2, points } from './fixture.js';

let d: EventDistrict;

beforeAll(async () => {
  d = await createEventDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

async function auditActionsOf(eventId: number): Promise<string[]> {
  const rows = await d.database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'grid_event'), eq(auditLog.entityId, eventId)))
    .orderBy(asc(auditLog.id));
  return rows.map((row) => row.action);
}

describe('report → dispatch → accept → feed back → close → rate', () => {
  it('carries an event through the five steps, on time, with deadlines that skip 清明', async () => {
    // Wednesday 1 April: a grid worker of 网格一 finds rubbish on patrol.
    const reported = await d
      .as(d.actors.gridWorker, '2026-04-01', '16:20')
      .report(rubbish({ source: 'patrol' }));
    expect(reported).toMatchObject({
      state: 'collected',
      gridId: d.grids.grid1,
      communityId: d.communities.shishan,
      unitCode: GRID_1,
      reportedBy: 'wg-ss-01',
      reporterRole: 'GRID_WORKER',
      departmentId: null,
      version: 1,
      longitude: points.grid1.longitude,
      latitude: points.grid1.latitude,
    });

    // Thursday 2 April: the centre dispatches it; the routing rules send E01 to 城市管理局.
    const dispatched = await d.as(d.actors.centre, '2026-04-02', '09:00').dispatch({
      eventId: reported.id,
      expectedVersion: 1,
    });
    expect(dispatched).toMatchObject({
      state: 'dispatched',
      departmentId: d.departments.cg,
      // 1 working day: Friday 3 April.
      acceptDueOn: '2026-04-03',
      // 7 working days: 04-03, (清明 04-04–06), 04-07, 08, 09, 10, 13, 14.
      closeDueOn: '2026-04-14',
      dueProvisional: false,
      version: 2,
    });
    expect(storedInstant(dispatched.dispatchedAt!)).toBe('2026-04-02T01:00:00.000Z');

    const accepted = await d.as(d.actors.cg, '2026-04-03', '08:40').accept({ eventId: reported.id });
    expect(accepted).toMatchObject({ state: 'handling', acceptedLate: false });
    const fedBack = await d.as(d.actors.cg2, '2026-04-13', '17:00').feedBack({
      eventId: reported.id,
      result: '已清运，并在门口加设垃圾桶。',
    });
    expect(fedBack).toMatchObject({ state: 'fed_back', handledBy: 'cg-02' });
    const closed = await d.as(d.actors.gridHead, '2026-04-14', '10:00').close({
      eventId: reported.id,
      note: '现场核查已清理干净。',
    });
    expect(closed).toMatchObject({ state: 'closed', verifiedBy: 'wg-ss-head', closedLate: false });

    // The reporter rates it; here the reporter is the grid worker, who may not (event.rate is
    // the residents' and their systems'): the resident's own report is rated below.
    const residents = await eventIn(d, 'closed', '2026-04-14');
    const rated = await d.as(d.actors.resident, '2026-04-15').rate({
      eventId: residents.id,
      satisfaction: 4,
      confirmed: true,
    });
    expect(rated).toMatchObject({ state: 'closed', satisfaction: 4 });
    expect(rated.ratedAt).not.toBeNull();
    expect(rated.confirmedAt).not.toBeNull();

    const steps = await d.as(d.actors.centre).stepsOf(reported.id);
    expect(steps.map((s) => [s.step, s.fromState, s.toState, s.actorId, s.departmentId, s.dueOn])).toEqual([
      ['report', null, 'collected', 'wg-ss-01', null, null],
      ['dispatch', 'collected', 'dispatched', 'js-wgzx-01', d.departments.cg, '2026-04-14'],
      ['accept', 'dispatched', 'handling', 'cg-01', d.departments.cg, null],
      ['feedBack', 'handling', 'fed_back', 'cg-02', d.departments.cg, null],
      ['close', 'fed_back', 'closed', 'wg-ss-head', d.departments.cg, null],
    ]);
    expect(steps[3]!.note).toBe('已清运，并在门口加设垃圾桶。');
    expect(await auditActionsOf(reported.id)).toEqual([
      'grid_event.report',
      'grid_event.dispatch',
      'grid_event.accept',
      'grid_event.feed_back',
      'grid_event.close',
    ]);
    expect((await d.as(d.actors.resident).stepsOf(residents.id)).map((s) => s.step)).toEqual([
      'report',
      'dispatch',
      'accept',
      'feedBack',
      'close',
      'rate',
    ]);
    expect((await auditActionsOf(residents.id)).at(-1)).toBe('grid_event.rate');
  });

  it('marks acceptance and closure late after their days, and keeps the limits of the urgency', async () => {
    const event = await d.as(d.actors.resident, '2026-04-02', '08:00').report(rubbish());
    await d.as(d.actors.centre, '2026-04-02', '09:00').dispatch({ eventId: event.id });
    const accepted = await d.as(d.actors.cg, '2026-04-07', '09:00').accept({ eventId: event.id });
    expect(accepted.acceptedLate).toBe(true);
    await d.as(d.actors.cg, '2026-04-14', '09:00').feedBack({ eventId: event.id, result: '已处理。' });
    const closed = await d.as(d.actors.shishan, '2026-04-15', '09:00').close({ eventId: event.id });
    expect(closed.closedLate).toBe(true);

    // Urgent: accept the same working day, close in 3; dispatched on Friday 3 April.
    const urgent = await d
      .as(d.actors.resident, '2026-04-03', '08:00')
      .report(rubbish({ urgency: 'urgent' }));
    expect(await d.as(d.actors.centre, '2026-04-03', '09:00').dispatch({ eventId: urgent.id })).toMatchObject(
      { acceptDueOn: '2026-04-03', closeDueOn: '2026-04-09' },
    );
    // A category limit: sudden events (E04) close in 1 working day when routine; dispatched (to a
    // department named: no rule routes E04 here) on the eve of 劳动节 (05-01–05), the day is
    // Wednesday 6 May.
    const burst = await d
      .as(d.actors.resident, '2026-04-30', '08:00')
      .report(rubbish({ categoryCode: 'E0402', title: '自来水管破裂' }));
    expect(
      await d
        .as(d.actors.centre, '2026-04-30', '09:00')
        .dispatch({ eventId: burst.id, departmentId: d.departments.sw }),
    ).toMatchObject({
      departmentId: d.departments.sw,
      acceptDueOn: '2026-05-06',
      closeDueOn: '2026-05-06',
    });
  });

  it('finds the grid from the point when none is named, and files a point-less report under the grid named', async () => {
    const found = await d.as(d.actors.resident).report(rubbish({ ...points.grid2 }));
    expect(found).toMatchObject({ gridId: d.grids.grid2, unitCode: GRID_2 });
    const named = await d
      .as(d.actors.shishan)
      .report(rubbish({ longitude: null, latitude: null, gridId: d.grids.grid2, source: 'other' }));
    expect(named).toMatchObject({
      gridId: d.grids.grid2,
      longitude: null,
      latitude: null,
      reportedBy: 'sq-ss-01',
    });
  });

  it('seals a reporter phone as every identifier is: encrypted, hashed, masked; never in the audit log', async () => {
    const event = await d.as(d.actors.service).report(
      rubbish({
        source: 'open311',
        reporterPhone: '+86 138-1234-5678',
        mediaUrl: 'https://img.example.cn/a.jpg',
      }),
    );
    const [row] = await d.database.db.select().from(gridEvents).where(eq(gridEvents.id, event.id));
    expect(row!.reporterPhoneMasked).toBe('138****5678');
    expect(row!.reporterPhoneHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.reporterPhoneEncrypted).not.toContain('13812345678');
    expect(
      openIdentifier(d.database.personalData, DISTRICT, reporterPhoneField, row!.reporterPhoneEncrypted!),
    ).toBe('13812345678');
    expect(row!.mediaUrl).toBe('https://img.example.cn/a.jpg');
    const [audit] = await d.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'grid_event'), eq(auditLog.entityId, event.id)));
    expect(JSON.stringify(audit)).not.toContain('13812345678');
    expect(JSON.stringify(audit)).not.toContain(row!.reporterPhoneEncrypted!);
  });

  it('lets the centre escalate twice and extend with approval up to the ceiling', async () => {
    const event = await eventIn(d, 'handling', '2026-04-02');
    const once = await d
      .as(d.actors.shishan, '2026-04-03')
      .escalate({ eventId: event.id, reason: '社区无法协调' });
    const twice = await d
      .as(d.actors.centre, '2026-04-03')
      .escalate({ eventId: event.id, reason: '街道无法协调' });
    expect([once.escalationLevel, twice.escalationLevel, twice.state]).toEqual([1, 2, 'handling']);
    // 15 working days from Thursday 2 April: 7 to 04-14, then 04-15 … 04-24 (8 more).
    const extended = await d.as(d.actors.centre, '2026-04-08').extend({
      eventId: event.id,
      workingDays: 15,
      reason: '需协调产权单位',
      expectedVersion: twice.version,
    });
    expect(extended).toMatchObject({ extendedTo: 15, closeDueOn: '2026-04-24', state: 'handling' });
    const steps = await d.as().stepsOf(event.id);
    expect(steps.at(-1)).toMatchObject({ step: 'extend', dueOn: '2026-04-24', note: '需协调产权单位' });
  });

  it('lets the department give an event back, collected again, and the centre recategorise and dispatch it anew', async () => {
    const event = await eventIn(d, 'dispatched');
    const returned = await d.as(d.actors.cg).giveBack({ eventId: event.id, reason: '属物业管理范围' });
    expect(returned).toMatchObject({
      state: 'collected',
      departmentId: null,
      closeDueOn: null,
      acceptDueOn: null,
      dispatchedAt: null,
    });
    const recategorised = await d
      .as(d.actors.centre)
      .recategorise({ eventId: event.id, categoryCode: 'S0102', reason: '物业纠纷' });
    expect(recategorised).toMatchObject({ state: 'collected', categoryCode: 'S0102' });
    // Disputes in 狮山街道 go to its enforcement bureau; S01 closes in 15 working days.
    const again = await d.as(d.actors.centre).dispatch({ eventId: event.id });
    expect(again).toMatchObject({ departmentId: d.departments.sszf, closeDueOn: '2026-03-23' });
  });

  it('sends an unsolved event back to handling, and reopens a closed one to the same department', async () => {
    const fedBack = await eventIn(d, 'fed_back');
    const rejected = await d.as(d.actors.gridWorker2).reject({ eventId: fedBack.id, reason: '垃圾仍未清运' });
    expect(rejected).toMatchObject({ state: 'handling', handledBy: null, fedBackAt: null });

    const closed = await eventIn(d, 'closed', '2026-03-02');
    await d
      .as(d.actors.resident, '2026-03-03')
      .rate({ eventId: closed.id, satisfaction: 2, confirmed: false });
    const reopened = await d.as(d.actors.resident, '2026-03-05', '09:00').reopen({
      eventId: closed.id,
      reason: '又堆满了',
    });
    expect(reopened).toMatchObject({
      state: 'dispatched',
      departmentId: d.departments.cg,
      reopenCount: 1,
      verifiedBy: null,
      closedAt: null,
      closedLate: null,
      satisfaction: null,
      ratedAt: null,
      handledBy: null,
      acceptedAt: null,
      // Thursday 5 March + 7 working days.
      closeDueOn: '2026-03-16',
    });
    const steps = await d.as(d.actors.resident).stepsOf(closed.id);
    expect(steps.find((s) => s.step === 'rate')?.note).toBe('satisfaction 2/5; fix not confirmed');
  });
});
