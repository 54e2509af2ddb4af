/**
 * The demo's grid management and consultation replayed against their rules (docs/domain.md §7,
 * §8): each check derived from the rows and the services' own rule functions (the lifecycle, the
 * deadlines on the working calendar, the summons deadline, the composition, the geometry, the
 * meeting parse), never from how the plan drew them. Called from plan-rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { mayPerform } from '../../src/access/permissions.js';
import type { Role } from '../../src/access/roles.js';
import { lastDoneOn, openTaskIds, outcomeAdoption } from '../../src/consultation/consultation-rules.js';
import type { RecordMeetingInput } from '../../src/consultation/consultation-types.js';
import { parseMeetingInput } from '../../src/consultation/meeting-input.js';
import type { DemoDistrictPlan } from '../../src/demo/index.js';
import {
  departmentKinds,
  type EventCategoryCode,
  type EventUrgency,
  eventCategories,
  eventSources,
  eventUrgencies,
  gridTeamRoles,
  inspectionFrequencies,
  patrolResults,
  type SummonsReason,
  summonsReasons,
} from '../../src/grid-events/code-lists.js';
import {
  closeLimitOf,
  eventDeadlines,
  extendedCloseDue,
  requireWorkingDay,
} from '../../src/grid-events/event-deadlines.js';
import { type EventState, eventLifecycle } from '../../src/grid-events/event-lifecycle.js';
import { geometryContains, parseGridGeometry } from '../../src/grid-events/grid-geometry.js';
import { policySummonsDeadline } from '../../src/grid-events/summons-deadline.js';
import { buildWorkingCalendar } from '../../src/grid-events/working-days.js';
import { countTeam, rolesBelowComposition } from '../../src/grids/team-composition.js';
import { containsPersonalData } from '../../src/personal-data/personal-data-scan.js';
import type {
  EventTimeLimits,
  GridTeamComposition,
  ResidentFeedbackPolicy,
  SummonsReportPolicy,
} from '../../src/policies/grid-policies.js';
import { type PolicyKey, policyDefinitions } from '../../src/policies/policy-keys.js';
import { resolvePolicy } from '../../src/policies/resolve-policy.js';
import { addDays } from '../../src/services/dates.js';
import { checkPublishedText, parsePublicName } from '../../src/validators/published-text.js';
import { parseText } from '../../src/validators/text.js';

type Plan = DemoDistrictPlan;
type PlanEvent = Plan['gridEvents'][number];
type PlanStep = Plan['gridEventSteps'][number];

/** The department and item codes the department service accepts (departments/department-context.ts). */
const DEPARTMENT_CODE = /^[A-Z0-9_-]{1,32}$/;
const ITEM_CODE = /^[A-Z0-9_.-]{1,32}$/;

const calendar = buildWorkingCalendar({});
const dayOf = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

function byId<T extends { id?: number }>(rows: readonly T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.id!, row]));
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/** A policy in force for a unit on a day: the district's values over sanshe's defaults (resolvePolicy). */
function policyOn<T>(plan: Plan, key: PolicyKey, unitCode: string, day: string): T {
  const national = (
    policyDefinitions[key].nationalDefaults as readonly {
      effectiveFrom: string;
      value: unknown;
      source: string;
    }[]
  ).map((d) => ({ ...d, jurisdictionCode: null }));
  const local = plan.policyValues
    .filter((p) => p.policyKey === key)
    .map((p) => ({
      jurisdictionCode: p.jurisdictionCode ?? null,
      effectiveFrom: p.effectiveFrom,
      value: p.value,
      source: p.source,
    }));
  return resolvePolicy([...national, ...local], unitCode, day)!.value as T;
}

/** docs/domain.md §7.5, restated: the most specific rule in force, second level first, longest area. */
function routeOf(
  plan: Plan,
  categoryCode: EventCategoryCode,
  gridCode: string,
  day: string,
): number | undefined {
  const departments = byId(plan.departments);
  const parent = eventCategories[categoryCode].parent;
  return plan.eventRoutes
    .filter((r) => {
      const d = departments.get(r.departmentId)!;
      return (
        (r.categoryCode === categoryCode || r.categoryCode === parent) &&
        gridCode.startsWith(r.areaCode) &&
        r.effectiveFrom <= day &&
        (r.retiredOn == null || r.retiredOn > day) &&
        d.establishedOn <= day &&
        (d.dissolvedOn == null || d.dissolvedOn > day)
      );
    })
    .sort(
      (a, b) =>
        Number(b.categoryCode === categoryCode) - Number(a.categoryCode === categoryCode) ||
        b.areaCode.length - a.areaCode.length,
    )[0]?.departmentId;
}

/**
 * An event replayed from its steps: the machine's moves in order, the columns they leave, and the
 * overdue job's runs the steps must hold (every working day the event was dispatched or in hand
 * past a deadline, once, just after midnight). The category a re-routed event was first filed
 * under is in the audit log, not in its steps: its first dispatch is checked for its deadline only.
 */
