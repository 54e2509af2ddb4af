/**
 * A district with the service chain built up to delivery (docs/domain.md §6), for the delivery
 * and evaluation suites. The chain's rows before delivery (projects, purchases, bids, contracts,
 * social workers and their posts) are written straight to the tables: their services are other
 * steps. Delivery and evaluation go through the services under test.
 *
 * - 虎丘区 (320505): 狮山街道 with 狮山社区 and 何山社区 (both served by the projects) and 白马涧社区
 *   (not served); 枫桥街道 with 枫桥社区.
 * - The undertaker (乐龄社工), a rival bidder that lost (阳光社工), a third-party evaluator (公益评估
 *   中心) and an unrelated organization (启航社工), all registered, with valid USCCs.
 * - Social workers: 王 holds a post with the undertaker throughout, 李 held one until
 *   2025-04-30, 赵 works only for the unrelated organization.
 * - Contracts by the stage of their purchase (`addContract`): each project is designed by 狮山街道,
 *   serves 狮山社区 and 何山社区 by group and community work, and is bought from the undertaker
 *   over the rival's bid; delivery from 2025-03-01 under a contract running to 2026-02-28.
 */
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Actor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createDeliveryService, type DeliveryService } from '../../src/delivery/index.js';
import { isSansheError } from '../../src/errors/index.js';
import { createEvaluationService, type EvaluationService } from '../../src/evaluations/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import {
  projectCommunities,
  purchaseBids,
  purchases,
  serviceContracts,
  serviceProjects,
  socialOrganizations,
  socialWorkerPosts,
  socialWorkers,
} from '../../src/schema/index.js';
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
export const SECOND_COMMUNITY = '320505001002';
export const UNSERVED_COMMUNITY = '320505001003';
export const OTHER_COMMUNITY = '320505002001';

/** The days a purchase reaches each stage, in order. */
export const STAGE_DAYS = {
  plannedOn: '2025-01-02',
  tenderPublishedOn: '2025-01-10',
  bidsClosedOn: '2025-01-31',
  awardedOn: '2025-02-10',
  contractedOn: '2025-02-20',
  implementationStartedOn: '2025-03-01',
  evaluationStartedOn: '2025-09-01',
  closedOn: '2025-09-20',
} as const;

