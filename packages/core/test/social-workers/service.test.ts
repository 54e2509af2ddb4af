/**
 * The social-worker service's writes and reads that succeed (social-worker-service.ts), each with
 * its audit row, on a worker followed through the life docs/domain.md §4 describes: recorded,
 * certified, registered, trained, renewed, employed.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/audit/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import type { Community, SocialOrganization, SocialWorker } from '../../src/schema/index.js';
import { socialWorkers } from '../../src/schema/index.js';
import {
  certifiedOnCondition,
  isCertifiedOn,
  type SocialWorkerService,
} from '../../src/social-workers/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import {
  ACTOR,
  buildHierarchy,
  clock,
  DISTRICT,
  insertOrganization,
  residentId,
  residentIdEndingInX,
  workerServiceFor,
} from './helpers.js';

let database: DistrictDatabase;
let service: SocialWorkerService;
const time = clock('2021-06-01');
let shishan: Community;
let agency: SocialOrganization;

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  service = workerServiceFor(database, time.today);
  ({ shishan } = await buildHierarchy(database));
  agency = await insertOrganization(database, {
    name: '虎丘区启航社会工作服务中心',
    registeredOn: '2015-04-01',
  });
});

afterAll(async () => {
  await database?.close();
});

/** The worker's identifiers in clear, as the system unmasks them (logged like any unmasking). */
function reveal(workerId: number) {
  return service.revealIdentifiers({
    workerId,
    fields: ['residentId', 'mobilePhone'],
    purpose: 'IDENTITY_VERIFICATION',
  });
}

async function auditOf(entityType: string, entityId: number) {
  return readAuditLog(database.db, DISTRICT, { entityType, entityId });
}

describe('registerWorker (docs/domain.md §4 people; §9 personal data)', () => {
  let worker: SocialWorker;
  const id = residentIdEndingInX('19880412');

  beforeAll(async () => {
    worker = await service.registerWorker({
      name: ' 王晓燕 ',
      residentId: id.toLowerCase(),
      mobilePhone: '+86 138-1234-5678',
    });
  });

  it('stores the trimmed name, the ID with an upper-case X and the bare 11-digit mobile number, sealed', async () => {
    expect(worker).toMatchObject({
      districtCode: DISTRICT,
      name: '王晓燕',
      residentIdMasked: `${id.slice(0, 4)}**********${id.slice(-4)}`,
      mobilePhoneMasked: '138****5678',
      version: 1,
    });
    expect(worker.residentIdEncrypted).toMatch(/^v1:dev:/);
    expect(await reveal(worker.id)).toMatchObject({ residentId: id, mobilePhone: '13812345678' });
  });

  it('audits social_worker.register as the actor, with the personal fields masked', async () => {
    const [entry] = await auditOf('social_worker', worker.id);
    expect(entry).toMatchObject({
      action: 'social_worker.register',
      actorId: ACTOR.id,
      actorRole: ACTOR.role,
    });
    expect(entry!.after).toMatchObject({
      name: '王晓燕',
      residentIdMasked: `${id.slice(0, 4)}**********${id.slice(-4)}`,
      mobilePhoneMasked: '138****5678',
    });
    // Neither the clear value nor its ciphertext or keyed hash: the log keeps the masked form.
    expect(Object.keys(entry!.after as object).filter((key) => /Encrypted|Hash/.test(key))).toEqual([]);
    expect(JSON.stringify(entry)).not.toContain(id.slice(4, 14));
  });

  it('GB 11643: a legacy 15-digit number is stored in its 18-character form, and found by either', async () => {
    const upgraded = residentId('19650809', '123');
    const legacy = `${upgraded.slice(0, 6)}${upgraded.slice(8, 17)}`;
    const older = await service.registerWorker({ name: '李建国', residentId: legacy });
    expect((await reveal(older.id)).residentId).toBe(upgraded);
    expect(older.mobilePhoneMasked).toBeNull();
    expect(older.mobilePhoneEncrypted).toBeNull();
    expect((await service.findByResidentId(legacy))?.id).toBe(older.id);
    expect((await service.findByResidentId(upgraded))?.id).toBe(older.id);
  });

  it('getWorker and findByResidentId (lower-case x) find the worker; unknown ones are undefined', async () => {
    expect(await service.getWorker(worker.id)).toEqual(worker);
    expect((await service.findByResidentId(id.toLowerCase()))?.id).toBe(worker.id);
    expect(await service.getWorker(999_999)).toBeUndefined();
    expect(await service.getWorker(0)).toBeUndefined();
    expect(await service.findByResidentId(residentId('19900101', '001'))).toBeUndefined();
  });
});

