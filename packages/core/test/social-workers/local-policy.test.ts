/**
 * Rules that read local policy (docs/domain.md §4: "policy tables per jurisdiction with effective
 * dates"): a renewal reads the CE hours in force on its day for the worker's unit and keeps the
 * source; a later change never rewrites it; a subdistrict's value wins over the district's for
 * workers posted in its communities; allowances are local only.
 *
 * The scenario runs in date order on one clock shared by the policy and worker services, so a
 * policy is always set before the day it takes effect, as setPolicy demands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createPolicyService, type PolicyService } from '../../src/policies/index.js';
import type { CertificateRegistration, Community, SocialWorker } from '../../src/schema/index.js';
import { addMonths } from '../../src/services/index.js';
import type { SocialWorkerLevel, SocialWorkerService } from '../../src/social-workers/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import {
  buildHierarchy,
  clock,
  DISTRICT,
  expectRefused,
  insertOrganization,
  residentId,
  workerServiceFor,
} from './helpers.js';

let database: DistrictDatabase;
let service: SocialWorkerService;
let policies: PolicyService;
const time = clock('2022-01-01');
let shishan: Community;
let fengqiao: Community;
let sequence = 100;

const DISTRICT_NOTICE = '虎民〔2025〕30号';
const SUBDISTRICT_NOTICE = '狮山街道〔2025〕8号';
const ALLOWANCE_NOTICE = '虎民〔2025〕31号';
const SUBDISTRICT_ALLOWANCE_NOTICE = '狮山街道〔2025〕9号';

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  service = workerServiceFor(database, time.today);
  policies = createPolicyService(database, { today: time.today });
  ({ shishan, fengqiao } = await buildHierarchy(database));
});

afterAll(async () => {
  await database?.close();
});

/**
 * A worker with one certificate passed a month before `registeredOn` and first registered that
 * day, optionally posted full-time at a community from then on. The clock is moved to
 * `registeredOn`, the day these records are made, and left there.
 */
async function certifiedWorker(options: {
  level?: SocialWorkerLevel;
  registeredOn: string;
  community?: Community;
}): Promise<{ worker: SocialWorker; certificateId: number; first: CertificateRegistration }> {
  sequence += 2;
  const passedOn = addMonths(options.registeredOn, -1);
  time.set(options.registeredOn);
  const worker = await service.registerWorker({
    name: `社工${sequence}`,
    residentId: residentId('19850101', String(sequence).padStart(3, '0')),
  });
  const certificate = await service.addCertificate({
    workerId: worker.id,
    level: options.level ?? 'intermediate',
    certificateNumber: `ZJ-${sequence}`,
    passedOn,
  });
  const first = await service.registerCertificate({ certificateId: certificate.id });
  if (options.community) {
    await service.startPost({
      workerId: worker.id,
      communityId: options.community.id,
      title: '社区社工',
      fullTime: true,
      startsOn: options.registeredOn,
    });
  }
  return { worker, certificateId: certificate.id, first };
}

async function train(workerId: number, hours: number, completedOn: string) {
  const saved = time.today();
  if (completedOn > saved) time.set(completedOn);
  await service.recordContinuingEducation({
    workerId,
    hours,
    completedOn,
    provider: '苏州市社会工作协会',
    course: '继续教育',
  });
  time.set(saved);
}

