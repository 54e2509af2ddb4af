import type { DepartmentKind, EventCategoryCode, InspectionFrequency } from '../grid-events/code-lists.js';
import type { Department, EventRoute } from '../schema/departments.js';

export interface CreateDepartmentInput {
  /** The district's short code for it: capitals, digits, `_` and `-`, at most 32 (`CG`, `SSZF`). */
  code: string;
  name: string;
  kind: DepartmentKind;
  /** The district, or one of its subdistricts in force on `establishedOn`, that it serves. */
  unitCode: string;
  /** Default today; never after it. */
  establishedOn?: string | null;
}

export interface RenameDepartmentInput {
  id: number;
  name: string;
  /** When given, the change applies only if the department is still at this version. */
  expectedVersion?: number | null;
}

export interface DissolveDepartmentInput {
  id: number;
  /** Default today; never after it, not before the department was established. */
  dissolvedOn?: string | null;
  expectedVersion?: number | null;
  /** Kept in the audit log (the document that dissolved it). */
  reason?: string | null;
}

export interface SetRouteInput {
  /** A first- or second-level code of `eventCategories`. */
  categoryCode: EventCategoryCode | string;
  /** The district, a subdistrict, a community or a grid code, in force on `effectiveFrom`. */
  areaCode: string;
  departmentId: number;
  /** Default today; never before it (a past day's routing stays as it was). */
  effectiveFrom?: string | null;
}

export interface RetireRouteInput {
  id: number;
  /** Default today; never before it, nor before the rule took effect. */
  retiredOn?: string | null;
}

export interface AddInspectionItemInput {
  departmentId: number;
  /** The district's code for the item: capitals, digits, `_`, `-` and `.`, at most 32. */
  code: string;
  /** What the patrol checks. */
  title: string;
  frequency: InspectionFrequency;
  /** The second-level event category a problem found is reported under. */
  categoryCode: EventCategoryCode | string;
  /** Default today; never before it. */
  effectiveFrom?: string | null;
}

export interface RetireInspectionItemInput {
  id: number;
  /** Default today; never before it, nor before the item took effect. */
  retiredOn?: string | null;
}

export interface DepartmentFilter {
  kind?: DepartmentKind | null;
  /** The departments serving exactly this unit (the district or a subdistrict code). */
  unitCode?: string | null;
  /** Only those in force on this day (established, not dissolved). */
  asOf?: string | null;
}

export interface RouteFilter {
  categoryCode?: EventCategoryCode | string | null;
  areaCode?: string | null;
  departmentId?: number | null;
  /** Only the rules in force on this day; without it, every rule ever set, retired ones included. */
  asOf?: string | null;
}

export interface InspectionItemFilter {
  departmentId?: number | null;
  /** Only the items in force on this day; without it, every item, retired ones included. */
  asOf?: string | null;
}

export interface RouteForInput {
  /** A second-level code of `eventCategories` (what an event is filed under). */
  categoryCode: EventCategoryCode | string;
  gridId: number;
  /** Default today. */
  day?: string | null;
}

/** The level of the hierarchy a routing rule's area code names. */
export type RouteAreaLevel = 'district' | 'subdistrict' | 'community' | 'grid';

/** Which routing rule decides the department for a category in a grid on a day, and why. */
export interface RouteExplanation {
  department: Department;
  route: EventRoute;
  /** The rule names the category itself, or its first-level class. */
  matchedBy: 'category' | 'parent_category';
  areaLevel: RouteAreaLevel;
  /** In words: which rule applied and why it won over the others in force. */
  explanation: string;
}
