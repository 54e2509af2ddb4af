/**
 * Reading single units (hierarchy-service.ts getUnit, findByCode). Reads never throw for an
 * unknown id or code: they answer undefined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService, type HierarchyService, type UnitLevel } from '../../src/hierarchy/index.js';
import type { Community, Grid, Subdistrict } from '../../src/schema/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import { DISTRICT, serviceFor } from './helpers.js';

let database: DistrictDatabase;
let h: HierarchyService;
let subdistrict: Subdistrict;
let community: Community;
let grid: Grid;
let retiredCommunity: Community;

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  h = serviceFor(database);
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  subdistrict = await h.createSubdistrict({
    code: '320505001',
    name: '狮山街道',
    effectiveFrom: '2001-01-01',
  });
  community = await h.createCommunity({
    code: '320505001001',
    name: '狮山社区',
    effectiveFrom: '2002-01-01',
    urbanRuralClass: '111',
    residentPopulation: 9000,
    households: 3000,
    areaKm2: 2.5,
  });
  grid = await h.createGrid({ code: '3205050010010001', name: '第一网格', effectiveFrom: '2003-01-01' });
  const old = await h.createCommunity({
    code: '320505001002',
    name: '何山社区',
    effectiveFrom: '2002-01-01',
  });
  retiredCommunity = (await h.retireUnit({
    level: 'community',
    id: old.id,
    retiredOn: '2020-01-01',
    successorId: community.id,
  })) as Community;
});

afterAll(async () => {
  await database?.close();
});

describe('getUnit (hierarchy-service.ts: one unit by its local id, or undefined)', () => {
  it('returns the subdistrict, community and grid as they were created', async () => {
    expect(await h.getUnit('subdistrict', subdistrict.id)).toEqual(subdistrict);
    expect(await h.getUnit('community', community.id)).toEqual(community);
    expect(await h.getUnit('grid', grid.id)).toEqual(grid);
  });

  it('docs/domain.md §2: returns a retired unit with its retirement and successor', async () => {
    expect(await h.getUnit('community', retiredCommunity.id)).toMatchObject({
      code: '320505001002',
      retiredOn: '2020-01-01',
      successorId: community.id,
    });
  });

  it('the level chooses the table: the same id at another level is another unit or none', async () => {
    const asCommunity = await h.getUnit('community', grid.id);
    expect(asCommunity?.code).not.toBe(grid.code);
    const asSubdistrict = await h.getUnit('subdistrict', retiredCommunity.id);
    expect(asSubdistrict?.code).not.toBe(retiredCommunity.code);
  });

  const badIds: [string, number][] = [
    ['0', 0],
    ['-1', -1],
    ['2**40', 2 ** 40],
    ['2**31 (beyond the integer column)', 2 ** 31],
    ['NaN', Number.NaN],
    ['1.5', 1.5],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['999999 (unused)', 999_999],
  ];
  const levels: UnitLevel[] = ['subdistrict', 'community', 'grid'];

  it.each(
    levels.flatMap((level) => badIds.map(([label, id]): [UnitLevel, string, number] => [level, label, id])),
  )('answers undefined, without a database error, for %s id %s', async (level, _label, id) => {
    await expect(h.getUnit(level, id)).resolves.toBeUndefined();
  });

  it('docs/domain.md §2: each district owns its data; another district’s service does not see these ids', async () => {
    const other = createHierarchyService({ db: database.db, districtCode: '320506' });
    await expect(other.getUnit('subdistrict', subdistrict.id)).resolves.toBeUndefined();
    await expect(other.getUnit('community', community.id)).resolves.toBeUndefined();
    await expect(other.getUnit('grid', grid.id)).resolves.toBeUndefined();
  });
});

describe('findByCode (hierarchy-service.ts: the level follows from the code length)', () => {
  it('finds a subdistrict by its 9-digit code', async () => {
    expect(await h.findByCode('320505001')).toEqual({ level: 'subdistrict', unit: subdistrict });
  });

  it('finds a community by its 12-digit code', async () => {
    expect(await h.findByCode('320505001001')).toEqual({ level: 'community', unit: community });
  });

  it('finds a grid by its 13–18 digit code', async () => {
    expect(await h.findByCode('3205050010010001')).toEqual({ level: 'grid', unit: grid });
  });

  it('docs/domain.md §2: a retired code stays valid in history', async () => {
    expect(await h.findByCode('320505001002')).toMatchObject({
      level: 'community',
      unit: { id: retiredCommunity.id, retiredOn: '2020-01-01' },
    });
  });

  it.each([
    ['the district code itself (6 digits)', '320505'],
    ['an empty string', ''],
    ['8 digits', '32050500'],
    ['10 digits', '3205050010'],
    ['11 digits', '32050500100'],
    ['an unused subdistrict code', '320505002'],
    ['an unused community code', '320505001003'],
    ['an unused grid code', '3205050010010002'],
    ['a grid code longer than the column (19 digits)', '3205050010010000001'],
    ['a code of another district', '320506001'],
    ['letters of a subdistrict’s length', 'abcdefghi'],
    ['SQL of a community’s length', "' or 1=1--xy"],
    ['a LIKE pattern', '32050500%'],
  ])('answers undefined for %s', async (_label, code) => {
    await expect(h.findByCode(code)).resolves.toBeUndefined();
  });

  it('a grid code whose prefix is a stored community finds the grid, not the community', async () => {
    const found = await h.findByCode('3205050010010001');
    expect(found?.level).toBe('grid');
    expect((found!.unit as Grid).communityId).toBe(community.id);
  });

  it('docs/domain.md §2: each district owns its data; another district’s service does not find these codes', async () => {
    const other = createHierarchyService({ db: database.db, districtCode: '320506' });
    await expect(other.findByCode('320505001')).resolves.toBeUndefined();
  });
});
