import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { parseAmountFen } from '../funds/funds-rules.js';
import type { ProfessionalMethod } from '../policies/policy-keys.js';
import { socialOrganizations } from '../schema/organizations.js';
import { type Purchase, type PurchaseBid, purchaseBids, purchases } from '../schema/purchases.js';
import type { ServiceProject } from '../schema/service-projects.js';
import { socialWorkers } from '../schema/social-workers.js';
import { type UndertakerIneligibilityReason, undertakerIneligibilityReasons } from './code-lists.js';
import { loadUndertakerFacts, purchasePoliciesInForce } from './eligibility-facts.js';
import type { PurchaseContext, PurchaseTransaction } from './purchase-context.js';
import type { AwardBidInput, CloseBidsInput, SubmitBidInput } from './purchase-types.js';
import {
  standingReasons,
  type UndertakerEligibility,
  undertakerEligibility,
} from './undertaker-eligibility.js';

/**
 * What a bid keeps in its `eligibility` column: the staff it declared, the assessment made when
 * the bids closed and the check made again at the award, each with its reasons, the grade found
 * and the policies (with their sources) it applied, so the decision can be re-derived.
 */
export interface BidEligibilityRecord {
  declaredStaff: number[] | null;
  assessment?: UndertakerEligibility;
  award?: UndertakerEligibility;
}

/** At most this many workers are declared with one bid. */
const MAX_DECLARED_STAFF = 200;

/**
 * Bids, their assessment and the award (docs/domain.md §6.3): an organization bids while the
 * tender is out (`purchase.bid`, its own staff for their own organization); the purchaser closes
 * the bids and every bid is assessed against who may undertake (undertaker-eligibility.ts); the
 * purchase is awarded to a qualified bid, whose eligibility is checked once more on the award day.
 */
