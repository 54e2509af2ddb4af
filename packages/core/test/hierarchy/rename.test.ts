/**
 * Renaming units (hierarchy-service.ts renameUnit): docs/domain.md §2 "units are merged, renamed
 * and revoked". A rename keeps the code and the id, and moves the version on by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import type { HierarchyService, UnitLevel } from '../../src/hierarchy/index.js';
import type { Community, Grid, Subdistrict } from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import { DISTRICT, expectRefused, serviceFor } from './helpers.js';

let database: DistrictDatabase;
let h: HierarchyService;
let subdistrict: Subdistrict;
let community: Community;
let grid: Grid;

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
    residentPopulation: 8000,
  });
  grid = await h.createGrid({ code: '3205050010010001', name: '第一网格', effectiveFrom: '2003-01-01' });
});

afterAll(async () => {
  await database?.close();
});

describe('renameUnit at every level (docs/domain.md §2: units are renamed)', () => {
  // Each case creates its own unit, so it is at version 1 whatever ran before.
  it.each<[UnitLevel, () => Promise<{ id: number; code: string; version: number }>, string]>([
    [
      'subdistrict',
      () => h.createSubdistrict({ code: '320505002', name: '横塘街道', effectiveFrom: '2001-01-01' }),
      '狮山横塘街道',
    ],
    [
      'community',
      () => h.createCommunity({ code: '320505001002', name: '何山社区', effectiveFrom: '2002-01-01' }),
      '狮山新社区',
    ],
    [
      'grid',
      () => h.createGrid({ code: '3205050010010002', name: '第二网格', effectiveFrom: '2003-01-01' }),
      '狮山一网格',
    ],
  ])('renames a %s, keeps its id and code, and moves version 1 → 2', async (level, create, name) => {
    const unit = await create();
    expect(unit.version).toBe(1);
    const renamed = await h.renameUnit({ level, id: unit.id, name });
    expect(renamed).toMatchObject({ id: unit.id, code: unit.code, name, version: 2, retiredOn: null });
    expect(await h.getUnit(level, unit.id)).toEqual(renamed);
  });
});

describe('versions (hierarchy-service.ts: optimistic concurrency by expectedVersion)', () => {
  it('each rename adds one to the version', async () => {
    const first = await h.renameUnit({ level: 'community', id: community.id, name: '名一' });
    const second = await h.renameUnit({ level: 'community', id: community.id, name: '名二' });
    const third = await h.renameUnit({ level: 'community', id: community.id, name: '名三' });
    expect([first.version, second.version, third.version]).toEqual([
      first.version,
      first.version + 1,
      first.version + 2,
    ]);
  });

  it('applies when expectedVersion is the current version', async () => {
    const current = (await h.getUnit('community', community.id))!;
    const renamed = await h.renameUnit({
      level: 'community',
      id: community.id,
      name: '狮山社区',
      expectedVersion: current.version,
    });
    expect(renamed).toMatchObject({ name: '狮山社区', version: current.version + 1 });
  });

  it('a second writer holding the old version gets VERSION_CONFLICT with the current version', async () => {
    const read = (await h.getUnit('grid', grid.id))!;
    await h.renameUnit({ level: 'grid', id: grid.id, name: '甲写', expectedVersion: read.version });
    await expectRefused(
      database,
      () => h.renameUnit({ level: 'grid', id: grid.id, name: '乙写', expectedVersion: read.version }),
      {
        code: 'VERSION_CONFLICT',
        path: ['input', 'expectedVersion'],
        details: { currentVersion: read.version + 1 },
      },
    );
    expect((await h.getUnit('grid', grid.id))!.name).toBe('甲写');
  });

  it('renaming to the same name is still a change and moves the version', async () => {
    const current = (await h.getUnit('subdistrict', subdistrict.id))!;
    const same = await h.renameUnit({ level: 'subdistrict', id: subdistrict.id, name: current.name });
    expect(same).toMatchObject({ name: current.name, version: current.version + 1 });
  });
});

describe('what a rename touches (hierarchy-service.ts updateVersioned)', () => {
  it('changes only name, version and updatedAt of that one row', async () => {
    const before = await snapshotDatabase(database);
    const renamed = await h.renameUnit({ level: 'community', id: community.id, name: '  改名社区\u3000' });
    const after = await snapshotDatabase(database);
    expect(renamed.name).toBe('改名社区');
    const strip = (rows: unknown[]) =>
      rows.map((row) => {
        const { name: _n, version: _v, updated_at: _u, ...rest } = row as Record<string, unknown>;
        return rest;
      });
    expect(after.districts).toEqual(before.districts);
    expect(after.subdistricts).toEqual(before.subdistricts);
    expect(after.grids).toEqual(before.grids);
    expect(strip(after.communities!)).toEqual(strip(before.communities!));
    const row = (after.communities as Record<string, unknown>[]).find((r) => r.id === community.id)!;
    expect(row).toMatchObject({ name: '改名社区', urban_rural_class: '111', resident_population: 8000 });
    expect(Date.parse(row.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(row.created_at as string));
  });

  it('docs/domain.md §2: a retired unit can still be renamed (history is corrected, not rewritten)', async () => {
    const old = await h.createGrid({ code: '3205050010010009', name: '旧网格', effectiveFrom: '2003-01-01' });
    const retired = await h.retireUnit({ level: 'grid', id: old.id, retiredOn: '2010-01-01' });
    const renamed = await h.renameUnit({ level: 'grid', id: old.id, name: '旧网格(已撤销)' });
    expect(renamed).toMatchObject({
      name: '旧网格(已撤销)',
      retiredOn: '2010-01-01',
      version: retired.version + 1,
    });
  });

  it('a rename is found by code afterwards (the code is the stable key)', async () => {
    await h.renameUnit({ level: 'subdistrict', id: subdistrict.id, name: '狮山街道' });
    expect(await h.findByCode('320505001')).toMatchObject({
      level: 'subdistrict',
      unit: { id: subdistrict.id, name: '狮山街道' },
    });
  });
});

describe('names that look like SQL (hierarchy-service.ts: parameters, never string-built SQL)', () => {
  it.each(["'; drop table communities; --", '%_\\', 'Robert"); DROP TABLE grids;--', '$1 $2 :name \\x27'])(
    'stores %j verbatim',
    async (name) => {
      const renamed = await h.renameUnit({ level: 'grid', id: grid.id, name });
      expect(renamed.name).toBe(name);
      expect((await h.getUnit('grid', grid.id))!.name).toBe(name);
      const snapshot = await snapshotDatabase(database);
      expect(snapshot.communities!.length).toBeGreaterThan(0);
      expect(snapshot.grids!.length).toBeGreaterThan(0);
    },
  );
});
