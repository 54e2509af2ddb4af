/**
 * Every write of the social-worker service refuses bad input with a typed SansheError (code and
 * path) and changes nothing: a full snapshot of the database is compared before and after
 * (expectRefused, test/hierarchy/helpers.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import type {
  Community,
  SocialOrganization,
  SocialWorkCertificate,
  SocialWorker,
  SocialWorkerPost,
} from '../../src/schema/index.js';
import type { SocialWorkerService } from '../../src/social-workers/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import {
  buildHierarchy,
  clock,
  DISTRICT,
  type ExpectedRefusal,
  expectRefused as expectRefusedFrom,
  insertOrganization,
  residentId,
  residentIdEndingInX,
  workerServiceFor,
} from './helpers.js';

let database: DistrictDatabase;
let service: SocialWorkerService;
const TODAY = '2025-06-01';
const time = clock(TODAY);

// The fixture, filled in beforeAll; names say what each record is for.
const WORKER_ID = residentIdEndingInX('19800220');
let worker: SocialWorker;
let otherWorker: SocialWorker;
let registered: SocialWorkCertificate;
let neverRegistered: SocialWorkCertificate;
let expiredUnregistered: SocialWorkCertificate;
let fullTimePost: SocialWorkerPost;
let endedPost: SocialWorkerPost;
let openPost: SocialWorkerPost;
let shishan: Community;
let retiredCommunity: Community;
let lateCommunity: Community;
let agency: SocialOrganization;
let deregistered: SocialOrganization;
let youngAgency: SocialOrganization;

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  service = workerServiceFor(database, time.today);
  ({ shishan, retiredCommunity, lateCommunity } = await buildHierarchy(database));
  agency = await insertOrganization(database, { name: '启航社工服务中心', registeredOn: '2015-01-01' });
  deregistered = await insertOrganization(database, {
    name: '已注销社工服务社',
    registeredOn: '2012-01-01',
    deregisteredOn: '2023-06-30',
  });
  youngAgency = await insertOrganization(database, { name: '新成立社工站', registeredOn: '2025-01-01' });

  worker = await service.registerWorker({ name: '孙丽', residentId: WORKER_ID, mobilePhone: '13800001111' });
  await service.updateWorker({ id: worker.id, name: '孙丽华' });
  worker = (await service.getWorker(worker.id))!;
  otherWorker = await service.registerWorker({ name: '钱程', residentId: residentId('19910303', '035') });

  // Registered 2022-09-01, valid until 2025-08-31: the renewal window opens 2025-06-01 (today).
  time.set('2022-09-01');
  registered = await service.addCertificate({
    workerId: worker.id,
    level: 'intermediate',
    certificateNumber: 'ZJ-2022-0001',
    passedOn: '2022-06-15',
  });
  await service.registerCertificate({ certificateId: registered.id });
  time.set(TODAY);
  await service.recordContinuingEducation({
    workerId: worker.id,
    hours: 60,
    completedOn: '2024-01-15',
    provider: '苏州市社会工作协会',
    course: '社区治理',
  });
  neverRegistered = await service.addCertificate({
    workerId: worker.id,
    level: 'assistant',
    certificateNumber: 'ZL-2025-0007',
    passedOn: '2025-03-10',
  });
  expiredUnregistered = await service.addCertificate({
    workerId: otherWorker.id,
    level: 'senior',
    certificateNumber: 'GJ-2023-0002',
    passedOn: '2023-05-01',
  });
  fullTimePost = await service.startPost({
    workerId: worker.id,
    organizationId: agency.id,
    title: '项目主管',
    fullTime: true,
    startsOn: '2023-01-01',
    endsOn: '2025-12-31',
  });
  endedPost = await service.startPost({
    workerId: worker.id,
    communityId: shishan.id,
    title: '兼职督导',
    fullTime: false,
    startsOn: '2021-01-01',
    endsOn: '2022-12-31',
  });
  openPost = await service.startPost({
    workerId: otherWorker.id,
    communityId: shishan.id,
    title: '社区社工',
    fullTime: true,
    startsOn: '2025-01-01',
  });
});

/** Every test here is a refusal: the state after the fixture is the state before each test. */
let baseline: Record<string, unknown[]>;
beforeAll(async () => {
  baseline = await snapshotDatabase(database);
});

