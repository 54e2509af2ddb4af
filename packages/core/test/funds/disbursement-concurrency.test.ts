/**
 * 200 disbursements racing (docs/domain.md §6.5: "concurrent disbursements on one account follow
 * one another … and every balance stays exact"). On PostgreSQL (SANSHE_TEST_PG) they run at once
 * over the test database's pool of connections; on PGlite, which has one connection, the same
 * calls run one after another. Three groups race together, each with a result that does not
 * depend on the order:
 *
 * - A: 140 payments of 5,000 fen out of an earmark of 600,000 fen on a large tranche: 120 fit,
 *   20 are refused INSUFFICIENT_BALANCE;
 * - B: 40 payments of 3,000 fen out of a large earmark on a tranche of 100,000 fen: 33 fit,
 *   7 are refused AMOUNT_OVER_LIMIT;
 * - C: 10 requests of 1,000 fen, each sent twice at once with the same idempotency key and body:
 *   10 payments are written, and both copies answer the same entry.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSansheError } from '../../src/errors/index.js';
import type { DisburseTrancheInput, FundsEntryResult } from '../../src/funds/index.js';
import { contractTranches } from '../../src/schema/index.js';
import { testDatabaseKind } from '../../src/testing/index.js';
import { createFundsChain, DISTRICT, type FundsChain, fundedSource, newKey } from './fixture.js';

let chain: FundsChain;
/** What the first test leaves for the second: the source B and the entries of group B. */
let leftOver: { sourceB: number; entriesOfB: number[] } | undefined;

beforeAll(async () => {
  chain = await createFundsChain();
});

