// Ready-made documents for the common reads and changes. They are ordinary gql.tada documents:
// copy one and change its selection when you need other fields. One module per area under
// `operations/`; every failure member of a mutation's result union is read through the one
// `ErrorFields` fragment.

export { ErrorFields } from './operations/error-fields.js';
export {
  CommunitiesPage,
  CommunityByCode,
  CommunityFields,
  CreateCommunity,
  NodeById,
  RenameCommunity,
  RetireCommunity,
} from './operations/hierarchy.js';

// ---- The three societies: social organizations, social workers, indicators (docs/domain.md §3, §4, §10)

export {
  GradeOrganization,
  ListOrganization,
  PublicCreditReport,
} from './operations/credit.js';
export {
  CityIndicators,
  Indicators,
  IndicatorsByChildUnit,
  IndicatorValueFields,
} from './operations/indicators.js';
export {
  AddHubMember,
  ChangeOrganization,
  DeregisterOrganization,
  FileCommunityGroup,
  RegisterOrganization,
  SocialOrganizationById,
  SocialOrganizationFields,
  SocialOrganizationsPage,
} from './operations/organizations.js';
export {
  PersonalDataAccessLog,
  RevealSocialWorkerIdentifiers,
} from './operations/personal-data.js';
export {
  AddCertificate,
  CertificateRegistrationFields,
  EndPost,
  RecordContinuingEducation,
  RegisterCertificate,
  RegisterSocialWorker,
  RenewRegistration,
  SocialWorkerById,
  SocialWorkerFields,
  SocialWorkerPostFields,
  SocialWorkersPage,
  StartPost,
} from './operations/social-workers.js';
export { CommunityThreeSocieties } from './operations/three-societies.js';

// ---- The service chain: needs, projects, purchase, funds, delivery, evaluation (docs/domain.md §6)

export {
  ConfirmActivity,
  DeliveryActivityById,
  DeliveryActivityFields,
  DisputeActivity,
  RecordActivity,
} from './operations/delivery.js';
export {
  FundsBySource,
  ProjectDisclosure,
  ProjectDisclosures,
  PublicProjectFields,
} from './operations/disclosure.js';
export {
  ProjectEvaluationFields,
  RecordEvaluation,
  RecordSatisfaction,
} from './operations/evaluations.js';
export {
  DisburseTranche,
  EarmarkFunds,
  FundingEarmarkFields,
  FundingSourceById,
  FundingSourceFields,
  FundingSourcesPage,
  JournalEntriesPage,
  JournalEntryFields,
  RecordFundingReceipt,
  RegisterFundingSource,
  ReverseJournalEntry,
} from './operations/funds.js';
export {
  CloseNeed,
  MergeNeed,
  NeedById,
  NeedFields,
  NeedsPage,
  RecordNeed,
} from './operations/needs.js';
export {
  ApproveProject,
  CancelProject,
  ChangeProjectDraft,
  CloseProject,
  DesignProject,
  LinkProjectNeed,
  ProjectIndicatorFields,
  RecordIndicatorAchieved,
  ServiceProjectById,
  ServiceProjectFields,
  ServiceProjectsPage,
} from './operations/projects.js';
export {
  AwardBid,
  CancelPurchase,
  CloseBids,
  ClosePurchase,
  ContractTrancheFields,
  PlanPurchase,
  PublishTender,
  PurchaseBidFields,
  PurchaseById,
  PurchaseFields,
  PurchasesPage,
  ServiceContractById,
  ServiceContractFields,
  SignContract,
  StartEvaluation,
  StartImplementation,
  SubmitBid,
  TerminateContract,
} from './operations/purchases.js';

// ---- Volunteers and the time bank: registry, teams, service records, certificates, points (docs/domain.md §5)

