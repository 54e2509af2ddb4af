import type { BudgetLineCategory, IndicatorKind, ProjectMethod } from './code-lists.js';

/** One line of a project's budget, in integer fen; lines are numbered in the order given. */
export interface BudgetLineInput {
  category: BudgetLineCategory;
  /** Published: what the line pays for. */
  description: string;
  amountFen: number;
}

/** An output or outcome indicator with its unit and target. */
export interface IndicatorInput {
  kind: IndicatorKind;
  /** Published: what is counted or observed. */
  description: string;
  /** 场次, 人次, %, … */
  unit: string;
  target: number;
}

/** Design a service project as a draft (docs/domain.md §6.2). */
export interface DesignProjectInput {
  /** Published with the project. */
  name: string;
  /** The unit that designs it and answers for it: the district, a subdistrict or a community code. */
  unitCode: string;
  /** A service domain (organizations/code-lists.ts `serviceDomains`). */
  serviceDomain: string;
  /** Published with the project. */
  goals: string;
  methods: ProjectMethod[];
  /** The first and last day of service (planned: they may lie after today). */
  startsOn: string;
  endsOn: string;
  budgetLines: BudgetLineInput[];
  indicators: IndicatorInput[];
  /** The needs it answers: needs of communities it serves, open or answered. */
  needIds: number[];
  /** The communities it serves: at least one, within the unit. */
  communityIds: number[];
}

/**
 * Revise a draft: each field given replaces what the draft holds (lists whole: budget lines are
 * renumbered, indicators written anew, needs and communities set to those given). The unit that
 * designs a project is not changed: a project for another unit is designed anew.
 */
export interface ChangeProjectDraftInput {
  projectId: number;
  expectedVersion?: number | null;
  name?: string;
  serviceDomain?: string;
  goals?: string;
  methods?: ProjectMethod[];
  startsOn?: string;
  endsOn?: string;
  budgetLines?: BudgetLineInput[];
  indicators?: IndicatorInput[];
  needIds?: number[];
  communityIds?: number[];
}

export interface ApproveProjectInput {
  projectId: number;
  /** Defaults to today; never after it. */
  approvedOn?: string | null;
  expectedVersion?: number | null;
}

export interface CloseProjectInput {
  projectId: number;
  /** Defaults to today; never after it, nor before the approval. */
  closedOn?: string | null;
  expectedVersion?: number | null;
}

export interface CancelProjectInput {
  projectId: number;
  /** Kept in the audit log. */
  reason: string;
  /** Defaults to today; never after it, nor before the approval. */
  cancelledOn?: string | null;
  expectedVersion?: number | null;
}

/** The value an indicator achieved, recorded at evaluation. */
export interface RecordIndicatorAchievedInput {
  indicatorId: number;
  achieved: number;
  /** The indicator's version as the caller read it. */
  expectedVersion?: number | null;
}

/** Link a project to a further need it answers. */
export interface LinkNeedInput {
  projectId: number;
  needId: number;
  /** Defaults to today; never after it. */
  linkedOn?: string | null;
  /** The project's version as the caller read it. */
  expectedVersion?: number | null;
}

/** Unlink a need from a draft. */
export interface UnlinkNeedInput {
  projectId: number;
  needId: number;
  expectedVersion?: number | null;
}
