/**
 * The district's departments (docs/domain.md §7.4): recorded, renamed and dissolved by the
 * district; a dissolution retires the department's routing rules and inspection items the same
 * day, in the same transaction, so no event is routed to a department that no longer exists.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responsibleDepartment } from '../../src/grid-events/grid-lookups.js';
import { auditLog, eventRoutes, inspectionItems } from '../../src/schema/index.js';
import {
  createGridDistrict,
  DISTRICT,
  type ExpectedRefusal,
  expectRefused,
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

const market = {
  code: 'SJ',
  name: '虎丘区市场监督管理局',
  kind: 'functional',
  unitCode: DISTRICT,
  establishedOn: '2019-01-01',
} as const;

describe('createDepartment', () => {
  it('records a department of the district, audited, and one serving a subdistrict', async () => {
    const created = await departmentsAs(d).createDepartment(market);
    expect(created).toMatchObject({ ...market, districtCode: DISTRICT, dissolvedOn: null, version: 1 });
    const [entry] = await d.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'department'), eq(auditLog.entityId, created.id)));
    expect(entry).toMatchObject({ action: 'department.create', actorId: d.actors.admin.id });

    const office = await departmentsAs(d).createDepartment({
      code: 'FQ-ZF',
      name: '枫桥街道综合行政执法局',
      kind: 'subdistrict_office',
      unitCode: '320505002',
    });
    expect(office).toMatchObject({ unitCode: '320505002', establishedOn: TODAY });
    expect((await departmentsAs(d, d.actors.public).departmentById(office.id))?.name).toBe(
      '枫桥街道综合行政执法局',
    );
  });

  const refusals: [string, Record<string, unknown>, ExpectedRefusal][] = [
    ['a code in lower case', { code: 'sj2' }, { code: 'VALIDATION_FAILED', path: ['input', 'code'] }],
    ['an empty name', { name: ' ' }, { code: 'INVALID_NAME', path: ['input', 'name'] }],
    [
      'a phone number in the published name',
      { name: '城管热线13800138000' },
      { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: ['input', 'name'] },
    ],
    ['an unknown kind', { kind: 'bureau' }, { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'kind'] }],
    [
      'a malformed unit code',
      { unitCode: '32050' },
      { code: 'INVALID_DIVISION_CODE', path: ['input', 'unitCode'] },
    ],
    [
      'a unit of another district',
      { unitCode: '320506' },
      { code: 'CODE_OUTSIDE_DISTRICT', path: ['input', 'unitCode'] },
    ],
    ['a community', { unitCode: SHISHAN }, { code: 'CODE_LEVEL_MISMATCH', path: ['input', 'unitCode'] }],
    [
      'a subdistrict that does not exist',
      { unitCode: '320505009' },
      { code: 'NOT_FOUND', path: ['input', 'unitCode'] },
    ],
    [
      'a subdistrict not yet in force on the day',
      { unitCode: '320505001', establishedOn: '1999-12-31' },
      { code: 'UNIT_NOT_IN_FORCE', path: ['input', 'unitCode'] },
    ],
    [
      'a day after today',
      { establishedOn: '2026-03-03' },
      { code: 'DATE_IN_FUTURE', path: ['input', 'establishedOn'] },
    ],
    ['a code taken', { code: 'CG' }, { code: 'DUPLICATE_RECORD', path: ['input', 'code'] }],
    ['a name taken', { name: '虎丘区城市管理局' }, { code: 'DUPLICATE_RECORD', path: ['input', 'name'] }],
  ];
  it.each(refusals)('refuses %s, changing nothing', async (_label, change, expected) => {
    await expectRefused(
      d.database,
      () =>
        departmentsAs(d).createDepartment({ ...market, code: 'NEW', name: '新设部门', ...change } as never),
      expected,
    );
  });

  it('is the district’s: a subdistrict’s staff may not record one', async () => {
    await expectRefused(
      d.database,
      () => departmentsAs(d, d.actors.centre).createDepartment({ ...market, code: 'X', name: '某部门' }),
      {
        code: 'FORBIDDEN',
        path: [],
      },
    );
  });
});

describe('renameDepartment', () => {
  it('renames, bumping the version, and refuses a taken name or a stale version', async () => {
    const renamed = await departmentsAs(d).renameDepartment({
      id: d.departments.sw,
      name: '虎丘区水务有限公司',
      expectedVersion: 1,
    });
    expect(renamed).toMatchObject({ name: '虎丘区水务有限公司', version: 2 });
    await expectRefused(
      d.database,
      () => departmentsAs(d).renameDepartment({ id: d.departments.sw, name: '虎丘区城市管理局' }),
      { code: 'DUPLICATE_RECORD', path: ['input', 'name'] },
    );
    await expectRefused(
      d.database,
      () =>
        departmentsAs(d).renameDepartment({
          id: d.departments.sw,
          name: '虎丘区水务集团',
          expectedVersion: 1,
        }),
      { code: 'VERSION_CONFLICT', path: ['input', 'expectedVersion'] },
    );
    await expectRefused(
      d.database,
      () => departmentsAs(d).renameDepartment({ id: 999_999, name: '无此部门' }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'id'],
      },
    );
  });
});

describe('dissolveDepartment', () => {
  it('retires the department’s open routing rules and items the same day; routing falls to the next rule', async () => {
    const service = departmentsAs(d);
    // A rule of 狮山街道综合行政执法局 that starts next month, and one of its inspection items.
    const later = await service.setRoute({
      categoryCode: 'E0504',
      areaCode: '320505001',
      departmentId: d.departments.sszf,
      effectiveFrom: '2026-04-01',
    });
    const item = await service.addInspectionItem({
      departmentId: d.departments.sszf,
      code: 'SSZF.01',
      title: '占道经营巡查',
      frequency: 'daily',
      categoryCode: 'E0502',
    });
    const db = d.database.db;
    expect((await responsibleDepartment(db, DISTRICT, 'E0503', GRID_1, TODAY))?.departmentId).toBe(
      d.departments.sszf,
    );

    const dissolved = await service.dissolveDepartment({
      id: d.departments.sszf,
      reason: '机构改革（虎编〔2026〕1号）',
    });
    expect(dissolved).toMatchObject({ dissolvedOn: TODAY, version: 2 });
    const routes = await db
      .select()
      .from(eventRoutes)
      .where(eq(eventRoutes.departmentId, d.departments.sszf));
    expect(routes).toHaveLength(4);
    for (const route of routes) {
      // Each rule ends today, or, for the one not yet in force, on the day it would have started.
      expect(route.retiredOn).toBe(route.id === later.id ? '2026-04-01' : TODAY);
    }
    expect(dissolved.retiredRouteIds).toEqual(routes.map((route) => route.id).sort((a, b) => a - b));
    const [retiredItem] = await db.select().from(inspectionItems).where(eq(inspectionItems.id, item.id));
    expect(retiredItem!.retiredOn).toBe(TODAY);
    expect(dissolved.retiredItemIds).toEqual([item.id]);

    // 机动车乱停放 in 狮山街道 now falls to the district's rule for 街面秩序: 城市管理局.
    expect((await responsibleDepartment(db, DISTRICT, 'E0503', GRID_1, TODAY))?.departmentId).toBe(
      d.departments.cg,
    );
    expect((await responsibleDepartment(db, DISTRICT, 'S0101', GRID_1, TODAY))?.departmentId).toBe(
      d.departments.zj,
    );
    // The past stays as it was.
    expect((await responsibleDepartment(db, DISTRICT, 'E0503', GRID_1, '2026-03-01'))?.departmentId).toBe(
      d.departments.sszf,
    );
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'department.dissolve'), eq(auditLog.entityId, d.departments.sszf)));
    expect(entry).toMatchObject({ reason: '机构改革（虎编〔2026〕1号）' });
  });

  it('refuses a second dissolution, a rename, a rule or an item for a dissolved department', async () => {
    const service = departmentsAs(d);
    await expectRefused(d.database, () => service.dissolveDepartment({ id: d.departments.sszf }), {
      code: 'ALREADY_ENDED',
      path: ['input', 'id'],
    });
    await expectRefused(
      d.database,
      () => service.renameDepartment({ id: d.departments.sszf, name: '狮山街道执法局' }),
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'id'],
      },
    );
    await expectRefused(
      d.database,
      () =>
        service.setRoute({ categoryCode: 'E0501', areaCode: '320505001', departmentId: d.departments.sszf }),
      { code: 'STATUS_NOT_ALLOWED', path: ['input', 'departmentId'] },
    );
    await expectRefused(
      d.database,
      () =>
        service.addInspectionItem({
          departmentId: d.departments.sszf,
          code: 'SSZF.02',
          title: '游商巡查',
          frequency: 'weekly',
          categoryCode: 'E0501',
        }),
      { code: 'STATUS_NOT_ALLOWED', path: ['input', 'departmentId'] },
    );
  });

  it('refuses a day before the department was established, or after today', async () => {
    await expectRefused(
      d.database,
      () => departmentsAs(d).dissolveDepartment({ id: d.departments.zj, dissolvedOn: '2009-12-31' }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'dissolvedOn'] },
    );
    await expectRefused(
      d.database,
      () => departmentsAs(d).dissolveDepartment({ id: d.departments.zj, dissolvedOn: '2026-03-03' }),
      { code: 'DATE_IN_FUTURE', path: ['input', 'dissolvedOn'] },
    );
  });
});
