import {
  type EventCategoryCode,
  type EventUrgency,
  eventCategories,
  type SummonsReason,
  summonsReasons,
} from '../grid-events/code-lists.js';
import { closeLimitOf } from '../grid-events/event-deadlines.js';
import type { BoundingBox } from '../grid-events/grid-geometry.js';
import { policySummonsDeadline } from '../grid-events/summons-deadline.js';
import type { WorkingCalendar } from '../grid-events/working-days.js';
import type {
  EventTimeLimits,
  ResidentFeedbackPolicy,
  SummonsReportPolicy,
} from '../policies/grid-policies.js';
import type { summonsDepartments, summonses } from '../schema/grid-events.js';
import type { communities, grids, subdistricts } from '../schema/hierarchy.js';
import type { policyValues } from '../schema/policies.js';
import { addDays } from '../services/dates.js';
import { dayOf, instantOf, minuteOf } from './china-time.js';
import {
  EventTimeline,
  type NewGridEvent,
  type PlannedActor,
  type TimelineContext,
} from './grid-event-timeline.js';
import { pointIn } from './grid-geography.js';
import {
  eventSpots,
  eventTextOf,
  moveTexts,
  summonsClosingNotes,
  summonsReportNotes,
  summonsTexts,
} from './grid-texts.js';
import {
  createPlannedRouter,
  type DepartmentRows,
  type NewDepartment,
  type NewInspectionItem,
} from './plan-departments.js';
import type { NewPatrolRecord, TeamLookup } from './plan-grid-teams.js';
import { weighted } from './plan-project-designs.js';
import { createPolicyLookup } from './policy-in-force.js';
import { type Random, randomDate } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;
type NewPolicyValue = typeof policyValues.$inferInsert;
export type NewSummons = typeof summonses.$inferInsert & { id: number };
export type NewSummonsDepartment = typeof summonsDepartments.$inferInsert & { id: number };

/** A summons before numbering: its departments, and the event it is about. */
export interface DraftSummons {
  row: NewSummons;
  departments: Omit<NewSummonsDepartment, 'id' | 'summonsId'>[];
  event: NewGridEvent;
}

export interface GridEventDrafts {
  timelines: EventTimeline[];
  summonses: DraftSummons[];
  /** The patrols that found the problems patrol events report. */
  patrols: NewPatrolRecord[];
  /** The patrol each patrol event names. */
  patrolOf: Map<NewGridEvent, NewPatrolRecord>;
}

export interface GridEventPlanContext {
  districtCode: string;
  asOf: string;
  random: Random;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
  grids: readonly NewGrid[];
  rectangles: ReadonlyMap<number, BoundingBox>;
  departments: DepartmentRows;
  teams: TeamLookup;
  calendar: WorkingCalendar;
  /** The district's own policy values (national defaults apply where it set none). */
  policyValues: readonly NewPolicyValue[];
}

/**
 * Events a grid reports in the demo's year, by weight: none, one or two (0.56 a grid, some 270 in
 * a district of the default scale). A real grid reports several a week; at that rate a default
 * district would hold some 100,000 events and half a million steps a year, more than every other
 * demo row together, which every test gateway would seed.
 */
const EVENTS_PER_GRID: readonly (readonly [number, number])[] = [
  [0, 9],
  [1, 8],
  [2, 1],
];

/** Events a district leaves open and overdue on the plan's day, at most. */
const STUCK_EVENTS = 3;

/** What residents and the hotline report most, by weight (patrols report what their items list). */
const reportedCategories: readonly [EventCategoryCode, number][] = [
  ['E0503', 12],
  ['E0504', 8],
  ['E0101', 8],
  ['S0102', 8],
  ['S0202', 6],
  ['S0101', 6],
  ['E0502', 6],
  ['E0301', 5],
  ['C0104', 5],
  ['C0203', 4],
  ['S0201', 4],
  ['E0201', 3],
  ['C0301', 3],
  ['C0401', 3],
  ['E0501', 3],
  ['S0203', 2],
  ['C0102', 2],
  ['C0103', 2],
  ['S0302', 2],
  ['S0303', 2],
  ['C0502', 2],
  ['E0302', 2],
  ['E0102', 2],
  ['E0103', 2],
  ['C0402', 2],
  ['E0402', 1],
  ['E0403', 1],
  ['E0401', 1],
  ['S0301', 1],
  ['C0501', 1],
  ['C0105', 1],
  ['C0106', 1],
  ['E0104', 1],
  ['C0201', 1],
  ['C0202', 1],
  ['C0204', 1],
  ['C0302', 1],
  ['E0202', 1],
  ['S0103', 1],
];

