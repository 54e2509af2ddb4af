/**
 * Records that move with the person (转移接续, docs/domain.md §5.4): a volunteer's record exported
 * from one district in the versioned transfer format (valid against its JSON Schema) and
 * imported into another without losing or doubling hours: importing twice changes nothing, and
 * a conflicting import is refused with the reason, changing nothing.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { and, eq, sum } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import type { Volunteer } from '../../src/schema/index.js';
import { auditLog, personalDataAccessLog, volunteerServices, volunteers } from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { createVolunteerRecordTransfer } from '../../src/volunteers/record-transfer.js';
import {
  parseVolunteerRecord,
  type VolunteerRecordDocument,
  volunteerRecordDigest,
} from '../../src/volunteers/record-transfer-format.js';
import { serviceInForce } from '../../src/volunteers/services-in-force.js';
import { expectRefused } from '../hierarchy/helpers.js';
import {
  buildDistrict,
  communityStaff,
  type DistrictFixture,
  districtAdmin,
  insertService,
  insertVolunteer,
  residentId,
  TODAY,
  volunteerActor,
} from './certificate-fixture.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/volunteer-record-v1.schema.json', import.meta.url), 'utf8'),
) as object;
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajvFormats.default(ajv);
const validateAgainstSchema = ajv.compile(schema);

let a: DistrictFixture;
let b: DistrictFixture;
let wang: Volunteer;
const wangId = residentId('19920115', '317');

const transferIn = (fixture: DistrictFixture, actor: Actor) =>
  createVolunteerRecordTransfer(fixture.database, {
    actor,
    today: () => TODAY,
    now: () => new Date('2026-06-30T02:00:00.000Z'),
  });

/** Minutes in force of the volunteer with this ID number in a district. */
async function minutesInForce(fixture: DistrictFixture, name: string): Promise<number> {
  const [row] = await fixture.database.db
    .select({ total: sum(volunteerServices.minutes) })
    .from(volunteerServices)
    .innerJoin(
      volunteers,
      and(
        eq(volunteers.districtCode, volunteerServices.districtCode),
        eq(volunteers.id, volunteerServices.volunteerId),
      ),
    )
    .where(and(eq(volunteers.name, name), serviceInForce()));
  return Number(row?.total ?? 0);
}

/** A copy of the record with a change, and its digest made to fit (as another system would). */
function resigned(
  record: VolunteerRecordDocument,
  change: (copy: VolunteerRecordDocument) => void,
): VolunteerRecordDocument {
  const copy = structuredClone(record);
  change(copy);
  copy.digest = volunteerRecordDigest(copy);
  return copy;
}

beforeAll(async () => {
  a = await buildDistrict(await createTestDistrictDatabase({ districtCode: '320505' }), {
    district: '虎丘区',
    home: '狮山',
    other: '枫桥',
  });
  b = await buildDistrict(await createTestDistrictDatabase({ districtCode: '320506' }), {
    district: '吴中区',
    home: '长桥',
    other: '郭巷',
  });
  wang = await insertVolunteer(a, { name: '王建国', residentId: wangId });
  await insertService(a, wang, { day: '2026-02-03', from: '09:00', to: '11:30', minutes: 140 });
  await insertService(a, wang, { day: '2026-03-10', from: '13:00', to: '15:00' });
  await insertService(a, wang, { day: '2026-04-22', from: '19:00', to: '20:00', content: '夜间巡逻' });
});

afterAll(async () => {
  await a?.database.close();
  await b?.database.close();
});