function replay(plan: Plan, event: PlanEvent, steps: readonly PlanStep[]) {
  const departments = byId(plan.departments);
  const problems: string[] = [];
  const fail = (message: string) => problems.push(`event ${event.id}: ${message}`);
  const code = (text: string) => text.slice(0, 5) as EventCategoryCode;
  const recategorised = steps.find((s) => s.step === 'recategorise');
  const rerouted = steps.some((s) => s.step === 'reroute');
  let category = recategorised ? code(recategorised.note!) : (event.categoryCode as EventCategoryCode);
  let state: EventState | null = null;
  const columns = {
    departmentId: null as number | null,
    dispatchedOn: null as string | null,
    acceptDueOn: null as string | null,
    closeDueOn: null as string | null,
    extendedTo: null as number | null,
    acceptedLate: null as boolean | null,
    handledBy: null as string | null,
    verifiedBy: null as string | null,
    closedAt: null as string | null,
    closedLate: null as boolean | null,
    satisfaction: null as number | null,
    ratedAt: null as string | null,
    reopenCount: 0,
    escalationLevel: 0,
    overdueEscalatedOn: null as string | null,
    version: 0,
  };
  const jobDays: string[] = [];
  const expectedJobDays: string[] = [];
  let checkedThrough = dayOf(event.reportedAt);
  /** The overdue job's runs after the last day considered, through `through`, in the state the event is in. */
  const jobRunsThrough = (through: string) => {
    for (let d = addDays(checkedThrough, 1); d <= through; d = addDays(d, 1)) {
      if (!calendar.isWorkingDay(d) || (state !== 'dispatched' && state !== 'handling')) continue;
      const acceptOverdue = state === 'dispatched' && columns.acceptDueOn !== null && columns.acceptDueOn < d;
      const closeOverdue = columns.closeDueOn !== null && columns.closeDueOn < d;
      if (acceptOverdue || closeOverdue) expectedJobDays.push(d);
    }
    if (through > checkedThrough) checkedThrough = through;
  };
  const limitsOn = (d: string) =>
    policyOn<EventTimeLimits>(plan, 'grid.event_time_limits', event.unitCode.slice(0, 12), d);
  let previous: PlanStep | undefined;
  for (const step of steps) {
    if (previous && Date.parse(step.at!) < Date.parse(previous.at!))
      fail(`step ${step.id} before ${previous.id}`);
    const day = dayOf(step.at!);
    const job = step.actorId === 'overdue-job';
    if (!job) jobRunsThrough(day);
    columns.version += 1;
    if (step.step === 'report') {
      if (
        state !== null ||
        step.toState !== 'collected' ||
        step.at !== event.reportedAt ||
        step.actorId !== event.reportedBy
      )
        fail('does not start with its report');
      state = 'collected';
      previous = step;
      continue;
    }
    const move = step.step as keyof typeof eventLifecycle.transitions;
    if (step.fromState !== state) fail(`step ${step.id} from ${step.fromState}, the event was ${state}`);
    const to: EventState | null =
      state !== null && eventLifecycle.allows(state, move) ? eventLifecycle.next(state, move) : null;
    if (to === null || to !== step.toState)
      fail(`step ${step.id}: ${move} from ${state} is not a move to ${step.toState}`);
    // Who may take it (access/permissions.ts); the overdue job acts as the system.
    if (job ? move !== 'escalate' : !mayPerform(step.actorRole as Role, eventLifecycle.actionOf(move))) {
      fail(`${step.actorRole} may not ${move}`);
    }
    switch (move) {
      case 'dispatch':
      case 'reroute':
      case 'reopen': {
        if (move === 'reroute') category = event.categoryCode as EventCategoryCode;
        const expected =
          move === 'reopen' ? columns.departmentId : routeOf(plan, category, event.unitCode, day);
        if (!(move === 'dispatch' && rerouted) && step.departmentId !== expected) {
          fail(`${move} to department ${step.departmentId}, the rules say ${expected}`);
        }
        const deadlines = eventDeadlines({
          limits: limitsOn(day),
          categoryCode: category,
          urgency: event.urgency as EventUrgency,
          dispatchedOn: day,
          calendar,
        });
        if (step.dueOn !== deadlines.closeDueOn)
          fail(`${move} due ${step.dueOn}, the rules say ${deadlines.closeDueOn}`);
        if (move === 'reopen') {
          if (step.actorRole === 'RESIDENT') {
            const feedback = policyOn<ResidentFeedbackPolicy>(
              plan,
              'grid.resident_feedback',
              event.unitCode.slice(0, 12),
              day,
            );
            if (step.actorId !== event.reportedBy) fail('reopened by a resident who did not report it');
            if (day > addDays(dayOf(columns.closedAt!), feedback.reopenWithinDays))
              fail('reopened after the window');
          }
          Object.assign(columns, {
            verifiedBy: null,
            closedAt: null,
            closedLate: null,
            satisfaction: null,
            ratedAt: null,
          });
          columns.reopenCount += 1;
        }
        Object.assign(columns, {
          departmentId: step.departmentId ?? null,
          dispatchedOn: day,
          acceptDueOn: deadlines.acceptDueOn,
          closeDueOn: deadlines.closeDueOn,
          extendedTo: null,
          acceptedLate: null,
          handledBy: null,
        });
        break;
      }
      case 'accept':
        columns.acceptedLate = day > columns.acceptDueOn!;
        break;
      case 'giveBack':
        Object.assign(columns, {
          departmentId: null,
          dispatchedOn: null,
          acceptDueOn: null,
          closeDueOn: null,
          extendedTo: null,
          acceptedLate: null,
          handledBy: null,
        });
        break;
      case 'recategorise':
        category = code(step.note!.split(' → ')[1]!);
        break;
      case 'feedBack':
        columns.handledBy = step.actorId;
        break;
      case 'reject':
        if (step.actorId === columns.handledBy) fail('the handler judged its own work (查办分离)');
        columns.handledBy = null;
        break;
      case 'close':
        if (step.actorId === columns.handledBy) fail('the handler verified its own work (查办分离)');
        Object.assign(columns, {
          verifiedBy: step.actorId,
          closedAt: step.at,
          closedLate: day > columns.closeDueOn!,
        });
        break;
      case 'extend': {
        // The working days approved: the limit that ends on the new closing day.
        const workingDays = calendar.workingDaysBetween(columns.dispatchedOn!, step.dueOn!);
        const limits = limitsOn(columns.dispatchedOn!);
        try {
          const extended = extendedCloseDue({
            limits,
            currentWorkingDays:
              columns.extendedTo ?? closeLimitOf(limits, category, event.urgency as EventUrgency),
            workingDays,
            dispatchedOn: columns.dispatchedOn!,
            calendar,
          });
          if (step.dueOn !== extended.closeDueOn)
            fail(`extended to ${step.dueOn}, the rules say ${extended.closeDueOn}`);
        } catch (error) {
          fail(`extension refused: ${(error as Error).message}`);
        }
        columns.closeDueOn = step.dueOn!;
        columns.extendedTo = workingDays;
        break;
      }
      case 'escalate':
        if (job) {
          jobDays.push(day);
          columns.escalationLevel = Math.min(columns.escalationLevel + 1, 2);
          columns.overdueEscalatedOn = day;
        } else {
          columns.escalationLevel += 1;
        }
        break;
      case 'rate':
        if (step.actorId !== event.reportedBy || columns.ratedAt !== null)
          fail('rated by another than its reporter, or twice');
        columns.satisfaction = Number(step.note!.match(/satisfaction (\d)/)![1]);
        columns.ratedAt = step.at!;
        break;
    }
    // A department's moves are taken by the staff of the department the event is routed to.
    if (move === 'accept' || move === 'giveBack' || move === 'feedBack') {
      const department = departments.get(
        (move === 'giveBack' ? previous!.departmentId : step.departmentId)!,
      )!;
      if (step.actorId !== `demo-dept-${department.code}-staff`)
        fail(`${move} by ${step.actorId}, not ${department.code}'s staff`);
    }
    if ((step.departmentId ?? null) !== columns.departmentId)
      fail(`step ${step.id} names department ${step.departmentId}`);
    state = to;
    previous = step;
  }
  jobRunsThrough(plan.asOf);
  if (jobDays.join() !== expectedJobDays.join()) {
    fail(`the overdue job escalated on ${jobDays.join(', ')}; its runs make ${expectedJobDays.join(', ')}`);
  }
  return { state, columns, category, problems };
}

