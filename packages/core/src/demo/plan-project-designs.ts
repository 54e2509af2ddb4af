import { type ServiceDomain, serviceDomains } from '../organizations/code-lists.js';
import type { communities, subdistricts } from '../schema/hierarchy.js';
import { addDays } from '../services/dates.js';
import { domainTexts, type ProjectMethod } from './chain-texts.js';
import {
  drawPurchase,
  nextStage,
  type PurchaseDraw,
  type PurchaseMethod,
  type PurchaseSchedule,
  type PurchaseStage,
  purchaseStages,
  scheduleOf,
  stageDay,
} from './purchase-timeline.js';
import { daysBetween, type Random, shuffled } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;

/**
 * What a demo project is meant to show on the plan's day: a draft, a project cancelled with its
 * purchase, a purchase at one of its stages, or a project bought again after its first purchase
 * failed for want of bidders.
 */
export type DesignKind = 'draft' | 'project_cancelled' | 'rebought' | PurchaseStage;

/** One purchase of a project, with the stage it has reached on the plan's day. */
export interface PlannedPurchase {
  draw: PurchaseDraw;
  /** Every day as drawn; only those up to `reached` are facts. */
  schedule: PurchaseSchedule;
  stage: PurchaseStage | 'cancelled';
  /** The last stage reached: the current one, or the one it was cancelled at. */
  reached: PurchaseStage;
  cancelledOn: string | null;
  cancellationReason: string | null;
}

export interface ProjectDesign {
  kind: DesignKind;
  level: 'community' | 'subdistrict' | 'district';
  name: string;
  unitCode: string;
  /** The buyer (购买主体): the district's civil-affairs bureau or a subdistrict office. */
  purchaserUnitCode: string;
  communityIds: number[];
  domain: ServiceDomain;
  methods: ProjectMethod[];
  /** The day the needs were linked and the design written; needs are collected before it. */
  designedOn: string;
  approvedOn: string | null;
  status: 'draft' | 'approved' | 'closed' | 'cancelled';
  closedOn: string | null;
  startsOn: string;
  endsOn: string;
  budgetFen: number;
  /**
   * Rooms given in kind for the project (a funding source of kind `in_kind`): their value is part
   * of the budget and of what the earmarks hold, never of what the contract pays.
   */
  inKind: InKindRooms | null;
  /** The value of `inKind` in fen, 0 without it. */
  inKindFen: number;
  /** The share of the cash budget a charity source pays (0 when only the government pays). */
  charityShare: number;
  purchases: PlannedPurchase[];
}

export interface DesignContext {
  districtCode: string;
  districtName: string;
  asOf: string;
  /** The first day of the year of needs. */
  windowStart: string;
  random: Random;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
}

const domainWeights: readonly [ServiceDomain, number][] = [
  ['elderly', 20],
  ['children', 12],
  ['community_governance', 12],
  ['disability', 7],
  ['youth', 7],
  ['family', 7],
  ['culture', 7],
  ['charity', 6],
  ['psychology', 6],
  ['health', 6],
  ['legal_aid', 5],
  ['environment', 5],
];

// A year of projects is mostly in delivery; every other state is shown at least once when the
// district has enough projects (see `requiredKinds`).
const kindWeights: readonly [DesignKind, number][] = [
  ['draft', 6],
  ['project_cancelled', 2],
  ['rebought', 4],
  ['plan', 4],
  ['tender', 4],
  ['bids', 3],
  ['award', 3],
  ['contract', 4],
  ['implementation', 34],
  ['evaluation', 12],
  ['closure', 22],
];

const requiredKinds: readonly DesignKind[] = kindWeights.map(([kind]) => kind);

/** Projects per community in a year: about 7 for every 20 communities. */
const PROJECTS_PER_COMMUNITY = 0.35;

export const cancellationReasons = {
  projectCancelled: '居民需求已纳入区级统筹项目一并解决，经研究取消本项目，终止采购',
  tooFewBidders: '提交响应文件且符合资格条件的供应商不足三家，依法终止本次采购，改为竞争性磋商重新组织',
} as const;

export const continuingReason =
  '服务内容相对固定、连续性强、经费来源稳定、价格变化幅度小，按《政府购买服务管理办法》签订履行期限三年的合同，合同金额按年度预算分年安排';