function expectRefused(action: () => Promise<unknown>, expected: ExpectedRefusal) {
  return expectRefusedFrom(database, action, expected, baseline);
}

afterAll(async () => {
  await database?.close();
});

const input = (field: string) => ['input', field];
const badIds: [string, unknown][] = [
  ['no such id', 999_999],
  ['zero', 0],
  ['negative', -1],
  ['a fraction', 1.5],
  ['beyond 32 bits', 2 ** 31],
  ['a string', '1'],
];

describe('registerWorker', () => {
  const valid = () => ({ name: '新社工', residentId: residentId('19930909', '057') });

  it.each([
    ['a wrong check character', `${WORKER_ID.slice(0, 17)}${WORKER_ID.endsWith('1') ? '2' : '1'}`],
    ['17 characters', WORKER_ID.slice(0, 17)],
    ['letters', 'ABCDEFGHIJKLMNOPQR'],
    ['a birth date after today', residentId('20250602', '001')],
    ['30 February', residentId('19900230', '001')],
    ['an unknown province', residentId('19900101', '001', '990505')],
    ['empty', ''],
  ])('GB 11643: refuses %s as INVALID_RESIDENT_ID', async (_, id) => {
    await expectRefused(() => service.registerWorker({ ...valid(), residentId: id }), {
      code: 'INVALID_RESIDENT_ID',
      path: input('residentId'),
    });
  });

  it.each([
    ['the same number', WORKER_ID],
    ['the same number with a lower-case x', WORKER_ID.toLowerCase()],
    ['the legacy 15-digit form of the number', `${residentId('19910303', '035').slice(0, 6)}910303035`],
  ])('social_workers_resident_id_unique: %s is DUPLICATE_RECORD', async (_, id) => {
    const error = await expectRefused(() => service.registerWorker({ ...valid(), residentId: id }), {
      code: 'DUPLICATE_RECORD',
      path: input('residentId'),
    });
    // docs/domain.md §9: the number is personal data and stays out of the message.
    expect(error.message).not.toContain(WORKER_ID.slice(6, 14));
  });

  it('refuses an empty name (INVALID_NAME) and a bad mobile number (INVALID_MOBILE_PHONE)', async () => {
    await expectRefused(() => service.registerWorker({ ...valid(), name: '  ' }), {
      code: 'INVALID_NAME',
      path: input('name'),
    });
    await expectRefused(() => service.registerWorker({ ...valid(), mobilePhone: '12345678901' }), {
      code: 'INVALID_MOBILE_PHONE',
      path: input('mobilePhone'),
    });
  });
});

describe('updateWorker', () => {
  it.each(badIds)('%s: NOT_FOUND', async (_, id) => {
    await expectRefused(() => service.updateWorker({ id: id as number, name: '某某' }), {
      code: 'NOT_FOUND',
      path: input('id'),
    });
  });

  it('a stale expectedVersion: VERSION_CONFLICT with the version now stored', async () => {
    await expectRefused(() => service.updateWorker({ id: worker.id, expectedVersion: 1, name: '孙丽' }), {
      code: 'VERSION_CONFLICT',
      path: input('expectedVersion'),
      details: { currentVersion: 2 },
    });
  });

  it('nothing to change: VALIDATION_FAILED; a bad name or number: their own codes', async () => {
    await expectRefused(() => service.updateWorker({ id: worker.id }), {
      code: 'VALIDATION_FAILED',
      path: ['input'],
    });
    await expectRefused(() => service.updateWorker({ id: worker.id, name: '' }), {
      code: 'INVALID_NAME',
      path: input('name'),
    });
    await expectRefused(() => service.updateWorker({ id: worker.id, mobilePhone: '1380000' }), {
      code: 'INVALID_MOBILE_PHONE',
      path: input('mobilePhone'),
    });
  });
});