export function describeGridManagementRules(plans: readonly { label: string; plan: Plan }[]) {
  describe.each(plans)('demo grid management $label obeys docs/domain.md §7', ({ plan }) => {
    const departments = byId(plan.departments);
    const grids = byId(plan.grids);
    const communities = byId(plan.communities);
    const subdistrictCodes = new Set(plan.subdistricts.map((s) => s.code));
    const stepsOf = groupBy(plan.gridEventSteps, (s) => s.eventId);

    it('§7.4 departments: codes and public names the service accepts, of known kinds, serving the district or one of its subdistricts', () => {
      expect(new Set(plan.departments.map((d) => d.code)).size).toBe(plan.departments.length);
      expect(new Set(plan.departments.map((d) => d.name)).size).toBe(plan.departments.length);
      for (const department of plan.departments) {
        expect(department.code).toMatch(DEPARTMENT_CODE);
        expect(parsePublicName(department.name).success, department.name).toBe(true);
        expect(Object.keys(departmentKinds)).toContain(department.kind);
        expect(department.unitCode === plan.districtCode || subdistrictCodes.has(department.unitCode)).toBe(
          true,
        );
        expect(department.establishedOn <= plan.asOf).toBe(true);
      }
      // Each subdistrict has its enforcement office (街道综合行政执法局).
      for (const subdistrict of plan.subdistricts) {
        expect(
          plan.departments.some((d) => d.unitCode === subdistrict.code && d.kind === 'subdistrict_office'),
        ).toBe(true);
      }
    });

    it('§7.5 routing: rules of known categories, by departments serving their area once established, one open rule per category and area; every category routes in every grid', () => {
      const open = plan.eventRoutes
        .filter((r) => r.retiredOn == null)
        .map((r) => `${r.categoryCode}/${r.areaCode}`);
      expect(new Set(open).size).toBe(open.length);
      for (const route of plan.eventRoutes) {
        const department = departments.get(route.departmentId)!;
        expect(Object.hasOwn(eventCategories, route.categoryCode)).toBe(true);
        expect(route.areaCode.startsWith(department.unitCode)).toBe(true);
        expect(route.effectiveFrom >= department.establishedOn).toBe(true);
        if (route.retiredOn != null) {
          expect(route.retiredOn >= route.effectiveFrom).toBe(true);
          // Its successor starts the day it retires.
          expect(
            plan.eventRoutes.some(
              (r) =>
                r.categoryCode === route.categoryCode &&
                r.areaCode === route.areaCode &&
                r.effectiveFrom === route.retiredOn,
            ),
          ).toBe(true);
        }
      }
      const firstEvent = plan.gridEvents[0]?.reportedAt.slice(0, 10) ?? plan.asOf;
      for (const grid of plan.grids) {
        for (const code of Object.keys(eventCategories) as EventCategoryCode[]) {
          if (eventCategories[code].parent === null) continue;
          expect(routeOf(plan, code, grid.code, firstEvent), `${code} in ${grid.code}`).toBeDefined();
        }
      }
    });

    it('§7.3 inspection lists: codes, published titles, frequencies and second-level categories, each item of a department in force', () => {
      expect(new Set(plan.inspectionItems.map((i) => i.code)).size).toBe(plan.inspectionItems.length);
      for (const item of plan.inspectionItems) {
        expect(item.code).toMatch(ITEM_CODE);
        expect(checkPublishedText(item.title).success).toBe(true);
        expect(Object.keys(inspectionFrequencies)).toContain(item.frequency);
        expect(eventCategories[item.categoryCode as EventCategoryCode]?.parent).toBeTruthy();
        expect(item.effectiveFrom >= departments.get(item.departmentId)!.establishedOn).toBe(true);
      }
    });

    it('§7.1 boundaries: one a grid, a valid GeoJSON polygon whose box is stored, from a day the grid is in force; a community’s grids do not overlap', () => {
      expect(plan.gridBoundaries.map((b) => b.gridId).sort((a, b) => a - b)).toEqual(
        plan.grids.map((g) => g.id).sort((a, b) => a! - b!),
      );
      for (const boundary of plan.gridBoundaries) {
        const parsed = parseGridGeometry(boundary.geometry, ['boundary']);
        expect(parsed.success).toBe(true);
        if (!parsed.success) continue;
        expect({
          minLongitude: boundary.minLongitude,
          minLatitude: boundary.minLatitude,
          maxLongitude: boundary.maxLongitude,
          maxLatitude: boundary.maxLatitude,
        }).toEqual(parsed.data.box);
        expect(boundary.effectiveFrom >= grids.get(boundary.gridId)!.effectiveFrom).toBe(true);
        expect(boundary.effectiveFrom <= plan.asOf).toBe(true);
      }
      for (const boundaries of groupBy(
        plan.gridBoundaries,
        (b) => grids.get(b.gridId)!.communityId,
      ).values()) {
        for (const [i, a] of boundaries.entries()) {
          for (const b of boundaries.slice(i + 1)) {
            const overlap =
              Math.min(a.maxLongitude, b.maxLongitude) - Math.max(a.minLongitude, b.minLongitude) > 1e-9 &&
              Math.min(a.maxLatitude, b.maxLatitude) - Math.max(a.minLatitude, b.minLatitude) > 1e-9;
            expect(overlap, `grids ${a.gridId} and ${b.gridId}`).toBe(false);
          }
        }
      }
    });

    it('§7.2 teams "1+2+N": every day a team changed it meets the composition in force (rolesBelowComposition); staff act by account, informants are volunteers engaged on the grid', () => {
      const engagements = plan.volunteerEngagements.filter((e) => e.role === 'grid_informant');
      for (const [gridId, members] of groupBy(plan.gridTeamMembers, (m) => m.gridId)) {
        const days = [...new Set(members.flatMap((m) => [m.joinedOn, ...(m.leftOn ? [m.leftOn] : [])]))];
        for (const day of days) {
          const inPlace = members.filter((m) => m.joinedOn <= day && (m.leftOn == null || m.leftOn > day));
          const composition = policyOn<GridTeamComposition>(
            plan,
            'grid.team_composition',
            grids.get(gridId)!.code,
            day,
          );
          expect(rolesBelowComposition(composition, countTeam(inPlace)), `grid ${gridId} on ${day}`).toEqual(
            [],
          );
          expect(inPlace.filter((m) => m.role === 'head')).toHaveLength(1);
          const accounts = inPlace.filter((m) => m.accountId != null).map((m) => m.accountId);
          expect(new Set(accounts).size).toBe(accounts.length);
        }
        for (const member of members) {
          expect(Object.keys(gridTeamRoles)).toContain(member.role);
          expect(member.joinedOn <= plan.asOf).toBe(true);
          if (member.role === 'informant') {
            expect(member.accountId ?? null).toBeNull();
            expect(
              engagements.some(
                (e) =>
                  e.volunteerId === member.volunteerId &&
                  e.gridId === gridId &&
                  e.startsOn <= member.joinedOn,
              ),
            ).toBe(true);
          } else {
            expect(member.accountId).toMatch(new RegExp(`^wg-${grids.get(gridId)!.code}-`));
          }
        }
      }
      expect(new Set(plan.gridTeamMembers.map((m) => m.gridId)).size).toBe(plan.grids.length);
    });

    it('§7.3 patrols: of an item on the list that day, in a grid, by a member of its team then; a patrol an event names found a problem in its grid just before', () => {
      const items = byId(plan.inspectionItems);
      const members = groupBy(plan.gridTeamMembers, (m) => m.gridId);
      for (const patrol of plan.patrolRecords) {
        const day = dayOf(patrol.patrolledAt);
        const item = items.get(patrol.itemId)!;
        expect(Object.keys(patrolResults)).toContain(patrol.result);
        expect(item.effectiveFrom <= day && (item.retiredOn == null || item.retiredOn > day)).toBe(true);
        expect(day <= plan.asOf).toBe(true);
        expect(
          (members.get(patrol.gridId) ?? []).some(
            (m) =>
              m.accountId === patrol.patrolledBy && m.joinedOn <= day && (m.leftOn == null || m.leftOn > day),
          ),
        ).toBe(true);
      }
      const patrols = byId(plan.patrolRecords);
      for (const event of plan.gridEvents.filter((e) => e.patrolRecordId != null)) {
        const patrol = patrols.get(event.patrolRecordId!)!;
        expect(event.source).toBe('patrol');
        expect(patrol.gridId).toBe(event.gridId);
        expect(patrol.result).toBe('problem');
        expect(Date.parse(patrol.patrolledAt) <= Date.parse(event.reportedAt)).toBe(true);
        expect(items.get(patrol.itemId)!.categoryCode).toBe(event.categoryCode);
      }
    });

    it('§7.7 events: reported in the year before the plan’s day in a grid, a point inside its boundary and no other grid’s, texts the service accepts', () => {
      for (const event of plan.gridEvents) {
        const grid = grids.get(event.gridId)!;
        expect(event.unitCode).toBe(grid.code);
        expect(event.communityId).toBe(grid.communityId);
        expect(dayOf(event.reportedAt) <= plan.asOf).toBe(true);
        expect(dayOf(event.reportedAt) >= addDays(plan.asOf, -364)).toBe(true);
        expect(eventCategories[event.categoryCode as EventCategoryCode]?.parent).toBeTruthy();
        expect(Object.keys(eventUrgencies)).toContain(event.urgency);
        expect(Object.keys(eventSources)).toContain(event.source);
        expect(parseText(event.title, { maxLength: 200 }).success).toBe(true);
        expect(parseText(event.description, { maxLength: 2000, multiline: true }).success).toBe(true);
        expect(containsPersonalData(`${event.title} ${event.description} ${event.address}`)).toBe(false);
        const containing = plan.gridBoundaries.filter(
          (b) =>
            b.effectiveFrom <= dayOf(event.reportedAt) &&
            event.longitude! >= b.minLongitude &&
            event.longitude! <= b.maxLongitude &&
            event.latitude! >= b.minLatitude &&
            event.latitude! <= b.maxLatitude &&
            geometryContains(b.geometry as never, event.longitude!, event.latitude!),
        );
        expect(
          containing.map((b) => b.gridId),
          `event ${event.id}`,
        ).toEqual([event.gridId]);
      }
    });

    it('§7.5–§7.7 every event replays along eventLifecycle: moves by roles that may take them, deadlines by eventDeadlines and extendedCloseDue, 查办分离, reopenings within the window, the overdue job’s runs; its row is where the steps leave it', () => {
      const problems: string[] = [];
      let previousId = 0;
      for (const step of plan.gridEventSteps) {
        expect(step.id).toBe(previousId + 1);
        previousId = step.id;
      }
      for (const event of plan.gridEvents) {
        const steps = stepsOf.get(event.id) ?? [];
        const replayed = replay(plan, event, steps);
        problems.push(...replayed.problems);
        const { columns } = replayed;
        expect(
          {
            state: event.state,
            categoryCode: event.categoryCode,
            departmentId: event.departmentId ?? null,
            acceptDueOn: event.acceptDueOn ?? null,
            closeDueOn: event.closeDueOn ?? null,
            acceptedLate: event.acceptedLate ?? null,
            handledBy: event.handledBy ?? null,
            verifiedBy: event.verifiedBy ?? null,
            closedAt: event.closedAt ?? null,
            closedLate: event.closedLate ?? null,
            satisfaction: event.satisfaction ?? null,
            ratedAt: event.ratedAt ?? null,
            extendedTo: event.extendedTo ?? null,
            reopenCount: event.reopenCount,
            escalationLevel: event.escalationLevel,
            overdueEscalatedOn: event.overdueEscalatedOn ?? null,
            version: event.version,
          },
          `event ${event.id}`,
        ).toEqual({
          state: replayed.state,
          categoryCode: replayed.category,
          departmentId: columns.departmentId,
          acceptDueOn: columns.acceptDueOn,
          closeDueOn: columns.closeDueOn,
          acceptedLate: columns.acceptedLate,
          handledBy: columns.handledBy,
          verifiedBy: columns.verifiedBy,
          closedAt: columns.closedAt,
          closedLate: columns.closedLate,
          satisfaction: columns.satisfaction,
          ratedAt: columns.ratedAt,
          extendedTo: columns.extendedTo,
          reopenCount: columns.reopenCount,
          escalationLevel: columns.escalationLevel,
          overdueEscalatedOn: columns.overdueEscalatedOn,
          version: columns.version,
        });
        if (event.verifiedBy != null) expect(event.verifiedBy).not.toBe(event.handledBy);
        if (event.satisfaction != null) expect(['RESIDENT', 'SERVICE']).toContain(event.reporterRole);
      }
      expect(problems).toEqual([]);
    });

    it('§7.5 notices: a re-routing tells the department that lost it, the overdue job its department each run, a summons each department summoned', () => {
      const notices = groupBy(plan.departmentNotices, (n) => `${n.kind}/${n.eventId}/${n.departmentId}`);
      const count = (kind: string, eventId: number | null | undefined, departmentId: number) =>
        notices.get(`${kind}/${eventId}/${departmentId}`)?.length ?? 0;
      for (const [eventId, steps] of stepsOf) {
        steps.forEach((step, i) => {
          if (step.step === 'reroute' && steps[i - 1]!.departmentId !== step.departmentId) {
            expect(count('routed_away', eventId, steps[i - 1]!.departmentId!)).toBeGreaterThan(0);
          }
        });
        for (const [departmentId, runs] of groupBy(
          steps.filter((s) => s.actorId === 'overdue-job'),
          (s) => s.departmentId!,
        )) {
          expect(count('overdue', eventId, departmentId)).toBe(runs.length);
        }
      }
      for (const row of plan.summonsDepartments) {
        const summons = plan.summonses.find((s) => s.id === row.summonsId)!;
        expect(count('summoned', summons.eventId, row.departmentId)).toBeGreaterThan(0);
      }
      for (const notice of plan.departmentNotices) expect(containsPersonalData(notice.message)).toBe(false);
    });

    it('§7.8 summonses: issued by the community about its open event, due by policySummonsDeadline, to departments serving it; report-ins by their staff after the issue and before the close', () => {
      const events = byId(plan.gridEvents);
      for (const summons of plan.summonses) {
        const community = communities.get(summons.communityId)!;
        const event = events.get(summons.eventId!)!;
        expect(event.communityId).toBe(community.id);
        expect(summons.issuedBy).toBe(`demo-${community.code}-staff`);
        expect(Object.keys(summonsReasons)).toContain(summons.reason);
        // The event was not closed when the summons was issued.
        const before = (stepsOf.get(event.id) ?? []).filter(
          (s) => Date.parse(s.at!) <= Date.parse(summons.issuedAt),
        );
        expect(before.at(-1)!.toState).not.toBe('closed');
        const policy = policyOn<SummonsReportPolicy>(
          plan,
          'grid.summons_report',
          community.code,
          dayOf(summons.issuedAt),
        );
        const deadline = policySummonsDeadline({
          reason: summons.reason as SummonsReason,
          policy,
          calendar,
          now: new Date(summons.issuedAt),
        });
        expect(Date.parse(summons.reportDueAt)).toBe(Date.parse(deadline.reportDueAt));
        expect((summons.closedAt == null) === (summons.solved == null)).toBe(true);
        if (summons.closedAt != null)
          expect(Date.parse(summons.closedAt) > Date.parse(summons.issuedAt)).toBe(true);
        const rows = plan.summonsDepartments.filter((d) => d.summonsId === summons.id);
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.departmentId)).size).toBe(rows.length);
        for (const row of rows) {
          const department = departments.get(row.departmentId)!;
          expect(community.code.startsWith(department.unitCode)).toBe(true);
          expect(department.establishedOn <= dayOf(summons.issuedAt)).toBe(true);
          expect((row.reportedAt == null) === (row.reportedBy == null)).toBe(true);
          if (row.reportedAt == null) continue;
          expect(row.reportedBy).toBe(`demo-dept-${department.code}-staff`);
          expect(Date.parse(row.reportedAt) > Date.parse(summons.issuedAt)).toBe(true);
          expect(dayOf(row.reportedAt) <= plan.asOf).toBe(true);
          if (summons.closedAt != null)
            expect(Date.parse(row.reportedAt) < Date.parse(summons.closedAt)).toBe(true);
        }
      }
    });
  });
}

