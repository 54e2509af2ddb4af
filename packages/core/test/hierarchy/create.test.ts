/**
 * Creating the hierarchy: ensureDistrict, createSubdistrict, createCommunity, createGrid
 * (hierarchy-service.ts), with kinds derived from the codes (docs/domain.md §2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService, type HierarchyService } from '../../src/hierarchy/index.js';
import type { Community, Subdistrict } from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import { DISTRICT, serviceFor, TODAY } from './helpers.js';

let database: DistrictDatabase;
let h: HierarchyService;
let shishan: Subdistrict;
let shishanCommunity: Community;

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  h = serviceFor(database);
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  shishan = await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2001-01-01' });
  shishanCommunity = await h.createCommunity({
    code: '320505001001',
    name: '狮山社区',
    effectiveFrom: '2002-01-01',
  });
});

afterAll(async () => {
  await database?.close();
});

describe('ensureDistrict (hierarchy-service.ts: record the owning district once)', () => {
  it('stores the district of the database with its name and effective date', async () => {
    const snapshot = await snapshotDatabase(database);
    expect(snapshot.districts).toHaveLength(1);
    expect(snapshot.districts![0]).toMatchObject({
      district_code: DISTRICT,
      name: '虎丘区',
      effective_from: '2000-01-01',
      retired_on: null,
      version: 1,
    });
  });

  it('returns the existing row and changes nothing when called again with other values', async () => {
    const before = await snapshotDatabase(database);
    const again = await h.ensureDistrict({ name: '高新区', effectiveFrom: '2010-01-01' });
    expect(again).toMatchObject({ districtCode: DISTRICT, name: '虎丘区', effectiveFrom: '2000-01-01' });
    expect(await snapshotDatabase(database)).toEqual(before);
  });
});

describe('createSubdistrict (docs/domain.md §2: 9 digits = district + 001–399)', () => {
  it('returns the stored row with version 1, no retirement and no successor', () => {
    expect(shishan).toMatchObject({
      districtCode: DISTRICT,
      code: '320505001',
      name: '狮山街道',
      kind: 'subdistrict',
      effectiveFrom: '2001-01-01',
      retiredOn: null,
      successorId: null,
      version: 1,
    });
    expect(shishan.id).toBeGreaterThan(0);
  });

  it.each([
    ['001', 'subdistrict'],
    ['099', 'subdistrict'],
    ['100', 'town'],
    ['150', 'town'],
    ['199', 'town'],
    ['200', 'township'],
    ['399', 'township'],
    ['400', 'quasi_township'],
    ['599', 'quasi_township'],
  ])(
    'docs/domain.md §2, 统计用区划代码: suffix %s makes a %s (001–099 街道, 100–199 镇, 200–399 乡, 400–599 类似乡级单位)',
    async (suffix, kind) => {
      const code = `320505${suffix}`;
      const unit =
        suffix === '001'
          ? shishan
          : await h.createSubdistrict({ code, name: `${suffix}号单位`, effectiveFrom: '2001-01-01' });
      expect(unit.kind).toBe(kind);
      expect((await h.findByCode(code))?.unit).toMatchObject({ kind });
    },
  );

  it('validators/division-code.ts: surrounding whitespace of the code is trimmed', async () => {
    const unit = await h.createSubdistrict({
      code: ' 320505002\t',
      name: '枫桥街道',
      effectiveFrom: '2001-01-01',
    });
    expect(unit.code).toBe('320505002');
  });

  it('validators/text.ts: surrounding whitespace of the name is trimmed, including U+3000', async () => {
    const unit = await h.createSubdistrict({
      code: '320505003',
      name: '\u3000 横塘街道 \u3000',
      effectiveFrom: '2001-01-01',
    });
    expect(unit.name).toBe('横塘街道');
  });

  it('hierarchy-service.ts: the effective date defaults to the service’s today', async () => {
    const unit = await h.createSubdistrict({ code: '320505004', name: '浒墅关镇' });
    expect(unit.effectiveFrom).toBe(TODAY);
  });

  it('hierarchy-service.ts: a subdistrict may come into force on the district’s own effective date', async () => {
    const unit = await h.createSubdistrict({
      code: '320505005',
      name: '通安镇',
      effectiveFrom: '2000-01-01',
    });
    expect(unit.effectiveFrom).toBe('2000-01-01');
  });
});

describe('createCommunity (docs/domain.md §2: 12 digits = subdistrict + 001–399)', () => {
  it('links the community to the subdistrict named by its first 9 digits', () => {
    expect(shishanCommunity).toMatchObject({
      districtCode: DISTRICT,
      subdistrictId: shishan.id,
      code: '320505001001',
      kind: 'community',
      urbanRuralClass: null,
      residentPopulation: null,
      households: null,
      areaKm2: null,
      retiredOn: null,
      successorId: null,
      version: 1,
    });
  });

  it.each([
    ['001', 'community'],
    ['199', 'community'],
    ['200', 'village'],
    ['399', 'village'],
  ])('docs/domain.md §2: suffix %s makes a %s (居委会 001–199, 村委会 200–399)', async (suffix, kind) => {
    const code = `320505001${suffix}`;
    const unit =
      suffix === '001'
        ? shishanCommunity
        : await h.createCommunity({ code, name: `${suffix}号`, effectiveFrom: '2002-01-01' });
    expect(unit.kind).toBe(kind);
  });

  it('docs/domain.md §2: a village (2xx) under a town (1xx) keeps both kinds', async () => {
    const town = await h.createSubdistrict({
      code: '320505120',
      name: '东渚镇',
      effectiveFrom: '2001-01-01',
    });
    const village = await h.createCommunity({
      code: '320505120201',
      name: '龙景村',
      effectiveFrom: '2001-01-01',
    });
    expect(town.kind).toBe('town');
    expect(village).toMatchObject({ kind: 'village', subdistrictId: town.id });
  });

  it('docs/domain.md §2: stores urban-rural class, resident population, households and area', async () => {
    const unit = await h.createCommunity({
      code: '320505001010',
      name: '金色家园社区',
      effectiveFrom: '2010-05-01',
      urbanRuralClass: '111',
      residentPopulation: 12_345,
      households: 4_321,
      areaKm2: 1.25,
    });
    expect(unit).toMatchObject({
      urbanRuralClass: '111',
      residentPopulation: 12_345,
      households: 4_321,
      areaKm2: 1.25,
    });
    expect(await h.getUnit('community', unit.id)).toEqual(unit);
  });

  it.each(['111', '112', '121', '122', '123', '210', '220'])(
    'hierarchy-service.ts urbanRuralClasses: accepts class %s',
    async (urbanRuralClass) => {
      const unit = await h.createCommunity({
        code: `320505001${urbanRuralClass}`,
        name: `城乡${urbanRuralClass}`,
        effectiveFrom: '2002-01-01',
        urbanRuralClass,
      });
      expect(unit.urbanRuralClass).toBe(urbanRuralClass);
    },
  );

  it('hierarchy-service.ts limits: the range ends are accepted (0 and the maxima)', async () => {
    const low = await h.createCommunity({
      code: '320505001020',
      name: '空社区',
      effectiveFrom: '2010-01-01',
      residentPopulation: 0,
      households: 0,
      areaKm2: 0,
    });
    const high = await h.createCommunity({
      code: '320505001021',
      name: '大社区',
      effectiveFrom: '2010-01-01',
      residentPopulation: 10_000_000,
      households: 5_000_000,
      areaKm2: 100_000,
    });
    expect(low).toMatchObject({ residentPopulation: 0, households: 0, areaKm2: 0 });
    expect(high).toMatchObject({ residentPopulation: 10_000_000, households: 5_000_000, areaKm2: 100_000 });
  });

  it('hierarchy-service.ts: null attributes are stored as null', async () => {
    const unit = await h.createCommunity({
      code: '320505001022',
      name: '未填社区',
      effectiveFrom: '2010-01-01',
      urbanRuralClass: null,
      residentPopulation: null,
      households: null,
      areaKm2: null,
    });
    expect(unit).toMatchObject({
      urbanRuralClass: null,
      residentPopulation: null,
      households: null,
      areaKm2: null,
    });
  });

  it('validators/text.ts: a name of exactly 100 characters is stored (Chinese, and outside the BMP)', async () => {
    const chinese = await h.createCommunity({
      code: '320505001030',
      name: '社'.repeat(100),
      effectiveFrom: '2010-01-01',
    });
    const astral = await h.createCommunity({
      code: '320505001031',
      name: '𠀀'.repeat(100),
      effectiveFrom: '2010-01-01',
    });
    expect(chinese.name).toBe('社'.repeat(100));
    expect(astral.name).toBe('𠀀'.repeat(100));
    expect((await h.getUnit('community', astral.id))?.name).toBe('𠀀'.repeat(100));
  });

  it('hierarchy-service.ts: a community may come into force on its subdistrict’s effective date', async () => {
    const unit = await h.createCommunity({
      code: '320505001040',
      name: '同日社区',
      effectiveFrom: '2001-01-01',
    });
    expect(unit.effectiveFrom).toBe('2001-01-01');
  });
});

describe('createGrid (docs/domain.md §2: community code + a local suffix)', () => {
  it('derives the parent community from the first 12 digits of the code', async () => {
    const grid = await h.createGrid({
      code: '3205050010010001',
      name: '第一网格',
      effectiveFrom: '2003-01-01',
    });
    expect(grid).toMatchObject({
      districtCode: DISTRICT,
      communityId: shishanCommunity.id,
      code: '3205050010010001',
      name: '第一网格',
      effectiveFrom: '2003-01-01',
      retiredOn: null,
      successorId: null,
      version: 1,
    });
  });

  it.each([
    ['1 digit', '3205050010011'],
    ['6 digits', '320505001001999999'],
  ])('validators/division-code.ts parseGridCode: accepts a suffix of %s', async (_label, code) => {
    const grid = await h.createGrid({ code, name: `网格${code.slice(12)}`, effectiveFrom: '2003-01-01' });
    expect(grid.code).toBe(code);
    expect(grid.communityId).toBe(shishanCommunity.id);
  });

  it('attaches a grid to the right one of two communities of the same subdistrict', async () => {
    const other = await h.createCommunity({
      code: '320505001002',
      name: '何山社区',
      effectiveFrom: '2002-01-01',
    });
    const grid = await h.createGrid({
      code: '32050500100201',
      name: '何山一网格',
      effectiveFrom: '2003-01-01',
    });
    expect(grid.communityId).toBe(other.id);
    expect(grid.communityId).not.toBe(shishanCommunity.id);
  });

  it('hierarchy-service.ts: the effective date defaults to the service’s today', async () => {
    const grid = await h.createGrid({ code: '3205050010010002', name: '第二网格' });
    expect(grid.effectiveFrom).toBe(TODAY);
  });

  it('schema/relations.ts: the relational query walks district → subdistrict → community → grid', async () => {
    await h.createGrid({ code: '3205050010010003', name: '第三网格', effectiveFrom: '2003-01-01' });
    const row = await database.db.query.grids.findFirst({
      where: { districtCode: DISTRICT, code: '3205050010010003' },
      with: { community: { with: { subdistrict: { with: { district: true } } } } },
    });
    expect(row?.community.code).toBe('320505001001');
    expect(row?.community.subdistrict.code).toBe('320505001');
    expect(row?.community.subdistrict.district.name).toBe('虎丘区');
  });
});

describe('todayInChina as the default date (hierarchy/lifespan.ts)', () => {
  it('a service without a today option dates new units today in China', async () => {
    const plain = createHierarchyService(database);
    const before = new Date();
    const unit = await plain.createSubdistrict({ code: '320505398', name: '默认日期乡' });
    const after = new Date();
    // Around midnight in China the two readings may straddle a day; the unit must match one.
    const candidates = new Set(
      [before, after].map((d) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)),
    );
    expect(candidates.has(unit.effectiveFrom)).toBe(true);
    expect(unit.kind).toBe('township');
  });
});
