import { gradeNames } from '../policies/policy-keys.js';
import type { organizationCommunities } from '../schema/organizations.js';
import type { contractTranches, purchaseBids, purchases, serviceContracts } from '../schema/purchases.js';
import { addDays, addMonths } from '../services/dates.js';
import { disqualificationReasons } from './chain-texts.js';
import type { NewOrganization } from './plan-organizations.js';
import {
  continuingReason,
  type PlannedPurchase,
  type ProjectDesign,
  terminationReason,
} from './plan-project-designs.js';
import { type PurchaseStage, purchaseStages, stageDay } from './purchase-timeline.js';
import { daysBetween, type Random, randomDate } from './random.js';
import {
  UNDERTAKER_ELIGIBILITY_SOURCE,
  type UndertakerAssessment,
  type UndertakerRegister,
} from './undertaker-register.js';

export type NewPurchase = typeof purchases.$inferInsert & { id: number };
export type NewBid = typeof purchaseBids.$inferInsert & { id: number };
export type NewContract = typeof serviceContracts.$inferInsert & { id: number };
export type NewTranche = typeof contractTranches.$inferInsert & { id: number };
type NewOrganizationCommunity = typeof organizationCommunities.$inferInsert;

export interface PurchaseRows {
  purchases: NewPurchase[];
  purchaseBids: NewBid[];
  serviceContracts: NewContract[];
  contractTranches: NewTranche[];
}

/** A contract with what the later parts of the plan (evaluation, funds, delivery) read of it. */
export interface PlannedContract {
  projectId: number;
  design: ProjectDesign;
  purchase: NewPurchase;
  contract: NewContract;
  tranches: NewTranche[];
  /** The organizations that bid for it: never its evaluators. */
  bidderIds: number[];
}

interface Bidder {
  organization: NewOrganization;
  assessment: UndertakerAssessment;
}

/**
 * What a bid keeps in its `eligibility` column, in the form the purchase service writes it
 * (purchases/bidding.ts `BidEligibilityRecord`: the staff declared, and the assessment made when
 * the bids closed): here no staff declared, so every certified worker posted there counts, and no
 * local policy in force (the demo district sets none of grade, capacity or major-violation kinds).
 */
function eligibilityRecord(assessedOn: string, assessment: UndertakerAssessment) {
  return {
    declaredStaff: null,
    assessment: {
      eligible: assessment.eligible,
      reasons: assessment.reasons,
      on: assessedOn,
      bidDeadline: assessedOn,
      listings: [],
      majorViolationWindow: null,
      majorViolations: [],
      grade: assessment.grade && {
        grade: gradeNames[assessment.grade.grade - 1],
        awardedOn: assessment.grade.awardedOn,
        validUntil: assessment.grade.validUntil,
      },
      gradePriority: null,
      certifiedStaff: assessment.certifiedStaff,
      declaredStaffNotCounted: [],
      capacity: [],
      policies: { grade: null, majorViolation: null, capacity: null },
      sources: [UNDERTAKER_ELIGIBILITY_SOURCE],
    },
  };
}

export interface PurchasePlanContext {
  districtCode: string;
  asOf: string;
  random: Random;
  organizations: readonly NewOrganization[];
  organizationCommunities: readonly NewOrganizationCommunity[];
  register: UndertakerRegister;
  /** The projects in id order (id = index + 1); a purchase without bidders is held at `tender`. */
  designs: ProjectDesign[];
}

const HUNDRED_YUAN = 10_000;

/**
 * Purchases, bids, contracts and tranches (docs/domain.md §6.3) of the designs. Bidders are drawn
 * from the organizations eligible to undertake on the day the bids are assessed
 * (undertaker-register.ts: registered legal persons, on no list, no penalty in 3 years, with
 * certified staff), preferring those of the project's domain and communities; the best score is
 * awarded and contracted at its price. A purchase that finds no eligible bidder stays at `tender`.
 */