describe('addCertificate', () => {
  const valid = () => ({
    workerId: otherWorker.id,
    level: 'intermediate' as const,
    certificateNumber: 'ZJ-2024-0100',
    passedOn: '2024-06-01',
  });

  it.each(badIds)('worker %s: NOT_FOUND', async (_, id) => {
    await expectRefused(() => service.addCertificate({ ...valid(), workerId: id as number }), {
      code: 'NOT_FOUND',
      path: input('workerId'),
    });
  });

  it.each(['expert', '', 'Intermediate'])('level "%s": INVALID_CODE_LIST_VALUE', async (level) => {
    await expectRefused(() => service.addCertificate({ ...valid(), level: level as 'senior' }), {
      code: 'INVALID_CODE_LIST_VALUE',
      path: input('level'),
    });
  });

  it.each([
    ['3 characters', 'ZJ1'],
    ['33 characters', 'A'.repeat(33)],
    ['a space inside', 'ZJ 2024'],
    ['a slash', 'ZJ/2024'],
    ['Chinese characters', '证书编号一二'],
  ])('certificate number with %s: VALIDATION_FAILED', async (_, certificateNumber) => {
    await expectRefused(() => service.addCertificate({ ...valid(), certificateNumber }), {
      code: 'VALIDATION_FAILED',
      path: input('certificateNumber'),
    });
  });

  it.each([
    ['the same number', 'ZJ-2022-0001'],
    ['the same number in lower case', 'zj-2022-0001'],
  ])('%s as another certificate: DUPLICATE_RECORD', async (_, certificateNumber) => {
    await expectRefused(() => service.addCertificate({ ...valid(), certificateNumber }), {
      code: 'DUPLICATE_RECORD',
      path: input('certificateNumber'),
    });
  });

  it('a second certificate of a level the worker holds: DUPLICATE_RECORD on the level', async () => {
    await expectRefused(() => service.addCertificate({ ...valid(), workerId: worker.id }), {
      code: 'DUPLICATE_RECORD',
      path: input('level'),
    });
  });

  it.each([
    ['tomorrow', '2025-06-02', 'DATE_IN_FUTURE'],
    ['a malformed date', '2024/06/01', 'INVALID_DATE'],
    ['30 February', '2024-02-30', 'INVALID_DATE'],
  ] as const)('pass date %s: %s', async (_, passedOn, code) => {
    await expectRefused(() => service.addCertificate({ ...valid(), passedOn }), {
      code,
      path: input('passedOn'),
    });
  });
});

describe('registerCertificate (社会工作者职业水平证书登记办法)', () => {
  it.each(badIds)('certificate %s: NOT_FOUND', async (_, id) => {
    await expectRefused(() => service.registerCertificate({ certificateId: id as number }), {
      code: 'NOT_FOUND',
      path: input('certificateId'),
    });
  });

  it('a certificate already registered: ALREADY_REGISTERED', async () => {
    await expectRefused(() => service.registerCertificate({ certificateId: registered.id }), {
      code: 'ALREADY_REGISTERED',
      path: input('certificateId'),
    });
  });

  it('registered before it was passed: INVALID_DATE_RANGE', async () => {
    await expectRefused(
      () => service.registerCertificate({ certificateId: neverRegistered.id, registeredOn: '2025-03-09' }),
      { code: 'INVALID_DATE_RANGE', path: input('registeredOn') },
    );
  });

  it('more than a year after passing: REGISTRATION_DEADLINE_PASSED with the deadline', async () => {
    await expectRefused(() => service.registerCertificate({ certificateId: expiredUnregistered.id }), {
      code: 'REGISTRATION_DEADLINE_PASSED',
      path: input('registeredOn'),
      details: { passedOn: '2023-05-01', deadline: '2024-05-01' },
    });
  });

  it('a registration day in the future (DATE_IN_FUTURE) or malformed (INVALID_DATE)', async () => {
    for (const [registeredOn, code] of [
      ['2025-06-02', 'DATE_IN_FUTURE'],
      ['01.06.2025', 'INVALID_DATE'],
    ] as const) {
      await expectRefused(
        () => service.registerCertificate({ certificateId: neverRegistered.id, registeredOn }),
        { code, path: input('registeredOn') },
      );
    }
  });
});

