/**
 * docs/architecture.md §2: every write of a service is appended to the audit log (who, when, what,
 * before and after) in its own transaction; a refused write leaves no entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/audit/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import { DISTRICT, TODAY } from './helpers.js';

let database: DistrictDatabase;
beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
});
afterAll(() => database.close());

describe('hierarchy writes are audited', () => {
  it('records create, rename and retire with the actor, before and after', async () => {
    const h = createHierarchyService(database, {
      today: () => TODAY,
      actor: { id: 'clerk-7', role: 'DISTRICT_ADMIN', district: DISTRICT },
    });
    await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
    const sub = await h.createSubdistrict({
      code: '320505001',
      name: '狮山街道',
      effectiveFrom: '2000-01-01',
    });
    const renamed = await h.renameUnit({ level: 'subdistrict', id: sub.id, name: '狮山横塘街道' });
    await h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2024-01-01' });
    // Refused (already retired): no entry.
    await expect(
      h.retireUnit({ level: 'subdistrict', id: sub.id, retiredOn: '2024-02-01' }),
    ).rejects.toMatchObject({
      code: 'ALREADY_RETIRED',
    });

    const entries = await readAuditLog(database.db, DISTRICT, {
      entityType: 'subdistrict',
      entityId: sub.id,
    });
    expect(entries.map((entry) => entry.action)).toEqual([
      'subdistrict.retire',
      'subdistrict.rename',
      'subdistrict.create',
    ]);
    expect(
      entries.every((entry) => entry.actorId === 'clerk-7' && entry.actorRole === 'DISTRICT_ADMIN'),
    ).toBe(true);
    const rename = entries[1]!;
    expect(rename.before).toMatchObject({ name: '狮山街道', version: 1 });
    expect(rename.after).toMatchObject({ name: renamed.name, version: 2 });
    expect(entries[2]!.before).toBeNull();
  });
});
