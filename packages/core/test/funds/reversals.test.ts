/**
 * Corrections (docs/domain.md §6.5): an entry is undone by a new entry of the opposite lines,
 * naming it, at most once; nothing in the ledger is edited or deleted.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTranches, journalEntries } from '../../src/schema/index.js';
import { createFundsChain, expectRefusal, type FundsChain, fundedSource, newKey, staff } from './fixture.js';

let chain: FundsChain;
let budget: Awaited<ReturnType<typeof fundedSource>>;

beforeAll(async () => {
  chain = await createFundsChain();
  budget = await fundedSource(chain, { amountFen: 10_000_000 });
  await chain.funds.earmarkFunds({
    sourceId: budget.sourceId,
    projectId: chain.projectId,
    amountFen: 9_000_000,
    earmarkedOn: '2025-02-21',
    idempotencyKey: newKey(),
  });
});

afterAll(async () => {
  await chain?.database.close();
});

const balances = async () => {
  const earmark = await chain.funds.findLedgerAccount({
    kind: 'earmark',
    fundingSourceId: budget.sourceId,
    projectId: chain.projectId,
  });
  const undertaker = await chain.funds.findLedgerAccount({
    kind: 'undertaker',
    projectId: chain.projectId,
    organizationId: chain.undertakerId,
  });
  return { earmark: earmark?.balance, undertaker: undertaker?.balance ?? 0 };
};

describe('reversals', () => {
  it('undoes a disbursement once: balances, the tranche and the sums come back; a second reversal is refused', async () => {
    const paid = await chain.funds.disburseTranche({
      sourceId: budget.sourceId,
      trancheId: chain.tranches.signing,
      amountFen: 8_640_000,
      paidOn: '2025-02-25',
      idempotencyKey: newKey(),
    });
    expect(await balances()).toEqual({ earmark: 360_000, undertaker: 8_640_000 });
    const [released] = await chain.database.db
      .select({ releasedOn: contractTranches.releasedOn })
      .from(contractTranches)
      .where(eq(contractTranches.id, chain.tranches.signing));
    expect(released?.releasedOn).toBe('2025-02-25');

    const reversal = await chain.as(staff.subdistrict).reverseEntry({
      entryId: paid.entryId,
      reversedOn: '2025-02-26',
      reason: '拨付账户有误，冲销后重新拨付',
      idempotencyKey: newKey(),
    });
    expect(reversal.kind).toBe('reversal');
    expect(reversal.lines).toEqual(
      paid.lines.map((line) => ({ accountId: line.accountId, amount: -line.amount })),
    );
    expect(await balances()).toEqual({ earmark: 9_000_000, undertaker: 0 });
    const [entry] = await chain.database.db
      .select()
      .from(journalEntries)
      .where(eq(journalEntries.id, reversal.entryId));
    expect(entry).toMatchObject({
      reversesEntryId: paid.entryId,
      trancheId: chain.tranches.signing,
      recordedBy: 'js-01',
    });
    const [cleared] = await chain.database.db
      .select({ releasedOn: contractTranches.releasedOn })
      .from(contractTranches)
      .where(eq(contractTranches.id, chain.tranches.signing));
    expect(cleared?.releasedOn).toBeNull();
    expect(await chain.funds.projectFunding(chain.projectId)).toMatchObject({
      earmarkedFen: 9_000_000,
      disbursedFen: 0,
    });

    const error = await expectRefusal(
      chain,
      () => chain.funds.reverseEntry({ entryId: paid.entryId, reason: '重复冲销', idempotencyKey: newKey() }),
      'ALREADY_REVERSED',
      ['input', 'entryId'],
    );
    expect(error).toMatchObject({ details: { reversalEntryId: reversal.entryId } });
    // A reversal is not reversed in turn: the movement is recorded again instead.
    await expectRefusal(
      chain,
      () =>
        chain.funds.reverseEntry({ entryId: reversal.entryId, reason: '撤销冲销', idempotencyKey: newKey() }),
      'ALREADY_REVERSED',
      ['input', 'entryId'],
    );
    // The tranche may be paid again in full.
    await chain.funds.disburseTranche({
      sourceId: budget.sourceId,
      trancheId: chain.tranches.signing,
      amountFen: 8_640_000,
      paidOn: '2025-02-27',
      idempotencyKey: newKey(),
    });
    expect(await balances()).toEqual({ earmark: 360_000, undertaker: 8_640_000 });
  });

  it('undoes an earmark: the money goes back to the source and the project holds it no more', async () => {
    const earmark = await chain.funds.earmarkFunds({
      sourceId: budget.sourceId,
      projectId: chain.otherProjectId,
      amountFen: 500_000,
      idempotencyKey: newKey(),
    });
    expect(await chain.funds.sourceUse(budget.sourceId)).toMatchObject({
      heldFen: 500_000,
      earmarkedFen: 9_500_000,
    });
    await chain.funds.reverseEntry({
      entryId: earmark.entryId,
      reason: '项目调整，撤回定向资金',
      idempotencyKey: newKey(),
    });
    expect(await chain.funds.sourceUse(budget.sourceId)).toMatchObject({
      heldFen: 1_000_000,
      earmarkedFen: 9_000_000,
    });
    expect(await chain.funds.projectFunding(chain.otherProjectId)).toMatchObject({
      earmarkedFen: 0,
      disbursedFen: 0,
      availableFen: 0,
    });
  });

  it('refuses a reversal that would overdraw an account the money has moved on from', async () => {
    // The receipt's money is earmarked: undoing the receipt would take the source below zero.
    const lines = await chain.funds.accountLines(budget.sourceAccountId);
    const receipt = lines.find((line) => line.entryKind === 'receipt')!;
    await expectRefusal(
      chain,
      () =>
        chain.funds.reverseEntry({
          entryId: receipt.entryId,
          reason: '到账金额有误',
          idempotencyKey: newKey(),
        }),
      'INSUFFICIENT_BALANCE',
      ['input', 'entryId'],
    );
  });

  it('refuses an entry that does not exist, and a caller without the right', async () => {
    await expectRefusal(
      chain,
      () => chain.funds.reverseEntry({ entryId: 999_999, reason: '不存在', idempotencyKey: newKey() }),
      'NOT_FOUND',
      ['input', 'entryId'],
    );
    const lines = await chain.funds.accountLines(budget.sourceAccountId);
    await expectRefusal(
      chain,
      () =>
        chain
          .as(staff.community)
          .reverseEntry({ entryId: lines[0]!.entryId, reason: '无权冲销', idempotencyKey: newKey() }),
      'FORBIDDEN',
    );
  });
});
