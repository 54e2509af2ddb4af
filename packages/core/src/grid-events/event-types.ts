import type { ServiceOptions } from '../services/service-kit.js';
import type { EventCategoryCode, EventSource, EventUrgency } from './code-lists.js';
import type { EventState } from './event-lifecycle.js';

/** Options of the grid event service: those of every service, and the clock of instants. */
export interface GridEventServiceOptions extends ServiceOptions {
  /** Now, for the instants of the loop (reported, dispatched, accepted …). Defaults to the wall clock. */
  now?: () => Date;
}

/** 信息收集: what a reporter sends. */
export interface ReportEventInput {
  /** The grid the event is filed under; absent, the grid is found from the point. */
  gridId?: number | null;
  /** Where the problem is (both or neither): checked against the grid's boundary in force. */
  longitude?: number | null;
  latitude?: number | null;
  /** A second-level code of `eventCategories`. */
  categoryCode: EventCategoryCode | string;
  urgency: EventUrgency | string;
  /** One line, at most 200 characters. */
  title: string;
  /** At most 2000 characters, line breaks allowed. */
  description: string;
  /** In words, at most 200 characters. */
  address?: string | null;
  source: EventSource | string;
  /** A phone to call the reporter back on (Open311, hotline): sealed, shown masked. */
  reporterPhone?: string | null;
  /** A photo of the problem: an absolute http(s) URL, at most 500 characters. */
  mediaUrl?: string | null;
  /** The patrol that found it: a `problem` patrol of the same grid (then `source` is `patrol`). */
  patrolRecordId?: number | null;
  /** When it was reported, ISO 8601 with offset; default now, never after it. */
  reportedAt?: string | null;
}

/** The fields every move of an existing event names. */
export interface EventMoveInput {
  eventId: number;
  /** When given, the move applies only if the event is still at this version. */
  expectedVersion?: number | null;
}

/** 任务派遣. */
export interface DispatchEventInput extends EventMoveInput {
  /** The department; absent, the routing rules decide (docs/domain.md §7.5). */
  departmentId?: number | null;
  note?: string | null;
}

export interface FeedBackEventInput extends EventMoveInput {
  /** What the department did (结果反馈). */
  result: string;
}

export interface ReasonedMoveInput extends EventMoveInput {
  /** Why: required, kept on the step and in the audit log. */
  reason: string;
}

export interface CloseEventInput extends EventMoveInput {
  note?: string | null;
}

export interface RerouteEventInput extends ReasonedMoveInput {
  /** A new second-level category; absent, the category stays. */
  categoryCode?: EventCategoryCode | string | null;
  /** The new department; absent, the routing rules decide for the (new) category. */
  departmentId?: number | null;
}

export interface RecategoriseEventInput extends EventMoveInput {
  categoryCode: EventCategoryCode | string;
  reason?: string | null;
}

export interface ExtendEventInput extends ReasonedMoveInput {
  /** The new closing limit in working days from the dispatch: more than the current, at most the policy's ceiling. */
  workingDays: number;
}

export interface RateEventInput extends EventMoveInput {
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  satisfaction: number;
  /** Whether the reporter confirms the problem is fixed. */
  confirmed: boolean;
}

/** Which events a list answers (all conditions hold together). */
export interface EventFilter {
  /** Events in any of these states. */
  states?: readonly (EventState | string)[] | null;
  /** Events of a unit: a district, subdistrict, community (6, 9, 12 digits) or grid code. */
  unitCode?: string | null;
  /** Events routed to this department. */
  departmentId?: number | null;
  /** Events of this category: a first-level code includes its subcategories. */
  categoryCode?: EventCategoryCode | string | null;
  /** Only events still open after their closing day (as of the service's today). */
  overdue?: boolean | null;
  /** Only events the caller reported. */
  reportedByMe?: boolean | null;
}

/** A page of a list: `limit` default 100, at most 500; `offset` default 0. */
export interface EventPageInput {
  limit?: number | null;
  offset?: number | null;
}
