import { buildWorkingCalendar } from '../grid-events/working-days.js';
import type { communities, grids, subdistricts } from '../schema/hierarchy.js';
import type { policyValues } from '../schema/policies.js';
import { addDays, addYears } from '../services/dates.js';
import { cachedCalendar } from './cached-calendar.js';
import { instantOf } from './china-time.js';
import type { NewDepartmentNotice, NewGridEvent, NewGridEventStep } from './grid-event-timeline.js';
import { gridRectangles } from './grid-geography.js';
import { type DepartmentRows, planDepartments } from './plan-departments.js';
import { type NewSummons, type NewSummonsDepartment, planGridEvents } from './plan-grid-events.js';
import {
  createTeamLookup,
  type GridTeamRows,
  type NewPatrolRecord,
  planGridTeams,
  planPatrolSample,
} from './plan-grid-teams.js';
import { maxDate } from './plan-project-designs.js';
import type { VolunteerRows } from './plan-volunteers.js';
import type { Random } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;
type NewPolicyValue = typeof policyValues.$inferInsert;

export interface GridManagementRows extends DepartmentRows, GridTeamRows {
  patrolRecords: NewPatrolRecord[];
  /**
   * The events as they stand on the plan's day. The seed inserts each `collected` and moves it
   * along the loop to its state, as the database's trigger requires (seed-district.ts).
   */
  gridEvents: NewGridEvent[];
  gridEventSteps: NewGridEventStep[];
  departmentNotices: NewDepartmentNotice[];
  summonses: NewSummons[];
  summonsDepartments: NewSummonsDepartment[];
}

export function emptyGridManagementRows(): GridManagementRows {
  return {
    departments: [],
    eventRoutes: [],
    inspectionItems: [],
    gridBoundaries: [],
    gridTeamMembers: [],
    patrolRecords: [],
    gridEvents: [],
    gridEventSteps: [],
    departmentNotices: [],
    summonses: [],
    summonsDepartments: [],
  };
}

/** The day the demo districts' grid plan took effect (boundaries redrawn, teams set, lists published). */
const gridPlanDay = '2021-06-01';

/**
 * Grid management of a demo district (docs/domain.md §7): its departments, routing rules and
 * inspection lists; every grid's boundary and "1+2+N" team (with the district's composition as
 * a local policy value); a sample of patrols; a year of events with their steps, the overdue
 * job's escalations and the departments' notices; and the summonses communities issued.
 * Numbered as the services would have numbered them: events by when they were reported, steps,
 * notices, patrols and summonses by when they happened.
 */
