/**
 * Issue 15, item 1: a write that names another record (a worker to place, an organization to
 * join, a list entry to object to …) reaches it only when a read would show it to the caller.
 *
 * The matrix: every mutation × every ID in its input × every caller that cannot see a record of
 * that type. The hidden record must answer exactly as a record that does not exist (the same
 * code, message and path, so ids cannot be counted through a write), and no district may change.
 * The mutations and their ID fields come from the schema, so a new mutation joins the matrix by
 * itself; an ID field this suite cannot map to a type fails the suite until it is mapped.
 */
import {
  buildSchema,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId, printGatewaySchema, type TokenClaims } from '../src/index.js';
import { changedRows, createAdversary, type DatabaseSnapshot } from './support/adversary.js';
import { type Caller, openTestGateway, type TestGateway } from './support/demo-gateway.js';

let t: TestGateway;
let schema: GraphQLSchema;
let before: DatabaseSnapshot;
const adversary = createAdversary(() => t);
const district = '320505';

/** The record types an ID input field can name, with how to find candidates in the demo city. */
const recordTypes = [
  'SocialWorker',
  'SocialOrganization',
  'SocialWorkerPost',
  'OrganizationHubMembership',
  'OrganizationListEntry',
  'OrganizationCreditRecord',
  'OrganizationCreditProcedure',
  'OrganizationDisclosure',
  'SocialWorkCertificate',
  'Need',
  'ServiceProject',
  'ProjectIndicator',
  'Purchase',
  'PurchaseBid',
  'ServiceContract',
  'ContractTranche',
  'DeliveryActivity',
  'FundingSource',
  'JournalEntry',
  'Volunteer',
  'VolunteerTeam',
  'VolunteerTeamMembership',
  'VolunteerEngagement',
  'VolunteerService',
  'VolunteerCertificate',
  'TimeBankExchange',
  'GridEvent',
  'PatrolRecord',
  'GridTeamMember',
  'Summons',
  'MeetingOutcome',
  'OutcomeTask',
] as const;
type RecordType = (typeof recordTypes)[number];
/** Reference data (the hierarchy) is visible to every caller: nothing to hide. */
const referenceTypes = new Set(['Subdistrict', 'Community', 'Grid']);
/** The time bank's exchange catalogue is public (docs/domain.md §5.5): nothing to hide either. */
referenceTypes.add('TimeBankCatalogueItem');
/** Departments are the district's public reference data (docs/domain.md §7.4). */
referenceTypes.add('Department');
/** So are their routing rules and inspection lists. */
referenceTypes.add('EventRoute');
referenceTypes.add('InspectionItem');
/** A consultation meeting's outcomes are the community's public record (docs/domain.md §8). */
referenceTypes.add('MeetingOutcome');

