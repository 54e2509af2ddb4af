import type { ServiceOptions } from '../services/service-kit.js';
import type { SummonsReason } from './code-lists.js';
import type { SummonsState } from './summons-lifecycle.js';

export type { Summons, SummonsDepartment } from '../schema/grid-events.js';

/** Options of the summons service: those of every service, and the clock of instants. */
export interface SummonsServiceOptions extends ServiceOptions {
  /** Now, for the instants of a summons (issued, reported in, closed). Defaults to the wall clock. */
  now?: () => Date;
}

/** 吹哨: a community summons departments. */
export interface IssueSummonsInput {
  communityId: number;
  /** The event the summons is about, when it is about one: in that community, visible to the caller. */
  eventId?: number | null;
  reason: SummonsReason | string;
  /** What the departments are summoned for: at most 2000 characters, line breaks allowed. */
  description: string;
  /** The departments summoned: at least one, each once, in force and serving the community. */
  departmentIds: readonly number[];
  /**
   * By when they report in, ISO 8601 with its offset; absent, policy `grid.summons_report` sets it.
   * After now, and on a working day unless the reason is an emergency.
   */
  reportDueAt?: string | null;
}

/** 报到: a summoned department reports in. */
export interface ReportInInput {
  summonsId: number;
  /**
   * The department reporting in. Department staff report for their own department (naming
   * another is refused); an administrator entering a report-in names it.
   */
  departmentId?: number | null;
  note?: string | null;
}

export interface CloseSummonsInput {
  summonsId: number;
  /** Whether the problem was solved. */
  solved: boolean;
  /** What came of it: at most 2000 characters, line breaks allowed. */
  note: string;
  expectedVersion?: number | null;
}

/** A summoned department as a summons shows it. */
export interface SummonedDepartmentView {
  departmentId: number;
  /** When it reported in (ISO 8601, UTC), or null. */
  reportedAt: string | null;
  reportedBy: string | null;
  note: string | null;
  /**
   * Reported in by the deadline: true or false once reported; false once the deadline passed
   * without a report-in; null while it may still report in on time.
   */
  onTime: boolean | null;
}

/** A summons with its departments; instants in ISO 8601, UTC. */
export interface SummonsView {
  id: number;
  districtCode: string;
  communityId: number;
  eventId: number | null;
  reason: SummonsReason;
  description: string;
  state: SummonsState;
  issuedBy: string;
  issuedAt: string;
  reportDueAt: string;
  closedAt: string | null;
  solved: boolean | null;
  closingNote: string | null;
  version: number;
  departments: SummonedDepartmentView[];
}

/** Which summonses a list reads; every field narrows. */
export interface SummonsFilter {
  communityId?: number | null;
  /** A subdistrict or community code (or the district's): summonses of communities under it. */
  unitCode?: string | null;
  /** Summonses naming this department. */
  departmentId?: number | null;
  eventId?: number | null;
  state?: SummonsState | string | null;
  /** Issued on or after / on or before these days (China time). */
  issuedFrom?: string | null;
  issuedTo?: string | null;
}
