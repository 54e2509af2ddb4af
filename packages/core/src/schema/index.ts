export type { AuditLogRow } from './audit.js';
export type { Community, District, Grid, Subdistrict } from './hierarchy.js';
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
export type { SansheRelations } from './relations.js';
export { relations } from './relations.js';
export type {
  CertificateRegistration,
  ContinuingEducationRecord,
  SocialWorkCertificate,
  SocialWorker,
  SocialWorkerPost,
} from './social-workers.js';
export {
  auditLog,
  certificateRegistrations,
  communities,
  continuingEducationRecords,
  districts,
  grids,
  organizationCommunities,
  organizationCreditProcedures,
  organizationCreditRecords,
  organizationDisclosures,
  organizationGrades,
  organizationHubMemberships,
  organizationListEntries,
  organizationStatusChanges,
  personalDataAccessLog,
  policyValues,
  socialOrganizations,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
  subdistricts,
  unitPopulations,
} from './tables.js';
