/**
 * A district with one service chain ready to be funded (docs/domain.md §6): an approved project
 * (budget 300,000 yuan) in 狮山社区, its purchase under way (stage `implementation`), the
 * undertaker's contract (288,000 yuan) and four tranches, one per milestone. The chain's rows
 * are written straight to the tables (their services are another step); funds go through the
 * funds service under test.
 */
import { expect } from 'vitest';
import type { Actor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { isSansheError } from '../../src/errors/index.js';
import { createFundsService, type FundsService } from '../../src/funds/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import {
  contractTranches,
  projectEvaluations,
  purchaseBids,
  purchases,
  serviceContracts,
  serviceProjects,
  socialOrganizations,
} from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';

export const DISTRICT = '320505';
export const TODAY = '2025-09-30';
export const SUBDISTRICT = '320505001';
export const COMMUNITY = '320505001001';

export const staff = {
  bureau: { id: 'mz-czk-01', role: 'DEPARTMENT_STAFF', district: DISTRICT },
  subdistrict: { id: 'js-01', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict: SUBDISTRICT },
  otherSubdistrict: { id: 'js-02', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict: '320505002' },
  community: { id: 'sq-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: COMMUNITY },
} satisfies Record<string, Actor>;

export interface FundsChain {
  database: DistrictDatabase;
  undertakerId: number;
  evaluatorId: number;
  projectId: number;
  /** A second approved project, bought by no one yet. */
  otherProjectId: number;
  contractId: number;
  tranches: { signing: number; milestone: number; midterm: number; final: number };
  /** The funds service as the civil-affairs bureau. */
  funds: FundsService;
  as(actor: Actor): FundsService;
}

let keyNumber = 0;

/** A fresh idempotency key: every request that is not a replay needs its own. */
export function newKey(): string {
  keyNumber += 1;
  return `test-key-${process.pid}-${keyNumber.toString().padStart(6, '0')}`;
}

export async function createFundsChain(): Promise<FundsChain> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const hierarchy = createHierarchyService(database, { today: () => TODAY });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: SUBDISTRICT, name: '狮山街道', effectiveFrom: '2000-01-01' });
  await hierarchy.createCommunity({
    code: COMMUNITY,
    name: '狮山社区',
    effectiveFrom: '2001-01-01',
    urbanRuralClass: '111',
  });
  const organization = (name: string, uscc: string) => ({
    districtCode: DISTRICT,
    name,
    legalStatus: 'registered',
    legalForm: 'social_service_agency',
    uscc,
    category: 'services',
    registeredOn: '2018-05-01',
  });
  const { db } = database;
  const [undertaker, evaluator] = await db
    .insert(socialOrganizations)
    .values([
      organization('虎丘区乐龄社会工作服务中心', '52320505MJ5500001A'),
      organization('苏州市公益评估中心', '52320500MJ5500002B'),
    ])
    .returning();
  const project = (name: string) => ({
    districtCode: DISTRICT,
    name,
    unitCode: COMMUNITY,
    serviceDomain: 'elderly',
    goals: '为独居与高龄老人提供助餐、探访和个案支持。',
    methods: ['casework', 'community_work'],
    startsOn: '2025-03-01',
    endsOn: '2026-02-28',
    budgetFen: 30_000_000,
    status: 'approved',
    approvedOn: '2024-12-20',
  });
  const [bought, other] = await db
    .insert(serviceProjects)
    .values([project('长者助餐与探访服务项目'), project('青少年四点半课堂项目')])
    .returning();
  const [purchase] = await db
    .insert(purchases)
    .values({
      districtCode: DISTRICT,
      projectId: bought!.id,
      purchaserUnitCode: SUBDISTRICT,
      method: 'open_tender',
      stage: 'implementation',
      plannedOn: '2025-01-02',
      tenderPublishedOn: '2025-01-10',
      bidsClosedOn: '2025-01-31',
      awardedOn: '2025-02-10',
      contractedOn: '2025-02-20',
      implementationStartedOn: '2025-03-01',
    })
    .returning();
  const [bid] = await db
    .insert(purchaseBids)
    .values({
      districtCode: DISTRICT,
      purchaseId: purchase!.id,
      organizationId: undertaker!.id,
      submittedOn: '2025-01-20',
      priceFen: 28_800_000,
      score: 91.5,
      status: 'awarded',
    })
    .returning();
  const [contract] = await db
    .insert(serviceContracts)
    .values({
      districtCode: DISTRICT,
      purchaseId: purchase!.id,
      bidId: bid!.id,
      organizationId: undertaker!.id,
      contractNumber: 'HQ-GM-2025-001',
      signedOn: '2025-02-20',
      startsOn: '2025-03-01',
      endsOn: '2026-02-28',
      amountFen: 28_800_000,
    })
    .returning();
  const tranche = (trancheNumber: number, milestone: string, plannedOn: string, amountFen: number) => ({
    districtCode: DISTRICT,
    contractId: contract!.id,
    trancheNumber,
    milestone,
    plannedOn,
    amountFen,
  });
  const rows = await db
    .insert(contractTranches)
    .values([
      tranche(1, 'signing', '2025-02-20', 8_640_000),
      tranche(2, 'milestone', '2025-06-01', 5_760_000),
      tranche(3, 'midterm_evaluation', '2025-09-01', 8_640_000),
      tranche(4, 'final_evaluation', '2026-03-15', 5_760_000),
    ])
    .returning();
  return {
    database,
    undertakerId: undertaker!.id,
    evaluatorId: evaluator!.id,
    projectId: bought!.id,
    otherProjectId: other!.id,
    contractId: contract!.id,
    tranches: { signing: rows[0]!.id, milestone: rows[1]!.id, midterm: rows[2]!.id, final: rows[3]!.id },
    funds: createFundsService(database, { actor: staff.bureau, today: () => TODAY }),
    as: (actor) => createFundsService(database, { actor, today: () => TODAY }),
  };
}

/** A third-party evaluation of the chain's contract (written straight to its table). */
export async function recordEvaluation(
  chain: FundsChain,
  kind: 'midterm' | 'final',
  grade: 'excellent' | 'good' | 'pass' | 'fail',
  evaluatedOn: string,
) {
  await chain.database.db.insert(projectEvaluations).values({
    districtCode: DISTRICT,
    contractId: chain.contractId,
    undertakerOrganizationId: chain.undertakerId,
    kind,
    evaluatorName: '苏州市公益评估中心',
    evaluatorOrganizationId: chain.evaluatorId,
    evaluatedOn,
    score: grade === 'fail' ? 52 : 86,
    grade,
    reportReference: `PG-2025-${kind}`,
    summary: '项目按计划推进，服务对象反馈良好。',
  });
}

/** A government-budget source with `receivedFen` of its commitment already received. */
export async function fundedSource(
  chain: FundsChain,
  options: { amountFen: number; receivedFen?: number; funderName?: string },
) {
  const source = await chain.funds.registerFundingSource({
    kind: 'government_budget',
    funderName: options.funderName ?? '虎丘区民政局',
    reference: '虎财社〔2025〕12号',
    amountFen: options.amountFen,
    committedOn: '2025-01-05',
    idempotencyKey: newKey(),
  });
  const received = options.receivedFen ?? options.amountFen;
  if (received > 0) {
    await chain.funds.recordReceipt({
      sourceId: source.sourceId,
      amountFen: received,
      receivedOn: '2025-01-20',
      idempotencyKey: newKey(),
    });
  }
  return source;
}

/** The write is refused with `code` (at `path`, when given) and every table is as before. */
export async function expectRefusal(
  chain: FundsChain,
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
