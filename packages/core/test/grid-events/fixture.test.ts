import { describe, expect, it } from 'vitest';
import { boundaryInForce, gridsAt, responsibleDepartment } from '../../src/grid-events/grid-lookups.js';
import { createGridDistrict, DISTRICT, GRID_1, GRID_2, points, TODAY } from './fixture.js';

describe('the grid district fixture and the lookups it stands on', () => {
  it('finds the grid a point lies in, the boundary in force, and the responsible department', async () => {
    const d = await createGridDistrict();
    const db = d.database.db;
    expect(await gridsAt(db, DISTRICT, points.grid1.longitude, points.grid1.latitude, TODAY)).toEqual([
      { gridId: d.grids.grid1, code: GRID_1, communityId: d.communities.shishan },
    ]);
    expect(await gridsAt(db, DISTRICT, points.nowhere.longitude, points.nowhere.latitude, TODAY)).toEqual([]);
    // On the shared edge of 网格一 and 网格二 both contain the point.
    expect((await gridsAt(db, DISTRICT, 120.51, 31.305, TODAY)).map((g) => g.code)).toEqual([GRID_1, GRID_2]);
    expect(await boundaryInForce(db, DISTRICT, d.grids.grid1, '2019-12-31')).toBeUndefined();
    expect((await boundaryInForce(db, DISTRICT, d.grids.grid1, TODAY))?.effectiveFrom).toBe('2020-01-01');

    // Second level before first; the subdistrict's rule before the district's.
    expect((await responsibleDepartment(db, DISTRICT, 'E0503', GRID_1, TODAY))?.departmentId).toBe(
      d.departments.sszf,
    );
    expect((await responsibleDepartment(db, DISTRICT, 'E0503', '320505002001001', TODAY))?.departmentId).toBe(
      d.departments.cg,
    );
    expect((await responsibleDepartment(db, DISTRICT, 'S0101', GRID_1, TODAY))?.departmentId).toBe(
      d.departments.sszf,
    );
    expect((await responsibleDepartment(db, DISTRICT, 'S0101', '320505002001001', TODAY))?.departmentId).toBe(
      d.departments.zj,
    );
    expect(await responsibleDepartment(db, DISTRICT, 'C0401', GRID_1, TODAY)).toBeUndefined();
    expect(await responsibleDepartment(db, DISTRICT, 'E0501', GRID_1, '2019-01-01')).toBeUndefined();
  });
});
