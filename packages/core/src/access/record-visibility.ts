import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import {
  consultationMeetings,
  meetingOutcomes,
  meetingParticipants,
  meetingTopics,
  outcomeTasks,
} from '../schema/consultation.js';
import { deliveryActivities } from '../schema/delivery.js';
import { departments, eventRoutes } from '../schema/departments.js';
import { projectEvaluations, satisfactionAnswers } from '../schema/evaluations.js';
import { fundingSources } from '../schema/funding.js';
import { gridEvents, summonses } from '../schema/grid-events.js';
import { gridBoundaries, gridTeamMembers, inspectionItems, patrolRecords } from '../schema/grid-teams.js';
import { communities, grids, subdistricts } from '../schema/hierarchy.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { needs } from '../schema/needs.js';
import {
  organizationCreditProcedures,
  organizationCreditRecords,
  organizationDisclosures,
  organizationHubMemberships,
  organizationListEntries,
  socialOrganizations,
} from '../schema/organizations.js';
import { contractTranches, purchaseBids, purchases, serviceContracts } from '../schema/purchases.js';
import { projectIndicators, serviceProjects } from '../schema/service-projects.js';
import { socialWorkCertificates, socialWorkerPosts, socialWorkers } from '../schema/social-workers.js';
import { timeBankCatalogueItems, timeBankExchanges, timeBankTransfers } from '../schema/time-bank.js';
import {
  volunteerCertificates,
  volunteerEngagements,
  volunteerRecordItems,
  volunteerServices,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from '../schema/volunteers.js';
import type { Actor } from './actor.js';
import {
  visibleBids,
  visibleFundingSources,
  visibleJournalEntries,
  visibleLedgerAccounts,
  visibleNeeds,
  visibleProjects,
  visibleWithContract,
  visibleWithProject,
  visibleWithPurchase,
} from './chain-visibility.js';
import { visibleOutcomeTasks } from './consultation-visibility.js';
import { visibleGridEvents } from './grid-event-visibility.js';
import { visibleGridTeamMembers, visiblePatrolRecords } from './grid-plan-visibility.js';
import { visibleSummonses } from './summons-visibility.js';
import {
  visibleTimeBankAccounts,
  visibleTimeBankExchanges,
  visibleTimeBankTransfers,
} from './time-bank-visibility.js';
import {
  seesWholeDistrict,
  visibleHubMemberships,
  visibleOrganizations,
  visiblePosts,
  visibleWorkers,
} from './visibility.js';
import {
  visibleTeamMemberships,
  visibleVolunteerServices,
  visibleVolunteers,
  visibleVolunteerTeams,
  withVisibleVolunteer,
} from './volunteer-visibility.js';

/**
 * Whether one record, named by its id, is visible to an actor: the rule `node(id)` reads by, and
 * the rule every write applies to each record its input names (a worker to place, an
 * organization to join a hub, a list entry to object to …). A record the actor cannot see
 * answers exactly as one that does not exist (NOT_FOUND), so ids cannot be counted through a
 * write, and a write can never link or unmask what a read would not show.
 *
 * Each kind is an entity of `visibility.ts` or a record owned by one (visible with its owner).
 * The hierarchy is reference data, visible to everyone. A kind not listed here is visible to no
 * one, so a new entity must say who may see it before it can be named.
 */

// biome-ignore lint/suspicious/noExplicitAny: the rules read columns every listed table has
type AnyTable = PgTable & any;

interface RecordRule {
  table: AnyTable;
  /** The condition on the table's row; absent for reference data visible to everyone. */
  condition?: (actor: Actor, districtCode: string) => SQL;
  /**
   * Which rows of the table are records of this kind at all, for every actor (district-wide
   * roles included): a table two kinds share, as the ledger's accounts are shared by funds (fen)
   * and the time bank (minutes, points), names each kind's rows by its scope.
   */
  scope?: SQL;
}

/** An entry of the service chain's money: its lines are in fen (the time bank's never are). */
const moneyEntry = sql`exists (select 1 from ${journalLines} where ${journalLines.districtCode} = ${journalEntries.districtCode}
  and ${journalLines.entryId} = ${journalEntries.id} and ${journalLines.unit} = 'fen')`;

/** The organization owning a record (by its organization_id) is visible. */
function ownerOrganizationVisible(record: AnyTable) {
  return (actor: Actor, districtCode: string) => {
    const owner = socialOrganizations;
    return sql`exists (select 1 from ${owner} where ${owner.districtCode} = ${record.districtCode}
      and ${owner.id} = ${record.organizationId}
      and ${visibleOrganizations(actor, districtCode, owner)})`;
  };
}

/** The worker owning a record (by its worker_id) is visible. */
function ownerWorkerVisible(record: AnyTable) {
  return (actor: Actor, districtCode: string) => {
    const owner = socialWorkers;
    return sql`exists (select 1 from ${owner} where ${owner.districtCode} = ${record.districtCode}
      and ${owner.id} = ${record.workerId}
      and ${visibleWorkers(actor, districtCode, owner)})`;
  };
}

const recordRules = {
  subdistrict: { table: subdistricts },
  community: { table: communities },
  grid: { table: grids },
  social_organization: {
    table: socialOrganizations,
    condition: (actor, districtCode) => visibleOrganizations(actor, districtCode, socialOrganizations),
  },
  social_worker: {
    table: socialWorkers,
    condition: (actor, districtCode) => visibleWorkers(actor, districtCode, socialWorkers),
  },
  social_worker_post: {
    table: socialWorkerPosts,
    condition: (actor, districtCode) => visiblePosts(actor, districtCode, socialWorkerPosts),
  },
  organization_hub_membership: {
    table: organizationHubMemberships,
    condition: (actor, districtCode) =>
      visibleHubMemberships(actor, districtCode, organizationHubMemberships),
  },
  organization_credit_record: {
    table: organizationCreditRecords,
    condition: ownerOrganizationVisible(organizationCreditRecords),
  },
  organization_list_entry: {
    table: organizationListEntries,
    condition: ownerOrganizationVisible(organizationListEntries),
  },
  organization_credit_procedure: {
    table: organizationCreditProcedures,
    condition: ownerOrganizationVisible(organizationCreditProcedures),
  },
  // A disclosure in force is public (四公开); a withdrawn one stays with its organization.
  organization_disclosure: {
    table: organizationDisclosures,
    condition: (actor, districtCode) =>
      sql`(${isNull(organizationDisclosures.withdrawnOn)} or ${ownerOrganizationVisible(organizationDisclosures)(actor, districtCode)})`,
  },
  social_work_certificate: {
    table: socialWorkCertificates,
    condition: ownerWorkerVisible(socialWorkCertificates),
  },
  // The service chain (docs/domain.md §6; rules in chain-visibility.ts).
  need: { table: needs, condition: (actor, districtCode) => visibleNeeds(actor, districtCode, needs) },
  service_project: {
    table: serviceProjects,
    condition: (actor, districtCode) => visibleProjects(actor, districtCode, serviceProjects),
  },
  project_indicator: {
    table: projectIndicators,
    condition: (actor, districtCode) => visibleWithProject(actor, districtCode, projectIndicators),
  },
  purchase: {
    table: purchases,
    condition: (actor, districtCode) => visibleWithProject(actor, districtCode, purchases),
  },
  purchase_bid: {
    table: purchaseBids,
    condition: (actor, districtCode) => visibleBids(actor, districtCode, purchaseBids),
  },
  service_contract: {
    table: serviceContracts,
    condition: (actor, districtCode) => visibleWithPurchase(actor, districtCode, serviceContracts),
  },
  contract_tranche: {
    table: contractTranches,
    condition: (actor, districtCode) => visibleWithContract(actor, districtCode, contractTranches),
  },
  delivery_activity: {
    table: deliveryActivities,
    condition: (actor, districtCode) => visibleWithContract(actor, districtCode, deliveryActivities),
  },
  project_evaluation: {
    table: projectEvaluations,
    condition: (actor, districtCode) => visibleWithContract(actor, districtCode, projectEvaluations),
  },
  satisfaction_answer: {
    table: satisfactionAnswers,
    condition: (actor, districtCode) => visibleWithProject(actor, districtCode, satisfactionAnswers),
  },
  funding_source: {
    table: fundingSources,
    condition: (actor, districtCode) => visibleFundingSources(actor, districtCode),
  },
  ledger_account: {
    table: ledgerAccounts,
    scope: sql`${ledgerAccounts.unit} = 'fen'`,
    condition: (actor, districtCode) => visibleLedgerAccounts(actor, districtCode, ledgerAccounts),
  },
  journal_entry: {
    table: journalEntries,
    scope: moneyEntry,
    condition: (actor, districtCode) => visibleJournalEntries(actor, districtCode, journalEntries),
  },
  // The time bank (docs/domain.md §5.5; rules in time-bank-visibility.ts). Its accounts share the
  // ledger's table with the service chain's: each kind names its own rows by unit.
  time_bank_account: {
    table: ledgerAccounts,
    scope: sql`${ledgerAccounts.unit} <> 'fen'`,
    condition: (actor, districtCode) => visibleTimeBankAccounts(actor, districtCode, ledgerAccounts),
  },
  // The catalogue is public: what points buy is published to everyone.
  time_bank_catalogue_item: { table: timeBankCatalogueItems },
  time_bank_exchange: {
    table: timeBankExchanges,
    condition: (actor, districtCode) => visibleTimeBankExchanges(actor, districtCode, timeBankExchanges),
  },
  time_bank_transfer: {
    table: timeBankTransfers,
    condition: (actor, districtCode) => visibleTimeBankTransfers(actor, districtCode, timeBankTransfers),
  },
  // Volunteers (docs/domain.md §5; rules in volunteer-visibility.ts).
  volunteer: {
    table: volunteers,
    condition: (actor, districtCode) => visibleVolunteers(actor, districtCode, volunteers),
  },
  volunteer_team: {
    table: volunteerTeams,
    condition: (actor, districtCode) => visibleVolunteerTeams(actor, districtCode, volunteerTeams),
  },
  volunteer_team_membership: {
    table: volunteerTeamMembers,
    condition: (actor, districtCode) => visibleTeamMemberships(actor, districtCode, volunteerTeamMembers),
  },
  volunteer_engagement: {
    table: volunteerEngagements,
    condition: (actor, districtCode) => withVisibleVolunteer(actor, districtCode, volunteerEngagements),
  },
  volunteer_service: {
    table: volunteerServices,
    condition: (actor, districtCode) => visibleVolunteerServices(actor, districtCode, volunteerServices),
  },
  volunteer_record_item: {
    table: volunteerRecordItems,
    condition: (actor, districtCode) => withVisibleVolunteer(actor, districtCode, volunteerRecordItems),
  },
  // A certificate of service goes with its volunteer (its issuer could see the volunteer to issue it).
  volunteer_certificate: {
    table: volunteerCertificates,
    condition: (actor, districtCode) => withVisibleVolunteer(actor, districtCode, volunteerCertificates),
  },
  // Grid events (docs/domain.md §7.7; rule in grid-event-visibility.ts).
  grid_event: {
    table: gridEvents,
    condition: (actor, districtCode) => visibleGridEvents(actor, districtCode, gridEvents),
  },
  // Grid plans (docs/domain.md §7.1–§7.4; rules in grid-plan-visibility.ts). Departments, their
  // routing rules and inspection lists, and grid boundaries (the published map) are reference data.
  department: { table: departments },
  event_route: { table: eventRoutes },
  inspection_item: { table: inspectionItems },
  grid_boundary: { table: gridBoundaries },
  grid_team_member: {
    table: gridTeamMembers,
    condition: (actor, districtCode) => visibleGridTeamMembers(actor, districtCode, gridTeamMembers),
  },
  patrol_record: {
    table: patrolRecords,
    condition: (actor, districtCode) => visiblePatrolRecords(actor, districtCode, patrolRecords),
  },
  // Consultation (docs/domain.md §8; rules in consultation-visibility.ts): meetings, their
  // participants, topics and outcomes are the community's public record; tasks are not.
  consultation_meeting: { table: consultationMeetings },
  meeting_participant: { table: meetingParticipants },
  meeting_topic: { table: meetingTopics },
  meeting_outcome: { table: meetingOutcomes },
  outcome_task: {
    table: outcomeTasks,
    condition: (actor, districtCode) => visibleOutcomeTasks(actor, districtCode, outcomeTasks),
  },
  // Summonses (吹哨报到, docs/domain.md §7.8; rule in summons-visibility.ts).
  summons: {
    table: summonses,
    condition: (actor, districtCode) => visibleSummonses(actor, districtCode, summonses),
  },
} as const satisfies Record<string, RecordRule>;

/** The kinds of record that can be named by id, each with its visibility rule. */
export type RecordKind = keyof typeof recordRules;
export const recordKinds = Object.keys(recordRules) as RecordKind[];

/** Whether the kind names only some rows of its table (see `scope`): `node(id)` must then read it. */
export function isScopedRecordKind(kind: RecordKind): boolean {
  return (recordRules[kind] as RecordRule).scope !== undefined;
}

/** Words for a kind in messages: "social worker", "organization list entry". */
function wordsOf(kind: RecordKind): string {
  return kind.replaceAll('_', ' ');
}

/**
 * Whether the record of `kind` with this local id exists in the district and the actor may see
 * it. One statement; none for reference data.
 */
export async function recordIsVisible(
  db: SansheDb,
  actor: Actor,
  districtCode: string,
  kind: RecordKind,
  id: number,
): Promise<boolean> {
  const rule: RecordRule | undefined = recordRules[kind];
  if (!rule) return false;
  if (!Number.isSafeInteger(id) || id < 1) return false;
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(rule.table)
    .where(visibleRecordWhere(rule, actor, districtCode, id))
    .limit(1);
  return rows.length > 0;
}

/** The row of the record, in its district, of its kind, and within the actor's reach. */
function visibleRecordWhere(rule: RecordRule, actor: Actor, districtCode: string, id: number | SQL) {
  const condition =
    rule.condition && !seesWholeDistrict(actor, districtCode)
      ? rule.condition(actor, districtCode)
      : undefined;
  return and(eq(rule.table.districtCode, districtCode), eq(rule.table.id, id), rule.scope, condition);
}

/**
 * {@link recordIsVisible} as a condition of a larger statement: `exists` the record of `kind` with
 * the local id `id` (a value, or SQL such as a placeholder holding a safe positive integer) in the
 * district, within the actor's reach. The compiled `node(id:)` of the gateway holds it, so a
 * lookup checks visibility by the very rule the general path reads by, in the same statement.
 */
export function visibleRecordSQL(
  actor: Actor,
  districtCode: string,
  kind: RecordKind,
  id: number | SQL,
): SQL {
  const rule: RecordRule | undefined = recordRules[kind];
  if (!rule) return sql`false`;
  return sql`exists (select 1 from ${rule.table} where ${visibleRecordWhere(rule, actor, districtCode, id)})`;
}

/**
 * The id, unless the actor may not see the record: then NOT_FOUND at `path`, with the message a
 * missing record gets. Nothing is read when the actor sees every record of the kind (reference
 * data, district-wide roles): the write that uses the id then reports a missing record itself.
 *
 * @throws {SansheError} NOT_FOUND
 */
export async function requireVisibleRecord(
  db: SansheDb,
  actor: Actor,
  districtCode: string,
  kind: RecordKind,
  id: number,
  path: FieldPath,
): Promise<number> {
  const rule: RecordRule | undefined = recordRules[kind];
  // A kind sharing its table with another is read even for those who see everything: its id must
  // name a row of this kind.
  const shortcut = rule && !rule.scope && Number.isSafeInteger(id) && id >= 1;
  if (shortcut && !rule.condition) return id;
  if (shortcut && seesWholeDistrict(actor, districtCode)) return id;
  if (await recordIsVisible(db, actor, districtCode, kind, id)) return id;
  throw new SansheError('NOT_FOUND', `No ${wordsOf(kind)} with that id in district ${districtCode}.`, {
    path,
  });
}
