// Every table of a district database, in one list for drizzle-kit and the relations.
export { auditLog } from './audit.js';
export {
  consultationMeetings,
  meetingOutcomes,
  meetingParticipants,
  meetingTopics,
  outcomeTasks,
} from './consultation.js';
export { activityHours, deliveryActivities } from './delivery.js';
export { departments, eventRoutes } from './departments.js';
export { projectEvaluations, satisfactionAnswers } from './evaluations.js';
export { fundingEarmarks, fundingSources } from './funding.js';
export {
  departmentNotices,
  gridAssessmentMarks,
  gridEventSteps,
  gridEvents,
  summonsDepartments,
  summonses,
} from './grid-events.js';
export { gridBoundaries, gridTeamMembers, inspectionItems, patrolRecords } from './grid-teams.js';
export { communities, districts, grids, subdistricts } from './hierarchy.js';
export { idempotencyKeys } from './idempotency-keys.js';
export { indicatorContributions, indicatorCounters } from './indicator-counters.js';
export { journalEntries, journalLines, ledgerAccounts } from './ledger.js';
export { needs } from './needs.js';
export {
  organizationCommunities,
  organizationCreditProcedures,
  organizationCreditRecords,
  organizationDisclosures,
  organizationGrades,
  organizationHubMemberships,
  organizationListEntries,
  organizationStatusChanges,
  socialOrganizations,
} from './organizations.js';
export { personalDataAccessLog } from './personal-data-access.js';
export { policyValues } from './policies.js';
export { unitPopulations } from './populations.js';
export { contractTranches, purchaseBids, purchases, serviceContracts } from './purchases.js';
export {
  projectBudgetLines,
  projectCommunities,
  projectIndicators,
  projectNeeds,
  serviceProjects,
} from './service-projects.js';
export {
  certificateRegistrations,
  continuingEducationRecords,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
} from './social-workers.js';
export {
  timeBankCatalogueItems,
  timeBankEarnings,
  timeBankExchanges,
  timeBankTransfers,
} from './time-bank.js';
export {
  volunteerCertificates,
  volunteerEngagements,
  volunteerRecordItems,
  volunteerServices,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from './volunteers.js';
export { calendarDays, calendarYears } from './working-calendar.js';
