export type {
  AbnormalListingReason,
  CreditCategory,
  CreditList,
  CreditProcedureKind,
  CreditProcedureStatus,
  DisclosureKind,
  DishonestyListingReason,
  EvaluationRecordKind,
  LegalForm,
  LegalStatus,
  ListingReason,
  ListRemovalReason,
  OrganizationCategory,
  OrganizationStatus,
  ServiceDomain,
  StatusChangeKind,
} from './code-lists.js';
export {
  abnormalListingReasons,
  abnormalReasonsToRectify,
  creditCategories,
  creditLists,
  creditProcedureKinds,
  creditProcedureStatuses,
  disclosureKinds,
  dishonestyListingReasons,
  evaluationRecordKinds,
  legalForms,
  legalStatuses,
  listingReasons,
  listingReasonsByList,
  listRemovalReasons,
  organizationCategories,
  organizationStatuses,
  serviceDomains,
  statusChangeKinds,
  usccCategoryOfLegalForm,
} from './code-lists.js';
export { creditProcedureLifecycle } from './credit-procedure-lifecycle.js';
export type {
  CreditReportGrade,
  CreditReportListEntry,
  CreditReportOrganization,
  CreditReportRecord,
  CreditReportSource,
  PublicCreditReport,
} from './credit-report.js';
export {
  buildPublicCreditReport,
  creditReportGradeFields,
  creditReportListEntryFields,
  creditReportOrganizationFields,
  creditReportRecordFields,
} from './credit-report.js';
export type {
  ApplyForCreditRepairInput,
  CreditService,
  DecideProcedureInput,
  EscalationResult,
  ExemptionStatementInput,
  FileObjectionInput,
  GradeOrganizationInput,
  ListOrganizationInput,
  PublicCreditReportQuery,
  RecordCreditInformationInput,
  RemoveFromListInput,
} from './credit-service.js';
export { createCreditService, directRemovalReasons, PUBLIC_REPORT_NAME_LIMIT } from './credit-service.js';
export type {
  EligibilityOrganization,
  EvaluationEligibilityInput,
  EvaluationEligibilityResult,
  EvaluationRecord,
  GradeName,
  GradePeriod,
  IneligibilityReason,
  ListingPeriod,
  PenaltyRecord,
  RemovalContext,
  RemovalDecision,
} from './evaluation-rules.js';
export {
  ABNORMAL_LIST_TERM,
  abnormalTermServedOn,
  annualInspectionExclusion,
  currentGradeOf,
  currentGradeQuery,
  DISHONESTY_LIST_TERM,
  EVALUATION_SOURCES,
  escalationDueOn,
  evaluationEligibility,
  gradeForScore,
  gradeName,
  gradeValidUntil,
  hasFullYearsRegistered,
  hasSomethingToRectify,
  isListedOn,
  penaltyCountsOn,
  removalDecision,
  termServedOn,
} from './evaluation-rules.js';
export type { OrganizationColumns, OrganizationFilter } from './organization-filter.js';
export { organizationCondition } from './organization-filter.js';
export type { OrganizationFilterInput } from './organization-filter-rules.js';
export { parseOrganizationFilter } from './organization-filter-rules.js';
export type { OrganizationEvent } from './organization-lifecycle.js';
export { organizationLifecycle } from './organization-lifecycle.js';
export { filedGroupBaseRule, registrationUscc } from './organization-rules.js';
export type {
  AddHubMemberInput,
  ChangeOrganizationInput,
  DeregisterOrganizationInput,
  EndHubMembershipInput,
  FileCommunityGroupInput,
  OrganizationService,
  PublishDisclosureInput,
  RegisterOrganizationInput,
  WithdrawDisclosureInput,
} from './organization-service.js';
export { createOrganizationService } from './organization-service.js';
export type { PublicOrganization, PublicOrganizationField } from './public-view.js';
export { PUBLIC_ORGANIZATION_FIELDS, toPublicOrganization } from './public-view.js';
