import {
  type OrderedPurchaseStage,
  type PurchaseMethod,
  purchaseStageOrder,
} from '../purchases/code-lists.js';
import { addDays, addMonths } from '../services/dates.js';
import { daysBetween, type Random } from './random.js';

/**
 * The days of a demo purchase (docs/domain.md §6.3), stage by stage, drawn from the durations
 * the procurement rules allow and practice shows, and fitted so that a project reaches exactly
 * the stage it is meant to show on the plan's day.
 */

export const purchaseStages = purchaseStageOrder;

export type PurchaseStage = OrderedPurchaseStage;
export type { PurchaseMethod };

/** The durations of one purchase, in days unless named otherwise. */
export interface PurchaseDraw {
  method: PurchaseMethod;
  /** From approval (or from the cancellation of an earlier purchase) to the purchase plan. */
  toPlan: number;
  toTender: number;
  /** The bidding period, from the notice to the deadline. */
  toBids: number;
  toAward: number;
  toContract: number;
  /** From signing to the contract's first day, when delivery starts. */
  toStart: number;
  /** The contract's term in months: at most 12, or 36 for a continuing service (令第102号). */
  months: number;
  continuing: boolean;
  /** The share of the term after which the contract is ended early, if it is. */
  terminateAt: number | null;
  /** From the end of delivery (the contract's last day, or its termination) to the evaluation stage. */
  toEvaluation: number;
  toClosure: number;
}

/** Every day of a purchase as drawn, reached or not. */
export interface PurchaseSchedule {
  plannedOn: string;
  tenderPublishedOn: string;
  bidsClosedOn: string;
  awardedOn: string;
  contractedOn: string;
  implementationStartedOn: string;
  evaluationStartedOn: string;
  closedOn: string;
  contract: { startsOn: string; endsOn: string; terminatedOn: string | null };
}

const stageDayKeys: Record<PurchaseStage, keyof Omit<PurchaseSchedule, 'contract'>> = {
  plan: 'plannedOn',
  tender: 'tenderPublishedOn',
  bids: 'bidsClosedOn',
  award: 'awardedOn',
  contract: 'contractedOn',
  implementation: 'implementationStartedOn',
  evaluation: 'evaluationStartedOn',
  closure: 'closedOn',
};

/** The day a stage is reached in a schedule. */
export function stageDay(schedule: PurchaseSchedule, stage: PurchaseStage): string {
  return schedule[stageDayKeys[stage]];
}

/**
 * Durations for a purchase by one method. The bidding period is the one each method needs: at
 * least 20 days for a tender (invited or open, 政府采购货物和服务招标投标管理办法), at least 10 for
 * a competitive consultation (财库〔2014〕214号), a few working days of public notice for a single
 * source (政府采购非招标采购方式管理办法); the contract within 30 days of the award (政府采购法
 * 第四十六条).
 */
export function drawPurchase(
  random: Random,
  method: PurchaseMethod,
  term: { months: number; continuing: boolean; terminateAt?: number | null },
): PurchaseDraw {
  return {
    method,
    toPlan: random.int(3, 20),
    toTender: random.int(5, 20),
    toBids:
      method === 'single_source'
        ? random.int(7, 10)
        : method === 'competitive_consultation'
          ? random.int(10, 16)
          : random.int(20, 28),
    toAward: random.int(1, 7),
    toContract: random.int(5, 28),
    toStart: random.int(2, 15),
    months: term.months,
    continuing: term.continuing,
    terminateAt: term.terminateAt ?? null,
    toEvaluation: random.int(2, 10),
    toClosure: random.int(20, 45),
  };
}

/** Every day of a purchase that starts its plan `toPlan` days after `from`. */
export function scheduleOf(from: string, draw: PurchaseDraw): PurchaseSchedule {
  const plannedOn = addDays(from, draw.toPlan);
  const tenderPublishedOn = addDays(plannedOn, draw.toTender);
  const bidsClosedOn = addDays(tenderPublishedOn, draw.toBids);
  const awardedOn = addDays(bidsClosedOn, draw.toAward);
  const contractedOn = addDays(awardedOn, draw.toContract);
  const startsOn = addDays(contractedOn, draw.toStart);
  // The last day is the day before the term's anniversary: the longest term the contract CHECK allows.
  const endsOn = addDays(addMonths(startsOn, draw.months), -1);
  const terminatedOn =
    draw.terminateAt === null
      ? null
      : addDays(startsOn, Math.max(1, Math.floor(daysBetween(startsOn, endsOn) * draw.terminateAt)));
  const evaluationStartedOn = addDays(terminatedOn ?? endsOn, draw.toEvaluation);
  return {
    plannedOn,
    tenderPublishedOn,
    bidsClosedOn,
    awardedOn,
    contractedOn,
    implementationStartedOn: startsOn,
    evaluationStartedOn,
    closedOn: addDays(evaluationStartedOn, draw.toClosure),
    contract: { startsOn, endsOn, terminatedOn },
  };
}

/** The stage after another, or null after closure. */
export function nextStage(stage: PurchaseStage): PurchaseStage | null {
  return purchaseStages[purchaseStages.indexOf(stage) + 1] ?? null;
}
