/**
 * Issue 18, the service chain's foundation (docs/domain.md §6.10): what the database itself
 * refuses, whoever connects, on PGlite and PostgreSQL. Rows are written straight to the tables,
 * as any client of the database could: the services of the next step sit above these rules and
 * cannot weaken them. Every refusal leaves the database as it was (a snapshot of every table
 * before and after).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase, SansheDb } from '../../src/database/district-database.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import {
  fundingEarmarks,
  fundingSources,
  idempotencyKeys,
  journalEntries,
  journalLines,
  ledgerAccounts,
  projectEvaluations,
  purchaseBids,
  purchases,
  satisfactionAnswers,
  serviceContracts,
  serviceProjects,
  socialOrganizations,
} from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase, testDatabaseKind } from '../../src/testing/index.js';

const DISTRICT = '320505';

type Transaction = Parameters<Parameters<SansheDb['transaction']>[0]>[0];
type Writer = SansheDb | Transaction;

interface Refusal {
  code: string | undefined;
  constraint: string | undefined;
  message: string;
}

/** The SQLSTATE, constraint and messages of a database error, through drizzle's wrapping. */
function refusalOf(error: unknown): Refusal {
  const refusal: Refusal = { code: undefined, constraint: undefined, message: '' };
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const layer = current as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (!refusal.code && typeof layer.code === 'string' && /^[0-9A-Z]{5}$/.test(layer.code)) {
      refusal.code = layer.code;
    }
    if (!refusal.constraint && typeof layer.constraint === 'string') refusal.constraint = layer.constraint;
    if (typeof layer.message === 'string') messages.push(layer.message);
    current = layer.cause;
  }
  refusal.message = messages.join(' | ');
  return refusal;
}

/** The action fails with the SQLSTATE (and constraint) given, and every table is as before. */
async function expectRefused(
  database: DistrictDatabase,
  action: () => Promise<unknown>,
  expected: { code: string; constraint?: string; message?: RegExp },
): Promise<Refusal> {
  const before = await snapshotDatabase(database);
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the database refused the change').toBeDefined();
  const refusal = refusalOf(caught);
  expect(refusal.code, refusal.message).toBe(expected.code);
  if (expected.constraint) expect(refusal.constraint, refusal.message).toBe(expected.constraint);
  if (expected.message) expect(refusal.message).toMatch(expected.message);
  expect(await snapshotDatabase(database)).toEqual(before);
  return refusal;
}

interface Chain {
  database: DistrictDatabase;
  communityId: number;
  undertakerId: number;
  evaluatorId: number;
  projectId: number;
  contractId: number;
  accounts: { funder: number; source: number; earmark: number; undertaker: number };
}

let nextNumber = 1;

/** An approved project with its purchase at `award` and the undertaker's awarded bid. */
async function awardedPurchase(db: Writer, undertakerId: number) {
  const number = nextNumber++;
  const [project] = await db
    .insert(serviceProjects)
    .values({
      districtCode: DISTRICT,
      name: `长者助餐与探访服务项目 ${number}`,
      unitCode: '320505001001',
      serviceDomain: 'elderly',
      goals: '为独居与高龄老人提供助餐、探访和个案支持。',
      methods: ['casework', 'community_work'],
      startsOn: '2025-03-01',
      endsOn: '2026-02-28',
      budgetFen: 30_000_000,
      status: 'approved',
      approvedOn: '2024-12-20',
    })
    .returning();
  const [purchase] = await db
    .insert(purchases)
    .values({
      districtCode: DISTRICT,
      projectId: project!.id,
      purchaserUnitCode: '320505001',
      method: 'open_tender',
      stage: 'award',
      plannedOn: '2025-01-02',
      tenderPublishedOn: '2025-01-10',
      bidsClosedOn: '2025-01-31',
      awardedOn: '2025-02-10',
    })
    .returning();
  const [bid] = await db
    .insert(purchaseBids)
    .values({
      districtCode: DISTRICT,
      purchaseId: purchase!.id,
      organizationId: undertakerId,
      submittedOn: '2025-01-20',
      priceFen: 28_800_000,
      score: 91.5,
      status: 'awarded',
    })
    .returning();
  return { project: project!, purchase: purchase!, bid: bid!, number };
}

