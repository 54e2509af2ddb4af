import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { idempotencyKeys } from '../schema/idempotency-keys.js';
import { journalEntries, journalLines, type LedgerAccount, ledgerAccounts } from '../schema/ledger.js';
import type { ServiceKit } from '../services/service-kit.js';
import { inLedgerOrder, type LedgerLine } from './ledger-lines.js';
import { constraintOf, mapLedgerRefusal, type RefusalPaths } from './ledger-refusals.js';
import type { LedgerAccountKind, LedgerEntryKind, LedgerUnit } from './ledger-units.js';
import { requestHash } from './request-hash.js';

/** The idempotency key's form (docs/domain.md §6.5): 8 to 128 visible ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;

/**
 * The transaction a ledger write runs in. The writer's steps take any executor (`SansheDb`) so
 * another area's transaction can be handed in as it is; they lock rows, so it must be a
 * transaction.
 */
export type LedgerTransaction = Parameters<Parameters<SansheDb['transaction']>[0]>[0];

/**
 * An account's identity (schema/ledger.ts `ledger_accounts_owner_unique`): its kind, its unit and
 * its owners, absent owners being null. The CHECK `ledger_accounts_owners` says which owners each
 * kind names.
 */
export interface LedgerOwner {
  kind: LedgerAccountKind;
  unit: LedgerUnit;
  fundingSourceId?: number;
  projectId?: number;
  organizationId?: number;
  volunteerId?: number;
  teamId?: number;
  communityId?: number;
}

/** An entry to write: its lines carry their units and sum to zero in each. */
export interface LedgerEntryDraft {
  kind: LedgerEntryKind;
  occurredOn: string;
  description: string;
  lines: readonly LedgerLine[];
  trancheId?: number | null;
  reversesEntryId?: number | null;
}

const ownerColumns = [
  'fundingSourceId',
  'projectId',
  'organizationId',
  'volunteerId',
  'teamId',
  'communityId',
] as const;

/**
 * The one writer of the district's ledger (docs/domain.md §6.5), shared by every area that moves
 * something countable — funds in fen, the time bank in minutes and points — so the ledger's rules
 * are applied one way: the idempotent transaction, accounts opened by owner and unit, locked in
 * id order, entries posted line by line in that order, and the database's refusals read back as
 * typed errors. The areas keep their own rules and operations and call this.
 *
 * `paths` says where an overdrawn account or a second reversal points in the area's input.
 */
export function createLedgerWriter(kit: ServiceKit, paths: RefusalPaths) {
  const { db, districtCode, actor } = kit;

  /** The caller's idempotency key (`input.idempotencyKey`). */
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
   * @throws {SansheError} IDEMPOTENCY_KEY_REUSED, and what `write` throws
   */
  async function idempotent<R extends object>(
    operation: string,
    key: string,
    body: Record<string, unknown>,
    write: (tx: LedgerTransaction) => Promise<R>,
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
        throw mapLedgerRefusal(error, paths);
      }
    }
  }

  /** The account of this owner and unit; undefined when it was never opened. */
  async function findAccount(executor: SansheDb, owner: LedgerOwner): Promise<LedgerAccount | undefined> {
    const [row] = await executor
      .select()
      .from(ledgerAccounts)
      .where(
        and(
          eq(ledgerAccounts.districtCode, districtCode),
          eq(ledgerAccounts.kind, owner.kind),
          eq(ledgerAccounts.unit, owner.unit),
          ...ownerColumns.map((column) => {
            const value = owner[column];
            return value === undefined ? isNull(ledgerAccounts[column]) : eq(ledgerAccounts[column], value);
          }),
        ),
      );
    return row;
  }

  /**
   * The account of this owner and unit, opened on `openedOn` with `floor` (null: none) when it
   * does not exist yet. Two writers opening one account meet on its unique key: the second waits
   * for the first and then finds its row.
   */
  async function openAccount(
    tx: SansheDb,
    owner: LedgerOwner,
    opening: { openedOn: string; floor: number | null },
  ): Promise<LedgerAccount> {
    const existing = await findAccount(tx, owner);
    if (existing) return existing;
    await tx
      .insert(ledgerAccounts)
      .values({
        districtCode,
        kind: owner.kind,
        unit: owner.unit,
        fundingSourceId: owner.fundingSourceId ?? null,
        projectId: owner.projectId ?? null,
        organizationId: owner.organizationId ?? null,
        volunteerId: owner.volunteerId ?? null,
        teamId: owner.teamId ?? null,
        communityId: owner.communityId ?? null,
        floor: opening.floor,
        openedOn: opening.openedOn,
      })
      .onConflictDoNothing();
    const opened = await findAccount(tx, owner);
    if (!opened) throw new Error(`The ${owner.kind} account in ${owner.unit} could not be opened.`);
    return opened;
  }

  /**
   * The accounts, locked FOR UPDATE one by one in the order of their ids, and read as locked:
   * every write of the ledger locks in that one order, so none waits in a cycle.
   */
  async function lockAccounts(tx: SansheDb, ids: readonly number[]): Promise<Map<number, LedgerAccount>> {
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

  /**
   * Write an entry and its lines (in account order, each with its unit) in the caller's
   * transaction. The database checks at commit that the lines sum to zero in each unit, and
   * refuses a line that takes an account below its floor.
   */
  async function postEntry(
    tx: SansheDb,
    entry: LedgerEntryDraft,
  ): Promise<{ entryId: number; lines: LedgerLine[] }> {
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
    const lines = inLedgerOrder(entry.lines);
    for (const line of lines) {
      // One line at a time, in account order: each line's trigger updates its account's balance.
      await tx.insert(journalLines).values({
        districtCode,
        entryId: written!.id,
        accountId: line.accountId,
        unit: line.unit,
        amount: line.amount,
      });
    }
    return { entryId: written!.id, lines };
  }

  /** An entry's lines with their units, in account order. */
  async function linesOf(executor: SansheDb, entryId: number): Promise<LedgerLine[]> {
    const rows = await executor
      .select({ accountId: journalLines.accountId, unit: journalLines.unit, amount: journalLines.amount })
      .from(journalLines)
      .where(and(eq(journalLines.districtCode, districtCode), eq(journalLines.entryId, entryId)))
      .orderBy(asc(journalLines.accountId));
    return rows.map((row) => ({ ...row, unit: row.unit as LedgerUnit }));
  }

  /** The entry that reverses `entryId`, if any (an entry is reversed at most once). */
  async function reversalOf(executor: SansheDb, entryId: number): Promise<{ id: number } | undefined> {
    const [row] = await executor
      .select({ id: journalEntries.id })
      .from(journalEntries)
      .where(and(eq(journalEntries.districtCode, districtCode), eq(journalEntries.reversesEntryId, entryId)));
    return row;
  }

  return {
    parseIdempotencyKey,
    idempotent,
    findAccount,
    openAccount,
    lockAccounts,
    postEntry,
    linesOf,
    reversalOf,
  };
}

export type LedgerWriter = ReturnType<typeof createLedgerWriter>;
