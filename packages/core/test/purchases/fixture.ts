/**
 * A district ready for purchases (docs/domain.md §6.3), not a test file: two subdistricts with a
 * community each, an approved project in 狮山社区 (methods casework and community work, budget
 * 300,000 yuan), and helpers that write organizations, their certified workers and posts, list
 * entries, penalties and grades straight to the tables (their own services are tested elsewhere).
 * Purchases go through the purchase service under test.
 */
import { expect } from 'vitest';
import type { Actor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { isSansheError } from '../../src/errors/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { developmentKeyring } from '../../src/personal-data/keyring.js';
import { createPolicyService } from '../../src/policies/index.js';
import type { PolicyKey, PolicyValueOf } from '../../src/policies/policy-keys.js';
import { createPurchaseService, type PurchaseService } from '../../src/purchases/index.js';
import {
  certificateRegistrations,
  organizationCreditRecords,
  organizationGrades,
  organizationListEntries,
  type ServiceProject,
  type SocialOrganization,
  serviceProjects,
  socialOrganizations,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
} from '../../src/schema/index.js';
import { addDays, addYears } from '../../src/services/dates.js';
import { residentIdColumns } from '../../src/social-workers/worker-identifiers.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import {
  computeOrganizationCodeCheck,
  computeResidentIdCheck,
  computeUsccCheck,
} from '../../src/validators/index.js';

export const DISTRICT = '320505';
export const TODAY = '2025-09-30';
export const SUBDISTRICT = '320505001';
export const OTHER_SUBDISTRICT = '320505002';
export const COMMUNITY = '320505001001';
export const OTHER_COMMUNITY = '320505002001';

/** The days of a purchase that runs its whole course, in order. */
export const DAYS = {
  planned: '2025-01-02',
  tender: '2025-01-10',
  submitted: '2025-01-20',
  bidsClosed: '2025-01-31',
  awarded: '2025-02-10',
  signed: '2025-02-20',
  starts: '2025-03-01',
  ends: '2026-02-28',
  implementation: '2025-03-01',
  evaluation: '2025-09-01',
  closed: '2025-09-30',
} as const;

