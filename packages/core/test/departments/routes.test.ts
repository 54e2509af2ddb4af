/**
 * Routing (docs/domain.md §7.5): category × area decides the responsible department; one rule is
 * open per category and area, and a new rule retires the open one on the day it starts. A
 * department of a subdistrict serves only its subdistrict. Rules change from today on, so the
 * route an event took on a past day stays explainable.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventRoutes } from '../../src/schema/index.js';
import {
  createGridDistrict,
  DISTRICT,
  type ExpectedRefusal,
  expectRefused,
  FENGQIAO,
  FENGQIAO_GRID,
  GRID_1,
  type GridDistrict,
  SHISHAN,
  TODAY,
} from '../grid-events/fixture.js';
import { departmentsAs } from './helpers.js';

let d: GridDistrict;

beforeAll(async () => {
  d = await createGridDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

async function openRules(categoryCode: string, areaCode: string) {
  const rows = await d.database.db
    .select()
    .from(eventRoutes)
    .where(and(eq(eventRoutes.categoryCode, categoryCode), eq(eventRoutes.areaCode, areaCode)));
  return rows.sort((a, b) => a.id - b.id);
}

describe('setRoute', () => {
  it('routes a category in an area; a new rule retires the open one on the day it starts', async () => {
    const service = departmentsAs(d);
    const first = await service.setRoute({
      categoryCode: 'C0104',
      areaCode: SHISHAN,
      departmentId: d.departments.sw,
    });
    expect(first).toMatchObject({
      categoryCode: 'C0104',
      areaCode: SHISHAN,
      effectiveFrom: TODAY,
      retiredOn: null,
    });

    const second = await service.setRoute({
      categoryCode: 'C0104',
      areaCode: SHISHAN,
      departmentId: d.departments.cg,
      effectiveFrom: '2026-04-01',
    });
    const rules = await openRules('C0104', SHISHAN);
    expect(rules.map((rule) => [rule.id, rule.departmentId, rule.effectiveFrom, rule.retiredOn])).toEqual([
      [first.id, d.departments.sw, TODAY, '2026-04-01'],
      [second.id, d.departments.cg, '2026-04-01', null],
    ]);
    const [entry] = await d.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'event_route.set'), eq(auditLog.entityId, second.id)));
    expect(entry!.after).toMatchObject({ replacedRouteId: first.id });

    // Until April the lamps of 狮山社区 go to the water company, from April to city management.
    const reads = departmentsAs(d, d.actors.public);
    expect((await reads.routeFor({ categoryCode: 'C0104', gridId: d.grids.grid1 }))?.department.id).toBe(
      d.departments.sw,
    );
    expect(
      (await reads.routeFor({ categoryCode: 'C0104', gridId: d.grids.grid1, day: '2026-04-01' }))?.department
        .id,
    ).toBe(d.departments.cg);

    // Naming the department the open rule already routes to changes nothing.
    const again = await service.setRoute({
      categoryCode: 'C0104',
      areaCode: SHISHAN,
      departmentId: d.departments.cg,
      effectiveFrom: '2026-05-01',
    });
    expect(again.id).toBe(second.id);
    expect(await openRules('C0104', SHISHAN)).toHaveLength(2);
  });

  it('routes to a subdistrict’s department only inside its subdistrict', async () => {
    await expectRefused(
      d.database,
      () =>
        departmentsAs(d).setRoute({
          categoryCode: 'E0502',
          areaCode: FENGQIAO,
          departmentId: d.departments.sszf,
        }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'departmentId'],
        details: { unitCode: '320505001', areaCode: FENGQIAO },
      },
    );
    const inside = await departmentsAs(d).setRoute({
      categoryCode: 'E0502',
      areaCode: GRID_1,
      departmentId: d.departments.sszf,
    });
    expect(inside.areaCode).toBe(GRID_1);
  });

  const refusals: [string, Record<string, unknown>, ExpectedRefusal][] = [
    [
      'an unknown category',
      { categoryCode: 'X01' },
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'categoryCode'] },
    ],
    [
      'a malformed area',
      { areaCode: '3205050' },
      { code: 'INVALID_DIVISION_CODE', path: ['input', 'areaCode'] },
    ],
    [
      'a malformed grid code',
      { areaCode: '3205050010010012345678' },
      { code: 'INVALID_GRID_CODE', path: ['input', 'areaCode'] },
    ],
    [
      'an area of another district',
      { areaCode: '320506001' },
      { code: 'CODE_OUTSIDE_DISTRICT', path: ['input', 'areaCode'] },
    ],
    [
      'an area that does not exist',
      { areaCode: '320505001009' },
      { code: 'NOT_FOUND', path: ['input', 'areaCode'] },
    ],
    [
      'a grid that does not exist',
      { areaCode: `${SHISHAN}099` },
      { code: 'NOT_FOUND', path: ['input', 'areaCode'] },
    ],
    [
      'a department that does not exist',
      { departmentId: 999_999 },
      { code: 'NOT_FOUND', path: ['input', 'departmentId'] },
    ],
    [
      'a department id that cannot exist',
      { departmentId: -1 },
      { code: 'NOT_FOUND', path: ['input', 'departmentId'] },
    ],
    [
      'a day in the past',
      { effectiveFrom: '2026-03-01' },
      { code: 'INVALID_DATE_RANGE', path: ['input', 'effectiveFrom'] },
    ],
    [
      'a day that is no date',
      { effectiveFrom: '2026-02-30' },
      { code: 'INVALID_DATE', path: ['input', 'effectiveFrom'] },
    ],
  ];
  it.each(refusals)('refuses %s, changing nothing', async (_label, change, expected) => {
    await expectRefused(
      d.database,
      () =>
        departmentsAs(d).setRoute({
          categoryCode: 'E0301',
          areaCode: DISTRICT,
          departmentId: d.departments.zj,
          ...change,
        } as never),
      expected,
    );
  });

  it('refuses a successor that would start before the open rule', async () => {
    await departmentsAs(d).setRoute({
      categoryCode: 'E0302',
      areaCode: DISTRICT,
      departmentId: d.departments.cg,
      effectiveFrom: '2026-06-01',
    });
    await expectRefused(
      d.database,
      () =>
        departmentsAs(d).setRoute({
          categoryCode: 'E0302',
          areaCode: DISTRICT,
          departmentId: d.departments.zj,
          effectiveFrom: '2026-05-01',
        }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'effectiveFrom'] },
    );
  });

  it('is the district’s: community staff and department staff may not route', async () => {
    for (const actor of [d.actors.shishan, d.actors.cg]) {
      await expectRefused(
        d.database,
        () =>
          departmentsAs(d, actor).setRoute({
            categoryCode: 'E0301',
            areaCode: DISTRICT,
            departmentId: d.departments.zj,
          }),
        { code: 'FORBIDDEN', path: [] },
      );
    }
  });
});

describe('retireRoute', () => {
  it('retires a rule from a day; the category then falls to the more general rule', async () => {
    const rule = await departmentsAs(d).setRoute({
      categoryCode: 'E0101',
      areaCode: FENGQIAO_GRID,
      departmentId: d.departments.zj,
    });
    const reads = departmentsAs(d, d.actors.resident);
    expect((await reads.routeFor({ categoryCode: 'E0101', gridId: d.grids.fengqiao }))?.route.id).toBe(
      rule.id,
    );
    const retired = await departmentsAs(d).retireRoute({ id: rule.id, retiredOn: '2026-03-10' });
    expect(retired).toMatchObject({ retiredOn: '2026-03-10', version: 2 });
    const after = await reads.routeFor({
      categoryCode: 'E0101',
      gridId: d.grids.fengqiao,
      day: '2026-03-10',
    });
    expect(after).toMatchObject({
      department: { id: d.departments.cg },
      matchedBy: 'parent_category',
      areaLevel: 'district',
    });

    await expectRefused(d.database, () => departmentsAs(d).retireRoute({ id: rule.id }), {
      code: 'ALREADY_ENDED',
      path: ['input', 'id'],
    });
    await expectRefused(d.database, () => departmentsAs(d).retireRoute({ id: 999_999 }), {
      code: 'NOT_FOUND',
      path: ['input', 'id'],
    });
    const future = await departmentsAs(d).setRoute({
      categoryCode: 'E0104',
      areaCode: DISTRICT,
      departmentId: d.departments.cg,
      effectiveFrom: '2026-05-01',
    });
    await expectRefused(
      d.database,
      () => departmentsAs(d).retireRoute({ id: future.id, retiredOn: '2026-04-30' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'retiredOn'],
      },
    );
  });
});

describe('routeFor and the reads', () => {
  it('explains which rule applied: the category before its class, then the smallest area', async () => {
    const reads = departmentsAs(d, d.actors.public);
    const parking = await reads.routeFor({ categoryCode: 'E0503', gridId: d.grids.grid1 });
    expect(parking).toMatchObject({
      department: { id: d.departments.sszf, code: 'SSZF' },
      route: { categoryCode: 'E0503', areaCode: '320505001' },
      matchedBy: 'category',
      areaLevel: 'subdistrict',
    });
    expect(parking!.explanation).toContain('狮山街道综合行政执法局');
    expect(parking!.explanation).toContain('subdistrict 320505001');
    const elsewhere = await reads.routeFor({ categoryCode: 'E0503', gridId: d.grids.fengqiao });
    expect(elsewhere).toMatchObject({
      department: { id: d.departments.cg },
      matchedBy: 'parent_category',
      areaLevel: 'district',
    });
    expect(await reads.routeFor({ categoryCode: 'C0401', gridId: d.grids.grid1 })).toBeNull();
    await expect(reads.routeFor({ categoryCode: 'E05', gridId: d.grids.grid1 })).rejects.toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['input', 'categoryCode'],
    });
    await expect(reads.routeFor({ categoryCode: 'E0503', gridId: 999_999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: ['input', 'gridId'],
    });
  });

  it('lists departments and rules to every caller, filtered', async () => {
    const reads = departmentsAs(d, d.actors.public);
    expect((await reads.departments()).map((row) => row.code)).toEqual(['CG', 'SSZF', 'SW', 'ZJ']);
    expect((await reads.departments({ unitCode: '320505001' })).map((row) => row.code)).toEqual(['SSZF']);
    expect((await reads.departments({ kind: 'public_utility' })).map((row) => row.code)).toEqual(['SW']);
    expect(await reads.departments({ asOf: '2009-12-31' })).toEqual([]);
    await expect(reads.departments({ kind: 'bureau' as never })).rejects.toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['filter', 'kind'],
    });

    const inSubdistrict = await reads.routes({ areaCode: '320505001', asOf: TODAY });
    expect(inSubdistrict.map((row) => row.categoryCode)).toEqual(['E0503', 'S01', 'S02']);
    const history = await reads.routes({ categoryCode: 'C0104' });
    expect(history.map((row) => row.effectiveFrom)).toEqual([TODAY, '2026-04-01']);
    expect(await reads.routes({ departmentId: -5 })).toEqual([]);
    await expect(reads.routes({ areaCode: 'abc' })).rejects.toMatchObject({ path: ['filter', 'areaCode'] });
  });
});
