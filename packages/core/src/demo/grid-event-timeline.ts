import type { EventCategoryCode, EventUrgency } from '../grid-events/code-lists.js';
import { eventCategories } from '../grid-events/code-lists.js';
import { closureCleared, roundCleared } from '../grid-events/event-context.js';
import { closeLimitOf, eventDeadlines, extendedCloseDue } from '../grid-events/event-deadlines.js';
import { type EventState, eventLifecycle } from '../grid-events/event-lifecycle.js';
import { MAX_SATISFACTION } from '../grid-events/event-residents.js';
import { overdueJobActor } from '../grid-events/overdue-escalation.js';
import type { WorkingCalendar } from '../grid-events/working-days.js';
import type { EventTimeLimits, ResidentFeedbackPolicy } from '../policies/grid-policies.js';
import type { departmentNotices, gridEventSteps, gridEvents } from '../schema/grid-events.js';
import { addDays } from '../services/dates.js';
import { dayOf, instantOf, minuteOf } from './china-time.js';
import type { NewDepartment } from './plan-departments.js';
import type { Random } from './random.js';

export type NewGridEvent = typeof gridEvents.$inferInsert & { id: number };
export type NewGridEventStep = typeof gridEventSteps.$inferInsert & { id: number };
export type NewDepartmentNotice = typeof departmentNotices.$inferInsert & { id: number };

/** Who takes a move: an account and the role its token carries. */
export interface PlannedActor {
  id: string;
  role: string;
}

/** A step, numbered once every event has its id (steps are numbered in the order they happened). */
export interface DraftStep {
  event: NewGridEvent;
  row: Omit<NewGridEventStep, 'id' | 'eventId'>;
}

/** A notice to a department; its message may name the event, numbered later. */
export interface DraftNotice {
  event: NewGridEvent | null;
  summons: { id: number } | null;
  row: Omit<NewDepartmentNotice, 'id' | 'eventId' | 'summonsId' | 'message'>;
  message: (eventId: number | null) => string;
}

export interface TimelineContext {
  asOf: string;
  random: Random;
  calendar: WorkingCalendar;
  /** grid.event_time_limits in force for the grid's community on a day. */
  limitsOn(unitCode: string, day: string): EventTimeLimits;
  /** grid.resident_feedback in force for the grid's community on a day. */
  residentFeedbackOn(unitCode: string, day: string): ResidentFeedbackPolicy;
  route(categoryCode: EventCategoryCode, gridCode: string, day: string): NewDepartment | undefined;
  departmentById: ReadonlyMap<number, NewDepartment>;
}

/** The levels an escalation reaches (docs/domain.md §7.7), as the overdue job names them. */
const levelNames = ['社区', '街道', '区'] as const;
const topLevel = 2;

/** The first minute of a day anything but the overdue job happens (the job runs just after midnight). */
const EARLIEST_MOVE_MINUTE = 30;
/** When the overdue job's first run of a working day escalates what is due (00:05 China time). */
const JOB_MINUTE = 5;

/**
 * One grid event told move by move (docs/domain.md §7.7), as the event service and the overdue
 * job would have written it: every move asks the lifecycle (`eventLifecycle.next`) and applies
 * the changes the service makes — deadlines from `eventDeadlines` on the working calendar, an
 * extension by `extendedCloseDue`, a reopening within grid.resident_feedback, 查办分离 on closing —
 * with its step row; before each move, the overdue job's runs since the last one (every working
 * day, escalating what is dispatched or in hand past its day). A move the story would take after
 * the plan's day does not happen, nor anything after it: the event stays as that day left it.
 */
export class EventTimeline {
  readonly steps: DraftStep[] = [];
  readonly notices: DraftNotice[] = [];
  /** A move fell after the plan's day: the rest of the story has not happened yet. */
  halted = false;
  private last: string;
  private jobCheckedThrough: string;

  constructor(
    private readonly ctx: TimelineContext,
    readonly row: NewGridEvent,
    readonly reporter: PlannedActor,
  ) {
    this.last = row.reportedAt;
    this.jobCheckedThrough = dayOf(row.reportedAt);
    this.pushStep('report', null, 'collected', reporter, row.reportedAt, {});
  }

  get state(): EventState {
    return this.row.state as EventState;
  }

  /** The instant of the last move. */
  get lastInstant(): string {
    return this.last;
  }

