/**
 * Volunteers through the gateway (docs/domain.md §5.1, §5.2), with real tokens: community staff
 * register volunteers, form a team and record a service; the team's leader (a VOLUNTEER token
 * with its `volunteer` claim) certifies a member's service; the member cannot certify its own
 * (SELF_CERTIFICATION, nothing changes); staff correct a record; PUBLIC sees no volunteer.
 */

import type { DistrictDatabase } from '@sanshe/core';
import { computeResidentIdCheck, createHierarchyService } from '@sanshe/core';
import { createTestDistrictDatabase, snapshotDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  createLocalDistrictSource,
  encodeGlobalId,
  type Gateway,
  type TokenClaims,
} from '../src/index.js';
import { testAuth, testToken } from './support/demo-gateway.js';

const DISTRICT = '320505';
const SHISHAN = '320505001001';

let database: DistrictDatabase;
let gateway: Gateway;
let shishanId: string;

const staff: TokenClaims = { sub: 'sq-ss-01', role: 'COMMUNITY_STAFF', community: SHISHAN };
/** A VOLUNTEER token: the `volunteer` claim is the caller's own Volunteer global ID. */
const volunteerClaims = (volunteerId: string) =>
  ({
    sub: `zyz-${volunteerId.slice(-6)}`,
    role: 'VOLUNTEER',
    volunteer: volunteerId,
  }) as unknown as TokenClaims;

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
type Loose = any;

async function gql(
  query: string,
  variables: Record<string, unknown>,
  as: TokenClaims | 'public',
): Promise<Loose> {
  const token = as === 'public' ? undefined : await testToken(as);
  const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const h = createHierarchyService(database, { today: () => '2025-01-01' });
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  const shishan = await h.createCommunity({ code: SHISHAN, name: '狮山社区', effectiveFrom: '2001-01-01' });
  shishanId = encodeGlobalId('Community', DISTRICT, shishan.id);
  gateway = createGateway({
    districts: [createLocalDistrictSource(database)],
    auth: testAuth,
    logging: false,
  });
}, 60_000);
// The gateway closes the district database it serves (and so drops the test database).
afterAll(() => gateway?.close());

const register = `mutation($input: RegisterVolunteerInput!) {
  registerVolunteer(input: $input) {
    __typename
    ... on RegisterVolunteerSuccess { data { id name residentIdMasked mobilePhoneMasked skills homeCommunity { code } } }
    ... on Error { code message path }
  }
}`;
const record = `mutation($input: RecordVolunteerServiceInput!) {
  recordVolunteerService(input: $input) {
    __typename
    ... on RecordVolunteerServiceSuccess { data { id minutes certifierKind certifierName inForce volunteer { name } } }
    ... on Error { code message path }
  }
}`;

