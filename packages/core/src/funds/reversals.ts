import { and, eq } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { WriteAction } from '../access/permissions.js';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { lineAccount } from '../ledger/ledger-joins.js';
import { fundingSources } from '../schema/funding.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { contractTranches, purchases, serviceContracts } from '../schema/purchases.js';
import { serviceProjects } from '../schema/service-projects.js';
import { markTrancheReleased } from './allocations.js';
import type { FundsContext, FundsEntryResult } from './funds-context.js';
import { requireBalance, reversalLines } from './funds-rules.js';
import type { ReverseEntryInput } from './funds-types.js';

/** What an entry of the funds service hangs on: the row every write of its kind locks first. */
type Anchor =
  | { kind: 'receipt'; sourceId: number }
  | { kind: 'earmark'; projectId: number }
  | { kind: 'disbursement'; contractId: number; trancheId: number };

/**
 * Corrections (docs/domain.md §6.5): nothing in the ledger is edited or deleted; an entry is
 * undone by a new entry of the opposite lines that names it, at most once.
 */
export function createReversalUseCases(context: FundsContext) {
  const { kit, districtCode } = context;

  /** Where an entry belongs, from its lines' accounts and its tranche. */
  async function anchorOf(
    executor: SansheDb,
    entry: typeof journalEntries.$inferSelect,
  ): Promise<Anchor | undefined> {
    const owners = await executor
      .select({
        kind: ledgerAccounts.kind,
        fundingSourceId: ledgerAccounts.fundingSourceId,
        projectId: ledgerAccounts.projectId,
      })
      .from(journalLines)
      .innerJoin(ledgerAccounts, lineAccount)
      .where(and(eq(journalLines.districtCode, districtCode), eq(journalLines.entryId, entry.id)));
    if (entry.kind === 'receipt') {
      const source = owners.find((account) => account.kind === 'source');
      if (source?.fundingSourceId)
        return { kind: 'receipt', sourceId: source.fundingSourceId } satisfies Anchor;
    }
    if (entry.kind === 'earmark') {
      const earmark = owners.find((account) => account.kind === 'earmark');
      if (earmark?.projectId) return { kind: 'earmark', projectId: earmark.projectId } satisfies Anchor;
    }
    if (entry.kind === 'disbursement' && entry.trancheId !== null) {
      const tranche = await kit.requireRecord(
        executor,
        contractTranches,
        entry.trancheId,
        'contract tranche',
        ['input', 'entryId'],
      );
      return { kind: 'disbursement', contractId: tranche.contractId, trancheId: tranche.id } satisfies Anchor;
    }
    return undefined;
  }

  /** Who may reverse the entry: whoever may write an entry of its kind, where it lies. */
  async function permissionFor(anchor: Anchor): Promise<{ action: WriteAction; target: WriteTarget }> {
    if (anchor.kind === 'receipt') return { action: 'funds.source', target: {} };
    const projectId =
      anchor.kind === 'earmark'
        ? anchor.projectId
        : (
            await kit.db
              .select({ projectId: purchases.projectId })
              .from(serviceContracts)
              .innerJoin(
                purchases,
                and(
                  eq(purchases.districtCode, serviceContracts.districtCode),
                  eq(purchases.id, serviceContracts.purchaseId),
                ),
              )
              .where(
                and(
                  eq(serviceContracts.districtCode, districtCode),
                  eq(serviceContracts.id, anchor.contractId),
                ),
              )
          )[0]!.projectId;
    const project = await kit.requireRecord(kit.db, serviceProjects, projectId, 'service project', [
      'input',
      'entryId',
    ]);
    return { action: 'funds.allocate', target: { unitCode: project.unitCode } };
  }

  return {
    /**
     * Reverse a receipt, an earmark or a disbursement: a new entry of kind `reversal` with the
     * opposite lines, naming the entry (and, for a payment, its tranche, so the tranche's sums
     * stay true). Locks what a write of the entry's kind locks, in the same order (the source,
     * the project or the contract; then the accounts by id), so a reversal racing a payment on
     * the same accounts waits for it and never deadlocks. Refused when the entry was already
     * reversed, is itself a reversal, or when the reversal would overdraw an account (money
     * earmarked or paid on since).
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, VALIDATION_FAILED,
     *   INVALID_TEXT, ALREADY_REVERSED, INSUFFICIENT_BALANCE, IDEMPOTENCY_KEY_REUSED
     */
    async reverseEntry(input: ReverseEntryInput): Promise<FundsEntryResult> {
      const key = context.parseIdempotencyKey(input.idempotencyKey);
      const entryId = kit.requireId(input.entryId, 'journal entry', ['input', 'entryId']);
      const reversedOn = kit.pastDate(input.reversedOn, ['input', 'reversedOn'], false);
      const reason = kit.text(input.reason, ['input', 'reason'], { maxLength: 400, label: 'The reason' });
      const original = await kit.requireRecord(kit.db, journalEntries, entryId, 'journal entry', [
        'input',
        'entryId',
      ]);
      // The ledger is shared with the time bank (ledger/): its entries in minutes and points are
      // reversed there, never here, and answer as entries funds does not hold.
      const units = new Set((await context.ledger.linesOf(kit.db, entryId)).map((line) => line.unit));
      if (units.size === 0 || [...units].some((unit) => unit !== 'fen')) {
        throw kit.notFound('funds entry', entryId, ['input', 'entryId']);
      }
      if (original.kind === 'reversal') {
        throw new SansheError(
          'ALREADY_REVERSED',
          `Entry ${entryId} is itself a reversal; record the movement again instead of reversing it.`,
          { path: ['input', 'entryId'] },
        );
      }
      const anchor = await anchorOf(kit.db, original);
      if (!anchor) throw kit.notFound('funds entry', entryId, ['input', 'entryId']);
      const { action, target } = await permissionFor(anchor);
      kit.authorize(action, target);

      const body = { entryId, reversedOn: input.reversedOn ?? null, reason: input.reason };
      return context.idempotent('funds.reverse', key, body, async (tx) => {
        let tranche: typeof contractTranches.$inferSelect | undefined;
        if (anchor.kind === 'receipt') {
          await kit.requireRecord(
            tx,
            fundingSources,
            anchor.sourceId,
            'funding source',
            ['input', 'entryId'],
            'update',
          );
        } else if (anchor.kind === 'earmark') {
          await kit.requireRecord(
            tx,
            serviceProjects,
            anchor.projectId,
            'service project',
            ['input', 'entryId'],
            'update',
          );
        } else {
          await kit.requireRecord(
            tx,
            serviceContracts,
            anchor.contractId,
            'service contract',
            ['input', 'entryId'],
            'update',
          );
          tranche = await kit.requireRecord(tx, contractTranches, anchor.trancheId, 'contract tranche', [
            'input',
            'entryId',
          ]);
        }
        const [reversal] = await tx
          .select({ id: journalEntries.id })
          .from(journalEntries)
          .where(
            and(eq(journalEntries.districtCode, districtCode), eq(journalEntries.reversesEntryId, entryId)),
          );
        if (reversal) {
          throw new SansheError(
            'ALREADY_REVERSED',
            `Entry ${entryId} was already reversed by entry ${reversal.id}.`,
            {
              path: ['input', 'entryId'],
              details: { reversalEntryId: reversal.id },
            },
          );
        }
        const lines = reversalLines(await context.linesOf(tx, entryId));
        const locked = await context.lockAccounts(
          tx,
          lines.map((line) => line.accountId),
        );
        for (const line of lines) {
          requireBalance(locked.get(line.accountId)!, line.amount, `Account ${line.accountId}`, [
            'input',
            'entryId',
          ]);
        }
        const entry = await context.postEntry(tx, {
          kind: 'reversal',
          occurredOn: reversedOn,
          description: `冲销 #${entryId}: ${reason}`,
          lines,
          reversesEntryId: entryId,
          trancheId: original.trancheId,
        });
        if (tranche) await markTrancheReleased(context, tx, tranche, reversedOn);
        await kit.audit(tx, {
          action: 'journal_entry.reverse',
          entityType: 'journal_entry',
          entityId: entry.entryId,
          after: { reversesEntryId: entryId, ...entry },
          reason,
        });
        return entry;
      });
    },
  };
}
