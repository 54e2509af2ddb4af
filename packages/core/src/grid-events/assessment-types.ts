import type { AssessmentRater, AssessmentSubject } from './code-lists.js';
import type { ConfidencePercent, WilsonInterval } from './wilson-interval.js';

export type { GridAssessmentMark } from '../schema/grid-events.js';

/** What the assessment of a period reads. */
export interface GridAssessmentInput {
  /** The first and last day of the period (China time), inclusive. */
  from: string;
  to: string;
  subject: AssessmentSubject | string;
  /**
   * Narrow to a subdistrict or community (or the district): its communities, the grid workers of
   * its grids, and for departments the events in it. Default: all the caller may read.
   */
  unitCode?: string | null;
}

/** The counts behind one unit's figures; every one a count, so units and districts add up. */
export interface AssessmentCounts {
  /** Events of the unit in the period (its cohort: see {@link GridAssessment}). */
  received: number;
  /** Of those dispatched, accepted by the day due (accepted_late false). */
  acceptedOnTime: number;
  /** Of those dispatched, accepted, or still not accepted after the day due. */
  acceptanceDue: number;
  /** Closed, and closed by the day due (closed_late false). */
  closedOnTime: number;
  /** Closed, or still open after the closing day due. */
  closureDue: number;
  /** Closed (as they stand). */
  closed: number;
  /** Reopened at least once. */
  reopened: number;
  /** Closed at least once (closed now, or reopened since). */
  everClosed: number;
  /** Rated 4 or 5 by the reporter. */
  satisfied: number;
  /** Rated at all (1–5). */
  rated: number;
  /** The sum of the ratings (1–5), for the mean. */
  satisfactionSum: number;
  /** Grid workers only: events the member verified and closed in the period. */
  verified: number;
}

/**
 * A rate of a unit: numerator / denominator (so units add up), the Wilson score interval at the
 * policy's confidence, and the unit's place among the units ranked on it. `better` says which
 * way is good: a reopen rate is better low.
 */
export interface AssessedRate {
  numerator: number;
  denominator: number;
  /** numerator / denominator; null when the denominator is 0. */
  value: number | null;
  interval: WilsonInterval | null;
  better: 'higher' | 'lower';
  /**
   * The place among the ranked units (1 is best; equal bounds share a place), by the interval's
   * lower bound (higher is better) or upper bound (lower is better); null when the unit has fewer
   * events than `minimumEvents` or nothing to rate.
   */
  rank: number | null;
}

export const assessedRateKeys = [
  'acceptedOnTime',
  'closedOnTime',
  'closed',
  'reopened',
  'satisfied',
] as const;
export type AssessedRateKey = (typeof assessedRateKeys)[number];

/** The marks a subject was given in the quarters of the period, by kind of rater. */
export interface MarkSummary {
  count: number;
  sum: number;
  /** sum / count, or null without marks. */
  mean: number | null;
}

export interface AssessedUnit {
  subject: AssessmentSubject;
  /** The community's, department's or team member's id. */
  id: number;
  /** The community's code, the department's code, or the member's grid code. */
  code: string;
  name: string;
  /** A member's account (the token subject it reports and verifies with); null for others. */
  accountId: string | null;
  counts: AssessmentCounts;
  rates: Record<AssessedRateKey, AssessedRate>;
  /** The mean rating (1–5): satisfactionSum / rated. */
  meanSatisfaction: number | null;
  /** Whether the unit had at least `minimumEvents` events, and so is ranked. */
  ranked: boolean;
  marks: Record<AssessmentRater, MarkSummary>;
}

export interface GridAssessment {
  from: string;
  to: string;
  subject: AssessmentSubject;
  /** The unit whose events were read (the district, or the caller's unit or the one asked for). */
  unitCode: string;
  /** The day open events were judged overdue on (today). */
  asOf: string;
  minimumEvents: number;
  confidencePercent: ConfidencePercent;
  /** Where `minimumEvents` and the confidence come from (policy grid.assessment). */
  policySource: string;
  /** Units by their rank on on-time closure (ranked first), then by code. */
  units: AssessedUnit[];
}

export interface RecordAssessmentMarkInput {
  subjectKind: AssessmentSubject | string;
  /** The subject: exactly the one of its kind. */
  communityId?: number | null;
  departmentId?: number | null;
  memberId?: number | null;
  /** The quarter marked: `2026-Q1`. */
  period: string;
  rater: AssessmentRater | string;
  /** 0–100. */
  score: number;
  note?: string | null;
}
