import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { communities } from '../schema/hierarchy.js';
import { isLocalId } from '../services/service-kit.js';

/** How a list of needs is narrowed. Every field is optional. */
export interface NeedFilter {
  /** Needs of communities in this unit: a subdistrict (9 digits) or community (12 digits) code. */
  parentCode?: string | null;
  communityId?: number | null;
  gridId?: number | null;
  /** open | answered | met | merged | withdrawn. Without it, every status is listed. */
  status?: string | null;
  source?: string | null;
  /** A service domain. */
  category?: string | null;
  urgency?: string | null;
  /** Collected on or after this day. */
  collectedFrom?: string | null;
  /** Collected on or before this day. */
  collectedUntil?: string | null;
}

/** The columns a need filter reads (the table or an alias of it). */
export interface NeedColumns {
  districtCode: AnyPgColumn;
  communityId: AnyPgColumn;
  gridId: AnyPgColumn;
  status: AnyPgColumn;
  source: AnyPgColumn;
  category: AnyPgColumn;
  urgency: AnyPgColumn;
  collectedOn: AnyPgColumn;
}

/**
 * The filter as one SQL condition (checked first by `parseNeedFilter`). An id that cannot exist
 * matches nothing, as a missing record would.
 */
export function needCondition(table: NeedColumns, districtCode: string, filter: NeedFilter = {}): SQL {
  const conditions: (SQL | undefined)[] = [eq(table.districtCode, districtCode)];
  if (filter.communityId != null) {
    conditions.push(isLocalId(filter.communityId) ? eq(table.communityId, filter.communityId) : sql`false`);
  }
  if (filter.gridId != null) {
    conditions.push(isLocalId(filter.gridId) ? eq(table.gridId, filter.gridId) : sql`false`);
  }
  if (filter.status) conditions.push(eq(table.status, filter.status));
  if (filter.source) conditions.push(eq(table.source, filter.source));
  if (filter.category) conditions.push(eq(table.category, filter.category));
  if (filter.urgency) conditions.push(eq(table.urgency, filter.urgency));
  if (filter.collectedFrom) conditions.push(gte(table.collectedOn, filter.collectedFrom));
  if (filter.collectedUntil) conditions.push(lte(table.collectedOn, filter.collectedUntil));
  if (filter.parentCode && filter.parentCode.length > 6) {
    conditions.push(sql`exists (
      select 1 from ${communities}
      where ${communities.districtCode} = ${table.districtCode}
        and ${communities.id} = ${table.communityId}
        and ${communities.code} like ${`${filter.parentCode}%`})`);
  }
  return and(...conditions)!;
}
