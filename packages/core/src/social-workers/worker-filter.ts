import { and, eq, ilike, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { likePattern } from '../hierarchy/filters.js';
import { communities } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import { socialWorkCertificates, socialWorkerPosts } from '../schema/social-workers.js';
import { certifiedOnCondition } from './certification.js';

/** How a list of social workers is narrowed. Every field is optional. */
export interface WorkerFilter {
  nameContains?: string | null;
  /** Certified (a registration covering the day) on this date. */
  certifiedOn?: string | null;
  /** Holds a certificate of this level (registered or not). */
  level?: string | null;
  /** Holds a post on `postOn` (default today) at a community under this unit, or at an organization rooted there. */
  parentCode?: string | null;
  /** Holds a post on `postOn` at this organization (local id). */
  organizationId?: number | null;
  /** The day posts are read on. */
  postOn?: string | null;
}

export interface WorkerColumns {
  districtCode: AnyPgColumn;
  id: AnyPgColumn;
  name: AnyPgColumn;
}

export function workerCondition(
  table: WorkerColumns,
  districtCode: string,
  filter: WorkerFilter,
  today: string,
): SQL {
  const conditions: (SQL | undefined)[] = [eq(table.districtCode, districtCode)];
  if (filter.nameContains) conditions.push(ilike(table.name, likePattern(filter.nameContains)));
  if (filter.certifiedOn) conditions.push(certifiedOnCondition(table, filter.certifiedOn));
  if (filter.level) {
    conditions.push(sql`exists (
      select 1 from ${socialWorkCertificates}
      where ${socialWorkCertificates.districtCode} = ${table.districtCode}
        and ${socialWorkCertificates.workerId} = ${table.id}
        and ${socialWorkCertificates.level} = ${filter.level})`);
  }
  const postOn = filter.postOn ?? today;
  const postInForce = sql`${socialWorkerPosts.districtCode} = ${table.districtCode}
        and ${socialWorkerPosts.workerId} = ${table.id}
        and ${socialWorkerPosts.startsOn} <= ${postOn}::date
        and (${socialWorkerPosts.endsOn} is null or ${socialWorkerPosts.endsOn} >= ${postOn}::date)`;
  if (filter.organizationId) {
    conditions.push(sql`exists (select 1 from ${socialWorkerPosts}
      where ${postInForce} and ${socialWorkerPosts.organizationId} = ${filter.organizationId})`);
  }
  if (filter.parentCode && filter.parentCode.length > 6) {
    const prefix = `${filter.parentCode}%`;
    conditions.push(sql`exists (select 1 from ${socialWorkerPosts}
      left join ${socialOrganizations}
        on ${socialOrganizations.districtCode} = ${socialWorkerPosts.districtCode}
       and ${socialOrganizations.id} = ${socialWorkerPosts.organizationId}
      join ${communities}
        on ${communities.districtCode} = ${socialWorkerPosts.districtCode}
       and ${communities.id} = coalesce(${socialWorkerPosts.communityId}, ${socialOrganizations.communityId})
      where ${postInForce} and ${communities.code} like ${prefix})`);
  }
  return and(...conditions)!;
}
