/**
 * The demo service chain as the database takes it (docs/domain.md §6.10). On PGlite the seed turns
 * the row triggers off while it writes (foreign keys are then checked set-based; CHECKs and unique
 * indexes hold as always), so the plan itself sets each account's balance; on PostgreSQL every
 * trigger runs: each journal line adds to its account's balance under the floor CHECK, and every
 * entry must balance when the seed commits. Either way the stored ledger must be the plan's, the
 * database's guards must be on once seeding is done, and the funds service must work on it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { type DemoDistrictPlan, planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import { createFundsService } from '../../src/funds/index.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';

async function rowsOf(database: DistrictDatabase, query: ReturnType<typeof sql>) {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: Record<string, unknown>[] }).rows;
}

/** The error a statement fails with, or undefined when it succeeds. */
async function failureOf(
  database: DistrictDatabase,
  query: ReturnType<typeof sql>,
): Promise<string | undefined> {
  try {
    await database.db.execute(query);
    return undefined;
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string; constraint?: string } };
    return `${e.message} ${e.cause?.message ?? ''} ${e.cause?.constraint ?? ''}`;
  }
}

describe(`the demo service chain seeded (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let plan: DemoDistrictPlan;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: '320505' });
    plan = planDemoDistrict({ districtCode: '320505', name: '虎丘区', seed: 1, scale: { subdistricts: 3 } });
    await seedDemoDistrict(database, plan);
  });
  afterAll(() => database.close());

  it('stores the chain as planned: JSON eligibility, method arrays, numeric scores, dates', async () => {
    const bid = plan.purchaseBids.find((b) => b.eligibility !== null && b.score != null)!;
    const [storedBid] = await rowsOf(
      database,
      sql`select eligibility, score::float8 as score from purchase_bids where id = ${bid.id}`,
    );
    expect(storedBid).toEqual({ eligibility: bid.eligibility, score: bid.score });
    const project = plan.serviceProjects.find((p) => p.methods.length > 1)!;
    const [storedProject] = await rowsOf(
      database,
      sql`select methods, budget_fen::float8 as budget, starts_on::text as starts_on from service_projects where id = ${project.id}`,
    );
    expect(storedProject).toEqual({
      methods: project.methods,
      budget: project.budgetFen,
      starts_on: project.startsOn,
    });
    const [counts] = await rowsOf(
      database,
      sql`select (select count(*) from needs)::int as needs, (select count(*) from journal_lines)::int as lines,
                 (select count(*) from activity_hours)::int as hours, (select count(*) from satisfaction_answers)::int as answers`,
    );
    expect(counts).toEqual({
      needs: plan.needs.length,
      lines: plan.journalLines.length,
      hours: plan.activityHours.length,
      answers: plan.satisfactionAnswers.length,
    });
  });

  it('docs/domain.md §6.5: each balance is the sum of its lines and the plan’s; each entry has two lines or more and sums to zero per unit', async () => {
    expect(plan.journalEntries.length).toBeGreaterThan(0);
    const accounts = await rowsOf(
      database,
      sql`select a.id::int as id, a.balance::float8 as balance, coalesce(sum(l.amount), 0)::float8 as lines
            from ledger_accounts a left join journal_lines l on l.district_code = a.district_code and l.account_id = a.id
           group by a.id, a.balance order by a.id`,
    );
    expect(accounts).toEqual(
      plan.ledgerAccounts.map((a) => ({ id: a.id, balance: a.balance, lines: a.balance })),
    );
    const unbalanced = await rowsOf(
      database,
      sql`select e.id from journal_entries e join journal_lines l on l.district_code = e.district_code and l.entry_id = e.id
           group by e.id, l.unit having count(*) < 2 or sum(l.amount) <> 0`,
    );
    expect(unbalanced).toEqual([]);
  });

  it('docs/domain.md §6.10: the guards are on once seeded — the ledger is append-only, balances move only by lines, stages only forward', async () => {
    const entry = plan.journalEntries[0]!;
    expect(
      await failureOf(database, sql`update journal_entries set description = 'x' where id = ${entry.id}`),
    ).toMatch(/append-only/);
    expect(await failureOf(database, sql`delete from journal_lines where entry_id = ${entry.id}`)).toMatch(
      /append-only/,
    );
    const account = plan.ledgerAccounts[0]!;
    expect(
      await failureOf(
        database,
        sql`update ledger_accounts set balance = balance + 1 where id = ${account.id}`,
      ),
    ).toMatch(/balance moves by journal lines/);
    const closed = plan.purchases.find((p) => p.stage === 'closure')!;
    expect(
      await failureOf(database, sql`update purchases set stage = 'implementation' where id = ${closed.id}`),
    ).toMatch(/purchases_stage_transition|cannot move from stage closure/);
    // One live purchase per project (purchases_live_per_project_unique).
    const live = plan.purchases.find((p) => p.stage === 'implementation')!;
    expect(
      await failureOf(
        database,
        sql`insert into purchases (district_code, project_id, purchaser_unit_code, method, stage, planned_on)
            values ('320505', ${live.projectId}, ${live.purchaserUnitCode}, 'open_tender', 'plan', ${plan.asOf})`,
      ),
    ).toMatch(/purchases_live_per_project_unique/);
  });

  it('the funds service works on the seeded ledger: a disbursement reversed and paid again moves the balances it names', async () => {
    const funds = createFundsService(database, { actor: systemActor, today: () => plan.asOf });
    const payment = [...plan.journalEntries].reverse().find((e) => e.kind === 'disbursement')!;
    const tranche = plan.contractTranches.find((t) => t.id === payment.trancheId)!;
    const lines = plan.journalLines.filter((l) => l.entryId === payment.id);
    const earmarkLine = lines.find((l) => l.amount < 0)!;
    const sourceId = plan.ledgerAccounts.find((a) => a.id === earmarkLine.accountId)!.fundingSourceId!;
    const balances = async () =>
      Object.fromEntries(
        (
          await rowsOf(
            database,
            sql`select id::int as id, balance::float8 as balance from ledger_accounts where id in (${sql.join(
              lines.map((l) => sql`${l.accountId}`),
              sql`, `,
            )})`,
          )
        ).map((row) => [row.id, row.balance]),
      );
    const before = await balances();
    const reversal = await funds.reverseEntry({
      entryId: payment.id,
      reversedOn: plan.asOf,
      reason: '演示：冲销后重新拨付',
      idempotencyKey: 'demo-chain-reverse-0001',
    });
    expect(reversal.lines.map((l) => l.amount).sort()).toEqual(lines.map((l) => -l.amount).sort());
    const reversed = await balances();
    for (const line of lines) expect(reversed[line.accountId]).toBe(before[line.accountId]! - line.amount);
    const [cleared] = await rowsOf(
      database,
      sql`select released_on from contract_tranches where id = ${tranche.id}`,
    );
    expect(cleared!.released_on).toBeNull();

    await funds.disburseTranche({
      sourceId,
      trancheId: tranche.id,
      amountFen: -earmarkLine.amount,
      paidOn: plan.asOf,
      idempotencyKey: 'demo-chain-disburse-0001',
    });
    expect(await balances()).toEqual(before);
    const [accounts] = await rowsOf(
      database,
      sql`select count(*)::int as wrong from ledger_accounts a
           where a.balance <> (select coalesce(sum(amount), 0) from journal_lines l where l.district_code = a.district_code and l.account_id = a.id)`,
    );
    expect(accounts).toEqual({ wrong: 0 });
  });
});
