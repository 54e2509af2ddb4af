import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { grids } from '../schema/hierarchy.js';
import type { Actor } from './actor.js';
import { reachOf } from './jurisdiction.js';
import { always, type Columns, fromAlias, never, prefixPattern } from './sql-conditions.js';

/**
 * Who may read the records of a grid's plan (docs/domain.md §7.1–§7.4, §14), as SQL conditions to
 * AND into a query, like access/visibility.ts.
 *
 * - Departments, their routing rules and inspection lists are the names and duties of government
 *   departments, and boundaries are the district's published map: reference data, visible to every
 *   caller (registered without a condition in record-visibility.ts).
 * - A team member's name is personal information (PIPL art. 4): district-wide roles read every
 *   team; subdistrict and community staff and grid workers read the teams of the grids in their
 *   unit; a volunteer reads its own place as an informant; PUBLIC, residents, organizations and
 *   social workers read none.
 * - Patrol records are the grid centre's working records: district-wide roles and the staff and
 *   grid workers of the grid's unit read them; no one else.
 */

/** The grid (by its id column) lies in the unit. */
function gridIn(districtCode: AnyPgColumn, gridId: AnyPgColumn, prefix: string, tag: string): SQL {
  const grid = alias(grids, `gvis_${tag}_grid`);
  return sql`exists (select 1 from ${fromAlias(grids, grid)}
    where ${grid.districtCode} = ${districtCode} and ${grid.id} = ${gridId}
      and ${grid.code} like ${prefixPattern(prefix)})`;
}

export type GridTeamMemberVisibilityColumns = Columns<'districtCode' | 'gridId' | 'volunteerId'>;

/** The members of grid teams (table or alias) the actor may read in `districtCode`. */
export function visibleGridTeamMembers(
  actor: Actor,
  districtCode: string,
  member: GridTeamMemberVisibilityColumns,
): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit':
      return gridIn(member.districtCode, member.gridId, reach.prefix, 'member');
    case 'volunteer':
      return sql`${member.volunteerId} = ${reach.volunteerId}`;
    case 'organization':
    case 'worker':
    case 'resident':
    case 'nothing':
      return never;
  }
}

export type PatrolRecordVisibilityColumns = Columns<'districtCode' | 'gridId'>;

/** The patrol records (table or alias) the actor may read in `districtCode`. */
export function visiblePatrolRecords(
  actor: Actor,
  districtCode: string,
  patrol: PatrolRecordVisibilityColumns,
): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit':
      return gridIn(patrol.districtCode, patrol.gridId, reach.prefix, 'patrol');
    case 'organization':
    case 'worker':
    case 'volunteer':
    case 'resident':
    case 'nothing':
      return never;
  }
}