  /**
   * An instant on `day` between two minutes of it and after the last move; null, and the story
   * halted, when the day lies after the plan's day.
   */
  when(day: string, fromMinute: number, untilMinute: number): string | null {
    if (this.halted) return null;
    const lastDay = dayOf(this.last);
    const on = day < lastDay ? lastDay : day;
    if (on > this.ctx.asOf) {
      this.halted = true;
      return null;
    }
    const earliest = Math.max(fromMinute, EARLIEST_MOVE_MINUTE, on === lastDay ? minuteOf(this.last) + 3 : 0);
    const latest = Math.max(earliest, Math.min(untilMinute, 23 * 60 + 59));
    return instantOf(on, this.ctx.random.int(earliest, latest));
  }

  private pushStep(
    step: string,
    fromState: EventState | null,
    toState: EventState,
    actor: PlannedActor,
    at: string,
    extra: { note?: string | null; dueOn?: string | null },
  ): void {
    this.steps.push({
      event: this.row,
      row: {
        districtCode: this.row.districtCode,
        step,
        fromState,
        toState,
        actorId: actor.id,
        actorRole: actor.role,
        departmentId: this.row.departmentId ?? null,
        note: extra.note ?? null,
        dueOn: extra.dueOn ?? null,
        at,
      },
    });
  }

  /** A move of the machine with the service's changes: the one way the plan writes a move. */
  private move(
    move: keyof typeof eventLifecycle.transitions,
    at: string,
    actor: PlannedActor,
    changes: Partial<NewGridEvent>,
    extra: { note?: string | null; dueOn?: string | null } = {},
  ): void {
    this.runOverdueJobThrough(dayOf(at));
    const from = this.state;
    const to = eventLifecycle.next(from, move, ['plan'], `Demo grid event (${this.row.title})`);
    Object.assign(this.row, changes, { state: to, version: this.row.version! + 1, updatedAt: at });
    this.last = at;
    this.pushStep(move, from, to, actor, at, extra);
  }

  /** The changes of a fresh dispatch on the day of `at`: the department, deadlines, a new round. */
  private dispatchChanges(at: string, department: NewDepartment, categoryCode: EventCategoryCode) {
    const day = dayOf(at);
    const deadlines = eventDeadlines({
      limits: this.ctx.limitsOn(this.row.unitCode, day),
      categoryCode,
      urgency: this.row.urgency as EventUrgency,
      dispatchedOn: day,
      calendar: this.ctx.calendar,
    });
    return {
      changes: {
        ...roundCleared,
        categoryCode,
        departmentId: department.id,
        dispatchedAt: at,
        acceptDueOn: deadlines.acceptDueOn,
        closeDueOn: deadlines.closeDueOn,
        dueProvisional: deadlines.provisional,
        extendedTo: null,
      },
      dueOn: deadlines.closeDueOn,
    };
  }

  private routed(categoryCode: EventCategoryCode, day: string): NewDepartment {
    const department = this.ctx.route(categoryCode, this.row.unitCode, day);
    if (!department)
      throw new Error(`Demo plan: no route for ${categoryCode} in ${this.row.unitCode} on ${day}`);
    return department;
  }

  /** 任务派遣: to the department the routing rules name for the event's category that day. */
  dispatch(at: string | null, actor: PlannedActor): boolean {
    if (at === null || this.halted) return false;
    const category = this.row.categoryCode as EventCategoryCode;
    const dispatch = this.dispatchChanges(at, this.routed(category, dayOf(at)), category);
    this.move('dispatch', at, actor, dispatch.changes, { dueOn: dispatch.dueOn });
    return true;
  }

  /** 受理: late when the day is after the accepting day. */
  accept(at: string | null, actor: PlannedActor): boolean {
    if (at === null || this.halted) return false;
    const acceptDueOn = this.row.acceptDueOn ?? null;
    this.move('accept', at, actor, {
      acceptedAt: at,
      acceptedLate: acceptDueOn !== null && dayOf(at) > acceptDueOn,
    });
    return true;
  }

  /** 退回: not the department's own; the event is collected again, without a department. */
  giveBack(at: string | null, actor: PlannedActor, reason: string): boolean {
    if (at === null || this.halted) return false;
    this.move(
      'giveBack',
      at,
      actor,
      {
        ...roundCleared,
        departmentId: null,
        dispatchedAt: null,
        acceptDueOn: null,
        closeDueOn: null,
        dueProvisional: false,
        extendedTo: null,
      },
      { note: reason },
    );
    return true;
  }

  /** Recategorise before dispatch. */
  recategorise(
    at: string | null,
    actor: PlannedActor,
    categoryCode: EventCategoryCode,
    reason: string,
  ): boolean {
    if (at === null || this.halted) return false;
    const note = `${this.row.categoryCode} → ${categoryCode} (${eventCategories[categoryCode].name}): ${reason}`;
    this.move('recategorise', at, actor, { categoryCode }, { note });
    return true;
  }