export {
  ExchangePoints,
  ListCatalogueItem,
  RestockCatalogueItem,
  ReverseTimeBankEntry,
  TimeBankAccountFields,
  TimeBankAccountStatement,
  TimeBankCatalogueItemFields,
  TimeBankCataloguePage,
  TimeBankExchangeFields,
  TimeBankTotals,
  TransferPoints,
  WithdrawCatalogueItem,
} from './operations/time-bank.js';
export {
  IssueVolunteerCertificate,
  RevokeVolunteerCertificate,
  VerifyVolunteerCertificate,
  VolunteerCertificateById,
  VolunteerCertificateFields,
} from './operations/volunteer-certificates.js';
export {
  AddTeamMember,
  CorrectVolunteerService,
  DisbandVolunteerTeam,
  EndTeamMembership,
  EndVolunteerEngagement,
  ExportVolunteerRecord,
  FormVolunteerTeam,
  ImportVolunteerRecord,
  RecordVolunteerRecordItem,
  RecordVolunteerService,
  RegisterVolunteer,
  RevealVolunteerIdentifiers,
  StartVolunteerEngagement,
  UpdateVolunteer,
  VolunteerById,
  VolunteerEngagementFields,
  VolunteerFields,
  VolunteerRecordItemFields,
  VolunteerServiceFields,
  VolunteersPage,
  VolunteerTeamById,
  VolunteerTeamFields,
  VolunteerTeamMembershipFields,
  VolunteerTeamsPage,
  WithdrawVolunteer,
} from './operations/volunteers.js';

// ---- Grid plans: departments and routing, boundaries, teams, patrols, the working calendar (docs/domain.md §7.1–§7.6)

export {
  AddWorkingDays,
  DeclareCalendarYear,
  IsWorkingDay,
  SetCalendarDay,
  WorkingCalendar,
} from './operations/calendar.js';
export {
  AddInspectionItem,
  CreateDepartment,
  DepartmentById,
  DepartmentFields,
  DepartmentsPage,
  DissolveDepartment,
  EventRouteFields,
  InspectionItemFields,
  RenameDepartment,
  RetireEventRoute,
  RetireInspectionItem,
  RouteFor,
  SetEventRoute,
} from './operations/departments.js';
export {
  DrawGridBoundary,
  GridAt,
  GridBoundaryFields,
  GridPatrolsPage,
  GridPlan,
  GridTeamMemberFields,
  LeaveGridTeam,
  PatrolCoverage,
  PatrolRecordFields,
  RecordPatrol,
  SetGridTeam,
} from './operations/grid-plan.js';

// ---- Grid management and consultation: summonses, assessment, meetings (docs/domain.md §7.8, §7.9, §8)

export {
  AddOutcomeTask,
  CompleteOutcomeTask,
  ConsultationFigures,
  ConsultationMeetingById,
  ConsultationMeetingFields,
  ConsultationMeetingsPage,
  MarkOutcomeImplemented,
  MeetingOutcomeFields,
  OutcomeTaskFields,
  OutcomeTasksPage,
  RecordConsultationMeeting,
  ReportOutcomeBack,
} from './operations/consultation.js';
export {
  AssessedRateFields,
  AssessedRatesFields,
  AssessedUnitFields,
  AssessmentCountsFields,
  AssessmentFiguresFields,
  GridAssessment,
  GridAssessmentAcrossDistricts,
  RecordAssessmentMark,
} from './operations/grid-assessment.js';
export {
  AcceptGridEvent,
  CloseGridEvent,
  DispatchGridEvent,
  EscalateGridEvent,
  ExtendGridEvent,
  FeedBackGridEvent,
  GiveBackGridEvent,
  GridEventById,
  GridEventCategories,
  GridEventFields,
  GridEventStepFields,
  GridEventsPage,
  RateGridEvent,
  RecategoriseGridEvent,
  RejectGridEvent,
  ReopenGridEvent,
  ReportGridEvent,
  RerouteGridEvent,
} from './operations/grid-events.js';
export {
  CloseSummons,
  IssueSummons,
  ReportInToSummons,
  SummonsById,
  SummonsesPage,
  SummonsFields,
} from './operations/summons.js';
