/**
 * Hundreds of time-bank writes racing on the same few accounts (docs/domain.md §5.5, §6.5: "every
 * balance stays exact, never below its floor"). On PostgreSQL (SANSHE_TEST_PG) they run at once
 * over the test database's pool of connections; PGlite has one connection, so there the test is
 * skipped. Three kinds race together on three volunteers, a community pool and one item:
 *
 * - 150 earnings of 60 minutes (10 points each) through `createServiceEarnings`, on services
 *   inserted in the same transactions: all accepted, whatever the order;
 * - 150 exchanges of one unit (6 points) of an item with 40 left: at most 40 accepted, the rest
 *   refused INSUFFICIENT_STOCK or, when a volunteer's points run out first, INSUFFICIENT_BALANCE;
 * - 100 transfers of 7 points, donations of the volunteers to the pool and awards from it: refused
 *   INSUFFICIENT_BALANCE when the giver does not hold them at that moment;
 * - 20 exchanges of a 5-point meal by a fourth volunteer who holds 12 points and earns nothing
 *   meanwhile: exactly 2 accepted and 18 refused INSUFFICIENT_BALANCE, whatever the order.
 *
 * Which exchanges and transfers pass depends on the order; what must hold does not: every balance
 * is the sum of its lines and at or above its floor, the stock never went negative and equals 40
 * less the exchanges accepted, every unit of the ledger sums to zero, refused writes got typed
 * codes and left no trace, and the rows written match the writes accepted one for one.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSansheError } from '../../src/errors/index.js';
import { testDatabaseKind } from '../../src/testing/index.js';
import {
  createTimeBankDistrict,
  insertVolunteer,
  newKey,
  serveAndSettle,
  type TimeBankDistrict,
} from './fixture.js';

let district: TimeBankDistrict;

const onPostgres = testDatabaseKind() !== 'pglite';

beforeAll(async () => {
  if (onPostgres) district = await createTimeBankDistrict();
});

afterAll(async () => {
  await district?.database.close();
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await district.database.db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

describe.skipIf(!onPostgres)('earnings, exchanges and transfers racing on the same accounts', () => {
  it('keeps every balance exact and within its floor, the stock exact, and the ledger balanced', async () => {
    const { leader, member, other } = district.volunteers;
    const people = [leader, member, other];
    // Before the race: each volunteer holds 30 points, the pool 14, the item 40 units (and the
    // points-redeemed account is opened by one exchange of another item).
    for (const volunteerId of people)
      for (let i = 0; i < 3; i++) await serveAndSettle(district, volunteerId, 60);
    const poor = await insertVolunteer(district.database, '赵敏', district.communityId);
    await serveAndSettle(district, poor, 72);
    const staff = district.as(district.actors.subdistrict);
    await staff.transferPoints({
      from: { volunteerId: leader },
      to: { communityId: district.communityId },
      points: 14,
      reason: 'donation',
      idempotencyKey: newKey(),
    });
    const lister = district.as(district.actors.community);
    const { itemId } = await lister.listCatalogueItem({
      name: '爱心超市 大米一袋',
      kind: 'goods',
      providerCommunityId: district.communityId,
      pricePoints: 6,
      stock: 40,
      listedOn: '2025-06-01',
      idempotencyKey: newKey(),
    });
    const { itemId: warmUp } = await lister.listCatalogueItem({
      name: '理发服务',
      kind: 'service',
      providerCommunityId: district.communityId,
      pricePoints: 1,
      listedOn: '2025-06-01',
      idempotencyKey: newKey(),
    });
    await staff.exchangePoints({ volunteerId: member, itemId: warmUp, idempotencyKey: newKey() });
    const { itemId: meal } = await lister.listCatalogueItem({
      name: '社区食堂餐券',
      kind: 'service',
      providerCommunityId: district.communityId,
      pricePoints: 5,
      listedOn: '2025-06-01',
      idempotencyKey: newKey(),
    });
    const [before] = await rows<{ entries: string; earnings: string; exchanges: string; transfers: string }>(
      sql`select (select count(*) from journal_entries)::text as entries,
                 (select count(*) from time_bank_earnings)::text as earnings,
                 (select count(*) from time_bank_exchanges)::text as exchanges,
                 (select count(*) from time_bank_transfers)::text as transfers`,
    );

    type Kind = 'earning' | 'exchange' | 'transfer' | 'overdraw';
    const attempts: { kind: Kind; run: () => Promise<unknown> }[] = [];
    for (let i = 0; i < 150; i++) {
      const volunteerId = people[i % 3]!;
      attempts.push({ kind: 'earning', run: () => serveAndSettle(district, volunteerId, 60) });
      attempts.push({
        kind: 'exchange',
        run: () =>
          staff.exchangePoints({ volunteerId: people[(i + 1) % 3]!, itemId, idempotencyKey: newKey() }),
      });
      if (i < 20) {
        attempts.push({
          kind: 'overdraw',
          run: () => staff.exchangePoints({ volunteerId: poor, itemId: meal, idempotencyKey: newKey() }),
        });
      }
      if (i < 100) {
        const volunteer = { volunteerId: people[(i + 2) % 3]! };
        const pool = { communityId: district.communityId };
        attempts.push({
          kind: 'transfer',
          run: () =>
            staff.transferPoints(
              i % 2 === 0
                ? { from: volunteer, to: pool, points: 7, reason: 'donation', idempotencyKey: newKey() }
                : { from: pool, to: volunteer, points: 7, reason: 'award', idempotencyKey: newKey() },
            ),
        });
      }
    }
    const outcomes = await Promise.allSettled(attempts.map((attempt) => attempt.run()));

    const tally: Record<Kind, { accepted: number; refused: Record<string, number> }> = {
      earning: { accepted: 0, refused: {} },
      exchange: { accepted: 0, refused: {} },
      transfer: { accepted: 0, refused: {} },
      overdraw: { accepted: 0, refused: {} },
    };
    const unexpected: unknown[] = [];
    outcomes.forEach((outcome, index) => {
      const { kind } = attempts[index]!;
      if (outcome.status === 'fulfilled') tally[kind].accepted += 1;
      else if (isSansheError(outcome.reason))
        tally[kind].refused[outcome.reason.code] = (tally[kind].refused[outcome.reason.code] ?? 0) + 1;
      else unexpected.push(outcome.reason);
    });
    expect(unexpected).toEqual([]);
    expect(tally.earning).toEqual({ accepted: 150, refused: {} });
    expect(
      Object.keys(tally.exchange.refused).every((code) =>
        ['INSUFFICIENT_STOCK', 'INSUFFICIENT_BALANCE'].includes(code),
      ),
    ).toBe(true);
    expect(Object.keys(tally.transfer.refused).every((code) => code === 'INSUFFICIENT_BALANCE')).toBe(true);
    expect(tally.exchange.accepted).toBeLessThanOrEqual(40);
    expect(tally.overdraw).toEqual({ accepted: 2, refused: { INSUFFICIENT_BALANCE: 18 } });

    const [checks] = await rows<{
      accounts: string;
      off: string;
      below_floor: string;
      stock: number;
      entries: string;
      earnings: string;
      exchanges: string;
      transfers: string;
    }>(
      sql`select (select count(*) from ledger_accounts where unit <> 'fen')::text as accounts,
                 (select count(*) from ledger_accounts a
                   where a.balance <> (select coalesce(sum(l.amount), 0) from journal_lines l
                                        where l.district_code = a.district_code and l.account_id = a.id))::text as off,
                 (select count(*) from ledger_accounts where floor is not null and balance < floor)::text as below_floor,
                 (select stock from time_bank_catalogue_items where id = ${itemId}) as stock,
                 (select count(*) from journal_entries)::text as entries,
                 (select count(*) from time_bank_earnings)::text as earnings,
                 (select count(*) from time_bank_exchanges)::text as exchanges,
                 (select count(*) from time_bank_transfers)::text as transfers`,
    );
    const accepted =
      tally.earning.accepted + tally.exchange.accepted + tally.transfer.accepted + tally.overdraw.accepted;
    expect(checks).toMatchObject({ off: '0', below_floor: '0', stock: 40 - tally.exchange.accepted });
    // Refused writes left nothing: one entry and one record per accepted write.
    expect(Number(checks!.entries)).toBe(Number(before!.entries) + accepted);
    expect(Number(checks!.earnings)).toBe(Number(before!.earnings) + tally.earning.accepted);
    expect(Number(checks!.exchanges)).toBe(
      Number(before!.exchanges) + tally.exchange.accepted + tally.overdraw.accepted,
    );
    expect(Number(checks!.transfers)).toBe(Number(before!.transfers) + tally.transfer.accepted);
    const perUnit = await rows<{ unit: string; total: string; lines: string }>(
      sql`select unit, sum(amount)::text as total, count(*)::text as lines from journal_lines group by unit order by unit`,
    );
    expect(perUnit.map(({ unit, total }) => ({ unit, total }))).toEqual([
      { unit: 'minutes', total: '0' },
      { unit: 'points', total: '0' },
    ]);
    const totals = await district.bank.totals();
    expect(totals.minutesBanked).toBe((9 + 150) * 60 + 72);
    expect(totals.pointsIssued).toBe((9 + 150) * 10 + 12);

    console.log(
      `[time bank concurrency, ${testDatabaseKind()}] attempted ${attempts.length} ` +
        `(earnings 150, exchanges 150 of an item with 40 left, transfers 100 of 7 points, 20 exchanges of 5 points against 12): ` +
        `accepted earnings ${tally.earning.accepted}, exchanges ${tally.exchange.accepted}, transfers ${tally.transfer.accepted}, overdraws ${tally.overdraw.accepted}; ` +
        `refused exchanges ${JSON.stringify(tally.exchange.refused)}, transfers ${JSON.stringify(tally.transfer.refused)}, overdraws ${JSON.stringify(tally.overdraw.refused)}; ` +
        `stock left ${checks!.stock} (40 − ${tally.exchange.accepted}); time-bank accounts checked ${checks!.accounts}, ` +
        `balance ≠ sum of lines ${checks!.off}, below floor ${checks!.below_floor}; ` +
        `ledger per unit ${perUnit.map(({ unit, total, lines }) => `${unit} ${total} over ${lines} lines`).join(', ')}; ` +
        `totals ${JSON.stringify(totals)}`,
    );
  }, 300_000);
});