export function planGridManagement(input: {
  districtCode: string;
  districtName: string;
  asOf: string;
  random: Random;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
  grids: readonly NewGrid[];
  volunteers: VolunteerRows;
  /** The district's policy values so far (the new one is numbered after them). */
  policyValues: readonly NewPolicyValue[];
}): { rows: GridManagementRows; policyValues: NewPolicyValue[] } {
  const { districtCode, districtName, asOf, random } = input;
  // Everything the events rely on was in place a year before the events began.
  const settledBy = addYears(asOf, -2);
  const latestGrid = input.grids.reduce((latest, g) => maxDate(latest, g.effectiveFrom), '');
  const setupOn = [gridPlanDay <= settledBy ? gridPlanDay : settledBy, latestGrid].sort().at(-1)!;
  const departments = planDepartments({
    districtCode,
    districtName,
    subdistricts: input.subdistricts,
    settledBy,
  });
  const rectangles = gridRectangles(input);
  const teams = planGridTeams({
    districtCode,
    districtName,
    asOf,
    random,
    grids: input.grids,
    rectangles,
    volunteers: input.volunteers,
    setupOn,
    policyValueId: input.policyValues.length + 1,
  });
  const lookup = createTeamLookup(teams.gridTeamMembers);
  // The national arrangement of each year sanshe ships; the demo districts record no day of their own.
  const calendar = cachedCalendar(buildWorkingCalendar({}));
  const drafts = planGridEvents({
    districtCode,
    asOf,
    random,
    subdistricts: input.subdistricts,
    communities: input.communities,
    grids: input.grids,
    rectangles,
    departments,
    teams: lookup,
    calendar,
    policyValues: [...input.policyValues, teams.policyValue],
  });
  const fullCommunity = input.communities.find((c) => input.volunteers.volunteerCommunityIds.includes(c.id!));
  const sample = planPatrolSample({
    districtCode,
    asOf,
    random,
    community: fullCommunity ?? input.communities[0],
    grids: input.grids,
    items: departments.inspectionItems,
    teams: lookup,
    isWorkingDay: calendar.isWorkingDay,
  });

  const byTime =
    <T>(at: (row: T) => string) =>
    (a: T, b: T) =>
      at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0;

  const patrolRecords = [...sample, ...drafts.patrols].sort(byTime((p) => p.patrolledAt));
  patrolRecords.forEach((patrol, index) => {
    patrol.id = index + 1;
    patrol.createdAt = patrol.patrolledAt;
  });

  const timelines = [...drafts.timelines].sort(byTime((t) => t.row.reportedAt));
  const gridEvents = timelines.map((timeline, index) => {
    timeline.row.id = index + 1;
    const patrol = drafts.patrolOf.get(timeline.row);
    if (patrol) timeline.row.patrolRecordId = patrol.id;
    return timeline.row;
  });

  // Steps in the order they happened; one event's steps keep their own order at the same instant.
  const ordered = timelines.flatMap((timeline) =>
    timeline.steps.map((step, order) => ({ step, order, time: Date.parse(step.row.at!) })),
  );
  ordered.sort((a, b) => a.time - b.time || a.step.event.id - b.step.event.id || a.order - b.order);
  const gridEventSteps: NewGridEventStep[] = ordered.map(({ step }, index) =>
    Object.assign(step.row, { id: index + 1, eventId: step.event.id }),
  );

  const summonsDrafts = [...drafts.summonses].sort(byTime((s) => s.row.issuedAt));
  const summonses: NewSummons[] = [];
  const summonsDepartments: NewSummonsDepartment[] = [];
  for (const draft of summonsDrafts) {
    draft.row.id = summonses.length + 1;
    draft.row.eventId = draft.event.id;
    summonses.push(draft.row);
    for (const department of draft.departments) {
      summonsDepartments.push({ ...department, id: summonsDepartments.length + 1, summonsId: draft.row.id });
    }
  }

  // Notices in the order they were sent; a department reads most the next morning, not the last days'.
  const readBefore = addDays(asOf, -3);
  const notices = timelines
    .flatMap((timeline) => timeline.notices)
    .sort(
      (a, b) =>
        (a.row.createdAt! < b.row.createdAt! ? -1 : a.row.createdAt! > b.row.createdAt! ? 1 : 0) ||
        (a.event?.id ?? 0) - (b.event?.id ?? 0),
    );
  const departmentNotices: NewDepartmentNotice[] = notices.map((notice, index) => {
    const createdAt = notice.row.createdAt!;
    const read = createdAt.slice(0, 10) < readBefore && random.next() < 0.9;
    return {
      ...notice.row,
      id: index + 1,
      eventId: notice.event?.id ?? null,
      summonsId: notice.summons?.id ?? null,
      message: notice.message(notice.event?.id ?? null),
      readAt: read ? instantOf(addDays(createdAt.slice(0, 10), 1), random.int(8 * 60 + 30, 11 * 60)) : null,
    };
  });

  return {
    rows: {
      ...departments,
      gridBoundaries: teams.gridBoundaries,
      gridTeamMembers: teams.gridTeamMembers,
      patrolRecords,
      gridEvents,
      gridEventSteps,
      departmentNotices,
      summonses,
      summonsDepartments,
    },
    policyValues: [teams.policyValue],
  };
}
