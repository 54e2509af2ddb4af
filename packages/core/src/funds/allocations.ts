import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { lineAccount, lineEntry } from '../ledger/ledger-joins.js';
import { projectEvaluations } from '../schema/evaluations.js';
import { fundingEarmarks, fundingSources } from '../schema/funding.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { contractTranches, purchases, serviceContracts } from '../schema/purchases.js';
import { serviceProjects } from '../schema/service-projects.js';
import type { TrancheMilestone } from './code-lists.js';
import type { FundsContext, FundsEntryResult, FundsTransaction } from './funds-context.js';
import {
  movementLines,
  parseAmountFen,
  requireBalance,
  requireTrancheMilestone,
  requireWithinLimit,
} from './funds-rules.js';
import type { DisburseTrancheInput, EarmarkFundsInput } from './funds-types.js';

/**
 * Earmarks and disbursements (docs/domain.md §6.3–§6.4): a source's money reaches a project only
 * through an earmark, and the project's undertaker only out of that earmark, tranche by tranche.
 * Run where the project lies (`funds.allocate` at the project's unit).
 */
export function createAllocationUseCases(context: FundsContext) {
  const { kit, districtCode } = context;

  /** Where a project lies, for the jurisdiction check; NOT_FOUND when there is no such project. */
  async function projectUnit(projectId: number, path: string[]): Promise<string> {
    const project = await kit.requireRecord(kit.db, serviceProjects, projectId, 'service project', path);
    return project.unitCode;
  }

  return {
    /**
     * Earmark a source's money for one project (定向使用): source → the earmark's account, with
     * the earmark's record. Refused when the project is not approved, when the source already
     * has an earmark for it, when the source does not hold the amount, or when the project's
     * earmarks from every source would exceed its budget. The project's row lock makes earmarks
     * of one project follow one another, so the budget checked is the budget kept.
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, INVALID_NUMBER, INVALID_DATE, DATE_IN_FUTURE,
     *   NOT_ELIGIBLE, DUPLICATE_RECORD, INSUFFICIENT_BALANCE, AMOUNT_OVER_LIMIT, IDEMPOTENCY_KEY_REUSED
     */
    async earmarkFunds(input: EarmarkFundsInput): Promise<FundsEntryResult & { earmarkId: number }> {
      const key = context.parseIdempotencyKey(input.idempotencyKey);
      const sourceId = kit.requireId(input.sourceId, 'funding source', ['input', 'sourceId']);
      const projectId = kit.requireId(input.projectId, 'service project', ['input', 'projectId']);
      const amountFen = parseAmountFen(input.amountFen, ['input', 'amountFen']);
      const earmarkedOn = kit.pastDate(input.earmarkedOn, ['input', 'earmarkedOn'], false);
      kit.authorize('funds.allocate', { unitCode: await projectUnit(projectId, ['input', 'projectId']) });

      const body = { sourceId, projectId, amountFen, earmarkedOn: input.earmarkedOn ?? null };
      return context.idempotent('funds.earmark', key, body, async (tx) => {
        const project = await kit.requireRecord(
          tx,
          serviceProjects,
          projectId,
          'service project',
          ['input', 'projectId'],
          'update',
        );
        if (project.status !== 'approved') {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `Project ${projectId} is ${project.status}: only an approved project receives earmarks.`,
            { path: ['input', 'projectId'] },
          );
        }
        const source = await kit.requireRecord(tx, fundingSources, sourceId, 'funding source', [
          'input',
          'sourceId',
        ]);
        const earmarked = await earmarkedForProject(tx, projectId);
        requireWithinLimit(
          { limitFen: project.budgetFen, usedFen: earmarked, amountFen },
          `The budget of project ${projectId}`,
          ['input', 'amountFen'],
        );
        const held = await context.openAccount(
          tx,
          { kind: 'source', fundingSourceId: sourceId },
          source.committedOn,
        );
        const [earmark] = await kit.insertUnique(
          () =>
            tx
              .insert(fundingEarmarks)
              .values({ districtCode, sourceId, projectId, amountFen, earmarkedOn })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `Source ${sourceId} already has an earmark for project ${projectId}.`,
            path: ['input', 'projectId'],
          },
        );
        const account = await context.openAccount(
          tx,
          { kind: 'earmark', fundingSourceId: sourceId, projectId },
          earmarkedOn,
        );
        const locked = await context.lockAccounts(tx, [held.id, account.id]);
        requireBalance(locked.get(held.id)!, -amountFen, `Source ${sourceId}`, ['input', 'amountFen']);
        const entry = await context.postEntry(tx, {
          kind: 'earmark',
          occurredOn: earmarkedOn,
          description: `${source.funderName} 定向 ${project.name}`.slice(0, 500),
          lines: movementLines(held.id, account.id, amountFen),
        });
        await kit.audit(tx, {
          action: 'funding_earmark.create',
          entityType: 'funding_earmark',
          entityId: earmark!.id,
          after: { ...earmark!, entryId: entry.entryId },
        });
        return { ...entry, earmarkId: earmark!.id };
      });
    },

    /**
     * Pay a contract tranche out of the project's earmark of one source: earmark → the
     * undertaker's account for the project. Refused when the source has no earmark for the
     * contract's project, when the tranche's milestone is not met on the day (funds-rules.ts
     * `trancheMilestoneUnmet`), when the payments would exceed the tranche or the contract, or
     * when the earmark does not hold the amount. The budget needs no check of its own: money
     * reaches the project only out of earmarks, which never exceed it.
     *
     * The contract's row lock makes the payments of one contract follow one another (so the
     * sums checked are the sums written); the two accounts are then locked in id order, the one
     * order every ledger write uses.
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, INVALID_NUMBER, INVALID_DATE, DATE_IN_FUTURE,
     *   VALIDATION_FAILED, INVALID_TEXT, NOT_EARMARKED, MILESTONE_NOT_REACHED, AMOUNT_OVER_LIMIT,
     *   INSUFFICIENT_BALANCE, IDEMPOTENCY_KEY_REUSED
     */
    async disburseTranche(input: DisburseTrancheInput): Promise<FundsEntryResult> {
      const key = context.parseIdempotencyKey(input.idempotencyKey);
      const sourceId = kit.requireId(input.sourceId, 'funding source', ['input', 'sourceId']);
      const trancheId = kit.requireId(input.trancheId, 'contract tranche', ['input', 'trancheId']);
      const amountFen = parseAmountFen(input.amountFen, ['input', 'amountFen']);
      const paidOn = kit.pastDate(input.paidOn, ['input', 'paidOn'], false);
      const description = context.optionalDescription(input.description);
      const chain = await trancheChain(kit.db, trancheId);
      if (!chain) throw kit.notFound('contract tranche', trancheId, ['input', 'trancheId']);
      kit.authorize('funds.allocate', { unitCode: chain.unitCode });

      const body = {
        sourceId,
        trancheId,
        amountFen,
        paidOn: input.paidOn ?? null,
        description: input.description ?? null,
      };
      return context.idempotent('funds.disburse', key, body, async (tx) => {
        const contract = await kit.requireRecord(
          tx,
          serviceContracts,
          chain.contractId,
          'service contract',
          ['input', 'trancheId'],
          'update',
        );
        const tranche = await kit.requireRecord(tx, contractTranches, trancheId, 'contract tranche', [
          'input',
          'trancheId',
        ]);
        const purchase = await kit.requireRecord(tx, purchases, contract.purchaseId, 'purchase', [
          'input',
          'trancheId',
        ]);
        const [earmark] = await tx
          .select()
          .from(fundingEarmarks)
          .where(
            and(
              eq(fundingEarmarks.districtCode, districtCode),
              eq(fundingEarmarks.sourceId, sourceId),
              eq(fundingEarmarks.projectId, purchase.projectId),
            ),
          );
        if (!earmark) {
          await kit.requireRecord(tx, fundingSources, sourceId, 'funding source', ['input', 'sourceId']);
          throw new SansheError(
            'NOT_EARMARKED',
            `Source ${sourceId} has no earmark for project ${purchase.projectId}, so it pays nothing to it.`,
            { path: ['input', 'sourceId'], details: { sourceId, projectId: purchase.projectId } },
          );
        }
        const evaluations = await tx
          .select({
            kind: projectEvaluations.kind,
            grade: projectEvaluations.grade,
            evaluatedOn: projectEvaluations.evaluatedOn,
          })
          .from(projectEvaluations)
          .where(
            and(
              eq(projectEvaluations.districtCode, districtCode),
              eq(projectEvaluations.contractId, contract.id),
            ),
          );
        requireTrancheMilestone(
          {
            milestone: tranche.milestone as TrancheMilestone,
            plannedOn: tranche.plannedOn,
            paidOn,
            contractSignedOn: contract.signedOn,
            purchaseStage: purchase.stage,
            evaluations,
          },
          ['input', 'trancheId'],
        );
        requireWithinLimit(
          {
            limitFen: tranche.amountFen,
            usedFen: await context.paidOnTranches(tx, { trancheId }),
            amountFen,
          },
          `Tranche ${tranche.trancheNumber} of contract ${contract.contractNumber}`,
          ['input', 'amountFen'],
        );
        requireWithinLimit(
          {
            limitFen: contract.amountFen,
            usedFen: await context.paidOnTranches(tx, { contractId: contract.id }),
            amountFen,
          },
          `Contract ${contract.contractNumber}`,
          ['input', 'amountFen'],
        );
        const from = await context.findAccount(tx, {
          kind: 'earmark',
          fundingSourceId: sourceId,
          projectId: purchase.projectId,
        });
        if (!from) throw new Error(`Earmark ${earmark.id} has no ledger account.`);
        const to = await context.openAccount(
          tx,
          { kind: 'undertaker', projectId: purchase.projectId, organizationId: contract.organizationId },
          paidOn,
        );
        const locked = await context.lockAccounts(tx, [from.id, to.id]);
        requireBalance(
          locked.get(from.id)!,
          -amountFen,
          `The earmark of source ${sourceId} for project ${purchase.projectId}`,
          ['input', 'amountFen'],
        );
        const entry = await context.postEntry(tx, {
          kind: 'disbursement',
          occurredOn: paidOn,
          description: description ?? `${contract.contractNumber} 第${tranche.trancheNumber}期`,
          lines: movementLines(from.id, to.id, amountFen),
          trancheId,
        });
        await markTrancheReleased(context, tx, tranche, paidOn);
        await kit.audit(tx, {
          action: 'contract_tranche.disburse',
          entityType: 'journal_entry',
          entityId: entry.entryId,
          after: { sourceId, trancheId, amountFen, ...entry },
        });
        return entry;
      });
    },
  };

  /**
   * What the project's earmarks hold in all, from every source: the lines on its earmark
   * accounts of entries that name no tranche (earmarks and their reversals; payments name one).
   */
  async function earmarkedForProject(executor: SansheDb, projectId: number): Promise<number> {
    const [row] = await executor
      .select({ total: sql<number>`coalesce(sum(${journalLines.amount}), 0)`.mapWith(Number) })
      .from(journalLines)
      .innerJoin(ledgerAccounts, lineAccount)
      .innerJoin(journalEntries, lineEntry)
      .where(
        and(
          eq(journalLines.districtCode, districtCode),
          eq(ledgerAccounts.kind, 'earmark'),
          eq(ledgerAccounts.projectId, projectId),
          isNull(journalEntries.trancheId),
        ),
      );
    return row?.total ?? 0;
  }

  /** A tranche with its contract and the unit of its project, read without locks. */
  async function trancheChain(executor: SansheDb, trancheId: number) {
    const [row] = await executor
      .select({ contractId: serviceContracts.id, unitCode: serviceProjects.unitCode })
      .from(contractTranches)
      .innerJoin(
        serviceContracts,
        and(
          eq(serviceContracts.districtCode, contractTranches.districtCode),
          eq(serviceContracts.id, contractTranches.contractId),
        ),
      )
      .innerJoin(
        purchases,
        and(
          eq(purchases.districtCode, serviceContracts.districtCode),
          eq(purchases.id, serviceContracts.purchaseId),
        ),
      )
      .innerJoin(
        serviceProjects,
        and(
          eq(serviceProjects.districtCode, purchases.districtCode),
          eq(serviceProjects.id, purchases.projectId),
        ),
      )
      .where(and(eq(contractTranches.districtCode, districtCode), eq(contractTranches.id, trancheId)));
    return row;
  }
}

/**
 * Keep the tranche's `releasedOn` true to the ledger: the day it became paid in full, cleared
 * when a reversal leaves it short again. Called under the contract's row lock.
 */
export async function markTrancheReleased(
  context: FundsContext,
  tx: FundsTransaction,
  tranche: typeof contractTranches.$inferSelect,
  day: string,
): Promise<void> {
  const paid = await context.paidOnTranches(tx, { trancheId: tranche.id });
  const releasedOn = paid >= tranche.amountFen ? (tranche.releasedOn ?? day) : null;
  if (releasedOn === tranche.releasedOn) return;
  await tx
    .update(contractTranches)
    .set({ releasedOn, version: sql`${contractTranches.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(contractTranches.districtCode, context.districtCode), eq(contractTranches.id, tranche.id)));
  await context.kit.audit(tx, {
    action: 'contract_tranche.release',
    entityType: 'contract_tranche',
    entityId: tranche.id,
    before: { releasedOn: tranche.releasedOn },
    after: { releasedOn },
  });
}
