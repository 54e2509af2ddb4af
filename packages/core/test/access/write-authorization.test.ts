/**
 * Who may change what (src/access/permissions.ts, jurisdiction.ts), through the real services
 * on a seeded demo district. Each scenario is one valid write; every actor of the cast tries
 * it. Those the table allows succeed; every other is refused with FORBIDDEN and the database is
 * unchanged (a full snapshot before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, recordIsVisible } from '../../src/access/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { type DemoDistrictPlan, planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { createCreditService, createOrganizationService } from '../../src/organizations/index.js';
import { createPolicyService } from '../../src/policies/index.js';
import { addDays } from '../../src/services/dates.js';
import { createSocialWorkerService } from '../../src/social-workers/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import { expectRefused } from '../hierarchy/helpers.js';

const DISTRICT = '320505';

let database: DistrictDatabase;
let plan: DemoDistrictPlan;
let today: string;

/** The cast: one actor of each kind, placed around community A and organization X. */
let cast: Record<string, Actor>;
let place: {
  communityA: string;
  communityAId: number;
  subdistrictS: string;
  organizationX: number;
  workerW: number;
};

beforeAll(async () => {
  plan = planDemoDistrict({
    districtCode: DISTRICT,
    name: '虎丘区',
    seed: 11,
    scale: { subdistricts: 2, communitiesPerSubdistrict: 3, gridsPerCommunity: 1 },
  });
  today = plan.asOf;
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  await seedDemoDistrict(database, plan);

  // X: an active organization rooted in a community, with a worker posted there.
  const organization = plan.socialOrganizations.find(
    (o) =>
      o.status === 'active' &&
      o.communityId != null &&
      plan.socialWorkerPosts.some((p) => p.organizationId === o.id && p.endsOn == null),
  )!;
  const community = plan.communities.find((c) => c.id === organization.communityId)!;
  const other = plan.communities.find((c) => c.code.slice(0, 9) !== community.code.slice(0, 9))!;
  const worker = plan.socialWorkerPosts.find((p) => p.organizationId === organization.id)!.workerId;
  const otherOrganization = plan.socialOrganizations.find((o) => o.id !== organization.id)!;
  const otherWorker = plan.socialWorkers.find((w) => w.id !== worker)!.id!;
  place = {
    communityA: community.code,
    communityAId: community.id!,
    subdistrictS: community.code.slice(0, 9),
    organizationX: organization.id!,
    workerW: worker,
  };
  cast = {
    cityAdmin: { id: 'city-1', role: 'CITY_ADMIN' },
    districtAdmin: { id: 'da-1', role: 'DISTRICT_ADMIN', district: DISTRICT },
    civilAffairs: { id: 'mz-1', role: 'DEPARTMENT_STAFF', district: DISTRICT },
    subdistrictS: {
      id: 'jd-1',
      role: 'SUBDISTRICT_STAFF',
      district: DISTRICT,
      subdistrict: place.subdistrictS,
    },
    communityA: { id: 'sq-a', role: 'COMMUNITY_STAFF', district: DISTRICT, community: place.communityA },
    gridWorkerA: { id: 'wg-a', role: 'GRID_WORKER', district: DISTRICT, community: place.communityA },
    subdistrictOther: {
      id: 'jd-2',
      role: 'SUBDISTRICT_STAFF',
      district: DISTRICT,
      subdistrict: other.code.slice(0, 9),
    },
    communityOther: { id: 'sq-b', role: 'COMMUNITY_STAFF', district: DISTRICT, community: other.code },
    staffOfX: { id: 'org-x', role: 'ORG_STAFF', district: DISTRICT, organizationId: place.organizationX },
    staffOfOther: {
      id: 'org-y',
      role: 'ORG_STAFF',
      district: DISTRICT,
      organizationId: otherOrganization.id!,
    },
    workerW: { id: 'sg-w', role: 'SOCIAL_WORKER', district: DISTRICT, workerId: place.workerW },
    workerOther: { id: 'sg-v', role: 'SOCIAL_WORKER', district: DISTRICT, workerId: otherWorker },
    evaluator: { id: 'pg-1', role: 'EVALUATOR', district: DISTRICT },
    service: { id: 'svc', role: 'SERVICE', district: DISTRICT },
    public: { id: 'anonymous', role: 'PUBLIC' },
    otherDistrictAdmin: { id: 'da-9', role: 'DISTRICT_ADMIN', district: '320506' },
    adminWithoutDistrict: { id: 'da-0', role: 'DISTRICT_ADMIN' },
  };
}, 60_000);

afterAll(async () => {
  await database?.close();
});

function services(actor: Actor) {
  const options = { actor, today: () => today };
  return {
    hierarchy: createHierarchyService(database, options),
    organizations: createOrganizationService(database, options),
    credit: createCreditService(database, options),
    workers: createSocialWorkerService(database, options),
    policies: createPolicyService(database, options),
  };
}

interface Scenario {
  name: string;
  allowed: string[];
  write: (s: ReturnType<typeof services>, actorKey: string, attempt: number) => Promise<unknown>;
}

