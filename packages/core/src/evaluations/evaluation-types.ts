import type { ProjectEvaluation } from '../schema/evaluations.js';
import type { EvaluationGrade, EvaluationKind, SatisfactionScore } from './code-lists.js';

/** A resident's satisfaction with a project (§6.7): one answer per resident and project. */
export interface RecordSatisfactionInput {
  projectId: number;
  /** The respondent's resident ID number (18 characters, or a legacy 15-digit one): hashed, never stored. */
  residentId: string;
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  score: number;
  /** Defaults to today; never after it nor before delivery started. */
  answeredOn?: string | null;
}

/** An answer as recorded: the respondent's hash is never returned. */
export interface RecordedSatisfaction {
  id: number;
  projectId: number;
  score: SatisfactionScore;
  answeredOn: string;
}

/** A third-party evaluation of a contract's delivery (第三方评估, §6.7). */
export interface RecordEvaluationInput {
  contractId: number;
  kind: EvaluationKind;
  /** Published. */
  evaluatorName: string;
  /** The evaluator's unified social credit code; taken from the organization when one is named. */
  evaluatorUscc?: string | null;
  /** The evaluator, when it is an organization of this district. */
  evaluatorOrganizationId?: number | null;
  /** Defaults to today; never after it. */
  evaluatedOn?: string | null;
  /** 0 to 100, at most two decimals. */
  score: number;
  /**
   * The grade the report gives. Required: no cut-offs from score to grade are set
   * (`evaluation.grade_cutoffs` is a local figure to become a policy key, §6.9).
   */
  grade: EvaluationGrade;
  /** Published. */
  reportReference: string;
  /** Published. */
  summary: string;
}

/** An evaluation as recorded, with the undertaker's credit record a final one leaves. */
export interface RecordedEvaluation {
  evaluation: ProjectEvaluation;
  /** The `purchased_service` credit record of a final evaluation; null for a mid-term one. */
  creditRecordId: number | null;
}

/** Residents' satisfaction with a project, as counts (§6.8: counts and averages, never hashes). */
export interface SatisfactionSummary {
  projectId: number;
  answers: number;
  /** The sum of the scores: with `answers`, what adds up across projects and units. */
  scoreSum: number;
  /** The mean score rounded to two decimals; null without answers. */
  average: number | null;
  counts: Record<SatisfactionScore, number>;
}