export const staff = {
  bureau: { id: 'mz-cgk-01', role: 'DEPARTMENT_STAFF', district: DISTRICT },
  subdistrict: { id: 'js-01', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict: SUBDISTRICT },
  otherSubdistrict: {
    id: 'fq-01',
    role: 'SUBDISTRICT_STAFF',
    district: DISTRICT,
    subdistrict: OTHER_SUBDISTRICT,
  },
  community: { id: 'sq-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: COMMUNITY },
} satisfies Record<string, Actor>;

/** The staff of one organization. */
export function orgStaff(organizationId: number): Actor {
  return { id: `org-${organizationId}-staff`, role: 'ORG_STAFF', district: DISTRICT, organizationId };
}

let serial = 0;

/** A valid civil-affairs USCC registered in the district (52: a social service agency). */
function uscc(n: number): string {
  const body = `MJ${String(n).padStart(6, '0')}`;
  const first17 = `52${DISTRICT}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

function residentId(n: number): string {
  const first17 = `${DISTRICT}1988${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(100 + (n % 900)).padStart(3, '0')}`;
  return first17 + computeResidentIdCheck(first17);
}

export interface OrganizationOptions {
  name?: string;
  legalStatus?: 'registered' | 'filed';
  registeredOn?: string;
  deregisteredOn?: string;
}

export interface WorkerOptions {
  /** The first day of the worker's certificate registration (valid 3 years). */
  registeredFrom?: string;
  /** Whether the certificate is registered at all (default true). */
  registered?: boolean;
  postStartsOn?: string;
  postEndsOn?: string | null;
}

export interface PurchaseDistrict {
  database: DistrictDatabase;
  /** The approved project of 狮山社区. */
  project: ServiceProject;
  /** The purchase service as the civil-affairs bureau. */
  purchases: PurchaseService;
  as(actor: Actor): PurchaseService;
  /** Another approved project (budget 300,000 yuan unless said otherwise). */
  approvedProject(overrides?: Partial<typeof serviceProjects.$inferInsert>): Promise<ServiceProject>;
  organization(options?: OrganizationOptions): Promise<SocialOrganization>;
  /** `count` workers with a registered assistant certificate and a post at the organization. */
  certifiedWorkers(organizationId: number, count: number, options?: WorkerOptions): Promise<number[]>;
  listEntry(
    organizationId: number,
    list: 'abnormal_activity' | 'serious_dishonesty',
    listedOn: string,
    removed?: { on: string; reason: string },
  ): Promise<void>;
  penalty(organizationId: number, kind: string, occurredOn: string, withdrawnOn?: string): Promise<void>;
  grade(organizationId: number, grade: number, awardedOn: string): Promise<void>;
  /** A district value of a policy, in force from 2020-01-01. */
  setPolicy<K extends PolicyKey>(key: K, value: PolicyValueOf<K>, source?: string): Promise<void>;
}

export async function createPurchaseDistrict(): Promise<PurchaseDistrict> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const hierarchy = createHierarchyService(database, { today: () => TODAY });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: SUBDISTRICT, name: '狮山街道', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({
    code: OTHER_SUBDISTRICT,
    name: '枫桥街道',
    effectiveFrom: '2000-01-01',
  });
  await hierarchy.createCommunity({ code: COMMUNITY, name: '狮山社区', effectiveFrom: '2001-01-01' });
  await hierarchy.createCommunity({ code: OTHER_COMMUNITY, name: '枫桥社区', effectiveFrom: '2001-01-01' });
  const { db } = database;

  async function approvedProject(overrides: Partial<typeof serviceProjects.$inferInsert> = {}) {
    const [row] = await db
      .insert(serviceProjects)
      .values({
        districtCode: DISTRICT,
        name: '长者助餐与探访服务项目',
        unitCode: COMMUNITY,
        serviceDomain: 'elderly',
        goals: '为独居与高龄老人提供助餐、探访和个案支持。',
        methods: ['casework', 'community_work'],
        startsOn: '2025-03-01',
        endsOn: '2026-02-28',
        budgetFen: 30_000_000,
        status: 'approved',
        approvedOn: '2024-12-20',
        ...overrides,
      })
      .returning();
    return row!;
  }

  return {
    database,
    project: await approvedProject(),
    purchases: createPurchaseService(database, { actor: staff.bureau, today: () => TODAY }),
    as: (actor) => createPurchaseService(database, { actor, today: () => TODAY }),
    approvedProject,

    async organization(options = {}) {
      serial += 1;
      const filed = options.legalStatus === 'filed';
      const [row] = await db
        .insert(socialOrganizations)
        .values({
          districtCode: DISTRICT,
          name: options.name ?? `狮山社会工作服务中心${serial}`,
          legalStatus: filed ? 'filed' : 'registered',
          legalForm: filed ? null : 'social_service_agency',
          uscc: filed ? null : uscc(serial),
          category: 'services',
          serviceDomains: ['elderly'],
          guidingUnitCode: filed ? COMMUNITY : null,
          registeredOn: options.registeredOn ?? '2018-05-01',
          status: options.deregisteredOn ? 'deregistered' : 'active',
          deregisteredOn: options.deregisteredOn ?? null,
        })
        .returning();
      return row!;
    },

    async certifiedWorkers(organizationId, count, options = {}) {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        serial += 1;
        const [worker] = await db
          .insert(socialWorkers)
          .values({
            districtCode: DISTRICT,
            name: `社工${serial}`,
            ...residentIdColumns(developmentKeyring, DISTRICT, residentId(serial)),
          })
          .returning();
        const [certificate] = await db
          .insert(socialWorkCertificates)
          .values({
            districtCode: DISTRICT,
            workerId: worker!.id,
            level: 'assistant',
            certificateNumber: `ZS-${serial}`,
            passedOn: '2023-06-18',
          })
          .returning();
        if (options.registered !== false) {
          const validFrom = options.registeredFrom ?? '2024-01-10';
          await db.insert(certificateRegistrations).values({
            districtCode: DISTRICT,
            certificateId: certificate!.id,
            kind: 'first',
            registeredOn: validFrom,
            validFrom,
            validUntil: addDays(addYears(validFrom, 3), -1),
          });
        }
        await db.insert(socialWorkerPosts).values({
          districtCode: DISTRICT,
          workerId: worker!.id,
          organizationId,
          title: '社工',
          fullTime: true,
          startsOn: options.postStartsOn ?? '2023-01-01',
          endsOn: options.postEndsOn ?? null,
        });
        ids.push(worker!.id);
      }
      return ids;
    },

    async listEntry(organizationId, list, listedOn, removed) {
      await db.insert(organizationListEntries).values({
        districtCode: DISTRICT,
        organizationId,
        list,
        reason: list === 'abnormal_activity' ? 'annual_report_missing' : 'fine_50000_or_more',
        listedOn,
        removedOn: removed?.on ?? null,
        removalReason: removed?.reason ?? null,
      });
    },

    async penalty(organizationId, kind, occurredOn, withdrawnOn) {
      await db.insert(organizationCreditRecords).values({
        districtCode: DISTRICT,
        organizationId,
        category: 'penalty',
        kind,
        occurredOn,
        summary: '行政处罚',
        source: `虎民罚〔${occurredOn.slice(0, 4)}〕1号`,
        withdrawnOn: withdrawnOn ?? null,
      });
    },

    async grade(organizationId, grade, awardedOn) {
      await db.insert(organizationGrades).values({
        districtCode: DISTRICT,
        organizationId,
        grade,
        score: 500 + grade * 80,
        awardedOn,
        validUntil: addDays(addYears(awardedOn, 5), -1),
        cutoffsSource: '虎民〔2015〕8号',
      });
    },

    async setPolicy(key, value, source = `虎民〔2020〕${key}`) {
      await createPolicyService(database, { today: () => '2020-01-01' }).setPolicy({
        key,
        jurisdictionCode: DISTRICT,
        effectiveFrom: '2020-01-01',
        value,
        source: source.slice(0, 200),
      });
    },
  };
}

/** A purchase of the project planned and its tender published, on {@link DAYS}. */
export async function tenderOut(district: PurchaseDistrict, projectId = district.project.id) {
  const planned = await district.purchases.planPurchase({
    projectId,
    purchaserUnitCode: SUBDISTRICT,
    method: 'open_tender',
    plannedOn: DAYS.planned,
  });
  return district.purchases.publishTender({ purchaseId: planned.id, publishedOn: DAYS.tender });
}

/** A bid of the organization on {@link DAYS}.submitted, at 288,000 yuan unless said otherwise. */
export function bid(
  district: PurchaseDistrict,
  purchaseId: number,
  organizationId: number,
  extra: { priceFen?: number; declaredStaff?: number[] } = {},
) {
  return district.purchases.submitBid({
    purchaseId,
    organizationId,
    priceFen: extra.priceFen ?? 28_800_000,
    submittedOn: DAYS.submitted,
    ...(extra.declaredStaff ? { declaredStaff: extra.declaredStaff } : {}),
  });
}

/** The contract of the whole course: a year from 2025-03-01, 288,000 yuan in four tranches. */
export function contractInput(purchaseId: number) {
  return {
    purchaseId,
    contractNumber: 'HQ-GM-2025-001',
    signedOn: DAYS.signed,
    startsOn: DAYS.starts,
    endsOn: DAYS.ends,
    continuing: false,
    amountFen: 28_800_000,
    tranches: [
      { milestone: 'signing' as const, plannedOn: '2025-02-20', amountFen: 8_640_000 },
      { milestone: 'milestone' as const, plannedOn: '2025-06-01', amountFen: 5_760_000 },
      { milestone: 'midterm_evaluation' as const, plannedOn: '2025-09-01', amountFen: 8_640_000 },
      { milestone: 'final_evaluation' as const, plannedOn: '2026-03-15', amountFen: 5_760_000 },
    ],
  };
}

/** The write is refused with `code` (at `path`, when given) and every table is as before. */
export async function expectRefusal(
  database: DistrictDatabase,
  write: () => Promise<unknown>,
  code: string,
  path?: readonly (string | number)[],
) {
  const before = await snapshotDatabase(database);
  let caught: unknown;
  try {
    await write();
  } catch (error) {
    caught = error;
  }
  expect(isSansheError(caught), `expected a SansheError ${code}, got ${String(caught)}`).toBe(true);
  const error = caught as {
    code: string;
    path: readonly (string | number)[];
    message: string;
    details?: Record<string, unknown>;
  };
  expect(error.code, error.message).toBe(code);
  if (path) expect(error.path).toEqual(path);
  expect(await snapshotDatabase(database)).toEqual(before);
  return error;
}
