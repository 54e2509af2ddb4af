import { and, eq, sql } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import { SansheError } from '../errors/sanshe-error.js';
import { oppositeLines } from '../ledger/ledger-lines.js';
import { ledgerAccounts } from '../schema/ledger.js';
import { timeBankCatalogueItems, timeBankExchanges, timeBankTransfers } from '../schema/time-bank.js';
import type { TimeBankContext } from './time-bank-context.js';
import type { PointsHolder } from './time-bank-rules.js';
import type { ReverseTimeBankEntryInput, TimeBankEntryResult } from './time-bank-types.js';

/**
 * Corrections of the time bank (docs/domain.md §5.5, as §6.5 for money): an exchange or a
 * transfer made in error is undone by a reversal entry of the opposite lines that names it, at
 * most once; the exchange or transfer record stays. An earning is undone by correcting its
 * service record (service-earnings.ts), never here. Run where the giving account lies
 * (`time_bank.reverse`).
 */
export function createReversalUseCases(context: TimeBankContext) {
  const { kit, districtCode, bank } = context;

  /** The holder of an account, read from its owner columns. */
  function holderOf(account: typeof ledgerAccounts.$inferSelect): PointsHolder {
    if (account.volunteerId !== null) return { volunteerId: account.volunteerId };
    if (account.teamId !== null) return { teamId: account.teamId };
    if (account.communityId !== null) return { communityId: account.communityId };
    return { organizationId: account.organizationId! };
  }

  return {
    /**
     * Reverse an exchange (restocking the item by its quantity, under the item's lock, taken first
     * as an exchange takes it) or a transfer (the receiver must still hold the points: else
     * INSUFFICIENT_BALANCE). Refused when the entry was already reversed (ALREADY_REVERSED).
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, INVALID_TEXT, INVALID_DATE,
     *   DATE_IN_FUTURE, ALREADY_REVERSED, INSUFFICIENT_BALANCE, IDEMPOTENCY_KEY_REUSED
     */
    async reverseTimeBankEntry(input: ReverseTimeBankEntryInput): Promise<TimeBankEntryResult> {
      const key = bank.ledger.parseIdempotencyKey(input.idempotencyKey);
      const exchangeGiven = input.exchangeId !== undefined && input.exchangeId !== null;
      const transferGiven = input.transferId !== undefined && input.transferId !== null;
      if (exchangeGiven === transferGiven) {
        throw new SansheError('VALIDATION_FAILED', 'Name exactly one exchange or one transfer to reverse.', {
          path: ['input', exchangeGiven ? 'transferId' : 'exchangeId'],
        });
      }
      const reason = kit.text(input.reason, ['input', 'reason'], { maxLength: 400, label: 'The reason' });
      const reversedOn = kit.pastDate(input.reversedOn, ['input', 'reversedOn'], false);

      let target: WriteTarget;
      let record:
        | { kind: 'exchange'; row: typeof timeBankExchanges.$inferSelect }
        | { kind: 'transfer'; row: typeof timeBankTransfers.$inferSelect };
      if (exchangeGiven) {
        const id = kit.requireId(input.exchangeId, 'time bank exchange', ['input', 'exchangeId']);
        await kit.requireVisible(kit.db, 'time_bank_exchange', id, ['input', 'exchangeId']);
        const row = await kit.requireRecord(kit.db, timeBankExchanges, id, 'time bank exchange', [
          'input',
          'exchangeId',
        ]);
        record = { kind: 'exchange', row };
        target = (await context.locate(kit.db, { volunteerId: row.volunteerId }, reversedOn, ['input']))
          .target;
      } else {
        const id = kit.requireId(input.transferId, 'time bank transfer', ['input', 'transferId']);
        await kit.requireVisible(kit.db, 'time_bank_transfer', id, ['input', 'transferId']);
        const row = await kit.requireRecord(kit.db, timeBankTransfers, id, 'time bank transfer', [
          'input',
          'transferId',
        ]);
        record = { kind: 'transfer', row };
        const from = await kit.requireRecord(kit.db, ledgerAccounts, row.fromAccountId, 'ledger account', [
          'input',
          'transferId',
        ]);
        target = (await context.locate(kit.db, holderOf(from), reversedOn, ['input', 'transferId'])).target;
      }
      const path = ['input', record.kind === 'exchange' ? 'exchangeId' : 'transferId'];
      kit.authorize('time_bank.reverse', target);

      const body = {
        exchangeId: input.exchangeId ?? null,
        transferId: input.transferId ?? null,
        reason: input.reason,
        reversedOn: input.reversedOn ?? null,
      };
      return bank.ledger.idempotent('time_bank.reverse', key, body, async (tx) => {
        // An exchange's item is locked first, as an exchange locks it, then the accounts by id.
        if (record.kind === 'exchange') {
          await kit.requireRecord(
            tx,
            timeBankCatalogueItems,
            record.row.itemId,
            'catalogue item',
            path,
            'update',
          );
        }
        const entryId = record.row.entryId;
        const already = await bank.ledger.reversalOf(tx, entryId);
        if (already) {
          throw new SansheError(
            'ALREADY_REVERSED',
            `The ${record.kind} was already reversed by entry ${already.id}.`,
            {
              path,
              details: { reversalEntryId: already.id },
            },
          );
        }
        const lines = oppositeLines(await bank.ledger.linesOf(tx, entryId));
        await bank.lockAndCheck(tx, lines, (account) => `The points account ${account.id}`, path);
        const entry = await bank.ledger.postEntry(tx, {
          kind: 'reversal',
          occurredOn: reversedOn,
          description: `冲销 #${entryId}: ${reason}`.slice(0, 500),
          lines,
          reversesEntryId: entryId,
        });
        if (record.kind === 'exchange') {
          // Stock comes back for an item offered in limited stock (null stays null).
          await tx
            .update(timeBankCatalogueItems)
            .set({
              stock: sql`${timeBankCatalogueItems.stock} + ${record.row.quantity}`,
              version: sql`${timeBankCatalogueItems.version} + 1`,
              updatedAt: sql`now()`,
            })
            .where(
              and(
                eq(timeBankCatalogueItems.districtCode, districtCode),
                eq(timeBankCatalogueItems.id, record.row.itemId),
                sql`${timeBankCatalogueItems.stock} is not null`,
              ),
            );
        }
        await kit.audit(tx, {
          action: 'journal_entry.reverse',
          entityType: 'journal_entry',
          entityId: entry.entryId,
          after: { reversesEntryId: entryId, [`${record.kind}Id`]: record.row.id, lines: entry.lines },
          reason,
        });
        return {
          entryId: entry.entryId,
          kind: 'reversal',
          occurredOn: reversedOn,
          lines: entry.lines,
          reversesEntryId: entryId,
          ...(record.kind === 'exchange' ? { exchangeId: record.row.id } : { transferId: record.row.id }),
        };
      });
    },
  };
}
