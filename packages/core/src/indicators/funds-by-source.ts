import { sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { type FundingSourceKind, fundingSourceKinds } from '../funds/code-lists.js';
import { lineAccount, lineEntry } from '../funds/ledger-joins.js';
import { fundingSources } from '../schema/funding.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { serviceProjects } from '../schema/service-projects.js';
import type { IndicatorLevel } from './definitions.js';
import { type Row, rowsOf } from './service-chain-figures.js';

/**
 * A unit's project funding from one kind of source on a day (docs/domain.md §6.4, §10: "funds
 * budgeted, awarded and disbursed by source"). Every figure is a sum in integer fen, so units and
 * districts add up kind by kind.
 */
export interface FundsOfSourceKind {
  kind: FundingSourceKind;
  /** The kind's Chinese term (funds/code-lists.ts). */
  label: string;
  /**
   * Committed by the district's sources of this kind on or before the day (their stated amounts).
   * A source belongs to the district, not to a unit: null below the district.
   */
  committedFen: number | null;
  /** Brought in by those sources (receipts less reversed receipts); null below the district. */
  receivedFen: number | null;
  /** Earmarked for the unit's projects (earmarks less reversed earmarks). */
  earmarkedFen: number;
  /** Paid out of those earmarks to the projects' undertakers (payments less reversed payments). */
  disbursedFen: number;
}

export interface FundsBySource {
  unitCode: string;
  level: IndicatorLevel;
  /** The reference day. */
  on: string;
  /** One entry per kind of source, in the order of `fundingSourceKinds`, zeros included. */
  kinds: FundsOfSourceKind[];
}

/** What each figure of {@link FundsOfSourceKind} counts, in words, for the gateway's descriptions. */
export const fundsBySourceDefinitions = {
  committedFen:
    'Amounts (fen) the district’s funding sources of the kind committed on or before the day; in-kind ' +
    'resources at their stated value. Counted for the district only: a source belongs to no unit below it.',
  receivedFen:
    'Money (fen) those sources brought in by the day: receipts less reversed receipts. District only.',
  earmarkedFen:
    'Money (fen) earmarked (定向使用) from sources of the kind for the projects designed by the unit or a unit ' +
    'below it, whatever their status: earmarks less reversed earmarks dated on or before the day.',
  disbursedFen:
    'Money (fen) paid out of those earmarks to the projects’ undertaking organizations: tranche payments less ' +
    'reversed payments dated on or before the day.',
} as const;

/**
 * The funding of a unit's projects by kind of source, from the ledger (docs/domain.md §6.5): one
 * grouped statement over the earmark accounts of the unit's projects, and for a district one more
 * over its sources. On an earmark account, entries naming no tranche are earmarks and their
 * reversals, entries naming one are payments and their reversals (as funds-reads.ts reads them),
 * so summing the lines nets every reversal against what it undoes, each counted once.
 */
export async function fundsBySourceFigures(
  tx: SansheDb,
  unit: { districtCode: string; unitCode: string; level: IndicatorLevel; on: string },
): Promise<FundsBySource> {
  const { districtCode, unitCode, level, on } = unit;
  const uses = await rowsOf(
    tx,
    sql`select ${fundingSources.kind} as kind,
        coalesce(sum(${journalLines.amount}) filter (where ${journalEntries.trancheId} is null), 0)::text as earmarked,
        coalesce(-sum(${journalLines.amount}) filter (where ${journalEntries.trancheId} is not null), 0)::text as disbursed
      from ${journalLines}
      join ${ledgerAccounts} on ${lineAccount}
      join ${journalEntries} on ${lineEntry}
      join ${fundingSources}
        on ${fundingSources.districtCode} = ${ledgerAccounts.districtCode}
       and ${fundingSources.id} = ${ledgerAccounts.fundingSourceId}
      join ${serviceProjects}
        on ${serviceProjects.districtCode} = ${ledgerAccounts.districtCode}
       and ${serviceProjects.id} = ${ledgerAccounts.projectId}
      where ${journalLines.districtCode} = ${districtCode}
        and ${ledgerAccounts.kind} = 'earmark'
        and ${journalEntries.occurredOn} <= ${on}
        and ${serviceProjects.unitCode} like ${`${unitCode}%`}
      group by ${fundingSources.kind}`,
  );
  const usesOf = new Map(uses.map((row) => [String(row.kind), row]));

  let sourcesOf: Map<string, Row> | null = null;
  if (level === 'district') {
    // A receipt moves money from the source's funder account to the source: the funder account's
    // lines, negated, are what the source brought in, reversed receipts netted.
    const received = sql`(select -sum(${journalLines.amount})
        from ${journalLines}
        join ${ledgerAccounts} on ${lineAccount}
        join ${journalEntries} on ${lineEntry}
        where ${ledgerAccounts.districtCode} = ${fundingSources.districtCode}
          and ${ledgerAccounts.fundingSourceId} = ${fundingSources.id}
          and ${ledgerAccounts.kind} = 'funder'
          and ${journalEntries.occurredOn} <= ${on})`;
    const sources = await rowsOf(
      tx,
      sql`with source_totals as (
          select ${fundingSources.kind} as kind, ${fundingSources.amountFen} as committed, ${received} as received
          from ${fundingSources}
          where ${fundingSources.districtCode} = ${districtCode}
            and ${fundingSources.committedOn} <= ${on}
        )
        select kind, coalesce(sum(committed), 0)::text as committed, coalesce(sum(received), 0)::text as received
        from source_totals
        group by kind`,
    );
    sourcesOf = new Map(sources.map((row) => [String(row.kind), row]));
  }

  const kinds = (Object.keys(fundingSourceKinds) as FundingSourceKind[]).map((kind) => {
    const use = usesOf.get(kind);
    const source = sourcesOf?.get(kind);
    return {
      kind,
      label: fundingSourceKinds[kind],
      committedFen: sourcesOf ? Number(source?.committed ?? 0) : null,
      receivedFen: sourcesOf ? Number(source?.received ?? 0) : null,
      earmarkedFen: Number(use?.earmarked ?? 0),
      disbursedFen: Number(use?.disbursed ?? 0),
    };
  });
  return { unitCode, level, on, kinds };
}