export function describeConsultationRules(plans: readonly { label: string; plan: Plan }[]) {
  describe.each(plans)('demo consultation $label obeys docs/domain.md §8', ({ plan }) => {
    const communities = byId(plan.communities);
    const departments = byId(plan.departments);
    const organizations = byId(plan.socialOrganizations);
    const events = byId(plan.gridEvents);
    const needs = byId(plan.needs);

    it('every meeting is one parseMeetingInput accepts as recorded: residents represented, votes within attendance, adoption by more than half, published text', () => {
      for (const meeting of plan.consultationMeetings) {
        const community = communities.get(meeting.communityId)!;
        expect(meeting.heldOn <= plan.asOf).toBe(true);
        expect(meeting.convenedBy).toBe(`demo-${community.code}-staff`);
        const participants = plan.meetingParticipants.filter((p) => p.meetingId === meeting.id);
        const topics = plan.meetingTopics.filter((t) => t.meetingId === meeting.id);
        const input: RecordMeetingInput = {
          communityId: meeting.communityId,
          title: meeting.title,
          form: meeting.form as RecordMeetingInput['form'],
          heldOn: meeting.heldOn,
          place: meeting.place,
          summary: meeting.summary ?? null,
          participants: participants.map((p) => ({
            kind: p.kind as RecordMeetingInput['participants'][number]['kind'],
            headcount: p.headcount,
            organizationId: p.organizationId ?? null,
            departmentId: p.departmentId ?? null,
          })),
          topics: topics.map((t) => ({
            title: t.title,
            source: t.source as RecordMeetingInput['topics'][number]['source'],
            eventId: t.eventId ?? null,
            needId: t.needId ?? null,
            outcomes: plan.meetingOutcomes
              .filter((o) => o.topicId === t.id)
              .map((o) => ({
                text: o.text,
                votesFor: o.votesFor,
                votesAgainst: o.votesAgainst,
                abstentions: o.abstentions ?? 0,
              })),
          })),
        };
        const parsed = parseMeetingInput(input);
        const outcomes = plan.meetingOutcomes.filter((o) => o.meetingId === meeting.id);
        expect(parsed.topics.flatMap((t) => t.outcomes.map((o) => o.state))).toEqual(
          outcomes.map((o) => (o.state === 'not_adopted' ? 'not_adopted' : 'adopted')),
        );
        for (const participant of participants) {
          if (participant.organizationId != null) {
            const organization = organizations.get(participant.organizationId)!;
            expect(organization.registeredOn <= meeting.heldOn).toBe(true);
            expect(organization.deregisteredOn == null || organization.deregisteredOn > meeting.heldOn).toBe(
              true,
            );
          }
          if (participant.departmentId != null) {
            expect(community.code.startsWith(departments.get(participant.departmentId)!.unitCode)).toBe(true);
          }
        }
        for (const topic of topics) {
          if (topic.eventId != null) {
            const event = events.get(topic.eventId)!;
            expect(event.communityId).toBe(community.id);
            expect(dayOf(event.reportedAt) < meeting.heldOn).toBe(true);
          }
          if (topic.needId != null) {
            const need = needs.get(topic.needId)!;
            expect(need.communityId).toBe(community.id);
            expect(need.collectedOn <= meeting.heldOn).toBe(true);
          }
        }
      }
    });

    it('tasks carry adopted outcomes out: one owner serving the community, due on a working day after the meeting; an outcome is implemented once every task is done, on or after the last, and reported back after that', () => {
      const meetings = byId(plan.consultationMeetings);
      const tasksOf = groupBy(plan.outcomeTasks, (t) => t.outcomeId);
      for (const outcome of plan.meetingOutcomes) {
        const meeting = meetings.get(outcome.meetingId)!;
        const community = communities.get(meeting.communityId)!;
        const tasks = tasksOf.get(outcome.id) ?? [];
        const votes = {
          votesFor: outcome.votesFor,
          votesAgainst: outcome.votesAgainst,
          abstentions: outcome.abstentions ?? 0,
        };
        if (outcome.state === 'not_adopted') {
          expect(outcomeAdoption(votes)).toBe('not_adopted');
          expect(tasks).toEqual([]);
          continue;
        }
        expect(outcomeAdoption(votes)).toBe('adopted');
        expect(tasks.length).toBeGreaterThan(0);
        for (const task of tasks) {
          const owners = [task.departmentId, task.organizationId, task.communityId].filter((x) => x != null);
          expect(owners).toHaveLength(1);
          expect(() => requireWorkingDay(calendar, task.dueOn, ['dueOn'])).not.toThrow();
          expect(task.dueOn >= meeting.heldOn).toBe(true);
          if (task.departmentId != null)
            expect(community.code.startsWith(departments.get(task.departmentId)!.unitCode)).toBe(true);
          if (task.communityId != null) expect(task.communityId).toBe(community.id);
          if (task.organizationId != null) {
            const organization = organizations.get(task.organizationId)!;
            expect(organization.registeredOn <= meeting.heldOn).toBe(true);
          }
          if (task.eventId != null) expect(events.get(task.eventId)!.communityId).toBe(community.id);
          expect((task.doneOn == null) === (task.result == null)).toBe(true);
          if (task.doneOn != null)
            expect(task.doneOn >= meeting.heldOn && task.doneOn <= plan.asOf).toBe(true);
        }
        const progress = tasks.map((t) => ({ id: t.id, doneOn: t.doneOn ?? null }));
        const implemented = outcome.state === 'implemented' || outcome.state === 'reported_back';
        if (implemented) {
          expect(openTaskIds(progress)).toEqual([]);
          expect(outcome.implementedOn! >= lastDoneOn(progress)!).toBe(true);
          expect(outcome.implementedOn! <= plan.asOf).toBe(true);
        } else {
          expect(outcome.implementedOn ?? null).toBeNull();
        }
        if (outcome.state === 'reported_back') {
          expect(
            outcome.reportedBackOn! >= outcome.implementedOn! && outcome.reportedBackOn! <= plan.asOf,
          ).toBe(true);
          expect(checkPublishedText(outcome.report!).success).toBe(true);
        }
      }
    });
  });
}