afterAll(async () => {
  await chain?.database.close();
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await chain.database.db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

describe('disbursements racing against one earmark', () => {
  it('accepts exactly what fits, refuses the rest with its code, and keeps every balance exact', async () => {
    const sourceA = await fundedSource(chain, { amountFen: 600_000, funderName: '虎丘区民政局' });
    const sourceB = await fundedSource(chain, { amountFen: 2_000_000, funderName: '狮山街道办事处' });
    for (const source of [sourceA, sourceB]) {
      await chain.funds.earmarkFunds({
        sourceId: source.sourceId,
        projectId: chain.projectId,
        amountFen: source === sourceA ? 600_000 : 2_000_000,
        earmarkedOn: '2025-02-21',
        idempotencyKey: newKey(),
      });
    }
    const [smallTranche] = await chain.database.db
      .insert(contractTranches)
      .values({
        districtCode: DISTRICT,
        contractId: chain.contractId,
        trancheNumber: 5,
        milestone: 'signing',
        plannedOn: '2025-02-20',
        amountFen: 100_000,
      })
      .returning();

    type Attempt = { group: 'A' | 'B' | 'C'; input: DisburseTrancheInput };
    const groupA: Attempt[] = Array.from({ length: 140 }, () => ({
      group: 'A',
      input: {
        sourceId: sourceA.sourceId,
        trancheId: chain.tranches.signing,
        amountFen: 5_000,
        paidOn: '2025-03-01',
        idempotencyKey: newKey(),
      },
    }));
    const groupB: Attempt[] = Array.from({ length: 40 }, () => ({
      group: 'B',
      input: {
        sourceId: sourceB.sourceId,
        trancheId: smallTranche!.id,
        amountFen: 3_000,
        paidOn: '2025-03-01',
        idempotencyKey: newKey(),
      },
    }));
    const groupC: Attempt[] = Array.from({ length: 10 }, () => {
      const input = {
        sourceId: sourceB.sourceId,
        trancheId: chain.tranches.signing,
        amountFen: 1_000,
        paidOn: '2025-03-01',
        idempotencyKey: newKey(),
      };
      return [
        { group: 'C', input },
        { group: 'C', input: { ...input } },
      ] as Attempt[];
    }).flat();
    // Interleaved so the groups race each other from the first request on.
    const attempts: Attempt[] = [];
    for (let i = 0; attempts.length < 200; i++) {
      for (const group of [groupA, groupB, groupC]) if (group[i]) attempts.push(group[i]!);
    }
    expect(attempts).toHaveLength(200);

    const outcomes = await Promise.allSettled(
      attempts.map((attempt) => chain.funds.disburseTranche(attempt.input)),
    );

    const tally = {
      A: { accepted: 0, refused: {} as Record<string, number> },
      B: { accepted: 0, refused: {} as Record<string, number> },
      C: { accepted: 0, refused: {} as Record<string, number> },
    };
    const unexpected: unknown[] = [];
    const answersOfC = new Map<string, FundsEntryResult[]>();
    outcomes.forEach((outcome, index) => {
      const { group, input } = attempts[index]!;
      if (outcome.status === 'fulfilled') {
        tally[group].accepted += 1;
        if (group === 'C')
          answersOfC.set(input.idempotencyKey, [
            ...(answersOfC.get(input.idempotencyKey) ?? []),
            outcome.value,
          ]);
      } else if (isSansheError(outcome.reason)) {
        tally[group].refused[outcome.reason.code] = (tally[group].refused[outcome.reason.code] ?? 0) + 1;
      } else {
        unexpected.push(outcome.reason);
      }
    });
    expect(unexpected).toEqual([]);
    expect(tally).toEqual({
      A: { accepted: 120, refused: { INSUFFICIENT_BALANCE: 20 } },
      B: { accepted: 33, refused: { AMOUNT_OVER_LIMIT: 7 } },
      C: { accepted: 20, refused: {} },
    });
    // Each pair of C answered one entry, written once.
    for (const [first, second] of answersOfC.values()) expect(second).toEqual(first);
    expect(new Set([...answersOfC.values()].map(([first]) => first!.entryId)).size).toBe(10);

    const earmarkA = await chain.funds.findLedgerAccount({
      kind: 'earmark',
      fundingSourceId: sourceA.sourceId,
      projectId: chain.projectId,
    });
    const earmarkB = await chain.funds.findLedgerAccount({
      kind: 'earmark',
      fundingSourceId: sourceB.sourceId,
      projectId: chain.projectId,
    });
    const undertaker = await chain.funds.findLedgerAccount({
      kind: 'undertaker',
      projectId: chain.projectId,
      organizationId: chain.undertakerId,
    });
    expect(earmarkA?.balance).toBe(0);
    expect(earmarkB?.balance).toBe(2_000_000 - 33 * 3_000 - 10 * 1_000);
    expect(undertaker?.balance).toBe(120 * 5_000 + 33 * 3_000 + 10 * 1_000);

    const [ledger] = await rows<{ disbursements: string; keys: string; accounts_off: string }>(
      sql`select (select count(*) from journal_entries where kind = 'disbursement')::text as disbursements,
                 (select count(*) from idempotency_keys where operation = 'funds.disburse')::text as keys,
                 (select count(*) from ledger_accounts a
                   where a.balance <> (select coalesce(sum(l.amount), 0) from journal_lines l
                                        where l.district_code = a.district_code and l.account_id = a.id))::text as accounts_off`,
    );
    expect(ledger).toEqual({ disbursements: '163', keys: '163', accounts_off: '0' });
    const perUnit = await rows<{ unit: string; total: string; lines: string }>(
      sql`select unit, sum(amount)::text as total, count(*)::text as lines from journal_lines group by unit order by unit`,
    );
    expect(perUnit.map(({ unit, total }) => ({ unit, total }))).toEqual([{ unit: 'fen', total: '0' }]);
    const funding = await chain.funds.projectFunding(chain.projectId);
    expect(funding).toMatchObject({
      earmarkedFen: 2_600_000,
      disbursedFen: 709_000,
      availableFen: 1_891_000,
    });

    leftOver = {
      sourceB: sourceB.sourceId,
      entriesOfB: outcomes.flatMap((outcome, index) =>
        outcome.status === 'fulfilled' && attempts[index]!.group === 'B' ? [outcome.value.entryId] : [],
      ),
    };
    console.log(
      `[funds concurrency, ${testDatabaseKind()}] attempts ${attempts.length}: ` +
        `A (5,000 fen × 140 from an earmark of 600,000) accepted ${tally.A.accepted}, refused ${JSON.stringify(tally.A.refused)}; ` +
        `B (3,000 fen × 40 on a tranche of 100,000) accepted ${tally.B.accepted}, refused ${JSON.stringify(tally.B.refused)}; ` +
        `C (10 keys × 2 identical requests of 1,000 fen) answered ${tally.C.accepted}, distinct entries ${new Set([...answersOfC.values()].map(([first]) => first!.entryId)).size}; ` +
        `entries written ${ledger!.disbursements}; earmark A ${earmarkA?.balance} fen, earmark B ${earmarkB?.balance} fen, ` +
        `undertaker ${undertaker?.balance} fen; ledger per unit ${perUnit.map(({ unit, total, lines }) => `${unit} ${total} over ${lines} lines`).join(', ')}; ` +
        `accounts whose balance differs from their lines: ${ledger!.accounts_off}`,
    );
  }, 300_000);

  it('lets reversals and new payments race on the same accounts without deadlock, every balance exact', async () => {
    expect(leftOver?.entriesOfB).toHaveLength(33);
    const { sourceB, entriesOfB } = leftOver!;
    const earmarkB = () =>
      chain.funds.findLedgerAccount({
        kind: 'earmark',
        fundingSourceId: sourceB,
        projectId: chain.projectId,
      });
    const undertaker = () =>
      chain.funds.findLedgerAccount({
        kind: 'undertaker',
        projectId: chain.projectId,
        organizationId: chain.undertakerId,
      });
    const before = { earmark: (await earmarkB())!.balance, undertaker: (await undertaker())!.balance };
    // Each reversal moves undertaker → earmark, each payment earmark → undertaker: the same two
    // accounts in opposite directions, written in one account order by both.
    const reversals = entriesOfB
      .slice(0, 30)
      .map(
        (entryId) => () =>
          chain.funds.reverseEntry({ entryId, reason: '测试冲销', idempotencyKey: newKey() }),
      );
    const payments = Array.from(
      { length: 30 },
      () => () =>
        chain.funds.disburseTranche({
          sourceId: sourceB,
          trancheId: chain.tranches.signing,
          amountFen: 2_000,
          paidOn: '2025-03-02',
          idempotencyKey: newKey(),
        }),
    );
    const calls = reversals.flatMap((reverse, index) => [reverse, payments[index]!]);
    const outcomes = await Promise.allSettled(calls.map((call) => call()));
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [String(outcome.reason)] : [],
    );
    expect(refused).toEqual([]);
    const after = { earmark: (await earmarkB())!.balance, undertaker: (await undertaker())!.balance };
    expect(after).toEqual({
      earmark: before.earmark + 30 * 3_000 - 30 * 2_000,
      undertaker: before.undertaker - 30 * 3_000 + 30 * 2_000,
    });
    const [total] = await rows<{ total: string }>(sql`select sum(amount)::text as total from journal_lines`);
    expect(total?.total).toBe('0');
    console.log(
      `[funds reversal race, ${testDatabaseKind()}] ${calls.length} calls (30 reversals of 3,000 fen, 30 payments of 2,000 fen) ` +
        `all accepted; earmark B ${before.earmark} → ${after.earmark} fen, undertaker ${before.undertaker} → ${after.undertaker} fen; ledger sum ${total?.total}`,
    );
  }, 300_000);
});
