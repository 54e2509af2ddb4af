import { inArray, type SQL, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { rowsOf } from '../indicators/service-chain-figures.js';
import { departments } from '../schema/departments.js';
import { gridAssessmentMarks, gridEvents } from '../schema/grid-events.js';
import { gridTeamMembers } from '../schema/grid-teams.js';
import { communities, grids } from '../schema/hierarchy.js';
import { addDays } from '../services/dates.js';
import type { AssessmentCounts, MarkSummary } from './assessment-types.js';
import type { AssessmentRater, AssessmentSubject } from './code-lists.js';

/**
 * The counts behind the assessment of grid work (docs/domain.md §7.9), one grouped statement per
 * subject whatever the number of units. Each unit counts a cohort of events of the period:
 *
 * - a community: the events reported in it in the period (信息收集);
 * - a department: the events dispatched to it in the period that it is still responsible for (one
 *   re-routed away counts for the department that has it);
 * - a grid team member (head or worker, by the account it acts with): the events it reported in
 *   its grid in the period, and apart from those the events it verified and closed in the period.
 *
 * Events are read as they stand today: an open event past its due day counts as late already, so a
 * unit cannot improve its on-time rates by leaving late events open.
 */

export interface AssessmentScope {
  districtCode: string;
  /** The unit whose events are read (district, subdistrict or community code). */
  unitCode: string;
  from: string;
  to: string;
  /** The day open events are judged overdue on. */
  asOf: string;
}

export interface UnitCountsRow {
  id: number;
  code: string;
  name: string;
  accountId: string | null;
  counts: AssessmentCounts;
}

/** The instants a period of China days covers: [from 00:00, the day after `to` 00:00). */
function periodInstants(scope: AssessmentScope) {
  return { start: `${scope.from}T00:00:00+08:00`, end: `${addDays(scope.to, 1)}T00:00:00+08:00` };
}

/** The counts of the events `e` of a group (every filter is false on the null row of an outer join). */
function eventCounts(asOf: string): SQL {
  const e = gridEvents;
  return sql`count(${e.id})::int as received,
    (count(*) filter (where ${e.acceptedAt} is not null and ${e.acceptedLate} = false))::int as accepted_on_time,
    (count(*) filter (where ${e.acceptedAt} is not null
      or (${e.state} = 'dispatched' and ${e.acceptDueOn} < ${asOf})))::int as acceptance_due,
    (count(*) filter (where ${e.state} = 'closed' and ${e.closedLate} = false))::int as closed_on_time,
    (count(*) filter (where ${e.state} = 'closed'
      or (${e.state} in ('dispatched', 'handling', 'fed_back') and ${e.closeDueOn} < ${asOf})))::int as closure_due,
    (count(*) filter (where ${e.state} = 'closed'))::int as closed,
    (count(*) filter (where ${e.reopenCount} > 0))::int as reopened,
    (count(*) filter (where ${e.state} = 'closed' or ${e.reopenCount} > 0))::int as ever_closed,
    (count(*) filter (where ${e.satisfaction} >= 4))::int as satisfied,
    count(${e.satisfaction})::int as rated,
    coalesce(sum(${e.satisfaction}), 0)::int as satisfaction_sum`;
}

function countsOf(row: Record<string, unknown>): AssessmentCounts {
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    received: n('received'),
    acceptedOnTime: n('accepted_on_time'),
    acceptanceDue: n('acceptance_due'),
    closedOnTime: n('closed_on_time'),
    closureDue: n('closure_due'),
    closed: n('closed'),
    reopened: n('reopened'),
    everClosed: n('ever_closed'),
    satisfied: n('satisfied'),
    rated: n('rated'),
    satisfactionSum: n('satisfaction_sum'),
    verified: n('verified'),
  };
}

