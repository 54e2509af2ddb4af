export type { MonthlyAllowance } from './allowance.js';
export { monthlyAllowanceOn } from './allowance.js';
export type { CertificationHistory } from './certification.js';
export {
  certifiedLevelOn,
  certifiedLevelOnSQL,
  certifiedOnCondition,
  isCertifiedOn,
} from './certification.js';
export type { RegistrationKind, SocialWorkerLevel } from './code-lists.js';
export { levelRank, registrationKinds, socialWorkerLevels } from './code-lists.js';
export type {
  ContinuingEducationHours,
  PostForJurisdiction,
  RenewalDecision,
  ValidityPeriod,
} from './registration-rules.js';
export {
  decideFirstRegistration,
  decideRenewal,
  firstRegistrationDeadline,
  hoursCompletedWithin,
  latestRegistration,
  policyUnitOf,
  renewalWindow,
  validityFrom,
} from './registration-rules.js';
export type {
  AddCertificateInput,
  CertificateWithRegistrations,
  EndPostInput,
  RecordContinuingEducationInput,
  RegisterCertificateInput,
  RegisterWorkerInput,
  RenewRegistrationInput,
  SocialWorkerService,
  StartPostInput,
  UpdateWorkerInput,
  WorkerCertification,
} from './social-worker-service.js';
export { createSocialWorkerService } from './social-worker-service.js';
export type {
  RevealedWorkerIdentifiers,
  RevealWorkerIdentifiersInput,
  WorkerIdentifier,
} from './worker-identifiers.js';
export { mobilePhoneColumns, residentIdColumns, workerIdentifiers } from './worker-identifiers.js';