/** The type an ID input field names: by the field's name, and for `id` by the mutation. */
function typeOfIdField(mutation: string, field: string): string | undefined {
  const byField: Record<string, string> = {
    workerId: 'SocialWorker',
    organizationId: 'SocialOrganization',
    hubId: 'SocialOrganization',
    memberId: 'SocialOrganization',
    listEntryId: 'OrganizationListEntry',
    creditRecordId: 'OrganizationCreditRecord',
    certificateId: 'SocialWorkCertificate',
    communityId: 'Community',
    communityIds: 'Community',
    gridId: 'Grid',
    intoNeedId: 'Need',
    needId: 'Need',
    needIds: 'Need',
    projectId: 'ServiceProject',
    purchaseId: 'Purchase',
    bidId: 'PurchaseBid',
    contractId: 'ServiceContract',
    trancheId: 'ContractTranche',
    sourceId: 'FundingSource',
    entryId: 'JournalEntry',
    funderOrganizationId: 'SocialOrganization',
    evaluatorOrganizationId: 'SocialOrganization',
    declaredStaffIds: 'SocialWorker',
    volunteerId: 'Volunteer',
    teamId: 'VolunteerTeam',
    activityId: 'DeliveryActivity',
    // A team's owner is a community (reference data) or an organization: the matrix hides the latter.
    ownerId: 'SocialOrganization',
    homeCommunityId: 'Community',
    issuerCommunityId: 'Community',
    issuerOrganizationId: 'SocialOrganization',
    providerCommunityId: 'Community',
    providerOrganizationId: 'SocialOrganization',
    recruitingOrganizationId: 'SocialOrganization',
    itemId: 'TimeBankCatalogueItem',
    // Grid events (docs/domain.md §7.7): the event a move names, the department it is sent to,
    // the patrol that found it.
    eventId: 'GridEvent',
    departmentId: 'Department',
    patrolRecordId: 'PatrolRecord',
    inspectionItemId: 'InspectionItem',
    // Summonses, assessment and consultation (docs/domain.md §7.8, §7.9, §8). A mark's subject is
    // a community or a department (public) or a grid team member: the matrix hides the latter.
    summonsId: 'Summons',
    departmentIds: 'Department',
    subjectId: 'GridTeamMember',
    outcomeId: 'MeetingOutcome',
    taskId: 'OutcomeTask',
  };
  const unit = /^(rename|retire)(Subdistrict|Community|Grid)$/.exec(mutation);
  if (unit && (field === 'id' || field === 'successorId')) return unit[2];
  if (field !== 'id') return byField[field];
  const byMutation: Record<string, string> = {
    updateSocialWorker: 'SocialWorker',
    changeOrganization: 'SocialOrganization',
    deregisterOrganization: 'SocialOrganization',
    endPost: 'SocialWorkerPost',
    endHubMembership: 'OrganizationHubMembership',
    removeFromList: 'OrganizationListEntry',
    decideObjection: 'OrganizationCreditProcedure',
    decideCreditRepair: 'OrganizationCreditProcedure',
    withdrawDisclosure: 'OrganizationDisclosure',
    mergeNeed: 'Need',
    closeNeed: 'Need',
    changeProjectDraft: 'ServiceProject',
    approveProject: 'ServiceProject',
    closeProject: 'ServiceProject',
    cancelProject: 'ServiceProject',
    recordIndicatorAchieved: 'ProjectIndicator',
    publishTender: 'Purchase',
    closeBids: 'Purchase',
    startImplementation: 'Purchase',
    startEvaluation: 'Purchase',
    closePurchase: 'Purchase',
    cancelPurchase: 'Purchase',
    terminateContract: 'ServiceContract',
    confirmActivity: 'DeliveryActivity',
    disputeActivity: 'DeliveryActivity',
    updateVolunteer: 'Volunteer',
    withdrawVolunteer: 'Volunteer',
    disbandVolunteerTeam: 'VolunteerTeam',
    endTeamMembership: 'VolunteerTeamMembership',
    endVolunteerEngagement: 'VolunteerEngagement',
    correctVolunteerService: 'VolunteerService',
    revokeVolunteerCertificate: 'VolunteerCertificate',
    // An exchange or a transfer; the matrix names exchanges.
    reverseTimeBankEntry: 'TimeBankExchange',
    renameDepartment: 'Department',
    dissolveDepartment: 'Department',
    retireEventRoute: 'EventRoute',
    retireInspectionItem: 'InspectionItem',
    leaveGridTeam: 'GridTeamMember',
  };
  return byMutation[mutation];
}