export const terminationReason =
  '承接机构项目主管及一线社工相继离职，经双方协商一致解除合同，已完成服务按实结算';

/** One of the items, drawn in proportion to its weight. */
export function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random.next() * total;
  for (const [item, weight] of items) {
    draw -= weight;
    if (draw < 0) return item;
  }
  return items.at(-1)![0];
}

/** A whole number of yuan rounded to `step` yuan, in fen. */
function yuanToFen(yuan: number, step: number): number {
  return Math.max(step, Math.round(yuan / step) * step) * 100;
}

/**
 * The demo district's service projects of the last year, each with what it shows (its kind), who
 * designs it, the communities it serves, its domain and methods, its budget, and its purchases'
 * days fitted so that nothing happens after the plan's day and every need it answers can have
 * been collected within the year before it was designed.
 */
export function planProjectDesigns(context: DesignContext): ProjectDesign[] {
  const { random, asOf, windowStart } = context;
  const communities = context.communities;
  if (communities.length === 0) return [];
  const subdistrictById = new Map(context.subdistricts.map((s) => [s.id!, s]));
  const communitiesBySubdistrict = new Map<number, NewCommunity[]>();
  for (const community of communities) {
    const list = communitiesBySubdistrict.get(community.subdistrictId) ?? [];
    list.push(community);
    communitiesBySubdistrict.set(community.subdistrictId, list);
  }
  const count = Math.max(1, Math.round(communities.length * PROJECTS_PER_COMMUNITY));
  const required = shuffled(random, requiredKinds);
  const earliestDesign = addDays(windowStart, 3);
  const designs: ProjectDesign[] = [];
  // Shown at least once each when the district has them: a terminated contract, a continuing
  // one, rooms given in kind.
  let terminated = false;
  let continued = false;
  let lent = false;

  for (let i = 0; i < count; i++) {
    const kind = i < required.length ? required[i]! : weighted(random, kindWeights);
    const levelDraw = random.next();
    const level = levelDraw < 0.6 ? 'community' : levelDraw < 0.9 ? 'subdistrict' : 'district';
    let served: NewCommunity[];
    let unitCode: string;
    let purchaserUnitCode: string;
    let unitName: string;
    if (level === 'community') {
      const community = random.pick(communities);
      const subdistrict = subdistrictById.get(community.subdistrictId)!;
      served = [community];
      unitCode = community.code;
      purchaserUnitCode = subdistrict.code;
      unitName = `${subdistrict.name}${community.name}`;
    } else if (level === 'subdistrict') {
      const subdistrict = subdistrictById.get(random.pick(communities).subdistrictId)!;
      const members = communitiesBySubdistrict.get(subdistrict.id!)!;
      served = shuffled(random, members).slice(0, Math.min(members.length, random.int(2, 4)));
      unitCode = subdistrict.code;
      purchaserUnitCode = subdistrict.code;
      unitName = subdistrict.name;
    } else {
      served = shuffled(random, communities).slice(0, Math.min(communities.length, random.int(3, 5)));
      unitCode = context.districtCode;
      purchaserUnitCode = context.districtCode;
      unitName = context.districtName;
    }
    served.sort((a, b) => a.id! - b.id!);
    const domain = weighted(random, domainWeights);
    const texts = domainTexts[domain];
    const methods = shuffled(random, texts.methods)
      .slice(0, random.int(1, texts.methods.length))
      .sort((a, b) => texts.methods.indexOf(a) - texts.methods.indexOf(b));

    // The contract's term: a continuing service only among those in delivery, up to 3 years.
    const continuing =
      (kind === 'implementation' && (!continued || random.next() < 0.2)) ||
      (kind === 'contract' && random.next() < 0.1);
    if (continuing) continued = true;
    const months = continuing
      ? random.pick([24, 36])
      : kind === 'evaluation' || kind === 'closure'
        ? random.int(4, 9)
        : random.next() < 0.5
          ? 12
          : random.int(6, 11);
    const terminateAt =
      !terminated && kind === 'closure' && random.next() < 0.4 ? 0.55 + random.next() * 0.15 : null;
    if (terminateAt !== null) terminated = true;

    const annualYuan =
      level === 'community'
        ? random.int(50_000, 150_000)
        : level === 'subdistrict'
          ? random.int(120_000, 300_000)
          : random.int(250_000, 500_000);
    const budgetFen = yuanToFen((annualYuan * Math.max(12, months)) / 12, 1000);
    const method = continuing
      ? random.pick<PurchaseMethod>(['open_tender', 'competitive_consultation'])
      : methodFor(random, budgetFen);
    const inKind =
      kind !== 'draft' && kind !== 'project_cancelled' && (!lent || random.next() < 0.12)
        ? roomsInKind(random, Math.min(months, 12), budgetFen)
        : null;
    if (inKind) lent = true;
    const inKindFen = inKind?.valueFen ?? 0;
    const charityShare = kind !== 'draft' && random.next() < 0.35 ? 0.1 + random.next() * 0.2 : 0;

    const first = drawPurchase(
      random,
      kind === 'rebought' ? random.pick(['open_tender', 'invitation']) : method,
      {
        months,
        continuing,
        terminateAt,
      },
    );
    const second = drawPurchase(random, 'competitive_consultation', { months, continuing: false });
    const approve = random.int(7, 25);
    // A cancellation comes while its stage lasts (before the next stage's day): a share of it.
    const cancelShare = random.next();
    const cancelAt: PurchaseStage = random.next() < 0.5 ? 'plan' : 'tender';
    const secondTarget = random.pick<PurchaseStage>([
      'plan',
      'tender',
      'bids',
      'award',
      'contract',
      'implementation',
      'implementation',
    ]);

    const build = (designedOn: string, target: DesignKind): Fitted => {
      if (target === 'draft') {
        const schedule = scheduleOf(addDays(designedOn, approve), first);
        return {
          designedOn,
          approvedOn: null,
          purchases: [],
          keyOn: designedOn,
          nextOn: addDays(designedOn, 45),
          schedule,
        };
      }
      const approvedOn = addDays(designedOn, approve);
      const schedule = scheduleOf(approvedOn, first);
      if (target === 'project_cancelled') {
        const lasting = cancelAt === 'plan' ? first.toTender : first.toBids;
        const cancelledOn = addDays(
          stageDay(schedule, cancelAt),
          1 + Math.floor(cancelShare * (lasting - 1)),
        );
        return {
          designedOn,
          approvedOn,
          purchases: [
            {
              draw: first,
              schedule,
              stage: 'cancelled',
              reached: cancelAt,
              cancelledOn,
              cancellationReason: cancellationReasons.projectCancelled,
            },
          ],
          keyOn: cancelledOn,
          nextOn: addDays(cancelledOn, 150),
          schedule,
        };
      }
      if (target === 'rebought') {
        const cancelledOn = addDays(schedule.bidsClosedOn, Math.floor(cancelShare * first.toAward));
        const again = scheduleOf(cancelledOn, second);
        const next = nextStage(secondTarget);
        return {
          designedOn,
          approvedOn,
          purchases: [
            {
              draw: first,
              schedule,
              stage: 'cancelled',
              reached: 'bids',
              cancelledOn,
              cancellationReason: cancellationReasons.tooFewBidders,
            },
            live(second, again, secondTarget),
          ],
          keyOn: stageDay(again, secondTarget),
          nextOn: next ? stageDay(again, next) : null,
          schedule: again,
        };
      }
      const next = nextStage(target);
      return {
        designedOn,
        approvedOn,
        purchases: [live(first, schedule, target)],
        keyOn: stageDay(schedule, target),
        nextOn: next ? stageDay(schedule, next) : null,
        schedule,
      };
    };

    let target: DesignKind = kind;
    let fitted: Fitted | null = null;
    while (!fitted) {
      fitted = fit(random, earliestDesign, asOf, (designedOn) => build(designedOn, target));
      if (fitted) break;
      // Too long to fit in the year: a shorter term, else an earlier stage (a purchase plan
      // always fits: it is weeks after the design).
      if (!first.continuing && first.months > 2) {
        first.months -= 1;
        continue;
      }
      target = target === 'closure' ? 'evaluation' : target === 'evaluation' ? 'implementation' : 'plan';
    }

    const livePurchase = fitted.purchases.at(-1);
    const status =
      target === 'draft'
        ? 'draft'
        : target === 'project_cancelled'
          ? 'cancelled'
          : livePurchase?.stage === 'closure'
            ? 'closed'
            : 'approved';
    const closedOn =
      status === 'cancelled'
        ? livePurchase!.cancelledOn
        : status === 'closed'
          ? minDate(addDays(livePurchase!.schedule.closedOn, random.int(0, 7)), asOf)
          : null;
    const year = (
      fitted.schedule.contract.startsOn > asOf ? fitted.designedOn : fitted.schedule.contract.startsOn
    ).slice(0, 4);
    designs.push({
      kind: target,
      level,
      name: `${unitName}${year}年度“${random.pick(texts.projectStems)}”${serviceDomains[domain]}项目`,
      unitCode,
      purchaserUnitCode,
      communityIds: served.map((c) => c.id!),
      domain,
      methods,
      designedOn: fitted.designedOn,
      approvedOn: fitted.approvedOn,
      status,
      closedOn,
      startsOn: fitted.schedule.contract.startsOn,
      endsOn: fitted.schedule.contract.endsOn,
      budgetFen,
      inKind,
      inKindFen,
      charityShare,
      purchases: fitted.purchases,
    });
  }
  return designs.sort((a, b) => (a.designedOn < b.designedOn ? -1 : a.designedOn > b.designedOn ? 1 : 0));
}

