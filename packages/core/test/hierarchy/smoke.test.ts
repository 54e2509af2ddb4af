import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHierarchyService, type DistrictDatabase } from '../../src/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';

let database: DistrictDatabase;
beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: '320505' });
});
afterAll(() => database.close());

it('creates a small hierarchy', async () => {
  const h = createHierarchyService(database);
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  const s = await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2001-01-01' });
  const c = await h.createCommunity({ code: '320505001001', name: '狮山社区', effectiveFrom: '2002-01-01' });
  const g = await h.createGrid({ code: '3205050010010001', name: '一网格', effectiveFrom: '2003-01-01' });
  expect(s.kind).toBe('subdistrict');
  expect(c.subdistrictId).toBe(s.id);
  expect(g.communityId).toBe(c.id);
  const before = await snapshotDatabase(database);
  await expect(h.createCommunity({ code: '320505001001', name: 'x' })).rejects.toMatchObject({
    code: 'DUPLICATE_CODE',
  });
  expect(await snapshotDatabase(database)).toEqual(before);
  expect(before.grids).toHaveLength(1);
});