export function planPurchases(context: PurchasePlanContext): PurchaseRows & { contracts: PlannedContract[] } {
  const { districtCode, asOf, random, register } = context;
  const rows: PurchaseRows = { purchases: [], purchaseBids: [], serviceContracts: [], contractTranches: [] };
  const contracts: PlannedContract[] = [];
  const servedBy = new Map<number, Set<number>>();
  for (const link of context.organizationCommunities) {
    const set = servedBy.get(link.organizationId) ?? new Set<number>();
    set.add(link.communityId);
    servedBy.set(link.organizationId, set);
  }
  // Service providers: registered organizations that never deregistered, not hubs nor the
  // foundation (they fund and coordinate rather than deliver), with staff at some time (the
  // others never have the capacity the register asks for).
  const providers = context.organizations.filter(
    (o) =>
      o.legalStatus === 'registered' &&
      !o.deregisteredOn &&
      o.category !== 'hub' &&
      o.legalForm !== 'foundation' &&
      register.everStaffed(o.id),
  );
  const contractsPerYear = new Map<string, number>();

  context.designs.forEach((design, index) => {
    const projectId = index + 1;
    for (const planned of design.purchases) {
      const assessedOn = planned.schedule.bidsClosedOn;
      const assessed = reachedAtLeast(planned.reached, 'bids');
      const cancelledForWantOfBidders = planned.stage === 'cancelled' && planned.reached === 'bids';
      const wanted = cancelledForWantOfBidders
        ? random.int(1, 2)
        : planned.draw.method === 'single_source'
          ? 1
          : random.int(3, 5);
      // Enough to tell whether three may answer, as a tender needs.
      const pool = assessed ? eligibleProviders(design, assessedOn, Math.max(wanted, 3)) : [];
      if (assessed && pool.length === 0 && !cancelledForWantOfBidders) {
        holdAtTender(design, planned);
      }
      if (
        !cancelledForWantOfBidders &&
        planned.draw.method !== 'single_source' &&
        pool.length > 0 &&
        pool.length < 3
      ) {
        // Fewer than three who may answer: the purchaser negotiates with the one it finds best.
        planned.draw.method = 'single_source';
      }
      const purchase = purchaseRow(projectId, design, planned);
      rows.purchases.push(purchase);
      if (planned.reached === 'tender' && planned.stage === 'tender') {
        plannedSubmissions(purchase, design);
        continue;
      }
      if (!reachedAtLeast(planned.reached, 'bids')) continue;
      const bidders = pool.slice(0, planned.draw.method === 'single_source' ? 1 : wanted);
      const bids = planBids(purchase, design, planned, bidders);
      if (!reachedAtLeast(planned.reached, 'contract') || planned.stage === 'cancelled') continue;
      const winner = bids.find((bid) => bid.status === 'awarded')!;
      contracts.push(
        planContract(
          projectId,
          design,
          planned,
          purchase,
          winner,
          bidders.map((b) => b.organization.id),
        ),
      );
    }
  });
  return { ...rows, contracts };

  function reachedAtLeast(reached: PurchaseStage, stage: PurchaseStage): boolean {
    return purchaseStages.indexOf(reached) >= purchaseStages.indexOf(stage);
  }

  /**
   * Up to `count` organizations eligible on the day, in a random order weighted toward the
   * project's domain and communities and toward district-wide agencies (each drawn in proportion
   * to its weight, by exponential keys): only as many are assessed as it takes to find them.
   */
  function eligibleProviders(design: ProjectDesign, on: string, count: number) {
    const ordered = providers
      .map((organization) => {
        const servesProject = design.communityIds.some((id) => servedBy.get(organization.id)?.has(id));
        const inDomain = (organization.serviceDomains ?? []).includes(design.domain);
        const weight =
          (inDomain ? 4 : 1) * (servesProject ? 2 : 1) * (organization.communityId == null ? 2 : 1);
        return { organization, key: -Math.log(1 - random.next()) / weight };
      })
      .sort((a, b) => a.key - b.key);
    const result: Bidder[] = [];
    for (const { organization } of ordered) {
      if (result.length >= count) break;
      if (!register.mayUndertake(organization.id, on)) continue;
      const assessment = register.assess(organization.id, on);
      result.push({ organization, assessment });
    }
    return result;
  }

  /** No organization may answer on the assessment day: the purchase waits at `tender`. */
  function holdAtTender(design: ProjectDesign, planned: PlannedPurchase) {
    planned.reached = 'tender';
    planned.stage = 'tender';
    design.kind = 'tender';
    design.status = 'approved';
    design.closedOn = null;
  }

  function purchaseRow(projectId: number, design: ProjectDesign, planned: PlannedPurchase): NewPurchase {
    const day = (stage: PurchaseStage) =>
      reachedAtLeast(planned.reached, stage) ? stageDay(planned.schedule, stage) : null;
    return {
      districtCode,
      id: rows.purchases.length + 1,
      projectId,
      purchaserUnitCode: design.purchaserUnitCode,
      method: planned.draw.method,
      stage: planned.stage,
      plannedOn: planned.schedule.plannedOn,
      tenderPublishedOn: day('tender'),
      bidsClosedOn: day('bids'),
      awardedOn: day('award'),
      contractedOn: day('contract'),
      implementationStartedOn: day('implementation'),
      evaluationStartedOn: day('evaluation'),
      closedOn: day('closure'),
      cancelledOn: planned.cancelledOn,
      cancellationReason: planned.cancellationReason,
    };
  }

  /** A tender still open: a few answers already in, not yet assessed. */
  function plannedSubmissions(purchase: NewPurchase, design: ProjectDesign) {
    const from = purchase.tenderPublishedOn!;
    if (daysBetween(from, asOf) < 3) return;
    for (const { organization } of eligibleProviders(design, asOf, random.int(0, 2))) {
      rows.purchaseBids.push({
        districtCode,
        id: rows.purchaseBids.length + 1,
        purchaseId: purchase.id,
        organizationId: organization.id,
        submittedOn: randomDate(random, from, asOf),
        priceFen: priceFor(design),
        score: null,
        status: 'submitted',
        eligibility: null,
        disqualificationReason: null,
      });
    }
  }

  function priceFor(design: ProjectDesign): number {
    // The ceiling (最高限价) is the budget less what is given in kind.
    const ceiling = design.budgetFen - design.inKindFen;
    return Math.max(
      HUNDRED_YUAN,
      Math.floor((ceiling * (0.86 + random.next() * 0.135)) / HUNDRED_YUAN) * HUNDRED_YUAN,
    );
  }

  function planBids(
    purchase: NewPurchase,
    design: ProjectDesign,
    planned: PlannedPurchase,
    bidders: readonly Bidder[],
  ): NewBid[] {
    const awarding = reachedAtLeast(planned.reached, 'award') && planned.stage !== 'cancelled';
    // A bid may be set aside (for its documents, not its bidder) only where three qualified bids
    // remain, as a tender needs three (政府采购法 第三十六条); a purchase cancelled for want of
    // bidders keeps what it had.
    let qualifiedLeft = bidders.length;
    const drafts = bidders.map((bidder, index) => {
      const disqualified = index > 0 && qualifiedLeft > 3 && random.next() < 0.25;
      if (disqualified) qualifiedLeft -= 1;
      return { bidder, disqualified, score: Math.round((62 + random.next() * 34) * 100) / 100 };
    });
    const qualified = drafts.filter((d) => !d.disqualified);
    const best = qualified.reduce<(typeof drafts)[number] | null>(
      (top, d) => (top === null || d.score > top.score ? d : top),
      null,
    );
    return drafts.map(({ bidder, disqualified, score }) => {
      const status = disqualified
        ? 'disqualified'
        : !awarding
          ? 'qualified'
          : best?.bidder === bidder
            ? 'awarded'
            : 'not_awarded';
      const bid: NewBid = {
        districtCode,
        id: rows.purchaseBids.length + 1,
        purchaseId: purchase.id,
        organizationId: bidder.organization.id,
        submittedOn: randomDate(random, purchase.tenderPublishedOn!, purchase.bidsClosedOn!),
        priceFen: priceFor(design),
        score: disqualified ? null : score,
        status,
        eligibility: eligibilityRecord(purchase.bidsClosedOn!, bidder.assessment),
        disqualificationReason: disqualified ? random.pick(disqualificationReasons) : null,
      };
      rows.purchaseBids.push(bid);
      return bid;
    });
  }

  function planContract(
    projectId: number,
    design: ProjectDesign,
    planned: PlannedPurchase,
    purchase: NewPurchase,
    winner: NewBid,
    bidderIds: number[],
  ): PlannedContract {
    const { schedule, draw } = planned;
    const year = schedule.contractedOn.slice(0, 4);
    const serial = (contractsPerYear.get(year) ?? 0) + 1;
    contractsPerYear.set(year, serial);
    // Ended early only once delivery is over, and never after the plan's day.
    const terminatedOn =
      schedule.contract.terminatedOn !== null && reachedAtLeast(planned.reached, 'evaluation')
        ? schedule.contract.terminatedOn
        : null;
    const contract: NewContract = {
      districtCode,
      id: rows.serviceContracts.length + 1,
      purchaseId: purchase.id,
      bidId: winner.id,
      organizationId: winner.organizationId,
      contractNumber: `GM${districtCode}-${year}-${String(serial).padStart(3, '0')}`,
      signedOn: schedule.contractedOn,
      startsOn: schedule.contract.startsOn,
      endsOn: schedule.contract.endsOn,
      continuing: draw.continuing,
      continuingReason: draw.continuing ? continuingReason : null,
      amountFen: winner.priceFen,
      terminatedOn,
      terminationReason: terminatedOn ? terminationReason : null,
    };
    rows.serviceContracts.push(contract);
    const tranches = planTranches(contract, draw.months);
    rows.contractTranches.push(...tranches);
    return { projectId, design, purchase, contract, tranches, bidderIds };
  }

  /**
   * The payment schedule (分期拨付, docs/domain.md §6.3): a first share on signing; for longer
   * terms a share at a delivery milestone and one after the mid-term evaluation; the rest after
   * the final evaluation. A continuing contract pays a yearly share at each year's start. Shares
   * are whole hundreds of yuan; the last takes the remainder, so the tranches sum to the amount.
   */
  function planTranches(contract: NewContract, months: number): NewTranche[] {
    const { startsOn, endsOn, signedOn } = contract;
    const term = daysBetween(startsOn, endsOn);
    const at = (share: number) => addDays(startsOn, Math.round(term * share));
    const plan: { milestone: string; plannedOn: string; share: number }[] = [];
    if (contract.continuing) {
      const years = Math.round(months / 12);
      plan.push({ milestone: 'signing', plannedOn: addDays(signedOn, 5), share: 0.6 / years });
      for (let year = 1; year < years; year++) {
        plan.push({ milestone: 'milestone', plannedOn: addMonths(startsOn, year * 12), share: 0.6 / years });
      }
      plan.push({ milestone: 'midterm_evaluation', plannedOn: at(0.5), share: 0.2 });
    } else if (months <= 6) {
      if (random.next() < 0.6) {
        plan.push({ milestone: 'signing', plannedOn: addDays(signedOn, 5), share: 0.5 });
      } else {
        plan.push({ milestone: 'signing', plannedOn: addDays(signedOn, 5), share: 0.4 });
        plan.push({ milestone: 'milestone', plannedOn: at(0.5), share: 0.3 });
      }
    } else if (random.next() < 0.5) {
      plan.push({ milestone: 'signing', plannedOn: addDays(signedOn, 5), share: 0.3 });
      plan.push({ milestone: 'milestone', plannedOn: at(0.3), share: 0.2 });
      plan.push({ milestone: 'midterm_evaluation', plannedOn: at(0.5), share: 0.3 });
    } else {
      plan.push({ milestone: 'signing', plannedOn: addDays(signedOn, 5), share: 0.3 });
      plan.push({ milestone: 'midterm_evaluation', plannedOn: at(0.5), share: 0.4 });
    }
    plan.push({ milestone: 'final_evaluation', plannedOn: addDays(endsOn, 20), share: 0 });
    plan.sort((a, b) => (a.plannedOn < b.plannedOn ? -1 : a.plannedOn > b.plannedOn ? 1 : 0));
    let left = contract.amountFen;
    return plan.map((tranche, index) => {
      const last = index === plan.length - 1;
      const amountFen = last
        ? left
        : Math.max(
            HUNDRED_YUAN,
            Math.round((contract.amountFen * tranche.share) / HUNDRED_YUAN) * HUNDRED_YUAN,
          );
      left -= amountFen;
      return {
        districtCode,
        id: rows.contractTranches.length + index + 1,
        contractId: contract.id,
        trancheNumber: index + 1,
        milestone: tranche.milestone,
        plannedOn: tranche.plannedOn,
        amountFen,
        releasedOn: null,
      };
    });
  }
}