describe('a district raises the hours from a date (docs/domain.md §4; policy-service.ts: history is never rewritten)', () => {
  let decidedEarlier: Awaited<ReturnType<typeof certifiedWorker>>;
  let earlierRenewal: CertificateRegistration;
  let refusedLater: Awaited<ReturnType<typeof certifiedWorker>>;
  let renewedBeforeTheDate: Awaited<ReturnType<typeof certifiedWorker>>;

  beforeAll(async () => {
    // Valid 2022-09-01 … 2025-08-31; window from 2025-06-01.
    decidedEarlier = await certifiedWorker({ registeredOn: '2022-09-01' });
    await train(decidedEarlier.worker.id, 92, '2024-05-01');
    // Valid 2022-11-01 … 2025-10-31; window from 2025-08-01.
    refusedLater = await certifiedWorker({ registeredOn: '2022-11-01' });
    await train(refusedLater.worker.id, 92, '2024-05-01');
    renewedBeforeTheDate = await certifiedWorker({ registeredOn: '2022-11-01' });
    await train(renewedBeforeTheDate.worker.id, 92, '2024-05-01');

    time.set('2025-07-01');
    earlierRenewal = await service.renewRegistration({ certificateId: decidedEarlier.certificateId });

    time.set('2025-07-02');
    await policies.setPolicy({
      key: 'social_worker.ce_hours_per_period',
      jurisdictionCode: DISTRICT,
      effectiveFrom: '2025-09-01',
      value: { assistant: 80, intermediate: 100, senior: 100 },
      source: DISTRICT_NOTICE,
    });
  });

  it('the renewal decided before the change keeps the national 90 hours and its source', async () => {
    expect(earlierRenewal).toMatchObject({
      requiredHours: 90,
      continuingEducationHours: 92,
      policySource: '社会工作者继续教育办法 (national default)',
    });
    const registrations = (await service.certificationOf(decidedEarlier.worker.id)).certificates[0]!
      .registrations;
    expect(registrations.at(-1)).toEqual(earlierRenewal);
    expect(await service.isWorkerCertifiedOn(decidedEarlier.worker.id, '2026-01-01')).toBe(true);
  });

  it('a renewal dated before the change takes effect still needs 90, even when recorded after it was set', async () => {
    time.set('2025-08-20');
    const renewal = await service.renewRegistration({ certificateId: renewedBeforeTheDate.certificateId });
    expect(renewal).toMatchObject({ registeredOn: '2025-08-20', requiredHours: 90 });
  });

  it('a renewal on or after the date needs the district 100 hours, and says where the figure comes from', async () => {
    time.set('2025-09-15');
    const error = await expectRefused(
      database,
      () => service.renewRegistration({ certificateId: refusedLater.certificateId }),
      {
        code: 'INSUFFICIENT_CE_HOURS',
        path: ['input', 'certificateId'],
        details: { required: 100, completed: 92, source: DISTRICT_NOTICE },
      },
    );
    expect(error.message).toContain('100');
  });

  it('with 8 more hours completed in the period it renews, storing 100 and the district notice', async () => {
    await train(refusedLater.worker.id, 8, '2025-09-10');
    const renewal = await service.renewRegistration({ certificateId: refusedLater.certificateId });
    expect(renewal).toMatchObject({
      registeredOn: '2025-09-15',
      validFrom: '2025-11-01',
      continuingEducationHours: 100,
      requiredHours: 100,
      policySource: DISTRICT_NOTICE,
    });
  });
});

describe('a subdistrict value wins over the district value (resolve-policy.ts: most specific first)', () => {
  let postedInShishan: Awaited<ReturnType<typeof certifiedWorker>>;
  let postedInFengqiao: Awaited<ReturnType<typeof certifiedWorker>>;
  let atAnAgency: Awaited<ReturnType<typeof certifiedWorker>>;

  beforeAll(async () => {
    // All valid 2022-12-01 … 2025-11-30, window from 2025-09-01, with 85 hours.
    postedInShishan = await certifiedWorker({ registeredOn: '2022-12-01', community: shishan });
    postedInFengqiao = await certifiedWorker({ registeredOn: '2022-12-01', community: fengqiao });
    atAnAgency = await certifiedWorker({ registeredOn: '2022-12-01' });
    const agency = await insertOrganization(database, { name: '狮山社工服务社', registeredOn: '2010-01-01' });
    await service.startPost({
      workerId: atAnAgency.worker.id,
      organizationId: agency.id,
      title: '社工',
      fullTime: true,
      startsOn: '2022-12-01',
    });
    for (const { worker } of [postedInShishan, postedInFengqiao, atAnAgency]) {
      await train(worker.id, 85, '2024-03-01');
    }
    time.set('2025-09-16');
    await policies.setPolicy({
      key: 'social_worker.ce_hours_per_period',
      jurisdictionCode: '320505001',
      effectiveFrom: '2025-09-20',
      value: { assistant: 60, intermediate: 80, senior: 80 },
      source: SUBDISTRICT_NOTICE,
    });
    time.set('2025-10-01');
  });

  it('a worker posted in a community of 狮山街道 needs the subdistrict 80 hours and renews with 85', async () => {
    const renewal = await service.renewRegistration({ certificateId: postedInShishan.certificateId });
    expect(renewal).toMatchObject({
      requiredHours: 80,
      continuingEducationHours: 85,
      policySource: SUBDISTRICT_NOTICE,
    });
  });

  it('a worker posted in 枫桥街道 needs the district 100 hours', async () => {
    await expectRefused(
      database,
      () => service.renewRegistration({ certificateId: postedInFengqiao.certificateId }),
      {
        code: 'INSUFFICIENT_CE_HOURS',
        path: ['input', 'certificateId'],
        details: { required: 100, completed: 85, source: DISTRICT_NOTICE },
      },
    );
  });

  it('a worker employed by an organization falls under the district', async () => {
    await expectRefused(
      database,
      () => service.renewRegistration({ certificateId: atAnAgency.certificateId }),
      {
        code: 'INSUFFICIENT_CE_HOURS',
        path: ['input', 'certificateId'],
        details: { required: 100, source: DISTRICT_NOTICE },
      },
    );
  });
});

