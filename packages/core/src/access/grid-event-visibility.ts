import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from './actor.js';
import { reachOf } from './jurisdiction.js';
import { always, type Columns, never, prefixPattern } from './sql-conditions.js';

/**
 * Who may read grid events and their steps (docs/domain.md §7.7, §14), as SQL conditions to AND
 * into a query, like visibility.ts. An event lies in its grid (`unit_code`, the grid's code), and
 * it is its reporter's own:
 *
 * - district-wide roles (the district's admins and grid centre, its departments, evaluators, and a
 *   SERVICE of the district such as an Open311 gateway, which answers its own clients' requests):
 *   every event of the district;
 * - subdistrict and community staff and grid workers: the events of their unit (the grid codes
 *   under its code), whoever reported them;
 * - a resident (an app's signed-in user) and a volunteer informant: the events they reported
 *   themselves, by account (`reported_by`);
 * - organizations' staff, social workers and PUBLIC: none (the public reads anonymised
 *   statistics, never an event).
 */
export type GridEventVisibilityColumns = Columns<'unitCode' | 'reportedBy'>;

/** The events (table or alias) the actor may read in `districtCode`. */
export function visibleGridEvents(
  actor: Actor,
  districtCode: string,
  event: GridEventVisibilityColumns,
): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit':
      return sql`${event.unitCode} like ${prefixPattern(reach.prefix)}`;
    case 'resident':
      return sql`${event.reportedBy} = ${reach.accountId}`;
    case 'volunteer':
      // A volunteer reports with its account; the reach names the volunteer, the event the account.
      return sql`${event.reportedBy} = ${actor.id}`;
    case 'organization':
    case 'worker':
    case 'nothing':
      return never;
  }
}

/**
 * The notices (a department's inbox: events routed away from it, summonses, overdue events) the
 * actor may read: a department's staff those of their own department; the district's and city's
 * administrators all. No one else reads another's inbox.
 */
export function visibleDepartmentNotices(
  actor: Actor,
  districtCode: string,
  notice: Columns<'departmentId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything') return always;
  if (reach.kind !== 'district') return never;
  if (actor.role === 'DISTRICT_ADMIN') return always;
  if (actor.role === 'DEPARTMENT_STAFF' && actor.departmentId != null) {
    return sql`${notice.departmentId} = ${actor.departmentId}`;
  }
  return never;
}
