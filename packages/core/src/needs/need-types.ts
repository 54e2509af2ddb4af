import type { NeedOutcome, NeedSource, NeedUrgency } from './code-lists.js';

/** Record a need heard in a community (docs/domain.md §6.1). */
export interface RecordNeedInput {
  communityId: number;
  /** The grid it was heard in (a grid visit), when known: a grid of the community. */
  gridId?: number | null;
  source: NeedSource;
  /** A service domain (organizations/code-lists.ts `serviceDomains`). */
  category: string;
  urgency: NeedUrgency;
  residentsAffected: number;
  /** Published with the projects that answer it: no resident's name, ID or number. */
  title: string;
  description: string;
  /** Defaults to today; never after it. */
  collectedOn?: string | null;
}

/** Merge a duplicate into the need it repeats, with the reason. */
export interface MergeNeedInput {
  needId: number;
  intoNeedId: number;
  /** Published with the need: why the two are the same. */
  reason: string;
  /** The duplicate's version as the caller read it. */
  expectedVersion?: number | null;
  /** Defaults to today; never after it. */
  mergedOn?: string | null;
}

/** Close a need as met or withdrawn. */
export interface CloseNeedInput {
  needId: number;
  outcome: NeedOutcome;
  /** Defaults to today; never after it. */
  closedOn?: string | null;
  /** Kept in the audit log. */
  reason?: string | null;
  expectedVersion?: number | null;
}
