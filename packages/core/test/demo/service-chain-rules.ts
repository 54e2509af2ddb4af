/**
 * The demo service chain replayed against the chain's rules (docs/domain.md §6), each check
 * derived from the rows and the rule functions, never from how the plan drew them. Called from
 * plan-rules.test.ts over the same plans.
 */
import { describe, expect, it } from 'vitest';
import type { DemoDistrictPlan } from '../../src/demo/index.js';
import type { TrancheMilestone } from '../../src/funds/code-lists.js';
import { trancheMilestoneUnmet } from '../../src/funds/funds-rules.js';
import { serviceDomains } from '../../src/organizations/code-lists.js';
import { isListedOn } from '../../src/organizations/evaluation-rules.js';
import { containsPersonalData } from '../../src/personal-data/personal-data-scan.js';
import { addDays, addYears } from '../../src/services/dates.js';
import { parseUscc } from '../../src/validators/index.js';

type Plan = DemoDistrictPlan;

const stages = [
  'plan',
  'tender',
  'bids',
  'award',
  'contract',
  'implementation',
  'evaluation',
  'closure',
] as const;
type Stage = (typeof stages)[number];
const stageColumns = {
  plan: 'plannedOn',
  tender: 'tenderPublishedOn',
  bids: 'bidsClosedOn',
  award: 'awardedOn',
  contract: 'contractedOn',
  implementation: 'implementationStartedOn',
  evaluation: 'evaluationStartedOn',
  closure: 'closedOn',
} as const;

type PurchaseRow = Plan['purchases'][number];

function dayOf(purchase: PurchaseRow, stage: Stage): string | null {
  return (purchase[stageColumns[stage]] as string | null | undefined) ?? null;
}

/** The stage a purchase was at on a day, from the days it keeps. */
function stageOnDay(purchase: PurchaseRow, day: string): Stage {
  let reached: Stage = 'plan';
  for (const stage of stages) {
    const on = dayOf(purchase, stage);
    if (on && on <= day) reached = stage;
  }
  return reached;
}

function byId<T extends { id?: number }>(rows: readonly T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.id!, row]));
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/** The certified workers holding a post at an organization on a day (docs/domain.md §4). */
function certifiedStaff(plan: Plan) {
  const workerOf = new Map(plan.socialWorkCertificates.map((c) => [c.id, c.workerId]));
  const registrations = groupBy(plan.certificateRegistrations, (r) => workerOf.get(r.certificateId)!);
  return (organizationId: number, on: string): Set<number> =>
    new Set(
      plan.socialWorkerPosts
        .filter(
          (p) =>
            p.organizationId === organizationId &&
            p.startsOn <= on &&
            (p.endsOn == null || p.endsOn >= on) &&
            (registrations.get(p.workerId) ?? []).some((r) => r.validFrom <= on && on <= r.validUntil),
        )
        .map((p) => p.workerId),
    );
}

