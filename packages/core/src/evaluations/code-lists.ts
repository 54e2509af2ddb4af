/**
 * The code lists of evaluation (docs/domain.md §6.7). Values are stable English codes, as stored;
 * labels are the Chinese terms of third-party evaluation (第三方评估, 民发〔2012〕196号).
 */

/** A mid-term evaluation during delivery (any number), or the final one after it (one per contract). */
export const evaluationKinds = {
  midterm: '中期评估',
  final: '结项评估',
} as const;

export type EvaluationKind = keyof typeof evaluationKinds;

export const evaluationGrades = {
  excellent: '优秀',
  good: '良好',
  pass: '合格',
  fail: '不合格',
} as const;

export type EvaluationGrade = keyof typeof evaluationGrades;

/** A resident's answer on a five-point scale (schema/evaluations.ts `satisfaction_answers_score`). */
export const satisfactionScores = {
  1: '非常不满意',
  2: '不满意',
  3: '一般',
  4: '满意',
  5: '非常满意',
} as const;

export type SatisfactionScore = keyof typeof satisfactionScores;

/**
 * The credit record a final evaluation leaves on the undertaker (docs/domain.md §6.3 "results
 * feed the next tender", §3.3: purchased services undertaken are credit information of the
 * category `other`, 社会组织信用信息管理办法 第七条).
 */
export const purchasedServiceCredit = { category: 'other', kind: 'purchased_service' } as const;
