import {
  isScopedRecordKind,
  type RecordKind,
  recordIsVisible,
  seesWholeDistrict,
  visibleBids,
  visibleFundingSources,
  visibleGridEvents,
  visibleGridTeamMembers,
  visibleHubMemberships,
  visibleJournalEntries,
  visibleLedgerAccounts,
  visibleNeeds,
  visibleOrganizations,
  visibleOutcomeTasks,
  visiblePatrolRecords,
  visiblePosts,
  visibleProjects,
  visibleTeamMemberships,
  visibleTimeBankAccounts,
  visibleTimeBankExchanges,
  visibleVolunteerServices,
  visibleVolunteers,
  visibleVolunteerTeams,
  visibleWithContract,
  visibleWithProject,
  visibleWithPurchase,
  visibleWorkers,
  withVisibleVolunteer,
} from '@sanshe/core';
import type { DistrictContext } from '../context.js';

/**
 * The gateway's side of jurisdiction for reads. Core states which rows an actor may see as SQL
 * conditions (core/src/access/visibility.ts); here they are put where the schema reaches those
 * rows: the root lists, every relation into an organization, worker, post or hub membership,
 * and `node(id)`. A row outside the caller's reach is simply absent: lists leave it out and
 * `node` answers null, the same as for an id that does not exist.
 */

// biome-ignore lint/suspicious/noExplicitAny: drizzle passes the (aliased) table of the relation
type AnyTable = any;

/** `where` of a relational query over social_organizations: what the caller may see. */
export function organizationsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleOrganizations(ctx.actor, ctx.district.districtCode, table) };
}

export function workersVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleWorkers(ctx.actor, ctx.district.districtCode, table) };
}

export function postsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visiblePosts(ctx.actor, ctx.district.districtCode, table) };
}

export function hubMembershipsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleHubMemberships(ctx.actor, ctx.district.districtCode, table) };
}

// The service chain (core/src/access/chain-visibility.ts).

export function projectsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleProjects(ctx.actor, ctx.district.districtCode, table) };
}

export function needsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleNeeds(ctx.actor, ctx.district.districtCode, table) };
}

/** Purchases and satisfaction answers: with their project. */
export function withProjectVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleWithProject(ctx.actor, ctx.district.districtCode, table) };
}

/** Contracts: with their purchase's project. */
export function withPurchaseVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleWithPurchase(ctx.actor, ctx.district.districtCode, table) };
}

/** Tranches, activities and evaluations: with their contract's project. */
export function withContractVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleWithContract(ctx.actor, ctx.district.districtCode, table) };
}

export function bidsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleBids(ctx.actor, ctx.district.districtCode, table) };
}

export function fundingSourcesVisibleTo(ctx: DistrictContext) {
  return { RAW: () => visibleFundingSources(ctx.actor, ctx.district.districtCode) };
}

export function ledgerAccountsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleLedgerAccounts(ctx.actor, ctx.district.districtCode, table) };
}

export function journalEntriesVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleJournalEntries(ctx.actor, ctx.district.districtCode, table) };
}

// Volunteers (core/src/access/volunteer-visibility.ts).

export function volunteersVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleVolunteers(ctx.actor, ctx.district.districtCode, table) };
}

export function volunteerTeamsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleVolunteerTeams(ctx.actor, ctx.district.districtCode, table) };
}

export function teamMembershipsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleTeamMemberships(ctx.actor, ctx.district.districtCode, table) };
}

export function volunteerServicesVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleVolunteerServices(ctx.actor, ctx.district.districtCode, table) };
}

/** Engagements, record items and certificates: with their volunteer. */
export function withVolunteerVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => withVisibleVolunteer(ctx.actor, ctx.district.districtCode, table) };
}

// The time bank (core/src/access/time-bank-visibility.ts): accounts in points and minutes, and
// exchanges with the volunteer's points account.

export function timeBankAccountsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleTimeBankAccounts(ctx.actor, ctx.district.districtCode, table) };
}

export function timeBankExchangesVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleTimeBankExchanges(ctx.actor, ctx.district.districtCode, table) };
}

// Grid events and consultation (core/src/access/grid-event-visibility.ts,
// consultation-visibility.ts). Meetings, topics and outcomes are the community's public record
// and need no condition.