export function describeServiceChainRules(plans: readonly { label: string; plan: Plan }[]) {
  describe.each(plans)('demo service chain $label obeys docs/domain.md §6', ({ plan }) => {
    const communities = byId(plan.communities);
    const projects = byId(plan.serviceProjects);
    const purchases = byId(plan.purchases);
    const bids = byId(plan.purchaseBids);
    const contracts = byId(plan.serviceContracts);
    const tranches = byId(plan.contractTranches);
    const organizations = byId(plan.socialOrganizations);
    const accounts = byId(plan.ledgerAccounts);
    const entries = byId(plan.journalEntries);
    const sources = byId(plan.fundingSources);
    const needs = byId(plan.needs);
    const linesOf = groupBy(plan.journalLines, (l) => l.entryId);
    const windowStart = addDays(addYears(plan.asOf, -1), 1);
    const contractOfPurchase = new Map(plan.serviceContracts.map((c) => [c.purchaseId, c]));
    const purchaseOfContract = (contractId: number) => purchases.get(contracts.get(contractId)!.purchaseId)!;
    const staffOn = certifiedStaff(plan);

    it('§6.1 needs: a year of them, in the district’s communities, every field within its code list, merges with their reason', () => {
      for (const need of plan.needs) {
        const community = communities.get(need.communityId)!;
        expect(community).toBeDefined();
        if (need.gridId != null) {
          expect(plan.grids.find((g) => g.id === need.gridId)!.communityId).toBe(need.communityId);
        }
        expect(['notice', 'survey', 'open_space_meeting', 'grid_visit', 'micro_wish']).toContain(need.source);
        expect(Object.keys(serviceDomains)).toContain(need.category);
        expect(['low', 'medium', 'high', 'urgent']).toContain(need.urgency);
        expect(need.residentsAffected).toBeGreaterThanOrEqual(1);
        expect(need.collectedOn >= windowStart && need.collectedOn <= plan.asOf, need.collectedOn).toBe(true);
        const closing = ['met', 'withdrawn', 'merged'].includes(need.status!);
        expect(need.closedOn != null).toBe(closing);
        if (need.closedOn) expect(need.closedOn >= need.collectedOn && need.closedOn <= plan.asOf).toBe(true);
        if (need.status === 'merged') {
          const target = needs.get(need.mergedIntoId!)!;
          expect(target.status).not.toBe('merged');
          expect(target.communityId).toBe(need.communityId);
          expect(target.category).toBe(need.category);
          expect(target.collectedOn <= need.collectedOn).toBe(true);
          expect(target.id! < need.id).toBe(true);
          expect(need.mergeReason!.length).toBeGreaterThan(0);
        } else {
          expect(need.mergedIntoId ?? null).toBeNull();
          expect(need.mergeReason ?? null).toBeNull();
        }
      }
    });

    it('§6.2 projects: designed by a unit of the district, budget lines summing to the budget, indicators, methods', () => {
      const linesByProject = groupBy(plan.projectBudgetLines, (l) => l.projectId);
      const indicatorsByProject = groupBy(plan.projectIndicators, (i) => i.projectId);
      const servedBy = groupBy(plan.projectCommunities, (c) => c.projectId);
      for (const project of plan.serviceProjects) {
        expect(project.unitCode.startsWith(plan.districtCode)).toBe(true);
        expect([6, 9, 12]).toContain(project.unitCode.length);
        expect(Object.keys(serviceDomains)).toContain(project.serviceDomain);
        expect(project.methods.length).toBeGreaterThanOrEqual(1);
        for (const method of project.methods)
          expect(['casework', 'group_work', 'community_work']).toContain(method);
        expect(project.endsOn >= project.startsOn).toBe(true);
        const lines = linesByProject.get(project.id)!;
        expect(lines.map((l) => l.lineNumber)).toEqual(lines.map((_, i) => i + 1));
        for (const line of lines) {
          expect([
            'personnel',
            'activities',
            'materials',
            'venue',
            'management',
            'evaluation',
            'other',
          ]).toContain(line.category);
          expect(line.amountFen).toBeGreaterThan(0);
        }
        expect(lines.reduce((sum, l) => sum + l.amountFen, 0)).toBe(project.budgetFen);
        const kinds = new Set((indicatorsByProject.get(project.id) ?? []).map((i) => i.kind));
        expect(kinds).toEqual(new Set(['output', 'outcome']));
        const served = (servedBy.get(project.id) ?? []).map((c) => communities.get(c.communityId)!);
        expect(served.length).toBeGreaterThanOrEqual(1);
        for (const community of served) expect(community.code.startsWith(project.unitCode)).toBe(true);
        // Status and its days (schema CHECK service_projects_status, read as the services do).
        if (project.status === 'draft') expect(project.approvedOn ?? null).toBeNull();
        else if (project.status === 'cancelled') expect(project.closedOn).not.toBeNull();
        else expect(project.approvedOn).not.toBeNull();
        expect((project.closedOn != null) === ['closed', 'cancelled'].includes(project.status!)).toBe(true);
        if (project.approvedOn) expect(project.approvedOn <= plan.asOf).toBe(true);
        if (project.closedOn) expect(project.closedOn <= plan.asOf).toBe(true);
      }
    });

    it('§6.1–§6.2 each project answers 1–4 needs of the communities it serves, collected before the link, their status following the project', () => {
      const linksByProject = groupBy(plan.projectNeeds, (l) => l.projectId);
      const served = groupBy(plan.projectCommunities, (c) => c.projectId);
      for (const project of plan.serviceProjects) {
        const links = linksByProject.get(project.id) ?? [];
        expect(links.length).toBeGreaterThanOrEqual(1);
        expect(links.length).toBeLessThanOrEqual(4);
        const communityIds = new Set((served.get(project.id) ?? []).map((c) => c.communityId));
        for (const link of links) {
          const need = needs.get(link.needId)!;
          expect(communityIds.has(need.communityId)).toBe(true);
          expect(need.category).toBe(project.serviceDomain);
          expect(need.collectedOn <= link.linkedOn).toBe(true);
          expect(link.linkedOn <= (project.approvedOn ?? plan.asOf)).toBe(true);
          const expected = { draft: 'answered', approved: 'answered', closed: 'met', cancelled: 'withdrawn' }[
            project.status as 'draft'
          ];
          expect(need.status).toBe(expected);
        }
      }
    });

    it('§6.3 purchases: one live per project, of an approved project, stages reached in order with their days, cancelled only before a contract', () => {
      const byProject = groupBy(plan.purchases, (p) => p.projectId);
      for (const [projectId, list] of byProject) {
        const project = projects.get(projectId)!;
        expect(project.status).not.toBe('draft');
        expect(list.filter((p) => p.stage !== 'cancelled').length).toBeLessThanOrEqual(1);
        // A new purchase only after the one before was cancelled.
        for (let i = 1; i < list.length; i++) {
          expect(list[i - 1]!.stage).toBe('cancelled');
          expect(list[i]!.plannedOn >= list[i - 1]!.cancelledOn!).toBe(true);
        }
        if (project.status === 'closed') expect(list.at(-1)!.stage).toBe('closure');
        if (project.status === 'cancelled') expect(list.at(-1)!.stage).toBe('cancelled');
      }
      for (const purchase of plan.purchases) {
        const project = projects.get(purchase.projectId)!;
        expect(purchase.plannedOn >= project.approvedOn!).toBe(true);
        expect(project.unitCode.startsWith(purchase.purchaserUnitCode)).toBe(true);
        expect([6, 9]).toContain(purchase.purchaserUnitCode.length);
        expect(['open_tender', 'invitation', 'competitive_consultation', 'single_source']).toContain(
          purchase.method,
        );
        const days = stages.map((stage) => dayOf(purchase, stage));
        const reached = days.filter((d) => d !== null) as string[];
        // The days reached form an unbroken prefix, in order, none after the plan's day.
        expect(days.slice(0, reached.length)).toEqual(reached);
        expect([...reached].sort()).toEqual(reached);
        for (const day of reached) expect(day <= plan.asOf).toBe(true);
        if (purchase.stage === 'cancelled') {
          expect(reached.length).toBeLessThanOrEqual(stages.indexOf('award') + 1);
          expect(purchase.cancelledOn! >= reached.at(-1)!).toBe(true);
          expect(purchase.cancelledOn! <= plan.asOf).toBe(true);
          expect(purchase.cancellationReason!.length).toBeGreaterThan(0);
          expect(contractOfPurchase.has(purchase.id)).toBe(false);
        } else {
          expect(reached.length).toBe(stages.indexOf(purchase.stage as Stage) + 1);
          expect(purchase.cancelledOn ?? null).toBeNull();
          expect(contractOfPurchase.has(purchase.id)).toBe(stages.indexOf(purchase.stage as Stage) >= 4);
        }
      }
    });

    it('§6.3 bids: by registered organizations eligible on the assessment day (never a filed group, never listed, no penalty in 3 years, certified staff), one awarded, the best score', () => {
      const byPurchase = groupBy(plan.purchaseBids, (b) => b.purchaseId);
      for (const [purchaseId, list] of byPurchase) {
        const purchase = purchases.get(purchaseId)!;
        expect(new Set(list.map((b) => b.organizationId)).size).toBe(list.length);
        const assessed = purchase.bidsClosedOn != null;
        for (const bid of list) {
          const organization = organizations.get(bid.organizationId)!;
          const on = purchase.bidsClosedOn ?? plan.asOf;
          expect(organization.legalStatus).toBe('registered');
          expect(organization.registeredOn <= on).toBe(true);
          expect(!organization.deregisteredOn || organization.deregisteredOn > on).toBe(true);
          const listed = plan.organizationListEntries.some(
            (e) =>
              e.organizationId === organization.id &&
              isListedOn({ ...e, removedOn: e.removedOn ?? null }, on),
          );
          expect(listed, `${organization.name} listed on ${on}`).toBe(false);
          const penalised = plan.organizationCreditRecords.some(
            (r) =>
              r.organizationId === organization.id &&
              r.category === 'penalty' &&
              !r.withdrawnOn &&
              r.occurredOn > addYears(on, -3) &&
              r.occurredOn <= on,
          );
          expect(penalised).toBe(false);
          expect(staffOn(organization.id, on).size).toBeGreaterThan(0);
          expect(bid.submittedOn >= purchase.tenderPublishedOn!).toBe(true);
          expect(bid.submittedOn <= on).toBe(true);
          expect(bid.priceFen).toBeLessThanOrEqual(projects.get(purchase.projectId)!.budgetFen);
          expect((bid.status === 'disqualified') === (bid.disqualificationReason != null)).toBe(true);
          if (!assessed) {
            expect(bid.status).toBe('submitted');
            expect(bid.score ?? null).toBeNull();
          } else {
            expect(bid.status).not.toBe('submitted');
            const { assessment } = bid.eligibility as { assessment: { eligible: boolean; on: string } };
            expect(assessment).toMatchObject({ eligible: true, on: purchase.bidsClosedOn });
          }
        }
        const awarded = list.filter((b) => b.status === 'awarded');
        const awarding = purchase.awardedOn != null && purchase.stage !== 'cancelled';
        expect(awarded.length).toBe(awarding ? 1 : 0);
        if (awarding) {
          const best = Math.max(...list.filter((b) => b.status !== 'disqualified').map((b) => b.score!));
          expect(awarded[0]!.score).toBe(best);
          // 政府采购法 第三十六条: a tender needs three qualified bids; a single source has one.
          if (purchase.method === 'single_source') expect(list).toHaveLength(1);
          else expect(list.filter((b) => b.status !== 'disqualified').length).toBeGreaterThanOrEqual(3);
        }
      }
      for (const purchase of plan.purchases) {
        if (purchase.awardedOn && purchase.stage !== 'cancelled')
          expect(byPurchase.has(purchase.id)).toBe(true);
      }
    });

    it('§6.3 contracts: with the awarded bid, at its price, within the budget, at most 1 year (3 when continuing, with the reason); tranches summing to the amount', () => {
      const numbers = new Set(plan.serviceContracts.map((c) => c.contractNumber));
      expect(numbers.size).toBe(plan.serviceContracts.length);
      const tranchesOf = groupBy(plan.contractTranches, (t) => t.contractId);
      for (const contract of plan.serviceContracts) {
        const purchase = purchases.get(contract.purchaseId)!;
        const bid = bids.get(contract.bidId)!;
        expect(bid.purchaseId).toBe(purchase.id);
        expect(bid.organizationId).toBe(contract.organizationId);
        expect(bid.status).toBe('awarded');
        expect(contract.amountFen).toBe(bid.priceFen);
        expect(contract.amountFen).toBeLessThanOrEqual(projects.get(purchase.projectId)!.budgetFen);
        expect(contract.signedOn).toBe(purchase.contractedOn);
        expect(contract.startsOn >= contract.signedOn && contract.endsOn >= contract.startsOn).toBe(true);
        // 令第102号: the last day before the (first or third) anniversary.
        const lastDay = addDays(addYears(contract.startsOn, contract.continuing ? 3 : 1), -1);
        expect(contract.endsOn <= lastDay).toBe(true);
        expect(contract.continuing === (contract.continuingReason != null)).toBe(true);
        if (purchase.implementationStartedOn)
          expect(purchase.implementationStartedOn).toBe(contract.startsOn);
        if (contract.terminatedOn) {
          expect(contract.terminatedOn >= contract.signedOn && contract.terminatedOn <= contract.endsOn).toBe(
            true,
          );
          expect(contract.terminatedOn <= plan.asOf).toBe(true);
          expect(contract.terminationReason).toBeTruthy();
        }
        const own = (tranchesOf.get(contract.id) ?? []).sort((a, b) => a.trancheNumber - b.trancheNumber);
        expect(own.map((t) => t.trancheNumber)).toEqual(own.map((_, i) => i + 1));
        expect(own.reduce((sum, t) => sum + t.amountFen, 0)).toBe(contract.amountFen);
        for (const tranche of own) {
          expect(tranche.amountFen).toBeGreaterThan(0);
          expect(tranche.plannedOn >= contract.signedOn).toBe(true);
          expect(['signing', 'milestone', 'midterm_evaluation', 'final_evaluation']).toContain(
            tranche.milestone,
          );
        }
      }
    });

    it('§6.7 evaluations: of contracts in delivery, midterm during implementation, final after it, never by the undertaker nor a bidder; grades match scores', () => {
      const finals = new Set<number>();
      for (const evaluation of plan.projectEvaluations) {
        const contract = contracts.get(evaluation.contractId)!;
        const purchase = purchaseOfContract(contract.id);
        expect(evaluation.undertakerOrganizationId).toBe(contract.organizationId);
        expect(evaluation.evaluatorOrganizationId ?? null).not.toBe(contract.organizationId);
        const undertaker = organizations.get(contract.organizationId)!;
        expect(evaluation.evaluatorUscc).not.toBe(undertaker.uscc);
        const bidders = plan.purchaseBids.filter((b) => b.purchaseId === purchase.id);
        for (const bid of bidders) {
          expect(evaluation.evaluatorOrganizationId ?? null).not.toBe(bid.organizationId);
          expect(evaluation.evaluatorUscc).not.toBe(organizations.get(bid.organizationId)!.uscc);
        }
        expect(parseUscc(evaluation.evaluatorUscc).success).toBe(true);
        expect(evaluation.evaluatedOn <= plan.asOf).toBe(true);
        if (evaluation.kind === 'final') {
          expect(finals.has(contract.id)).toBe(false);
          finals.add(contract.id);
          expect(['evaluation', 'closure']).toContain(purchase.stage);
          expect(evaluation.evaluatedOn >= purchase.evaluationStartedOn!).toBe(true);
          if (purchase.closedOn) expect(evaluation.evaluatedOn <= purchase.closedOn).toBe(true);
        } else {
          expect(evaluation.kind).toBe('midterm');
          expect(evaluation.evaluatedOn >= purchase.implementationStartedOn!).toBe(true);
          if (purchase.evaluationStartedOn)
            expect(evaluation.evaluatedOn <= purchase.evaluationStartedOn).toBe(true);
          expect(evaluation.evaluatedOn <= (contract.terminatedOn ?? contract.endsOn)).toBe(true);
        }
        const score = Number(evaluation.score);
        const grade = score >= 90 ? 'excellent' : score >= 80 ? 'good' : score >= 60 ? 'pass' : 'fail';
        expect(evaluation.grade).toBe(grade);
      }
      // Closure comes after the final evaluation.
      for (const purchase of plan.purchases.filter((p) => p.stage === 'closure')) {
        expect(finals.has(contractOfPurchase.get(purchase.id)!.id)).toBe(true);
      }
    });

    it('§6.4 funds: sources of every kind as published, earmarks of approved projects within their budgets', () => {
      for (const source of plan.fundingSources) {
        expect(source.amountFen).toBeGreaterThan(0);
        expect(source.committedOn <= plan.asOf).toBe(true);
        expect(
          (source.kind === 'in_kind') === (source.inKindDescription != null && source.valuationBasis != null),
        ).toBe(true);
        if (source.funderUscc) expect(parseUscc(source.funderUscc).success).toBe(true);
        // docs/domain.md §6.4, §9: an individual donor is published as 个人捐赠.
        if (source.kind === 'donation' && !source.funderUscc) expect(source.funderName).toBe('个人捐赠');
        if (source.funderOrganizationId != null) {
          expect(organizations.get(source.funderOrganizationId)!.uscc).toBe(source.funderUscc);
        }
      }
      const pairs = new Set(plan.fundingEarmarks.map((e) => `${e.sourceId}/${e.projectId}`));
      expect(pairs.size).toBe(plan.fundingEarmarks.length);
      const byProject = groupBy(plan.fundingEarmarks, (e) => e.projectId);
      for (const [projectId, list] of byProject) {
        const project = projects.get(projectId)!;
        expect(list.reduce((sum, e) => sum + e.amountFen, 0)).toBeLessThanOrEqual(project.budgetFen);
        for (const earmark of list) {
          // Only an approved project receives earmarks (funds/allocations.ts).
          expect(project.approvedOn! <= earmark.earmarkedOn).toBe(true);
          if (project.closedOn) expect(earmark.earmarkedOn < project.closedOn).toBe(true);
          expect(earmark.earmarkedOn >= sources.get(earmark.sourceId)!.committedOn).toBe(true);
          expect(earmark.earmarkedOn <= plan.asOf).toBe(true);
        }
      }
    });

    it('§6.5 ledger: accounts of their owners, entries of two or more lines summing to zero per unit, balances the sums of the lines, never below a floor', () => {
      const running = new Map<number, number>();
      const sums = new Map<number, number>();
      for (const account of plan.ledgerAccounts) {
        expect(account.unit).toBe('fen');
        expect(account.floor ?? null).toBe(['source', 'earmark'].includes(account.kind) ? 0 : null);
        if (account.kind === 'earmark') {
          expect(
            plan.fundingEarmarks.some(
              (e) => e.sourceId === account.fundingSourceId && e.projectId === account.projectId,
            ),
          ).toBe(true);
        }
      }
      const owners = new Set(
        plan.ledgerAccounts.map((a) => `${a.kind}/${a.fundingSourceId}/${a.projectId}/${a.organizationId}`),
      );
      expect(owners.size).toBe(plan.ledgerAccounts.length);
      let previousDay = '';
      for (const entry of [...plan.journalEntries].sort((a, b) => a.id - b.id)) {
        expect(entry.occurredOn >= previousDay && entry.occurredOn <= plan.asOf).toBe(true);
        previousDay = entry.occurredOn;
        const lines = linesOf.get(entry.id) ?? [];
        expect(lines.length).toBeGreaterThanOrEqual(2);
        const perUnit = new Map<string, number>();
        for (const line of lines) {
          expect(line.amount).not.toBe(0);
          expect(line.unit).toBe(accounts.get(line.accountId)!.unit);
          perUnit.set(line.unit, (perUnit.get(line.unit) ?? 0) + line.amount);
        }
        for (const total of perUnit.values()) expect(total).toBe(0);
        // Lines in id order: each account stays at or above its floor after each line.
        for (const line of [...lines].sort((a, b) => a.id - b.id)) {
          const account = accounts.get(line.accountId)!;
          const balance = (running.get(account.id) ?? 0) + line.amount;
          running.set(account.id, balance);
          if (account.floor != null) expect(balance).toBeGreaterThanOrEqual(account.floor);
          sums.set(account.id, balance);
        }
        expect((entry.kind === 'reversal') === (entry.reversesEntryId != null)).toBe(true);
        if (entry.reversesEntryId != null) {
          const original = entries.get(entry.reversesEntryId)!;
          expect(original.id < entry.id && original.kind !== 'reversal').toBe(true);
          const undone = (linesOf.get(original.id) ?? []).map((l) => `${l.accountId}:${-l.amount}`).sort();
          expect(lines.map((l) => `${l.accountId}:${l.amount}`).sort()).toEqual(undone);
        }
      }
      const reversed = plan.journalEntries
        .filter((e) => e.reversesEntryId != null)
        .map((e) => e.reversesEntryId);
      expect(new Set(reversed).size).toBe(reversed.length);
      for (const account of plan.ledgerAccounts) expect(account.balance).toBe(sums.get(account.id) ?? 0);
    });

    it('§6.4–§6.5 movements: receipts within the commitment, earmarks out of their source, disbursements out of the project’s earmarks to its undertaker, only for tranches whose milestone is met (`trancheMilestoneUnmet`)', () => {
      const received = new Map<number, number>();
      const paid = new Map<number, number>();
      const accountOf = (line: { accountId: number }) => accounts.get(line.accountId)!;
      for (const entry of plan.journalEntries) {
        const lines = linesOf.get(entry.id)!;
        const from = lines.find((l) => l.amount < 0)!;
        const to = lines.find((l) => l.amount > 0)!;
        if (entry.kind === 'receipt') {
          expect([accountOf(from).kind, accountOf(to).kind]).toEqual(['funder', 'source']);
          expect(accountOf(from).fundingSourceId).toBe(accountOf(to).fundingSourceId);
          const sourceId = accountOf(to).fundingSourceId!;
          received.set(sourceId, (received.get(sourceId) ?? 0) + to.amount);
          expect(received.get(sourceId)).toBeLessThanOrEqual(sources.get(sourceId)!.amountFen);
          expect(entry.occurredOn >= sources.get(sourceId)!.committedOn).toBe(true);
        } else if (entry.kind === 'earmark') {
          expect([accountOf(from).kind, accountOf(to).kind]).toEqual(['source', 'earmark']);
          expect(accountOf(from).fundingSourceId).toBe(accountOf(to).fundingSourceId);
          const earmark = plan.fundingEarmarks.find(
            (e) => e.sourceId === accountOf(to).fundingSourceId && e.projectId === accountOf(to).projectId,
          )!;
          expect(to.amount).toBe(earmark.amountFen);
          expect(entry.occurredOn).toBe(earmark.earmarkedOn);
        } else if (entry.kind === 'disbursement') {
          expect([accountOf(from).kind, accountOf(to).kind]).toEqual(['earmark', 'undertaker']);
          const tranche = tranches.get(entry.trancheId!)!;
          const contract = contracts.get(tranche.contractId)!;
          const purchase = purchaseOfContract(contract.id);
          expect(accountOf(from).projectId).toBe(purchase.projectId);
          expect(accountOf(to).projectId).toBe(purchase.projectId);
          expect(accountOf(to).organizationId).toBe(contract.organizationId);
          const unmet = trancheMilestoneUnmet({
            milestone: tranche.milestone as TrancheMilestone,
            plannedOn: tranche.plannedOn,
            paidOn: entry.occurredOn,
            contractSignedOn: contract.signedOn,
            purchaseStage: stageOnDay(purchase, entry.occurredOn),
            evaluations: plan.projectEvaluations.filter((e) => e.contractId === contract.id),
          });
          expect(unmet, `tranche ${tranche.id} paid on ${entry.occurredOn}`).toBeNull();
          paid.set(tranche.id, (paid.get(tranche.id) ?? 0) + to.amount);
          expect(paid.get(tranche.id)).toBeLessThanOrEqual(tranche.amountFen);
        } else {
          expect(entry.kind).toBe('reversal');
        }
      }
      for (const tranche of plan.contractTranches) {
        const full = (paid.get(tranche.id) ?? 0) === tranche.amountFen;
        expect(tranche.releasedOn != null, `tranche ${tranche.id}`).toBe(full);
        if (tranche.releasedOn) {
          const last = plan.journalEntries.filter((e) => e.trancheId === tranche.id).at(-1)!;
          expect(tranche.releasedOn).toBe(last.occurredOn);
        }
      }
    });

    it('§6.6 delivery: activities under contracts in delivery, within it, in the project’s communities and methods; hours of certified workers posted at the undertaker that day', () => {
      const activities = byId(plan.deliveryActivities);
      for (const activity of plan.deliveryActivities) {
        const contract = contracts.get(activity.contractId)!;
        const purchase = purchaseOfContract(contract.id);
        const project = projects.get(purchase.projectId)!;
        expect(purchase.implementationStartedOn).not.toBeNull();
        expect(activity.heldOn >= purchase.implementationStartedOn!).toBe(true);
        expect(activity.heldOn <= (contract.terminatedOn ?? contract.endsOn)).toBe(true);
        if (purchase.evaluationStartedOn) expect(activity.heldOn < purchase.evaluationStartedOn).toBe(true);
        expect(activity.heldOn <= plan.asOf).toBe(true);
        expect(project.methods).toContain(activity.method);
        expect(
          plan.projectCommunities.some(
            (c) => c.projectId === project.id && c.communityId === activity.communityId,
          ),
        ).toBe(true);
        expect(activity.participantCount).toBeGreaterThanOrEqual(0);
        if (activity.status === 'recorded') expect(activity.confirmedOn ?? null).toBeNull();
        else {
          expect(activity.confirmedOn! >= activity.heldOn && activity.confirmedOn! <= plan.asOf).toBe(true);
          expect(activity.confirmedBy).toBeTruthy();
          expect((activity.status === 'disputed') === (activity.disputeReason != null)).toBe(true);
        }
      }
      const workerRows = new Set<string>();
      for (const hours of plan.activityHours) {
        const activity = activities.get(hours.activityId)!;
        expect(hours.minutes >= 1 && hours.minutes <= 1440).toBe(true);
        expect((hours.role === 'social_worker') === (hours.workerId != null)).toBe(true);
        if (hours.workerId != null) {
          const key = `${hours.activityId}/${hours.workerId}`;
          expect(workerRows.has(key)).toBe(false);
          workerRows.add(key);
          const undertaker = contracts.get(activity.contractId)!.organizationId;
          expect(staffOn(undertaker, activity.heldOn).has(hours.workerId), key).toBe(true);
        }
      }
    });

    it('§6.7 satisfaction: one answer per resident and project, a keyed hash, after delivery began', () => {
      const seen = new Set<string>();
      for (const answer of plan.satisfactionAnswers) {
        expect(answer.respondentHash).toMatch(/^[0-9a-f]{64}$/);
        const key = `${answer.projectId}/${answer.respondentHash}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(answer.score >= 1 && answer.score <= 5).toBe(true);
        const live = plan.purchases.find((p) => p.projectId === answer.projectId && p.stage !== 'cancelled')!;
        expect(live.implementationStartedOn).not.toBeNull();
        expect(answer.answeredOn >= live.implementationStartedOn! && answer.answeredOn <= plan.asOf).toBe(
          true,
        );
      }
    });

    it('docs/domain.md §9: no published text of the chain looks like a resident ID or a phone number', () => {
      const texts = [
        ...plan.needs.flatMap((n) => [n.title, n.description, n.mergeReason ?? '']),
        ...plan.serviceProjects.flatMap((p) => [p.name, p.goals]),
        ...plan.projectBudgetLines.map((l) => l.description),
        ...plan.projectIndicators.map((i) => i.description),
        ...plan.purchases.map((p) => p.cancellationReason ?? ''),
        ...plan.serviceContracts.flatMap((c) => [
          c.contractNumber,
          c.continuingReason ?? '',
          c.terminationReason ?? '',
        ]),
        ...plan.fundingSources.flatMap((s) => [
          s.funderName,
          s.reference,
          s.inKindDescription ?? '',
          s.valuationBasis ?? '',
        ]),
        ...plan.journalEntries.map((e) => e.description),
        ...plan.deliveryActivities.flatMap((a) => [a.title, a.place]),
        ...plan.projectEvaluations.flatMap((e) => [e.evaluatorName, e.reportReference, e.summary]),
      ];
      expect(texts.filter((text) => containsPersonalData(text))).toEqual([]);
    });
  });
}

/** What a default district shows: every state of the chain, every kind of source, at realistic volumes. */
export function describeServiceChainVolumes(plans: readonly { label: string; plan: Plan }[]) {
  describe.each(plans)('default demo district $label: the service chain at every stage', ({ plan }) => {
    const count = <T>(rows: readonly T[], key: (row: T) => string) =>
      rows.reduce((m, row) => m.set(key(row), (m.get(key(row)) ?? 0) + 1), new Map<string, number>());

    it('needs of every source, urgency and status; projects of every status; purchases at every stage and cancelled', () => {
      expect([...count(plan.needs, (n) => n.source).keys()].sort()).toEqual(
        ['grid_visit', 'micro_wish', 'notice', 'open_space_meeting', 'survey'].sort(),
      );
      expect([...count(plan.needs, (n) => n.urgency).keys()].sort()).toEqual([
        'high',
        'low',
        'medium',
        'urgent',
      ]);
      expect([...count(plan.needs, (n) => n.status!).keys()].sort()).toEqual(
        ['answered', 'merged', 'met', 'open', 'withdrawn'].sort(),
      );
      expect([...count(plan.serviceProjects, (p) => p.status!).keys()].sort()).toEqual(
        ['approved', 'cancelled', 'closed', 'draft'].sort(),
      );
      expect([...count(plan.purchases, (p) => p.stage!).keys()].sort()).toEqual(
        [...stages, 'cancelled'].sort(),
      );
      expect(count(plan.purchases, (p) => p.method).size).toBeGreaterThanOrEqual(3);
      // About 3 needs and 0.4 projects per community in a year.
      const perCommunity = plan.needs.length / plan.communities.length;
      expect(perCommunity).toBeGreaterThan(2);
      expect(perCommunity).toBeLessThan(6);
      expect(plan.serviceProjects.length).toBeGreaterThan(plan.communities.length / 4);
    });

    it('budgets of 50,000–500,000 yuan a year; bids by several organizations, some set aside; a continuing contract', () => {
      for (const project of plan.serviceProjects) {
        const contract = plan.serviceContracts.find(
          (c) => plan.purchases.find((p) => p.id === c.purchaseId)!.projectId === project.id,
        );
        const years = contract?.continuing ? 3 : 1;
        expect(project.budgetFen).toBeGreaterThanOrEqual(5_000_000);
        expect(project.budgetFen).toBeLessThanOrEqual(50_000_000 * years);
      }
      expect(plan.purchaseBids.some((b) => b.status === 'disqualified')).toBe(true);
      expect(plan.serviceContracts.some((c) => c.continuing)).toBe(true);
    });

    it('funds from every kind of source, received, earmarked, disbursed and once reversed', () => {
      expect([...count(plan.fundingSources, (s) => s.kind).keys()].sort()).toEqual(
        ['community_foundation', 'donation', 'enterprise_sponsorship', 'government_budget', 'in_kind'].sort(),
      );
      expect(plan.fundingSources.some((s) => s.funderName === '个人捐赠')).toBe(true);
      expect([...count(plan.journalEntries, (e) => e.kind).keys()].sort()).toEqual(
        ['disbursement', 'earmark', 'receipt', 'reversal'].sort(),
      );
      expect(plan.contractTranches.some((t) => t.releasedOn)).toBe(true);
      expect(plan.contractTranches.some((t) => !t.releasedOn)).toBe(true);
    });

    it('delivery confirmed, disputed and awaiting; hours of social workers, staff and volunteers; evaluations and answers', () => {
      expect([...count(plan.deliveryActivities, (a) => a.status!).keys()].sort()).toEqual(
        ['confirmed', 'disputed', 'recorded'].sort(),
      );
      expect([...count(plan.activityHours, (h) => h.role).keys()].sort()).toEqual(
        ['other_staff', 'social_worker', 'volunteer'].sort(),
      );
      expect([...count(plan.projectEvaluations, (e) => e.kind).keys()].sort()).toEqual(['final', 'midterm']);
      expect(plan.satisfactionAnswers.length).toBeGreaterThan(50);
    });
  });
}
