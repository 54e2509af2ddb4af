/**
 * Unmasking a worker's identifiers (docs/domain.md §9): only a role allowed to, only for a worker in
 * the caller's jurisdiction, only with a purpose, a sensitive value (a child's ID number) only
 * with a purpose its category admits and a note; every unmasked field appended to the access
 * log, which admins read and nobody can change. Refusals change nothing and log nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createPersonalDataService, type UnmaskPurpose } from '../../src/personal-data/index.js';
import type { SocialWorker } from '../../src/schema/index.js';
import { createSocialWorkerService, type WorkerIdentifier } from '../../src/social-workers/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import {
  buildHierarchy,
  DISTRICT,
  expectRefused,
  insertOrganization,
  residentId,
} from '../social-workers/helpers.js';

const TODAY = '2025-06-01';
let database: DistrictDatabase;
let adult: SocialWorker;
let child: SocialWorker;
let orgId: number;
const adultId = residentId('19880412', '005');
// Born 2015: under 14 on TODAY. A record like this is sensitive whatever the table it sits in.
const childId = residentId('20150301', '006');

const districtAdmin: Actor = { id: 'admin-1', role: 'DISTRICT_ADMIN', district: DISTRICT };
const shishanStaff: Actor = {
  id: 'staff-shishan',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  subdistrict: '320505001',
  community: '320505001001',
};
const fengqiaoStaff: Actor = {
  id: 'staff-fengqiao',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  subdistrict: '320505002',
  community: '320505002001',
};

function reveal(
  actor: Actor,
  workerId: number,
  purpose: UnmaskPurpose,
  purposeNote?: string,
  fields: WorkerIdentifier[] = ['residentId', 'mobilePhone'],
) {
  return createSocialWorkerService(database, { actor, today: () => TODAY }).revealIdentifiers({
    workerId,
    fields,
    purpose,
    purposeNote: purposeNote ?? null,
  });
}

function accessLogRows() {
  return createPersonalDataService(database).accessLog({ limit: 500 });
}

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const { shishan } = await buildHierarchy(database);
  orgId = (await insertOrganization(database, { name: '狮山社会工作服务中心', registeredOn: '2015-04-01' }))
    .id;
  const workers = createSocialWorkerService(database, { today: () => TODAY });
  adult = await workers.registerWorker({ name: '王晓燕', residentId: adultId, mobilePhone: '13812345678' });
  child = await workers.registerWorker({ name: '李小明', residentId: childId });
  for (const worker of [adult, child]) {
    await workers.startPost({
      workerId: worker.id,
      communityId: shishan.id,
      title: '社工',
      fullTime: false,
      startsOn: '2024-01-01',
    });
  }
});

afterAll(async () => {
  await database?.close();
});

describe('who may unmask', () => {
  it('a district admin, with a purpose: clear values, one access-log row per field', async () => {
    const before = (await accessLogRows()).length;
    const revealed = await reveal(districtAdmin, adult.id, 'CERTIFICATION_REVIEW', '2025 年度登记审核');
    expect(revealed).toEqual({
      workerId: adult.id,
      residentId: adultId,
      mobilePhone: '13812345678',
      sensitiveCategories: [],
    });
    const rows = await accessLogRows();
    expect(rows.length - before).toBe(2);
    expect(
      rows
        .slice(0, 2)
        .map((row) => row.field)
        .sort(),
    ).toEqual(['mobilePhone', 'residentId']);
    expect(rows[0]).toMatchObject({
      actorId: 'admin-1',
      actorRole: 'DISTRICT_ADMIN',
      entityType: 'social_worker',
      entityId: adult.id,
      purpose: 'CERTIFICATION_REVIEW',
      purposeNote: '2025 年度登记审核',
      sensitiveCategory: null,
    });
    expect(rows[0]!.occurredAt).toBeTruthy();
  });

  it('community staff whose community the worker serves; one field asked, one field logged', async () => {
    const before = (await accessLogRows()).length;
    const revealed = await reveal(shishanStaff, adult.id, 'SERVICE_DELIVERY', undefined, ['mobilePhone']);
    expect(revealed).toMatchObject({ residentId: null, mobilePhone: '13812345678' });
    expect((await accessLogRows()).length - before).toBe(1);
  });

  it('a worker, its own data, as DATA_SUBJECT_REQUEST only', async () => {
    const self: Actor = { id: 'w', role: 'SOCIAL_WORKER', district: DISTRICT, workerId: adult.id };
    expect((await reveal(self, adult.id, 'DATA_SUBJECT_REQUEST')).residentId).toBe(adultId);
    await expectRefused(database, () => reveal(self, adult.id, 'SERVICE_DELIVERY'), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(database, () => reveal(self, child.id, 'DATA_SUBJECT_REQUEST'), {
      code: 'NOT_FOUND',
      path: ['input', 'workerId'],
    });
  });

  const refusedRoles: Actor[] = [
    { id: 'e', role: 'EVALUATOR', district: DISTRICT },
    { id: 'g', role: 'GRID_WORKER', district: DISTRICT, community: '320505001001' },
    { id: 's', role: 'SERVICE', district: DISTRICT },
  ];
  it.each(refusedRoles.map((actor) => [actor.role, actor] as const))(
    '%s may not unmask: FORBIDDEN, nothing logged',
    async (_, actor) => {
      await expectRefused(database, () => reveal(actor, adult.id, 'SERVICE_DELIVERY'), {
        code: 'FORBIDDEN',
        path: [],
      });
    },
  );

  it('outside the jurisdiction the worker is not found (neighbouring community, other district, org)', async () => {
    const otherDistrict: Actor = { id: 'x', role: 'DISTRICT_ADMIN', district: '320506' };
    const otherOrg: Actor = { id: 'o', role: 'ORG_STAFF', district: DISTRICT, organizationId: orgId };
    for (const actor of [fengqiaoStaff, otherDistrict, otherOrg]) {
      await expectRefused(database, () => reveal(actor, adult.id, 'SERVICE_DELIVERY'), {
        code: 'NOT_FOUND',
        path: ['input', 'workerId'],
      });
    }
  });

  it('bad input: an unknown purpose, no fields, an unknown field, a note over 500 characters', async () => {
    await expectRefused(database, () => reveal(districtAdmin, adult.id, 'CURIOSITY' as UnmaskPurpose), {
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['input', 'purpose'],
    });
    await expectRefused(database, () => reveal(districtAdmin, adult.id, 'SERVICE_DELIVERY', undefined, []), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'fields'],
    });
    await expectRefused(
      database,
      () => reveal(districtAdmin, adult.id, 'SERVICE_DELIVERY', undefined, ['name' as WorkerIdentifier]),
      { code: 'VALIDATION_FAILED', path: ['input', 'fields'] },
    );
    await expectRefused(
      database,
      () => reveal(districtAdmin, adult.id, 'SERVICE_DELIVERY', 'x'.repeat(501)),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'purposeNote'],
      },
    );
  });
});

describe('sensitive personal information: a child under 14', () => {
  it('needs a purpose its category admits, and a note', async () => {
    await expectRefused(database, () => reveal(districtAdmin, child.id, 'SERVICE_DELIVERY', '联系家长'), {
      code: 'PURPOSE_NOT_ALLOWED',
      path: ['input', 'purpose'],
      details: { category: 'MINOR_UNDER_14' },
    });
    await expectRefused(database, () => reveal(districtAdmin, child.id, 'CHILD_PROTECTION'), {
      code: 'PURPOSE_NOT_ALLOWED',
      path: ['input', 'purposeNote'],
    });
  });

  it('is unmasked for CHILD_PROTECTION with a note, and logged with its category', async () => {
    const revealed = await reveal(
      districtAdmin,
      child.id,
      'CHILD_PROTECTION',
      '监护人书面同意，困境儿童帮扶',
    );
    expect(revealed).toMatchObject({
      residentId: childId,
      mobilePhone: null,
      sensitiveCategories: ['MINOR_UNDER_14'],
    });
    const [row] = await accessLogRows();
    // No phone was recorded, so only the ID number was read and logged.
    expect(row).toMatchObject({
      entityId: child.id,
      field: 'residentId',
      sensitiveCategory: 'MINOR_UNDER_14',
    });
  });
});

describe('whatever identifies a child under 14 is sensitive (issue 15, item 3)', () => {
  it('a child’s phone alone needs a fitting purpose and note, and is logged as a minor’s', async () => {
    const workers = createSocialWorkerService(database, { today: () => TODAY });
    // Born 2017, as the attack run registered; only the phone is asked for.
    const youngest = await workers.registerWorker({
      name: '赵小雨',
      residentId: residentId('20170905', '011'),
      mobilePhone: '13900001234',
    });
    const before = (await accessLogRows()).length;
    await expectRefused(
      database,
      () => reveal(districtAdmin, youngest.id, 'SERVICE_DELIVERY', undefined, ['mobilePhone']),
      { code: 'PURPOSE_NOT_ALLOWED', path: ['input', 'purpose'], details: { category: 'MINOR_UNDER_14' } },
    );
    await expectRefused(
      database,
      () => reveal(districtAdmin, youngest.id, 'CHILD_PROTECTION', undefined, ['mobilePhone']),
      { code: 'PURPOSE_NOT_ALLOWED', path: ['input', 'purposeNote'] },
    );
    const revealed = await reveal(districtAdmin, youngest.id, 'CHILD_PROTECTION', '联系监护人', [
      'mobilePhone',
    ]);
    expect(revealed).toMatchObject({ mobilePhone: '13900001234', sensitiveCategories: ['MINOR_UNDER_14'] });
    const rows = await accessLogRows();
    expect(rows.length - before).toBe(1);
    expect(rows[0]).toMatchObject({ field: 'mobilePhone', sensitiveCategory: 'MINOR_UNDER_14' });
  });

  it('an adult’s phone stays ordinary personal information', async () => {
    const revealed = await reveal(districtAdmin, adult.id, 'SERVICE_DELIVERY', undefined, ['mobilePhone']);
    expect(revealed.sensitiveCategories).toEqual([]);
  });
});

describe('the access log', () => {
  it('is read by the district admin; refused to staff and to another district', async () => {
    const log = createPersonalDataService(database, { actor: districtAdmin });
    expect((await log.accessLog({ entityId: adult.id })).length).toBeGreaterThan(0);
    for (const actor of [shishanStaff, { id: 'x', role: 'DISTRICT_ADMIN' as const, district: '320506' }]) {
      await expect(createPersonalDataService(database, { actor }).accessLog()).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
  });

  it('cannot be changed or emptied, even by SQL on the database: the rows stay as written', async () => {
    const before = await snapshotDatabase(database);
    await expect(
      database.db.execute(sql`update personal_data_access_log set purpose = 'X'`),
    ).rejects.toThrow();
    await expect(database.db.execute(sql`delete from personal_data_access_log`)).rejects.toThrow();
    await expect(database.db.execute(sql`truncate personal_data_access_log`)).rejects.toThrow();
    expect(await snapshotDatabase(database)).toEqual(before);
    expect(before.personal_data_access_log!.length).toBeGreaterThan(0);
  });
});
