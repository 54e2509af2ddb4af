import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { idempotencyKeys } from '../schema/idempotency-keys.js';
import { journalEntries, journalLines, type LedgerAccount, ledgerAccounts } from '../schema/ledger.js';
import { contractTranches } from '../schema/purchases.js';
import { createServiceKit, type ServiceOptions } from '../services/service-kit.js';
import type { FundsAccountKind, FundsEntryKind } from './code-lists.js';
import { type FundsLine, inAccountOrder } from './funds-rules.js';
import { lineAccount, lineEntry } from './ledger-joins.js';
import { requestHash } from './request-hash.js';

/** The idempotency key's form (docs/domain.md §6.5): 8 to 128 visible ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;

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

type Transaction = Parameters<Parameters<SansheDb['transaction']>[0]>[0];

/**
 * What every use case of funds shares, for one district and one caller: the service kit, the
 * idempotent transaction, accounts (opened, locked in id order), and the entry writer. The use
 * cases are sources.ts, allocations.ts and reversals.ts; the rules are pure, in funds-rules.ts.
 */
export function createFundsContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, actor } = kit;

  /** An entry's optional description (`input.description`): checked text of 500 characters at most. */
  function optionalDescription(value: unknown): string | null {
    if (value === undefined || value === null) return null;
    return kit.text(value, ['input', 'description'], { maxLength: 500, label: 'The description' });
  }

  function parseIdempotencyKey(value: unknown): string {
    if (typeof value === 'string' && IDEMPOTENCY_KEY.test(value)) return value;
    throw new SansheError(
      'VALIDATION_FAILED',
      'An idempotency key is 8 to 128 visible ASCII characters, chosen by the caller once per request.',
      { path: ['input', 'idempotencyKey'] },
    );
  }

  /**
   * Run a write once per idempotency key (docs/domain.md §6.5). In one transaction: a key this
   * caller already used for the operation answers its stored result when the body hashes the
   * same, and is refused when it does not; a new key runs the write and stores its result with
   * the body's hash. Two requests racing with one key take turns on a transaction-level
   * advisory lock of the key, so the second finds the first's stored key once it commits; should
   * one still meet the other on the key's primary key, it is rolled back whole and run once more.
   *
   * @throws {SansheError} IDEMPOTENCY_KEY_REUSED
   */
  async function idempotent<R extends object>(
    operation: FundsOperation,
    key: string,
    body: Record<string, unknown>,
    write: (tx: Transaction) => Promise<R>,
  ): Promise<R> {
    const hash = requestHash(body);
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction(async (tx) => {
          // Requests with one key take turns from here: a second waits for the first to commit
          // and then reads its stored key, rather than racing it through the write.
          await tx.execute(
            sql`select pg_advisory_xact_lock(hashtextextended(${JSON.stringify([districtCode, actor.id, operation, key])}, 0))`,
          );
          const [stored] = await tx
            .select({ requestHash: idempotencyKeys.requestHash, result: idempotencyKeys.result })
            .from(idempotencyKeys)
            .where(
              and(
                eq(idempotencyKeys.districtCode, districtCode),
                eq(idempotencyKeys.actorId, actor.id),
                eq(idempotencyKeys.operation, operation),
                eq(idempotencyKeys.key, key),
              ),
            );
          if (stored) {
            if (stored.requestHash !== hash) {
              throw new SansheError(
                'IDEMPOTENCY_KEY_REUSED',
                `The idempotency key was used for another ${operation} request; a new request needs a new key.`,
                { path: ['input', 'idempotencyKey'] },
              );
            }
            return stored.result as R;
          }
          const result = await write(tx);
          // Stored as JSON and answered as read back, so the first answer equals every replay.
          const stable = JSON.parse(JSON.stringify(result)) as R;
          await tx
            .insert(idempotencyKeys)
            .values({ districtCode, actorId: actor.id, operation, key, requestHash: hash, result: stable });
          return stable;
        });
      } catch (error) {
        if (attempt === 1 && constraintOf(error) === 'idempotency_keys_pkey') continue;
        throw mapLedgerRefusal(error);
      }
    }
  }

  /** The account of this owner, opened on `openedOn` when it does not exist yet. */
  async function openAccount(tx: Transaction, owner: AccountOwner, openedOn: string): Promise<LedgerAccount> {
    const existing = await findAccount(tx, owner);
    if (existing) return existing;
    // Money accounts the chain draws from never go below zero; a funder's side and an
    // undertaker's receipts have no floor (the funder's goes negative as money comes in).
    const floor = owner.kind === 'source' || owner.kind === 'earmark' ? 0 : null;
    await tx
      .insert(ledgerAccounts)
      .values({
        districtCode,
        kind: owner.kind,
        unit: 'fen',
        fundingSourceId: owner.fundingSourceId ?? null,
        projectId: owner.projectId ?? null,
        organizationId: owner.organizationId ?? null,
        floor,
        openedOn,
      })
      .onConflictDoNothing();
    const opened = await findAccount(tx, owner);
    if (!opened) throw new Error(`The ${owner.kind} account could not be opened.`);
    return opened;
  }

  async function findAccount(executor: SansheDb, owner: AccountOwner): Promise<LedgerAccount | undefined> {
    const [row] = await executor
      .select()
      .from(ledgerAccounts)
      .where(
        and(
          eq(ledgerAccounts.districtCode, districtCode),
          eq(ledgerAccounts.kind, owner.kind),
          eq(ledgerAccounts.unit, 'fen'),
          owner.fundingSourceId === undefined
            ? isNull(ledgerAccounts.fundingSourceId)
            : eq(ledgerAccounts.fundingSourceId, owner.fundingSourceId),
          owner.projectId === undefined
            ? isNull(ledgerAccounts.projectId)
            : eq(ledgerAccounts.projectId, owner.projectId),
          owner.organizationId === undefined
            ? isNull(ledgerAccounts.organizationId)
            : eq(ledgerAccounts.organizationId, owner.organizationId),
        ),
      );
    return row;
  }

  /**
   * The accounts, locked FOR UPDATE one by one in the order of their ids, and read as locked:
   * every write of the ledger locks in that one order, so none waits in a cycle.
   */
  async function lockAccounts(tx: Transaction, ids: readonly number[]): Promise<Map<number, LedgerAccount>> {
    const locked = new Map<number, LedgerAccount>();
    for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
      const [row] = await tx
        .select()
        .from(ledgerAccounts)
        .where(and(eq(ledgerAccounts.districtCode, districtCode), eq(ledgerAccounts.id, id)))
        .for('update');
      if (!row) throw new Error(`Ledger account ${id} vanished inside its transaction.`);
      locked.set(id, row);
    }
    return locked;
  }

  /** Write an entry and its lines (in account order) in the caller's transaction. */
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
    const [written] = await tx
      .insert(journalEntries)
      .values({
        districtCode,
        kind: entry.kind,
        occurredOn: entry.occurredOn,
        description: entry.description,
        trancheId: entry.trancheId ?? null,
        reversesEntryId: entry.reversesEntryId ?? null,
        recordedBy: actor.id,
      })
      .returning({ id: journalEntries.id });
    const lines = inAccountOrder(entry.lines);
    for (const line of lines) {
      // One line at a time, in account order: each line's trigger updates its account's balance.
      await tx.insert(journalLines).values({
        districtCode,
        entryId: written!.id,
        accountId: line.accountId,
        unit: 'fen',
        amount: line.amount,
      });
    }
    return { entryId: written!.id, kind: entry.kind, occurredOn: entry.occurredOn, lines };
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

/** The constraint a database error names, through drizzle's wrapping. */
export function constraintOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const constraint = (current as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') return constraint;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The database's own refusals that a service check should have made first, as the same typed
 * errors: the floor (an account overdrawn) and the second reversal. The service checks both under
 * the rows' locks, so these answer only a writer that bypassed them; anything else is unexpected.
 */
function mapLedgerRefusal(error: unknown): unknown {
  if (error instanceof SansheError) return error;
  const constraint = constraintOf(error);
  if (constraint === 'ledger_accounts_floor') {
    return new SansheError('INSUFFICIENT_BALANCE', 'An account does not hold enough for the movement.', {
      path: ['input', 'amountFen'],
      cause: error,
    });
  }
  if (constraint === 'journal_entries_reversed_once_unique') {
    return new SansheError('ALREADY_REVERSED', 'The entry was already reversed.', {
      path: ['input', 'entryId'] satisfies FieldPath,
      cause: error,
    });
  }
  return error;
}