describe('updateWorker', () => {
  it('changes the name and the mobile number, bumps the version, and audits before and after', async () => {
    const worker = await service.registerWorker({ name: '陈静', residentId: residentId('19920203', '024') });
    const renamed = await service.updateWorker({
      id: worker.id,
      expectedVersion: 1,
      name: '陈静怡',
      mobilePhone: '13912345678',
    });
    expect(renamed).toMatchObject({ name: '陈静怡', mobilePhoneMasked: '139****5678', version: 2 });
    expect((await reveal(worker.id)).mobilePhone).toBe('13912345678');
    expect(renamed.residentIdEncrypted).toBe(worker.residentIdEncrypted);
    const cleared = await service.updateWorker({ id: worker.id, mobilePhone: null });
    expect(cleared).toMatchObject({
      name: '陈静怡',
      mobilePhoneEncrypted: null,
      mobilePhoneHash: null,
      mobilePhoneMasked: null,
      version: 3,
    });
    const [last, first] = await auditOf('social_worker', worker.id).then((rows) => rows.slice(0, 2));
    expect(last).toMatchObject({
      action: 'social_worker.update',
      before: { mobilePhoneMasked: '139****5678', version: 2 },
      after: { mobilePhoneMasked: null, version: 3 },
    });
    expect(first).toMatchObject({
      action: 'social_worker.update',
      before: { name: '陈静' },
      after: { name: '陈静怡' },
    });
  });

  it('the resident ID is not changed here: an extra residentId field is ignored', async () => {
    const worker = await service.registerWorker({ name: '吴刚', residentId: residentId('19830303', '031') });
    const sneaky = { id: worker.id, name: '吴刚强', residentId: residentId('19830303', '999') };
    const updated = await service.updateWorker(sneaky as Parameters<SocialWorkerService['updateWorker']>[0]);
    expect(updated).toMatchObject({ name: '吴刚强', residentIdHash: worker.residentIdHash });
  });
});

