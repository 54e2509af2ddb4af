import { and, eq, ilike, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { likePattern } from '../hierarchy/filters.js';
import { projectCommunities } from '../schema/service-projects.js';
import { isLocalId } from '../services/service-kit.js';

/** How a list of service projects is narrowed. Every field is optional. */
export interface ProjectFilter {
  /** Designed by this unit or a unit within it: a district, subdistrict or community code. */
  unitCode?: string | null;
  /** Serves this community. */
  communityId?: number | null;
  /** draft | approved | closed | cancelled. Without it, every status is listed. */
  status?: string | null;
  serviceDomain?: string | null;
  nameContains?: string | null;
}

/** The columns a project filter reads (the table or an alias of it). */
export interface ProjectColumns {
  districtCode: AnyPgColumn;
  id: AnyPgColumn;
  name: AnyPgColumn;
  unitCode: AnyPgColumn;
  serviceDomain: AnyPgColumn;
  status: AnyPgColumn;
}

/**
 * The filter as one SQL condition (checked first by `parseProjectFilter`); subqueries are
 * correlated on (district_code, id). An id that cannot exist matches nothing.
 */
export function projectCondition(
  table: ProjectColumns,
  districtCode: string,
  filter: ProjectFilter = {},
): SQL {
  const conditions: (SQL | undefined)[] = [eq(table.districtCode, districtCode)];
  if (filter.unitCode) conditions.push(sql`${table.unitCode} like ${`${filter.unitCode}%`}`);
  if (filter.status) conditions.push(eq(table.status, filter.status));
  if (filter.serviceDomain) conditions.push(eq(table.serviceDomain, filter.serviceDomain));
  if (filter.nameContains) conditions.push(ilike(table.name, likePattern(filter.nameContains)));
  if (filter.communityId != null) {
    conditions.push(
      isLocalId(filter.communityId)
        ? sql`exists (select 1 from ${projectCommunities}
            where ${projectCommunities.districtCode} = ${table.districtCode}
              and ${projectCommunities.projectId} = ${table.id}
              and ${projectCommunities.communityId} = ${filter.communityId})`
        : sql`false`,
    );
  }
  return and(...conditions)!;
}