export function createBiddingUseCases(context: PurchaseContext) {
  const { kit, db, districtCode } = context;

  function parseDeclaredStaff(value: unknown): number[] | null {
    if (value === undefined || value === null) return null;
    const path: FieldPath = ['input', 'declaredStaff'];
    if (!Array.isArray(value) || value.length > MAX_DECLARED_STAFF) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `The declared staff is a list of at most ${MAX_DECLARED_STAFF} social workers.`,
        { path },
      );
    }
    const ids = value.map((id, index) => kit.requireId(id, 'social worker', [...path, index]));
    const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
    if (repeated >= 0) {
      throw new SansheError('VALIDATION_FAILED', `Social worker ${ids[repeated]} is declared twice.`, {
        path: [...path, repeated],
      });
    }
    return ids;
  }

  /** A score of the assessment: 0 to 100 with at most two decimals (`numeric(5, 2)`). */
  function parseScore(value: unknown): number | null {
    if (value === undefined || value === null) return null;
    const path: FieldPath = ['input', 'score'];
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      value > 100 ||
      Math.abs(value * 100 - Math.round(value * 100)) > 1e-9
    ) {
      throw new SansheError(
        'INVALID_NUMBER',
        'A score is a number from 0 to 100 with at most two decimals.',
        {
          path,
        },
      );
    }
    return value;
  }

  /** The declared workers exist and the caller may see them; NOT_FOUND at the first that does not. */
  async function requireDeclaredStaff(tx: PurchaseTransaction, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const found = new Set(
      (
        await tx
          .select({ id: socialWorkers.id })
          .from(socialWorkers)
          .where(and(eq(socialWorkers.districtCode, districtCode), inArray(socialWorkers.id, [...ids])))
      ).map((row) => row.id),
    );
    for (const [index, id] of ids.entries()) {
      const path: FieldPath = ['input', 'declaredStaff', index];
      if (!found.has(id)) throw kit.notFound('social worker', id, path);
      await kit.requireVisible(tx, 'social_worker', id, path);
    }
  }

  /** The eligibility of a bid's organization on a day, under the policies of the purchase's tender. */
  async function assess(
    tx: PurchaseTransaction,
    purchase: Purchase,
    project: ServiceProject,
    bid: PurchaseBid,
    bidDeadline: string,
    on: string,
  ): Promise<UndertakerEligibility> {
    const facts = await loadUndertakerFacts(tx, districtCode, bid.organizationId);
    if (!facts) throw new Error(`Organization ${bid.organizationId} of bid ${bid.id} vanished.`);
    const policies = await purchasePoliciesInForce(
      tx,
      districtCode,
      purchase.purchaserUnitCode,
      purchase.tenderPublishedOn ?? purchase.plannedOn,
    );
    return undertakerEligibility({
      facts,
      policies,
      methods: project.methods as ProfessionalMethod[],
      bidDeadline,
      on,
      declaredStaff: recordOf(bid).declaredStaff,
      bid: { priceFen: bid.priceFen, budgetFen: project.budgetFen },
    });
  }

  function notEligible(
    bid: PurchaseBid,
    reasons: readonly UndertakerIneligibilityReason[],
    on: string,
    details: Record<string, unknown> = {},
  ): SansheError {
    return new SansheError(
      'NOT_ELIGIBLE',
      `Organization ${bid.organizationId} may not undertake the purchase on ${on}: ${reasons.map((reason) => `${reason} (${undertakerIneligibilityReasons[reason]})`).join(', ') || `its bid is ${String(details.status)}`}.`,
      { path: ['input', 'bidId'], details: { reasons, ...details } },
    );
  }

  return {
    /**
     * Submit an organization's bid while the tender is out. A filed group or a deregistered
     * organization can never undertake and is refused at once (NOT_ELIGIBLE); everything else is
     * assessed when the bids close. One bid per organization and purchase (DUPLICATE_RECORD).
     * A published tender is public, so any bidder may name it; a purchase not published is found
     * only by those who may see it.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_NUMBER, INVALID_DATE, DATE_IN_FUTURE,
     *   VALIDATION_FAILED, FORBIDDEN, STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE, NOT_ELIGIBLE,
     *   DUPLICATE_RECORD
     */
    async submitBid(input: SubmitBidInput): Promise<PurchaseBid> {
      const purchaseId = kit.requireId(input.purchaseId, 'purchase', ['input', 'purchaseId']);
      const organizationId = kit.requireId(input.organizationId, 'social organization', [
        'input',
        'organizationId',
      ]);
      const priceFen = parseAmountFen(input.priceFen, ['input', 'priceFen']);
      const submittedOn = kit.pastDate(input.submittedOn, ['input', 'submittedOn'], false);
      const declaredStaff = parseDeclaredStaff(input.declaredStaff);
      kit.authorize('purchase.bid', { organizationId });

      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'social_organization', organizationId, ['input', 'organizationId']);
        // FOR SHARE: bids and the closing of the bids (FOR UPDATE) follow one another, so no bid
        // slips in after the assessment.
        const purchase = await kit.requireRecord(
          tx,
          purchases,
          purchaseId,
          'purchase',
          ['input', 'purchaseId'],
          'share',
        );
        if (purchase.stage !== 'tender')
          await kit.requireVisible(tx, 'purchase', purchaseId, ['input', 'purchaseId']);
        context.nextStage(purchase, 'submitBid');
        if (purchase.tenderPublishedOn !== null && submittedOn < purchase.tenderPublishedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The tender of purchase ${purchaseId} was published on ${purchase.tenderPublishedOn}; a bid cannot be submitted on ${submittedOn}, before it.`,
            { path: ['input', 'submittedOn'] },
          );
        }
        const organization = await kit.requireRecord(
          tx,
          socialOrganizations,
          organizationId,
          'social organization',
          ['input', 'organizationId'],
          'share',
        );
        const standing = standingReasons(organization, submittedOn);
        if (standing.length > 0) {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `Organization ${organizationId} can never undertake a purchased service: ${standing.map((reason) => undertakerIneligibilityReasons[reason]).join('；')}.`,
            { path: ['input', 'organizationId'], details: { reasons: standing } },
          );
        }
        if (submittedOn < organization.registeredOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Organization ${organizationId} was registered on ${organization.registeredOn}; it cannot bid on ${submittedOn}.`,
            { path: ['input', 'submittedOn'] },
          );
        }
        await requireDeclaredStaff(tx, declaredStaff ?? []);
        const eligibility: BidEligibilityRecord = { declaredStaff };
        const [bid] = await kit.insertUnique(
          () =>
            tx
              .insert(purchaseBids)
              .values({ districtCode, purchaseId, organizationId, submittedOn, priceFen, eligibility })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `Organization ${organizationId} already bid for purchase ${purchaseId}.`,
            path: ['input', 'organizationId'],
          },
        );
        await kit.audit(tx, {
          action: 'purchase_bid.submit',
          entityType: 'purchase_bid',
          entityId: bid!.id,
          after: bid!,
        });
        return bid!;
      });
    },

    /**
     * Close the bids at the deadline (tender → bids) and assess every bid: qualified, or
     * disqualified with the reasons (undertaker-eligibility.ts), the decision kept with the bid
     * (`eligibility.assessment`: reasons, grade found, staff counted, policies and their sources).
     * Facts are read on the deadline; the policies are those in force for the purchaser when the
     * tender was published. No bid, or none qualified, still closes: the purchaser then cancels.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_DATE, DATE_IN_FUTURE, VERSION_CONFLICT,
     *   STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE (before the tender or a bid's submission)
     */
    async closeBids(input: CloseBidsInput): Promise<{ purchase: Purchase; bids: PurchaseBid[] }> {
      const purchaseId = kit.requireId(input.purchaseId, 'purchase', ['input', 'purchaseId']);
      context.authorizeRun(await context.placeOfPurchase(purchaseId, ['input', 'purchaseId']));
      return db.transaction(async (tx) => {
        const { purchase, project } = await context.lockPurchase(tx, purchaseId, input.expectedVersion);
        context.nextStage(purchase, 'closeBids');
        const closedOn = context.stageDay(purchase, input.closedOn, ['input', 'closedOn']);
        const submitted = await tx
          .select()
          .from(purchaseBids)
          .where(and(eq(purchaseBids.districtCode, districtCode), eq(purchaseBids.purchaseId, purchaseId)))
          .orderBy(asc(purchaseBids.id))
          .for('update');
        const late = submitted.find((bid) => bid.submittedOn > closedOn);
        if (late) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Bid ${late.id} was submitted on ${late.submittedOn}; the bids cannot close on ${closedOn}, before it.`,
            { path: ['input', 'closedOn'] },
          );
        }
        const assessed: PurchaseBid[] = [];
        for (const bid of submitted) {
          const assessment = await assess(tx, purchase, project, bid, closedOn, closedOn);
          const [written] = await tx
            .update(purchaseBids)
            .set({
              status: assessment.eligible ? 'qualified' : 'disqualified',
              eligibility: { ...recordOf(bid), assessment } satisfies BidEligibilityRecord,
              disqualificationReason: assessment.eligible
                ? null
                : assessment.reasons.map((reason) => undertakerIneligibilityReasons[reason]).join('；'),
              version: sql`${purchaseBids.version} + 1`,
              updatedAt: sql`now()`,
            })
            .where(and(eq(purchaseBids.districtCode, districtCode), eq(purchaseBids.id, bid.id)))
            .returning();
          await kit.audit(tx, {
            action: 'purchase_bid.assess',
            entityType: 'purchase_bid',
            entityId: bid.id,
            before: bid,
            after: written!,
          });
          assessed.push(written!);
        }
        const moved = await context.writeStage(tx, purchase, 'closeBids', closedOn);
        return { purchase: moved, bids: assessed };
      });
    },

    /**
     * Award the purchase (bids → award) to a qualified bid. The organization's eligibility is
     * checked again on the award day (lists, grade, staff; penalties in the look-back before the
     * bid deadline and since), under the tender's policies, and kept with the bid
     * (`eligibility.award`). A disqualified bid, or one no longer eligible, is NOT_ELIGIBLE with
     * the reasons, and nothing changes. Every other qualified bid becomes not awarded.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_NUMBER, FORBIDDEN, INVALID_DATE, DATE_IN_FUTURE,
     *   VERSION_CONFLICT, STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE, NOT_ELIGIBLE
     */
    async awardBid(input: AwardBidInput): Promise<{ purchase: Purchase; bid: PurchaseBid }> {
      const bidId = kit.requireId(input.bidId, 'purchase bid', ['input', 'bidId']);
      const score = parseScore(input.score);
      const place = await context.placeOfBid(bidId, ['input', 'bidId']);
      context.authorizeRun(place);
      return db.transaction(async (tx) => {
        const { purchase, project } = await context.lockPurchase(tx, place.purchaseId, input.expectedVersion);
        context.nextStage(purchase, 'award');
        const awardedOn = context.stageDay(purchase, input.awardedOn, ['input', 'awardedOn']);
        const bid = await kit.requireRecord(
          tx,
          purchaseBids,
          bidId,
          'purchase bid',
          ['input', 'bidId'],
          'update',
        );
        if (bid.status !== 'qualified') {
          const assessment = recordOf(bid).assessment;
          throw notEligible(bid, assessment?.reasons ?? [], assessment?.on ?? awardedOn, {
            status: bid.status,
            disqualificationReason: bid.disqualificationReason,
          });
        }
        const recheck = await assess(tx, purchase, project, bid, purchase.bidsClosedOn!, awardedOn);
        if (!recheck.eligible) throw notEligible(bid, recheck.reasons, awardedOn);
        const [awarded] = await tx
          .update(purchaseBids)
          .set({
            status: 'awarded',
            score: score ?? bid.score,
            eligibility: { ...recordOf(bid), award: recheck } satisfies BidEligibilityRecord,
            version: sql`${purchaseBids.version} + 1`,
            updatedAt: sql`now()`,
          })
          .where(and(eq(purchaseBids.districtCode, districtCode), eq(purchaseBids.id, bidId)))
          .returning();
        const others = await tx
          .update(purchaseBids)
          .set({ status: 'not_awarded', version: sql`${purchaseBids.version} + 1`, updatedAt: sql`now()` })
          .where(
            and(
              eq(purchaseBids.districtCode, districtCode),
              eq(purchaseBids.purchaseId, purchase.id),
              eq(purchaseBids.status, 'qualified'),
              ne(purchaseBids.id, bidId),
            ),
          )
          .returning({ id: purchaseBids.id });
        await kit.audit(tx, {
          action: 'purchase_bid.award',
          entityType: 'purchase_bid',
          entityId: bidId,
          before: bid,
          after: { ...awarded!, notAwardedBidIds: others.map((other) => other.id).sort((a, b) => a - b) },
        });
        const moved = await context.writeStage(tx, purchase, 'award', awardedOn);
        return { purchase: moved, bid: awarded! };
      });
    },
  };
}

/** The bid's eligibility record (an older row or a direct insert may hold none). */
export function recordOf(bid: Pick<PurchaseBid, 'eligibility'>): BidEligibilityRecord {
  const stored = bid.eligibility as Partial<BidEligibilityRecord> | null;
  return { ...stored, declaredStaff: stored?.declaredStaff ?? null };
}
