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
    /** The grid events of its grids (docs/domain.md §7.7), for a community's queue in one statement. */
    gridEvents: r.many.gridEvents(),
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
    boundaries: r.many.gridBoundaries(),
    teamMembers: r.many.gridTeamMembers(),
    events: r.many.gridEvents(),
    patrols: r.many.patrolRecords(),
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
    /** Contracts the organization undertakes (承接): part of its record for the next tender. */
    contracts: r.many.serviceContracts({
      from: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      to: [r.serviceContracts.districtCode, r.serviceContracts.organizationId],
      alias: 'contract_organization',
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
  // The service chain (docs/domain.md §6): needs, projects, purchase, funds, delivery, evaluation.
  needs: {
    community: r.one.communities({
      from: [r.needs.districtCode, r.needs.communityId],
      to: [r.communities.districtCode, r.communities.id],
      optional: false,
    }),
    grid: r.one.grids({
      from: [r.needs.districtCode, r.needs.gridId],
      to: [r.grids.districtCode, r.grids.id],
    }),
    mergedInto: r.one.needs({
      from: [r.needs.districtCode, r.needs.mergedIntoId],
      to: [r.needs.districtCode, r.needs.id],
      alias: 'need_merged_into',
    }),
    projects: r.many.serviceProjects({
      from: [
        r.needs.districtCode.through(r.projectNeeds.districtCode),
        r.needs.id.through(r.projectNeeds.needId),
      ],
      to: [
        r.serviceProjects.districtCode.through(r.projectNeeds.districtCode),
        r.serviceProjects.id.through(r.projectNeeds.projectId),
      ],
      alias: 'project_needs',
    }),
  },
  serviceProjects: {
    needs: r.many.needs({
      from: [
        r.serviceProjects.districtCode.through(r.projectNeeds.districtCode),
        r.serviceProjects.id.through(r.projectNeeds.projectId),
      ],
      to: [
        r.needs.districtCode.through(r.projectNeeds.districtCode),
        r.needs.id.through(r.projectNeeds.needId),
      ],
      alias: 'project_needs',
    }),
    communities: r.many.communities({
      from: [
        r.serviceProjects.districtCode.through(r.projectCommunities.districtCode),
        r.serviceProjects.id.through(r.projectCommunities.projectId),
      ],
      to: [
        r.communities.districtCode.through(r.projectCommunities.districtCode),
        r.communities.id.through(r.projectCommunities.communityId),
      ],
      alias: 'project_communities',
    }),
    budgetLines: r.many.projectBudgetLines({
      from: [r.serviceProjects.districtCode, r.serviceProjects.id],
      to: [r.projectBudgetLines.districtCode, r.projectBudgetLines.projectId],
    }),
    indicators: r.many.projectIndicators({
      from: [r.serviceProjects.districtCode, r.serviceProjects.id],
      to: [r.projectIndicators.districtCode, r.projectIndicators.projectId],
    }),
    purchases: r.many.purchases({
      from: [r.serviceProjects.districtCode, r.serviceProjects.id],
      to: [r.purchases.districtCode, r.purchases.projectId],
    }),
    earmarks: r.many.fundingEarmarks({
      from: [r.serviceProjects.districtCode, r.serviceProjects.id],
      to: [r.fundingEarmarks.districtCode, r.fundingEarmarks.projectId],
    }),
    satisfactionAnswers: r.many.satisfactionAnswers({
      from: [r.serviceProjects.districtCode, r.serviceProjects.id],
      to: [r.satisfactionAnswers.districtCode, r.satisfactionAnswers.projectId],
    }),
  },
  projectBudgetLines: {
    project: r.one.serviceProjects({
      from: [r.projectBudgetLines.districtCode, r.projectBudgetLines.projectId],
      to: [r.serviceProjects.districtCode, r.serviceProjects.id],
      optional: false,
    }),
  },
  projectIndicators: {
    project: r.one.serviceProjects({
      from: [r.projectIndicators.districtCode, r.projectIndicators.projectId],
      to: [r.serviceProjects.districtCode, r.serviceProjects.id],
      optional: false,
    }),
  },
  purchases: {
    project: r.one.serviceProjects({
      from: [r.purchases.districtCode, r.purchases.projectId],
      to: [r.serviceProjects.districtCode, r.serviceProjects.id],
      optional: false,
    }),
    bids: r.many.purchaseBids({
      from: [r.purchases.districtCode, r.purchases.id],
      to: [r.purchaseBids.districtCode, r.purchaseBids.purchaseId],
    }),
    contract: r.one.serviceContracts({
      from: [r.purchases.districtCode, r.purchases.id],
      to: [r.serviceContracts.districtCode, r.serviceContracts.purchaseId],
    }),
  },
  purchaseBids: {
    purchase: r.one.purchases({
      from: [r.purchaseBids.districtCode, r.purchaseBids.purchaseId],
      to: [r.purchases.districtCode, r.purchases.id],
      optional: false,
    }),
    organization: r.one.socialOrganizations({
      from: [r.purchaseBids.districtCode, r.purchaseBids.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      optional: false,
    }),
  },
  serviceContracts: {
    purchase: r.one.purchases({
      from: [r.serviceContracts.districtCode, r.serviceContracts.purchaseId],
      to: [r.purchases.districtCode, r.purchases.id],
      optional: false,
    }),
    bid: r.one.purchaseBids({
      from: [r.serviceContracts.districtCode, r.serviceContracts.bidId],
      to: [r.purchaseBids.districtCode, r.purchaseBids.id],
      optional: false,
    }),
    organization: r.one.socialOrganizations({
      from: [r.serviceContracts.districtCode, r.serviceContracts.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
      alias: 'contract_organization',
      optional: false,
    }),
    tranches: r.many.contractTranches({
      from: [r.serviceContracts.districtCode, r.serviceContracts.id],
      to: [r.contractTranches.districtCode, r.contractTranches.contractId],
    }),
    activities: r.many.deliveryActivities({
      from: [r.serviceContracts.districtCode, r.serviceContracts.id],
      to: [r.deliveryActivities.districtCode, r.deliveryActivities.contractId],
    }),
    evaluations: r.many.projectEvaluations({
      from: [r.serviceContracts.districtCode, r.serviceContracts.id],
      to: [r.projectEvaluations.districtCode, r.projectEvaluations.contractId],
    }),
  },
  contractTranches: {
    contract: r.one.serviceContracts({
      from: [r.contractTranches.districtCode, r.contractTranches.contractId],
      to: [r.serviceContracts.districtCode, r.serviceContracts.id],
      optional: false,
    }),
    entries: r.many.journalEntries({
      from: [r.contractTranches.districtCode, r.contractTranches.id],
      to: [r.journalEntries.districtCode, r.journalEntries.trancheId],
    }),
  },
  fundingSources: {
    funderOrganization: r.one.socialOrganizations({
      from: [r.fundingSources.districtCode, r.fundingSources.funderOrganizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
    }),
    earmarks: r.many.fundingEarmarks({
      from: [r.fundingSources.districtCode, r.fundingSources.id],
      to: [r.fundingEarmarks.districtCode, r.fundingEarmarks.sourceId],
    }),
    accounts: r.many.ledgerAccounts({
      from: [r.fundingSources.districtCode, r.fundingSources.id],
      to: [r.ledgerAccounts.districtCode, r.ledgerAccounts.fundingSourceId],
    }),
  },
  fundingEarmarks: {
    source: r.one.fundingSources({
      from: [r.fundingEarmarks.districtCode, r.fundingEarmarks.sourceId],
      to: [r.fundingSources.districtCode, r.fundingSources.id],
      optional: false,
    }),
    project: r.one.serviceProjects({
      from: [r.fundingEarmarks.districtCode, r.fundingEarmarks.projectId],
      to: [r.serviceProjects.districtCode, r.serviceProjects.id],
      optional: false,
    }),
    // The earmark's own ledger account: the only account naming both a source and a project.
    account: r.one.ledgerAccounts({
      from: [r.fundingEarmarks.districtCode, r.fundingEarmarks.sourceId, r.fundingEarmarks.projectId],
      to: [r.ledgerAccounts.districtCode, r.ledgerAccounts.fundingSourceId, r.ledgerAccounts.projectId],
    }),
  },
  ledgerAccounts: {
    fundingSource: r.one.fundingSources({
      from: [r.ledgerAccounts.districtCode, r.ledgerAccounts.fundingSourceId],
      to: [r.fundingSources.districtCode, r.fundingSources.id],
    }),
    project: r.one.serviceProjects({
      from: [r.ledgerAccounts.districtCode, r.ledgerAccounts.projectId],
      to: [r.serviceProjects.districtCode, r.serviceProjects.id],
    }),
    organization: r.one.socialOrganizations({
      from: [r.ledgerAccounts.districtCode, r.ledgerAccounts.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
    }),
    lines: r.many.journalLines({
      from: [r.ledgerAccounts.districtCode, r.ledgerAccounts.id],
      to: [r.journalLines.districtCode, r.journalLines.accountId],
    }),
  },
  journalEntries: {
    lines: r.many.journalLines({
      from: [r.journalEntries.districtCode, r.journalEntries.id],
      to: [r.journalLines.districtCode, r.journalLines.entryId],
    }),
    reverses: r.one.journalEntries({
      from: [r.journalEntries.districtCode, r.journalEntries.reversesEntryId],
      to: [r.journalEntries.districtCode, r.journalEntries.id],
      alias: 'journal_entry_reversal',
    }),
    tranche: r.one.contractTranches({
      from: [r.journalEntries.districtCode, r.journalEntries.trancheId],
      to: [r.contractTranches.districtCode, r.contractTranches.id],
    }),
  },
  journalLines: {
    entry: r.one.journalEntries({
      from: [r.journalLines.districtCode, r.journalLines.entryId],
      to: [r.journalEntries.districtCode, r.journalEntries.id],
      optional: false,
    }),
    account: r.one.ledgerAccounts({
      from: [r.journalLines.districtCode, r.journalLines.accountId],
      to: [r.ledgerAccounts.districtCode, r.ledgerAccounts.id],
      optional: false,
    }),
  },
  deliveryActivities: {
    contract: r.one.serviceContracts({
      from: [r.deliveryActivities.districtCode, r.deliveryActivities.contractId],
      to: [r.serviceContracts.districtCode, r.serviceContracts.id],
      optional: false,
    }),
    community: r.one.communities({
      from: [r.deliveryActivities.districtCode, r.deliveryActivities.communityId],
      to: [r.communities.districtCode, r.communities.id],
      optional: false,
    }),
    hours: r.many.activityHours({
      from: [r.deliveryActivities.districtCode, r.deliveryActivities.id],
      to: [r.activityHours.districtCode, r.activityHours.activityId],
    }),
  },
  activityHours: {
    activity: r.one.deliveryActivities({
      from: [r.activityHours.districtCode, r.activityHours.activityId],
      to: [r.deliveryActivities.districtCode, r.deliveryActivities.id],
      optional: false,
    }),
    worker: r.one.socialWorkers({
      from: [r.activityHours.districtCode, r.activityHours.workerId],
      to: [r.socialWorkers.districtCode, r.socialWorkers.id],
    }),
  },
  satisfactionAnswers: {
    project: r.one.serviceProjects({
      from: [r.satisfactionAnswers.districtCode, r.satisfactionAnswers.projectId],
      to: [r.serviceProjects.districtCode, r.serviceProjects.id],
      optional: false,
    }),
  },
  projectEvaluations: {
    contract: r.one.serviceContracts({
      from: [r.projectEvaluations.districtCode, r.projectEvaluations.contractId],
      to: [r.serviceContracts.districtCode, r.serviceContracts.id],
      optional: false,
    }),
    evaluatorOrganization: r.one.socialOrganizations({
      from: [r.projectEvaluations.districtCode, r.projectEvaluations.evaluatorOrganizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
    }),
  },
  departments: {
    routes: r.many.eventRoutes(),
    inspectionItems: r.many.inspectionItems(),
  },
  eventRoutes: {
    department: r.one.departments({
      from: [r.eventRoutes.districtCode, r.eventRoutes.departmentId],
      to: [r.departments.districtCode, r.departments.id],
      optional: false,
    }),
  },
  gridBoundaries: {
    grid: r.one.grids({
      from: [r.gridBoundaries.districtCode, r.gridBoundaries.gridId],
      to: [r.grids.districtCode, r.grids.id],
      optional: false,
    }),
  },
  gridTeamMembers: {
    grid: r.one.grids({
      from: [r.gridTeamMembers.districtCode, r.gridTeamMembers.gridId],
      to: [r.grids.districtCode, r.grids.id],
      optional: false,
    }),
    volunteer: r.one.volunteers({
      from: [r.gridTeamMembers.districtCode, r.gridTeamMembers.volunteerId],
      to: [r.volunteers.districtCode, r.volunteers.id],
    }),
  },
  inspectionItems: {
    department: r.one.departments({
      from: [r.inspectionItems.districtCode, r.inspectionItems.departmentId],
      to: [r.departments.districtCode, r.departments.id],
      optional: false,
    }),
  },
  patrolRecords: {
    grid: r.one.grids({
      from: [r.patrolRecords.districtCode, r.patrolRecords.gridId],
      to: [r.grids.districtCode, r.grids.id],
      optional: false,
    }),
    item: r.one.inspectionItems({
      from: [r.patrolRecords.districtCode, r.patrolRecords.itemId],
      to: [r.inspectionItems.districtCode, r.inspectionItems.id],
      optional: false,
    }),
  },
  gridEvents: {
    grid: r.one.grids({
      from: [r.gridEvents.districtCode, r.gridEvents.gridId],
      to: [r.grids.districtCode, r.grids.id],
      optional: false,
    }),
    community: r.one.communities({
      from: [r.gridEvents.districtCode, r.gridEvents.communityId],
      to: [r.communities.districtCode, r.communities.id],
      optional: false,
    }),
    department: r.one.departments({
      from: [r.gridEvents.districtCode, r.gridEvents.departmentId],
      to: [r.departments.districtCode, r.departments.id],
    }),
    patrolRecord: r.one.patrolRecords({
      from: [r.gridEvents.districtCode, r.gridEvents.patrolRecordId],
      to: [r.patrolRecords.districtCode, r.patrolRecords.id],
    }),
    steps: r.many.gridEventSteps(),
  },
  gridEventSteps: {
    event: r.one.gridEvents({
      from: [r.gridEventSteps.districtCode, r.gridEventSteps.eventId],
      to: [r.gridEvents.districtCode, r.gridEvents.id],
      optional: false,
    }),
    department: r.one.departments({
      from: [r.gridEventSteps.districtCode, r.gridEventSteps.departmentId],
      to: [r.departments.districtCode, r.departments.id],
    }),
  },
  departmentNotices: {
    department: r.one.departments({
      from: [r.departmentNotices.districtCode, r.departmentNotices.departmentId],
      to: [r.departments.districtCode, r.departments.id],
      optional: false,
    }),
    event: r.one.gridEvents({
      from: [r.departmentNotices.districtCode, r.departmentNotices.eventId],
      to: [r.gridEvents.districtCode, r.gridEvents.id],
    }),
  },
  summonses: {
    community: r.one.communities({
      from: [r.summonses.districtCode, r.summonses.communityId],
      to: [r.communities.districtCode, r.communities.id],
      optional: false,
    }),
    event: r.one.gridEvents({
      from: [r.summonses.districtCode, r.summonses.eventId],
      to: [r.gridEvents.districtCode, r.gridEvents.id],
    }),
    departments: r.many.summonsDepartments(),
  },
  summonsDepartments: {
    summons: r.one.summonses({
      from: [r.summonsDepartments.districtCode, r.summonsDepartments.summonsId],
      to: [r.summonses.districtCode, r.summonses.id],
      optional: false,
    }),
    department: r.one.departments({
      from: [r.summonsDepartments.districtCode, r.summonsDepartments.departmentId],
      to: [r.departments.districtCode, r.departments.id],
      optional: false,
    }),
  },
  consultationMeetings: {
    community: r.one.communities({
      from: [r.consultationMeetings.districtCode, r.consultationMeetings.communityId],
      to: [r.communities.districtCode, r.communities.id],
      optional: false,
    }),
    participants: r.many.meetingParticipants(),
    topics: r.many.meetingTopics(),
    outcomes: r.many.meetingOutcomes(),
  },
  meetingParticipants: {
    meeting: r.one.consultationMeetings({
      from: [r.meetingParticipants.districtCode, r.meetingParticipants.meetingId],
      to: [r.consultationMeetings.districtCode, r.consultationMeetings.id],
      optional: false,
    }),
    organization: r.one.socialOrganizations({
      from: [r.meetingParticipants.districtCode, r.meetingParticipants.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
    }),
    department: r.one.departments({
      from: [r.meetingParticipants.districtCode, r.meetingParticipants.departmentId],
      to: [r.departments.districtCode, r.departments.id],
    }),
  },
  meetingTopics: {
    meeting: r.one.consultationMeetings({
      from: [r.meetingTopics.districtCode, r.meetingTopics.meetingId],
      to: [r.consultationMeetings.districtCode, r.consultationMeetings.id],
      optional: false,
    }),
    event: r.one.gridEvents({
      from: [r.meetingTopics.districtCode, r.meetingTopics.eventId],
      to: [r.gridEvents.districtCode, r.gridEvents.id],
    }),
    need: r.one.needs({
      from: [r.meetingTopics.districtCode, r.meetingTopics.needId],
      to: [r.needs.districtCode, r.needs.id],
    }),
    outcomes: r.many.meetingOutcomes(),
  },
  meetingOutcomes: {
    topic: r.one.meetingTopics({
      from: [r.meetingOutcomes.districtCode, r.meetingOutcomes.topicId],
      to: [r.meetingTopics.districtCode, r.meetingTopics.id],
      optional: false,
    }),
    meeting: r.one.consultationMeetings({
      from: [r.meetingOutcomes.districtCode, r.meetingOutcomes.meetingId],
      to: [r.consultationMeetings.districtCode, r.consultationMeetings.id],
      optional: false,
    }),
    tasks: r.many.outcomeTasks(),
  },
  // The volunteer area (docs/domain.md §5): every link a GraphQL field follows is a relation, so
  // a list of volunteers with their records is one statement, not one per volunteer.
  volunteers: {
    homeCommunity: r.one.communities({
      from: [r.volunteers.districtCode, r.volunteers.homeCommunityId],
      to: [r.communities.districtCode, r.communities.id],
      optional: false,
    }),
    services: r.many.volunteerServices(),
    teamMemberships: r.many.volunteerTeamMembers(),
    engagements: r.many.volunteerEngagements(),
    recordItems: r.many.volunteerRecordItems(),
    // Read by the gateway with the volunteer, behind the time bank's and the record's visibility.
    timeBankAccounts: r.many.ledgerAccounts({
      from: [r.volunteers.districtCode, r.volunteers.id],
      to: [r.ledgerAccounts.districtCode, r.ledgerAccounts.volunteerId],
    }),
    timeBankExchanges: r.many.timeBankExchanges({
      from: [r.volunteers.districtCode, r.volunteers.id],
      to: [r.timeBankExchanges.districtCode, r.timeBankExchanges.volunteerId],
    }),
    certificates: r.many.volunteerCertificates({
      from: [r.volunteers.districtCode, r.volunteers.id],
      to: [r.volunteerCertificates.districtCode, r.volunteerCertificates.volunteerId],
    }),
  },
  volunteerTeams: {
    community: r.one.communities({
      from: [r.volunteerTeams.districtCode, r.volunteerTeams.communityId],
      to: [r.communities.districtCode, r.communities.id],
    }),
    organization: r.one.socialOrganizations({
      from: [r.volunteerTeams.districtCode, r.volunteerTeams.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
    }),
    members: r.many.volunteerTeamMembers(),
  },
  volunteerTeamMembers: {
    team: r.one.volunteerTeams({
      from: [r.volunteerTeamMembers.districtCode, r.volunteerTeamMembers.teamId],
      to: [r.volunteerTeams.districtCode, r.volunteerTeams.id],
    }),
    volunteer: r.one.volunteers({
      from: [r.volunteerTeamMembers.districtCode, r.volunteerTeamMembers.volunteerId],
      to: [r.volunteers.districtCode, r.volunteers.id],
    }),
  },
  volunteerEngagements: {
    volunteer: r.one.volunteers({
      from: [r.volunteerEngagements.districtCode, r.volunteerEngagements.volunteerId],
      to: [r.volunteers.districtCode, r.volunteers.id],
    }),
    grid: r.one.grids({
      from: [r.volunteerEngagements.districtCode, r.volunteerEngagements.gridId],
      to: [r.grids.districtCode, r.grids.id],
    }),
  },
  volunteerRecordItems: {
    volunteer: r.one.volunteers({
      from: [r.volunteerRecordItems.districtCode, r.volunteerRecordItems.volunteerId],
      to: [r.volunteers.districtCode, r.volunteers.id],
    }),
  },
  volunteerServices: {
    volunteer: r.one.volunteers({
      from: [r.volunteerServices.districtCode, r.volunteerServices.volunteerId],
      to: [r.volunteers.districtCode, r.volunteers.id],
    }),
    /** The record this one corrects. */
    corrects: r.one.volunteerServices({
      from: [r.volunteerServices.districtCode, r.volunteerServices.correctsServiceId],
      to: [r.volunteerServices.districtCode, r.volunteerServices.id],
      alias: 'volunteer_service_corrects',
    }),
    /** The record that corrects this one (at most one: a record is corrected once). */
    correctedBy: r.one.volunteerServices({
      from: [r.volunteerServices.districtCode, r.volunteerServices.id],
      to: [r.volunteerServices.districtCode, r.volunteerServices.correctsServiceId],
      alias: 'volunteer_service_corrected_by',
    }),
    community: r.one.communities({
      from: [r.volunteerServices.districtCode, r.volunteerServices.communityId],
      to: [r.communities.districtCode, r.communities.id],
    }),
    certifierTeam: r.one.volunteerTeams({
      from: [r.volunteerServices.districtCode, r.volunteerServices.certifierTeamId],
      to: [r.volunteerTeams.districtCode, r.volunteerTeams.id],
    }),
  },
  outcomeTasks: {
    outcome: r.one.meetingOutcomes({
      from: [r.outcomeTasks.districtCode, r.outcomeTasks.outcomeId],
      to: [r.meetingOutcomes.districtCode, r.meetingOutcomes.id],
      optional: false,
    }),
    department: r.one.departments({
      from: [r.outcomeTasks.districtCode, r.outcomeTasks.departmentId],
      to: [r.departments.districtCode, r.departments.id],
    }),
    organization: r.one.socialOrganizations({
      from: [r.outcomeTasks.districtCode, r.outcomeTasks.organizationId],
      to: [r.socialOrganizations.districtCode, r.socialOrganizations.id],
    }),
    community: r.one.communities({
      from: [r.outcomeTasks.districtCode, r.outcomeTasks.communityId],
      to: [r.communities.districtCode, r.communities.id],
    }),
    event: r.one.gridEvents({
      from: [r.outcomeTasks.districtCode, r.outcomeTasks.eventId],
      to: [r.gridEvents.districtCode, r.gridEvents.id],
    }),
    project: r.one.serviceProjects({
      from: [r.outcomeTasks.districtCode, r.outcomeTasks.projectId],
      to: [r.serviceProjects.districtCode, r.serviceProjects.id],
    }),
  },
}));

export type SansheRelations = typeof relations;
