/**
 * Issue 15, item 2: unmasking is limited per caller (per hour) and per person (per day), by the
 * district's policy `personal_data.reveal_limits`. A refusal is typed (REVEAL_LIMIT_EXCEEDED),
 * reveals nothing and logs nothing; every field counts, and concurrent reveals are counted one
 * after the other (run against PostgreSQL with a pool, where they really race).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createPersonalDataService } from '../../src/personal-data/index.js';
import { createPolicyService } from '../../src/policies/index.js';
import type { SocialWorker } from '../../src/schema/index.js';
import { createSocialWorkerService, type WorkerIdentifier } from '../../src/social-workers/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import { buildHierarchy, DISTRICT, expectRefused, residentId } from '../social-workers/helpers.js';

const TODAY = '2025-06-01';
let database: DistrictDatabase;
const workers: SocialWorker[] = [];

const admin = (id: string): Actor => ({ id, role: 'DISTRICT_ADMIN', district: DISTRICT });

function reveal(actor: Actor, workerId: number, fields: WorkerIdentifier[] = ['residentId', 'mobilePhone']) {
  return createSocialWorkerService(database, { actor, today: () => TODAY }).revealIdentifiers({
    workerId,
    fields,
    purpose: 'CERTIFICATION_REVIEW',
    purposeNote: '年度登记审核',
  });
}

async function logged(): Promise<number> {
  return (await createPersonalDataService(database).accessLog({ limit: 500 })).length;
}

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  await buildHierarchy(database);
  const service = createSocialWorkerService(database, { today: () => TODAY });
  for (let i = 0; i < 25; i++) {
    workers.push(
      await service.registerWorker({
        name: `社工${i}`,
        residentId: residentId('19880412', String(100 + i)),
        mobilePhone: `138${String(10_000_000 + i).padStart(8, '0')}`,
      }),
    );
  }
});

afterAll(async () => {
  await database?.close();
});

describe('per person: at most 10 identifiers a day by all callers (the default)', () => {
  it('the sixth reveal of both fields of one person is refused, typed, and logs nothing', async () => {
    const person = workers[0]!;
    for (let i = 0; i < 5; i++) await reveal(admin(`admin-${i}`), person.id);
    const before = await logged();
    const refusal = await expectRefused(database, () => reveal(admin('admin-9'), person.id), {
      code: 'REVEAL_LIMIT_EXCEEDED',
      path: ['input', 'workerId'],
      details: { window: 'day', limit: 10, retryAfterSeconds: 86_400 },
    });
    expect(refusal).toBeDefined();
    expect(await logged()).toBe(before);
  });
});

describe('per caller: at most 30 identifiers an hour (the default)', () => {
  it('a reveal that would pass the limit is refused whole; what fits is still allowed', async () => {
    const caller = admin('busy-admin');
    for (let i = 1; i <= 14; i++) await reveal(caller, workers[i]!.id);
    await reveal(caller, workers[15]!.id, ['mobilePhone']);
    // 29 read: two more do not fit, so neither is read.
    await expectRefused(database, () => reveal(caller, workers[16]!.id), {
      code: 'REVEAL_LIMIT_EXCEEDED',
      path: ['input', 'fields'],
      details: { window: 'hour', limit: 30 },
    });
    await reveal(caller, workers[16]!.id, ['mobilePhone']);
    await expectRefused(database, () => reveal(caller, workers[17]!.id, ['mobilePhone']), {
      code: 'REVEAL_LIMIT_EXCEEDED',
      path: ['input', 'fields'],
    });
    // Another caller is not held back by this one.
    expect((await reveal(admin('another-admin'), workers[17]!.id)).residentId).toBeTruthy();
  });

  it('the embedding program itself (SYSTEM) is not limited', async () => {
    const system: Actor = { id: 'batch', role: 'SYSTEM' };
    for (let i = 0; i < 6; i++) await reveal(system, workers[18]!.id);
  });
});

describe('the district sets its own limits', () => {
  it('a lower per-person limit from today on applies at once', async () => {
    await createPolicyService(database, { today: () => TODAY }).setPolicy({
      key: 'personal_data.reveal_limits',
      jurisdictionCode: DISTRICT,
      effectiveFrom: TODAY,
      value: { perCallerPerHour: 100, perPersonPerDay: 2 },
      source: '区民政局个人信息保护工作规程 (2025)',
    });
    await reveal(admin('a'), workers[19]!.id);
    await expectRefused(database, () => reveal(admin('b'), workers[19]!.id, ['mobilePhone']), {
      code: 'REVEAL_LIMIT_EXCEEDED',
      path: ['input', 'workerId'],
      details: { window: 'day', limit: 2 },
    });
  });

  it('concurrent reveals of one person never pass the limit together', async () => {
    const person = workers[20]!;
    const attempts = Array.from({ length: 12 }, (_, i) =>
      reveal(admin(`racer-${i}`), person.id, ['mobilePhone']).then(
        () => 'revealed' as const,
        (error: { code?: string }) => error.code,
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === 'revealed')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'REVEAL_LIMIT_EXCEEDED')).toHaveLength(10);
    const rows = await createPersonalDataService(database).accessLog({ entityId: person.id, limit: 500 });
    expect(rows).toHaveLength(2);
  });
});

it('refusals change nothing anywhere in the database', async () => {
  const before = await snapshotDatabase(database);
  await expect(reveal(admin('late'), workers[19]!.id)).rejects.toMatchObject({
    code: 'REVEAL_LIMIT_EXCEEDED',
  });
  expect(await snapshotDatabase(database)).toEqual(before);
});
