/**
 * Retiring units (hierarchy-service.ts retireUnit): docs/domain.md §2 "units are merged, renamed
 * and revoked … a retired code stays valid in history", with successor links for merges and
 * renumbering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import type { HierarchyService } from '../../src/hierarchy/index.js';
import type { Subdistrict } from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import { DISTRICT, expectRefused, serviceFor } from './helpers.js';

let database: DistrictDatabase;
let h: HierarchyService;
let shishan: Subdistrict;

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  h = serviceFor(database);
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  shishan = await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  // The parent of the grids below (codes 320505001002xxxx), in force throughout.
  await h.createCommunity({ code: '320505001002', name: '狮山社区', effectiveFrom: '2001-01-01' });
});

afterAll(async () => {
  await database?.close();
});

describe('retiring a unit (docs/domain.md §2: units are revoked, never deleted)', () => {
  it('sets retiredOn, moves the version on by one and keeps the row', async () => {
    const community = await h.createCommunity({
      code: '320505001001',
      name: '何山社区',
      effectiveFrom: '2001-01-01',
    });
    const retired = await h.retireUnit({ level: 'community', id: community.id, retiredOn: '2020-01-01' });
    expect(retired).toMatchObject({
      id: community.id,
      code: '320505001001',
      name: '何山社区',
      effectiveFrom: '2001-01-01',
      retiredOn: '2020-01-01',
      successorId: null,
      version: community.version + 1,
    });
    expect(await h.getUnit('community', community.id)).toEqual(retired);
  });

  it('docs/domain.md §2: a retired code stays valid in history (findByCode still finds it)', async () => {
    const community = await h.createCommunity({
      code: '320505001003',
      name: '历史社区',
      effectiveFrom: '2001-01-01',
    });
    await h.retireUnit({ level: 'community', id: community.id, retiredOn: '2020-01-01' });
    expect(await h.findByCode('320505001003')).toMatchObject({
      level: 'community',
      unit: { id: community.id, code: '320505001003', retiredOn: '2020-01-01' },
    });
  });

  it('schema/hierarchy.ts lifespan check: a unit may retire on the day it came into force', async () => {
    const grid = await h.createGrid({
      code: '3205050010020001',
      name: '一日网格',
      effectiveFrom: '2005-05-05',
    });
    const retired = await h.retireUnit({ level: 'grid', id: grid.id, retiredOn: '2005-05-05' });
    expect(retired).toMatchObject({ effectiveFrom: '2005-05-05', retiredOn: '2005-05-05' });
  });

  it('a unit may be retired on a future date (scheduled revocation)', async () => {
    const grid = await h.createGrid({
      code: '3205050010020002',
      name: '将撤网格',
      effectiveFrom: '2005-01-01',
    });
    const retired = await h.retireUnit({ level: 'grid', id: grid.id, retiredOn: '2999-12-31' });
    expect(retired.retiredOn).toBe('2999-12-31');
  });

  it('applies when expectedVersion is the current version', async () => {
    const grid = await h.createGrid({
      code: '3205050010020003',
      name: '版本网格',
      effectiveFrom: '2005-01-01',
    });
    const renamed = await h.renameUnit({ level: 'grid', id: grid.id, name: '版本网格二' });
    const retired = await h.retireUnit({
      level: 'grid',
      id: grid.id,
      retiredOn: '2024-01-01',
      expectedVersion: renamed.version,
    });
    expect([grid.version, renamed.version, retired.version]).toEqual([1, 2, 3]);
  });

  it('changes only retired_on, successor_id, version and updated_at of that one row', async () => {
    const grid = await h.createGrid({
      code: '3205050010020004',
      name: '快照网格',
      effectiveFrom: '2005-01-01',
    });
    const before = await snapshotDatabase(database);
    await h.retireUnit({ level: 'grid', id: grid.id, retiredOn: '2024-01-01' });
    const after = await snapshotDatabase(database);
    const strip = (rows: unknown[]) =>
      rows.map((row) => {
        const {
          retired_on: _r,
          successor_id: _s,
          version: _v,
          updated_at: _u,
          ...rest
        } = row as Record<string, unknown>;
        return rest;
      });
    expect(after.subdistricts).toEqual(before.subdistricts);
    expect(after.communities).toEqual(before.communities);
    expect(strip(after.grids!)).toEqual(strip(before.grids!));
    const changed = (after.grids as Record<string, unknown>[]).filter(
      (row, i) => JSON.stringify(row) !== JSON.stringify(before.grids![i]),
    );
    expect(changed).toEqual([expect.objectContaining({ id: grid.id, retired_on: '2024-01-01', version: 2 })]);
  });
});

describe('successors (docs/domain.md §2: predecessor/successor links for merges and renumbering)', () => {
  it('renumbering: the old code retires the day the new code comes into force, pointing at it', async () => {
    const oldCode = await h.createCommunity({
      code: '320505001010',
      name: '塔园社区',
      effectiveFrom: '2001-01-01',
    });
    const newCode = await h.createCommunity({
      code: '320505001011',
      name: '塔园社区',
      effectiveFrom: '2021-01-01',
    });
    const retired = await h.retireUnit({
      level: 'community',
      id: oldCode.id,
      retiredOn: '2021-01-01',
      successorId: newCode.id,
    });
    expect(retired).toMatchObject({ retiredOn: '2021-01-01', successorId: newCode.id, version: 2 });
    const row = await database.db.query.communities.findFirst({
      where: { districtCode: DISTRICT, id: oldCode.id },
      with: { successor: true },
    });
    expect(row?.successor).toMatchObject({ id: newCode.id, code: '320505001011', retiredOn: null });
  });

  it('merge: two subdistricts retire into a third that was in force before', async () => {
    const merged = await h.createSubdistrict({
      code: '320505010',
      name: '合并街道',
      effectiveFrom: '2000-01-01',
    });
    const a = await h.createSubdistrict({ code: '320505011', name: '甲街道', effectiveFrom: '2000-01-01' });
    const b = await h.createSubdistrict({ code: '320505012', name: '乙街道', effectiveFrom: '2000-01-01' });
    const ra = await h.retireUnit({
      level: 'subdistrict',
      id: a.id,
      retiredOn: '2022-07-01',
      successorId: merged.id,
    });
    const rb = await h.retireUnit({
      level: 'subdistrict',
      id: b.id,
      retiredOn: '2022-07-01',
      successorId: merged.id,
    });
    expect([ra.successorId, rb.successorId]).toEqual([merged.id, merged.id]);
    const successorOf = await database.db.query.subdistricts.findMany({
      where: { districtCode: DISTRICT, successorId: merged.id },
      orderBy: { code: 'asc' },
    });
    expect(successorOf.map((s) => s.code)).toEqual(['320505011', '320505012']);
  });

  it('a successor that is itself retired later than the retirement date is accepted', async () => {
    const grid = await h.createGrid({
      code: '3205050010020010',
      name: '甲网格',
      effectiveFrom: '2005-01-01',
    });
    const next = await h.createGrid({
      code: '3205050010020011',
      name: '乙网格',
      effectiveFrom: '2005-01-01',
    });
    await h.retireUnit({ level: 'grid', id: next.id, retiredOn: '2030-01-01' });
    const retired = await h.retireUnit({
      level: 'grid',
      id: grid.id,
      retiredOn: '2029-12-31',
      successorId: next.id,
    });
    expect(retired.successorId).toBe(next.id);
  });

  it('successorId null means no successor', async () => {
    const grid = await h.createGrid({
      code: '3205050010020012',
      name: '无后继网格',
      effectiveFrom: '2005-01-01',
    });
    const retired = await h.retireUnit({
      level: 'grid',
      id: grid.id,
      retiredOn: '2024-01-01',
      successorId: null,
    });
    expect(retired.successorId).toBeNull();
  });
});

describe('children (error-codes.ts HAS_ACTIVE_CHILDREN: retire the units below first)', () => {
  it('a subdistrict retires once all its communities retired on or before that date', async () => {
    const sub = await h.createSubdistrict({
      code: '320505020',
      name: '待撤街道',
      effectiveFrom: '2000-01-01',
    });
    const c1 = await h.createCommunity({ code: '320505020001', name: '一社区', effectiveFrom: '2000-01-01' });
    const c2 = await h.createCommunity({ code: '320505020002', name: '二社区', effectiveFrom: '2000-01-01' });
    const g1 = await h.createGrid({ code: '3205050200010001', name: '一网格', effectiveFrom: '2000-01-01' });

    await expectRefused(
      database,
      () => h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2023-01-01' }),
      {
        code: 'HAS_ACTIVE_CHILDREN',
        path: ['input', 'id'],
      },
    );
    await expectRefused(
      database,
      () => h.retireUnit({ level: 'community', id: c1.id, retiredOn: '2023-01-01' }),
      {
        code: 'HAS_ACTIVE_CHILDREN',
        path: ['input', 'id'],
      },
    );

    await h.retireUnit({ level: 'grid', id: g1.id, retiredOn: '2022-06-01' });
    await h.retireUnit({ level: 'community', id: c1.id, retiredOn: '2023-01-01' });
    await h.retireUnit({ level: 'community', id: c2.id, retiredOn: '2022-12-31' });
    const retired = await h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2023-01-01' });
    expect(retired.retiredOn).toBe('2023-01-01');
  });

  it('a parent may retire on the day its last child retires, but not the day before', async () => {
    const sub = await h.createSubdistrict({
      code: '320505021',
      name: '同日街道',
      effectiveFrom: '2000-01-01',
    });
    const c = await h.createCommunity({
      code: '320505021001',
      name: '同日社区',
      effectiveFrom: '2000-01-01',
    });
    await h.retireUnit({ level: 'community', id: c.id, retiredOn: '2030-01-01' });
    await expectRefused(
      database,
      () => h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2029-12-31' }),
      {
        code: 'HAS_ACTIVE_CHILDREN',
        path: ['input', 'id'],
      },
    );
    const retired = await h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2030-01-01' });
    expect(retired.retiredOn).toBe('2030-01-01');
  });

  it('a grid has no children and retires directly', async () => {
    const grid = await h.createGrid({
      code: '3205050010020020',
      name: '末级网格',
      effectiveFrom: '2005-01-01',
    });
    const retired = await h.retireUnit({ level: 'grid', id: grid.id, retiredOn: '2024-01-01' });
    expect(retired.retiredOn).toBe('2024-01-01');
  });

  it('retiring a unit does not touch its parent', async () => {
    const before = (await h.getUnit('subdistrict', shishan.id))!;
    const grid = await h.createGrid({
      code: '3205050010020030',
      name: '独立网格',
      effectiveFrom: '2005-01-01',
    });
    await h.retireUnit({ level: 'grid', id: grid.id, retiredOn: '2024-01-01' });
    expect(await h.getUnit('subdistrict', shishan.id)).toEqual(before);
  });
});

describe('parents of new units (error-codes.ts PARENT_RETIRED: retired, or not yet in force)', () => {
  it('a retired subdistrict blocks new communities after its retirement (PARENT_RETIRED)', async () => {
    const sub = await h.createSubdistrict({ code: '320505022', name: '空街道', effectiveFrom: '2000-01-01' });
    await h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2020-01-01' });
    await expectRefused(
      database,
      () => h.createCommunity({ code: '320505022001', name: '迟到社区', effectiveFrom: '2020-01-01' }),
      { code: 'PARENT_RETIRED', path: ['input', 'code'] },
    );
  });

  it('hierarchy-service.ts assertParentActive: a backdated child under a retired parent is refused', async () => {
    // A community dated 2010 under a subdistrict in force 2000–2020 would still be in force
    // today under a subdistrict that no longer exists; a grid under a retired community alike.
    const sub = await h.createSubdistrict({ code: '320505023', name: '旧街道', effectiveFrom: '2000-01-01' });
    const community = await h.createCommunity({
      code: '320505023001',
      name: '旧社区',
      effectiveFrom: '2000-01-01',
    });
    await h.retireUnit({ level: 'community', id: community.id, retiredOn: '2020-01-01' });
    await h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2020-01-01' });
    await expectRefused(
      database,
      () => h.createCommunity({ code: '320505023002', name: '补录社区', effectiveFrom: '2010-01-01' }),
      { code: 'PARENT_RETIRED', path: ['input', 'code'] },
    );
    await expectRefused(
      database,
      () => h.createGrid({ code: '3205050230010001', name: '补录网格', effectiveFrom: '2010-01-01' }),
      { code: 'PARENT_RETIRED', path: ['input', 'code'] },
    );
  });

  it('a parent scheduled to retire takes no new children either, even before that date', async () => {
    const sub = await h.createSubdistrict({
      code: '320505024',
      name: '将撤街道',
      effectiveFrom: '2000-01-01',
    });
    await h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2030-01-01' });
    await expectRefused(
      database,
      () => h.createCommunity({ code: '320505024001', name: '新社区', effectiveFrom: '2025-01-01' }),
      { code: 'PARENT_RETIRED', path: ['input', 'code'] },
    );
  });

  it('a parent not yet in force refuses a child dated before it, with path effectiveFrom', async () => {
    const sub = await h.createSubdistrict({
      code: '320505025',
      name: '新设街道',
      effectiveFrom: '2024-07-01',
    });
    const error = await expectRefused(
      database,
      () => h.createCommunity({ code: '320505025001', name: '早到社区', effectiveFrom: '2024-06-30' }),
      { code: 'PARENT_RETIRED', path: ['input', 'effectiveFrom'] },
    );
    expect(error.kind).toBe('conflict');
    // From the parent's first day on, the same child is accepted.
    const community = await h.createCommunity({
      code: '320505025001',
      name: '早到社区',
      effectiveFrom: '2024-07-01',
    });
    expect(community).toMatchObject({ subdistrictId: sub.id, effectiveFrom: '2024-07-01' });
  });
});

describe('a successor stays in force past the handover (docs/domain.md §2: predecessor/successor links)', () => {
  it('refuses to retire a successor on or before the day it takes over (SUCCESSOR_IN_USE)', async () => {
    const predecessor = await h.createCommunity({
      code: '320505001031',
      name: '旧社区',
      effectiveFrom: '2001-01-01',
    });
    const successor = await h.createCommunity({
      code: '320505001032',
      name: '新社区',
      effectiveFrom: '2001-01-01',
    });
    await h.retireUnit({
      level: 'community',
      id: predecessor.id,
      retiredOn: '2024-01-01',
      successorId: successor.id,
    });
    for (const retiredOn of ['2020-01-01', '2024-01-01']) {
      await expectRefused(database, () => h.retireUnit({ level: 'community', id: successor.id, retiredOn }), {
        code: 'SUCCESSOR_IN_USE',
        path: ['input', 'retiredOn'],
      });
    }
    const later = await h.retireUnit({ level: 'community', id: successor.id, retiredOn: '2024-01-02' });
    expect(later.retiredOn).toBe('2024-01-02');
  });
});
