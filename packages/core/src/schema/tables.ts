// Every table of a district database, in one list for drizzle-kit and the relations.
export { auditLog } from './audit.js';
export { communities, districts, grids, subdistricts } from './hierarchy.js';
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
export {
  certificateRegistrations,
  continuingEducationRecords,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
} from './social-workers.js';