async function createChain(): Promise<Chain> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const hierarchy = createHierarchyService(database, { today: () => '2025-06-01' });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  const community = await hierarchy.createCommunity({
    code: '320505001001',
    name: '狮山社区',
    effectiveFrom: '2001-01-01',
    urbanRuralClass: '111',
  });
  const organization = (name: string, uscc: string) => ({
    districtCode: DISTRICT,
    name,
    legalStatus: 'registered',
    legalForm: 'social_service_agency',
    uscc,
    category: 'services',
    registeredOn: '2018-05-01',
  });
  const [undertaker, evaluator] = await database.db
    .insert(socialOrganizations)
    .values([
      organization('虎丘区乐龄社会工作服务中心', '52320505MJ5500001A'),
      organization('苏州市公益评估中心', '52320500MJ5500002B'),
    ])
    .returning();
  const { project, purchase, bid } = await awardedPurchase(database.db, undertaker!.id);
  const [contract] = await database.db
    .insert(serviceContracts)
    .values({
      districtCode: DISTRICT,
      purchaseId: purchase.id,
      bidId: bid.id,
      organizationId: undertaker!.id,
      contractNumber: 'HQ-GM-2025-001',
      signedOn: '2025-02-20',
      startsOn: '2025-03-01',
      endsOn: '2026-02-28',
      amountFen: 28_800_000,
    })
    .returning();
  const [source] = await database.db
    .insert(fundingSources)
    .values({
      districtCode: DISTRICT,
      kind: 'government_budget',
      funderName: '虎丘区民政局',
      reference: '虎财社〔2025〕12号',
      amountFen: 50_000_000,
      committedOn: '2025-01-05',
    })
    .returning();
  await database.db.insert(fundingEarmarks).values({
    districtCode: DISTRICT,
    sourceId: source!.id,
    projectId: project.id,
    amountFen: 28_800_000,
    earmarkedOn: '2025-02-21',
  });
  const account = async (values: Partial<typeof ledgerAccounts.$inferInsert> & { kind: string }) => {
    const [row] = await database.db
      .insert(ledgerAccounts)
      .values({ districtCode: DISTRICT, unit: 'fen', openedOn: '2025-01-05', ...values })
      .returning();
    return row!.id;
  };
  const accounts = {
    funder: await account({ kind: 'funder', fundingSourceId: source!.id }),
    source: await account({ kind: 'source', fundingSourceId: source!.id, floor: 0 }),
    earmark: await account({ kind: 'earmark', fundingSourceId: source!.id, projectId: project.id, floor: 0 }),
    undertaker: await account({ kind: 'undertaker', projectId: project.id, organizationId: undertaker!.id }),
  };
  const chain: Chain = {
    database,
    communityId: community.id,
    undertakerId: undertaker!.id,
    evaluatorId: evaluator!.id,
    projectId: project.id,
    contractId: contract!.id,
    accounts,
  };
  await post(chain, 'receipt', [
    [accounts.funder, -50_000_000],
    [accounts.source, 50_000_000],
  ]);
  await post(chain, 'earmark', [
    [accounts.source, -28_800_000],
    [accounts.earmark, 28_800_000],
  ]);
  return chain;
}

/** One entry and its lines, in one transaction. */
async function post(
  chain: Chain,
  kind: string,
  lines: [accountId: number, amount: number, unit?: string][],
  extra: Partial<typeof journalEntries.$inferInsert> = {},
) {
  return chain.database.db.transaction(async (tx) => {
    const [entry] = await tx
      .insert(journalEntries)
      .values({
        districtCode: DISTRICT,
        kind,
        occurredOn: '2025-03-01',
        description: `${kind} in test`,
        recordedBy: 'staff-czj-0001',
        ...extra,
      })
      .returning();
    if (lines.length > 0) {
      await tx.insert(journalLines).values(
        lines.map(([accountId, amount, unit]) => ({
          districtCode: DISTRICT,
          entryId: entry!.id,
          accountId,
          unit: unit ?? 'fen',
          amount,
        })),
      );
    }
    return entry!;
  });
}

async function balances(chain: Chain) {
  const rows = await chain.database.db
    .select({ id: ledgerAccounts.id, balance: ledgerAccounts.balance })
    .from(ledgerAccounts);
  return Object.fromEntries(rows.map((row) => [row.id, row.balance]));
}

