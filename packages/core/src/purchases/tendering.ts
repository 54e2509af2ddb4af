import { and, eq } from 'drizzle-orm';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { subdistricts } from '../schema/hierarchy.js';
import { type Purchase, purchases } from '../schema/purchases.js';
import { serviceProjects } from '../schema/service-projects.js';
import { parseCode } from '../services/code-list.js';
import { parseDivisionCode } from '../validators/division-code.js';
import { purchaseMethods } from './code-lists.js';
import type { PurchaseContext } from './purchase-context.js';
import type { CancelPurchaseInput, PlanPurchaseInput, PublishTenderInput } from './purchase-types.js';

/**
 * A purchase's opening and its cancellation (docs/domain.md §6.3): planned for an approved project
 * by its purchaser, its tender published, cancelled before a contract. Run by the purchaser
 * (`purchase.run` where the project lies and for the purchaser's unit).
 */
export function createTenderingUseCases(context: PurchaseContext) {
  const { kit, db, districtCode } = context;

  /**
   * The purchaser's code (购买主体, 令第102号 第五条 *to verify*): the district's department (the
   * district code) or a subdistrict office (a subdistrict code) of this district. A community is a
   * residents' self-governing body, not a purchaser.
   *
   * @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT, CODE_LEVEL_MISMATCH
   */
  function parsePurchaser(value: unknown, path: FieldPath): string {
    const code = kit.unwrap(parseDivisionCode(value, { path }));
    if (code.districtCode !== districtCode) {
      throw new SansheError(
        'CODE_OUTSIDE_DISTRICT',
        `The purchaser ${code.code} is not a unit of district ${districtCode}.`,
        { path },
      );
    }
    if (code.level === 'community') {
      throw new SansheError(
        'CODE_LEVEL_MISMATCH',
        `The purchaser is the district (${districtCode}) or a subdistrict office, not the community ${code.code}.`,
        { path },
      );
    }
    return code.code;
  }

  return {
    /**
     * Plan the purchase of an approved project (采购计划): its purchaser and method. The purchaser
     * answers for the project's unit (the district, or the subdistrict the project lies in) and,
     * when a subdistrict, is in force on the day. One live purchase per project: a second is
     * DUPLICATE_RECORD (the unique index `purchases_live_per_project_unique`), until the first is
     * cancelled.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_CODE_LIST_VALUE, INVALID_DIVISION_CODE,
     *   CODE_OUTSIDE_DISTRICT, CODE_LEVEL_MISMATCH, INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN,
     *   VALIDATION_FAILED (a purchaser that does not answer for the project), STATUS_NOT_ALLOWED
     *   (the project is not approved), INVALID_DATE_RANGE (before the approval),
     *   UNIT_NOT_IN_FORCE, DUPLICATE_RECORD
     */
    async planPurchase(input: PlanPurchaseInput): Promise<Purchase> {
      const projectId = kit.requireId(input.projectId, 'service project', ['input', 'projectId']);
      const purchaserUnitCode = parsePurchaser(input.purchaserUnitCode, ['input', 'purchaserUnitCode']);
      const method = parseCode(purchaseMethods, input.method, ['input', 'method'], 'The purchase method');
      const plannedOn = kit.pastDate(input.plannedOn, ['input', 'plannedOn'], false);
      const project = await kit.requireRecord(db, serviceProjects, projectId, 'service project', [
        'input',
        'projectId',
      ]);
      context.authorizeRun({ projectUnitCode: project.unitCode, purchaserUnitCode });
      if (!project.unitCode.startsWith(purchaserUnitCode)) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `The purchaser ${purchaserUnitCode} does not answer for the unit ${project.unitCode} of project ${projectId}: the district or the project's own subdistrict buys it.`,
          { path: ['input', 'purchaserUnitCode'] },
        );
      }

      return db.transaction(async (tx) => {
        // FOR SHARE: the project is not cancelled or changed while its purchase is planned.
        const locked = await kit.requireRecord(
          tx,
          serviceProjects,
          projectId,
          'service project',
          ['input', 'projectId'],
          'share',
        );
        if (locked.status !== 'approved') {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Project ${projectId} is ${locked.status}: only an approved project is purchased.`,
            { path: ['input', 'projectId'], details: { state: locked.status, allowed: ['approved'] } },
          );
        }
        if (locked.approvedOn !== null && plannedOn < locked.approvedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Project ${projectId} was approved on ${locked.approvedOn}; its purchase cannot be planned on ${plannedOn}, before it.`,
            { path: ['input', 'plannedOn'] },
          );
        }
        if (purchaserUnitCode.length === 9) {
          const [office] = await tx
            .select()
            .from(subdistricts)
            .where(and(eq(subdistricts.districtCode, districtCode), eq(subdistricts.code, purchaserUnitCode)))
            .for('share');
          if (!office) {
            throw new SansheError(
              'NOT_FOUND',
              `No subdistrict ${purchaserUnitCode} in district ${districtCode}.`,
              {
                path: ['input', 'purchaserUnitCode'],
              },
            );
          }
          if (
            office.effectiveFrom > plannedOn ||
            (office.retiredOn !== null && office.retiredOn <= plannedOn)
          ) {
            throw new SansheError(
              'UNIT_NOT_IN_FORCE',
              `The subdistrict ${purchaserUnitCode} is not in force on ${plannedOn}.`,
              { path: ['input', 'purchaserUnitCode'] },
            );
          }
        }
        const [purchase] = await kit.insertUnique(
          () =>
            tx
              .insert(purchases)
              .values({ districtCode, projectId, purchaserUnitCode, method, stage: 'plan', plannedOn })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `Project ${projectId} already has a live purchase; cancel it before buying the project again.`,
            path: ['input', 'projectId'],
          },
        );
        await kit.audit(tx, {
          action: 'purchase.plan',
          entityType: 'purchase',
          entityId: purchase!.id,
          after: purchase!,
        });
        return purchase!;
      });
    },

    /**
     * Publish the tender (招标公告, or 单一来源公示 for a single source): plan → tender. Bids are
     * taken from then until the bids close.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_DATE, DATE_IN_FUTURE, VERSION_CONFLICT,
     *   STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE
     */
    async publishTender(input: PublishTenderInput): Promise<Purchase> {
      const purchaseId = kit.requireId(input.purchaseId, 'purchase', ['input', 'purchaseId']);
      context.authorizeRun(await context.placeOfPurchase(purchaseId, ['input', 'purchaseId']));
      return db.transaction(async (tx) => {
        const { purchase } = await context.lockPurchase(tx, purchaseId, input.expectedVersion);
        context.nextStage(purchase, 'publishTender');
        const day = context.stageDay(purchase, input.publishedOn, ['input', 'publishedOn']);
        return context.writeStage(tx, purchase, 'publishTender', day);
      });
    },

    /**
     * Cancel the purchase (终止 / 废标, 政府采购法 第三十六条 *to verify*) with its reason, only before
     * a contract is signed (plan, tender, bids or award). The project may then be bought by a new
     * purchase. Once a contract exists, the contract is terminated instead (terminateContract).
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, REASON_REQUIRED, VALIDATION_FAILED, INVALID_TEXT,
     *   PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_DATE, DATE_IN_FUTURE, VERSION_CONFLICT,
     *   STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE
     */
    async cancelPurchase(input: CancelPurchaseInput): Promise<Purchase> {
      const purchaseId = kit.requireId(input.purchaseId, 'purchase', ['input', 'purchaseId']);
      const reason = context.requiredReason(input.reason, ['input', 'reason'], 'A cancellation');
      context.authorizeRun(await context.placeOfPurchase(purchaseId, ['input', 'purchaseId']));
      return db.transaction(async (tx) => {
        const { purchase } = await context.lockPurchase(tx, purchaseId, input.expectedVersion);
        context.nextStage(purchase, 'cancel');
        const day = context.stageDay(purchase, input.cancelledOn, ['input', 'cancelledOn']);
        return context.writeStage(tx, purchase, 'cancel', day, { cancellationReason: reason }, reason);
      });
    },
  };
}
