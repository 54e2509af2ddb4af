import { defineRelations } from 'drizzle-orm';
import * as tables from './tables.js';

/** Relations (drizzle relational queries v2); every join goes through the composite keys. */
export const relations = defineRelations(tables, (r) => ({
  districts: {
    subdistricts: r.many.subdistricts(),
  },
  subdistricts: {
    district: r.one.districts({
      from: r.subdistricts.districtCode,
      to: r.districts.districtCode,
      optional: false,
    }),
    communities: r.many.communities(),
    successor: r.one.subdistricts({
      from: [r.subdistricts.districtCode, r.subdistricts.successorId],
      to: [r.subdistricts.districtCode, r.subdistricts.id],
      alias: 'subdistrict_successor',
    }),
  },
  communities: {
    subdistrict: r.one.subdistricts({
      from: [r.communities.districtCode, r.communities.subdistrictId],
      to: [r.subdistricts.districtCode, r.subdistricts.id],
      optional: false,
    }),
    grids: r.many.grids(),
    /** Organizations rooted in the community (社区社会组织). */
    baseOrganizations: r.many.socialOrganizations({
      from: [r.communities.districtCode, r.communities.id],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.communityId],
      alias: 'organization_base_community',
    }),
    /** Organizations serving the community (its own among them). */
    servingOrganizations: r.many.socialOrganizations({
      from: [
        r.communities.districtCode.through(r.organizationCommunities.districtCode),
        r.communities.id.through(r.organizationCommunities.communityId),
      ],
      to: [
        r.socialOrganizations.districtCode.through(r.organizationCommunities.districtCode),
        r.socialOrganizations.id.through(r.organizationCommunities.organizationId),
      ],
      alias: 'organization_served_communities',
    }),
    posts: r.many.socialWorkerPosts({
      from: [r.communities.districtCode, r.communities.id],
      to: [r.socialWorkerPosts.districtCode, r.socialWorkerPosts.communityId],
      alias: 'post_community',
    }),
    successor: r.one.communities({
      from: [r.communities.districtCode, r.communities.successorId],
      to: [r.communities.districtCode, r.communities.id],
      alias: 'community_successor',
    }),
  },
  grids: {
    community: r.one.communities({
      from: [r.grids.districtCode, r.grids.communityId],
      to: [r.communities.districtCode, r.communities.id],
      optional: false,
    }),
    successor: r.one.grids({
      from: [r.grids.districtCode, r.grids.successorId],
      to: [r.grids.districtCode, r.grids.id],
      alias: 'grid_successor',
    }),
  },
  socialOrganizations: {
    community: r.one.communities({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.communityId],
      to: [r.communities.districtCode, r.communities.id],
      alias: 'organization_base_community',
    }),
    servedCommunities: r.many.communities({
      from: [
        r.socialOrganizations.districtCode.through(r.organizationCommunities.districtCode),
        r.socialOrganizations.id.through(r.organizationCommunities.organizationId),
      ],
      to: [
        r.communities.districtCode.through(r.organizationCommunities.districtCode),
        r.communities.id.through(r.organizationCommunities.communityId),
      ],
      alias: 'organization_served_communities',
    }),
    statusChanges: r.many.organizationStatusChanges({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.organizationStatusChanges.districtCode, r.organizationStatusChanges.organizationId],
    }),
    creditRecords: r.many.organizationCreditRecords({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.organizationCreditRecords.districtCode, r.organizationCreditRecords.organizationId],
    }),
    listEntries: r.many.organizationListEntries({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.organizationListEntries.districtCode, r.organizationListEntries.organizationId],
    }),
    creditProcedures: r.many.organizationCreditProcedures({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.organizationCreditProcedures.districtCode, r.organizationCreditProcedures.organizationId],
    }),
    grades: r.many.organizationGrades({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.organizationGrades.districtCode, r.organizationGrades.organizationId],
    }),
    disclosures: r.many.organizationDisclosures({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.organizationDisclosures.districtCode, r.organizationDisclosures.organizationId],
    }),
    /** Memberships where this organization is the hub. */
    memberships: r.many.organizationHubMemberships({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.organizationHubMemberships.districtCode, r.organizationHubMemberships.hubId],
      alias: 'hub_membership_hub',
    }),
    /** Memberships where this organization is the member. */
    hubMemberships: r.many.organizationHubMemberships({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.organizationHubMemberships.districtCode, r.organizationHubMemberships.memberId],
      alias: 'hub_membership_member',
    }),
    posts: r.many.socialWorkerPosts({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.socialWorkerPosts.districtCode, r.socialWorkerPosts.organizationId],
      alias: 'post_organization',
    }),
  },
  organizationStatusChanges: {
    organization: r.one.socialOrganizations({
      from: [r.organizationStatusChanges.districtCode, r.organizationStatusChanges.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      optional: false,
    }),
  },
  organizationCreditRecords: {
    organization: r.one.socialOrganizations({
      from: [r.organizationCreditRecords.districtCode, r.organizationCreditRecords.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      optional: false,
    }),
  },
  organizationGrades: {
    organization: r.one.socialOrganizations({
      from: [r.organizationGrades.districtCode, r.organizationGrades.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      optional: false,
    }),
  },
  organizationDisclosures: {
    organization: r.one.socialOrganizations({
      from: [r.organizationDisclosures.districtCode, r.organizationDisclosures.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      optional: false,
    }),
  },
  organizationListEntries: {
    organization: r.one.socialOrganizations({
      from: [r.organizationListEntries.districtCode, r.organizationListEntries.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      optional: false,
    }),
    escalatedFrom: r.one.organizationListEntries({
      from: [r.organizationListEntries.districtCode, r.organizationListEntries.escalatedFromId],
      to: [r.organizationListEntries.districtCode, r.organizationListEntries.id],
      alias: 'list_entry_escalation',
    }),
  },
  organizationCreditProcedures: {
    organization: r.one.socialOrganizations({
      from: [r.organizationCreditProcedures.districtCode, r.organizationCreditProcedures.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      optional: false,
    }),
    listEntry: r.one.organizationListEntries({
      from: [r.organizationCreditProcedures.districtCode, r.organizationCreditProcedures.listEntryId],
      to: [r.organizationListEntries.districtCode, r.organizationListEntries.id],
    }),
    creditRecord: r.one.organizationCreditRecords({
      from: [r.organizationCreditProcedures.districtCode, r.organizationCreditProcedures.creditRecordId],
      to: [r.organizationCreditRecords.districtCode, r.organizationCreditRecords.id],
    }),
  },
  certificateRegistrations: {
    certificate: r.one.socialWorkCertificates({
      from: [r.certificateRegistrations.districtCode, r.certificateRegistrations.certificateId],
      to: [r.socialWorkCertificates.districtCode, r.socialWorkCertificates.id],
      optional: false,
    }),
  },
  continuingEducationRecords: {
    worker: r.one.socialWorkers({
      from: [r.continuingEducationRecords.districtCode, r.continuingEducationRecords.workerId],
      to: [r.socialWorkers.districtCode, r.socialWorkers.id],
      optional: false,
    }),
  },
  organizationHubMemberships: {
    hub: r.one.socialOrganizations({
      from: [r.organizationHubMemberships.districtCode, r.organizationHubMemberships.hubId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      alias: 'hub_membership_hub',
      optional: false,
    }),
    member: r.one.socialOrganizations({
      from: [r.organizationHubMemberships.districtCode, r.organizationHubMemberships.memberId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      alias: 'hub_membership_member',
      optional: false,
    }),
  },
  socialWorkers: {
    certificates: r.many.socialWorkCertificates({
      from: [r.socialWorkers.districtCode, r.socialWorkers.id],
      to: [r.socialWorkCertificates.districtCode, r.socialWorkCertificates.workerId],
    }),
    posts: r.many.socialWorkerPosts({
      from: [r.socialWorkers.districtCode, r.socialWorkers.id],
      to: [r.socialWorkerPosts.districtCode, r.socialWorkerPosts.workerId],
      alias: 'post_worker',
    }),
    continuingEducation: r.many.continuingEducationRecords({
      from: [r.socialWorkers.districtCode, r.socialWorkers.id],
      to: [r.continuingEducationRecords.districtCode, r.continuingEducationRecords.workerId],
    }),
  },
  socialWorkCertificates: {
    worker: r.one.socialWorkers({
      from: [r.socialWorkCertificates.districtCode, r.socialWorkCertificates.workerId],
      to: [r.socialWorkers.districtCode, r.socialWorkers.id],
      optional: false,
    }),
    registrations: r.many.certificateRegistrations({
      from: [r.socialWorkCertificates.districtCode, r.socialWorkCertificates.id],
      to: [r.certificateRegistrations.districtCode, r.certificateRegistrations.certificateId],
    }),
  },
  socialWorkerPosts: {
    worker: r.one.socialWorkers({
      from: [r.socialWorkerPosts.districtCode, r.socialWorkerPosts.workerId],
      to: [r.socialWorkers.districtCode, r.socialWorkers.id],
      alias: 'post_worker',
      optional: false,
    }),
    organization: r.one.socialOrganizations({
      from: [r.socialWorkerPosts.districtCode, r.socialWorkerPosts.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      alias: 'post_organization',
    }),
    community: r.one.communities({
      from: [r.socialWorkerPosts.districtCode, r.socialWorkerPosts.communityId],
      to: [r.communities.districtCode, r.communities.id],
      alias: 'post_community',
    }),
  },
}));

export type SansheRelations = typeof relations;