/** An activity room lent to a project: its size, the rent it is valued at, for how long. */
export interface InKindRooms {
  areaM2: number;
  yuanPerM2Month: number;
  months: number;
  valueFen: number;
}

/** Rooms worth at most an eighth of the budget, valued at a market rent (or null when too small). */
function roomsInKind(random: Random, months: number, budgetFen: number): InKindRooms | null {
  const yuanPerM2Month = random.int(30, 60);
  const capYuan = budgetFen / 100 / 8;
  const areaM2 = Math.min(random.int(40, 120), Math.floor(capYuan / (yuanPerM2Month * months)));
  if (areaM2 < 20) return null;
  return { areaM2, yuanPerM2Month, months, valueFen: areaM2 * yuanPerM2Month * months * 100 };
}

interface Fitted {
  designedOn: string;
  approvedOn: string | null;
  purchases: PlannedPurchase[];
  /** The day of the state the project shows: its stage's day, its cancellation, its design. */
  keyOn: string;
  /** The day the next state would be reached: the shown state lasts until the day before. */
  nextOn: string | null;
  /** The live purchase's schedule, whose contract term is the project's schedule. */
  schedule: PurchaseSchedule;
}

function live(draw: PurchaseDraw, schedule: PurchaseSchedule, stage: PurchaseStage): PlannedPurchase {
  return { draw, schedule, stage, reached: stage, cancelledOn: null, cancellationReason: null };
}

