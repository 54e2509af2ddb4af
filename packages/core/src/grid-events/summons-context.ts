import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import {
  type Summons,
  type SummonsDepartment,
  summonsDepartments,
  summonses,
} from '../schema/grid-events.js';
import { communities } from '../schema/hierarchy.js';
import { createServiceKit, type RowLock } from '../services/service-kit.js';
import { storedInstant } from '../volunteers/volunteer-rules.js';
import type { SummonsReason } from './code-lists.js';
import { summonsStateOf } from './summons-lifecycle.js';
import type { SummonedDepartmentView, SummonsServiceOptions, SummonsView } from './summons-types.js';

/**
 * What the use cases of summonses share (docs/domain.md §7.8), for one district and one caller:
 * the service kit, the clock, loads and locks, where a summons lies, and the one way a stored
 * summons is shown. The use cases are summons-issuing.ts (the community's side: issue, close),
 * summons-reporting.ts (the departments' side: report in) and summons-reads.ts.
 */
export function createSummonsContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: SummonsServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;
  const now = options.now ?? (() => new Date());

  /** The summons, read (and locked, when asked) in `executor`: NOT_FOUND at `path` when missing. */
  function requireSummons(executor: SansheDb, id: number, path: FieldPath, lock: RowLock): Promise<Summons> {
    return kit.requireRecord(executor, summonses, id, 'summons', path, lock);
  }

  /** The code of the summons' community: where it lies, for the jurisdiction check. */
  async function communityCodeOf(executor: SansheDb, communityId: number): Promise<string> {
    const [row] = await executor
      .select({ code: communities.code })
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.id, communityId)));
    // The foreign key holds the community; a missing one is a broken database, not an input fault.
    if (!row) throw new Error(`summons community ${communityId} missing in district ${districtCode}`);
    return row.code;
  }

  /** The departments of the summonses, by summons, in the order of their ids. */
  async function departmentsOf(
    executor: SansheDb,
    summonsIds: readonly number[],
  ): Promise<Map<number, SummonsDepartment[]>> {
    const byId = new Map<number, SummonsDepartment[]>(summonsIds.map((id) => [id, []]));
    if (summonsIds.length === 0) return byId;
    const rows = await executor
      .select()
      .from(summonsDepartments)
      .where(
        and(
          eq(summonsDepartments.districtCode, districtCode),
          inArray(summonsDepartments.summonsId, [...summonsIds]),
        ),
      )
      .orderBy(asc(summonsDepartments.summonsId), asc(summonsDepartments.departmentId));
    for (const row of rows) byId.get(row.summonsId)?.push(row);
    return byId;
  }

  /**
   * A summons as callers see it: instants in ISO 8601 (UTC), its state, and per department
   * whether it reported in on time (reported_at ≤ report_due_at), late, or not yet; departments
   * by id.
   */
  function viewOf(summons: Summons, departments: readonly SummonsDepartment[]): SummonsView {
    const reportDueAt = storedInstant(summons.reportDueAt);
    const due = Date.parse(reportDueAt);
    const at = now().getTime();
    return {
      id: summons.id,
      districtCode: summons.districtCode,
      communityId: summons.communityId,
      eventId: summons.eventId,
      reason: summons.reason as SummonsReason,
      description: summons.description,
      state: summonsStateOf(summons),
      issuedBy: summons.issuedBy,
      issuedAt: storedInstant(summons.issuedAt),
      reportDueAt,
      closedAt: summons.closedAt === null ? null : storedInstant(summons.closedAt),
      solved: summons.solved,
      closingNote: summons.closingNote,
      version: summons.version,
      departments: [...departments]
        .sort((a, b) => a.departmentId - b.departmentId)
        .map((row): SummonedDepartmentView => {
          const reportedAt = row.reportedAt === null ? null : storedInstant(row.reportedAt);
          return {
            departmentId: row.departmentId,
            reportedAt,
            reportedBy: row.reportedBy,
            note: row.note,
            onTime: reportedAt !== null ? Date.parse(reportedAt) <= due : at > due ? false : null,
          };
        }),
    };
  }

  return { kit, db, districtCode, now, requireSummons, communityCodeOf, departmentsOf, viewOf };
}

export type SummonsContext = ReturnType<typeof createSummonsContext>;