/**
 * Categories residents confuse, each with the one it is mistaken for (路灯 for an electricity
 * pole …): filed under the wrong one, the event reaches a department that returns it (退回) or
 * that the grid centre re-routes it from (改派).
 */
const mistakenFor: Partial<Record<EventCategoryCode, EventCategoryCode>> = {
  C0106: 'C0104',
  S0102: 'S0101',
  E0503: 'E0504',
  E0501: 'E0502',
  E0302: 'E0103',
  C0104: 'C0106',
};

/** Problems that take more than one department (疑难问题), the ones communities summon for. */
const summonedFor: Partial<Record<EventCategoryCode, { reason: SummonsReason; also: readonly string[] }>> = {
  C0502: { reason: 'enforcement', also: ['ZF', 'ZJ', 'GA'] },
  E0502: { reason: 'enforcement', also: ['ZF', 'SJ', 'GA'] },
  S0102: { reason: 'difficult', also: ['ZJ', 'GA', 'ZF'] },
  S0203: { reason: 'difficult', also: ['ZJ', 'YJ', 'ZF'] },
  C0501: { reason: 'difficult', also: ['ZJ', 'YJ'] },
  S0103: { reason: 'difficult', also: ['RS', 'GA'] },
  E0402: { reason: 'emergency', also: ['SW', 'YJ', 'GA'] },
  E0403: { reason: 'emergency', also: ['RQ', 'YJ', 'XF'] },
};

/** Problems whose handling takes long (repairs, enforcement): the ones extended with approval. */
const longWork = new Set<EventCategoryCode>(['C0501', 'C0502', 'E0301', 'S0102', 'C0203', 'S0303']);

/** Satisfaction (1–5) by weight: a fix on time, one late, one the reporter then reopens. */
const satisfactionWeights = {
  onTime: [2, 3, 10, 30, 55],
  late: [5, 10, 25, 35, 25],
  unhappy: [50, 50, 0, 0, 0],
} as const;