describe('a worker certified, registered, trained and renewed (社会工作者职业水平证书登记办法)', () => {
  let worker: SocialWorker;
  let certificateId: number;

  beforeAll(async () => {
    worker = await service.registerWorker({ name: '周敏', residentId: residentId('19900715', '046') });
  });

  it('addCertificate stores the level, the upper-cased number and the pass date, audited', async () => {
    const certificate = await service.addCertificate({
      workerId: worker.id,
      level: 'intermediate',
      certificateNumber: ' ss-2021-0032 ',
      passedOn: '2021-06-01',
    });
    certificateId = certificate.id;
    expect(certificate).toMatchObject({
      workerId: worker.id,
      level: 'intermediate',
      certificateNumber: 'SS-2021-0032',
      passedOn: '2021-06-01',
    });
    expect((await auditOf('social_work_certificate', certificate.id))[0]).toMatchObject({
      action: 'certificate.add',
      after: { certificateNumber: 'SS-2021-0032' },
    });
  });

  it('registerCertificate: valid 3 years from the registration day, with the rule source, audited', async () => {
    time.set('2022-03-01');
    const first = await service.registerCertificate({ certificateId });
    expect(first).toMatchObject({
      kind: 'first',
      registeredOn: '2022-03-01',
      validFrom: '2022-03-01',
      validUntil: '2025-02-28',
      continuingEducationHours: null,
      requiredHours: null,
      policySource: '社会工作者职业水平证书登记办法 (national default)',
    });
    expect((await auditOf('certificate_registration', first.id))[0]).toMatchObject({
      action: 'certificate.register',
      actorId: ACTOR.id,
    });
  });

  it('recordContinuingEducation stores hours to one decimal, audited', async () => {
    time.set('2024-12-01');
    const records = [
      await service.recordContinuingEducation({
        workerId: worker.id,
        hours: 40.5,
        completedOn: '2022-09-10',
        provider: '江苏省社会工作协会',
        course: '社区社会工作实务',
      }),
      await service.recordContinuingEducation({
        workerId: worker.id,
        hours: 49.5,
        completedOn: '2024-11-30',
        provider: '苏州市社会工作协会',
        course: '个案管理与督导',
      }),
      // Before the registration period: recorded, but it does not count for this renewal.
      await service.recordContinuingEducation({
        workerId: worker.id,
        hours: 12,
        completedOn: '2021-12-01',
        provider: '苏州市社会工作协会',
        course: '社会工作伦理',
      }),
    ];
    expect(records[0]).toMatchObject({
      hours: 40.5,
      completedOn: '2022-09-10',
      provider: '江苏省社会工作协会',
    });
    expect((await auditOf('continuing_education_record', records[1]!.id))[0]).toMatchObject({
      action: 'continuing_education.record',
      after: { hours: 49.5 },
    });
    expect((await service.continuingEducationOf(worker.id)).map((r) => r.completedOn)).toEqual([
      '2021-12-01',
      '2022-09-10',
      '2024-11-30',
    ]);
  });

  it('renewRegistration in the window with 90 hours: the next period follows, hours and source stored, audited', async () => {
    time.set('2025-01-10');
    const renewal = await service.renewRegistration({ certificateId });
    expect(renewal).toMatchObject({
      kind: 'renewal',
      registeredOn: '2025-01-10',
      validFrom: '2025-03-01',
      validUntil: '2028-02-29',
      continuingEducationHours: 90,
      requiredHours: 90,
      policySource: '社会工作者继续教育办法 (national default)',
    });
    expect((await auditOf('certificate_registration', renewal.id))[0]).toMatchObject({
      action: 'certificate.renew',
      before: { validUntil: '2025-02-28' },
      after: {
        validFrom: '2025-03-01',
        policyUnitCode: DISTRICT,
        registrationRulesSource: '社会工作者职业水平证书登记办法 (national default)',
      },
    });
  });

  it('certificationOf returns the certificates with their registrations, fit for isCertifiedOn', async () => {
    const certification = await service.certificationOf(worker.id);
    expect(certification.workerId).toBe(worker.id);
    expect(certification.certificates).toHaveLength(1);
    expect(
      certification.certificates[0]!.registrations.map((r) => [r.kind, r.validFrom, r.validUntil]),
    ).toEqual([
      ['first', '2022-03-01', '2025-02-28'],
      ['renewal', '2025-03-01', '2028-02-29'],
    ]);
    expect(isCertifiedOn(certification, '2028-02-29')).toBe(true);
    expect(isCertifiedOn(certification, '2028-03-01')).toBe(false);
  });

  it('isWorkerCertifiedOn: not before the first registration, certified through it and the renewal', async () => {
    expect(await service.isWorkerCertifiedOn(worker.id, '2022-02-28')).toBe(false);
    expect(await service.isWorkerCertifiedOn(worker.id, '2022-03-01')).toBe(true);
    expect(await service.isWorkerCertifiedOn(worker.id, '2025-03-01')).toBe(true);
    expect(await service.isWorkerCertifiedOn(worker.id, '2028-03-01')).toBe(false);
  });

  it('certifiedOnCondition (SQL) agrees with isCertifiedOn on the boundaries', async () => {
    const certification = await service.certificationOf(worker.id);
    for (const day of ['2022-02-28', '2022-03-01', '2025-02-28', '2025-03-01', '2028-02-29', '2028-03-01']) {
      const rows = await database.db
        .select({ id: socialWorkers.id })
        .from(socialWorkers)
        .where(
          and(
            eq(socialWorkers.districtCode, DISTRICT),
            eq(socialWorkers.id, worker.id),
            certifiedOnCondition(socialWorkers, day),
          ),
        );
      expect(rows.length === 1, day).toBe(isCertifiedOn(certification, day));
    }
  });
});

