/**
 * A district for the needs list and service projects (docs/domain.md §6.1–§6.2), built through the
 * hierarchy service: 虎丘区 with 狮山街道 (狮山社区 and 何山社区, each with a grid, and 塔园社区,
 * retired at the start of 2024) and 枫桥街道 (枫桥社区). Needs and projects go through the services
 * under test; a purchase, which belongs to another service, is written straight to its table.
 */
import { expect } from 'vitest';
import type { Actor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { isSansheError } from '../../src/errors/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { createNeedsService, type NeedsService, type RecordNeedInput } from '../../src/needs/index.js';
import {
  createProjectService,
  type DesignProjectInput,
  type ProjectService,
} from '../../src/projects/index.js';
import { purchaseBids, purchases, serviceContracts, socialOrganizations } from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';

export const DISTRICT = '320505';
export const TODAY = '2025-09-30';
export const SHISHAN_SUBDISTRICT = '320505001';
export const FENGQIAO_SUBDISTRICT = '320505002';
export const SHISHAN = '320505001001';
export const HESHAN = '320505001002';
export const TAYUAN_RETIRED = '320505001003';
export const FENGQIAO = '320505002001';

export const staff = {
  bureau: { id: 'mz-sgk-01', role: 'DEPARTMENT_STAFF', district: DISTRICT },
  evaluator: { id: 'pg-01', role: 'EVALUATOR', district: DISTRICT },
  subdistrict: {
    id: 'js-01',
    role: 'SUBDISTRICT_STAFF',
    district: DISTRICT,
    subdistrict: SHISHAN_SUBDISTRICT,
  },
  otherSubdistrict: {
    id: 'js-02',
    role: 'SUBDISTRICT_STAFF',
    district: DISTRICT,
    subdistrict: FENGQIAO_SUBDISTRICT,
  },
  community: { id: 'sq-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: SHISHAN },
  otherCommunity: { id: 'sq-02', role: 'COMMUNITY_STAFF', district: DISTRICT, community: HESHAN },
  gridWorker: { id: 'wg-01', role: 'GRID_WORKER', district: DISTRICT, community: SHISHAN },
  public: { id: 'anonymous', role: 'PUBLIC' },
} satisfies Record<string, Actor>;

export interface ChainFixture {
  database: DistrictDatabase;
  communities: { shishan: number; heshan: number; tayuan: number; fengqiao: number };
  grids: { shishan: number; heshan: number };
  /** The services as the civil-affairs bureau. */
  needs: NeedsService;
  projects: ProjectService;
  needsAs(actor: Actor): NeedsService;
  projectsAs(actor: Actor): ProjectService;
}

export async function createChainFixture(): Promise<ChainFixture> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const hierarchy = createHierarchyService(database, { today: () => TODAY });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({
    code: SHISHAN_SUBDISTRICT,
    name: '狮山街道',
    effectiveFrom: '2000-01-01',
  });
  await hierarchy.createSubdistrict({
    code: FENGQIAO_SUBDISTRICT,
    name: '枫桥街道',
    effectiveFrom: '2000-01-01',
  });
  const community = (code: string, name: string) =>
    hierarchy.createCommunity({ code, name, effectiveFrom: '2001-01-01', urbanRuralClass: '111' });
  const shishan = await community(SHISHAN, '狮山社区');
  const heshan = await community(HESHAN, '何山社区');
  const tayuan = await community(TAYUAN_RETIRED, '塔园社区');
  const fengqiao = await community(FENGQIAO, '枫桥社区');
  await hierarchy.retireUnit({ level: 'community', id: tayuan.id, retiredOn: '2024-01-01' });
  const shishanGrid = await hierarchy.createGrid({
    code: `${SHISHAN}001`,
    name: '狮山一网格',
    effectiveFrom: '2015-01-01',
  });
  const heshanGrid = await hierarchy.createGrid({
    code: `${HESHAN}001`,
    name: '何山一网格',
    effectiveFrom: '2015-01-01',
  });
  const options = (actor: Actor) => ({ actor, today: () => TODAY });
  return {
    database,
    communities: { shishan: shishan.id, heshan: heshan.id, tayuan: tayuan.id, fengqiao: fengqiao.id },
    grids: { shishan: shishanGrid.id, heshan: heshanGrid.id },
    needs: createNeedsService(database, options(staff.bureau)),
    projects: createProjectService(database, options(staff.bureau)),
    needsAs: (actor) => createNeedsService(database, options(actor)),
    projectsAs: (actor) => createProjectService(database, options(actor)),
  };
}

/** A need of 狮山社区 heard on a grid visit, with what the test changes. */
export function needInput(fixture: ChainFixture, overrides: Partial<RecordNeedInput> = {}): RecordNeedInput {
  return {
    communityId: fixture.communities.shishan,
    source: 'grid_visit',
    category: 'elderly',
    urgency: 'high',
    residentsAffected: 36,
    title: '独居老人午间助餐',
    description: '狮山社区有36位独居高龄老人，午餐无人照料，希望就近提供助餐与送餐服务。',
    collectedOn: '2025-03-12',
    ...overrides,
  };
}

/** A project of 狮山街道 serving 狮山社区, budget 300,000 yuan in three lines, with what the test changes. */
export function projectInput(
  fixture: ChainFixture,
  overrides: Partial<DesignProjectInput> = {},
): DesignProjectInput {
  return {
    name: '长者助餐与探访服务项目',
    unitCode: SHISHAN_SUBDISTRICT,
    serviceDomain: 'elderly',
    goals: '为独居与高龄老人提供助餐、探访和个案支持，减少老人的孤独感与营养风险。',
    methods: ['casework', 'community_work'],
    startsOn: '2025-10-01',
    endsOn: '2026-09-30',
    budgetLines: [
      { category: 'personnel', description: '社工人员经费（2人）', amountFen: 18_000_000 },
      { category: 'activities', description: '助餐与探访活动', amountFen: 10_000_000 },
      { category: 'evaluation', description: '第三方评估', amountFen: 2_000_000 },
    ],
    indicators: [
      { kind: 'output', description: '助餐服务人次', unit: '人次', target: 8000 },
      { kind: 'outcome', description: '服务对象满意率', unit: '%', target: 90 },
    ],
    needIds: [],
    communityIds: [fixture.communities.shishan],
    ...overrides,
  };
}

/** A purchase of the project at a stage (the purchase service's own rows), with a contract once contracted. */
export async function insertPurchase(
  fixture: ChainFixture,
  projectId: number,
  stage: 'plan' | 'tender' | 'implementation' | 'closure' | 'cancelled',
): Promise<number> {
  const { db } = fixture.database;
  const contracted = stage === 'implementation' || stage === 'closure';
  const [purchase] = await db
    .insert(purchases)
    .values({
      districtCode: DISTRICT,
      projectId,
      purchaserUnitCode: SHISHAN_SUBDISTRICT,
      method: 'open_tender',
      stage,
      plannedOn: '2025-01-02',
      tenderPublishedOn: stage === 'plan' || stage === 'cancelled' ? null : '2025-01-10',
      bidsClosedOn: contracted ? '2025-01-31' : null,
      awardedOn: contracted ? '2025-02-10' : null,
      contractedOn: contracted ? '2025-02-20' : null,
      implementationStartedOn: contracted ? '2025-03-01' : null,
      evaluationStartedOn: stage === 'closure' ? '2025-08-01' : null,
      closedOn: stage === 'closure' ? '2025-09-01' : null,
      cancelledOn: stage === 'cancelled' ? '2025-01-20' : null,
      cancellationReason: stage === 'cancelled' ? '有效投标不足三家' : null,
    })
    .returning();
  if (contracted) {
    const [organization] = await db
      .insert(socialOrganizations)
      .values({
        districtCode: DISTRICT,
        name: `虎丘区乐龄社会工作服务中心${purchase!.id}`,
        legalStatus: 'registered',
        legalForm: 'social_service_agency',
        uscc: `52320505MJ55${String(purchase!.id).padStart(5, '0')}A`,
        category: 'services',
        registeredOn: '2018-05-01',
      })
      .returning();
    const [bid] = await db
      .insert(purchaseBids)
      .values({
        districtCode: DISTRICT,
        purchaseId: purchase!.id,
        organizationId: organization!.id,
        submittedOn: '2025-01-20',
        priceFen: 28_800_000,
        score: 91.5,
        status: 'awarded',
      })
      .returning();
    await db.insert(serviceContracts).values({
      districtCode: DISTRICT,
      purchaseId: purchase!.id,
      bidId: bid!.id,
      organizationId: organization!.id,
      contractNumber: `HQ-GM-2025-${purchase!.id}`,
      signedOn: '2025-02-20',
      startsOn: '2025-03-01',
      endsOn: '2026-02-28',
      amountFen: 28_800_000,
    });
  }
  return purchase!.id;
}

/** The write is refused with `code` (at `path`, when given) and every table is as before. */
export async function expectRefusal(
  fixture: ChainFixture,
  write: () => Promise<unknown>,
  code: string,
  path?: readonly (string | number)[],
) {
  const before = await snapshotDatabase(fixture.database);
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
    details?: unknown;
  };
  expect(error.code, error.message).toBe(code);
  if (path) expect(error.path).toEqual(path);
  expect(await snapshotDatabase(fixture.database)).toEqual(before);
  return error;
}
