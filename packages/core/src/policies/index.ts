export type {
  AmountsByLevel,
  CommunityOrganizationTargets,
  EvaluationEligibility,
  GradeCutoffs,
  PolicyDefinition,
  PolicyKey,
  PolicyValueOf,
  RegistrationRules,
  RevealLimits,
  SocialWorkerLevel,
} from './policy-keys.js';
export { gradeNames, isPolicyKey, policyDefinitions } from './policy-keys.js';
export type { PolicyService, PolicyServiceOptions, SetPolicyInput } from './policy-service.js';
export { createPolicyService } from './policy-service.js';
export type { PolicyCandidate, PolicyInForce } from './resolve-policy.js';
export { jurisdictionChain, resolvePolicy } from './resolve-policy.js';
