import { and, eq, ilike, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { likePattern } from '../hierarchy/filters.js';
import { communities } from '../schema/hierarchy.js';
import { organizationGrades, organizationListEntries } from '../schema/organizations.js';
import { todayInChina } from '../services/dates.js';

/** How a list of social organizations is narrowed. Every field is optional. */
export interface OrganizationFilter {
  /** Rooted in this unit: a subdistrict (9 digits) or community (12 digits) code. */
  parentCode?: string | null;
  /** Exactly this unified social credit code. */
  uscc?: string | null;
  legalStatus?: string | null;
  category?: string | null;
  /** Serves this domain (among others). */
  serviceDomain?: string | null;
  /** active | deregistered. Without it, every status is listed. */
  status?: string | null;
  /** Holds a grade of at least this many A (1–5) valid on `on`. */
  minGrade?: number | null;
  /** On this list (abnormal_activity | serious_dishonesty) on `on`. */
  onList?: string | null;
  nameContains?: string | null;
  /** The day grades and lists are read on. Defaults to today. */
  on?: string | null;
}

/** The columns an organization filter reads (the table or an alias of it). */
export interface OrganizationColumns {
  districtCode: AnyPgColumn;
  id: AnyPgColumn;
  name: AnyPgColumn;
  legalStatus: AnyPgColumn;
  category: AnyPgColumn;
  serviceDomains: AnyPgColumn;
  uscc: AnyPgColumn;
  status: AnyPgColumn;
  communityId: AnyPgColumn;
}

/** The filter as one SQL condition; subqueries are correlated on (district_code, id). */
export function organizationCondition(
  table: OrganizationColumns,
  districtCode: string,
  filter: OrganizationFilter = {},
  today: string = todayInChina(),
): SQL {
  const on = filter.on ?? today;
  const conditions: (SQL | undefined)[] = [eq(table.districtCode, districtCode)];
  if (filter.uscc) conditions.push(eq(table.uscc, filter.uscc));
  if (filter.legalStatus) conditions.push(eq(table.legalStatus, filter.legalStatus));
  if (filter.category) conditions.push(eq(table.category, filter.category));
  if (filter.status) conditions.push(eq(table.status, filter.status));
  if (filter.serviceDomain) {
    conditions.push(sql`${filter.serviceDomain} = any(${table.serviceDomains})`);
  }
  if (filter.nameContains) conditions.push(ilike(table.name, likePattern(filter.nameContains)));
  if (filter.parentCode && filter.parentCode.length > 6) {
    conditions.push(sql`exists (
      select 1 from ${communities}
      where ${communities.districtCode} = ${table.districtCode}
        and ${communities.id} = ${table.communityId}
        and ${communities.code} like ${`${filter.parentCode}%`})`);
  }
  if (filter.minGrade) {
    conditions.push(sql`exists (
      select 1 from ${organizationGrades}
      where ${organizationGrades.districtCode} = ${table.districtCode}
        and ${organizationGrades.organizationId} = ${table.id}
        and ${organizationGrades.grade} >= ${filter.minGrade}
        and ${organizationGrades.awardedOn} <= ${on}::date
        and ${organizationGrades.validUntil} >= ${on}::date
        and (${organizationGrades.revokedOn} is null or ${organizationGrades.revokedOn} > ${on}::date))`);
  }
  if (filter.onList) {
    conditions.push(sql`exists (
      select 1 from ${organizationListEntries}
      where ${organizationListEntries.districtCode} = ${table.districtCode}
        and ${organizationListEntries.organizationId} = ${table.id}
        and ${organizationListEntries.list} = ${filter.onList}
        and ${organizationListEntries.listedOn} <= ${on}::date
        and (${organizationListEntries.removedOn} is null or ${organizationListEntries.removedOn} > ${on}::date))`);
  }
  return and(...conditions)!;
}
