import {
  organizationCreditProcedures,
  organizationCreditRecords,
  organizationDisclosures,
  organizationHubMemberships,
  organizationListEntries,
  seesWholeDistrict,
  socialOrganizations,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
  visibleHubMemberships,
  visibleOrganizations,
  visiblePosts,
  visibleWorkers,
} from '@sanshe/core';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
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

/** One row of `table` with this id exists and `condition` holds for it. */
async function exists(
  ctx: DistrictContext,
  table: PgTable & AnyTable,
  id: number,
  condition: SQL,
): Promise<boolean> {
  const rows = await ctx.district.db
    .select({ one: sql<number>`1` })
    .from(table)
    .where(and(eq(table.districtCode, ctx.district.districtCode), eq(table.id, id), condition))
    .limit(1);
  return rows.length > 0;
}

/** The organization owning a record (by its organization_id) is visible. */
function ownerOrganizationVisible(ctx: DistrictContext, record: AnyTable): SQL {
  const owner = socialOrganizations;
  return sql`exists (select 1 from ${owner} where ${owner.districtCode} = ${record.districtCode}
    and ${owner.id} = ${record.organizationId}
    and ${visibleOrganizations(ctx.actor, ctx.district.districtCode, owner)})`;
}

/** The worker owning a record (by its worker_id) is visible. */
function ownerWorkerVisible(ctx: DistrictContext, record: AnyTable): SQL {
  const owner = socialWorkers;
  return sql`exists (select 1 from ${owner} where ${owner.districtCode} = ${record.districtCode}
    and ${owner.id} = ${record.workerId}
    and ${visibleWorkers(ctx.actor, ctx.district.districtCode, owner)})`;
}

/**
 * Whether `node(id)` may return the record: each type of record with its rule. The hierarchy
 * is reference data and always visible; a type not listed here is refused, so a new type must
 * say who may see it before `node` serves it.
 */
const nodeRules: Record<string, (ctx: DistrictContext, id: number) => Promise<boolean>> = {
  District: async () => true,
  Subdistrict: async () => true,
  Community: async () => true,
  Grid: async () => true,
  SocialOrganization: (ctx, id) =>
    exists(
      ctx,
      socialOrganizations,
      id,
      visibleOrganizations(ctx.actor, ctx.district.districtCode, socialOrganizations),
    ),
  SocialWorker: (ctx, id) =>
    exists(ctx, socialWorkers, id, visibleWorkers(ctx.actor, ctx.district.districtCode, socialWorkers)),
  SocialWorkerPost: (ctx, id) =>
    exists(ctx, socialWorkerPosts, id, visiblePosts(ctx.actor, ctx.district.districtCode, socialWorkerPosts)),
  OrganizationHubMembership: (ctx, id) =>
    exists(
      ctx,
      organizationHubMemberships,
      id,
      visibleHubMemberships(ctx.actor, ctx.district.districtCode, organizationHubMemberships),
    ),
  OrganizationCreditRecord: (ctx, id) =>
    exists(ctx, organizationCreditRecords, id, ownerOrganizationVisible(ctx, organizationCreditRecords)),
  OrganizationListEntry: (ctx, id) =>
    exists(ctx, organizationListEntries, id, ownerOrganizationVisible(ctx, organizationListEntries)),
  OrganizationCreditProcedure: (ctx, id) =>
    exists(
      ctx,
      organizationCreditProcedures,
      id,
      ownerOrganizationVisible(ctx, organizationCreditProcedures),
    ),
  // A disclosure in force is public (四公开); a withdrawn one stays with its organization.
  OrganizationDisclosure: (ctx, id) =>
    exists(
      ctx,
      organizationDisclosures,
      id,
      sql`(${isNull(organizationDisclosures.withdrawnOn)} or ${ownerOrganizationVisible(ctx, organizationDisclosures)})`,
    ),
  SocialWorkCertificate: (ctx, id) =>
    exists(ctx, socialWorkCertificates, id, ownerWorkerVisible(ctx, socialWorkCertificates)),
};

/** Whether the caller may see the record `node(id)` found. */
export async function nodeIsVisible(
  ctx: DistrictContext,
  typename: string,
  localId: number,
): Promise<boolean> {
  const rule = nodeRules[typename];
  if (!rule) return false;
  if (seesWholeDistrict(ctx.actor, ctx.district.districtCode)) return true;
  return rule(ctx, localId);
}
