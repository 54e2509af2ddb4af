/**
 * Inspection lists (巡查事项清单, docs/domain.md §7.3): items owned by departments, with a
 * frequency and the second-level category a problem found is reported under; public, kept by the
 * district, retired from a day and never deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordIsVisible } from '../../src/access/index.js';
import {
  createGridDistrict,
  DISTRICT,
  type ExpectedRefusal,
  expectRefused,
  type GridDistrict,
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

const lamps = {
  code: 'SW.01.003',
  title: '路灯、井盖完好情况',
  frequency: 'weekly',
  categoryCode: 'C0104',
} as const;

describe('addInspectionItem and retireInspectionItem', () => {
  it('adds an item to a department’s list from today, visible to everyone, and retires it from a day', async () => {
    const item = await departmentsAs(d).addInspectionItem({ ...lamps, departmentId: d.departments.sw });
    expect(item).toMatchObject({
      ...lamps,
      departmentId: d.departments.sw,
      effectiveFrom: TODAY,
      retiredOn: null,
    });
    expect(await recordIsVisible(d.database.db, d.actors.public, DISTRICT, 'inspection_item', item.id)).toBe(
      true,
    );
    const reads = departmentsAs(d, d.actors.resident);
    expect((await reads.inspectionItems({ departmentId: d.departments.sw })).map((row) => row.code)).toEqual([
      'SW.01.003',
    ]);
    expect(await reads.inspectionItems({ asOf: '2026-03-01' })).toEqual([]);

    const retired = await departmentsAs(d).retireInspectionItem({ id: item.id, retiredOn: '2026-07-01' });
    expect(retired).toMatchObject({ retiredOn: '2026-07-01', version: 2 });
    expect(await reads.inspectionItems({ asOf: '2026-07-01' })).toEqual([]);
    expect((await reads.inspectionItems({ asOf: '2026-06-30' })).map((row) => row.id)).toEqual([item.id]);
    await expectRefused(d.database, () => departmentsAs(d).retireInspectionItem({ id: item.id }), {
      code: 'ALREADY_ENDED',
      path: ['input', 'id'],
    });
  });

  const refusals: [string, Record<string, unknown>, ExpectedRefusal][] = [
    ['a malformed code', { code: 'sw 01' }, { code: 'VALIDATION_FAILED', path: ['input', 'code'] }],
    ['a code taken', { code: 'SW.01.003' }, { code: 'DUPLICATE_RECORD', path: ['input', 'code'] }],
    ['an empty title', { title: '' }, { code: 'VALIDATION_FAILED', path: ['input', 'title'] }],
    [
      'a control character in the title',
      { title: '路灯\u0007巡查' },
      { code: 'INVALID_TEXT', path: ['input', 'title'] },
    ],
    [
      'an unknown frequency',
      { frequency: 'hourly' },
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'frequency'] },
    ],
    [
      'a first-level category',
      { categoryCode: 'C01' },
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'categoryCode'] },
    ],
    [
      'a department that does not exist',
      { departmentId: 999_999 },
      { code: 'NOT_FOUND', path: ['input', 'departmentId'] },
    ],
    [
      'a day in the past',
      { effectiveFrom: '2026-02-01' },
      { code: 'INVALID_DATE_RANGE', path: ['input', 'effectiveFrom'] },
    ],
  ];
  it.each(refusals)('refuses %s, changing nothing', async (_label, change, expected) => {
    await expectRefused(
      d.database,
      () =>
        departmentsAs(d).addInspectionItem({
          ...lamps,
          code: 'SW.09.001',
          departmentId: d.departments.sw,
          ...change,
        } as never),
      expected,
    );
  });

  it('refuses a grid centre (the list is the district’s) and a day before an item takes effect', async () => {
    await expectRefused(
      d.database,
      () =>
        departmentsAs(d, d.actors.centre).addInspectionItem({
          ...lamps,
          code: 'X.1',
          departmentId: d.departments.sw,
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    const later = await departmentsAs(d).addInspectionItem({
      ...lamps,
      code: 'SW.01.004',
      departmentId: d.departments.sw,
      effectiveFrom: '2026-04-01',
    });
    await expectRefused(
      d.database,
      () => departmentsAs(d).retireInspectionItem({ id: later.id, retiredOn: '2026-03-31' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'retiredOn'],
      },
    );
  });
});
