import { and, asc, eq, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { lineAccount, lineEntry } from '../ledger/ledger-joins.js';
import { createLedgerWriter, type LedgerOwner, type LedgerTransaction } from '../ledger/ledger-writer.js';
import { journalEntries, journalLines, type LedgerAccount, ledgerAccounts } from '../schema/ledger.js';
import { contractTranches } from '../schema/purchases.js';
import { createServiceKit, type ServiceOptions } from '../services/service-kit.js';
import type { FundsAccountKind, FundsEntryKind } from './code-lists.js';
import { type FundsLine, inAccountOrder } from './funds-rules.js';

/** The owner of an account of the service chain (ledger.ts `ledger_accounts_owners`). */
export interface AccountOwner {
  kind: FundsAccountKind;
  fundingSourceId?: number;
  projectId?: number;
  organizationId?: number;
}

/** What a write of the funds service answers: the entry it wrote. A replay answers the same. */
export interface FundsEntryResult {
  entryId: number;
  kind: FundsEntryKind;
  occurredOn: string;
  lines: FundsLine[];
}

/** What registering a source answers: the source and its two accounts. */
export interface FundingSourceResult {
  sourceId: number;
  funderAccountId: number;
  sourceAccountId: number;
}

/** The operations that take idempotency keys; a key belongs to its caller and one of these. */
export type FundsOperation =
  | 'funds.register_source'
  | 'funds.receive'
  | 'funds.earmark'
  | 'funds.disburse'
  | 'funds.reverse';

type Transaction = LedgerTransaction;

/** A funds owner as the ledger's owner: every account of the service chain holds fen. */
function moneyOwner(owner: AccountOwner): LedgerOwner {
  return { ...owner, unit: 'fen' };
}

/**
 * What every use case of funds shares, for one district and one caller: the service kit and the
 * district's one ledger writer (ledger/ledger-writer.ts, shared with the time bank) seen in fen —
 * the idempotent transaction, accounts (opened, locked in id order), and the entry writer. The use
 * cases are sources.ts, allocations.ts and reversals.ts; the rules are pure, in funds-rules.ts.
 */
export function createFundsContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;
  // The district's one ledger writer; an overdrawn account points at the amount in fen.
  const ledger = createLedgerWriter(kit, { amount: ['input', 'amountFen'], entry: ['input', 'entryId'] });

  /** An entry's optional description (`input.description`): checked text of 500 characters at most. */
  function optionalDescription(value: unknown): string | null {
    if (value === undefined || value === null) return null;
    return kit.text(value, ['input', 'description'], { maxLength: 500, label: 'The description' });
  }

  function parseIdempotencyKey(value: unknown): string {
    return ledger.parseIdempotencyKey(value);
  }

  /**
   * Run a write once per idempotency key (docs/domain.md §6.5), through the ledger's one writer
   * (ledger/ledger-writer.ts): the same key and body answer the stored result, another body is
   * IDEMPOTENCY_KEY_REUSED.
   *
   * @throws {SansheError} IDEMPOTENCY_KEY_REUSED
   */
  function idempotent<R extends object>(
    operation: FundsOperation,
    key: string,
    body: Record<string, unknown>,
    write: (tx: Transaction) => Promise<R>,
  ): Promise<R> {
    return ledger.idempotent(operation, key, body, write);
  }

  /** The account of this owner, opened on `openedOn` when it does not exist yet. */
  function openAccount(tx: Transaction, owner: AccountOwner, openedOn: string): Promise<LedgerAccount> {
    // Money accounts the chain draws from never go below zero; a funder's side and an
    // undertaker's receipts have no floor (the funder's goes negative as money comes in).
    const floor = owner.kind === 'source' || owner.kind === 'earmark' ? 0 : null;
    return ledger.openAccount(tx, moneyOwner(owner), { openedOn, floor });
  }

  function findAccount(executor: SansheDb, owner: AccountOwner): Promise<LedgerAccount | undefined> {
    return ledger.findAccount(executor, moneyOwner(owner));
  }

  /**
   * The accounts, locked FOR UPDATE one by one in the order of their ids, and read as locked:
   * every write of the ledger locks in that one order, so none waits in a cycle.
   */
  function lockAccounts(tx: Transaction, ids: readonly number[]): Promise<Map<number, LedgerAccount>> {
    return ledger.lockAccounts(tx, ids);
  }

  /** Write an entry and its lines (in account order, in fen) in the caller's transaction. */
  async function postEntry(
    tx: Transaction,
    entry: {
      kind: FundsEntryKind;
      occurredOn: string;
      description: string;
      lines: readonly FundsLine[];
      trancheId?: number | null;
      reversesEntryId?: number | null;
    },
  ): Promise<FundsEntryResult> {
    const lines = inAccountOrder(entry.lines);
    const { entryId } = await ledger.postEntry(tx, {
      ...entry,
      lines: lines.map((line) => ({ ...line, unit: 'fen' })),
    });
    return { entryId, kind: entry.kind, occurredOn: entry.occurredOn, lines };
  }

  /**
   * What has been paid on a tranche (or on every tranche of a contract): the lines on undertaker
   * accounts of entries naming the tranche, reversals included (they name the tranche too).
   */
  async function paidOnTranches(executor: SansheDb, where: { trancheId: number } | { contractId: number }) {
    const [row] = await executor
      .select({ paid: sql<number>`coalesce(sum(${journalLines.amount}), 0)`.mapWith(Number) })
      .from(journalLines)
      .innerJoin(journalEntries, lineEntry)
      .innerJoin(ledgerAccounts, lineAccount)
      .innerJoin(
        contractTranches,
        and(
          eq(contractTranches.districtCode, journalEntries.districtCode),
          eq(contractTranches.id, journalEntries.trancheId),
        ),
      )
      .where(
        and(
          eq(journalLines.districtCode, districtCode),
          eq(ledgerAccounts.kind, 'undertaker'),
          'trancheId' in where
            ? eq(journalEntries.trancheId, where.trancheId)
            : eq(contractTranches.contractId, where.contractId),
        ),
      );
    return row?.paid ?? 0;
  }

  /** An entry's lines, in account order. */
  async function linesOf(executor: SansheDb, entryId: number): Promise<FundsLine[]> {
    return executor
      .select({ accountId: journalLines.accountId, amount: journalLines.amount })
      .from(journalLines)
      .where(and(eq(journalLines.districtCode, districtCode), eq(journalLines.entryId, entryId)))
      .orderBy(asc(journalLines.accountId));
  }

  return {
    kit,
    db,
    districtCode,
    ledger,
    optionalDescription,
    parseIdempotencyKey,
    idempotent,
    openAccount,
    findAccount,
    lockAccounts,
    postEntry,
    paidOnTranches,
    linesOf,
  };
}

export type FundsContext = ReturnType<typeof createFundsContext>;
export type FundsTransaction = Transaction;

/** The constraint a database error names (ledger/ledger-refusals.ts). */
export { constraintOf } from '../ledger/ledger-refusals.js';