async function rows<T>(database: DistrictDatabase, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

describe(`the service chain's invariants in the database (${testDatabaseKind()})`, () => {
  let chain: Chain;

  beforeAll(async () => {
    chain = await createChain();
  });
  afterAll(async () => {
    await chain?.database.close();
  });

  describe('the double-entry ledger', () => {
    it('keeps each balance as the sum of its lines, and the ledger sums to zero', async () => {
      const { accounts } = chain;
      expect(await balances(chain)).toMatchObject({
        [accounts.funder]: -50_000_000,
        [accounts.source]: 21_200_000,
        [accounts.earmark]: 28_800_000,
        [accounts.undertaker]: 0,
      });
      const [sums] = await rows<{ lines: string; balances: string }>(
        chain.database,
        sql`select (select sum(amount) from journal_lines)::text as lines,
                   (select sum(balance) from ledger_accounts)::text as balances`,
      );
      expect(sums).toEqual({ lines: '0', balances: '0' });
    });

    it('refuses an unbalanced entry when the transaction commits, not before', async () => {
      let reachedCommit = false;
      await expectRefused(
        chain.database,
        () =>
          chain.database.db.transaction(async (tx) => {
            const [entry] = await tx
              .insert(journalEntries)
              .values({
                districtCode: DISTRICT,
                kind: 'disbursement',
                occurredOn: '2025-03-05',
                description: '首期拨付（少记一分）',
                recordedBy: 'staff-czj-0001',
              })
              .returning();
            await tx.insert(journalLines).values([
              {
                districtCode: DISTRICT,
                entryId: entry!.id,
                accountId: chain.accounts.earmark,
                unit: 'fen',
                amount: -1_000_000,
              },
              {
                districtCode: DISTRICT,
                entryId: entry!.id,
                accountId: chain.accounts.undertaker,
                unit: 'fen',
                amount: 999_999,
              },
            ]);
            // Every statement was accepted: only the commit checks the entry as a whole.
            reachedCommit = true;
          }),
        { code: '23514', constraint: 'journal_entries_balanced', message: /does not sum to zero: fen -1/ },
      );
      expect(reachedCommit).toBe(true);
    });

    it('refuses an entry with a single line, and an entry with none', async () => {
      await expectRefused(
        chain.database,
        () => post(chain, 'disbursement', [[chain.accounts.earmark, -100]]),
        {
          code: '23514',
          constraint: 'journal_entries_balanced',
        },
      );
      await expectRefused(chain.database, () => post(chain, 'disbursement', []), {
        code: '23514',
        constraint: 'journal_entries_balanced',
        message: /has 0 line/,
      });
    });

    it('accepts a balanced disbursement and moves both balances', async () => {
      const before = await balances(chain);
      await post(chain, 'disbursement', [
        [chain.accounts.earmark, -8_640_000],
        [chain.accounts.undertaker, 8_640_000],
      ]);
      const after = await balances(chain);
      expect(after[chain.accounts.earmark]).toBe(before[chain.accounts.earmark]! - 8_640_000);
      expect(after[chain.accounts.undertaker]).toBe(before[chain.accounts.undertaker]! + 8_640_000);
    });

    it('refuses a disbursement beyond the earmark: no balance goes below its floor', async () => {
      const [earmark] = await chain.database.db
        .select({ balance: ledgerAccounts.balance })
        .from(ledgerAccounts)
        .where(sql`${ledgerAccounts.id} = ${chain.accounts.earmark}`);
      await expectRefused(
        chain.database,
        () =>
          post(chain, 'disbursement', [
            [chain.accounts.earmark, -(earmark!.balance + 1)],
            [chain.accounts.undertaker, earmark!.balance + 1],
          ]),
        { code: '23514', constraint: 'ledger_accounts_floor' },
      );
    });

    it('never lets a line be updated or deleted, nor an entry, nor either table be truncated', async () => {
      const appendOnly = { code: '42501', message: /append-only/ };
      await expectRefused(
        chain.database,
        () => chain.database.db.update(journalLines).set({ amount: 1 }),
        appendOnly,
      );
      await expectRefused(chain.database, () => chain.database.db.delete(journalLines), appendOnly);
      await expectRefused(
        chain.database,
        () => chain.database.db.update(journalEntries).set({ description: '改写历史' }),
        appendOnly,
      );
      await expectRefused(chain.database, () => chain.database.db.delete(journalEntries), appendOnly);
      await expectRefused(
        chain.database,
        () => chain.database.db.execute(sql`truncate journal_lines`),
        appendOnly,
      );
      await expectRefused(
        chain.database,
        () => chain.database.db.execute(sql`truncate journal_entries cascade`),
        appendOnly,
      );
    });

    it('moves a balance only by lines: a direct update, a re-owned or deleted account is refused', async () => {
      const guard = { code: '42501' };
      await expectRefused(
        chain.database,
        () =>
          chain.database.db
            .update(ledgerAccounts)
            .set({ balance: 99_999_999 })
            .where(sql`${ledgerAccounts.id} = ${chain.accounts.earmark}`),
        guard,
      );
      await expectRefused(
        chain.database,
        () =>
          chain.database.db
            .update(ledgerAccounts)
            .set({ organizationId: chain.evaluatorId })
            .where(sql`${ledgerAccounts.id} = ${chain.accounts.undertaker}`),
        guard,
      );
      await expectRefused(
        chain.database,
        () =>
          chain.database.db
            .delete(ledgerAccounts)
            .where(sql`${ledgerAccounts.id} = ${chain.accounts.undertaker}`),
        guard,
      );
    });

    it('corrects by a reversal entry, once: a second reversal of the same entry is refused', async () => {
      const wrong = await post(chain, 'disbursement', [
        [chain.accounts.earmark, -100_000],
        [chain.accounts.undertaker, 100_000],
      ]);
      const reversal = [
        [chain.accounts.undertaker, -100_000],
        [chain.accounts.earmark, 100_000],
      ] as [number, number][];
      await post(chain, 'reversal', reversal, { reversesEntryId: wrong.id });
      await expectRefused(
        chain.database,
        () => post(chain, 'reversal', reversal, { reversesEntryId: wrong.id }),
        {
          code: '23505',
          constraint: 'journal_entries_reversed_once_unique',
        },
      );
    });

    it('lets concurrent disbursements take an earmark down to its floor, never past it', async () => {
      const [earmark] = await chain.database.db
        .select({ balance: ledgerAccounts.balance })
        .from(ledgerAccounts)
        .where(sql`${ledgerAccounts.id} = ${chain.accounts.earmark}`);
      const available = earmark!.balance;
      const amount = Math.ceil(available / 25);
      const attempts = 60;
      const outcomes = await Promise.allSettled(
        Array.from({ length: attempts }, () =>
          post(chain, 'disbursement', [
            [chain.accounts.earmark, -amount],
            [chain.accounts.undertaker, amount],
          ]),
        ),
      );
      const accepted = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
      const refusals = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [refusalOf(outcome.reason)] : [],
      );
      expect(accepted).toBe(Math.floor(available / amount));
      for (const refusal of refusals)
        expect([refusal.code, refusal.constraint]).toEqual(['23514', 'ledger_accounts_floor']);
      const [state] = await rows<{ balance: string; lines: string; total: string }>(
        chain.database,
        sql`select (select balance from ledger_accounts where id = ${chain.accounts.earmark})::text as balance,
                   (select sum(amount) from journal_lines where account_id = ${chain.accounts.earmark})::text as lines,
                   (select sum(amount) from journal_lines)::text as total`,
      );
      expect(state).toEqual({
        balance: String(available - accepted * amount),
        lines: String(available - accepted * amount),
        total: '0',
      });
    });

    it('refuses a line whose unit is not its account’s', async () => {
      await expectRefused(
        chain.database,
        () =>
          post(chain, 'disbursement', [
            [chain.accounts.earmark, -60, 'minutes'],
            [chain.accounts.undertaker, 60, 'minutes'],
          ]),
        { code: '23503', constraint: 'journal_lines_account_fk' },
      );
    });
  });

  describe('idempotency keys', () => {
    const keyRow = (actorId: string, requestHash: string) => ({
      districtCode: DISTRICT,
      actorId,
      operation: 'funds.disburse',
      key: '7f0c1e0a-2b7e-4c1c-9d55-5a1f0b2c9e11',
      requestHash,
      result: { entryId: 1 },
    });
    const hashA = 'a'.repeat(64);
    const hashB = 'b'.repeat(64);

    it('refuses a second use of a caller’s key for an operation, whatever the body', async () => {
      await chain.database.db.insert(idempotencyKeys).values(keyRow('staff-czj-0001', hashA));
      for (const hash of [hashA, hashB]) {
        await expectRefused(
          chain.database,
          () => chain.database.db.insert(idempotencyKeys).values(keyRow('staff-czj-0001', hash)),
          { code: '23505', constraint: 'idempotency_keys_pkey' },
        );
      }
    });

    it('keeps keys apart by caller, and never rewrites a stored result', async () => {
      await chain.database.db.insert(idempotencyKeys).values(keyRow('staff-czj-0002', hashB));
      await expectRefused(
        chain.database,
        () => chain.database.db.update(idempotencyKeys).set({ result: { entryId: 2 } }),
        { code: '42501', message: /append-only/ },
      );
      await expectRefused(chain.database, () => chain.database.db.delete(idempotencyKeys), {
        code: '42501',
        message: /append-only/,
      });
    });
  });

  describe('satisfaction answers', () => {
    const respondent = 'c3'.repeat(32);

    it('takes one answer per resident and project', async () => {
      const answer = (projectId: number, score: number) => ({
        districtCode: DISTRICT,
        projectId,
        respondentHash: respondent,
        answeredOn: '2025-12-01',
        score,
      });
      await chain.database.db.insert(satisfactionAnswers).values(answer(chain.projectId, 5));
      await expectRefused(
        chain.database,
        () => chain.database.db.insert(satisfactionAnswers).values(answer(chain.projectId, 1)),
        { code: '23505', constraint: 'satisfaction_answers_one_per_resident_unique' },
      );
      // The same resident answers about another project.
      const other = await awardedPurchase(chain.database.db, chain.undertakerId);
      await chain.database.db.insert(satisfactionAnswers).values(answer(other.project.id, 4));
    });

    it('stores only a keyed hash, never a resident ID number', async () => {
      await expectRefused(
        chain.database,
        () =>
          chain.database.db.insert(satisfactionAnswers).values({
            districtCode: DISTRICT,
            projectId: chain.projectId,
            respondentHash: '320505199001010012',
            answeredOn: '2025-12-01',
            score: 3,
          }),
        { code: '23514', constraint: 'satisfaction_answers_respondent_hash' },
      );
    });
  });

  describe('contracts', () => {
    const contract = async (startsOn: string, endsOn: string, continuing: boolean) => {
      const { purchase, bid, number } = await awardedPurchase(chain.database.db, chain.undertakerId);
      return () =>
        chain.database.db.insert(serviceContracts).values({
          districtCode: DISTRICT,
          purchaseId: purchase.id,
          bidId: bid.id,
          organizationId: chain.undertakerId,
          contractNumber: `HQ-GM-2025-T${number}`,
          signedOn: '2025-02-20',
          startsOn,
          endsOn,
          continuing,
          ...(continuing ? { continuingReason: '居家养老服务内容固定、连续性强、经费来源稳定' } : {}),
          amountFen: 28_800_000,
        });
    };

    it('lasts at most 1 year: the last day is before the anniversary', async () => {
      await (await contract('2025-03-01', '2026-02-28', false))();
      const tooLong = await contract('2025-03-01', '2026-03-01', false);
      await expectRefused(chain.database, tooLong, { code: '23514', constraint: 'service_contracts_term' });
    });

    it('lasts at most 3 years for a continuing service, which must say why', async () => {
      await (await contract('2025-03-01', '2028-02-29', true))();
      const tooLong = await contract('2025-03-01', '2028-03-01', true);
      await expectRefused(chain.database, tooLong, { code: '23514', constraint: 'service_contracts_term' });
    });

    it('is signed with the bidder of its own purchase only', async () => {
      const { purchase, bid } = await awardedPurchase(chain.database.db, chain.undertakerId);
      await expectRefused(
        chain.database,
        () =>
          chain.database.db.insert(serviceContracts).values({
            districtCode: DISTRICT,
            purchaseId: purchase.id,
            bidId: bid.id,
            organizationId: chain.evaluatorId,
            contractNumber: 'HQ-GM-2025-X1',
            signedOn: '2025-02-20',
            startsOn: '2025-03-01',
            endsOn: '2026-02-28',
            amountFen: 1,
          }),
        { code: '23503', constraint: 'service_contracts_bid_fk' },
      );
    });
  });

  describe('purchase stages', () => {
    it('moves one stage forward at a time; skipping, going back or cancelling after the contract is refused', async () => {
      const { purchase } = await awardedPurchase(chain.database.db, chain.undertakerId);
      const move = (values: Partial<typeof purchases.$inferInsert>) => () =>
        chain.database.db.update(purchases).set(values).where(sql`${purchases.id} = ${purchase.id}`);
      const refusedMove = { code: '23514', constraint: 'purchases_stage_transition' };
      await expectRefused(
        chain.database,
        move({ stage: 'implementation', contractedOn: '2025-02-20', implementationStartedOn: '2025-03-01' }),
        refusedMove,
      );
      await expectRefused(chain.database, move({ stage: 'bids' }), refusedMove);
      await move({ stage: 'contract', contractedOn: '2025-02-20' })();
      await expectRefused(
        chain.database,
        move({ stage: 'cancelled', cancelledOn: '2025-03-01', cancellationReason: '预算调整' }),
        refusedMove,
      );
    });

    it('refuses a stage without its day', async () => {
      const { purchase } = await awardedPurchase(chain.database.db, chain.undertakerId);
      await expectRefused(
        chain.database,
        () =>
          chain.database.db
            .update(purchases)
            .set({ stage: 'contract' })
            .where(sql`${purchases.id} = ${purchase.id}`),
        { code: '23514', constraint: 'purchases_stage_days' },
      );
    });
  });

  describe('third-party evaluation', () => {
    const evaluation = (evaluatorOrganizationId: number, undertakerOrganizationId: number) => ({
      districtCode: DISTRICT,
      contractId: chain.contractId,
      undertakerOrganizationId,
      kind: 'final',
      evaluatorName: '评估机构',
      evaluatorOrganizationId,
      evaluatedOn: '2026-03-10',
      score: 88,
      grade: 'good',
      reportReference: 'PG-2026-015',
      summary: '项目产出指标全部完成，服务对象满意度较高。',
    });

    it('is never made by the undertaking organization itself', async () => {
      await expectRefused(
        chain.database,
        () =>
          chain.database.db
            .insert(projectEvaluations)
            .values(evaluation(chain.undertakerId, chain.undertakerId)),
        { code: '23514', constraint: 'project_evaluations_not_by_undertaker' },
      );
    });

    it('names the contract’s real undertaker', async () => {
      await expectRefused(
        chain.database,
        () =>
          chain.database.db
            .insert(projectEvaluations)
            .values(evaluation(chain.undertakerId, chain.evaluatorId)),
        { code: '23503', constraint: 'project_evaluations_contract_fk' },
      );
      await chain.database.db
        .insert(projectEvaluations)
        .values(evaluation(chain.evaluatorId, chain.undertakerId));
    });
  });
});