/** Communities under the unit in force at some time in the period, or with events in it. */
async function communityCounts(tx: SansheDb, scope: AssessmentScope): Promise<UnitCountsRow[]> {
  const { start, end } = periodInstants(scope);
  const c = communities;
  const e = gridEvents;
  const rows = await rowsOf(
    tx,
    sql`select ${c.id} as id, ${c.code} as code, ${c.name} as name, ${eventCounts(scope.asOf)}
      from ${c}
      left join ${e} on ${e.districtCode} = ${c.districtCode} and ${e.communityId} = ${c.id}
        and ${e.reportedAt} >= ${start} and ${e.reportedAt} < ${end}
      where ${c.districtCode} = ${scope.districtCode} and ${c.code} like ${`${scope.unitCode}%`}
        and ((${c.effectiveFrom} <= ${scope.to} and (${c.retiredOn} is null or ${c.retiredOn} > ${scope.from}))
          or ${e.id} is not null)
      group by ${c.districtCode}, ${c.id}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    code: String(row.code),
    name: String(row.name),
    accountId: null,
    counts: countsOf(row),
  }));
}

/**
 * Departments serving the unit (its area and theirs overlap) in force at some time in the period,
 * or with events of the unit dispatched to them in it; only the unit's events count.
 */
async function departmentCounts(tx: SansheDb, scope: AssessmentScope): Promise<UnitCountsRow[]> {
  const { start, end } = periodInstants(scope);
  const dp = departments;
  const e = gridEvents;
  const rows = await rowsOf(
    tx,
    sql`select ${dp.id} as id, ${dp.code} as code, ${dp.name} as name, ${eventCounts(scope.asOf)}
      from ${dp}
      left join ${e} on ${e.districtCode} = ${dp.districtCode} and ${e.departmentId} = ${dp.id}
        and ${e.dispatchedAt} >= ${start} and ${e.dispatchedAt} < ${end}
        and ${e.unitCode} like ${`${scope.unitCode}%`}
      where ${dp.districtCode} = ${scope.districtCode}
        and ((${dp.establishedOn} <= ${scope.to} and (${dp.dissolvedOn} is null or ${dp.dissolvedOn} > ${scope.from})
            and (${scope.unitCode} like ${dp.unitCode} || '%' or ${dp.unitCode} like ${`${scope.unitCode}%`}))
          or ${e.id} is not null)
      group by ${dp.districtCode}, ${dp.id}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    code: String(row.code),
    name: String(row.name),
    accountId: null,
    counts: countsOf(row),
  }));
}

/**
 * Heads and workers (members with an account) of the grids under the unit, on the team at some
 * time in the period: the events each reported in its grid, and the events each verified there.
 */
async function memberCounts(tx: SansheDb, scope: AssessmentScope): Promise<UnitCountsRow[]> {
  const { start, end } = periodInstants(scope);
  const m = gridTeamMembers;
  const g = grids;
  const e = gridEvents;
  const rows = await rowsOf(
    tx,
    sql`select ${m.id} as id, ${g.code} as code, ${m.memberName} as name, ${m.accountId} as account_id,
        ${eventCounts(scope.asOf)},
        (select count(*) from ${e} v
          where v.district_code = ${m.districtCode} and v.grid_id = ${m.gridId}
            and v.verified_by = ${m.accountId} and v.state = 'closed'
            and v.closed_at >= ${start} and v.closed_at < ${end})::int as verified
      from ${m}
      join ${g} on ${g.districtCode} = ${m.districtCode} and ${g.id} = ${m.gridId}
      left join ${e} on ${e.districtCode} = ${m.districtCode} and ${e.gridId} = ${m.gridId}
        and ${e.reportedBy} = ${m.accountId}
        and ${e.reportedAt} >= ${start} and ${e.reportedAt} < ${end}
      where ${m.districtCode} = ${scope.districtCode} and ${m.accountId} is not null
        and ${g.code} like ${`${scope.unitCode}%`}
        and ${m.joinedOn} <= ${scope.to} and (${m.leftOn} is null or ${m.leftOn} >= ${scope.from})
      group by ${m.districtCode}, ${m.id}, ${g.code}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    code: String(row.code),
    name: String(row.name),
    accountId: row.account_id === null ? null : String(row.account_id),
    counts: countsOf(row),
  }));
}

export function assessmentCounts(
  tx: SansheDb,
  subject: AssessmentSubject,
  scope: AssessmentScope,
): Promise<UnitCountsRow[]> {
  return subject === 'community'
    ? communityCounts(tx, scope)
    : subject === 'department'
      ? departmentCounts(tx, scope)
      : memberCounts(tx, scope);
}

/** The marks given to the subjects of a kind in the quarters, summed by subject and kind of rater. */
export async function markSums(
  tx: SansheDb,
  districtCode: string,
  subject: AssessmentSubject,
  quarters: readonly string[],
): Promise<Map<number, Record<AssessmentRater, MarkSummary>>> {
  const k = gridAssessmentMarks;
  const subjectId =
    subject === 'community' ? k.communityId : subject === 'department' ? k.departmentId : k.memberId;
  const rows = await rowsOf(
    tx,
    sql`select ${subjectId} as subject_id, ${k.rater} as rater, count(*)::int as count, sum(${k.score})::int as sum
      from ${k}
      where ${k.districtCode} = ${districtCode} and ${k.subjectKind} = ${subject}
        and ${inArray(k.period, [...quarters])}
      group by 1, 2`,
  );
  const bySubject = new Map<number, Record<AssessmentRater, MarkSummary>>();
  for (const row of rows) {
    const id = Number(row.subject_id);
    const marks = bySubject.get(id) ?? emptyMarks();
    const count = Number(row.count);
    const sum = Number(row.sum);
    marks[row.rater as AssessmentRater] = { count, sum, mean: count === 0 ? null : sum / count };
    bySubject.set(id, marks);
  }
  return bySubject;
}

export function emptyMarks(): Record<AssessmentRater, MarkSummary> {
  return {
    self: { count: 0, sum: 0, mean: null },
    community: { count: 0, sum: 0, mean: null },
    third_party: { count: 0, sum: 0, mean: null },
  };
}