/**
 * The timeline placed in the year: designed no earlier than `earliest`, its state reached no later
 * than `asOf` and still the state on `asOf` (the next one not reached). Null when even the
 * earliest design reaches the state after `asOf`.
 */
function fit(
  random: Random,
  earliest: string,
  asOf: string,
  build: (designedOn: string) => Fitted,
): Fitted | null {
  const first = build(earliest);
  if (first.keyOn > asOf) return null;
  const available = daysBetween(first.keyOn, asOf);
  const lasting = first.nextOn === null ? available : Math.max(0, daysBetween(first.keyOn, first.nextOn) - 1);
  let shift = random.int(Math.max(0, available - lasting), available);
  for (;;) {
    const fitted = build(addDays(earliest, shift));
    if (fitted.keyOn <= asOf) return fitted;
    // Months of unequal length moved the days: step back by the excess.
    shift = Math.max(0, shift - daysBetween(asOf, fitted.keyOn));
  }
}

/**
 * The method for an amount. The thresholds above which a method is required are local (the
 * province's procurement catalogue, docs/domain.md §6.9); these follow common practice: larger
 * purchases tendered, community projects mostly by competitive consultation.
 */
function methodFor(random: Random, budgetFen: number): PurchaseMethod {
  const yuan = budgetFen / 100;
  const draw = random.next();
  if (yuan >= 300_000) return draw < 0.7 ? 'open_tender' : 'competitive_consultation';
  if (yuan >= 100_000) {
    return draw < 0.5
      ? 'competitive_consultation'
      : draw < 0.7
        ? 'open_tender'
        : draw < 0.85
          ? 'invitation'
          : 'single_source';
  }
  return draw < 0.55 ? 'competitive_consultation' : draw < 0.7 ? 'invitation' : 'single_source';
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export { purchaseStages };
