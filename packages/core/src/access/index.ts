export type { Actor } from './actor.js';
export { systemActor } from './actor.js';
export type { ProjectVisibilityColumns } from './chain-visibility.js';
export {
  visibleBids,
  visibleFundingSources,
  visibleJournalEntries,
  visibleLedgerAccounts,
  visibleNeeds,
  visibleProjects,
  visibleWithContract,
  visibleWithProject,
  visibleWithPurchase,
} from './chain-visibility.js';
export { visibleOutcomeTasks } from './consultation-visibility.js';
export type { GridEventVisibilityColumns } from './grid-event-visibility.js';
export { visibleDepartmentNotices, visibleGridEvents } from './grid-event-visibility.js';
export { visibleGridTeamMembers, visiblePatrolRecords } from './grid-plan-visibility.js';
export type { Reach, WriteTarget } from './jurisdiction.js';
export { authorizeWrite, reachCovers, reachOf } from './jurisdiction.js';
export type { WriteAction } from './permissions.js';
export { auditReaderRoles, mayPerform, writePermissions } from './permissions.js';
export type { RecordKind } from './record-visibility.js';
export {
  isScopedRecordKind,
  recordIsVisible,
  recordKinds,
  requireVisibleRecord,
  visibleRecordSQL,
} from './record-visibility.js';
export type { Role } from './roles.js';
export { isRole, roles } from './roles.js';
export type { SummonsVisibilityColumns } from './summons-visibility.js';
export { visibleSummonses } from './summons-visibility.js';
export type { TimeBankAccountColumns } from './time-bank-visibility.js';
export {
  visibleTimeBankAccounts,
  visibleTimeBankExchanges,
  visibleTimeBankTransfers,
} from './time-bank-visibility.js';
export type { OrganizationVisibilityColumns, PostVisibilityColumns } from './visibility.js';
export {
  seesWholeDistrict,
  visibleHubMemberships,
  visibleOrganizations,
  visiblePosts,
  visibleWorkers,
} from './visibility.js';
export type {
  VolunteerServiceVisibilityColumns,
  VolunteerTeamVisibilityColumns,
  VolunteerVisibilityColumns,
} from './volunteer-visibility.js';
export {
  visibleTeamMemberships,
  visibleVolunteerServices,
  visibleVolunteers,
  visibleVolunteerTeams,
  withVisibleVolunteer,
} from './volunteer-visibility.js';
