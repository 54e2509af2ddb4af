/**
 * Routing (docs/domain.md §7.5): category × area decides the responsible department; re-routing
 * an event (a new category, or a department named) sends it there with new deadlines and tells
 * the department that loses it, in its inbox (department_notices, `routed_away`), which only its
 * own staff and the district's administrators read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventDistrict, type EventDistrict, eventIn, rubbish } from './events-helpers.js';
import { points } from './fixture.js';

let d: EventDistrict;

beforeAll(async () => {
  d = await createEventDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

describe('routing by category and area', () => {
  it('routes illegal parking in 狮山街道 to its enforcement bureau, and elsewhere to 城市管理局', async () => {
    const parking = { categoryCode: 'E0503', title: '机动车乱停放' } as const;
    const shishan = await d.as(d.actors.resident).report(rubbish(parking));
    const fengqiao = await d.as(d.actors.resident).report(rubbish({ ...parking, ...points.fengqiao }));
    expect((await d.as(d.actors.centre).dispatch({ eventId: shishan.id })).departmentId).toBe(
      d.departments.sszf,
    );
    expect((await d.as(d.actors.admin).dispatch({ eventId: fengqiao.id })).departmentId).toBe(
      d.departments.cg,
    );
  });

  it('re-routes a recategorised event and tells the department that loses it', async () => {
    const event = await eventIn(d, 'handling');
    expect(event.departmentId).toBe(d.departments.cg);
    const rerouted = await d.as(d.actors.centre, '2026-03-03', '09:00').reroute({
      eventId: event.id,
      categoryCode: 'S0202',
      reason: '实为楼道电动车充电隐患',
    });
    // S02 in 狮山街道 → 狮山街道综合行政执法局; routine, 7 working days from Tuesday 3 March.
    expect(rerouted).toMatchObject({
      state: 'dispatched',
      categoryCode: 'S0202',
      departmentId: d.departments.sszf,
      acceptedAt: null,
      acceptDueOn: '2026-03-04',
      closeDueOn: '2026-03-12',
    });

    const cgInbox = await d.as(d.actors.cg).noticesOf(d.departments.cg);
    expect(cgInbox.filter((n) => n.eventId === event.id)).toEqual([
      expect.objectContaining({ kind: 'routed_away', departmentId: d.departments.cg }),
    ]);
    expect(cgInbox.find((n) => n.eventId === event.id)!.message).toContain('实为楼道电动车充电隐患');
    // The inbox is its own department's: the new department, another department's staff and the
    // grid centre do not read it; the district admin does.
    expect(await d.as(d.actors.sszf).noticesOf(d.departments.sszf)).toEqual([]);
    expect(await d.as(d.actors.zj).noticesOf(d.departments.cg)).toEqual([]);
    expect(await d.as(d.actors.centre).noticesOf(d.departments.cg)).toEqual([]);
    expect((await d.as(d.actors.admin).noticesOf(d.departments.cg)).map((n) => n.eventId)).toContain(
      event.id,
    );

    // The losing department may no longer act on it; the new one may.
    await expect(d.as(d.actors.cg).accept({ eventId: event.id })).rejects.toMatchObject({
      code: 'NOT_RESPONSIBLE_DEPARTMENT',
    });
    expect((await d.as(d.actors.sszf).accept({ eventId: event.id })).state).toBe('handling');

    const step = (await d.as().stepsOf(event.id)).at(-2);
    expect(step).toMatchObject({
      step: 'reroute',
      fromState: 'handling',
      toState: 'dispatched',
      departmentId: d.departments.sszf,
      dueOn: '2026-03-12',
    });
  });

  it('re-routes to a department named, keeping the category; no notice when the department stays', async () => {
    const event = await eventIn(d, 'dispatched');
    const before = (await d.as().noticesOf(d.departments.cg)).length;
    const toZj = await d
      .as(d.actors.centre)
      .reroute({ eventId: event.id, departmentId: d.departments.zj, reason: '涉及建筑垃圾' });
    expect(toZj).toMatchObject({ categoryCode: 'E0101', departmentId: d.departments.zj });
    expect((await d.as().noticesOf(d.departments.cg)).length).toBe(before + 1);

    // A new category routed to the same department (E0102 → 城市管理局 again after coming back).
    const back = await d
      .as(d.actors.centre)
      .reroute({ eventId: event.id, departmentId: d.departments.cg, reason: '退回原部门' });
    const zjNotices = await d.as().noticesOf(d.departments.zj);
    expect(zjNotices.filter((n) => n.eventId === event.id)).toHaveLength(1);
    const same = await d
      .as(d.actors.centre)
      .reroute({ eventId: event.id, categoryCode: 'E0102', reason: '应为积存垃圾渣土' });
    expect([back.departmentId, same.departmentId, same.categoryCode]).toEqual([
      d.departments.cg,
      d.departments.cg,
      'E0102',
    ]);
    expect((await d.as().noticesOf(d.departments.cg)).length).toBe(before + 1);
  });
});
