import { type SQL, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { lineAccount, lineEntry } from '../funds/ledger-joins.js';
import { projectEvaluations, satisfactionAnswers } from '../schema/evaluations.js';
import { fundingSources } from '../schema/funding.js';
import { communities } from '../schema/hierarchy.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { needs } from '../schema/needs.js';
import { purchases, serviceContracts } from '../schema/purchases.js';
import { projectNeeds, serviceProjects } from '../schema/service-projects.js';

/**
 * The counts behind the service-chain indicators of one unit (docs/domain.md §6, §10). Money is in
 * integer fen; every figure is a sum, so the figures of several units or districts add up.
 */
export interface ServiceChainFigures {
  /** Needs collected and neither merged nor withdrawn by the day. */
  needs: number;
  /** Of those, the needs met, or answered by a project approved and not cancelled by the day. */
  coveredNeeds: number;
  /** Budgets of the projects approved and not cancelled by the day. */
  budgetFen: number;
  /** Contract amounts signed by the day for those projects. */
  contractedFen: number;
  /** Paid to the undertakers of those projects, net of reversals. */
  disbursedFen: number;
  /** Earmarked for the unit's projects from every source, net of reversals. */
  earmarkedFen: number;
  /** Of that, from sources other than the government budget. */
  nonGovernmentEarmarkedFen: number;
  satisfactionScoreSum: number;
  satisfactionAnswers: number;
  finalEvaluations: number;
  /** Final evaluations graded excellent, good or pass. */
  passedFinalEvaluations: number;
  finalEvaluationScoreSum: number;
}

export const emptyServiceChainFigures: ServiceChainFigures = {
  needs: 0,
  coveredNeeds: 0,
  budgetFen: 0,
  contractedFen: 0,
  disbursedFen: 0,
  earmarkedFen: 0,
  nonGovernmentEarmarkedFen: 0,
  satisfactionScoreSum: 0,
  satisfactionAnswers: 0,
  finalEvaluations: 0,
  passedFinalEvaluations: 0,
  finalEvaluationScoreSum: 0,
};

/** The grades that pass a third-party evaluation (docs/domain.md §6.7). */
export const passingEvaluationGrades = ['excellent', 'good', 'pass'] as const;

/** Where the statement groups: units of `groupLength` digits under `prefix`. */
export interface UnitGrouping {
  districtCode: string;
  prefix: string;
  groupLength: 6 | 9 | 12;
  /** The reference day (YYYY-MM-DD). */
  on: string;
}

/** A row of a statement run with `execute`, by column name. */
export type Row = Record<string, unknown>;

/** The rows of a raw statement, on PGlite and on PostgreSQL alike. */
export async function rowsOf(tx: SansheDb, query: SQL): Promise<Row[]> {
  const result = await tx.execute(query);
  return (result as unknown as { rows: Row[] }).rows;
}

/** Sums come back as text (they may exceed 32 bits, and numeric scores carry decimals). */
const figure = (value: unknown): number => Number(value ?? 0);

/**
 * Needs per unit: one statement grouping the needs under the prefix by the first `groupLength`
 * digits of their community's code (docs/domain.md §6.1). A need merged into another (a duplicate)
 * or withdrawn leaves the count on the day it was closed; a need counts as covered from the day it
 * was met, or from the day it was linked to a project approved by then and not cancelled by then.
 */
export async function needFigures(
  tx: SansheDb,
  grouping: UnitGrouping,
): Promise<Map<string, Pick<ServiceChainFigures, 'needs' | 'coveredNeeds'>>> {
  const { districtCode, prefix, groupLength, on } = grouping;
  const unit = sql`left(${communities.code}, ${sql.raw(String(groupLength))})`;
  const covered = sql`((${needs.status} = 'met' and ${needs.closedOn} <= ${on}) or exists (
    select 1 from ${projectNeeds}
    join ${serviceProjects}
      on ${serviceProjects.districtCode} = ${projectNeeds.districtCode} and ${serviceProjects.id} = ${projectNeeds.projectId}
    where ${projectNeeds.districtCode} = ${needs.districtCode} and ${projectNeeds.needId} = ${needs.id}
      and ${projectNeeds.linkedOn} <= ${on}
      and ${serviceProjects.approvedOn} <= ${on}
      and not (${serviceProjects.status} = 'cancelled' and ${serviceProjects.closedOn} <= ${on})))`;
  const rows = await rowsOf(
    tx,
    sql`select ${unit} as unit_code,
        count(*)::text as needs,
        (count(*) filter (where ${covered}))::text as covered
      from ${needs}
      join ${communities} on ${communities.districtCode} = ${needs.districtCode} and ${communities.id} = ${needs.communityId}
      where ${needs.districtCode} = ${districtCode}
        and ${communities.code} like ${`${prefix}%`}
        and ${needs.collectedOn} <= ${on}
        and not (${needs.status} in ('merged', 'withdrawn') and ${needs.closedOn} <= ${on})
      group by ${unit}`,
  );
  return new Map(
    rows.map((row) => [
      String(row.unit_code),
      { needs: figure(row.needs), coveredNeeds: figure(row.covered) },
    ]),
  );
}

/**
 * Project figures per unit: one statement grouping the projects under the prefix by the first
 * `groupLength` digits of the unit that designed them (docs/domain.md §6.2), with, per project,
 * the ledger's net sums (§6.5: earmarks and payments less their reversals, each line once), the
 * contract signed, the satisfaction answers and the final evaluations, each up to the day.
 *
 * The ledger's lines on a project's accounts tell earmarked money from paid money as the funds
 * reads do (funds-reads.ts): on an earmark account, entries naming no tranche are earmarks and
 * their reversals; on an undertaker account, every line is a payment or a payment's reversal.
 */
export async function projectFigures(
  tx: SansheDb,
  grouping: UnitGrouping,
): Promise<Map<string, Omit<ServiceChainFigures, 'needs' | 'coveredNeeds'>>> {
  const { districtCode, prefix, groupLength, on } = grouping;
  const p = serviceProjects;
  const inUnit = (projectId: SQL) => sql`${projectId} in (select id from unit_projects)`;
  const passing = sql.raw(passingEvaluationGrades.map((grade) => `'${grade}'`).join(', '));
  const rows = await rowsOf(
    tx,
    sql`with unit_projects as (
        select ${p.id} as id,
          left(${p.unitCode}, ${sql.raw(String(groupLength))}) as unit_code,
          ${p.budgetFen} as budget_fen,
          coalesce(${p.approvedOn} <= ${on}, false)
            and not coalesce(${p.status} = 'cancelled' and ${p.closedOn} <= ${on}, false) as budgeted
        from ${p}
        where ${p.districtCode} = ${districtCode} and ${p.unitCode} like ${`${prefix}%`}
      ),
      ledger_sums as (
        select ${ledgerAccounts.projectId} as project_id,
          sum(${journalLines.amount}) filter (where ${ledgerAccounts.kind} = 'undertaker') as disbursed,
          sum(${journalLines.amount})
            filter (where ${ledgerAccounts.kind} = 'earmark' and ${journalEntries.trancheId} is null) as earmarked,
          sum(${journalLines.amount})
            filter (where ${ledgerAccounts.kind} = 'earmark' and ${journalEntries.trancheId} is null
              and ${fundingSources.kind} <> 'government_budget') as non_government
        from ${journalLines}
        join ${ledgerAccounts} on ${lineAccount}
        join ${journalEntries} on ${lineEntry}
        left join ${fundingSources}
          on ${fundingSources.districtCode} = ${ledgerAccounts.districtCode}
         and ${fundingSources.id} = ${ledgerAccounts.fundingSourceId}
        where ${journalLines.districtCode} = ${districtCode}
          and ${journalLines.unit} = 'fen'
          and ${ledgerAccounts.kind} in ('earmark', 'undertaker')
          and ${journalEntries.occurredOn} <= ${on}
          and ${inUnit(sql`${ledgerAccounts.projectId}`)}
        group by ${ledgerAccounts.projectId}
      ),
      contract_sums as (
        select ${purchases.projectId} as project_id, sum(${serviceContracts.amountFen}) as contracted
        from ${serviceContracts}
        join ${purchases}
          on ${purchases.districtCode} = ${serviceContracts.districtCode} and ${purchases.id} = ${serviceContracts.purchaseId}
        where ${serviceContracts.districtCode} = ${districtCode}
          and ${serviceContracts.signedOn} <= ${on}
          and ${inUnit(sql`${purchases.projectId}`)}
        group by ${purchases.projectId}
      ),
      satisfaction_sums as (
        select ${satisfactionAnswers.projectId} as project_id,
          sum(${satisfactionAnswers.score}) as score_sum,
          count(*) as answers
        from ${satisfactionAnswers}
        where ${satisfactionAnswers.districtCode} = ${districtCode}
          and ${satisfactionAnswers.answeredOn} <= ${on}
          and ${inUnit(sql`${satisfactionAnswers.projectId}`)}
        group by ${satisfactionAnswers.projectId}
      ),
      evaluation_sums as (
        select ${purchases.projectId} as project_id,
          count(*) as finals,
          count(*) filter (where ${projectEvaluations.grade} in (${passing})) as passed,
          sum(${projectEvaluations.score}) as score_sum
        from ${projectEvaluations}
        join ${serviceContracts}
          on ${serviceContracts.districtCode} = ${projectEvaluations.districtCode}
         and ${serviceContracts.id} = ${projectEvaluations.contractId}
        join ${purchases}
          on ${purchases.districtCode} = ${serviceContracts.districtCode} and ${purchases.id} = ${serviceContracts.purchaseId}
        where ${projectEvaluations.districtCode} = ${districtCode}
          and ${projectEvaluations.kind} = 'final'
          and ${projectEvaluations.evaluatedOn} <= ${on}
          and ${inUnit(sql`${purchases.projectId}`)}
        group by ${purchases.projectId}
      )
      select unit_projects.unit_code,
        coalesce(sum(unit_projects.budget_fen) filter (where unit_projects.budgeted), 0)::text as budget,
        coalesce(sum(contract_sums.contracted) filter (where unit_projects.budgeted), 0)::text as contracted,
        coalesce(sum(ledger_sums.disbursed) filter (where unit_projects.budgeted), 0)::text as disbursed,
        coalesce(sum(ledger_sums.earmarked), 0)::text as earmarked,
        coalesce(sum(ledger_sums.non_government), 0)::text as non_government,
        coalesce(sum(satisfaction_sums.score_sum), 0)::text as satisfaction_score_sum,
        coalesce(sum(satisfaction_sums.answers), 0)::text as satisfaction_answers,
        coalesce(sum(evaluation_sums.finals), 0)::text as finals,
        coalesce(sum(evaluation_sums.passed), 0)::text as passed,
        coalesce(sum(evaluation_sums.score_sum), 0)::text as evaluation_score_sum
      from unit_projects
      left join ledger_sums on ledger_sums.project_id = unit_projects.id
      left join contract_sums on contract_sums.project_id = unit_projects.id
      left join satisfaction_sums on satisfaction_sums.project_id = unit_projects.id
      left join evaluation_sums on evaluation_sums.project_id = unit_projects.id
      group by unit_projects.unit_code`,
  );
  return new Map(
    rows.map((row) => [
      String(row.unit_code),
      {
        budgetFen: figure(row.budget),
        contractedFen: figure(row.contracted),
        disbursedFen: figure(row.disbursed),
        earmarkedFen: figure(row.earmarked),
        nonGovernmentEarmarkedFen: figure(row.non_government),
        satisfactionScoreSum: figure(row.satisfaction_score_sum),
        satisfactionAnswers: figure(row.satisfaction_answers),
        finalEvaluations: figure(row.finals),
        passedFinalEvaluations: figure(row.passed),
        finalEvaluationScoreSum: figure(row.evaluation_score_sum),
      },
    ]),
  );
}