  /** 改派: to the category's department, with new deadlines; the department that loses it is told. */
  reroute(at: string | null, actor: PlannedActor, categoryCode: EventCategoryCode, reason: string): boolean {
    if (at === null || this.halted) return false;
    const before = this.row.departmentId ?? null;
    const department = this.routed(categoryCode, dayOf(at));
    const dispatch = this.dispatchChanges(at, department, categoryCode);
    this.move('reroute', at, actor, dispatch.changes, { note: reason, dueOn: dispatch.dueOn });
    if (before !== null && before !== department.id) {
      const title = this.row.title;
      this.notify(
        before,
        'routed_away',
        at,
        (id) => `网格事件 ${id}（${title}）已改派，不再由本部门办理：${reason}`,
      );
    }
    return true;
  }

  /** 结果反馈 by the department's staff, who is then the handler (查办分离). */
  feedBack(at: string | null, actor: PlannedActor, result: string): boolean {
    if (at === null || this.halted) return false;
    this.move('feedBack', at, actor, { handledBy: actor.id, fedBackAt: at }, { note: result });
    return true;
  }

  /** 核查结案 by the community side, never the handler; late when the day is after the closing day. */
  close(at: string | null, actor: PlannedActor, note: string): boolean {
    if (at === null || this.halted) return false;
    if (actor.id === this.row.handledBy) throw new Error('Demo plan: the handler cannot verify (查办分离)');
    const closeDueOn = this.row.closeDueOn ?? null;
    this.move(
      'close',
      at,
      actor,
      { verifiedBy: actor.id, closedAt: at, closedLate: closeDueOn !== null && dayOf(at) > closeDueOn },
      { note },
    );
    return true;
  }

  /** 核查不通过: back to the department. */
  reject(at: string | null, actor: PlannedActor, reason: string): boolean {
    if (at === null || this.halted) return false;
    if (actor.id === this.row.handledBy) throw new Error('Demo plan: the handler cannot judge (查办分离)');
    this.move('reject', at, actor, { handledBy: null, fedBackAt: null }, { note: reason });
    return true;
  }

  /** Escalate one level by a grid centre, with its reason. */
  escalate(at: string | null, actor: PlannedActor, reason: string): boolean {
    if (at === null || this.halted) return false;
    const level = this.row.escalationLevel ?? 0;
    if (level >= topLevel) throw new Error('Demo plan: already escalated to the district');
    this.move('escalate', at, actor, { escalationLevel: level + 1 }, { note: reason });
    return true;
  }

  /** 延期, approved: `workingDays` from the dispatch day, by `extendedCloseDue` under the limits of that day. */
  extend(at: string | null, actor: PlannedActor, workingDays: number, reason: string): boolean {
    if (at === null || this.halted) return false;
    const dispatchedOn = dayOf(this.row.dispatchedAt!);
    const limits = this.ctx.limitsOn(this.row.unitCode, dispatchedOn);
    const extended = extendedCloseDue({
      limits,
      currentWorkingDays:
        this.row.extendedTo ??
        closeLimitOf(limits, this.row.categoryCode as EventCategoryCode, this.row.urgency as EventUrgency),
      workingDays,
      dispatchedOn,
      calendar: this.ctx.calendar,
    });
    this.move(
      'extend',
      at,
      actor,
      { extendedTo: workingDays, closeDueOn: extended.closeDueOn, dueProvisional: extended.provisional },
      { note: reason, dueOn: extended.closeDueOn },
    );
    return true;
  }

  /**
   * 重新办理: back to the department that closed it (routed anew if it no longer serves the
   * grid), deadlines from that day, closure and rating cleared. A resident reopens only within
   * the days of grid.resident_feedback after the closure; false when that window has passed.
   */
  reopen(at: string | null, actor: PlannedActor, reason: string): boolean {
    if (at === null || this.halted) return false;
    const day = dayOf(at);
    if (actor.role === 'RESIDENT') {
      const window = this.ctx.residentFeedbackOn(this.row.unitCode, day).reopenWithinDays;
      if (day > addDays(dayOf(this.row.closedAt!), window)) return false;
    }
    const current = this.ctx.departmentById.get(this.row.departmentId!)!;
    const serves =
      current.establishedOn <= day &&
      (current.dissolvedOn == null || current.dissolvedOn > day) &&
      this.row.unitCode.startsWith(current.unitCode);
    const category = this.row.categoryCode as EventCategoryCode;
    const dispatch = this.dispatchChanges(at, serves ? current : this.routed(category, day), category);
    this.move(
      'reopen',
      at,
      actor,
      { ...dispatch.changes, ...closureCleared, reopenCount: (this.row.reopenCount ?? 0) + 1 },
      { note: reason, dueOn: dispatch.dueOn },
    );
    return true;
  }