describe('renewRegistration (社会工作者职业水平证书登记办法; 社会工作者继续教育办法)', () => {
  it.each(badIds)('certificate %s: NOT_FOUND', async (_, id) => {
    await expectRefused(() => service.renewRegistration({ certificateId: id as number }), {
      code: 'NOT_FOUND',
      path: input('certificateId'),
    });
  });

  it('a certificate never registered: NOT_REGISTERED', async () => {
    await expectRefused(() => service.renewRegistration({ certificateId: neverRegistered.id }), {
      code: 'NOT_REGISTERED',
      path: input('certificateId'),
    });
  });

  it('the day before the window opens: OUTSIDE_RENEWAL_WINDOW with the window', async () => {
    await expectRefused(
      () => service.renewRegistration({ certificateId: registered.id, registeredOn: '2025-05-31' }),
      {
        code: 'OUTSIDE_RENEWAL_WINDOW',
        path: input('registeredOn'),
        details: { windowStart: '2025-06-01', windowEnd: '2025-08-31', lapsed: false },
      },
    );
  });

  it('in the window with 60 of the 90 hours an intermediate needs: INSUFFICIENT_CE_HOURS', async () => {
    await expectRefused(() => service.renewRegistration({ certificateId: registered.id }), {
      code: 'INSUFFICIENT_CE_HOURS',
      path: input('certificateId'),
      details: { required: 90, completed: 60, source: '社会工作者继续教育办法 (national default)' },
    });
  });

  it('after the registration lapsed: OUTSIDE_RENEWAL_WINDOW, saying it lapsed', async () => {
    time.set('2025-09-01');
    try {
      const error = await expectRefused(() => service.renewRegistration({ certificateId: registered.id }), {
        code: 'OUTSIDE_RENEWAL_WINDOW',
        path: input('registeredOn'),
        details: { windowEnd: '2025-08-31', lapsed: true },
      });
      expect(error.message).toMatch(/lapsed after 2025-08-31/);
    } finally {
      time.set(TODAY);
    }
  });

  it('a renewal day in the future: DATE_IN_FUTURE', async () => {
    await expectRefused(
      () => service.renewRegistration({ certificateId: registered.id, registeredOn: '2025-07-01' }),
      {
        code: 'DATE_IN_FUTURE',
        path: input('registeredOn'),
      },
    );
  });
});

describe('recordContinuingEducation (社会工作者继续教育办法)', () => {
  const valid = () => ({
    workerId: worker.id,
    hours: 8,
    completedOn: '2025-05-20',
    provider: '苏州市社会工作协会',
    course: '儿童保护',
  });

  it.each(badIds)('worker %s: NOT_FOUND', async (_, id) => {
    await expectRefused(() => service.recordContinuingEducation({ ...valid(), workerId: id as number }), {
      code: 'NOT_FOUND',
      path: input('workerId'),
    });
  });

  it.each([0, -1, 200.1, 1.25, Number.NaN, Number.POSITIVE_INFINITY, '8'])(
    'hours %s: INVALID_NUMBER',
    async (hours) => {
      await expectRefused(() => service.recordContinuingEducation({ ...valid(), hours: hours as number }), {
        code: 'INVALID_NUMBER',
        path: input('hours'),
      });
    },
  );

  it('hours completed in the future (DATE_IN_FUTURE) or on a malformed date (INVALID_DATE)', async () => {
    for (const [completedOn, code] of [
      ['2025-06-02', 'DATE_IN_FUTURE'],
      ['2025-13-01', 'INVALID_DATE'],
    ] as const) {
      await expectRefused(() => service.recordContinuingEducation({ ...valid(), completedOn }), {
        code,
        path: input('completedOn'),
      });
    }
  });

  it('an empty provider (INVALID_NAME); an empty or too long course (VALIDATION_FAILED), a multi-line one (INVALID_TEXT)', async () => {
    await expectRefused(() => service.recordContinuingEducation({ ...valid(), provider: '' }), {
      code: 'INVALID_NAME',
      path: input('provider'),
    });
    for (const [course, code] of [
      ['', 'VALIDATION_FAILED'],
      ['课'.repeat(201), 'VALIDATION_FAILED'],
      ['第一讲\n第二讲', 'INVALID_TEXT'],
    ] as const) {
      await expectRefused(() => service.recordContinuingEducation({ ...valid(), course }), {
        code,
        path: input('course'),
      });
    }
  });
});