const scenarios: Scenario[] = [
  {
    name: 'file a community group guided by community A',
    allowed: ['cityAdmin', 'districtAdmin', 'civilAffairs', 'subdistrictS', 'communityA'],
    write: (s, key) =>
      s.organizations.fileCommunityGroup({
        name: `邻里互助队${key}`,
        category: 'services',
        guidingUnitCode: place.communityA,
        filedOn: today,
      }),
  },
  {
    name: 'draw a grid in community A',
    allowed: ['cityAdmin', 'districtAdmin', 'subdistrictS', 'communityA'],
    write: (s, _key, attempt) =>
      s.hierarchy.createGrid({
        code: `${place.communityA}${900 + attempt}`,
        name: `第${attempt}网格`,
        effectiveFrom: today,
      }),
  },
  {
    name: 'publish a disclosure of organization X',
    allowed: ['cityAdmin', 'districtAdmin', 'civilAffairs', 'staffOfX'],
    write: (s, key) =>
      s.organizations.publishDisclosure({
        organizationId: place.organizationX,
        kind: 'service_projects',
        title: `年度服务项目公开 ${key}`,
        content: '本年度开展助老服务项目三项。',
        publishedOn: today,
      }),
  },
  {
    name: 'record credit information of organization X',
    allowed: ['cityAdmin', 'districtAdmin', 'civilAffairs'],
    write: (s, key) =>
      s.credit.recordCreditInformation({
        organizationId: place.organizationX,
        category: 'inspection',
        kind: 'spot_check_passed',
        occurredOn: today,
        summary: `抽查合格 ${key}`,
        source: '虎民检〔2026〕1号',
      }),
  },
  {
    name: 'start a part-time post for worker W at community A',
    allowed: ['cityAdmin', 'districtAdmin', 'civilAffairs', 'subdistrictS', 'communityA'],
    write: (s, key) =>
      s.workers.startPost({
        workerId: place.workerW,
        communityId: place.communityAId,
        title: `社区督导${key}`,
        fullTime: false,
        startsOn: today,
      }),
  },
  {
    name: 'start a part-time post for worker W at organization X',
    allowed: ['cityAdmin', 'districtAdmin', 'civilAffairs', 'subdistrictS', 'communityA', 'staffOfX'],
    write: (s, key) =>
      s.workers.startPost({
        workerId: place.workerW,
        organizationId: place.organizationX,
        title: `项目顾问${key}`,
        fullTime: false,
        startsOn: today,
      }),
  },
  {
    name: 'record continuing education of worker W',
    allowed: ['cityAdmin', 'districtAdmin', 'civilAffairs', 'workerW'],
    write: (s) =>
      s.workers.recordContinuingEducation({
        workerId: place.workerW,
        hours: 6,
        completedOn: today,
        provider: '苏州市社会工作协会',
        course: '社区治理实务',
      }),
  },
  {
    name: 'set the allowance policy of subdistrict S',
    allowed: ['cityAdmin', 'districtAdmin'],
    write: (s, _key, attempt) =>
      s.policies.setPolicy({
        key: 'social_worker.monthly_allowance_yuan',
        jurisdictionCode: place.subdistrictS,
        effectiveFrom: addDays(today, 10 + attempt),
        value: { assistant: 100, intermediate: 300, senior: 500 },
        source: '街道〔2026〕5号',
      }),
  },
];

/**
 * The record a post scenario names that the actor cannot see (the worker first, then the
 * organization), or undefined when it sees both.
 */
async function hiddenReference(actor: Actor, scenario: string): Promise<{ field: string } | undefined> {
  if (!scenario.startsWith('start a part-time post')) return undefined;
  const sees = (kind: 'social_worker' | 'social_organization', id: number) =>
    recordIsVisible(database.db, actor, database.districtCode, kind, id);
  if (!(await sees('social_worker', place.workerW))) return { field: 'workerId' };
  if (scenario.endsWith('organization X') && !(await sees('social_organization', place.organizationX))) {
    return { field: 'organizationId' };
  }
  return undefined;
}

describe('writes: allowed by role and jurisdiction, everything else FORBIDDEN (or NOT_FOUND for what the actor cannot see) and unchanged', () => {
  let attempts = 0;
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      let refused = 0;
      for (const [key, actor] of Object.entries(cast)) {
        attempts += 1;
        const write = () => scenario.write(services(actor), key, attempts);
        if (scenario.allowed.includes(key)) {
          await expect(write(), `${key} may ${scenario.name}`).resolves.toBeDefined();
        } else {
          // A record the actor cannot see is not found, exactly as a missing one (issue 15):
          // then the write names it, and a read by the same actor would not show it.
          const hidden = await hiddenReference(actor, scenario.name);
          const error = hidden
            ? await expectRefused(database, write, { code: 'NOT_FOUND', path: ['input', hidden.field] })
            : await expectRefused(database, write, { code: 'FORBIDDEN', path: [] });
          expect(error.message).not.toMatch(/\d{17}[\dX]/);
          refused += 1;
        }
      }
      expect(refused).toBe(Object.keys(cast).length - scenario.allowed.length);
    });
  }

  it('an actor without a role is the embedding program itself and may write', async () => {
    await expect(
      services({ id: 'batch-import' }).organizations.fileCommunityGroup({
        name: '批量导入互助队',
        category: 'services',
        guidingUnitCode: place.communityA,
        filedOn: today,
      }),
    ).resolves.toBeDefined();
  });

  it('a group moved out of community A by A’s staff is refused: the new place must lie in reach too', async () => {
    const staff = services(cast.communityA!);
    const group = await staff.organizations.fileCommunityGroup({
      name: '楼道议事会',
      category: 'services',
      guidingUnitCode: place.subdistrictS,
      communityCode: place.communityA,
      filedOn: today,
    });
    const elsewhere = plan.communities.find(
      (c) => c.code.startsWith(place.subdistrictS) && c.code !== place.communityA,
    )!;
    await expectRefused(
      database,
      () =>
        staff.organizations.changeOrganization({
          id: group.id,
          communityCode: elsewhere.code,
          changedOn: today,
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    // The subdistrict may move it between its communities.
    await expect(
      services(cast.subdistrictS!).organizations.changeOrganization({
        id: group.id,
        communityCode: elsewhere.code,
        changedOn: today,
      }),
    ).resolves.toMatchObject({ id: group.id });
  });
});
