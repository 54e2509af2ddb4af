import { getColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { developmentKeyring, type PersonalDataKeyring } from '../personal-data/keyring.js';
import {
  consultationMeetings,
  meetingOutcomes,
  meetingParticipants,
  meetingTopics,
  outcomeTasks,
} from '../schema/consultation.js';
import { activityHours, deliveryActivities } from '../schema/delivery.js';
import { departments, eventRoutes } from '../schema/departments.js';
import { projectEvaluations, satisfactionAnswers } from '../schema/evaluations.js';
import { fundingEarmarks, fundingSources } from '../schema/funding.js';
import {
  departmentNotices,
  gridEventSteps,
  gridEvents,
  summonsDepartments,
  summonses,
} from '../schema/grid-events.js';
import { gridBoundaries, gridTeamMembers, inspectionItems, patrolRecords } from '../schema/grid-teams.js';
import { communities, districts, grids, subdistricts } from '../schema/hierarchy.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { needs } from '../schema/needs.js';
import {
  organizationCommunities,
  organizationCreditRecords,
  organizationDisclosures,
  organizationGrades,
  organizationHubMemberships,
  organizationListEntries,
  organizationStatusChanges,
  socialOrganizations,
} from '../schema/organizations.js';
import { policyValues } from '../schema/policies.js';
import { unitPopulations } from '../schema/populations.js';
import { contractTranches, purchaseBids, purchases, serviceContracts } from '../schema/purchases.js';
import {
  projectBudgetLines,
  projectCommunities,
  projectIndicators,
  projectNeeds,
  serviceProjects,
} from '../schema/service-projects.js';
import {
  certificateRegistrations,
  continuingEducationRecords,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
} from '../schema/social-workers.js';
import * as tables from '../schema/tables.js';
import {
  timeBankCatalogueItems,
  timeBankEarnings,
  timeBankExchanges,
  timeBankTransfers,
} from '../schema/time-bank.js';
import {
  volunteerEngagements,
  volunteerRecordItems,
  volunteerServices,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from '../schema/volunteers.js';
import { mobilePhoneColumns, residentIdColumns } from '../social-workers/worker-identifiers.js';
import {
  volunteerMobilePhoneColumns,
  volunteerResidentIdColumns,
} from '../volunteers/volunteer-identifiers.js';
import type { DemoDistrictPlan } from './plan-district.js';
import type { PlannedWorker } from './plan-social-workers.js';
import type { PlannedVolunteer } from './plan-volunteers.js';

export interface SeedReport {
  districtCode: string;
  rows: number;
  milliseconds: number;
}

// Rows go in as one JSON document per chunk (`json_populate_recordset`): one bind parameter
// instead of one per value, which is what costs most on PGlite. The chunk bounds the document.
const rowsPerStatement = 5000;

/**
 * The planned rows of each table, parents before children (foreign keys are checked per statement).
 * `checkedByTriggers`: the database's triggers run as rows are written (PostgreSQL). Each journal
 * line is added to its account's balance (trigger `journal_lines_add_to_balance`), so accounts go
 * in empty and their lines fill them; an event starts collected (`grid_events_transition_insert`).
 * With the triggers off (PGlite's seed), accounts go in with the balances the plan summed, and
 * events in the states the plan reached.
 */
function tablesInOrder(
  plan: DemoDistrictPlan,
  keyring: PersonalDataKeyring,
  checkedByTriggers: boolean,
): (readonly [PgTable, readonly object[]])[] {
  return [
    [subdistricts, plan.subdistricts],
    [communities, plan.communities],
    [unitPopulations, plan.unitPopulations],
    [grids, plan.grids],
    [policyValues, plan.policyValues],
    [socialOrganizations, plan.socialOrganizations],
    [organizationCommunities, plan.organizationCommunities],
    [organizationStatusChanges, plan.organizationStatusChanges],
    [organizationHubMemberships, plan.organizationHubMemberships],
    // An entry moved to the dishonesty list refers to its abnormal-list entry, planned first.
    [organizationListEntries, plan.organizationListEntries],
    [organizationCreditRecords, plan.organizationCreditRecords],
    [organizationGrades, plan.organizationGrades],
    [organizationDisclosures, plan.organizationDisclosures],
    [socialWorkers, plan.socialWorkers.map((worker) => sealWorker(worker, keyring))],
    [socialWorkCertificates, plan.socialWorkCertificates],
    [certificateRegistrations, plan.certificateRegistrations],
    [continuingEducationRecords, plan.continuingEducationRecords],
    [socialWorkerPosts, plan.socialWorkerPosts],
    // The service chain (docs/domain.md §6). A merged need and a reversal refer to rows of their
    // own table with smaller ids, in the same or an earlier statement.
    [needs, plan.needs],
    [serviceProjects, plan.serviceProjects],
    [projectNeeds, plan.projectNeeds],
    [projectCommunities, plan.projectCommunities],
    [projectBudgetLines, plan.projectBudgetLines],
    [projectIndicators, plan.projectIndicators],
    [purchases, plan.purchases],
    [purchaseBids, plan.purchaseBids],
    [serviceContracts, plan.serviceContracts],
    [contractTranches, plan.contractTranches],
    [fundingSources, plan.fundingSources],
    [fundingEarmarks, plan.fundingEarmarks],
    [
      ledgerAccounts,
      checkedByTriggers
        ? plan.ledgerAccounts.map((account) => ({ ...account, balance: 0 }))
        : plan.ledgerAccounts,
    ],
    [journalEntries, plan.journalEntries],
    // In id order, which is the order of their days: each account stays at or above its floor
    // line by line, as the trigger checks.
    [journalLines, plan.journalLines],
    [deliveryActivities, plan.deliveryActivities],
    [activityHours, plan.activityHours],
    [satisfactionAnswers, plan.satisfactionAnswers],
    [projectEvaluations, plan.projectEvaluations],
    // Volunteers (docs/domain.md §5): a correction refers to the record it corrects, with a smaller id.
    [volunteers, plan.volunteers.map((volunteer) => sealVolunteer(volunteer, keyring))],
    [volunteerTeams, plan.volunteerTeams],
    [volunteerTeamMembers, plan.volunteerTeamMembers],
    [volunteerEngagements, plan.volunteerEngagements],
    [volunteerServices, plan.volunteerServices],
    [volunteerRecordItems, plan.volunteerRecordItems],
    // The time bank on the same ledger, its ids after the chain's, its lines in the order recorded.
    [
      ledgerAccounts,
      checkedByTriggers
        ? plan.timeBankAccounts.map((account) => ({ ...account, balance: 0 }))
        : plan.timeBankAccounts,
    ],
    [journalEntries, plan.timeBankEntries],
    [journalLines, plan.timeBankLines],
    [timeBankEarnings, plan.timeBankEarnings],
    [timeBankCatalogueItems, plan.timeBankCatalogueItems],
    [timeBankExchanges, plan.timeBankExchanges],
    [timeBankTransfers, plan.timeBankTransfers],
    // Grid management (docs/domain.md §7): informants are volunteers, so after them. Where the
    // database's triggers run (PostgreSQL), every event goes in collected, the only state one may
    // start in, and `advanceGridEvents` moves it to its state along the loop; with the triggers
    // off (PGlite's seed) events go in as planned, as accounts go in with their balances.
    [departments, plan.departments],
    [eventRoutes, plan.eventRoutes],
    [inspectionItems, plan.inspectionItems],
    [gridBoundaries, plan.gridBoundaries],
    [gridTeamMembers, plan.gridTeamMembers],
    [patrolRecords, plan.patrolRecords],
    [
      gridEvents,
      checkedByTriggers
        ? plan.gridEvents.map((event) => ({ ...event, state: 'collected' }))
        : plan.gridEvents,
    ],
    [gridEventSteps, plan.gridEventSteps],
    [departmentNotices, plan.departmentNotices],
    [summonses, plan.summonses],
    [summonsDepartments, plan.summonsDepartments],
    // Consultation (docs/domain.md §8): topics name events and needs, tasks events and projects.
    [consultationMeetings, plan.consultationMeetings],
    [meetingParticipants, plan.meetingParticipants],
    [meetingTopics, plan.meetingTopics],
    [meetingOutcomes, plan.meetingOutcomes],
    [outcomeTasks, plan.outcomeTasks],
  ];
}

/** The loop's main path (docs/domain.md §7.7): each state after `collected`, in order. */
const loopStates = ['dispatched', 'handling', 'fed_back', 'closed'] as const;

/**
 * Move every planned grid event from `collected` to the state it is in on the plan's day, one
 * statement per state of the loop's main path: the events that got at least that far move one
 * state on. Each UPDATE is a move the database's trigger `grid_events_transition` accepts
 * (collected → dispatched → handling → fed_back → closed), so the seed holds the same invariant
 * as every writer, on PostgreSQL, where the trigger runs, as on PGlite. The history an event
 * really took — returns, rejections, re-routings, reopenings — is in its planned steps
 * (`grid_event_steps`), which the seed inserts as planned; its other columns are inserted final.
 */
async function advanceGridEvents(tx: Pick<SansheDb, 'execute'>, plan: DemoDistrictPlan): Promise<void> {
  const rank = (state: string) => loopStates.indexOf(state as (typeof loopStates)[number]);
  for (const [index, state] of loopStates.entries()) {
    const ids = plan.gridEvents.filter((event) => rank(event.state) >= index).map((event) => event.id);
    if (ids.length === 0) break;
    await tx.execute(
      sql`update grid_events set state = ${state}
        where district_code = ${plan.districtCode} and id = any(string_to_array(${ids.join(',')}, ',')::bigint[])`,
    );
  }
}

/** A planned worker as stored: identifiers sealed, hashed and masked, never in clear. */
function sealWorker(worker: PlannedWorker, keyring: PersonalDataKeyring) {
  const { residentId, mobilePhone, ...rest } = worker;
  return {
    ...rest,
    ...residentIdColumns(keyring, worker.districtCode, residentId),
    ...mobilePhoneColumns(keyring, worker.districtCode, mobilePhone),
  };
}

/** A planned volunteer as stored: identifiers sealed, hashed and masked, never in clear. */
function sealVolunteer(volunteer: PlannedVolunteer, keyring: PersonalDataKeyring) {
  const { residentId, mobilePhone, ...rest } = volunteer;
  return {
    ...rest,
    ...volunteerResidentIdColumns(keyring, volunteer.districtCode, residentId),
    ...volunteerMobilePhoneColumns(keyring, volunteer.districtCode, mobilePhone),
  };
}

/** The tables whose `id` is an identity column: their sequences must move past explicit ids. */
const identityTables = Object.values(tables)
  .filter(
    (table) => (getColumns(table) as Record<string, { generatedIdentity?: unknown }>).id?.generatedIdentity,
  )
  .map((table) => getTableName(table));

/** Whether the district's row is already there (a seeded or live database is never reseeded). */
export async function isDistrictSeeded(database: Pick<DistrictDatabase, 'db'>): Promise<boolean> {
  const rows = await database.db.select({ code: districts.districtCode }).from(districts).limit(1);
  return rows.length > 0;
}

/** Write a planned demo district in one transaction, with bulk inserts. */
export async function seedDemoDistrict(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> &
    Partial<Pick<DistrictDatabase, 'driver' | 'personalData'>>,
  plan: DemoDistrictPlan,
): Promise<SeedReport> {
  if (plan.districtCode !== database.districtCode) {
    throw new Error(
      `Plan for district ${plan.districtCode} cannot seed the database of ${database.districtCode}`,
    );
  }
  const started = performance.now();
  const pglite = 'driver' in database && database.driver === 'pglite';
  const planned = tablesInOrder(plan, database.personalData ?? developmentKeyring, !pglite);
  await database.db.transaction(async (tx) => {
    if (pglite) {
      // PGlite checks each foreign key row by row at about 0.1 ms a check, most of the seeding
      // time. The seed turns the row triggers off for this transaction only and checks every
      // foreign key once, set-based, before committing (below); PostgreSQL keeps its own checks.
      await tx.execute(sql`set local session_replication_role = replica`);
    }
    // The indicator counters would be refreshed once per batch; they are counted once at the end.
    await tx.execute(sql`set local sanshe.bulk_load = on`);
    await tx
      .insert(districts)
      .values({ districtCode: plan.districtCode, name: plan.name, effectiveFrom: plan.effectiveFrom });
    for (const [table, rows] of planned) {
      for (let i = 0; i < rows.length; i += rowsPerStatement) {
        await tx.execute(insertAsJson(table, rows.slice(i, i + rowsPerStatement)));
      }
    }
    if (!pglite) await advanceGridEvents(tx, plan);
    if (pglite) {
      await tx.execute(sql`set local session_replication_role = origin`);
      await assertForeignKeysHold(tx);
    }
    // Ids were given explicitly, so move each identity past them for rows created later; one
    // statement for all the tables.
    await tx.execute(
      sql.raw(
        `select ${identityTables
          .map(
            (name) =>
              `setval(pg_get_serial_sequence('${name}', 'id'), coalesce((select max(id) from ${name}), 0) + 1, false)`,
          )
          .join(', ')}`,
      ),
    );
    // Planner statistics for the tables just filled: without them every table looks like one
    // row and grouped reads (indicators) pick nested loops over thousands of rows. PGlite has no
    // autovacuum to gather them later.
    await tx.execute(sql`analyze`);
    // Count the indicators of the district once, set-based, with the statistics just gathered.
    await tx.execute(sql`set local sanshe.bulk_load = off`);
    await tx.execute(sql`select indicator_counters_rebuild(${plan.districtCode})`);
    await tx.execute(sql`analyze indicator_contributions, indicator_counters`);
  });
  return {
    districtCode: plan.districtCode,
    rows: 1 + planned.reduce((sum, [, rows]) => sum + rows.length, 0),
    milliseconds: Math.round(performance.now() - started),
  };
}

/**
 * `insert into t (columns) select columns from json_populate_recordset(null::t, $1)`: the rows'
 * properties are mapped to their column names; a column no row gives keeps its default.
 */
function insertAsJson(table: PgTable, rows: readonly object[]): SQL {
  const columns = getColumns(table) as Record<string, PgColumn>;
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const names = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column for property ${key}`);
    return column.name;
  });
  const document = rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [columns[key]!.name, value])),
  );
  const list = sql.join(
    names.map((name) => sql.identifier(name)),
    sql`, `,
  );
  return sql`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, ${JSON.stringify(document)}::json)`;
}

/**
 * Every foreign key of every table, checked in one statement: rows whose (non-null) key has no
 * parent are counted per constraint. A plan that broke a reference fails the seed here.
 */
async function assertForeignKeysHold(tx: Pick<SansheDb, 'execute'>): Promise<void> {
  const checks: SQL[] = [];
  for (const table of Object.values(tables)) {
    for (const foreignKey of getTableConfig(table).foreignKeys) {
      const reference = foreignKey.reference();
      const child = sql.identifier(getTableName(table));
      const parent = sql.identifier(getTableName(reference.foreignTable));
      const present = sql.join(
        reference.columns.map((column) => sql`c.${sql.identifier(column.name)} is not null`),
        sql` and `,
      );
      const matches = sql.join(
        reference.columns.map(
          (column, i) =>
            sql`p.${sql.identifier(reference.foreignColumns[i]!.name)} = c.${sql.identifier(column.name)}`,
        ),
        sql` and `,
      );
      checks.push(
        sql`select ${foreignKey.getName()}::text as name, count(*)::int as missing from ${child} c where ${present} and not exists (select 1 from ${parent} p where ${matches})`,
      );
    }
  }
  const result = await tx.execute(
    sql`select name, missing from (${sql.join(checks, sql` union all `)}) checks where missing > 0`,
  );
  const broken = (result as unknown as { rows: { name: string; missing: number }[] }).rows;
  if (broken.length > 0) {
    throw new Error(
      `Demo plan breaks foreign keys: ${broken.map((row) => `${row.name} (${row.missing} rows)`).join(', ')}`,
    );
  }
}