describe(`the transfer format and import (${testDatabaseKind()})`, () => {
  let record: VolunteerRecordDocument;

  it('exports the record in the format, valid against its schema, the disclosure logged', async () => {
    record = await transferIn(a, communityStaff(a.home)).exportRecord({
      volunteerId: wang.id,
      purpose: 'DATA_SUBJECT_REQUEST',
      purposeNote: '本人迁居吴中区，申请转移志愿服务记录',
    });
    expect(validateAgainstSchema(record), JSON.stringify(validateAgainstSchema.errors)).toBe(true);
    expect(record).toMatchObject({
      format: 'sanshe.volunteer-record',
      version: 1,
      exportedAt: '2026-06-30T02:00:00.000Z',
      exportedBy: {
        system: 'sanshe',
        districtCode: '320505',
        districtName: '虎丘区',
        purpose: 'DATA_SUBJECT_REQUEST',
      },
      person: { name: '王建国', residentId: wangId, registeredOn: '2024-01-01', guardian: null },
      totalMinutes: 140 + 120 + 60,
    });
    expect(record.services.map((s) => [s.originRef.replace(/\d+$/, 'N'), s.startedAt, s.minutes])).toEqual([
      ['sanshe:320505:N', '2026-02-03T01:00:00.000Z', 140],
      ['sanshe:320505:N', '2026-03-10T05:00:00.000Z', 120],
      ['sanshe:320505:N', '2026-04-22T11:00:00.000Z', 60],
    ]);
    expect(record.digest).toBe(volunteerRecordDigest(record));
    const access = await a.database.db.select().from(personalDataAccessLog);
    expect(access).toMatchObject([
      { entityType: 'volunteer', entityId: wang.id, field: 'residentId', purpose: 'DATA_SUBJECT_REQUEST' },
    ]);
    const [audit] = await a.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'volunteer.export'));
    expect(JSON.stringify(audit)).not.toContain(wangId);
  });

  it('imports into another district with the same total; importing again changes nothing', async () => {
    const result = await transferIn(b, communityStaff(b.home)).importRecord({
      record,
      homeCommunityId: b.home.id,
    });
    expect(result).toMatchObject({ registered: true, imported: 3, alreadyPresent: 0, minutesAdded: 320 });
    expect(await minutesInForce(b, '王建国')).toBe(record.totalMinutes);
    expect(await minutesInForce(b, '王建国')).toBe(await minutesInForce(a, '王建国'));
    const [here] = await b.database.db.select().from(volunteers).where(eq(volunteers.name, '王建国'));
    expect([here!.homeCommunityId, here!.registeredOn, here!.residentIdMasked]).toEqual([
      b.home.id,
      TODAY,
      wang.residentIdMasked,
    ]);
    const services = await b.database.db
      .select()
      .from(volunteerServices)
      .where(eq(volunteerServices.volunteerId, here!.id));
    expect(services.map((s) => [s.certifierKind, s.certifierName, s.originRef, s.communityId])).toEqual(
      record.services.map((s) => ['imported', '狮山社区居民委员会', s.originRef, null]),
    );

    const before = await snapshotDatabase(b.database);
    const again = await transferIn(b, communityStaff(b.home)).importRecord({
      record,
      homeCommunityId: b.home.id,
    });
    expect(again).toMatchObject({ registered: false, imported: 0, alreadyPresent: 3, minutesAdded: 0 });
    expect(await snapshotDatabase(b.database)).toEqual(before);
  });

  it('refuses a changed record whole: a broken digest, or other content under a known origin', async () => {
    const staff = transferIn(b, communityStaff(b.home));
    const tampered = structuredClone(record);
    tampered.services[1]!.minutes = 110;
    tampered.totalMinutes -= 10;
    await expectRefused(
      b.database,
      () => staff.importRecord({ record: tampered, homeCommunityId: b.home.id }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'record', 'digest'],
      },
    );
    const resignedCopy = resigned(tampered, () => {});
    const refusal = await expectRefused(
      b.database,
      () => staff.importRecord({ record: resignedCopy, homeCommunityId: b.home.id }),
      { code: 'IMPORT_CONFLICT', path: ['input', 'record', 'services', 1] },
    );
    expect(refusal.details).toMatchObject({ originRef: record.services[1]!.originRef, fields: ['minutes'] });
  });

  it('refuses a service overlapping one in force here, naming both, and adds nothing of the rest', async () => {
    // Wang serves once more in A, and meanwhile B records a local service at an overlapping hour.
    await insertService(a, wang, { day: '2026-05-05', from: '09:00', to: '10:00' });
    await insertService(a, wang, { day: '2026-05-20', from: '09:00', to: '10:00' });
    const [here] = await b.database.db.select().from(volunteers).where(eq(volunteers.name, '王建国'));
    const local = await insertService(b, here!, { day: '2026-05-20', from: '09:30', to: '11:00' });
    const second = await transferIn(a, districtAdmin('320505')).exportRecord({
      volunteerId: wang.id,
      purpose: 'LEGAL_OBLIGATION',
    });
    expect(second.services).toHaveLength(5);
    const refusal = await expectRefused(
      b.database,
      () =>
        transferIn(b, communityStaff(b.home)).importRecord({ record: second, homeCommunityId: b.home.id }),
      { code: 'IMPORT_CONFLICT', path: ['input', 'record', 'services', 4] },
    );
    expect(refusal.details).toMatchObject({ originRef: second.services[4]!.originRef, serviceId: local.id });
  });

  it('a record that comes home is recognised as itself: nothing doubles', async () => {
    // Zhao moves from B to A and back.
    const zhao = await insertVolunteer(b, {
      name: '赵丽',
      residentId: residentId('19950808', '428', '320506'),
    });
    await insertService(b, zhao, { day: '2026-01-10', from: '10:00', to: '12:00' });
    const fromB = await transferIn(b, districtAdmin('320506')).exportRecord({
      volunteerId: zhao.id,
      purpose: 'LEGAL_OBLIGATION',
    });
    const intoA = await transferIn(a, communityStaff(a.other)).importRecord({
      record: fromB,
      homeCommunityId: a.other.id,
    });
    expect(intoA).toMatchObject({ registered: true, imported: 1, minutesAdded: 120 });
    await insertService(
      a,
      { ...zhao, id: intoA.volunteerId, districtCode: '320505' },
      {
        day: '2026-03-01',
        from: '09:00',
        to: '10:00',
        community: a.other,
      },
    );
    const fromA = await transferIn(a, districtAdmin('320505')).exportRecord({
      volunteerId: intoA.volunteerId,
      purpose: 'LEGAL_OBLIGATION',
    });
    // B's own record keeps its origin through A.
    expect(fromA.services[0]!.originRef).toBe(fromB.services[0]!.originRef);
    const home = await transferIn(b, districtAdmin('320506')).importRecord({
      record: fromA,
      homeCommunityId: b.home.id,
    });
    expect(home).toMatchObject({ registered: false, imported: 1, alreadyPresent: 1, minutesAdded: 60 });
    expect(await minutesInForce(b, '赵丽')).toBe(180);
    expect(await minutesInForce(a, '赵丽')).toBe(180);
  });

  it('refuses callers who may not move a record, changing nothing', async () => {
    const bystander = transferIn(a, communityStaff(a.other));
    await expectRefused(
      a.database,
      () => bystander.exportRecord({ volunteerId: wang.id, purpose: 'LEGAL_OBLIGATION' }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'volunteerId'],
      },
    );
    await expectRefused(
      a.database,
      () =>
        transferIn(a, { id: 'anonymous', role: 'PUBLIC' }).exportRecord({
          volunteerId: wang.id,
          purpose: 'LEGAL_OBLIGATION',
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    const himself = transferIn(a, volunteerActor(wang));
    await expectRefused(
      a.database,
      () => himself.exportRecord({ volunteerId: wang.id, purpose: 'LEGAL_OBLIGATION' }),
      {
        code: 'FORBIDDEN',
        path: ['input', 'purpose'],
      },
    );
    const own = await himself.exportRecord({ volunteerId: wang.id, purpose: 'DATA_SUBJECT_REQUEST' });
    expect(own.person.residentId).toBe(wangId);
    await expectRefused(
      b.database,
      () => transferIn(b, volunteerActor(wang)).importRecord({ record: own, homeCommunityId: b.home.id }),
      {
        code: 'FORBIDDEN',
        path: [],
      },
    );
    // Staff of a community outside the person's home here do not import onto it.
    await expectRefused(
      b.database,
      () => transferIn(b, communityStaff(b.other)).importRecord({ record: own, homeCommunityId: b.other.id }),
      { code: 'FORBIDDEN', path: ['input', 'record', 'person', 'residentId'] },
    );
    await expectRefused(
      b.database,
      () => transferIn(b, communityStaff(b.other)).importRecord({ record: own, homeCommunityId: b.home.id }),
      { code: 'FORBIDDEN', path: [] },
    );
  });

  it('checks a document as its JSON Schema does, naming the path of the first fault', async () => {
    const staff = transferIn(b, communityStaff(b.home));
    const before = await snapshotDatabase(b.database);
    // biome-ignore lint/suspicious/noExplicitAny: the faults reach into a document loosely, as a hand would
    const faults: [string, (copy: Record<string, any>) => void, (string | number)[]][] = [
      ['another format', (c) => (c.format = 'other'), ['format']],
      ['a later version', (c) => (c.version = 2), ['version']],
      [
        'a member the format does not have',
        (c) => (c.person.mobilePhone = '13800138000'),
        ['person', 'mobilePhone'],
      ],
      ['no person', (c) => delete c.person, ['person']],
      ['zero minutes', (c) => (c.services[0].minutes = 0), ['services', 0, 'minutes']],
      ['fractional minutes', (c) => (c.services[0].minutes = 1.5), ['services', 0, 'minutes']],
      [
        'an origin without its system',
        (c) => (c.services[2].originRef = '320505:17'),
        ['services', 2, 'originRef'],
      ],
      [
        'a time without offset',
        (c) => (c.services[1].startedAt = '2026-03-10T13:00:00'),
        ['services', 1, 'startedAt'],
      ],
      [
        'an evaluation without rating',
        (c) => c.evaluations.push({ title: '年度评价', issuer: '狮山社区', occurredOn: '2026-01-05' }),
        ['evaluations', 0, 'rating'],
      ],
      ['a malformed ID number', (c) => (c.person.residentId = '32050519920115317'), ['person', 'residentId']],
    ];
    for (const [what, change, path] of faults) {
      const copy = resigned(record, change as never);
      expect(validateAgainstSchema(copy), what).toBe(false);
      expect(() => parseVolunteerRecord(copy), what).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', path: ['input', 'record', ...path] }),
      );
      await expectRefused(
        b.database,
        () => staff.importRecord({ record: copy, homeCommunityId: b.home.id }),
        {
          code: 'VALIDATION_FAILED',
          path: ['input', 'record', ...path],
        },
        before,
      );
    }
    // What a schema cannot say: a service ending after today, a wrong check character.
    await expectRefused(
      b.database,
      () =>
        staff.importRecord({
          record: resigned(record, (c) => {
            c.services[2]!.endedAt = '2026-07-01T01:00:00.000Z';
          }),
          homeCommunityId: b.home.id,
        }),
      { code: 'DATE_IN_FUTURE', path: ['input', 'record', 'services', 2, 'endedAt'] },
      before,
    );
    const wrongCheck = `${wangId.slice(0, 17)}${wangId.endsWith('0') ? '1' : '0'}`;
    const misnumbered = resigned(record, (c) => {
      c.person.residentId = wrongCheck;
    });
    expect(validateAgainstSchema(misnumbered)).toBe(true);
    await expectRefused(
      b.database,
      () => staff.importRecord({ record: misnumbered, homeCommunityId: b.home.id }),
      {
        code: 'INVALID_RESIDENT_ID',
        path: ['input', 'record', 'person', 'residentId'],
      },
      before,
    );
  });
});