describe('volunteers through the gateway', () => {
  let leader: string;
  let member: string;
  let team: string;
  let staffService: string;

  it('community staff register volunteers; identifiers come back masked only', async () => {
    const residentIds = ['32050519900101123', '32050519920304654'].map(
      (first17) => first17 + computeResidentIdCheck(first17),
    );
    const results = [];
    for (const [name, residentId] of [
      ['王队长', residentIds[0]],
      ['李队员', residentIds[1]],
    ] as const) {
      const data = await gql(
        register,
        {
          input: {
            homeCommunityId: shishanId,
            name,
            residentId,
            mobilePhone: '13812345678',
            registeredOn: '2025-01-01',
            skills: ['ELDERLY_CARE'],
          },
        },
        staff,
      );
      results.push(data.registerVolunteer);
    }
    for (const result of results) {
      expect(result.__typename).toBe('RegisterVolunteerSuccess');
      expect(result.data).toMatchObject({
        mobilePhoneMasked: '138****5678',
        skills: ['ELDERLY_CARE'],
        homeCommunity: { code: SHISHAN },
      });
      expect(JSON.stringify(result)).not.toMatch(/1990010112|1992030465|13812345678/);
    }
    [leader, member] = results.map((result) => result.data.id);
  });

  it('staff form a team, with the leader and a member', async () => {
    const formed = await gql(
      `mutation($input: FormVolunteerTeamInput!) { formVolunteerTeam(input: $input) {
        __typename ... on FormVolunteerTeamSuccess { data { id name community { code } } } ... on Error { code message } } }`,
      { input: { name: '狮山为老服务队', ownerId: shishanId, foundedOn: '2025-01-01' } },
      staff,
    );
    expect(formed.formVolunteerTeam.data).toMatchObject({
      name: '狮山为老服务队',
      community: { code: SHISHAN },
    });
    team = formed.formVolunteerTeam.data.id;
    for (const [volunteerId, role] of [
      [leader, 'LEADER'],
      [member, 'MEMBER'],
    ]) {
      const added = await gql(
        `mutation($input: AddTeamMemberInput!) { addTeamMember(input: $input) {
          __typename ... on AddTeamMemberSuccess { data { role volunteer { id } team { id } } } ... on Error { code message } } }`,
        { input: { teamId: team, volunteerId, role, joinedOn: '2025-01-02' } },
        staff,
      );
      expect(added.addTeamMember.data).toMatchObject({
        role,
        volunteer: { id: volunteerId },
        team: { id: team },
      });
    }
  });

  it('community staff record a service, certified as the community', async () => {
    const data = await gql(
      record,
      {
        input: {
          volunteerId: member,
          content: '陪伴独居老人就医',
          place: '狮山社区卫生服务站',
          communityId: shishanId,
          startedAt: '2025-03-01T09:00:00+08:00',
          endedAt: '2025-03-01T11:30:00+08:00',
          minutes: 120,
        },
      },
      staff,
    );
    expect(data.recordVolunteerService).toMatchObject({
      __typename: 'RecordVolunteerServiceSuccess',
      data: {
        minutes: 120,
        certifierKind: 'COMMUNITY',
        certifierName: '狮山社区',
        inForce: true,
        volunteer: { name: '李队员' },
      },
    });
    staffService = data.recordVolunteerService.data.id;
  });

  it('the team’s leader certifies its member’s service, as the team', async () => {
    const data = await gql(
      record,
      {
        input: {
          volunteerId: member,
          content: '社区助餐',
          place: '狮山长者食堂',
          communityId: shishanId,
          startedAt: '2025-03-02T11:00:00+08:00',
          endedAt: '2025-03-02T12:00:00+08:00',
          certifier: { teamId: team },
        },
      },
      volunteerClaims(leader),
    );
    expect(data.recordVolunteerService).toMatchObject({
      __typename: 'RecordVolunteerServiceSuccess',
      data: { minutes: 60, certifierKind: 'TEAM', certifierName: '狮山为老服务队' },
    });
    // The leader sees itself and the members of the team it leads.
    const seen = await gql(
      `{ volunteers(first: 10) { totalCount nodes { id } } }`,
      {},
      volunteerClaims(leader),
    );
    expect(seen.volunteers.nodes.map((node: { id: string }) => node.id).sort()).toEqual(
      [leader, member].sort(),
    );
  });

  it('the member cannot certify its own service: SELF_CERTIFICATION, nothing changes', async () => {
    const before = await snapshotDatabase(database);
    const data = await gql(
      record,
      {
        input: {
          volunteerId: member,
          content: '自己记录',
          place: '家中',
          communityId: shishanId,
          startedAt: '2025-03-03T09:00:00+08:00',
          endedAt: '2025-03-03T10:00:00+08:00',
          certifier: { teamId: team },
        },
      },
      volunteerClaims(member),
    );
    expect(data.recordVolunteerService).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'SELF_CERTIFICATION',
    });
    expect(await snapshotDatabase(database)).toEqual(before);
  });

  it('staff correct their record: a new record naming it, the old out of force', async () => {
    const data = await gql(
      `mutation($input: CorrectVolunteerServiceInput!) { correctVolunteerService(input: $input) {
        __typename
        ... on CorrectVolunteerServiceSuccess { data { id minutes correctionReason inForce corrects { id inForce correctedBy { id } } } }
        ... on Error { code message path } } }`,
      {
        input: {
          id: staffService,
          reason: '实际服务至11点',
          content: '陪伴独居老人就医',
          place: '狮山社区卫生服务站',
          communityId: shishanId,
          startedAt: '2025-03-01T09:00:00+08:00',
          endedAt: '2025-03-01T11:00:00+08:00',
        },
      },
      staff,
    );
    const corrected = data.correctVolunteerService;
    expect(corrected).toMatchObject({
      __typename: 'CorrectVolunteerServiceSuccess',
      data: {
        minutes: 120,
        correctionReason: '实际服务至11点',
        inForce: true,
        corrects: { id: staffService, inForce: false },
      },
    });
    expect(corrected.data.corrects.correctedBy.id).toBe(corrected.data.id);
    const again = await gql(
      `mutation($input: CorrectVolunteerServiceInput!) { correctVolunteerService(input: $input) {
        __typename ... on Error { code path } } }`,
      { input: { id: staffService, reason: '再改', void: true } },
      staff,
    );
    expect(again.correctVolunteerService).toMatchObject({
      __typename: 'ConflictError',
      code: 'ALREADY_CORRECTED',
      path: ['input', 'id'],
    });
    const totals = await gql(
      `query($id: ID!) { node(id: $id) { ... on Volunteer { servedMinutes(from: "2025-03-01", to: "2025-03-31") services { minutes } } } }`,
      { id: member },
      staff,
    );
    expect(totals.node).toMatchObject({ servedMinutes: 180, services: [{ minutes: 120 }, { minutes: 60 }] });
  });

  it('unmasks with a purpose: staff for service, the volunteer its own', async () => {
    const reveal = `mutation($input: RevealVolunteerIdentifiersInput!) { revealVolunteerIdentifiers(input: $input) {
      __typename ... on RevealVolunteerIdentifiersSuccess { data { volunteerId mobilePhone sensitiveCategories } } ... on Error { code } } }`;
    const byStaff = await gql(
      reveal,
      { input: { volunteerId: member, fields: ['MOBILEPHONE'], purpose: 'SERVICE_DELIVERY' } },
      staff,
    );
    expect(byStaff.revealVolunteerIdentifiers.data).toEqual({
      volunteerId: member,
      mobilePhone: '13812345678',
      sensitiveCategories: [],
    });
    const own = await gql(
      reveal,
      { input: { volunteerId: member, fields: ['MOBILEPHONE'], purpose: 'DATA_SUBJECT_REQUEST' } },
      volunteerClaims(member),
    );
    expect(own.revealVolunteerIdentifiers.data.mobilePhone).toBe('13812345678');
    const other = await gql(
      reveal,
      { input: { volunteerId: leader, fields: ['MOBILEPHONE'], purpose: 'DATA_SUBJECT_REQUEST' } },
      volunteerClaims(member),
    );
    expect(other.revealVolunteerIdentifiers).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
  });

  it('PUBLIC sees no volunteer, team or record', async () => {
    const data = await gql(
      `query($v: ID!, $t: ID!, $s: ID!) {
        volunteers(first: 10) { totalCount nodes { id } }
        volunteerTeams(first: 10) { totalCount nodes { id } }
        v: node(id: $v) { id } t: node(id: $t) { id } s: node(id: $s) { id }
      }`,
      { v: member, t: team, s: staffService },
      'public',
    );
    expect(data).toEqual({
      volunteers: { totalCount: 0, nodes: [] },
      volunteerTeams: { totalCount: 0, nodes: [] },
      v: null,
      t: null,
      s: null,
    });
    const staffView = await gql(
      `{ volunteers(first: 10) { totalCount } volunteerTeams(first: 10) { totalCount } }`,
      {},
      staff,
    );
    expect(staffView).toEqual({ volunteers: { totalCount: 2 }, volunteerTeams: { totalCount: 1 } });
  });
});
