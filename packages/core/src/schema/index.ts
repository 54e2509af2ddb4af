export type { AuditLogRow } from './audit.js';
export type {
  ConsultationMeeting,
  MeetingOutcome,
  MeetingParticipant,
  MeetingTopic,
  OutcomeTask,
} from './consultation.js';
export type { ActivityHours, DeliveryActivity } from './delivery.js';
export type { Department, EventRoute } from './departments.js';
export type { ProjectEvaluation, SatisfactionAnswer } from './evaluations.js';
export type { FundingEarmark, FundingSource } from './funding.js';
export type {
  DepartmentNotice,
  GridAssessmentMark,
  GridEvent,
  GridEventStep,
  Summons,
  SummonsDepartment,
} from './grid-events.js';
export type { GridBoundary, GridTeamMember, InspectionItem, PatrolRecord } from './grid-teams.js';
export type { Community, District, Grid, Subdistrict } from './hierarchy.js';
export type { IdempotencyKeyRow } from './idempotency-keys.js';
export type { JournalEntry, JournalLine, LedgerAccount } from './ledger.js';
export type { Need } from './needs.js';
export type {
  OrganizationCreditProcedure,
  OrganizationCreditRecord,
  OrganizationDisclosure,
  OrganizationGrade,
  OrganizationHubMembership,
  OrganizationListEntry,
  OrganizationStatusChange,
  SocialOrganization,
} from './organizations.js';
export type { PersonalDataAccessRow } from './personal-data-access.js';
export type { PolicyValueRow } from './policies.js';
export type { UnitPopulation } from './populations.js';
export type { ContractTranche, Purchase, PurchaseBid, ServiceContract } from './purchases.js';
export type { SansheRelations } from './relations.js';
export { relations } from './relations.js';
export type {
  ProjectBudgetLine,
  ProjectCommunity,
  ProjectIndicator,
  ProjectNeed,
  ServiceProject,
} from './service-projects.js';
export type {
  CertificateRegistration,
  ContinuingEducationRecord,
  SocialWorkCertificate,
  SocialWorker,
  SocialWorkerPost,
} from './social-workers.js';
export {
  activityHours,
  auditLog,
  calendarDays,
  calendarYears,
  certificateRegistrations,
  communities,
  consultationMeetings,
  continuingEducationRecords,
  contractTranches,
  deliveryActivities,
  departmentNotices,
  departments,
  districts,
  eventRoutes,
  fundingEarmarks,
  fundingSources,
  gridAssessmentMarks,
  gridBoundaries,
  gridEventSteps,
  gridEvents,
  grids,
  gridTeamMembers,
  idempotencyKeys,
  indicatorContributions,
  indicatorCounters,
  inspectionItems,
  journalEntries,
  journalLines,
  ledgerAccounts,
  meetingOutcomes,
  meetingParticipants,
  meetingTopics,
  needs,
  organizationCommunities,
  organizationCreditProcedures,
  organizationCreditRecords,
  organizationDisclosures,
  organizationGrades,
  organizationHubMemberships,
  organizationListEntries,
  organizationStatusChanges,
  outcomeTasks,
  patrolRecords,
  personalDataAccessLog,
  policyValues,
  projectBudgetLines,
  projectCommunities,
  projectEvaluations,
  projectIndicators,
  projectNeeds,
  purchaseBids,
  purchases,
  satisfactionAnswers,
  serviceContracts,
  serviceProjects,
  socialOrganizations,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
  subdistricts,
  summonsDepartments,
  summonses,
  timeBankCatalogueItems,
  timeBankEarnings,
  timeBankExchanges,
  timeBankTransfers,
  unitPopulations,
  volunteerCertificates,
  volunteerEngagements,
  volunteerRecordItems,
  volunteerServices,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from './tables.js';
export type {
  TimeBankCatalogueItem,
  TimeBankEarning,
  TimeBankExchange,
  TimeBankTransfer,
} from './time-bank.js';
export type {
  Volunteer,
  VolunteerCertificate,
  VolunteerEngagement,
  VolunteerRecordItem,
  VolunteerService,
  VolunteerTeam,
  VolunteerTeamMember,
} from './volunteers.js';
export type { CalendarDay, CalendarYear } from './working-calendar.js';