describe('startPost (docs/domain.md §4: posts are time-bounded; one full-time post at a time)', () => {
  const valid = () => ({
    workerId: worker.id,
    communityId: shishan.id as number | null,
    title: '社区社工',
    fullTime: true,
    startsOn: '2026-01-01',
  });

  it.each(badIds)('worker %s: NOT_FOUND', async (_, id) => {
    await expectRefused(() => service.startPost({ ...valid(), workerId: id as number }), {
      code: 'NOT_FOUND',
      path: input('workerId'),
    });
  });

  it('no employer, or both an organization and a community: VALIDATION_FAILED', async () => {
    await expectRefused(() => service.startPost({ ...valid(), communityId: null }), {
      code: 'VALIDATION_FAILED',
      path: input('organizationId'),
    });
    await expectRefused(() => service.startPost({ ...valid(), organizationId: agency.id }), {
      code: 'VALIDATION_FAILED',
      path: input('organizationId'),
    });
  });

  it('an organization or a community that does not exist: NOT_FOUND on its field', async () => {
    await expectRefused(() => service.startPost({ ...valid(), communityId: null, organizationId: 999_999 }), {
      code: 'NOT_FOUND',
      path: input('organizationId'),
    });
    await expectRefused(() => service.startPost({ ...valid(), communityId: 999_999 }), {
      code: 'NOT_FOUND',
      path: input('communityId'),
    });
  });

  it('a deregistered organization takes no posts, even backdated ones: ORGANIZATION_INACTIVE', async () => {
    for (const startsOn of ['2026-01-01', '2020-01-01']) {
      await expectRefused(
        () => service.startPost({ ...valid(), communityId: null, organizationId: deregistered.id, startsOn }),
        { code: 'ORGANIZATION_INACTIVE', path: input('organizationId') },
      );
    }
  });

  it('a post starting before its organization was registered: ORGANIZATION_INACTIVE', async () => {
    await expectRefused(
      () =>
        service.startPost({
          ...valid(),
          communityId: null,
          organizationId: youngAgency.id,
          startsOn: '2024-12-31',
        }),
      { code: 'ORGANIZATION_INACTIVE', path: input('startsOn') },
    );
  });

  it('a retired community, or one not yet in force on the start day: PARENT_RETIRED', async () => {
    await expectRefused(
      () => service.startPost({ ...valid(), communityId: retiredCommunity.id, startsOn: '2019-01-01' }),
      {
        code: 'PARENT_RETIRED',
        path: input('communityId'),
      },
    );
    await expectRefused(
      () => service.startPost({ ...valid(), communityId: lateCommunity.id, startsOn: '2025-02-28' }),
      {
        code: 'PARENT_RETIRED',
        path: input('startsOn'),
      },
    );
  });

  it('ending before it starts: INVALID_DATE_RANGE; malformed dates: INVALID_DATE', async () => {
    await expectRefused(() => service.startPost({ ...valid(), endsOn: '2025-12-31' }), {
      code: 'INVALID_DATE_RANGE',
      path: input('endsOn'),
    });
    await expectRefused(() => service.startPost({ ...valid(), startsOn: '2026-02-30' }), {
      code: 'INVALID_DATE',
      path: input('startsOn'),
    });
    await expectRefused(() => service.startPost({ ...valid(), endsOn: 'soon' }), {
      code: 'INVALID_DATE',
      path: input('endsOn'),
    });
  });

  it.each([
    ['inside the other post', '2024-01-01', '2024-06-30'],
    ['starting on its last day (periods are inclusive)', '2025-12-31', null],
    ['ending on its first day', '2022-01-01', '2023-01-01'],
    ['open-ended, starting before it', '2020-01-01', null],
  ])('a full-time post %s: OVERLAPPING_POST with the other post', async (_, startsOn, endsOn) => {
    await expectRefused(() => service.startPost({ ...valid(), startsOn, endsOn }), {
      code: 'OVERLAPPING_POST',
      path: input('startsOn'),
      details: { postId: fullTimePost.id, startsOn: '2023-01-01', endsOn: '2025-12-31' },
    });
  });

  it('an empty title (INVALID_NAME) or fullTime that is not a boolean (VALIDATION_FAILED)', async () => {
    await expectRefused(() => service.startPost({ ...valid(), title: '' }), {
      code: 'INVALID_NAME',
      path: input('title'),
    });
    await expectRefused(() => service.startPost({ ...valid(), fullTime: 'yes' as unknown as boolean }), {
      code: 'VALIDATION_FAILED',
      path: input('fullTime'),
    });
  });
});

