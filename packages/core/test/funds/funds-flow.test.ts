/**
 * Funds from source to undertaker (docs/domain.md §6.4–§6.5): a source is registered and brings
 * money in, earmarks it for a project, and the project's contract is paid tranche by tranche out
 * of the earmark. Every movement is a balanced entry; the reads add the ledger up by source and by
 * project, and every write leaves its audit entry.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contractTranches, fundingSources, journalEntries } from '../../src/schema/index.js';
import {
  COMMUNITY,
  createFundsChain,
  DISTRICT,
  type FundsChain,
  fundedSource,
  newKey,
  recordEvaluation,
} from './fixture.js';

let chain: FundsChain;

beforeAll(async () => {
  chain = await createFundsChain();
});

afterAll(async () => {
  await chain?.database.close();
});

describe('funds from a source to the undertaker', () => {
  it('registers sources of every kind, an in-kind one with what is given and its valuation basis', async () => {
    const room = await chain.funds.registerFundingSource({
      kind: 'in_kind',
      funderName: '狮山社区居委会',
      reference: '场地使用协议 SS-2025-03',
      amountFen: 1_200_000,
      committedOn: '2025-02-01',
      inKindDescription: '社区活动室一间，每周三个半天',
      valuationBasis: '按周边同类场地租金评估',
      idempotencyKey: newKey(),
    });
    const foundation = await chain.funds.registerFundingSource({
      kind: 'community_foundation',
      funderName: '虎丘区狮山社区基金会',
      funderUscc: '53320505MJ5500003Q',
      reference: '资助协议 JJH-2025-07',
      amountFen: 500_000,
      committedOn: '2025-02-01',
      idempotencyKey: newKey(),
    });
    const [rows] = await Promise.all([
      chain.database.db.select().from(fundingSources).where(eq(fundingSources.id, room.sourceId)),
    ]);
    expect(rows[0]).toMatchObject({
      kind: 'in_kind',
      amountFen: 1_200_000,
      valuationBasis: '按周边同类场地租金评估',
    });
    expect(room.funderAccountId).not.toBe(room.sourceAccountId);
    const use = await chain.funds.sourceUse(foundation.sourceId);
    expect(use).toMatchObject({
      committedFen: 500_000,
      receivedFen: 0,
      heldFen: 0,
      earmarkedFen: 0,
      disbursedFen: 0,
    });
  });

  it('moves money funder → source → earmark → undertaker, and adds it up by source and project', async () => {
    const budget = await fundedSource(chain, { amountFen: 20_000_000, receivedFen: 12_000_000 });
    const donation = await chain.funds.registerFundingSource({
      kind: 'donation',
      funderName: '个人捐赠',
      reference: '捐赠协议 JZ-2025-011',
      amountFen: 3_000_000,
      committedOn: '2025-02-15',
      idempotencyKey: newKey(),
    });
    await chain.funds.recordReceipt({
      sourceId: donation.sourceId,
      amountFen: 3_000_000,
      idempotencyKey: newKey(),
    });

    const earmark = await chain.funds.earmarkFunds({
      sourceId: budget.sourceId,
      projectId: chain.projectId,
      amountFen: 10_000_000,
      earmarkedOn: '2025-02-21',
      idempotencyKey: newKey(),
    });
    expect(earmark.kind).toBe('earmark');
    expect(earmark.lines.map((line) => line.amount).reduce((a, b) => a + b)).toBe(0);
    // Lines are written in account order, whichever side pays.
    expect(earmark.lines.map((line) => line.accountId)).toEqual(
      [...earmark.lines.map((line) => line.accountId)].sort((a, b) => a - b),
    );
    await chain.funds.earmarkFunds({
      sourceId: donation.sourceId,
      projectId: chain.projectId,
      amountFen: 2_000_000,
      earmarkedOn: '2025-02-21',
      idempotencyKey: newKey(),
    });

    await chain.funds.disburseTranche({
      sourceId: budget.sourceId,
      trancheId: chain.tranches.signing,
      amountFen: 8_640_000,
      paidOn: '2025-02-25',
      idempotencyKey: newKey(),
    });
    // The milestone tranche: delivery under way and its planned day reached; paid from two sources.
    await chain.funds.disburseTranche({
      sourceId: budget.sourceId,
      trancheId: chain.tranches.milestone,
      amountFen: 1_360_000,
      paidOn: '2025-06-05',
      idempotencyKey: newKey(),
    });
    const subdistrict = chain.as({
      id: 'js-01',
      role: 'SUBDISTRICT_STAFF',
      district: DISTRICT,
      subdistrict: '320505001',
    });
    await subdistrict.disburseTranche({
      sourceId: donation.sourceId,
      trancheId: chain.tranches.milestone,
      amountFen: 2_000_000,
      paidOn: '2025-06-05',
      idempotencyKey: newKey(),
    });
    // The mid-term tranche once the mid-term evaluation passed.
    await recordEvaluation(chain, 'midterm', 'good', '2025-09-10');
    const budget2 = await fundedSource(chain, { amountFen: 9_000_000, funderName: '狮山街道办事处' });
    await chain.funds.earmarkFunds({
      sourceId: budget2.sourceId,
      projectId: chain.projectId,
      amountFen: 9_000_000,
      idempotencyKey: newKey(),
    });
    await chain.funds.disburseTranche({
      sourceId: budget2.sourceId,
      trancheId: chain.tranches.midterm,
      amountFen: 8_640_000,
      paidOn: '2025-09-15',
      idempotencyKey: newKey(),
    });

    const funding = await chain.funds.projectFunding(chain.projectId);
    expect(funding).toEqual({
      projectId: chain.projectId,
      budgetFen: 30_000_000,
      earmarkedFen: 21_000_000,
      disbursedFen: 20_640_000,
      availableFen: 360_000,
      bySource: [
        expect.objectContaining({
          sourceId: budget.sourceId,
          earmarkedFen: 10_000_000,
          disbursedFen: 10_000_000,
          availableFen: 0,
        }),
        expect.objectContaining({
          sourceId: donation.sourceId,
          sourceKind: 'donation',
          funderName: '个人捐赠',
          earmarkedFen: 2_000_000,
          disbursedFen: 2_000_000,
          availableFen: 0,
        }),
        expect.objectContaining({
          sourceId: budget2.sourceId,
          earmarkedFen: 9_000_000,
          disbursedFen: 8_640_000,
          availableFen: 360_000,
        }),
      ],
    });
    expect(await chain.funds.sourceUse(budget.sourceId)).toMatchObject({
      committedFen: 20_000_000,
      receivedFen: 12_000_000,
      heldFen: 2_000_000,
      earmarkedFen: 10_000_000,
      disbursedFen: 10_000_000,
    });
    expect(await chain.funds.sourceUse(donation.sourceId)).toMatchObject({
      receivedFen: 3_000_000,
      heldFen: 1_000_000,
      earmarkedFen: 2_000_000,
      disbursedFen: 2_000_000,
    });

    const undertaker = await chain.funds.findLedgerAccount({
      kind: 'undertaker',
      projectId: chain.projectId,
      organizationId: chain.undertakerId,
    });
    expect(undertaker?.balance).toBe(20_640_000);
    const lines = await chain.funds.accountLines(undertaker!.id);
    expect(lines.map((line) => [line.entryKind, line.amount])).toEqual([
      ['disbursement', 8_640_000],
      ['disbursement', 1_360_000],
      ['disbursement', 2_000_000],
      ['disbursement', 8_640_000],
    ]);
    expect(lines.reduce((sum, line) => sum + line.amount, 0)).toBe(undertaker!.balance);
    expect((await chain.funds.ledgerAccount(undertaker!.id))?.balance).toBe(20_640_000);

    // Paid in full, the signing and mid-term tranches carry the day; the milestone tranche is short.
    const tranches = await chain.database.db
      .select({ id: contractTranches.id, releasedOn: contractTranches.releasedOn })
      .from(contractTranches)
      .where(eq(contractTranches.contractId, chain.contractId))
      .orderBy(contractTranches.trancheNumber);
    expect(tranches.map((row) => row.releasedOn)).toEqual(['2025-02-25', null, '2025-09-15', null]);

    // Every write is in the audit log, by its actor.
    const audit = await chain.database.db
      .select({ action: auditLog.action, actorId: auditLog.actorId })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.districtCode, DISTRICT),
          sql`${auditLog.action} like 'fund%' or ${auditLog.action} like 'contract_tranche.%'`,
        ),
      );
    expect(audit.filter((row) => row.action === 'contract_tranche.disburse')).toHaveLength(4);
    expect(audit).toContainEqual({ action: 'contract_tranche.disburse', actorId: 'js-01' });
    expect(audit.filter((row) => row.action === 'funding_earmark.create')).toHaveLength(3);

    // The ledger adds up to zero, and every balance is the sum of its lines.
    const sums = await chain.database.db.execute(
      sql`select (select coalesce(sum(amount), 0) from journal_lines)::text as total,
                 (select count(*) from ledger_accounts a
                   where a.balance <> (select coalesce(sum(l.amount), 0) from journal_lines l where l.account_id = a.id))::text as off`,
    );
    expect((sums as unknown as { rows: unknown[] }).rows[0]).toEqual({ total: '0', off: '0' });
    expect(COMMUNITY).toBe('320505001001');
  });

  it('writes nothing for a replayed key with the same body, and answers the first result', async () => {
    const source = await fundedSource(chain, { amountFen: 1_000_000, receivedFen: 0 });
    const input = {
      sourceId: source.sourceId,
      amountFen: 400_000,
      receivedOn: '2025-03-01',
      idempotencyKey: newKey(),
    };
    const first = await chain.funds.recordReceipt(input);
    const entries = await chain.database.db.$count(journalEntries);
    // The same body in another key order is the same request.
    const replay = await chain.funds.recordReceipt({
      idempotencyKey: input.idempotencyKey,
      receivedOn: '2025-03-01',
      amountFen: 400_000,
      sourceId: source.sourceId,
    });
    expect(replay).toEqual(first);
    expect(await chain.database.db.$count(journalEntries)).toBe(entries);
    expect((await chain.funds.sourceUse(source.sourceId))?.receivedFen).toBe(400_000);
    // Keys belong to their caller: another caller's identical key is its own request.
    const other = chain.as({ id: 'mz-czk-02', role: 'DEPARTMENT_STAFF', district: DISTRICT });
    const theirs = await other.recordReceipt(input);
    expect(theirs.entryId).not.toBe(first.entryId);
    expect((await chain.funds.sourceUse(source.sourceId))?.receivedFen).toBe(800_000);
  });
});
