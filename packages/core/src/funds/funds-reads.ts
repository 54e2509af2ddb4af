import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { lineAccount, lineEntry } from '../ledger/ledger-joins.js';
import { fundingSources } from '../schema/funding.js';
import { journalEntries, journalLines, type LedgerAccount, ledgerAccounts } from '../schema/ledger.js';
import { serviceProjects } from '../schema/service-projects.js';
import type { FundingSourceKind } from './code-lists.js';
import type { AccountOwner, FundsContext } from './funds-context.js';

/** One line of an account, with its entry. */
export interface AccountLine {
  lineId: number;
  entryId: number;
  entryKind: string;
  occurredOn: string;
  description: string;
  amount: number;
  trancheId: number | null;
  reversesEntryId: number | null;
}

/** What one source's earmark for one project holds and has paid, in fen. */
export interface EarmarkUse {
  sourceId: number;
  sourceKind: FundingSourceKind;
  funderName: string;
  projectId: number;
  /** Earmarked, less earmarks reversed. */
  earmarkedFen: number;
  /** Paid to the undertaker out of this earmark, less payments reversed. */
  disbursedFen: number;
  /** Still in the earmark's account: earmarked less disbursed. */
  availableFen: number;
}

/** A project's funding by source (四公开, docs/domain.md §6.8). */
export interface ProjectFunding {
  projectId: number;
  budgetFen: number;
  earmarkedFen: number;
  disbursedFen: number;
  availableFen: number;
  bySource: EarmarkUse[];
}

/** What a source committed, brought in, holds, earmarked and paid, by project. */
export interface SourceUse {
  sourceId: number;
  kind: FundingSourceKind;
  funderName: string;
  committedFen: number;
  receivedFen: number;
  /** Brought in and not earmarked. */
  heldFen: number;
  earmarkedFen: number;
  disbursedFen: number;
  byProject: EarmarkUse[];
}

/** Reads of funds: balances and sums come from the ledger itself, as of the moment of the read. */
export function createFundsReads(context: FundsContext) {
  const { kit, districtCode, db } = context;

  /** Each earmark account matching `where`, with its earmarked and disbursed sums. */
  async function earmarkUses(executor: SansheDb, where: SQL): Promise<EarmarkUse[]> {
    // Earmarks and their reversals name no tranche; payments and their reversals name one.
    const rows = await executor
      .select({
        sourceId: ledgerAccounts.fundingSourceId,
        sourceKind: fundingSources.kind,
        funderName: fundingSources.funderName,
        projectId: ledgerAccounts.projectId,
        balance: ledgerAccounts.balance,
        earmarkedFen:
          sql<number>`coalesce(sum(${journalLines.amount}) filter (where ${journalEntries.trancheId} is null), 0)`.mapWith(
            Number,
          ),
        disbursedFen:
          sql<number>`coalesce(-sum(${journalLines.amount}) filter (where ${journalEntries.trancheId} is not null), 0)`.mapWith(
            Number,
          ),
      })
      .from(ledgerAccounts)
      .innerJoin(
        fundingSources,
        and(
          eq(fundingSources.districtCode, ledgerAccounts.districtCode),
          eq(fundingSources.id, ledgerAccounts.fundingSourceId),
        ),
      )
      .leftJoin(journalLines, lineAccount)
      .leftJoin(journalEntries, lineEntry)
      .where(and(eq(ledgerAccounts.districtCode, districtCode), eq(ledgerAccounts.kind, 'earmark'), where))
      .groupBy(ledgerAccounts.districtCode, ledgerAccounts.id, fundingSources.districtCode, fundingSources.id)
      .orderBy(asc(ledgerAccounts.fundingSourceId), asc(ledgerAccounts.projectId));
    return rows.map((row) => ({
      sourceId: row.sourceId!,
      sourceKind: row.sourceKind as FundingSourceKind,
      funderName: row.funderName,
      projectId: row.projectId!,
      earmarkedFen: row.earmarkedFen,
      disbursedFen: row.disbursedFen,
      availableFen: row.balance,
    }));
  }

  const total = (uses: EarmarkUse[], field: 'earmarkedFen' | 'disbursedFen' | 'availableFen') =>
    uses.reduce((sum, use) => sum + use[field], 0);

  return {
    /**
     * A money account of the ledger with its balance; null when there is none. The time bank's
     * accounts (minutes, points) share the ledger but are not funds: they answer null here.
     */
    async ledgerAccount(accountId: number): Promise<LedgerAccount | null> {
      const account = await kit.findRecord(db, ledgerAccounts, accountId);
      return account?.unit === 'fen' ? account : null;
    },

    /** A money account's lines, oldest first, each with its entry (none for the time bank's accounts). */
    async accountLines(accountId: number): Promise<AccountLine[]> {
      return db
        .select({
          lineId: journalLines.id,
          entryId: journalLines.entryId,
          entryKind: journalEntries.kind,
          occurredOn: journalEntries.occurredOn,
          description: journalEntries.description,
          amount: journalLines.amount,
          trancheId: journalEntries.trancheId,
          reversesEntryId: journalEntries.reversesEntryId,
        })
        .from(journalLines)
        .innerJoin(journalEntries, lineEntry)
        .where(
          and(
            eq(journalLines.districtCode, districtCode),
            eq(journalLines.accountId, accountId),
            eq(journalLines.unit, 'fen'),
          ),
        )
        .orderBy(asc(journalLines.entryId), asc(journalLines.id));
    },

    /** The account of a source, an earmark or an undertaker's payments, by its owner. */
    async findLedgerAccount(owner: AccountOwner): Promise<LedgerAccount | null> {
      return (await context.findAccount(db, owner)) ?? null;
    },

    /** A project's budget and, by source, what is earmarked, paid and still available; null when no such project. */
    async projectFunding(projectId: number): Promise<ProjectFunding | null> {
      const project = await kit.findRecord(db, serviceProjects, projectId);
      if (!project) return null;
      const bySource = await earmarkUses(db, eq(ledgerAccounts.projectId, projectId));
      return {
        projectId,
        budgetFen: project.budgetFen,
        earmarkedFen: total(bySource, 'earmarkedFen'),
        disbursedFen: total(bySource, 'disbursedFen'),
        availableFen: total(bySource, 'availableFen'),
        bySource,
      };
    },

    /** What a source committed, brought in, holds, earmarked and paid, by project; null when no such source. */
    async sourceUse(sourceId: number): Promise<SourceUse | null> {
      const source = await kit.findRecord(db, fundingSources, sourceId);
      if (!source) return null;
      const funder = await context.findAccount(db, { kind: 'funder', fundingSourceId: sourceId });
      const held = await context.findAccount(db, { kind: 'source', fundingSourceId: sourceId });
      const byProject = await earmarkUses(db, eq(ledgerAccounts.fundingSourceId, sourceId));
      return {
        sourceId,
        kind: source.kind as FundingSourceKind,
        funderName: source.funderName,
        committedFen: source.amountFen,
        receivedFen: 0 - (funder?.balance ?? 0),
        heldFen: held?.balance ?? 0,
        earmarkedFen: total(byProject, 'earmarkedFen'),
        disbursedFen: total(byProject, 'disbursedFen'),
        byProject,
      };
    },
  };
}