describe('posts (docs/domain.md §4: employment by an agency, another organization or a community)', () => {
  let worker: SocialWorker;

  beforeAll(async () => {
    time.set('2025-06-01');
    worker = await service.registerWorker({ name: '赵磊', residentId: residentId('19870101', '017') });
  });

  it('startPost at an organization and at a community; adjacent full-time posts do not overlap', async () => {
    const atAgency = await service.startPost({
      workerId: worker.id,
      organizationId: agency.id,
      title: '项目社工',
      fullTime: true,
      startsOn: '2020-03-01',
      endsOn: '2024-12-31',
    });
    expect(atAgency).toMatchObject({
      organizationId: agency.id,
      communityId: null,
      fullTime: true,
      startsOn: '2020-03-01',
      endsOn: '2024-12-31',
      version: 1,
    });
    const atCommunity = await service.startPost({
      workerId: worker.id,
      communityId: shishan.id,
      title: '社区专职社工',
      fullTime: true,
      startsOn: '2025-01-01',
    });
    expect(atCommunity).toMatchObject({ communityId: shishan.id, organizationId: null, endsOn: null });
    expect((await auditOf('social_worker_post', atCommunity.id))[0]).toMatchObject({
      action: 'post.start',
      after: { title: '社区专职社工' },
    });
  });

  it('a part-time post may overlap a full-time one; startsOn defaults to today', async () => {
    const partTime = await service.startPost({
      workerId: worker.id,
      organizationId: agency.id,
      title: '督导',
      fullTime: false,
    });
    expect(partTime).toMatchObject({ fullTime: false, startsOn: '2025-06-01', endsOn: null });
  });

  it('endPost sets the last day, bumps the version and audits before and after', async () => {
    const [, current] = await service.postsOf(worker.id);
    expect(current).toMatchObject({ title: '社区专职社工', endsOn: null });
    const ended = await service.endPost({ postId: current!.id, endsOn: '2025-05-31', expectedVersion: 1 });
    expect(ended).toMatchObject({ endsOn: '2025-05-31', version: 2 });
    expect((await auditOf('social_worker_post', current!.id))[0]).toMatchObject({
      action: 'post.end',
      before: { endsOn: null },
      after: { endsOn: '2025-05-31' },
    });
  });

  it('a post that ends on its first day is allowed (periods are inclusive)', async () => {
    const oneDay = await service.startPost({
      workerId: worker.id,
      communityId: shishan.id,
      title: '活动支援',
      fullTime: false,
      startsOn: '2025-05-01',
    });
    expect((await service.endPost({ postId: oneDay.id, endsOn: '2025-05-01' })).endsOn).toBe('2025-05-01');
  });

  it('postsOf lists the posts by start date', async () => {
    expect((await service.postsOf(worker.id)).map((p) => [p.title, p.startsOn, p.endsOn])).toEqual([
      ['项目社工', '2020-03-01', '2024-12-31'],
      ['社区专职社工', '2025-01-01', '2025-05-31'],
      ['活动支援', '2025-05-01', '2025-05-01'],
      ['督导', '2025-06-01', null],
    ]);
  });
});
