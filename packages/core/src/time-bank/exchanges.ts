import { and, eq, sql } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import type { LedgerLine } from '../ledger/ledger-lines.js';
import { timeBankCatalogueItems, timeBankExchanges } from '../schema/time-bank.js';
import type { TimeBankContext } from './time-bank-context.js';
import { MAX_POINTS, parsePoints, requireStock } from './time-bank-rules.js';
import type { ExchangePointsInput, TimeBankEntryResult } from './time-bank-types.js';

/**
 * Exchanges (积分兑换, docs/domain.md §5.5): a volunteer's points for units of a catalogue item.
 * Run for the volunteer (`time_bank.spend`): by the volunteer itself, or by staff of its home
 * community at the counter.
 */
export function createExchangeUseCases(context: TimeBankContext) {
  const { kit, districtCode, bank } = context;

  return {
    /**
     * Exchange points for `quantity` units of an item (1 by default): the volunteer's points
     * account → points redeemed, price × quantity, one `points_exchange` entry; the item's stock
     * goes down by the quantity and the exchange is recorded with its entry.
     *
     * Locks the item's row first (exchanges of one item follow one another, so the last unit goes
     * once), then the two accounts in id order. Refused when the item is withdrawn or has fewer
     * units left (INSUFFICIENT_STOCK), or when the points would take the account below its floor
     * (INSUFFICIENT_BALANCE, with the balance, the floor and the points asked).
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, INVALID_NUMBER, INVALID_DATE, DATE_IN_FUTURE,
     *   VALIDATION_FAILED, INSUFFICIENT_STOCK, INSUFFICIENT_BALANCE, IDEMPOTENCY_KEY_REUSED
     */
    async exchangePoints(input: ExchangePointsInput): Promise<TimeBankEntryResult> {
      const key = bank.ledger.parseIdempotencyKey(input.idempotencyKey);
      const volunteerId = kit.requireId(input.volunteerId, 'volunteer', ['input', 'volunteerId']);
      const itemId = kit.requireId(input.itemId, 'catalogue item', ['input', 'itemId']);
      const quantity =
        input.quantity === undefined || input.quantity === null
          ? 1
          : parsePoints(input.quantity, ['input', 'quantity'], 'The quantity');
      const exchangedOn = kit.pastDate(input.exchangedOn, ['input', 'exchangedOn'], false);
      await kit.requireVisible(kit.db, 'volunteer', volunteerId, ['input', 'volunteerId']);
      const located = await context.locate(kit.db, { volunteerId }, exchangedOn, ['input']);
      kit.authorize('time_bank.spend', located.target);

      const body = { volunteerId, itemId, quantity, exchangedOn: input.exchangedOn ?? null };
      return bank.ledger.idempotent('time_bank.exchange', key, body, async (tx) => {
        const item = await kit.requireRecord(
          tx,
          timeBankCatalogueItems,
          itemId,
          'catalogue item',
          ['input', 'itemId'],
          'update',
        );
        requireStock(item, quantity, ['input', 'quantity']);
        if (exchangedOn < item.listedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Item ${itemId} is offered from ${item.listedOn}, after ${exchangedOn}.`,
            { path: ['input', 'exchangedOn'] },
          );
        }
        const points = item.pricePoints * quantity;
        if (points > MAX_POINTS) parsePoints(points, ['input', 'quantity'], 'The price of the quantity');
        const [redeemed, account] = await bank.openAccounts(tx, [
          { owner: bank.systemOwner('points_redeemed'), openedOn: exchangedOn },
          { owner: bank.volunteerOwner(volunteerId, 'points'), openedOn: exchangedOn },
        ]);
        const lines: LedgerLine[] = [
          { accountId: account!.id, unit: 'points', amount: -points },
          { accountId: redeemed!.id, unit: 'points', amount: points },
        ];
        await bank.lockAndCheck(tx, lines, () => `The points account of volunteer ${volunteerId}`, [
          'input',
          'quantity',
        ]);
        const entry = await bank.ledger.postEntry(tx, {
          kind: 'points_exchange',
          occurredOn: exchangedOn,
          description: `积分兑换 ${item.name} × ${quantity}`.slice(0, 500),
          lines,
        });
        if (item.stock !== null) {
          await tx
            .update(timeBankCatalogueItems)
            .set({
              stock: sql`${timeBankCatalogueItems.stock} - ${quantity}`,
              version: sql`${timeBankCatalogueItems.version} + 1`,
              updatedAt: sql`now()`,
            })
            .where(
              and(
                eq(timeBankCatalogueItems.districtCode, districtCode),
                eq(timeBankCatalogueItems.id, itemId),
              ),
            );
        }
        const [exchange] = await tx
          .insert(timeBankExchanges)
          .values({
            districtCode,
            itemId,
            volunteerId,
            quantity,
            points,
            entryId: entry.entryId,
            exchangedOn,
          })
          .returning();
        await kit.audit(tx, {
          action: 'time_bank_exchange.record',
          entityType: 'time_bank_exchange',
          entityId: exchange!.id,
          after: { ...exchange!, stockBefore: item.stock },
        });
        return {
          entryId: entry.entryId,
          kind: 'points_exchange',
          occurredOn: exchangedOn,
          lines: entry.lines,
          exchangeId: exchange!.id,
        };
      });
    },
  };
}
