import type { GridTeamRole, PatrolResult } from '../grid-events/code-lists.js';
import type { GridTeamMember, InspectionItem, PatrolRecord } from '../schema/grid-teams.js';

export interface DrawBoundaryInput {
  gridId: number;
  /** A GeoJSON Polygon or MultiPolygon (or a Feature holding one, or its JSON text), longitude first. */
  boundary: unknown;
  /** Default today; not before the grid's first day, nor before its latest boundary. */
  effectiveFrom?: string | null;
  /** Where the boundary comes from: a survey, the district's grid plan (public). */
  source: string;
}

export interface BoundaryOfInput {
  gridId: number;
  /** Default today. */
  day?: string | null;
}

export interface GridAtInput {
  longitude: number;
  latitude: number;
  /** Default today. */
  day?: string | null;
}

export interface GridTeamMemberInput {
  role: GridTeamRole;
  /** The member's name as the team lists it (personal information). */
  memberName: string;
  /** The account (token subject) a head or worker acts with; an informant may have one too. */
  accountId?: string | null;
  /** An informant: the registered volunteer. */
  volunteerId?: number | null;
}

export interface SetGridTeamInput {
  gridId: number;
  /** The whole team from `effectiveOn`: members not listed leave that day, new ones join. */
  members: readonly GridTeamMemberInput[];
  /** Default today; never after it. */
  effectiveOn?: string | null;
}

export interface SetGridTeamResult {
  /** The team in force after the change, head first, then workers, then informants. */
  members: GridTeamMember[];
  joinedIds: number[];
  leftIds: number[];
  /** Members who stay, whose listed name or account changed. */
  updatedIds: number[];
}

export interface LeaveGridTeamInput {
  memberId: number;
  /** Default today; never after it, not before the member joined. */
  leftOn?: string | null;
}

export interface TeamOfInput {
  gridId: number;
  /** Default today. */
  day?: string | null;
}

export interface RecordPatrolInput {
  gridId: number;
  itemId: number;
  /** ISO 8601 with its offset; never after now. */
  patrolledAt: string;
  result: PatrolResult;
  note?: string | null;
}

export interface PatrolFilter {
  gridId?: number | null;
  itemId?: number | null;
  /** First day (in China) of the patrols, inclusive. */
  from?: string | null;
  /** Last day (in China), inclusive. */
  to?: string | null;
}

export interface PatrolCoverageInput {
  gridId: number;
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive; at most two years after `from`. */
  to: string;
}

export interface ItemCoverage {
  item: InspectionItem;
  /** The days of the period the item was in force (only items in force on one day at least are listed). */
  inForce: { from: string; to: string };
  /** Periods of its frequency wholly in `inForce`: the patrols owed. */
  expected: number;
  /** Of those, the periods with at least one patrol. */
  covered: number;
  /** Patrols of the item in the grid while in force in the period (the caller may see). */
  patrols: number;
}

export interface PatrolCoverage {
  gridId: number;
  from: string;
  to: string;
  items: ItemCoverage[];
}

export type { PatrolRecord };
