import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { deliveryActivities } from '../schema/delivery.js';
import { projectEvaluations, satisfactionAnswers } from '../schema/evaluations.js';
import { fundingSources } from '../schema/funding.js';
import { communities, grids, subdistricts } from '../schema/hierarchy.js';
import { journalEntries, ledgerAccounts } from '../schema/ledger.js';
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
import {
  seesWholeDistrict,
  visibleHubMemberships,
  visibleOrganizations,
  visiblePosts,
  visibleWorkers,
} from './visibility.js';

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
}

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
    condition: (actor, districtCode) => visibleLedgerAccounts(actor, districtCode, ledgerAccounts),
  },
  journal_entry: {
    table: journalEntries,
    condition: (actor, districtCode) => visibleJournalEntries(actor, districtCode, journalEntries),
  },
} as const satisfies Record<string, RecordRule>;

/** The kinds of record that can be named by id, each with its visibility rule. */
export type RecordKind = keyof typeof recordRules;
export const recordKinds = Object.keys(recordRules) as RecordKind[];

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
  const condition =
    rule.condition && !seesWholeDistrict(actor, districtCode)
      ? rule.condition(actor, districtCode)
      : undefined;
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(rule.table)
    .where(and(eq(rule.table.districtCode, districtCode), eq(rule.table.id, id), condition))
    .limit(1);
  return rows.length > 0;
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
  if (rule && !rule.condition && Number.isSafeInteger(id) && id >= 1) return id;
  if (rule && seesWholeDistrict(actor, districtCode) && Number.isSafeInteger(id) && id >= 1) return id;
  if (await recordIsVisible(db, actor, districtCode, kind, id)) return id;
  throw new SansheError('NOT_FOUND', `No ${wordsOf(kind)} with that id in district ${districtCode}.`, {
    path,
  });
}
