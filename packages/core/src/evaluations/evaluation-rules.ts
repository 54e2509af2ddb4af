import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { stagePosition, stageReached } from '../purchases/code-lists.js';
import type { EvaluationKind, SatisfactionScore } from './code-lists.js';

/**
 * The rules of evaluation (docs/domain.md §6.7): plain data in, a decision or a typed
 * {@link SansheError} out, no I/O. The use cases load and lock what these read.
 */

/**
 * A third-party evaluation's score: 0 to 100 with at most two decimals (schema/evaluations.ts
 * `numeric(5, 2)`).
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parseEvaluationScore(value: unknown, path: FieldPath): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100) {
    const hundredths = Math.round(value * 100);
    if (Math.abs(value * 100 - hundredths) < 1e-6) return hundredths / 100;
  }
  throw new SansheError(
    'INVALID_NUMBER',
    `An evaluation's score is from 0 to 100 with at most two decimals, got ${String(value).slice(0, 32)}.`,
    { path },
  );
}

/**
 * A resident's satisfaction: a whole number from 1 (very dissatisfied) to 5 (very satisfied).
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parseSatisfactionScore(value: unknown, path: FieldPath): SatisfactionScore {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) {
    return value as SatisfactionScore;
  }
  throw new SansheError(
    'INVALID_NUMBER',
    `A satisfaction score is a whole number from 1 to 5, got ${String(value).slice(0, 32)}.`,
    { path },
  );
}

/** What the tables say about a purchase's delivery, for the timing of evaluations and answers. */
export interface DeliveryStage {
  stage: string;
  implementationStartedOn: string | null;
  evaluationStartedOn: string | null;
}

/**
 * When a third-party evaluation may be recorded (§6.7 "only after delivery (the purchase at
 * evaluation)", read with §6.3's tranches, of which one is released by a mid-term evaluation):
 *
 * - the **final** evaluation assesses delivery as a whole (验收与绩效评价), so it comes after
 *   delivery: the purchase at `evaluation`, on or after the day that stage began. Before it,
 *   NOT_DELIVERED; once the purchase is closed (结项), its final evaluation is behind it:
 *   STAGE_OUT_OF_ORDER.
 * - a **mid-term** evaluation assesses delivery so far, after it started: the purchase at
 *   `implementation`, on or after the day implementation began. Before it, NOT_DELIVERED; once
 *   delivery has ended there is nothing mid-term left to assess: STAGE_OUT_OF_ORDER.
 *
 * @throws {SansheError} NOT_DELIVERED, STAGE_OUT_OF_ORDER (details `{ state, allowed }`)
 */
export function requireEvaluationTiming(
  kind: EvaluationKind,
  purchase: DeliveryStage,
  evaluatedOn: string,
  paths: { contract: FieldPath; evaluatedOn: FieldPath },
): void {
  const allowed = kind === 'final' ? 'evaluation' : 'implementation';
  const label = kind === 'final' ? 'A final evaluation' : 'A mid-term evaluation';
  const from = kind === 'final' ? purchase.evaluationStartedOn : purchase.implementationStartedOn;
  const stageIndex = stagePosition(purchase.stage);
  const allowedIndex = stagePosition(allowed);
  if (stageIndex < allowedIndex) {
    throw new SansheError(
      'NOT_DELIVERED',
      `${label} comes ${kind === 'final' ? 'after delivery' : 'once delivery has started'}: the purchase is at stage ${purchase.stage}, not yet ${allowed}.`,
      { path: paths.contract, details: { state: purchase.stage, allowed: [allowed] } },
    );
  }
  if (stageIndex > allowedIndex) {
    throw new SansheError(
      'STAGE_OUT_OF_ORDER',
      `${label} is recorded while the purchase is at ${allowed}; it is at ${purchase.stage}.`,
      { path: paths.contract, details: { state: purchase.stage, allowed: [allowed] } },
    );
  }
  if (from === null || evaluatedOn < from) {
    throw new SansheError(
      'NOT_DELIVERED',
      `${label} (${evaluatedOn}) cannot predate the purchase's ${allowed} stage, begun on ${from}.`,
      { path: paths.evaluatedOn, details: { from } },
    );
  }
}

/**
 * Residents answer about a service they received: once delivery has started (the project's
 * purchase at implementation or later), on or after the day it started.
 *
 * @throws {SansheError} NOT_DELIVERED
 */
export function requireDeliveryStarted(
  purchase: DeliveryStage | undefined,
  answeredOn: string,
  paths: { project: FieldPath; answeredOn: FieldPath },
): void {
  if (!purchase || !stageReached(purchase.stage, 'implementation')) {
    throw new SansheError(
      'NOT_DELIVERED',
      purchase
        ? `The project's purchase is at stage ${purchase.stage}: residents answer once delivery has started (implementation).`
        : 'The project has no purchase under way: residents answer once delivery has started (implementation).',
      {
        path: paths.project,
        details: { state: purchase?.stage ?? null, allowed: ['implementation', 'evaluation', 'closure'] },
      },
    );
  }
  if (purchase.implementationStartedOn === null || answeredOn < purchase.implementationStartedOn) {
    throw new SansheError(
      'NOT_DELIVERED',
      `The answer (${answeredOn}) cannot predate delivery, begun on ${purchase.implementationStartedOn}.`,
      { path: paths.answeredOn, details: { from: purchase.implementationStartedOn } },
    );
  }
}

/** An organization, as the conflict-of-interest rule sees it. */
export interface EvaluationParty {
  organizationId: number | null;
  uscc: string | null;
}

/**
 * A third-party evaluation is by a third party (第三方评估, 民发〔2012〕196号; docs/domain.md §6.7):
 * never by the undertaker, recognised by its id or by its USCC (an evaluator outside the district
 * is known only by its code), nor by an organization that bid for the same purchase (a competitor
 * judging the winner). The database's CHECK `project_evaluations_not_by_undertaker` holds the
 * first case by id whoever writes; this says all of them first.
 *
 * @throws {SansheError} CONFLICT_OF_INTEREST at the field that names the conflicted party
 */
export function requireIndependentEvaluator(
  evaluator: EvaluationParty,
  undertaker: EvaluationParty & { organizationId: number },
  bidders: readonly EvaluationParty[],
  paths: { organizationId: FieldPath; uscc: FieldPath },
): void {
  const sameAs = (party: EvaluationParty) =>
    evaluator.organizationId !== null && party.organizationId === evaluator.organizationId
      ? paths.organizationId
      : evaluator.uscc !== null && party.uscc === evaluator.uscc
        ? paths.uscc
        : null;
  const asUndertaker = sameAs(undertaker);
  if (asUndertaker) {
    throw new SansheError(
      'CONFLICT_OF_INTEREST',
      'The undertaking organization does not evaluate its own delivery: the evaluation is by a third party.',
      { path: asUndertaker, details: { organizationId: undertaker.organizationId } },
    );
  }
  for (const bidder of bidders) {
    const asBidder = sameAs(bidder);
    if (asBidder) {
      throw new SansheError(
        'CONFLICT_OF_INTEREST',
        'The evaluator bid for the same purchase: a competitor does not evaluate the undertaker.',
        { path: asBidder, details: { organizationId: bidder.organizationId } },
      );
    }
  }
}