  /** The reporter confirms the fix and rates it, once per closure. */
  rate(at: string | null, actor: PlannedActor, satisfaction: number, confirmed: boolean): boolean {
    if (at === null || this.halted) return false;
    if (actor.id !== this.row.reportedBy || this.row.ratedAt != null) {
      throw new Error('Demo plan: only the reporter rates, once per closure');
    }
    this.move(
      'rate',
      at,
      actor,
      { satisfaction, ratedAt: at, confirmedAt: confirmed ? at : null },
      {
        note: `satisfaction ${satisfaction}/${MAX_SATISFACTION}; fix ${confirmed ? 'confirmed' : 'not confirmed'}`,
      },
    );
    return true;
  }

  private notify(
    departmentId: number,
    kind: string,
    at: string,
    message: DraftNotice['message'],
    summons: { id: number } | null = null,
  ): void {
    this.notices.push({
      event: this.row,
      summons,
      row: { districtCode: this.row.districtCode, departmentId, kind, createdAt: at, readAt: null },
      message,
    });
  }

  /**
   * The overdue job's runs on every working day after the last one considered, through `day`
   * (grid-events/overdue-escalation.ts): an event dispatched or in hand whose closing day — or,
   * not yet accepted, whose accepting day — has passed is raised one level (at most the
   * district), once a working day, with the step the job writes and a notice to its department.
   */
  runOverdueJobThrough(day: string): void {
    const through = day > this.ctx.asOf ? this.ctx.asOf : day;
    const { calendar } = this.ctx;
    // The job changes no state: an event that is neither dispatched nor in hand waits for no run.
    const state = this.state;
    const acceptDueOn = this.row.acceptDueOn ?? null;
    const closeDueOn = this.row.closeDueOn ?? null;
    // Nothing is due before the day after the earliest deadline of the state it is in.
    const firstDue = [state === 'dispatched' ? acceptDueOn : null, closeDueOn]
      .filter((day): day is string => day !== null)
      .sort()[0];
    const open = (state === 'dispatched' || state === 'handling') && firstDue !== undefined;
    const start = open ? [addDays(this.jobCheckedThrough, 1), addDays(firstDue, 1)].sort()[1]! : through;
    for (let d = start; open && d <= through; d = addDays(d, 1)) {
      if (!calendar.isWorkingDay(d)) continue;
      const acceptOverdue = state === 'dispatched' && acceptDueOn !== null && acceptDueOn < d;
      const closeOverdue = closeDueOn !== null && closeDueOn < d;
      if (!acceptOverdue && !closeOverdue) continue;
      const reasons: string[] = [];
      if (acceptOverdue) reasons.push(`超过受理期限${acceptDueOn}仍未受理`);
      if (closeOverdue) {
        reasons.push(
          `超过办结期限${closeDueOn}（已逾期${calendar.workingDaysBetween(closeDueOn!, d)}个工作日）`,
        );
      }
      const before = this.row.escalationLevel ?? 0;
      const level = Math.min(before + 1, topLevel);
      const outcome =
        level > before ? `升级至${levelNames[level]}督办` : `已在${levelNames[topLevel]}级督办，再次提醒`;
      const joined = reasons.join('；');
      const at = instantOf(d, JOB_MINUTE);
      Object.assign(this.row, {
        escalationLevel: level,
        overdueEscalatedOn: d,
        version: this.row.version! + 1,
        updatedAt: at,
      });
      this.pushStep('escalate', state, state, overdueJobActor as PlannedActor, at, {
        note: `超时自动升级：${joined}；${outcome}。`,
      });
      this.notify(
        this.row.departmentId!,
        'overdue',
        at,
        (id) => `事件${id}${joined}；${outcome}，请尽快办理。`,
      );
    }
    if (through > this.jobCheckedThrough) this.jobCheckedThrough = through;
  }

  /** The story up to the plan's day: the overdue job's runs through it. */
  finish(): void {
    this.runOverdueJobThrough(this.ctx.asOf);
  }

  /** A notice the event's story leaves to a department outside a move (a summons). */
  addNotice(notice: DraftNotice): void {
    this.notices.push(notice);
  }
}
