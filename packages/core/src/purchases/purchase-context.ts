import { and, eq, sql } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { type Purchase, purchaseBids, purchases, serviceContracts } from '../schema/purchases.js';
import { serviceProjects } from '../schema/service-projects.js';
import { createServiceKit, type ServiceOptions } from '../services/service-kit.js';
import { checkPublishedText } from '../validators/published-text.js';
import { type PurchaseStage, purchaseStageOrder } from './code-lists.js';
import { type PurchaseEvent, purchaseStages, stageDayColumns } from './purchase-stages.js';

type Transaction = Parameters<Parameters<SansheDb['transaction']>[0]>[0];

/** Where a purchase lies, for the jurisdiction check: its project's unit and its purchaser. */
export interface PurchasePlace {
  purchaseId: number;
  projectId: number;
  projectUnitCode: string;
  purchaserUnitCode: string;
}

/** The verb each stage move is audited under (`purchase.<verb>`, docs/domain.md §13). */
const auditVerbs = {
  publishTender: 'publish_tender',
  submitBid: 'take_bid',
  closeBids: 'close_bids',
  award: 'award',
  signContract: 'sign_contract',
  startImplementation: 'start_implementation',
  startEvaluation: 'start_evaluation',
  close: 'close',
  cancel: 'cancel',
} as const satisfies Record<PurchaseEvent, string>;

/** The stages in the order they are reached, to find the day of the latest one. */
const stagesInOrder = purchaseStageOrder;

/**
 * What every use case of purchases shares, for one district and one caller: the service kit,
 * input parsing, where a purchase lies and who may run it, the purchase's lock, and the one way a
 * stage moves (the state machine first, then the day in order, then the guarded update and its
 * audit entry). The use cases are tendering.ts, bidding.ts, contracts.ts and delivery-stages.ts;
 * the rules are pure, in purchase-stages.ts, undertaker-eligibility.ts and contract-rules.ts.
 */