/** A valid USCC of a social service agency registered by this district's civil-affairs bureau. */
export function usccOfAgency(serial: number): string {
  const body = `7${String(serial).padStart(7, '0')}`;
  const first17 = `52${DISTRICT}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

/** A valid 18-character resident ID of 苏州市虎丘区 for a birth date (YYYYMMDD) and sequence. */
export function residentId(birth: string, sequence: string): string {
  const first17 = `${DISTRICT}${birth}${sequence}`;
  return first17 + computeResidentIdCheck(first17);
}

export type ContractStage = 'contract' | 'implementation' | 'evaluation' | 'closure';

export interface ContractOptions {
  /** The contract ended early on this day. */
  terminatedOn?: string;
  /** Who designed the project: 狮山街道 unless told. */
  unitCode?: string;
}

export interface ChainContract {
  projectId: number;
  purchaseId: number;
  contractId: number;
  contractNumber: string;
}

export interface DeliveryChain {
  database: DistrictDatabase;
  organizations: { undertaker: number; rival: number; evaluator: number; stranger: number };
  usccs: { undertaker: string; rival: string; evaluator: string; stranger: string };
  communities: { served: number; secondServed: number; unserved: number; other: number };
  workers: { wang: number; li: number; zhao: number };
  staff: ReturnType<typeof staffOf>;
  /** A project bought from the undertaker, its purchase at `stage`. */
  addContract(stage: ContractStage, options?: ContractOptions): Promise<ChainContract>;
  /** An approved project serving 狮山社区 that no purchase has reached yet. */
  addUnboughtProject(): Promise<number>;
  delivery(actor?: Actor): DeliveryService;
  evaluations(actor?: Actor, database?: DistrictDatabase): EvaluationService;
}

function staffOf(organizations: DeliveryChain['organizations']) {
  return {
    admin: { id: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT },
    bureau: { id: 'mz-czk-01', role: 'DEPARTMENT_STAFF', district: DISTRICT },
    evaluator: { id: 'pg-zx-01', role: 'EVALUATOR', district: DISTRICT },
    subdistrict: { id: 'js-01', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict: SUBDISTRICT },
    otherSubdistrict: {
      id: 'fq-01',
      role: 'SUBDISTRICT_STAFF',
      district: DISTRICT,
      subdistrict: OTHER_SUBDISTRICT,
    },
    community: { id: 'sq-ss-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: COMMUNITY },
    secondCommunity: {
      id: 'sq-hs-01',
      role: 'COMMUNITY_STAFF',
      district: DISTRICT,
      community: SECOND_COMMUNITY,
    },
    unservedCommunity: {
      id: 'sq-bmj-01',
      role: 'COMMUNITY_STAFF',
      district: DISTRICT,
      community: UNSERVED_COMMUNITY,
    },
    undertaker: {
      id: 'll-sg-01',
      role: 'ORG_STAFF',
      district: DISTRICT,
      organizationId: organizations.undertaker,
    },
    rival: { id: 'yg-sg-01', role: 'ORG_STAFF', district: DISTRICT, organizationId: organizations.rival },
    stranger: {
      id: 'qh-sg-01',
      role: 'ORG_STAFF',
      district: DISTRICT,
      organizationId: organizations.stranger,
    },
  } satisfies Record<string, Actor>;
}

export async function createDeliveryChain(): Promise<DeliveryChain> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const { db } = database;
  const hierarchy = createHierarchyService(database, { today: () => TODAY });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: SUBDISTRICT, name: '狮山街道', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({
    code: OTHER_SUBDISTRICT,
    name: '枫桥街道',
    effectiveFrom: '2000-01-01',
  });
  const community = (code: string, name: string) =>
    hierarchy.createCommunity({ code, name, effectiveFrom: '2001-01-01', urbanRuralClass: '111' });
  const served = await community(COMMUNITY, '狮山社区');
  const secondServed = await community(SECOND_COMMUNITY, '何山社区');
  const unserved = await community(UNSERVED_COMMUNITY, '白马涧社区');
  const other = await community(OTHER_COMMUNITY, '枫桥社区');

  const usccs = {
    undertaker: usccOfAgency(1),
    rival: usccOfAgency(2),
    evaluator: usccOfAgency(3),
    stranger: usccOfAgency(4),
  };
  const organization = (name: string, uscc: string) => ({
    districtCode: DISTRICT,
    name,
    legalStatus: 'registered',
    legalForm: 'social_service_agency',
    uscc,
    category: 'services',
    registeredOn: '2018-05-01',
  });
  const [undertaker, rival, evaluator, stranger] = await db
    .insert(socialOrganizations)
    .values([
      organization('虎丘区乐龄社会工作服务中心', usccs.undertaker),
      organization('虎丘区阳光社会工作服务社', usccs.rival),
      organization('苏州市公益评估中心', usccs.evaluator),
      organization('虎丘区启航社会工作服务社', usccs.stranger),
    ])
    .returning();
  const organizations = {
    undertaker: undertaker!.id,
    rival: rival!.id,
    evaluator: evaluator!.id,
    stranger: stranger!.id,
  };

  const worker = async (name: string, number: string) => {
    const [row] = await db
      .insert(socialWorkers)
      .values({ districtCode: DISTRICT, name, ...residentIdColumns(database.personalData, DISTRICT, number) })
      .returning();
    return row!.id;
  };
  const workers = {
    wang: await worker('王晓燕', residentId('19880312', '024')),
    li: await worker('李建国', residentId('19850706', '013')),
    zhao: await worker('赵敏', residentId('19920121', '046')),
  };
  const post = (workerId: number, organizationId: number, startsOn: string, endsOn: string | null) => ({
    districtCode: DISTRICT,
    workerId,
    organizationId,
    title: '社工',
    fullTime: true,
    startsOn,
    endsOn,
  });
  await db
    .insert(socialWorkerPosts)
    .values([
      post(workers.wang, organizations.undertaker, '2024-06-01', null),
      post(workers.li, organizations.undertaker, '2024-06-01', '2025-04-30'),
      post(workers.zhao, organizations.stranger, '2024-01-01', null),
    ]);

  let projectNumber = 0;
  async function addProject(unitCode: string = SUBDISTRICT): Promise<number> {
    projectNumber += 1;
    const [project] = await db
      .insert(serviceProjects)
      .values({
        districtCode: DISTRICT,
        name: `狮山长者关爱服务项目（第${projectNumber}期）`,
        unitCode,
        serviceDomain: 'elderly',
        goals: '为独居与高龄老人提供小组活动、社区探访和互助网络。',
        methods: ['group_work', 'community_work'],
        startsOn: '2025-03-01',
        endsOn: '2026-02-28',
        budgetFen: 30_000_000,
        status: 'approved',
        approvedOn: '2024-12-20',
      })
      .returning();
    await db.insert(projectCommunities).values([
      { districtCode: DISTRICT, projectId: project!.id, communityId: served.id },
      { districtCode: DISTRICT, projectId: project!.id, communityId: secondServed.id },
    ]);
    return project!.id;
  }

  const stageOrder: ContractStage[] = ['contract', 'implementation', 'evaluation', 'closure'];
  async function addContract(stage: ContractStage, options: ContractOptions = {}) {
    const projectId = await addProject(options.unitCode);
    const reached = (target: ContractStage) => stageOrder.indexOf(stage) >= stageOrder.indexOf(target);
    const [purchase] = await db
      .insert(purchases)
      .values({
        districtCode: DISTRICT,
        projectId,
        purchaserUnitCode: SUBDISTRICT,
        method: 'competitive_consultation',
        stage,
        plannedOn: STAGE_DAYS.plannedOn,
        tenderPublishedOn: STAGE_DAYS.tenderPublishedOn,
        bidsClosedOn: STAGE_DAYS.bidsClosedOn,
        awardedOn: STAGE_DAYS.awardedOn,
        contractedOn: STAGE_DAYS.contractedOn,
        implementationStartedOn: reached('implementation') ? STAGE_DAYS.implementationStartedOn : null,
        evaluationStartedOn: reached('evaluation') ? STAGE_DAYS.evaluationStartedOn : null,
        closedOn: reached('closure') ? STAGE_DAYS.closedOn : null,
      })
      .returning();
    const bid = (organizationId: number, status: string, priceFen: number) => ({
      districtCode: DISTRICT,
      purchaseId: purchase!.id,
      organizationId,
      submittedOn: '2025-01-20',
      priceFen,
      score: status === 'awarded' ? 91.5 : 84,
      status,
    });
    const [awarded] = await db
      .insert(purchaseBids)
      .values([
        bid(organizations.undertaker, 'awarded', 28_800_000),
        bid(organizations.rival, 'not_awarded', 29_500_000),
      ])
      .returning();
    const contractNumber = `HQ-GM-2025-${String(projectNumber).padStart(3, '0')}`;
    const [contract] = await db
      .insert(serviceContracts)
      .values({
        districtCode: DISTRICT,
        purchaseId: purchase!.id,
        bidId: awarded!.id,
        organizationId: organizations.undertaker,
        contractNumber,
        signedOn: STAGE_DAYS.contractedOn,
        startsOn: '2025-03-01',
        endsOn: '2026-02-28',
        amountFen: 28_800_000,
        terminatedOn: options.terminatedOn ?? null,
        terminationReason: options.terminatedOn ? '承接机构主动申请解除合同' : null,
      })
      .returning();
    return { projectId, purchaseId: purchase!.id, contractId: contract!.id, contractNumber };
  }

  const staff = staffOf(organizations);
  return {
    database,
    organizations,
    usccs,
    communities: { served: served.id, secondServed: secondServed.id, unserved: unserved.id, other: other.id },
    workers,
    staff,
    addContract,
    addUnboughtProject: () => addProject(),
    delivery: (actor = staff.undertaker) => createDeliveryService(database, { actor, today: () => TODAY }),
    evaluations: (actor = staff.evaluator, over = database) =>
      createEvaluationService(over, { actor, today: () => TODAY }),
  };
}

/** Move a purchase one stage on, as the purchase service would (the trigger checks the order). */
export async function moveStage(
  chain: DeliveryChain,
  purchaseId: number,
  stage: 'evaluation' | 'closure',
  day: string,
) {
  await chain.database.db
    .update(purchases)
    .set(stage === 'evaluation' ? { stage, evaluationStartedOn: day } : { stage, closedOn: day })
    .where(and(eq(purchases.districtCode, DISTRICT), eq(purchases.id, purchaseId)));
}

/** The write is refused with `code` (at `path`, when given) and every table is as before. */
export async function expectRefusal(
  chain: Pick<DeliveryChain, 'database'>,
  write: () => Promise<unknown>,
  code: string,
  path?: readonly (string | number)[],
) {
  const before = await snapshotDatabase(chain.database);
  let caught: unknown;
  try {
    await write();
  } catch (error) {
    caught = error;
  }
  expect(isSansheError(caught), `expected a SansheError ${code}, got ${String(caught)}`).toBe(true);
  const error = caught as { code: string; path: readonly (string | number)[]; message: string };
  expect(error.code, error.message).toBe(code);
  if (path) expect(error.path).toEqual(path);
  expect(await snapshotDatabase(chain.database)).toEqual(before);
  return error;
}