/** The volumes the demo city shows (docs/domain.md §7.11), on the default districts. */
export function describeGridVolumes(plans: readonly { label: string; plan: Plan }[]) {
  describe.each(plans)('default demo district $label: grids, events and meetings', ({ plan }) => {
    it('12 to 22 departments; every grid drawn and staffed; a year of events at every stage of the loop', () => {
      expect(plan.departments.length).toBeGreaterThanOrEqual(12);
      expect(plan.departments.length).toBeLessThanOrEqual(22);
      expect(plan.inspectionItems.length).toBeGreaterThan(plan.departments.length * 3);
      const closed = plan.gridEvents.filter((e) => e.state === 'closed');
      expect(plan.gridEvents.length).toBeGreaterThan(plan.grids.length / 2);
      // Most closed on time; some late; some open and overdue on the plan's day.
      expect(closed.filter((e) => e.closedLate === false).length / closed.length).toBeGreaterThan(0.85);
      expect(closed.some((e) => e.closedLate)).toBe(true);
      expect(
        plan.gridEvents.some(
          (e) => (e.state === 'dispatched' || e.state === 'handling') && e.closeDueOn! < plan.asOf,
        ),
      ).toBe(true);
      const steps = new Set(plan.gridEventSteps.map((s) => s.step));
      for (const step of [
        'giveBack',
        'recategorise',
        'reroute',
        'reject',
        'extend',
        'escalate',
        'reopen',
        'rate',
      ]) {
        expect(steps.has(step), step).toBe(true);
      }
      expect(plan.gridEventSteps.some((s) => s.step === 'escalate' && s.actorId === 'overdue-job')).toBe(
        true,
      );
      expect(plan.gridEventSteps.some((s) => s.step === 'escalate' && s.actorId !== 'overdue-job')).toBe(
        true,
      );
      expect(plan.gridEvents.filter((e) => e.satisfaction != null).length).toBeGreaterThan(closed.length / 3);
      const sources = new Set(plan.gridEvents.map((e) => e.source));
      for (const source of ['patrol', 'resident', 'hotline', 'open311'])
        expect(sources.has(source), source).toBe(true);
    });

    it('summonses with report-ins on time and late; 25 to 60 meetings whose outcomes are adopted, implemented and reported back', () => {
      expect(plan.summonses.length).toBeGreaterThanOrEqual(3);
      const late = plan.summonsDepartments.filter((d) => {
        const summons = plan.summonses.find((s) => s.id === d.summonsId)!;
        return d.reportedAt != null && Date.parse(d.reportedAt) > Date.parse(summons.reportDueAt);
      });
      expect(late.length).toBeGreaterThan(0);
      expect(plan.consultationMeetings.length).toBeGreaterThanOrEqual(25);
      expect(plan.consultationMeetings.length).toBeLessThanOrEqual(60);
      const states = new Set(plan.meetingOutcomes.map((o) => o.state));
      for (const state of ['adopted', 'implemented', 'reported_back'])
        expect(states.has(state), state).toBe(true);
      const sources = new Set(plan.meetingTopics.map((t) => t.source));
      for (const source of ['event', 'need', 'proposal']) expect(sources.has(source), source).toBe(true);
    });
  });
}