export function gridEventsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleGridEvents(ctx.actor, ctx.district.districtCode, table) };
}

export function outcomeTasksVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleOutcomeTasks(ctx.actor, ctx.district.districtCode, table) };
}

// Grid plans (core/src/access/grid-plan-visibility.ts): team members are personal, patrols the
// grid centre's working records; departments, routes, items and boundaries need no condition.

export function gridTeamMembersVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visibleGridTeamMembers(ctx.actor, ctx.district.districtCode, table) };
}

export function patrolRecordsVisibleTo(ctx: DistrictContext) {
  return { RAW: (table: AnyTable) => visiblePatrolRecords(ctx.actor, ctx.district.districtCode, table) };
}

/**
 * The core record kind behind each node type: `node(id)` and every ID a mutation names are
 * checked by core's one rule per kind (core/src/access/record-visibility.ts). A type not listed
 * here is refused, so a new type must say who may see it before `node` serves it.
 */
export const recordKindOfType: Readonly<Record<string, RecordKind | 'district'>> = {
  District: 'district',
  Subdistrict: 'subdistrict',
  Community: 'community',
  Grid: 'grid',
  SocialOrganization: 'social_organization',
  SocialWorker: 'social_worker',
  SocialWorkerPost: 'social_worker_post',
  OrganizationHubMembership: 'organization_hub_membership',
  OrganizationCreditRecord: 'organization_credit_record',
  OrganizationListEntry: 'organization_list_entry',
  OrganizationCreditProcedure: 'organization_credit_procedure',
  OrganizationDisclosure: 'organization_disclosure',
  SocialWorkCertificate: 'social_work_certificate',
  Need: 'need',
  ServiceProject: 'service_project',
  ProjectIndicator: 'project_indicator',
  Purchase: 'purchase',
  PurchaseBid: 'purchase_bid',
  ServiceContract: 'service_contract',
  ContractTranche: 'contract_tranche',
  DeliveryActivity: 'delivery_activity',
  ProjectEvaluation: 'project_evaluation',
  FundingSource: 'funding_source',
  LedgerAccount: 'ledger_account',
  JournalEntry: 'journal_entry',
  TimeBankAccount: 'time_bank_account',
  TimeBankCatalogueItem: 'time_bank_catalogue_item',
  TimeBankExchange: 'time_bank_exchange',
  TimeBankTransfer: 'time_bank_transfer',
  Volunteer: 'volunteer',
  VolunteerTeam: 'volunteer_team',
  VolunteerTeamMembership: 'volunteer_team_membership',
  VolunteerEngagement: 'volunteer_engagement',
  VolunteerService: 'volunteer_service',
  VolunteerRecordItem: 'volunteer_record_item',
  VolunteerCertificate: 'volunteer_certificate',
  // Grid plans (docs/domain.md §7.1–§7.4): departments, routing rules, inspection items and
  // boundaries are reference data; team members and patrols follow core's grid-plan rules.
  Department: 'department',
  EventRoute: 'event_route',
  InspectionItem: 'inspection_item',
  GridBoundary: 'grid_boundary',
  GridTeamMember: 'grid_team_member',
  PatrolRecord: 'patrol_record',
  // Grid events (docs/domain.md §7.7): core's grid-event rule (unit, reporter, district-wide roles).
  GridEvent: 'grid_event',
  Summons: 'summons',
  ConsultationMeeting: 'consultation_meeting',
  MeetingParticipant: 'meeting_participant',
  MeetingTopic: 'meeting_topic',
  MeetingOutcome: 'meeting_outcome',
  OutcomeTask: 'outcome_task',
};

/** Whether the caller may see the record `node(id)` found. */
export async function nodeIsVisible(
  ctx: DistrictContext,
  typename: string,
  localId: number,
): Promise<boolean> {
  const kind = recordKindOfType[typename];
  if (!kind) return false;
  if (kind === 'district') return true;
  // A kind sharing its table with another (the ledger's accounts: funds in fen, the time bank in
  // points and minutes) is read even for district-wide roles, so each type serves only its rows.
  if (seesWholeDistrict(ctx.actor, ctx.district.districtCode) && !isScopedRecordKind(kind)) return true;
  return recordIsVisible(ctx.district.db, ctx.actor, ctx.district.districtCode, kind, localId);
}