describe('monthly allowances (docs/domain.md §4: local only, by level, e.g. 100/300/500 yuan)', () => {
  let worker: Awaited<ReturnType<typeof certifiedWorker>>;
  let inShishan: Awaited<ReturnType<typeof certifiedWorker>>;

  beforeAll(async () => {
    // Valid 2023-03-01 … 2026-02-28.
    worker = await certifiedWorker({ registeredOn: '2023-03-01' });
    inShishan = await certifiedWorker({ registeredOn: '2023-03-01', community: shishan });
    time.set('2025-10-02');
  });

  it('certified but no allowance policy yet: POLICY_NOT_SET, not a silent zero', async () => {
    await expect(service.monthlyAllowanceOn(worker.worker.id, '2025-10-02')).rejects.toMatchObject({
      code: 'POLICY_NOT_SET',
    });
  });

  it('the district amount for the level once in force, with its source; the subdistrict amount in its communities', async () => {
    await policies.setPolicy({
      key: 'social_worker.monthly_allowance_yuan',
      jurisdictionCode: DISTRICT,
      effectiveFrom: '2025-11-01',
      value: { assistant: 100, intermediate: 300, senior: 500 },
      source: ALLOWANCE_NOTICE,
    });
    await policies.setPolicy({
      key: 'social_worker.monthly_allowance_yuan',
      jurisdictionCode: '320505001',
      effectiveFrom: '2025-12-01',
      value: { assistant: 150, intermediate: 350, senior: 600 },
      source: SUBDISTRICT_ALLOWANCE_NOTICE,
    });
    expect(await service.monthlyAllowanceOn(worker.worker.id, '2025-11-01')).toEqual({
      level: 'intermediate',
      amountYuan: 300,
      source: ALLOWANCE_NOTICE,
    });
    expect(await service.monthlyAllowanceOn(inShishan.worker.id, '2025-11-15')).toMatchObject({
      amountYuan: 300,
    });
    expect(await service.monthlyAllowanceOn(inShishan.worker.id, '2025-12-01')).toEqual({
      level: 'intermediate',
      amountYuan: 350,
      source: SUBDISTRICT_ALLOWANCE_NOTICE,
    });
    expect(await service.monthlyAllowanceOn(worker.worker.id, '2025-12-01')).toMatchObject({
      amountYuan: 300,
    });
  });

  it('the highest certified level counts: a senior certificate registered later raises the amount', async () => {
    time.set('2025-11-10');
    const senior = await service.addCertificate({
      workerId: worker.worker.id,
      level: 'senior',
      certificateNumber: 'GJ-2025-0001',
      passedOn: '2025-11-01',
    });
    await service.registerCertificate({ certificateId: senior.id });
    expect(await service.monthlyAllowanceOn(worker.worker.id, '2025-11-09')).toMatchObject({
      level: 'intermediate',
      amountYuan: 300,
    });
    expect(await service.monthlyAllowanceOn(worker.worker.id, '2025-11-10')).toMatchObject({
      level: 'senior',
      amountYuan: 500,
    });
  });

  it('not certified (registration lapsed the day before, or never registered): null, even with a policy', async () => {
    // The intermediate registration of `inShishan` ends 2026-02-28 and was never renewed.
    expect(await service.monthlyAllowanceOn(inShishan.worker.id, '2026-02-28')).toMatchObject({
      amountYuan: 350,
    });
    expect(await service.monthlyAllowanceOn(inShishan.worker.id, '2026-03-01')).toBeNull();
    const uncertified = await service.registerWorker({
      name: '未持证',
      residentId: residentId('19950505', '088'),
    });
    expect(await service.monthlyAllowanceOn(uncertified.id, '2025-12-01')).toBeNull();
  });

  it('reading an allowance changes nothing', async () => {
    const before = await snapshotDatabase(database);
    await service.monthlyAllowanceOn(worker.worker.id, '2025-12-01');
    expect(await snapshotDatabase(database)).toEqual(before);
  });
});
