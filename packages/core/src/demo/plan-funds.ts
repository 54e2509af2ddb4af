import type {
  FundingSourceKind,
  FundsAccountKind,
  FundsEntryKind,
  TrancheMilestone,
} from '../funds/code-lists.js';
import { type FundsLine, movementLines, reversalLines, trancheMilestoneUnmet } from '../funds/funds-rules.js';
import type { fundingEarmarks, fundingSources } from '../schema/funding.js';
import type { communities, subdistricts } from '../schema/hierarchy.js';
import type { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { addDays } from '../services/dates.js';
import { computeOrganizationCodeCheck } from '../validators/organization-code.js';
import { computeUsccCheck } from '../validators/uscc.js';
import { enterpriseTrades } from './chain-texts.js';
import { placeStems } from './names.js';
import type { NewEvaluation } from './plan-evaluations.js';
import type { NewOrganization } from './plan-organizations.js';
import { maxDate, minDate, type ProjectDesign } from './plan-project-designs.js';
import type { NewPurchase, NewTranche, PlannedContract } from './plan-purchases.js';
import { type PurchaseStage, purchaseStages } from './purchase-timeline.js';
import { type Random, randomDate } from './random.js';

export type NewFundingSource = typeof fundingSources.$inferInsert & { id: number };
export type NewEarmark = typeof fundingEarmarks.$inferInsert & { id: number };
export type NewLedgerAccount = typeof ledgerAccounts.$inferInsert & { id: number; balance: number };
export type NewJournalEntry = typeof journalEntries.$inferInsert & { id: number };
export type NewJournalLine = typeof journalLines.$inferInsert & { id: number };
type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;

export interface FundsRows {
  fundingSources: NewFundingSource[];
  fundingEarmarks: NewEarmark[];
  ledgerAccounts: NewLedgerAccount[];
  journalEntries: NewJournalEntry[];
  journalLines: NewJournalLine[];
}

export interface FundsPlanContext {
  districtCode: string;
  districtName: string;
  asOf: string;
  random: Random;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
  organizations: readonly NewOrganization[];
  /** The projects in id order (id = index + 1) and their names. */
  designs: readonly ProjectDesign[];
  contracts: readonly PlannedContract[];
  evaluations: readonly NewEvaluation[];
}

const YUAN = 100;
const ZERO_DAY = '0000-01-01';

type CharityKind =
  | 'community_foundation'
  | 'donation_enterprise'
  | 'donation_individuals'
  | 'enterprise_sponsorship';

interface SourceDraft {
  kind: FundingSourceKind;
  funderName: string;
  funderUscc: string | null;
  funderOrganizationId: number | null;
  /** The document, given the day the source is committed. */
  reference: (committedOn: string) => string;
  inKindDescription: string | null;
  valuationBasis: string | null;
  /** How the commitment rounds up from what is earmarked, and its margin above it. */
  roundingFen: number;
  margin: [number, number];
  /** Government budgets may arrive in two instalments. */
  instalments: boolean;
  earmarks: EarmarkDraft[];
  committedOn?: string;
  amountFen?: number;
  receipts?: { day: string; amountFen: number }[];
  row?: NewFundingSource;
  funderAccount?: NewLedgerAccount;
  sourceAccount?: NewLedgerAccount;
}

interface EarmarkDraft {
  source: SourceDraft;
  projectId: number;
  design: ProjectDesign;
  amountFen: number;
  earmarkedOn: string;
  /** Cash pays tranches; rooms given in kind do not. */
  cash: boolean;
  reversal: { day: string; reason: string } | null;
  row?: NewEarmark;
  account?: NewLedgerAccount;
  entry?: NewJournalEntry;
}

interface DisbursementDraft {
  earmark: EarmarkDraft;
  planned: PlannedContract;
  tranche: NewTranche;
  amountFen: number;
  paidOn: string;
}

type LedgerEvent =
  | { day: string; rank: 0; source: SourceDraft }
  | { day: string; rank: 1; source: SourceDraft; amountFen: number }
  | { day: string; rank: 2; earmark: EarmarkDraft }
  | { day: string; rank: 3; reversed: EarmarkDraft }
  | { day: string; rank: 4; disbursement: DisbursementDraft };

/**
 * Money for the year's projects (docs/domain.md §6.4–§6.5), written as the funds service writes
 * it (packages/core/src/funds/): each source registered with its funder and source accounts, its
 * receipts (funder → source), earmarks of approved projects within their budgets (source →
 * earmark, with the earmark's record and account), disbursements of contract tranches whose
 * milestone is met that day (`trancheMilestoneUnmet`, earmark → undertaker, naming the tranche),
 * and the reversal of an earmark when its project is cancelled. Entries are replayed in the order
 * of their days, so ids follow time, lines come in account order (`movementLines`), and every
 * account's balance is the sum of its lines and never below its floor.
 *
 * The government pays most of each project from the purchaser's budget of the year; about a
 * third of projects have a charity share (a community foundation grant, an enterprise's or
 * individuals' donation, an enterprise's sponsorship), and a few are lent rooms in kind.
 */
export function planFunds(context: FundsPlanContext): FundsRows {
  const { districtCode, districtName, asOf, random } = context;
  const rows: FundsRows = {
    fundingSources: [],
    fundingEarmarks: [],
    ledgerAccounts: [],
    journalEntries: [],
    journalLines: [],
  };
  const subdistrictByCode = new Map(context.subdistricts.map((s) => [s.code, s]));
  const communityById = new Map(context.communities.map((c) => [c.id!, c]));
  const foundation = context.organizations.find((o) => o.legalForm === 'foundation' && !o.deregisteredOn);
  const bureau = `${districtName}民政局`;
  const financeAbbreviation = `${districtName.slice(0, 1)}财社`;
  const districtFinance = `demo-${districtCode}-finance`;
  const sources: SourceDraft[] = [];
  const earmarks: EarmarkDraft[] = [];
  const enterprises: { name: string; uscc: string }[] = [];
  let nextEnterpriseCode = random.int(100_000, 900_000);
  let documentNumber = random.int(8, 30);

  function enterprise(trade: string): { name: string; uscc: string } {
    for (let attempt = 0; ; attempt += 1) {
      // A large district runs out of place names for one trade: later sponsors are branches.
      const stem = random.pick(placeStems);
      const name = attempt < 20 ? `${stem}${trade}` : `${stem}${trade}第${attempt - 19}分公司`;
      if (enterprises.some((e) => e.name === name)) continue;
      const body = `MA${String(nextEnterpriseCode++).padStart(6, '0')}`;
      const first17 = `91${districtCode}${body}${computeOrganizationCodeCheck(body)}`;
      const made = { name, uscc: first17 + computeUsccCheck(first17) };
      enterprises.push(made);
      return made;
    }
  }

  function newSource(draft: Omit<SourceDraft, 'earmarks'>): SourceDraft {
    const source = { ...draft, earmarks: [] };
    sources.push(source);
    return source;
  }

  // The government budget of each purchaser and fiscal year (the year of the earmark).
  const budgets = new Map<string, SourceDraft>();
  function governmentBudget(purchaserUnitCode: string, day: string): SourceDraft {
    const year = day.slice(0, 4);
    const key = `${purchaserUnitCode}/${year}`;
    const existing = budgets.get(key);
    if (existing) return existing;
    const subdistrict = subdistrictByCode.get(purchaserUnitCode);
    const funderName = subdistrict
      ? subdistrict.kind === 'town'
        ? `${districtName}${subdistrict.name}人民政府`
        : `${districtName}${subdistrict.name}办事处`
      : bureau;
    const number = documentNumber++;
    const source = newSource({
      kind: 'government_budget',
      funderName,
      funderUscc: null,
      funderOrganizationId: null,
      reference: (committedOn) =>
        `关于下达${year}年度政府购买社会工作服务项目资金的通知（${financeAbbreviation}〔${committedOn.slice(0, 4)}〕${number}号）`,
      inKindDescription: null,
      valuationBasis: null,
      roundingFen: 10_000 * YUAN,
      margin: [1.05, 1.3],
      instalments: true,
    });
    budgets.set(key, source);
    return source;
  }

  // Charity sources, one agreement of each kind, made as projects need them.
  const charity = new Map<CharityKind, SourceDraft>();
  function charitySource(kind: CharityKind): SourceDraft {
    const existing = charity.get(kind);
    if (existing) return existing;
    const number = random.int(1, 60);
    const common = {
      inKindDescription: null,
      valuationBasis: null,
      roundingFen: 1000 * YUAN,
      margin: [1, 1.25] as [number, number],
      instalments: false,
    };
    let source: SourceDraft;
    if (kind === 'community_foundation' && foundation) {
      source = newSource({
        ...common,
        kind: 'community_foundation',
        funderName: foundation.name,
        funderUscc: foundation.uscc ?? null,
        funderOrganizationId: foundation.id,
        reference: (on) => `${on.slice(0, 4)}年度社区公益微创投资助协议（第${number}号）`,
      });
    } else if (kind === 'donation_individuals') {
      // An individual donor is published as 个人捐赠, never by name (docs/domain.md §6.4, §9).
      source = newSource({
        ...common,
        kind: 'donation',
        funderName: '个人捐赠',
        funderUscc: null,
        funderOrganizationId: null,
        reference: (on) => `${on.slice(0, 4)}年社区慈善募捐个人捐款汇总（捐赠票据${random.int(40, 300)}张）`,
      });
    } else if (kind === 'enterprise_sponsorship') {
      const sponsor = enterprise(random.pick(enterpriseTrades));
      source = newSource({
        ...common,
        kind: 'enterprise_sponsorship',
        funderName: sponsor.name,
        funderUscc: sponsor.uscc,
        funderOrganizationId: null,
        reference: (on) => `公益项目赞助协议（${on.slice(0, 4)}）第${number}号`,
      });
    } else {
      const donor = enterprise(random.pick(enterpriseTrades));
      source = newSource({
        ...common,
        kind: 'donation',
        funderName: donor.name,
        funderUscc: donor.uscc,
        funderOrganizationId: null,
        reference: (on) => `公益捐赠协议（${on.slice(0, 4)}）第${number}号`,
      });
    }
    charity.set(kind, source);
    return source;
  }
  const charityKinds: CharityKind[] = [
    'community_foundation',
    'donation_enterprise',
    'donation_individuals',
    'enterprise_sponsorship',
  ];
  let charityProjects = 0;

  // Earmarks of each approved project: the government's share within days of approval, before
  // the purchase is planned; a charity share before the contract; rooms in kind with the design.
  context.designs.forEach((design, index) => {
    if (!design.approvedOn) return;
    const projectId = index + 1;
    const live = design.purchases.at(-1)!;
    const first = design.purchases[0]!;
    const cash = design.budgetFen - design.inKindFen;
    const charityFen =
      design.charityShare > 0 && design.status !== 'cancelled'
        ? Math.round((cash * design.charityShare) / (1000 * YUAN)) * 1000 * YUAN
        : 0;
    const governmentOn = minDate(randomDate(random, design.approvedOn, first.schedule.plannedOn), asOf);
    const government = governmentBudget(design.purchaserUnitCode, governmentOn);
    const cancelledOn = design.status === 'cancelled' ? live.cancelledOn! : null;
    addEarmark(government, projectId, design, cash - charityFen, governmentOn, true, cancelledOn);
    if (charityFen > 0) {
      const latest =
        purchaseStages.indexOf(live.reached) >= purchaseStages.indexOf('contract')
          ? live.schedule.contractedOn
          : asOf;
      const day = minDate(addDays(design.approvedOn, random.int(5, 40)), minDate(latest, asOf));
      const kind =
        charityProjects < charityKinds.length ? charityKinds[charityProjects]! : random.pick(charityKinds);
      charityProjects += 1;
      addEarmark(charitySource(kind), projectId, design, charityFen, day, true, null);
    }
    if (design.inKind && design.status !== 'cancelled') {
      const rooms = design.inKind;
      const community = communityById.get(design.communityIds[0]!)!;
      const provider = enterprise('物业服务有限公司');
      const number = random.int(1, 40);
      const source = newSource({
        kind: 'in_kind',
        funderName: provider.name,
        funderUscc: provider.uscc,
        funderOrganizationId: null,
        reference: (on) => `活动用房无偿使用协议（${on.slice(0, 4)}）第${number}号`,
        inKindDescription: `${community.name}党群服务中心活动用房约${rooms.areaM2}平方米，每周三个半天无偿提供项目使用，期限${rooms.months}个月`,
        valuationBasis: `参照同地段同类用房市场租金，按每平方米每月${rooms.yuanPerM2Month}元、${rooms.months}个月计`,
        roundingFen: 1,
        margin: [1, 1],
        instalments: false,
      });
      const day = minDate(addDays(design.approvedOn, random.int(0, 10)), asOf);
      addEarmark(source, projectId, design, rooms.valueFen, day, false, null);
    }
  });

  function addEarmark(
    source: SourceDraft,
    projectId: number,
    design: ProjectDesign,
    amountFen: number,
    earmarkedOn: string,
    cash: boolean,
    cancelledOn: string | null,
  ) {
    if (amountFen <= 0) return;
    // A cancelled project's earmark goes back to its source (a reversal, docs/domain.md §6.5).
    const reversalDay = cancelledOn ? minDate(addDays(cancelledOn, random.int(1, 10)), asOf) : null;
    const earmark: EarmarkDraft = {
      source,
      projectId,
      design,
      amountFen,
      earmarkedOn,
      cash,
      reversal: reversalDay ? { day: reversalDay, reason: '项目取消，定向资金退回资金来源' } : null,
    };
    source.earmarks.push(earmark);
    earmarks.push(earmark);
  }

  // Payments: each tranche whose milestone is met by the plan's day, out of the project's cash
  // earmarks (the government's first), in the order of the tranches.
  const evaluationsOf = new Map<number, NewEvaluation[]>();
  for (const evaluation of context.evaluations) {
    evaluationsOf.set(evaluation.contractId, [
      ...(evaluationsOf.get(evaluation.contractId) ?? []),
      evaluation,
    ]);
  }
  const disbursements: DisbursementDraft[] = [];
  for (const planned of context.contracts) {
    const { contract, purchase, tranches } = planned;
    const left = new Map(
      earmarks
        .filter((e) => e.projectId === planned.projectId && e.cash && !e.reversal)
        .map((e) => [e, e.amountFen] as [EarmarkDraft, number]),
    );
    const evaluations = (evaluationsOf.get(contract.id) ?? []).map((e) => ({
      kind: e.kind,
      grade: e.grade,
      evaluatedOn: e.evaluatedOn,
    }));
    let previous = ZERO_DAY;
    for (const tranche of tranches) {
      const paidOn = paymentDay(planned, tranche, previous);
      if (!paidOn) continue;
      const unmet = trancheMilestoneUnmet({
        milestone: tranche.milestone as TrancheMilestone,
        plannedOn: tranche.plannedOn,
        paidOn,
        contractSignedOn: contract.signedOn,
        purchaseStage: stageOn(purchase, paidOn),
        evaluations,
      });
      if (unmet !== null) throw new Error(`Demo plan pays tranche ${tranche.id} too early: ${unmet}`);
      previous = paidOn;
      // A contract ended early settles what was delivered: half its final tranche.
      let due =
        contract.terminatedOn && tranche.milestone === 'final_evaluation'
          ? Math.max(YUAN * 100, Math.floor(tranche.amountFen / 2 / (100 * YUAN)) * 100 * YUAN)
          : tranche.amountFen;
      for (const [earmark, balance] of left) {
        if (due === 0) break;
        const amountFen = Math.min(due, balance);
        if (amountFen === 0) continue;
        left.set(earmark, balance - amountFen);
        due -= amountFen;
        disbursements.push({ earmark, planned, tranche, amountFen, paidOn });
      }
      if (due > 0)
        throw new Error(`Demo plan cannot pay tranche ${tranche.id}: the earmarks hold too little.`);
    }
  }

  /** The day a tranche is paid, or null when its milestone is not met by the plan's day. */
  function paymentDay(planned: PlannedContract, tranche: NewTranche, previous: string): string | null {
    const { contract, purchase } = planned;
    const evaluation = (kind: 'midterm' | 'final') =>
      (evaluationsOf.get(contract.id) ?? []).find((e) => e.kind === kind && e.grade !== 'fail');
    let day: string | null = null;
    switch (tranche.milestone) {
      case 'signing':
        day = addDays(tranche.plannedOn, random.int(0, 10));
        break;
      case 'milestone':
        if (!purchase.implementationStartedOn) return null;
        if (contract.terminatedOn && tranche.plannedOn > contract.terminatedOn) return null;
        day = addDays(maxDate(tranche.plannedOn, purchase.implementationStartedOn), random.int(0, 10));
        break;
      case 'midterm_evaluation': {
        const midterm = evaluation('midterm');
        if (!midterm) return null;
        day = addDays(midterm.evaluatedOn, random.int(5, 20));
        break;
      }
      case 'final_evaluation': {
        const final = evaluation('final');
        if (!final) return null;
        day =
          purchase.stage === 'closure'
            ? randomDate(random, addDays(final.evaluatedOn, 1), purchase.closedOn!)
            : addDays(final.evaluatedOn, random.int(5, 20));
        break;
      }
    }
    day = maxDate(day!, previous);
    return day <= asOf ? day : null;
  }

  // Each source's commitment and receipts, from what it earmarks.
  for (const source of sources) {
    const ordered = [...source.earmarks].sort((a, b) => (a.earmarkedOn < b.earmarkedOn ? -1 : 1));
    const earliest = ordered[0]!.earmarkedOn;
    const total = ordered.reduce((sum, e) => sum + e.amountFen, 0);
    const margin = source.margin[0] + random.next() * (source.margin[1] - source.margin[0]);
    source.amountFen = Math.ceil((total * margin) / source.roundingFen) * source.roundingFen;
    source.committedOn = addDays(
      earliest,
      -(source.kind === 'in_kind' ? random.int(0, 7) : random.int(5, 30)),
    );
    const firstOn = randomDate(random, source.committedOn, earliest);
    const secondOn = addDays(firstOn, random.int(60, 200));
    if (source.instalments && secondOn <= asOf && random.next() < 0.6) {
      const before = ordered.filter((e) => e.earmarkedOn < secondOn).reduce((sum, e) => sum + e.amountFen, 0);
      const first = Math.max(
        before,
        Math.ceil((source.amountFen * 0.6) / source.roundingFen) * source.roundingFen,
      );
      source.receipts =
        first >= source.amountFen
          ? [{ day: firstOn, amountFen: source.amountFen }]
          : [
              { day: firstOn, amountFen: first },
              { day: secondOn, amountFen: source.amountFen - first },
            ];
    } else {
      source.receipts = [{ day: firstOn, amountFen: source.amountFen }];
    }
  }
  sources.sort((a, b) => (a.committedOn! < b.committedOn! ? -1 : a.committedOn! > b.committedOn! ? 1 : 0));

  // Replay every movement in the order of its day, as the funds service would have written it.
  const events: LedgerEvent[] = [];
  for (const source of sources) {
    events.push({ day: source.committedOn!, rank: 0, source });
    for (const receipt of source.receipts!)
      events.push({ day: receipt.day, rank: 1, source, amountFen: receipt.amountFen });
  }
  for (const earmark of earmarks) {
    events.push({ day: earmark.earmarkedOn, rank: 2, earmark });
    if (earmark.reversal) events.push({ day: earmark.reversal.day, rank: 3, reversed: earmark });
  }
  for (const disbursement of disbursements) events.push({ day: disbursement.paidOn, rank: 4, disbursement });
  events.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.rank - b.rank));

  const accountsByOwner = new Map<string, NewLedgerAccount>();
  const paidOnTranche = new Map<number, number>();
  for (const event of events) {
    switch (event.rank) {
      case 0: {
        const { source } = event;
        source.row = {
          districtCode,
          id: rows.fundingSources.length + 1,
          kind: source.kind,
          funderName: source.funderName,
          funderUscc: source.funderUscc,
          funderOrganizationId: source.funderOrganizationId,
          reference: source.reference(source.committedOn!),
          amountFen: source.amountFen!,
          committedOn: source.committedOn!,
          inKindDescription: source.inKindDescription,
          valuationBasis: source.valuationBasis,
        };
        rows.fundingSources.push(source.row);
        source.funderAccount = openAccount({ kind: 'funder', fundingSourceId: source.row.id }, event.day);
        source.sourceAccount = openAccount({ kind: 'source', fundingSourceId: source.row.id }, event.day);
        break;
      }
      case 1: {
        const { source } = event;
        post({
          kind: 'receipt',
          occurredOn: event.day,
          description: `${source.row!.funderName} ${source.row!.reference}`,
          lines: movementLines(source.funderAccount!.id, source.sourceAccount!.id, event.amountFen),
          recordedBy: districtFinance,
        });
        break;
      }
      case 2: {
        const { earmark } = event;
        const sourceId = earmark.source.row!.id;
        earmark.row = {
          districtCode,
          id: rows.fundingEarmarks.length + 1,
          sourceId,
          projectId: earmark.projectId,
          amountFen: earmark.amountFen,
          earmarkedOn: earmark.earmarkedOn,
        };
        rows.fundingEarmarks.push(earmark.row);
        earmark.account = openAccount(
          { kind: 'earmark', fundingSourceId: sourceId, projectId: earmark.projectId },
          event.day,
        );
        earmark.entry = post({
          kind: 'earmark',
          occurredOn: event.day,
          description: `${earmark.source.row!.funderName} 定向 ${earmark.design.name}`.slice(0, 500),
          lines: movementLines(earmark.source.sourceAccount!.id, earmark.account.id, earmark.amountFen),
          recordedBy: `demo-${earmark.design.purchaserUnitCode}-finance`,
        });
        break;
      }
      case 3: {
        const { reversed } = event;
        const original = reversed.entry!;
        post({
          kind: 'reversal',
          occurredOn: event.day,
          description: `冲销 #${original.id}: ${reversed.reversal!.reason}`,
          lines: reversalLines(linesOf(original.id)),
          reversesEntryId: original.id,
          recordedBy: `demo-${reversed.design.purchaserUnitCode}-finance`,
        });
        break;
      }
      case 4: {
        const { earmark, planned, tranche, amountFen, paidOn } = event.disbursement;
        const undertaker = openAccount(
          {
            kind: 'undertaker',
            projectId: planned.projectId,
            organizationId: planned.contract.organizationId,
          },
          paidOn,
        );
        post({
          kind: 'disbursement',
          occurredOn: paidOn,
          description: `${planned.contract.contractNumber} 第${tranche.trancheNumber}期`,
          lines: movementLines(earmark.account!.id, undertaker.id, amountFen),
          trancheId: tranche.id,
          recordedBy: `demo-${planned.design.purchaserUnitCode}-finance`,
        });
        const paid = (paidOnTranche.get(tranche.id) ?? 0) + amountFen;
        paidOnTranche.set(tranche.id, paid);
        // `releasedOn`: the day the tranche became paid in full (funds/allocations.ts).
        if (paid >= tranche.amountFen && !tranche.releasedOn) tranche.releasedOn = paidOn;
        break;
      }
    }
  }
  return rows;

  function openAccount(
    owner: { kind: FundsAccountKind; fundingSourceId?: number; projectId?: number; organizationId?: number },
    openedOn: string,
  ): NewLedgerAccount {
    const key = `${owner.kind}/${owner.fundingSourceId ?? ''}/${owner.projectId ?? ''}/${owner.organizationId ?? ''}`;
    const existing = accountsByOwner.get(key);
    if (existing) return existing;
    const account: NewLedgerAccount = {
      districtCode,
      id: rows.ledgerAccounts.length + 1,
      kind: owner.kind,
      unit: 'fen',
      fundingSourceId: owner.fundingSourceId ?? null,
      projectId: owner.projectId ?? null,
      organizationId: owner.organizationId ?? null,
      // As the funds service opens them: what the chain draws from never goes below zero.
      floor: owner.kind === 'source' || owner.kind === 'earmark' ? 0 : null,
      balance: 0,
      openedOn,
      recordedAt: `${openedOn}T10:00:00+08:00`,
    };
    rows.ledgerAccounts.push(account);
    accountsByOwner.set(key, account);
    return account;
  }

  function post(entry: {
    kind: FundsEntryKind;
    occurredOn: string;
    description: string;
    lines: readonly FundsLine[];
    recordedBy: string;
    trancheId?: number;
    reversesEntryId?: number;
  }): NewJournalEntry {
    const row: NewJournalEntry = {
      districtCode,
      id: rows.journalEntries.length + 1,
      kind: entry.kind,
      occurredOn: entry.occurredOn,
      description: entry.description,
      reversesEntryId: entry.reversesEntryId ?? null,
      trancheId: entry.trancheId ?? null,
      recordedBy: entry.recordedBy,
      recordedAt: `${entry.occurredOn}T10:00:00+08:00`,
    };
    rows.journalEntries.push(row);
    for (const line of entry.lines) {
      const account = rows.ledgerAccounts[line.accountId - 1]!;
      account.balance += line.amount;
      if (account.floor !== null && account.floor !== undefined && account.balance < account.floor) {
        throw new Error(
          `Demo plan overdraws ledger account ${account.id} (${account.kind}) on ${entry.occurredOn}.`,
        );
      }
      rows.journalLines.push({
        districtCode,
        id: rows.journalLines.length + 1,
        entryId: row.id,
        accountId: line.accountId,
        unit: 'fen',
        amount: line.amount,
      });
    }
    return row;
  }

  function linesOf(entryId: number): FundsLine[] {
    return rows.journalLines
      .filter((line) => line.entryId === entryId)
      .map((line) => ({ accountId: line.accountId, amount: line.amount }));
  }
}

/** The stage a purchase was at on a day: the last stage whose day it had reached. */
export function stageOn(purchase: NewPurchase, day: string): PurchaseStage {
  const days: Record<PurchaseStage, string | null | undefined> = {
    plan: purchase.plannedOn,
    tender: purchase.tenderPublishedOn,
    bids: purchase.bidsClosedOn,
    award: purchase.awardedOn,
    contract: purchase.contractedOn,
    implementation: purchase.implementationStartedOn,
    evaluation: purchase.evaluationStartedOn,
    closure: purchase.closedOn,
  };
  let stage: PurchaseStage = 'plan';
  for (const candidate of purchaseStages) {
    const reached = days[candidate];
    if (reached && reached <= day) stage = candidate;
  }
  return stage;
}
