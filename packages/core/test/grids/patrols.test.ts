/**
 * Patrols (巡查记录, docs/domain.md §7.3): a grid worker patrols the grid whose team lists its
 * account; the item is on the list that day; patrols are never in the future and never changed.
 * They are read by district roles and the grid's unit; coverage compares patrols done with what
 * each item's frequency owes over a period, on China days.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { patrolRecords } from '../../src/schema/index.js';
import {
  createGridDistrict,
  type ExpectedRefusal,
  expectRefused,
  type GridDistrict,
} from '../grid-events/fixture.js';
import { insertItem, planAs } from './helpers.js';

let d: GridDistrict;
const items = { daily: 0, weekly: 0, monthly: 0, retired: 0, old: 0 };

beforeAll(async () => {
  d = await createGridDistrict();
  items.daily = await insertItem(d, { code: 'CG.01', frequency: 'daily' });
  items.weekly = await insertItem(d, { code: 'CG.02', frequency: 'weekly' });
  items.monthly = await insertItem(d, {
    code: 'SW.01',
    frequency: 'monthly',
    departmentId: d.departments.sw,
    effectiveFrom: '2026-02-15',
  });
  items.retired = await insertItem(d, { code: 'ZJ.01', frequency: 'weekly', retiredOn: '2026-02-01' });
  items.old = await insertItem(d, { code: 'CG.00', frequency: 'quarterly', effectiveFrom: '2020-01-01' });
});
afterAll(async () => {
  await d?.database.close();
});

describe('recordPatrol', () => {
  it('records a grid worker’s patrol of its own grid, and community staff’s for the grid', async () => {
    const patrol = await planAs(d, d.actors.gridWorker).recordPatrol({
      gridId: d.grids.grid1,
      itemId: items.daily,
      patrolledAt: '2026-03-02T09:00:00+08:00',
      result: 'problem',
      note: '垃圾桶满溢，已拍照上报',
    });
    expect(patrol).toMatchObject({
      gridId: d.grids.grid1,
      itemId: items.daily,
      patrolledAt: '2026-03-02T01:00:00.000Z',
      patrolledBy: 'wg-ss-01',
      result: 'problem',
    });
    const byStaff = await planAs(d, d.actors.shishan).recordPatrol({
      gridId: d.grids.grid2,
      itemId: items.weekly,
      patrolledAt: '2026-03-02T08:00:00+08:00',
      result: 'normal',
    });
    expect(byStaff.patrolledBy).toBe('sq-ss-01');
  });

  it('refuses a grid worker in a grid whose team does not list it', async () => {
    // wg-ss-01 is on 网格一's team, not on 网格二's; wg-ss-09 is on no team.
    for (const [actor, gridId] of [
      [d.actors.gridWorker, d.grids.grid2],
      [d.actors.otherGridWorker, d.grids.grid1],
      [d.actors.gridWorker, d.grids.fengqiao],
    ] as const) {
      await expectRefused(
        d.database,
        () =>
          planAs(d, actor).recordPatrol({
            gridId,
            itemId: items.daily,
            patrolledAt: '2026-03-02T09:30:00+08:00',
            result: 'normal',
          }),
        { code: 'FORBIDDEN', path: [] },
      );
    }
    // The team listed wg-ss-01 from 2024-01-01: a patrol the day before is not its grid's.
    await expectRefused(
      d.database,
      () =>
        planAs(d, d.actors.gridWorker).recordPatrol({
          gridId: d.grids.grid1,
          itemId: items.old,
          patrolledAt: '2023-12-31T09:00:00+08:00',
          result: 'normal',
        }),
      { code: 'FORBIDDEN', path: [] },
    );
  });

  const refusals: [string, Record<string, unknown>, ExpectedRefusal][] = [
    [
      'a patrol after now',
      { patrolledAt: '2026-03-02T10:00:01+08:00' },
      { code: 'DATE_IN_FUTURE', path: ['input', 'patrolledAt'] },
    ],
    [
      'an instant without its offset',
      { patrolledAt: '2026-03-02T09:00:00' },
      { code: 'INVALID_DATE', path: ['input', 'patrolledAt'] },
    ],
    ['an unknown result', { result: 'ok' }, { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'result'] }],
    [
      'a note with a control character',
      { note: '正常\u0000' },
      { code: 'INVALID_TEXT', path: ['input', 'note'] },
    ],
    ['an item id that cannot exist', { itemId: -1 }, { code: 'NOT_FOUND', path: ['input', 'itemId'] }],
    ['an item that does not exist', { itemId: 999_999 }, { code: 'NOT_FOUND', path: ['input', 'itemId'] }],
    ['a grid that does not exist', { gridId: 999_999 }, { code: 'NOT_FOUND', path: ['input', 'gridId'] }],
  ];
  it.each(refusals)('refuses %s, changing nothing', async (_label, change, expected) => {
    await expectRefused(
      d.database,
      () =>
        planAs(d, d.actors.gridWorker).recordPatrol({
          gridId: d.grids.grid1,
          itemId: items.daily,
          patrolledAt: '2026-03-02T09:00:00+08:00',
          result: 'normal',
          ...change,
        } as never),
      expected,
    );
  });

  it('refuses an item not on the list that day, and callers who do not patrol', async () => {
    const patrol =
      (change: Record<string, unknown>, actor: Actor = d.actors.gridWorker) =>
      () =>
        planAs(d, actor).recordPatrol({
          gridId: d.grids.grid1,
          itemId: items.daily,
          patrolledAt: '2026-03-02T09:00:00+08:00',
          result: 'normal',
          ...change,
        });
    await expectRefused(d.database, patrol({ itemId: items.retired }), {
      code: 'STATUS_NOT_ALLOWED',
      path: ['input', 'itemId'],
      details: { retiredOn: '2026-02-01', day: '2026-03-02' },
    });
    // SW.01 is on the list from 2026-02-15: not at 23:59 the day before, in China; at midnight it is.
    await expectRefused(
      d.database,
      patrol({ itemId: items.monthly, patrolledAt: '2026-02-14T23:59:59+08:00' }),
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'itemId'],
        details: { effectiveFrom: '2026-02-15', day: '2026-02-14' },
      },
    );
    const first = await planAs(d).recordPatrol({
      gridId: d.grids.grid1,
      itemId: items.monthly,
      patrolledAt: '2026-02-14T16:00:00Z',
      result: 'normal',
    });
    expect(first.patrolledAt).toBe('2026-02-14T16:00:00.000Z');
    for (const actor of [
      d.actors.public,
      d.actors.resident,
      d.actors.cg,
      d.actors.informant,
      d.actors.fengqiao,
    ]) {
      await expectRefused(d.database, patrol({}, actor), { code: 'FORBIDDEN', path: [] });
    }
  });

  it('keeps patrols append-only in the database itself', async () => {
    await expect(
      d.database.db
        .update(patrolRecords)
        .set({ result: 'normal' })
        .where(eq(patrolRecords.gridId, d.grids.grid1)),
    ).rejects.toThrow();
  });
});

describe('patrolsOf and patrolCoverage', () => {
  beforeAll(async () => {
    const admin = planAs(d);
    const patrol = (gridId: number, itemId: number, patrolledAt: string) =>
      admin.recordPatrol({ gridId, itemId, patrolledAt, result: 'normal' });
    for (const at of ['2026-02-02T09:00', '2026-02-03T09:00', '2026-02-03T15:00', '2026-02-10T09:00']) {
      await patrol(d.grids.grid1, items.daily, `${at}:00+08:00`);
    }
    for (const at of [
      '2026-02-02T10:00',
      '2026-02-04T10:00',
      '2026-02-11T10:00',
      '2026-03-01T23:30',
      '2026-03-02T00:10',
    ]) {
      await patrol(d.grids.grid1, items.weekly, `${at}:00+08:00`);
    }
    await patrol(d.grids.grid2, items.daily, '2026-02-05T09:00:00+08:00');
  });

  it('counts per item the periods owed and covered over Monday 02-02 to Sunday 03-01, on China days', async () => {
    const coverage = await planAs(d, d.actors.centre).patrolCoverage({
      gridId: d.grids.grid1,
      from: '2026-02-02',
      to: '2026-03-01',
    });
    expect(
      coverage.items.map((row) => [row.item.code, row.inForce, row.expected, row.covered, row.patrols]),
    ).toEqual([
      ['CG.00', { from: '2026-02-02', to: '2026-03-01' }, 0, 0, 0],
      // Four patrols on three of the 28 days.
      ['CG.01', { from: '2026-02-02', to: '2026-03-01' }, 28, 3, 4],
      // Weeks of 02-02 (two patrols), 02-09 and 02-23 (late on Sunday 03-01); 00:10 on 03-02 is the next week.
      ['CG.02', { from: '2026-02-02', to: '2026-03-01' }, 4, 3, 4],
      // On the list from 02-15: no whole month in the period, one patrol.
      ['SW.01', { from: '2026-02-15', to: '2026-03-01' }, 0, 0, 1],
    ]);
    // ZJ.01 was retired on 02-01, before the period: not listed.
    const hidden = await planAs(d, d.actors.public).patrolCoverage({
      gridId: d.grids.grid1,
      from: '2026-02-02',
      to: '2026-03-01',
    });
    expect(hidden.items.map((row) => [row.expected, row.patrols])).toEqual([
      [0, 0],
      [28, 0],
      [4, 0],
      [0, 0],
    ]);
  });

  it('refuses a period that ends before it begins or spans more than two years, and an unknown grid', async () => {
    const reads = planAs(d);
    await expect(
      reads.patrolCoverage({ gridId: d.grids.grid1, from: '2026-03-01', to: '2026-02-01' }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'to'],
    });
    await expect(
      reads.patrolCoverage({ gridId: d.grids.grid1, from: '2024-01-01', to: '2026-01-01' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['input', 'to'],
    });
    await expect(
      reads.patrolCoverage({ gridId: 999_999, from: '2026-02-01', to: '2026-02-02' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: ['input', 'gridId'],
    });
  });

  it('lists patrols, latest first, to district roles and the grid’s unit only', async () => {
    const recent = { gridId: d.grids.grid1, from: '2026-03-01', to: '2026-03-02' };
    const seenBy = async (actor: (typeof d.actors)[keyof typeof d.actors]) =>
      (await planAs(d, actor).patrolsOf(recent)).map((row) => row.patrolledAt);
    const all = ['2026-03-02T01:00:00.000Z', '2026-03-01T16:10:00.000Z', '2026-03-01T15:30:00.000Z'];
    for (const actor of [
      d.actors.admin,
      d.actors.cg,
      d.actors.centre,
      d.actors.shishan,
      d.actors.otherGridWorker,
    ]) {
      expect(await seenBy(actor)).toEqual(all);
    }
    for (const actor of [d.actors.fengqiao, d.actors.public, d.actors.resident, d.actors.informant]) {
      expect(await seenBy(actor)).toEqual([]);
    }
    const reads = planAs(d, d.actors.shishan);
    expect(
      await reads.patrolsOf({ itemId: items.daily, from: '2026-02-05', to: '2026-02-05' }),
    ).toMatchObject([{ gridId: d.grids.grid2 }]);
    expect(await reads.patrolsOf({ gridId: d.grids.grid1 }, { limit: 2, offset: 1 })).toHaveLength(2);
    await expect(reads.patrolsOf({ from: '2026-03-02', to: '2026-03-01' })).rejects.toMatchObject({
      code: 'INVALID_DATE_RANGE',
      path: ['filter', 'to'],
    });
    await expect(reads.patrolsOf(null, { limit: 501 })).rejects.toMatchObject({ code: 'PAGE_SIZE_EXCEEDED' });
  });
});