/** China time of a UTC instant, `YYYY-MM-DD HH:MM`, as the summons notice prints it. */
function chinaTimeOf(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A UTC millisecond as an instant of {@link instantOf}'s form. */
function chinaInstantOf(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)}:00+08:00`;
}

/**
 * A year of grid events up to the plan's day (docs/domain.md §7.5–§7.8), each told move by move
 * on the working calendar by {@link EventTimeline}: reported by a patrol (with the patrol that
 * found it), an informant, a resident, the 12345 hotline or an Open311 client; dispatched by the
 * community's grid centre to the department the routing rules name; accepted, handled, fed back
 * and verified by a grid worker or the centre. Most close on time; some are accepted or closed
 * late (and escalated by the overdue job every working day they are past due); some are
 * misfiled and returned or re-routed, rejected on verification, extended with the subdistrict's
 * approval, escalated by the community with a summons of the departments (吹哨报到), reopened by
 * their reporter or the centre; residents and the hotline rate most closures. The last weeks'
 * events are still open on the plan's day, a few of them overdue.
 */
export function planGridEvents(ctx: GridEventPlanContext): GridEventDrafts {
  const { districtCode, asOf, random, calendar, teams } = ctx;
  const policyOn = createPolicyLookup(ctx.policyValues);
  const route = createPlannedRouter(ctx.departments);
  const departmentById = new Map(ctx.departments.departments.map((d) => [d.id, d]));
  const departmentByCode = new Map(ctx.departments.departments.map((d) => [d.code, d]));
  const communityById = new Map(ctx.communities.map((c) => [c.id!, c]));
  const subdistrictById = new Map(ctx.subdistricts.map((s) => [s.id!, s]));
  const timelineContext: TimelineContext = {
    asOf,
    random,
    calendar,
    limitsOn: (unitCode, day) =>
      policyOn('grid.event_time_limits', unitCode.slice(0, 12), day) as EventTimeLimits,
    residentFeedbackOn: (unitCode, day) =>
      policyOn('grid.resident_feedback', unitCode.slice(0, 12), day) as ResidentFeedbackPolicy,
    route,
    departmentById,
  };
  const drafts: GridEventDrafts = { timelines: [], summonses: [], patrols: [], patrolOf: new Map() };

  /** The n-th working day after `day` (0: the day itself when a working day, else the next). */
  const workingDay = (day: string, n: number) => calendar.addWorkingDays(day, n).day;
  /** A working day from `from` to `to`, earlier ones likelier; the first working day from `from` when none. */
  const workingDayBetween = (from: string, to: string): string => {
    const days: string[] = [];
    for (let day = workingDay(from, 0); day <= to; day = workingDay(day, 1)) days.push(day);
    if (days.length === 0) return workingDay(from, 0);
    return days[Math.floor(random.next() ** 1.4 * days.length)]!;
  };
  const staffOf = (department: NewDepartment): PlannedActor => ({
    id: `demo-dept-${department.code}-staff`,
    role: 'DEPARTMENT_STAFF',
  });
  const office = { from: 8 * 60 + 30, until: 17 * 60 + 30 };

  let stuckSoFar = 0;
  for (const grid of ctx.grids) {
    const count = weighted(random, EVENTS_PER_GRID);
    for (let n = 0; n < count; n++) planEvent(grid);
  }
  return drafts;

  function planEvent(grid: NewGrid): void {
    const community = communityById.get(grid.communityId)!;
    const subdistrict = subdistrictById.get(community.subdistrictId)!;
    const centre: PlannedActor = { id: `demo-${community.code}-staff`, role: 'COMMUNITY_STAFF' };
    let reportDay = randomDate(random, addDays(asOf, -364), asOf);

    // Who reports it, and what: a patrol reports what its item lists.
    const draw = random.next();
    let reporter: PlannedActor;
    let source: string;
    let category: EventCategoryCode;
    let patrolItem: NewInspectionItem | undefined;
    let fromMinute = 7 * 60;
    let untilMinute = 22 * 60;
    const patrolDay = workingDay(reportDay, 0);
    const workers = patrolDay <= asOf ? teams.workersOn(grid.id!, patrolDay) : [];
    const informants = teams.informantsOn(grid.id!, reportDay);
    if (draw < 0.35 && workers.length > 0) {
      reportDay = patrolDay;
      const items = ctx.departments.inspectionItems.filter(
        (item) =>
          item.effectiveFrom <= reportDay &&
          (item.retiredOn == null || item.retiredOn > reportDay) &&
          grid.code.startsWith(departmentById.get(item.departmentId)!.unitCode),
      );
      patrolItem = weighted(
        random,
        items.map(
          (item) => [item, item.frequency === 'daily' ? 4 : item.frequency === 'weekly' ? 2 : 1] as const,
        ),
      );
      category = patrolItem.categoryCode as EventCategoryCode;
      reporter = { id: random.pick(workers), role: 'GRID_WORKER' };
      source = 'patrol';
      [fromMinute, untilMinute] = [9 * 60, 16 * 60 + 30];
    } else {
      category = weighted(random, reportedCategories);
      if (draw < 0.42 && informants.length > 0) {
        // An informant's rounds of the grid (网格信息员) are patrols without a patrol record.
        reporter = { id: `demo-volunteer-${random.pick(informants)}`, role: 'VOLUNTEER' };
        source = 'patrol';
      } else if (draw < 0.62) {
        reporter = { id: `demo-resident-${community.code}-${random.int(1, 400)}`, role: 'RESIDENT' };
        source = 'resident';
      } else if (draw < 0.9) {
        // 12345 政务服务便民热线 hands the calls it takes to the district (a SERVICE of it).
        reporter = { id: `demo-${districtCode}-hotline-12345`, role: 'SERVICE' };
        source = 'hotline';
        fromMinute = 8 * 60;
        untilMinute = 21 * 60;
      } else {
        reporter = { id: `demo-${districtCode}-open311`, role: 'SERVICE' };
        source = 'open311';
      }
    }
    const categoryParent = eventCategories[category].parent!;
    const urgency: EventUrgency =
      categoryParent === 'E04'
        ? random.next() < 0.5
          ? 'emergency'
          : 'urgent'
        : random.next() < (['S0201', 'S0202', 'S0203', 'C0501', 'S0103'].includes(category) ? 0.3 : 0.08)
          ? 'urgent'
          : 'routine';
    const mistaken = mistakenFor[category];
    const misfiled = mistaken !== undefined && source !== 'patrol' && random.next() < 0.35;
    const text = eventTextOf(category);
    const title = random.pick(text.problems);
    const address = `${community.name}${grid.name}${random.pick(eventSpots)}`;
    const point = pointIn(random, ctx.rectangles.get(grid.id!)!);
    // Urgent events are handled the day they are reported: reported by the early evening here.
    const reportedAt = instantOf(
      reportDay,
      random.int(fromMinute, urgency === 'routine' ? untilMinute : Math.min(untilMinute, 19 * 60)),
    );
    const row: NewGridEvent = {
      districtCode,
      id: 0,
      gridId: grid.id!,
      communityId: community.id!,
      unitCode: grid.code,
      categoryCode: misfiled ? mistaken : category,
      urgency,
      title,
      description: `${address}${title}，${text.risk}。`,
      address,
      longitude: point.longitude,
      latitude: point.latitude,
      mediaUrl: null,
      source,
      patrolRecordId: null,
      reportedBy: reporter.id,
      reporterRole: reporter.role,
      reportedAt,
      state: 'collected',
      dueProvisional: false,
      reopenCount: 0,
      escalationLevel: 0,
      version: 1,
      createdAt: reportedAt,
      updatedAt: reportedAt,
    };
    const t = new EventTimeline(timelineContext, row, reporter);
    drafts.timelines.push(t);
    if (patrolItem) {
      const patrol: NewPatrolRecord = {
        districtCode,
        id: 0,
        gridId: grid.id!,
        itemId: patrolItem.id,
        patrolledAt: instantOf(reportDay, minuteOf(reportedAt) - random.int(5, 20)),
        patrolledBy: reporter.id,
        result: 'problem',
        note: title,
      };
      drafts.patrols.push(patrol);
      drafts.patrolOf.set(row, patrol);
    }

    const quick = urgency !== 'routine';
    // 任务派遣: urgent events at once, any day; routine ones in the centre's office hours.
    const reportMinute = minuteOf(reportedAt);
    if (quick) {
      t.dispatch(t.when(reportDay, reportMinute + 5, reportMinute + 40), centre);
    } else if (calendar.isWorkingDay(reportDay) && reportMinute < 16 * 60) {
      t.dispatch(t.when(reportDay, reportMinute + 15, Math.min(office.until, reportMinute + 150)), centre);
    } else {
      t.dispatch(t.when(workingDay(reportDay, 1), office.from, 10 * 60 + 30), centre);
    }

    if (misfiled && t.state === 'dispatched') {
      const wrong = departmentById.get(t.row.departmentId!)!;
      const day = workingDayBetween(dayOf(t.lastInstant), t.row.acceptDueOn!);
      if (random.next() < 0.5) {
        // The department returns what is not its own; the centre files it right and dispatches it.
        t.giveBack(t.when(day, office.from, office.until), staffOf(wrong), moveTexts.giveBack);
        t.recategorise(t.when(day, office.from, office.until), centre, category, moveTexts.recategorise);
        t.dispatch(t.when(day, office.from, office.until + 30), centre);
      } else {
        t.accept(t.when(day, office.from, office.until), staffOf(wrong));
        const later = workingDay(day, random.int(0, 1));
        t.reroute(t.when(later, office.from, office.until), centre, category, moveTexts.reroute);
      }
    }

    // A few events of the last weeks stay in their department's hands past their day (open and
    // overdue on the plan's day): reported 12 to 40 days before it, at most STUCK_EVENTS.
    const stuck =
      stuckSoFar < STUCK_EVENTS &&
      reportDay >= addDays(asOf, -40) &&
      reportDay <= addDays(asOf, -12) &&
      random.next() < 0.3;
    if (stuck) stuckSoFar += 1;
    const summons = summonedFor[category];
    const summoned =
      summons !== undefined &&
      (summons.reason === 'emergency' ? urgency === 'emergency' && random.next() < 0.5 : random.next() < 0.2);
    const story = {
      lateAccept: !quick && random.next() < 0.05,
      late: random.next() < 0.07,
      reject: random.next() < 0.04,
      extend: longWork.has(category) && !quick && random.next() < 0.2,
      stuck,
    };
    handleRound(t, { ...story, summons: summoned ? summons! : undefined, community, subdistrict, centre });
    if (t.state === 'closed') followClosure(t, source, { community, subdistrict, centre });
    t.finish();
  }

  /** After a closure: the reporter's rating, or a reopening within the policy's days and a new round. */
  function followClosure(
    t: EventTimeline,
    source: string,
    place: { community: NewCommunity; subdistrict: NewSubdistrict; centre: PlannedActor },
  ): void {
    const reporter = t.reporter;
    const rates = reporter.role === 'RESIDENT' || reporter.role === 'SERVICE';
    const rateShare = source === 'hotline' ? 0.85 : source === 'open311' ? 0.5 : 0.7;
    const reopened = random.next() < 0.05;
    const closedOn = dayOf(t.row.closedAt!);
    if (reopened) {
      if (rates && random.next() < 0.5) rate(t, reporter, satisfactionWeights.unhappy, closedOn);
      const byResident = reporter.role === 'RESIDENT';
      const day = addDays(closedOn, random.int(1, 10));
      const at = byResident
        ? t.when(day, 8 * 60, 21 * 60)
        : t.when(workingDay(day, 0), office.from, office.until);
      const reason = byResident ? moveTexts.reopenByResident : moveTexts.reopenByCentre;
      if (t.reopen(at, byResident ? reporter : place.centre, reason)) {
        handleRound(t, place);
        if (t.state !== 'closed') return;
      }
    }
    if (rates && t.row.ratedAt == null && random.next() < rateShare) {
      rate(
        t,
        reporter,
        t.row.closedLate ? satisfactionWeights.late : satisfactionWeights.onTime,
        dayOf(t.row.closedAt!),
      );
    }
  }

  function rate(
    t: EventTimeline,
    reporter: PlannedActor,
    weights: readonly number[],
    closedOn: string,
  ): void {
    const satisfaction = weighted(
      random,
      weights.map((weight, index) => [index + 1, weight] as const),
    );
    t.rate(
      t.when(addDays(closedOn, random.int(0, 3)), 9 * 60, 21 * 60),
      reporter,
      satisfaction,
      satisfaction >= 3,
    );
  }

  /**
   * One round of handling after a dispatch (or a reopening): acceptance, the community's summons
   * when it is one the departments must meet on, an approved extension, the result fed back (once
   * rejected on verification, sometimes) and the verification that closes it — on time, or late.
   * A stuck round stays in the department's hands past its day.
   */
  function handleRound(
    t: EventTimeline,
    options: {
      community: NewCommunity;
      subdistrict: NewSubdistrict;
      centre: PlannedActor;
      lateAccept?: boolean;
      late?: boolean;
      reject?: boolean;
      extend?: boolean;
      stuck?: boolean;
      summons?: { reason: SummonsReason; also: readonly string[] } | undefined;
    },
  ): void {
    if (t.halted || t.state !== 'dispatched') return;
    const row = t.row;
    const quick = row.urgency !== 'routine';
    const dispatchedOn = dayOf(row.dispatchedAt!);
    const department = departmentById.get(row.departmentId!)!;
    const staff = staffOf(department);
    const emergencySummons = options.summons?.reason === 'emergency';
    if (emergencySummons) summon(t, options.summons!, options, dayOf(t.lastInstant));

    const acceptDay = quick
      ? dayOf(t.lastInstant)
      : options.lateAccept
        ? workingDay(row.acceptDueOn!, 1)
        : workingDayBetween(dispatchedOn, row.acceptDueOn!);
    const acceptAt = quick
      ? t.when(acceptDay, minuteOf(t.lastInstant) + 5, minuteOf(t.lastInstant) + 50)
      : t.when(acceptDay, office.from, office.until);
    if (!t.accept(acceptAt, staff)) return;

    if (options.summons && !emergencySummons) {
      summon(t, options.summons, options, workingDayBetween(acceptDay, row.closeDueOn!));
    }
    if ((options.extend || (options.summons && !emergencySummons)) && !quick && !t.halted) {
      const limits = timelineContext.limitsOn(row.unitCode, dispatchedOn);
      const current =
        row.extendedTo ??
        closeLimitOf(limits, row.categoryCode as EventCategoryCode, row.urgency as EventUrgency);
      if (current < limits.maxExtended) {
        const day = workingDayBetween(dayOf(t.lastInstant), row.closeDueOn!);
        const approver: PlannedActor = {
          id: `demo-${options.subdistrict.code}-staff`,
          role: 'SUBDISTRICT_STAFF',
        };
        t.extend(
          t.when(day, office.from, office.until),
          approver,
          Math.min(limits.maxExtended, current + random.int(3, 8)),
          moveTexts.extend,
        );
      }
    }
    if (options.stuck || t.halted) return;

    const due = row.closeDueOn!;
    const start = dayOf(t.lastInstant);
    const sameDay = quick && due <= workingDay(start, 0);
    let closeDay = sameDay
      ? start
      : options.late
        ? workingDay(due, random.int(1, 5))
        : workingDayBetween(start, due);
    const dayBefore = previousWorkingDay(closeDay);
    let feedbackDay = closeDay === start || random.next() < 0.5 || dayBefore < start ? closeDay : dayBefore;
    const result = `${eventTextOf(row.categoryCode as EventCategoryCode).result}。`;
    if (options.reject && !sameDay) {
      feedbackDay = workingDayBetween(start, feedbackDay);
      if (!t.feedBack(t.when(feedbackDay, office.from, office.until), staff, result)) return;
      const rejectDay = workingDay(feedbackDay, random.int(0, 1));
      if (
        !t.reject(
          t.when(rejectDay, office.from, office.until),
          verifierOn(t, rejectDay, options.centre),
          moveTexts.reject,
        )
      )
        return;
      feedbackDay = workingDay(rejectDay, random.int(1, 2));
      if (closeDay < feedbackDay) closeDay = feedbackDay;
    }
    const feedbackWindow = sameDay ? { from: minuteOf(t.lastInstant) + 30, until: 23 * 60 } : office;
    if (!t.feedBack(t.when(feedbackDay, feedbackWindow.from, feedbackWindow.until), staff, result)) return;
    const closeWindow = sameDay ? { from: minuteOf(t.lastInstant) + 20, until: 23 * 60 + 30 } : office;
    t.close(
      t.when(closeDay, closeWindow.from, closeWindow.until),
      verifierOn(t, closeDay, options.centre),
      moveTexts.close,
    );
    closeSummonsOf(t);
  }

  /** The instant in office hours of a working day at or after a UTC millisecond. */
  function officeInstantFrom(ms: number): string {
    const instant = chinaInstantOf(ms);
    const day = dayOf(instant);
    const minute = minuteOf(instant);
    if (calendar.isWorkingDay(day) && minute >= office.from && minute <= office.until) return instant;
    const next = calendar.isWorkingDay(day) && minute < office.from ? day : workingDay(day, 1);
    return instantOf(next, office.from + random.int(0, 120));
  }

  /** The working day before `day` (the day itself never). */
  function previousWorkingDay(day: string): string {
    let before = addDays(day, -1);
    for (let i = 0; i < 30 && !calendar.isWorkingDay(before); i++) before = addDays(before, -1);
    return before;
  }

  /** Who verifies on a day: a grid worker of the team then, or the centre (the community side, 查办分离). */
  function verifierOn(t: EventTimeline, day: string, centre: PlannedActor): PlannedActor {
    const workers = teams.workersOn(t.row.gridId, day);
    return workers.length > 0 && random.next() < 0.7
      ? { id: random.pick(workers), role: 'GRID_WORKER' }
      : centre;
  }

  /**
   * 社区吹哨、部门报到 (docs/domain.md §7.8): the community escalates the event and summons its
   * department and the others the problem needs, each to report in by the deadline of
   * grid.summons_report (`policySummonsDeadline`); most report in on time, some late, a few
   * never before the summons is closed.
   */
  function summon(
    t: EventTimeline,
    summons: { reason: SummonsReason; also: readonly string[] },
    options: { community: NewCommunity; subdistrict: NewSubdistrict; centre: PlannedActor },
    day: string,
  ): void {
    const row = t.row;
    const emergency = summons.reason === 'emergency';
    const escalateAt = emergency
      ? t.when(day, minuteOf(t.lastInstant) + 3, minuteOf(t.lastInstant) + 10)
      : t.when(day, 9 * 60, 15 * 60);
    if ((row.escalationLevel ?? 0) >= 2 || !t.escalate(escalateAt, options.centre, moveTexts.escalate))
      return;
    const issuedAt = instantOf(day, minuteOf(escalateAt!) + random.int(3, 10));
    const policy = policyOn('grid.summons_report', options.community.code, day) as SummonsReportPolicy;
    const deadline = policySummonsDeadline({
      reason: summons.reason,
      policy,
      calendar,
      now: new Date(issuedAt),
    });
    const codes = [
      departmentById.get(row.departmentId!)!.code,
      ...summons.also.map((code) => (code === 'ZF' ? `ZF${options.subdistrict.code.slice(6)}` : code)),
    ];
    const summoned = [...new Set(codes)]
      .map((code) => departmentByCode.get(code))
      .filter((d): d is NewDepartment => d !== undefined && options.community.code.startsWith(d.unitCode))
      .slice(0, random.int(2, 3));
    const issuedMs = Date.parse(issuedAt);
    const dueMs = Date.parse(deadline.reportDueAt);
    const description = `${row.title}：${summonsTexts[summons.reason]}`;
    const draft: DraftSummons = {
      row: {
        districtCode,
        id: 0,
        communityId: options.community.id!,
        eventId: null,
        reason: summons.reason,
        description,
        issuedBy: options.centre.id,
        issuedAt,
        reportDueAt: deadline.reportDueAt,
        closedAt: null,
        solved: null,
        closingNote: null,
        version: 1,
        createdAt: issuedAt,
        updatedAt: issuedAt,
      },
      departments: summoned.map((department) => {
        const draw = random.next();
        const span = dueMs - issuedMs;
        let reportedAt: string | null = null;
        if (draw < 0.75) {
          // On time: an emergency within the hours, anything else in office hours before the deadline.
          const ms = issuedMs + Math.round(span * (0.15 + 0.8 * random.next()));
          reportedAt = emergency ? chinaInstantOf(ms) : officeInstantFrom(ms);
          if (Date.parse(reportedAt) > dueMs)
            reportedAt = chinaInstantOf(dueMs - random.int(10, 60) * 60_000);
        } else if (draw < 0.95) {
          // Late: after the deadline (the next office hours, or minutes for an emergency).
          reportedAt = emergency
            ? chinaInstantOf(dueMs + random.int(10, 60) * 60_000)
            : officeInstantFrom(dueMs + random.int(1, 20) * 3_600_000);
        }
        const reported = reportedAt !== null && dayOf(reportedAt) <= asOf;
        return {
          districtCode,
          departmentId: department.id,
          reportedAt: reported ? reportedAt : null,
          reportedBy: reported ? staffOf(department).id : null,
          note: reported ? random.pick(summonsReportNotes) : null,
        };
      }),
      event: row,
    };
    drafts.summonses.push(draft);
    for (const department of summoned) {
      t.addNotice({
        event: row,
        summons: draft.row,
        row: {
          districtCode,
          departmentId: department.id,
          kind: 'summoned',
          createdAt: issuedAt,
          readAt: null,
        },
        message: () =>
          `${options.community.name}吹哨（${summonsReasons[summons.reason]}）：${description.slice(0, 100)}。请于${chinaTimeOf(deadline.reportDueAt)}前报到。`,
      });
    }
  }

  /**
   * A summons about the event is closed, solved, once the event is closed and every department
   * that was to come has reported in; one that never did is left unreported (it counts as late).
   */
  function closeSummonsOf(t: EventTimeline): void {
    if (t.state !== 'closed') return;
    for (const draft of drafts.summonses) {
      if (draft.event !== t.row || draft.row.closedAt != null) continue;
      const last = [t.row.closedAt!, ...draft.departments.map((d) => d.reportedAt ?? '')].sort().at(-1)!;
      const closedAt = chinaInstantOf(Date.parse(last) + random.int(15, 60) * 60_000);
      if (dayOf(closedAt) > asOf) continue;
      Object.assign(draft.row, {
        closedAt,
        solved: true,
        closingNote: summonsClosingNotes.solved,
        version: 2,
        updatedAt: closedAt,
      });
    }
  }
}