describe(`an entry balances in each unit, never across units (${testDatabaseKind()})`, () => {
  let chain: Chain;

  beforeAll(async () => {
    chain = await createChain();
    // The volunteer area (docs/domain.md §5) adds account kinds in minutes by its own migration;
    // this database stands in for it by lifting the kinds check, so minutes can meet fen here.
    await chain.database.db.execute(sql`alter table ledger_accounts drop constraint ledger_accounts_owners`);
  });
  afterAll(async () => {
    await chain?.database.close();
  });

  it('refuses 60 fen against 60 minutes, and accepts each unit balanced on its own', async () => {
    const [minutesA, minutesB] = await chain.database.db
      .insert(ledgerAccounts)
      .values([
        {
          districtCode: DISTRICT,
          kind: 'volunteer',
          unit: 'minutes',
          organizationId: chain.undertakerId,
          openedOn: '2025-03-01',
        },
        {
          districtCode: DISTRICT,
          kind: 'time_bank',
          unit: 'minutes',
          organizationId: chain.evaluatorId,
          openedOn: '2025-03-01',
        },
      ])
      .returning();
    await expectRefused(
      chain.database,
      () =>
        post(chain, 'mixed', [
          [chain.accounts.earmark, -60],
          [minutesA!.id, 60, 'minutes'],
        ]),
      { code: '23514', constraint: 'journal_entries_balanced', message: /fen -60, minutes 60/ },
    );
    await post(chain, 'mixed', [
      [chain.accounts.earmark, -60],
      [chain.accounts.undertaker, 60],
      [minutesA!.id, 90, 'minutes'],
      [minutesB!.id, -90, 'minutes'],
    ]);
    const after = await balances(chain);
    expect([after[minutesA!.id], after[minutesB!.id]]).toEqual([90, -90]);
  });
});