/** Every record of each type in the district, as the city administrator sees them. */
async function candidates(): Promise<Record<RecordType, string[]>> {
  const found = Object.fromEntries(recordTypes.map((type) => [type, new Set<string>()])) as Record<
    RecordType,
    Set<string>
  >;
  let after: string | null = null;
  do {
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
    const response: any = await t.gql(
      `query($after: String) {
        socialOrganizations(first: 50, after: $after, filter: { districtCode: "${district}" }) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id
            hubs { id }
            listEntries { id }
            creditRecords { id }
            creditProcedures { id }
            disclosures { id withdrawnOn }
            posts(first: 5) { nodes { id worker { id certificates { id } } } }
          }
        }
      }`,
      { after },
    );
    const page = response.data.socialOrganizations;
    for (const org of page.nodes) {
      found.SocialOrganization.add(org.id);
      for (const hub of org.hubs) found.OrganizationHubMembership.add(hub.id);
      for (const entry of org.listEntries) found.OrganizationListEntry.add(entry.id);
      for (const record of org.creditRecords) found.OrganizationCreditRecord.add(record.id);
      for (const procedure of org.creditProcedures) found.OrganizationCreditProcedure.add(procedure.id);
      // A disclosure in force is public (四公开): only a withdrawn one can be hidden.
      for (const disclosure of org.disclosures) {
        if (disclosure.withdrawnOn) found.OrganizationDisclosure.add(disclosure.id);
      }
      for (const post of org.posts.nodes) {
        found.SocialWorkerPost.add(post.id);
        found.SocialWorker.add(post.worker.id);
        for (const certificate of post.worker.certificates) found.SocialWorkCertificate.add(certificate.id);
      }
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  await chainCandidates(found);
  await volunteerCandidates(found);
  await gridEventCandidates(found);
  await gridTeamCandidates(found);
  await consultationCandidates(found);
  return Object.fromEntries(recordTypes.map((type) => [type, [...found[type]]])) as Record<
    RecordType,
    string[]
  >;
}

/** The service chain's records (docs/domain.md §6), through its projects and sources. */
async function chainCandidates(found: Record<RecordType, Set<string>>): Promise<void> {
  let after: string | null = null;
  do {
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
    const response: any = await t.gql(
      `query($after: String) {
        serviceProjects(first: 50, after: $after, filter: { districtCode: "${district}" }) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id
            needs { id }
            indicators { id }
            purchases {
              id
              bids { id }
              contract { id tranches { id payments { id } } activities { id } }
            }
          }
        }
      }`,
      { after },
    );
    const page = response.data.serviceProjects;
    for (const project of page.nodes) {
      found.ServiceProject.add(project.id);
      for (const need of project.needs) found.Need.add(need.id);
      for (const indicator of project.indicators) found.ProjectIndicator.add(indicator.id);
      for (const purchase of project.purchases) {
        found.Purchase.add(purchase.id);
        for (const bid of purchase.bids) found.PurchaseBid.add(bid.id);
        if (!purchase.contract) continue;
        found.ServiceContract.add(purchase.contract.id);
        for (const tranche of purchase.contract.tranches) {
          found.ContractTranche.add(tranche.id);
          for (const payment of tranche.payments) found.JournalEntry.add(payment.id);
        }
        for (const activity of purchase.contract.activities) found.DeliveryActivity.add(activity.id);
      }
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
  const sources: any = await t.gql(
    `{ fundingSources(first: 50, filter: { districtCode: "${district}" }) { nodes { id } } }`,
  );
  for (const source of sources.data.fundingSources.nodes) found.FundingSource.add(source.id);
}

/** Volunteers (docs/domain.md §5) with their teams, engagements, services, certificates and exchanges. */
async function volunteerCandidates(found: Record<RecordType, Set<string>>): Promise<void> {
  let after: string | null = null;
  do {
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
    const response: any = await t.gql(
      `query($after: String) {
        volunteers(first: 50, after: $after, filter: { districtCode: "${district}" }) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id
            teams { id team { id } }
            engagements { id }
            services(all: true) { id }
            certificates { id }
            exchanges { id }
          }
        }
      }`,
      { after },
    );
    const page = response.data.volunteers;
    for (const volunteer of page.nodes) {
      found.Volunteer.add(volunteer.id);
      for (const membership of volunteer.teams) {
        found.VolunteerTeamMembership.add(membership.id);
        found.VolunteerTeam.add(membership.team.id);
      }
      for (const engagement of volunteer.engagements) found.VolunteerEngagement.add(engagement.id);
      for (const service of volunteer.services) found.VolunteerService.add(service.id);
      for (const certificate of volunteer.certificates) found.VolunteerCertificate.add(certificate.id);
      for (const exchange of volunteer.exchanges) found.TimeBankExchange.add(exchange.id);
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
}

/** Grid events (docs/domain.md §7.7) and the patrols that found them. */
async function gridEventCandidates(found: Record<RecordType, Set<string>>): Promise<void> {
  let after: string | null = null;
  do {
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
    const response: any = await t.gql(
      `query($after: String) {
        gridEvents(first: 50, after: $after, filter: { districtCode: "${district}" }) {
          pageInfo { hasNextPage endCursor }
          nodes { id patrolRecord { id } }
        }
      }`,
      { after },
    );
    const page = response.data.gridEvents;
    for (const event of page.nodes) {
      found.GridEvent.add(event.id);
      if (event.patrolRecord) found.PatrolRecord.add(event.patrolRecord.id);
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
}

/**
 * Grid events and the patrols that found them, which the demo city lacks: a department with one
 * inspection item, and in a grid of two communities of each subdistrict a problem found on patrol
 * and reported as an event naming the patrol, so that some lie outside each caller's reach.
 */
async function gridEventsTheDemoLacks(): Promise<void> {
  const mutate = async (name: string, inputType: string, input: Record<string, unknown>) => {
    const response = await t.gql(
      `mutation($input: ${inputType}!) {
        ${name}(input: $input) { __typename ... on Error { code message } ... on ${name.charAt(0).toUpperCase()}${name.slice(1)}Success { data { id } } }
      }`,
      { input },
    );
    const result = response.data?.[name];
    expect(result?.data?.id, `${name}: ${JSON.stringify(response)}`).toBeDefined();
    return result.data.id as string;
  };
  const departmentId = await mutate('createDepartment', 'CreateDepartmentInput', {
    unitCode: district,
    code: 'ADV-CG',
    name: '对抗测试城市管理局',
    kind: 'FUNCTIONAL',
  });
  const inspectionItemId = await mutate('addInspectionItem', 'AddInspectionItemInput', {
    departmentId,
    code: 'ADV.01',
    title: '暴露垃圾',
    frequency: 'DAILY',
    categoryCode: 'E0101',
  });
  // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
  const units: any = await t.gql(`{
    subdistricts(first: 10, filter: { districtCode: "${district}" }) {
      nodes { communities(first: 2) { nodes { grids(first: 1) { nodes { id } } } } }
    }
  }`);
  const grids: string[] = units.data.subdistricts.nodes
    .flatMap(
      // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
      (subdistrict: any) => subdistrict.communities.nodes.flatMap((community: any) => community.grids.nodes),
    )
    .map((grid: { id: string }) => grid.id);
  expect(grids.length).toBeGreaterThan(2);
  // A second ago: the item starts today (China time), so an hour ago could fall on yesterday.
  const patrolledAt = new Date(Date.now() - 1_000).toISOString();
  for (const gridId of grids) {
    const patrolRecordId = await mutate('recordPatrol', 'RecordPatrolInput', {
      gridId,
      inspectionItemId,
      patrolledAt,
      result: 'PROBLEM',
      note: '门口垃圾堆放',
    });
    await mutate('reportGridEvent', 'ReportGridEventInput', {
      gridId,
      patrolRecordId,
      categoryCode: 'E0101',
      urgency: 'ROUTINE',
      title: '巡查发现垃圾暴露',
      description: '巡查发现门口生活垃圾堆放。',
      source: 'PATROL',
    });
  }
}

/** The members of grid teams (docs/domain.md §7.2), through the district's grids. */
async function gridTeamCandidates(found: Record<RecordType, Set<string>>): Promise<void> {
  let after: string | null = null;
  do {
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
    const response: any = await t.gql(
      `query($after: String) {
        grids(first: 100, after: $after, filter: { districtCode: "${district}" }) {
          pageInfo { hasNextPage endCursor }
          nodes { team { id } }
        }
      }`,
      { after },
    );
    const page = response.data.grids;
    for (const grid of page.nodes) for (const member of grid.team) found.GridTeamMember.add(member.id);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
}

/**
 * Grid teams where the demo city has none: in the first grid of a few communities with a
 * volunteer (their informant), a head and two grid workers, set by the city administrator, so
 * that some teams lie outside each caller's reach.
 */
async function gridTeamsTheDemoLacks(all: Record<RecordType, string[]>): Promise<void> {
  if (all.GridTeamMember.length > 0) return;
  const teamed = new Set<string>();
  for (const volunteerId of all.Volunteer) {
    if (teamed.size >= 4) break;
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
    const home: any = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Volunteer { withdrawnOn homeCommunity { code grids(first: 1) { nodes { id } } } } } }`,
      { id: volunteerId },
    );
    const community = home.data.node.homeCommunity;
    const gridId = community.grids.nodes[0]?.id;
    if (!gridId || home.data.node.withdrawnOn || teamed.has(community.code)) continue;
    const set = await t.gql(
      `mutation($input: SetGridTeamInput!) { setGridTeam(input: $input) { __typename ... on Error { code detail } } }`,
      {
        input: {
          gridId,
          members: [
            { role: 'HEAD', memberName: '网格长', accountId: `wg-${community.code}-head` },
            { role: 'WORKER', memberName: '网格员甲', accountId: `wg-${community.code}-01` },
            { role: 'WORKER', memberName: '网格员乙', accountId: `wg-${community.code}-02` },
            { role: 'INFORMANT', memberName: '信息员', volunteerId },
          ],
        },
      },
    );
    expect(set.data.setGridTeam.__typename, JSON.stringify(set.data.setGridTeam)).toBe('SetGridTeamSuccess');
    teamed.add(community.code);
  }
  expect(teamed.size).toBeGreaterThan(1);
}

/** Summonses, and the outcomes of consultation meetings with their tasks (docs/domain.md §7.8, §8). */
async function consultationCandidates(found: Record<RecordType, Set<string>>): Promise<void> {
  for (const [list, node] of [
    ['summonses', 'id'],
    ['consultationMeetings', 'outcomes { id tasks { id } }'],
  ] as const) {
    let after: string | null = null;
    do {
      // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
      const response: any = await t.gql(
        `query($after: String) {
          ${list}(first: 50, after: $after, filter: { districtCode: "${district}" }) {
            pageInfo { hasNextPage endCursor }
            nodes { id ${node} }
          }
        }`,
        { after },
      );
      const page = response.data[list];
      for (const record of page.nodes) {
        if (list === 'summonses') found.Summons.add(record.id);
        for (const outcome of record.outcomes ?? []) {
          found.MeetingOutcome.add(outcome.id);
          for (const task of outcome.tasks) found.OutcomeTask.add(task.id);
        }
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
  }
}

/**
 * Summonses and outcome tasks, in two communities of each subdistrict, so that some lie outside
 * each caller's reach whether or not the demo city holds any: each community summons a department
 * serving the whole district, and records a meeting whose adopted outcome it charges itself with.
 */
async function consultationTheDemoLacks(): Promise<void> {
  const mutate = async (name: string, inputType: string, input: Record<string, unknown>, select: string) => {
    const response = await t.gql(
      `mutation($input: ${inputType}!) {
        ${name}(input: $input) { __typename ... on Error { code message } ... on ${name.charAt(0).toUpperCase()}${name.slice(1)}Success { data { ${select} } } }
      }`,
      { input },
    );
    const result = response.data?.[name];
    expect(result?.data, `${name}: ${JSON.stringify(response)}`).toBeDefined();
    return result.data;
  };
  // biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
  const found: any = await t.gql(`{
    departments(first: 50, filter: { districtCode: "${district}" }) { nodes { id unitCode dissolvedOn } }
    subdistricts(first: 10, filter: { districtCode: "${district}" }) { nodes { communities(first: 2) { nodes { id } } } }
  }`);
  const department = found.data.departments.nodes.find(
    (d: { unitCode: string; dissolvedOn: string | null }) => d.unitCode === district && !d.dissolvedOn,
  );
  expect(department, 'a department serving the district').toBeDefined();
  const communities: string[] = found.data.subdistricts.nodes.flatMap(
    (subdistrict: { communities: { nodes: { id: string }[] } }) =>
      subdistrict.communities.nodes.map((c) => c.id),
  );
  expect(communities.length).toBeGreaterThan(2);
  for (const communityId of communities) {
    await mutate(
      'issueSummons',
      'IssueSummonsInput',
      { communityId, reason: 'DIFFICULT', description: '对抗测试：疑难问题', departmentIds: [department.id] },
      'id',
    );
    const meeting = await mutate(
      'recordConsultationMeeting',
      'RecordConsultationMeetingInput',
      {
        communityId,
        title: '对抗测试议事会',
        form: 'COUNCIL',
        heldOn: '2026-11-02',
        place: '社区会议室',
        participants: [{ kind: 'RESIDENTS_REPRESENTATIVE', headcount: 5 }],
        topics: [
          {
            title: '楼道堆物',
            source: 'PROPOSAL',
            outcomes: [{ text: '组织清理楼道堆物。', votesFor: 4, votesAgainst: 1 }],
          },
        ],
      },
      'outcomes { id }',
    );
    await mutate(
      'addOutcomeTask',
      'AddOutcomeTaskInput',
      { outcomeId: meeting.outcomes[0].id, title: '清理楼道', ownerId: communityId, dueOn: '2026-11-13' },
      'id',
    );
  }
}

/**
 * The demo city has no credit procedures and no withdrawn disclosures: make a few, as the city
 * administrator, spread over several organizations so that some lie outside each caller's reach.
 */
async function recordsTheDemoLacks(all: Record<RecordType, string[]>): Promise<void> {
  const organizations = all.SocialOrganization.slice(0, 40);
  let objections = 0;
  for (const entry of all.OrganizationListEntry) {
    if (objections >= 6) break;
    const response = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on OrganizationListEntry { organization { id } } } }`,
      { id: entry },
    );
    const organizationId = response.data.node.organization.id;
    const filed = await t.gql(
      `mutation($input: FileObjectionInput!) { fileObjection(input: $input) { __typename ... on Error { code message } } }`,
      { input: { organizationId, listEntryId: entry, grounds: '列入依据有误，申请复核。' } },
    );
    if (filed.data.fileObjection.__typename === 'FileObjectionSuccess') objections += 1;
  }
  // Published and withdrawn today: an organization may publish only while active, and not before
  // it was registered.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let withdrawals = 0;
  for (const organizationId of organizations) {
    if (withdrawals >= 8) break;
    const published = await t.gql(
      `mutation($input: PublishDisclosureInput!) {
        publishDisclosure(input: $input) { __typename ... on PublishDisclosureSuccess { data { id } } }
      }`,
      {
        input: {
          organizationId,
          kind: 'FUNDING_SOURCES',
          title: '资金来源公示',
          content: '本年度资金来源为政府购买服务。',
        },
      },
    );
    const id = published.data.publishDisclosure.data?.id;
    if (!id) continue;
    const withdrawn = await t.gql(
      `mutation($input: WithdrawDisclosureInput!) { withdrawDisclosure(input: $input) { __typename } }`,
      { input: { id, withdrawnOn: today } },
    );
    expect(withdrawn.data.withdrawDisclosure.__typename).toBe('WithdrawDisclosureSuccess');
    withdrawals += 1;
  }
  expect(withdrawals).toBeGreaterThan(0);
  expect(objections).toBeGreaterThan(0);
  // Certificates of service, issued by each volunteer's home community, for volunteers spread
  // over the list so that some lie outside each caller's reach.
  let issued = 0;
  const volunteers = all.Volunteer.filter((_, index) => index % 37 === 0).slice(0, 8);
  for (const volunteerId of volunteers) {
    const home = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Volunteer { homeCommunity { id } } } }`,
      { id: volunteerId },
    );
    const certificate = await t.gql(
      `mutation($input: IssueVolunteerCertificateInput!) {
        issueVolunteerCertificate(input: $input) { __typename }
      }`,
      {
        input: {
          volunteerId,
          issuerCommunityId: home.data.node.homeCommunity.id,
          periodFrom: '2020-01-01',
          periodTo: today,
        },
      },
    );
    if (certificate.data.issueVolunteerCertificate.__typename === 'IssueVolunteerCertificateSuccess')
      issued += 1;
  }
  expect(issued).toBeGreaterThan(0);
}

/** Callers that see only part of the district, or none of it. */
const callers: Record<string, Caller> = {
  'community staff': {
    sub: 'c1',
    role: 'COMMUNITY_STAFF',
    district,
    subdistrict: '320505001',
    community: '320505001001',
  },
  'subdistrict staff': { sub: 's1', role: 'SUBDISTRICT_STAFF', district, subdistrict: '320505001' },
  'another district’s administrator': { sub: 'a6', role: 'DISTRICT_ADMIN', district: '320506' },
  PUBLIC: 'public',
};

/** For each caller and type: one record the caller cannot see, and one it can (if any). */
const hidden: Record<string, Partial<Record<RecordType, string>>> = {};
const visible: Record<string, Partial<Record<RecordType, string>>> = {};

beforeAll(async () => {
  t = await openTestGateway();
  schema = buildSchema(printGatewaySchema());
  const found = await candidates();
  await recordsTheDemoLacks(found);
  await gridTeamsTheDemoLacks(found);
  await gridEventsTheDemoLacks();
  await consultationTheDemoLacks();
  const all = await candidates();
  // An organization's own staff: the first organization with posts.
  const someOrganization = all.SocialOrganization[0]!;
  callers['organization staff'] = {
    sub: 'o1',
    role: 'ORG_STAFF',
    district,
    org: someOrganization,
  } satisfies TokenClaims;
  for (const [name, caller] of Object.entries(callers)) {
    hidden[name] = {};
    visible[name] = {};
    for (const type of recordTypes) {
      // Forty records of a type are enough to find one on each side of the caller's reach.
      for (const id of all[type].slice(0, 40)) {
        const seen = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, caller);
        const bucket = seen.data?.node ? visible[name]! : hidden[name]!;
        bucket[type] ??= id;
        if (hidden[name]![type] && visible[name]![type]) break;
      }
    }
  }
  before = await t.snapshot();
}, 180_000);

afterAll(async () => {
  if (!t) return;
  console.log(adversary.report('references', before ? changedRows(before, await t.snapshot()) : -1));
  await t.close();
});

/** A value for every required input field; ID fields get a record of their type the caller sees. */
function inputFor(
  inputType: GraphQLInputObjectType,
  mutation: string,
  callerName: string,
  target: { field: string; id: string },
): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of Object.values(inputType.getFields())) {
    if (field.name === target.field) {
      value[field.name] = target.id;
      continue;
    }
    const required = isNonNullType(field.type);
    const named = getNamedType(field.type);
    if (named.name === 'ID') {
      const type = typeOfIdField(mutation, field.name) as RecordType | undefined;
      const id = type ? visible[callerName]?.[type] : undefined;
      if (id) value[field.name] = id;
      else if (required) value[field.name] = encodeGlobalId(type ?? 'SocialWorker', district, 999_999_998);
      continue;
    }
    if (!required) continue;
    value[field.name] = sampleOf(field.type, field.name);
  }
  return value;
}

function sampleOf(type: GraphQLInputType, name: string): unknown {
  const nullable = getNullableType(type);
  if ('ofType' in nullable) return [sampleOf(nullable.ofType as GraphQLInputType, name)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isInputObjectType(named)) {
    // A nested input (a budget line, a tranche, hours) with its required fields.
    const nested: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      if (isNonNullType(field.type)) nested[field.name] = sampleOf(field.type, field.name);
    }
    return nested;
  }
  switch (named.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'Date':
      return '2024-01-02';
    case 'DateTime':
      return '2024-01-02T09:00:00+08:00';
    case 'Fen':
      return 100;
    case 'String':
      return /code/i.test(name) ? district : '核查说明';
    default:
      return '核查说明';
  }
}

/** Every (mutation, ID field of its input, type named) of the schema; hierarchy types apart. */
function idArguments(): {
  mutation: string;
  inputType: GraphQLInputObjectType;
  field: string;
  type: string;
}[] {
  const found: { mutation: string; inputType: GraphQLInputObjectType; field: string; type: string }[] = [];
  for (const mutation of Object.values(schema.getMutationType()!.getFields())) {
    const inputArg = mutation.args.find((arg) => arg.name === 'input');
    const inputType = inputArg ? getNamedType(inputArg.type) : undefined;
    if (!inputType || !isInputObjectType(inputType)) continue;
    for (const field of Object.values(inputType.getFields())) {
      if (getNamedType(field.type).name !== 'ID') continue;
      const type = typeOfIdField(mutation.name, field.name);
      expect(type, `${mutation.name}.input.${field.name}: which type does it name?`).toBeDefined();
      found.push({ mutation: mutation.name, inputType, field: field.name, type: type! });
    }
  }
  return found;
}

describe('every ID a mutation names passes the read rule of its type', () => {
  it('a record the caller cannot see answers exactly as a missing one, and nothing changes', async () => {
    const args = idArguments();
    expect(args.length).toBeGreaterThan(25);
    let pairs = 0;
    const uncovered = new Set<string>();
    for (const { mutation, inputType, field, type } of args) {
      if (referenceTypes.has(type)) continue;
      let covered = false;
      for (const [callerName, caller] of Object.entries(callers)) {
        const hiddenId = hidden[callerName]?.[type as RecordType];
        if (!hiddenId) continue;
        covered = true;
        const missingId = encodeGlobalId(type, district, 999_999_999);
        const text = `mutation($input: ${inputType.name}!) {
          ${mutation}(input: $input) { __typename ... on Error { code message path } }
        }`;
        const send = (id: string) =>
          adversary.attack(
            `hidden ${type}`,
            text,
            { input: inputFor(inputType, mutation, callerName, { field, id }) },
            caller,
          );
        const [forHidden, forMissing] = [await send(hiddenId), await send(missingId)];
        const label = `${mutation}.input.${field} as ${callerName}`;
        const refusal = (forHidden.data?.[mutation] ?? null) as { code?: string; path?: string[] } | null;
        adversary.expectRefused(`hidden ${type}`, forHidden, ['NOT_FOUND']);
        adversary.expectRefused(`hidden ${type}`, forMissing, ['NOT_FOUND']);
        // Exactly as a missing record: same code, message and path.
        expect(forHidden, label).toEqual(forMissing);
        expect(refusal?.code, label).toBe('NOT_FOUND');
        // When every other ID of the input is one the caller sees, the refusal names this field.
        const othersVisible = Object.values(inputType.getFields()).every((other) => {
          if (other.name === field || getNamedType(other.type).name !== 'ID') return true;
          const otherType = typeOfIdField(mutation, other.name) as RecordType | undefined;
          return !isNonNullType(other.type) || (otherType && visible[callerName]?.[otherType]);
        });
        if (othersVisible && callerName !== 'PUBLIC' && !callerName.startsWith('another district')) {
          // A list of IDs names the item: ['input', 'needIds', 0].
          expect(refusal?.path?.slice(0, 2), label).toEqual(['input', field]);
        }
        pairs += 1;
      }
      if (!covered) uncovered.add(`${mutation}.${field} (${type})`);
    }
    // Every type must be hidden from some caller, or the matrix proves nothing for it.
    expect([...uncovered]).toEqual([]);
    expect(pairs).toBeGreaterThan(100);
    expect(changedRows(before, await t.snapshot())).toBe(0);
  }, 300_000);

  it('the same write with a record the caller sees is not refused as missing (the rule is not blanket)', async () => {
    // A community worker starts a post for a worker it sees, at an organization it sees: the
    // references pass (the write itself is then judged on its own rules).
    const caller = callers['community staff']!;
    const seen = await t.gql(
      `{ socialWorkers(first: 1) { nodes { id } } socialOrganizations(first: 1) { nodes { id } } }`,
      undefined,
      caller,
    );
    const worker = seen.data.socialWorkers.nodes[0]?.id;
    const organization = seen.data.socialOrganizations.nodes[0]?.id;
    expect(worker && organization).toBeTruthy();
    const response = await t.gql(
      `mutation($input: StartPostInput!) { startPost(input: $input) { __typename ... on Error { code path } } }`,
      {
        input: {
          workerId: worker,
          organizationId: organization,
          title: '社工',
          fullTime: false,
          startsOn: '2024-01-02',
        },
      },
      caller,
    );
    const result = response.data?.startPost as { __typename: string; code?: string; path?: string[] };
    expect(result.code === 'NOT_FOUND' && result.path?.[1]?.endsWith('Id')).toBe(false);
    // Put the district back as it was for the other tests of this file.
    before = await t.snapshot();
  });
});
