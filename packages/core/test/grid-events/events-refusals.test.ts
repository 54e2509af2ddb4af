/**
 * The refusals of the grid event service (issue 20's bad inputs; docs/domain.md §7.5–§7.7): each
 * answers its typed code at the field that caused it, and changes nothing (every table compared
 * before and after, expectRefused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectionItems, patrolRecords } from '../../src/schema/index.js';
import { createEventDistrict, type EventDistrict, eventIn, rubbish } from './events-helpers.js';
import { DISTRICT, expectRefused, points } from './fixture.js';

let d: EventDistrict;
let patrols: { problemHere: number; normalHere: number; problemElsewhere: number };

beforeAll(async () => {
  d = await createEventDistrict();
  const [item] = await d.database.db
    .insert(inspectionItems)
    .values({
      districtCode: DISTRICT,
      departmentId: d.departments.cg,
      code: 'CG-001',
      title: '暴露垃圾',
      frequency: 'daily',
      categoryCode: 'E0101',
      effectiveFrom: '2025-01-01',
    })
    .returning();
  const patrol = (gridId: number, result: string) => ({
    districtCode: DISTRICT,
    gridId,
    itemId: item!.id,
    patrolledAt: '2026-03-02T00:30:00Z',
    patrolledBy: 'wg-ss-01',
    result,
  });
  const rows = await d.database.db
    .insert(patrolRecords)
    .values([
      patrol(d.grids.grid1, 'problem'),
      patrol(d.grids.grid1, 'normal'),
      patrol(d.grids.grid2, 'problem'),
    ])
    .returning({ id: patrolRecords.id });
  patrols = { problemHere: rows[0]!.id, normalHere: rows[1]!.id, problemElsewhere: rows[2]!.id };
});
afterAll(async () => {
  await d?.database.close();
});

describe('reporting', () => {
  it('refuses a point outside the grid it is filed under, and a point in no grid', async () => {
    await expectRefused(
      d.database,
      () => d.as(d.actors.gridWorker).report(rubbish({ gridId: d.grids.grid1, ...points.grid2 })),
      { code: 'POINT_OUTSIDE_GRID', path: ['input', 'longitude'] },
    );
    await expectRefused(d.database, () => d.as(d.actors.resident).report(rubbish({ ...points.nowhere })), {
      code: 'POINT_OUTSIDE_GRID',
      path: ['input', 'longitude'],
    });
  });

  it('refuses a grid worker outside the grids whose team lists it, and reporters without the right', async () => {
    const forbidden = { code: 'FORBIDDEN', path: [] } as const;
    // wg-ss-01 is on 网格一's team, not 网格二's (same community).
    await expectRefused(
      d.database,
      () => d.as(d.actors.gridWorker).report(rubbish({ ...points.grid2 })),
      forbidden,
    );
    // wg-ss-09 works in 狮山社区 but is on no team.
    await expectRefused(d.database, () => d.as(d.actors.otherGridWorker).report(rubbish()), forbidden);
    // Another community altogether.
    await expectRefused(
      d.database,
      () => d.as(d.actors.gridWorker).report(rubbish({ ...points.fengqiao })),
      forbidden,
    );
    // The informant volunteer is an informant of 网格一 only.
    await expectRefused(
      d.database,
      () => d.as(d.actors.informant).report(rubbish({ ...points.grid2 })),
      forbidden,
    );
    await expectRefused(d.database, () => d.as(d.actors.fengqiao).report(rubbish()), forbidden);
    await expectRefused(d.database, () => d.as(d.actors.cg).report(rubbish()), forbidden);
    await expectRefused(d.database, () => d.as(d.actors.public).report(rubbish()), forbidden);
    // …while the informant in its grid, a resident and a system of the district may.
    expect((await d.as(d.actors.informant).report(rubbish())).reporterRole).toBe('VOLUNTEER');
  });

  it('refuses bad input at the field that carries it', async () => {
    const cases: [
      Partial<Parameters<ReturnType<EventDistrict['as']>['report']>[0]>,
      string,
      (string | number)[],
    ][] = [
      [{ categoryCode: 'E05' }, 'INVALID_CODE_LIST_VALUE', ['input', 'categoryCode']],
      [{ categoryCode: 'X9999' }, 'INVALID_CODE_LIST_VALUE', ['input', 'categoryCode']],
      [{ urgency: 'whenever' }, 'INVALID_CODE_LIST_VALUE', ['input', 'urgency']],
      [{ source: 'rumour' }, 'INVALID_CODE_LIST_VALUE', ['input', 'source']],
      [{ title: '长'.repeat(201) }, 'VALIDATION_FAILED', ['input', 'title']],
      [{ title: '垃圾\u0007' }, 'INVALID_TEXT', ['input', 'title']],
      [{ description: '' }, 'VALIDATION_FAILED', ['input', 'description']],
      [{ mediaUrl: 'javascript:alert(1)' }, 'VALIDATION_FAILED', ['input', 'mediaUrl']],
      [{ mediaUrl: 'https://user:pw@img.example.cn/a.jpg' }, 'VALIDATION_FAILED', ['input', 'mediaUrl']],
      [{ reporterPhone: '12345' }, 'INVALID_MOBILE_PHONE', ['input', 'reporterPhone']],
      [{ longitude: 120.505, latitude: null }, 'VALIDATION_FAILED', ['input', 'latitude']],
      [{ longitude: 200, latitude: 31.3 }, 'INVALID_NUMBER', ['input', 'longitude']],
      [{ longitude: null, latitude: null }, 'VALIDATION_FAILED', ['input', 'gridId']],
      [{ gridId: -1 }, 'NOT_FOUND', ['input', 'gridId']],
      [{ gridId: 999_999 }, 'NOT_FOUND', ['input', 'gridId']],
      [{ reportedAt: '2026-03-02T12:00:00+08:00' }, 'DATE_IN_FUTURE', ['input', 'reportedAt']],
      [{ reportedAt: '2026-03-02 09:00' }, 'INVALID_DATE', ['input', 'reportedAt']],
      [{ patrolRecordId: patrols.problemHere }, 'VALIDATION_FAILED', ['input', 'source']],
    ];
    for (const [overrides, code, path] of cases) {
      await expectRefused(d.database, () => d.as(d.actors.shishan).report(rubbish(overrides)), {
        code: code as never,
        path,
      });
    }
  });

  it('takes a patrol record only when it found a problem in the same grid', async () => {
    for (const patrolRecordId of [patrols.normalHere, patrols.problemElsewhere]) {
      await expectRefused(
        d.database,
        () => d.as(d.actors.gridWorker).report(rubbish({ source: 'patrol', patrolRecordId })),
        { code: 'VALIDATION_FAILED', path: ['input', 'patrolRecordId'] },
      );
    }
    await expectRefused(
      d.database,
      () => d.as(d.actors.gridWorker).report(rubbish({ source: 'patrol', patrolRecordId: 987_654 })),
      { code: 'NOT_FOUND', path: ['input', 'patrolRecordId'] },
    );
    const event = await d
      .as(d.actors.gridWorker)
      .report(rubbish({ source: 'patrol', patrolRecordId: patrols.problemHere }));
    expect(event.patrolRecordId).toBe(patrols.problemHere);
  });
});

describe('dispatching and the centre', () => {
  it('refuses NO_ROUTE when no rule routes the category in the area and none is named', async () => {
    const trees = await d
      .as(d.actors.resident)
      .report(rubbish({ categoryCode: 'C0401', title: '行道树倒伏' }));
    await expectRefused(d.database, () => d.as(d.actors.centre).dispatch({ eventId: trees.id }), {
      code: 'NO_ROUTE',
      path: ['input', 'departmentId'],
      details: { categoryCode: 'C0401' },
    });
  });

  it('refuses a department that is missing or does not serve the area as NOT_FOUND', async () => {
    const fengqiaoEvent = await d.as(d.actors.fengqiao).report(rubbish({ ...points.fengqiao }));
    // 狮山街道's enforcement bureau serves 狮山街道 only.
    for (const departmentId of [d.departments.sszf, 424_242]) {
      await expectRefused(
        d.database,
        () => d.as(d.actors.admin).dispatch({ eventId: fengqiaoEvent.id, departmentId }),
        { code: 'NOT_FOUND', path: ['input', 'departmentId'] },
      );
    }
  });

  it('refuses dispatching outside the caller’s unit, a stale version, and a fourth level of escalation', async () => {
    const event = await eventIn(d, 'collected');
    await expectRefused(d.database, () => d.as(d.actors.fengqiao).dispatch({ eventId: event.id }), {
      code: 'NOT_FOUND',
      path: ['input', 'eventId'],
    });
    await expectRefused(d.database, () => d.as(d.actors.gridHead).dispatch({ eventId: event.id }), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(
      d.database,
      () => d.as(d.actors.centre).dispatch({ eventId: event.id, expectedVersion: 7 }),
      {
        code: 'VERSION_CONFLICT',
        path: ['input', 'expectedVersion'],
      },
    );
    await d.as(d.actors.centre).escalate({ eventId: event.id, reason: '一' });
    await d.as(d.actors.centre).escalate({ eventId: event.id, reason: '二' });
    await expectRefused(
      d.database,
      () => d.as(d.actors.admin).escalate({ eventId: event.id, reason: '三' }),
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'eventId'],
      },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.admin).escalate({ eventId: event.id, reason: '  ' }),
      {
        code: 'REASON_REQUIRED',
        path: ['input', 'reason'],
      },
    );
  });

  it('refuses an extension beyond the ceiling (EXTENSION_TOO_LONG) or one that does not extend', async () => {
    const event = await eventIn(d, 'handling');
    await expectRefused(
      d.database,
      () => d.as(d.actors.centre).extend({ eventId: event.id, workingDays: 16, reason: '复杂' }),
      {
        code: 'EXTENSION_TOO_LONG',
        path: ['input', 'workingDays'],
        details: { maxExtended: 15, requested: 16 },
      },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.centre).extend({ eventId: event.id, workingDays: 7, reason: '复杂' }),
      { code: 'VALIDATION_FAILED', path: ['input', 'workingDays'] },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.centre).extend({ eventId: event.id, workingDays: 7.5, reason: '复杂' }),
      { code: 'INVALID_NUMBER', path: ['input', 'workingDays'] },
    );
    // Community staff do not approve extensions (event.extend).
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).extend({ eventId: event.id, workingDays: 10, reason: '复杂' }),
      { code: 'FORBIDDEN', path: [] },
    );
  });

  it('refuses a re-routing that changes nothing', async () => {
    const event = await eventIn(d, 'dispatched');
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.centre).reroute({ eventId: event.id, departmentId: d.departments.cg, reason: '重派' }),
      { code: 'VALIDATION_FAILED', path: ['input'] },
    );
  });
});

describe('the department and the verifier (查办分离)', () => {
  it('refuses staff of another department, and bureau staff with none (NOT_RESPONSIBLE_DEPARTMENT)', async () => {
    const event = await eventIn(d, 'dispatched');
    for (const actor of [d.actors.zj, d.actors.bureau]) {
      await expectRefused(d.database, () => d.as(actor).accept({ eventId: event.id }), {
        code: 'NOT_RESPONSIBLE_DEPARTMENT',
        path: ['input', 'eventId'],
      });
    }
    await expectRefused(d.database, () => d.as(d.actors.cg).giveBack({ eventId: event.id, reason: '' }), {
      code: 'REASON_REQUIRED',
      path: ['input', 'reason'],
    });
  });

  it('refuses the handler verifying its own work (HANDLER_CANNOT_VERIFY)', async () => {
    // The district admin dispatches, accepts and feeds back an event itself…
    const event = await d.as(d.actors.resident).report(rubbish());
    const admin = d.as(d.actors.admin);
    await admin.dispatch({ eventId: event.id });
    await admin.accept({ eventId: event.id });
    await admin.feedBack({ eventId: event.id, result: '已清运。' });
    // …and may then neither close it nor send it back: the community verifies.
    await expectRefused(d.database, () => admin.close({ eventId: event.id }), {
      code: 'HANDLER_CANNOT_VERIFY',
      path: ['input', 'eventId'],
      details: { handledBy: 'qmzj-admin-01' },
    });
    await expectRefused(d.database, () => admin.reject({ eventId: event.id, reason: '未清' }), {
      code: 'HANDLER_CANNOT_VERIFY',
      path: ['input', 'eventId'],
    });
    expect((await d.as(d.actors.shishan).close({ eventId: event.id })).verifiedBy).toBe('sq-ss-01');
  });

  it('refuses a grid worker verifying outside the grids whose team lists it', async () => {
    const elsewhere = await eventIn(d, 'fed_back', undefined, { ...points.grid2 });
    await expectRefused(d.database, () => d.as(d.actors.gridWorker).close({ eventId: elsewhere.id }), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(d.database, () => d.as(d.actors.otherGridWorker).close({ eventId: elsewhere.id }), {
      code: 'FORBIDDEN',
      path: [],
    });
  });
});

describe('the reporter', () => {
  it('hides another resident’s event (NOT_FOUND), and refuses a system rating what it did not report', async () => {
    const event = await eventIn(d, 'closed');
    await expectRefused(
      d.database,
      () => d.as(d.actors.resident2).rate({ eventId: event.id, satisfaction: 1, confirmed: false }),
      { code: 'NOT_FOUND', path: ['input', 'eventId'] },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.resident2).reopen({ eventId: event.id, reason: '没修好' }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'eventId'],
      },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.service).rate({ eventId: event.id, satisfaction: 5, confirmed: true }),
      { code: 'FORBIDDEN', path: [] },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.resident).rate({ eventId: event.id, satisfaction: 6, confirmed: true }),
      { code: 'INVALID_NUMBER', path: ['input', 'satisfaction'] },
    );
  });

  it('rates once per closure (ALREADY_RATED)', async () => {
    const event = await eventIn(d, 'closed');
    await d.as(d.actors.resident).rate({ eventId: event.id, satisfaction: 5, confirmed: true });
    await expectRefused(
      d.database,
      () => d.as(d.actors.resident).rate({ eventId: event.id, satisfaction: 3, confirmed: true }),
      { code: 'ALREADY_RATED', path: ['input', 'eventId'], details: { satisfaction: 5 } },
    );
  });

  it('reopens within the policy’s 15 days of closure only (REOPEN_WINDOW_CLOSED); the centre at any time', async () => {
    // Closed on Monday 2 March; the last day the reporter may reopen is 17 March.
    const late = await eventIn(d, 'closed');
    await expectRefused(
      d.database,
      () => d.as(d.actors.resident, '2026-03-18').reopen({ eventId: late.id, reason: '又坏了' }),
      {
        code: 'REOPEN_WINDOW_CLOSED',
        path: ['input', 'eventId'],
        details: { closedOn: '2026-03-02', lastDay: '2026-03-17', reopenWithinDays: 15 },
      },
    );
    expect(
      (await d.as(d.actors.centre, '2026-03-18').reopen({ eventId: late.id, reason: '回访不满意' })).state,
    ).toBe('dispatched');
    const inTime = await eventIn(d, 'closed');
    expect(
      (await d.as(d.actors.resident, '2026-03-17').reopen({ eventId: inTime.id, reason: '又坏了' })).state,
    ).toBe('dispatched');
  });
});