describe('endPost', () => {
  it.each(badIds)('post %s: NOT_FOUND', async (_, id) => {
    await expectRefused(() => service.endPost({ postId: id as number, endsOn: '2025-06-01' }), {
      code: 'NOT_FOUND',
      path: input('postId'),
    });
  });

  it('a post that already has its last day: ALREADY_ENDED', async () => {
    await expectRefused(() => service.endPost({ postId: endedPost.id, endsOn: '2023-06-30' }), {
      code: 'ALREADY_ENDED',
      path: input('postId'),
    });
  });

  it('a stale expectedVersion: VERSION_CONFLICT', async () => {
    await expectRefused(
      () => service.endPost({ postId: openPost.id, endsOn: '2025-06-01', expectedVersion: 7 }),
      {
        code: 'VERSION_CONFLICT',
        path: input('expectedVersion'),
        details: { currentVersion: 1 },
      },
    );
  });

  it('ending before the post starts: INVALID_DATE_RANGE; a malformed day: INVALID_DATE', async () => {
    await expectRefused(() => service.endPost({ postId: openPost.id, endsOn: '2024-12-31' }), {
      code: 'INVALID_DATE_RANGE',
      path: input('endsOn'),
    });
    await expectRefused(() => service.endPost({ postId: openPost.id, endsOn: '' }), {
      code: 'INVALID_DATE',
      path: input('endsOn'),
    });
  });
});

describe('reads refuse what cannot name a record', () => {
  it('findByResidentId with an invalid number: INVALID_RESIDENT_ID', async () => {
    await expect(service.findByResidentId('123')).rejects.toMatchObject({
      code: 'INVALID_RESIDENT_ID',
      path: ['residentId'],
    });
  });

  it('certificationOf, postsOf, isWorkerCertifiedOn and monthlyAllowanceOn of an unknown worker: NOT_FOUND', async () => {
    for (const read of [
      () => service.certificationOf(999_999),
      () => service.postsOf(999_999),
      () => service.continuingEducationOf(999_999),
      () => service.isWorkerCertifiedOn(999_999, '2025-01-01'),
      () => service.monthlyAllowanceOn(999_999, '2025-01-01'),
    ]) {
      await expect(read()).rejects.toMatchObject({ code: 'NOT_FOUND', path: ['workerId'] });
    }
  });

  it('a malformed day: INVALID_DATE', async () => {
    await expect(service.isWorkerCertifiedOn(worker.id, '2025-02-30')).rejects.toMatchObject({
      code: 'INVALID_DATE',
      path: ['on'],
    });
  });
});