export function createPurchaseContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;

  /** Text published with the purchase (四公开: procedures, contract): checked for personal data. */
  function publishedText(value: unknown, path: FieldPath, maxLength: number, label: string): string {
    return kit.unwrap(checkPublishedText(kit.text(value, path, { maxLength, label }), { path }));
  }

  /**
   * A reason the records keep and publish (a cancellation, a termination, a continuing service):
   * REASON_REQUIRED when there is none.
   *
   * @throws {SansheError} REASON_REQUIRED, VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT
   */
  function requiredReason(value: unknown, path: FieldPath, what: string): string {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      throw new SansheError('REASON_REQUIRED', `${what} needs its reason.`, { path });
    }
    return publishedText(value, path, 500, 'The reason');
  }

  /** The write target of a unit: a district-level code is district-wide (only district-wide roles). */
  function unitTarget(unitCode: string): WriteTarget {
    return { unitCode: unitCode.length === 6 ? null : unitCode };
  }

  /**
   * The caller may run this purchase (`purchase.run`): where its project lies, and for its
   * purchaser, since the purchaser's office runs its own procurement.
   *
   * @throws {SansheError} FORBIDDEN
   */
  function authorizeRun(place: Pick<PurchasePlace, 'projectUnitCode' | 'purchaserUnitCode'>): void {
    kit.authorize('purchase.run', unitTarget(place.projectUnitCode));
    kit.authorize('purchase.run', unitTarget(place.purchaserUnitCode));
  }

  const placeColumns = {
    purchaseId: purchases.id,
    projectId: purchases.projectId,
    projectUnitCode: serviceProjects.unitCode,
    purchaserUnitCode: purchases.purchaserUnitCode,
  };
  const purchaseProject = and(
    eq(serviceProjects.districtCode, purchases.districtCode),
    eq(serviceProjects.id, purchases.projectId),
  );

  /** Where a purchase lies, read without locks (neither its project nor its purchaser ever changes). */
  async function placeOfPurchase(purchaseId: number, path: FieldPath): Promise<PurchasePlace> {
    const [place] = await db
      .select(placeColumns)
      .from(purchases)
      .innerJoin(serviceProjects, purchaseProject)
      .where(and(eq(purchases.districtCode, districtCode), eq(purchases.id, purchaseId)));
    if (!place) throw kit.notFound('purchase', purchaseId, path);
    return place;
  }

  /** Where a bid's purchase lies. */
  async function placeOfBid(bidId: number, path: FieldPath): Promise<PurchasePlace & { bidId: number }> {
    const [place] = await db
      .select({ ...placeColumns, bidId: purchaseBids.id })
      .from(purchaseBids)
      .innerJoin(
        purchases,
        and(eq(purchases.districtCode, purchaseBids.districtCode), eq(purchases.id, purchaseBids.purchaseId)),
      )
      .innerJoin(serviceProjects, purchaseProject)
      .where(and(eq(purchaseBids.districtCode, districtCode), eq(purchaseBids.id, bidId)));
    if (!place) throw kit.notFound('purchase bid', bidId, path);
    return place;
  }

  /** Where a contract's purchase lies. */
  async function placeOfContract(contractId: number, path: FieldPath): Promise<PurchasePlace> {
    const [place] = await db
      .select(placeColumns)
      .from(serviceContracts)
      .innerJoin(
        purchases,
        and(
          eq(purchases.districtCode, serviceContracts.districtCode),
          eq(purchases.id, serviceContracts.purchaseId),
        ),
      )
      .innerJoin(serviceProjects, purchaseProject)
      .where(and(eq(serviceContracts.districtCode, districtCode), eq(serviceContracts.id, contractId)));
    if (!place) throw kit.notFound('service contract', contractId, path);
    return place;
  }

  /**
   * The purchase, locked FOR UPDATE (so moves of one purchase follow one another), at the version
   * the caller read, with its project locked FOR SHARE.
   *
   * @throws {SansheError} NOT_FOUND, VERSION_CONFLICT
   */
  async function lockPurchase(tx: SansheDb, purchaseId: number, expectedVersion: number | null | undefined) {
    const purchase = await kit.requireRecord(
      tx,
      purchases,
      purchaseId,
      'purchase',
      ['input', 'purchaseId'],
      'update',
    );
    kit.checkVersion(purchase, expectedVersion, `Purchase ${purchaseId}`);
    const project = await kit.requireRecord(
      tx,
      serviceProjects,
      purchase.projectId,
      'service project',
      ['input', 'purchaseId'],
      'share',
    );
    return { purchase, project };
  }

  /**
   * The stage `event` leads to from the purchase's stage, or STAGE_OUT_OF_ORDER (the state
   * machine, purchase-stages.ts). Asked before anything is written.
   *
   * @throws {SansheError} STAGE_OUT_OF_ORDER
   */
  function nextStage(purchase: Purchase, event: PurchaseEvent): PurchaseStage {
    return purchaseStages.next(
      purchase.stage as PurchaseStage,
      event,
      ['input', 'purchaseId'],
      `Purchase ${purchase.id}`,
    );
  }

  /** The latest stage reached and its day. */
  function latestStageDay(purchase: Purchase): { stage: PurchaseStage; day: string } {
    let latest: { stage: PurchaseStage; day: string } = { stage: 'plan', day: purchase.plannedOn };
    for (const stage of stagesInOrder) {
      const day = purchase[stageDayColumns[stage]];
      if (day !== null) latest = { stage, day };
    }
    return latest;
  }

  /**
   * A stage's day: given or today, never after today, and not before the day of the stage reached
   * last (the CHECK `purchases_days_in_order` holds the same).
   *
   * @throws {SansheError} INVALID_DATE, DATE_IN_FUTURE, INVALID_DATE_RANGE
   */
  function stageDay(purchase: Purchase, value: unknown, path: FieldPath): string {
    const day = kit.pastDate(value, path, false);
    const latest = latestStageDay(purchase);
    if (day < latest.day) {
      throw new SansheError(
        'INVALID_DATE_RANGE',
        `Purchase ${purchase.id} reached stage ${latest.stage} on ${latest.day}; the next stage cannot be dated ${day}, before it.`,
        { path, details: { stage: latest.stage, stageDay: latest.day } },
      );
    }
    return day;
  }

  /**
   * Move the purchase to the stage `event` leads to, on `day`, with the columns the move sets
   * besides; guarded by the version read under the lock, audited as `purchase.<verb>`.
   */
  async function writeStage(
    tx: SansheDb,
    purchase: Purchase,
    event: PurchaseEvent,
    day: string,
    changes: Partial<Pick<Purchase, 'cancellationReason'>> = {},
    reason?: string,
  ): Promise<Purchase> {
    const stage = nextStage(purchase, event);
    const [updated] = await tx
      .update(purchases)
      .set({
        stage,
        [stageDayColumns[stage]]: day,
        ...changes,
        version: sql`${purchases.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(purchases.districtCode, districtCode),
          eq(purchases.id, purchase.id),
          eq(purchases.version, purchase.version),
        ),
      )
      .returning();
    if (!updated) throw kit.versionConflict(purchase, `Purchase ${purchase.id}`);
    await kit.audit(tx, {
      action: `purchase.${auditVerbs[event]}`,
      entityType: 'purchase',
      entityId: purchase.id,
      before: purchase,
      after: updated,
      reason: reason ?? null,
    });
    return updated;
  }

  return {
    kit,
    db,
    districtCode,
    publishedText,
    requiredReason,
    unitTarget,
    authorizeRun,
    placeOfPurchase,
    placeOfBid,
    placeOfContract,
    lockPurchase,
    nextStage,
    stageDay,
    writeStage,
  };
}

export type PurchaseContext = ReturnType<typeof createPurchaseContext>;
export type PurchaseTransaction = Transaction;
