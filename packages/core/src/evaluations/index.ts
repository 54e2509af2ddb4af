export type { EvaluationGrade, EvaluationKind, SatisfactionScore } from './code-lists.js';
export {
  evaluationGrades,
  evaluationKinds,
  purchasedServiceCredit,
  satisfactionScores,
} from './code-lists.js';
export type { EvaluationContext } from './evaluation-context.js';
export type { DeliveryStage, EvaluationParty } from './evaluation-rules.js';
export {
  parseEvaluationScore,
  parseSatisfactionScore,
  requireDeliveryStarted,
  requireEvaluationTiming,
  requireIndependentEvaluator,
} from './evaluation-rules.js';
export type { EvaluationService } from './evaluation-service.js';
export { createEvaluationService } from './evaluation-service.js';
export type {
  RecordEvaluationInput,
  RecordedEvaluation,
  RecordedSatisfaction,
  RecordSatisfactionInput,
  SatisfactionSummary,
} from './evaluation-types.js';
export type { PurchasedServiceFacts } from './purchased-service-credit.js';
export { recordPurchasedServiceCredit } from './purchased-service-credit.js';
export { RESPONDENT_HASH_COLUMN, respondentHash } from './respondent-hash.js';
