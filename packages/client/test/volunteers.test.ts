// The ready-made documents of volunteers and the time bank (docs/domain.md §5) over real HTTP
// against a real gateway serving the demo city (PGlite, or PostgreSQL when SANSHE_TEST_PG is
// set): community staff register volunteers and form a team, the team's leader records a
// member's service with a VOLUNTEER token, the member's points grow by the district's rate and
// buy a catalogue item; refusals come back typed. The whole walk is examples/volunteers.
import { addDays, todayInChina } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import {
  createGateway,
  type ListeningGateway,
  listen,
  openDemoCity,
  signHs256Token,
  type TokenClaims,
} from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AddTeamMember,
  CommunityByCode,
  createClient,
  ExchangePoints,
  FormVolunteerTeam,
  graphql,
  IssueVolunteerCertificate,
  ListCatalogueItem,
  RecordVolunteerService,
  RegisterVolunteer,
  type ResultOf,
  type SansheClient,
  type SchemaErrorCode,
  TimeBankCataloguePage,
  TimeBankTotals,
  VerifyVolunteerCertificate,
  VolunteerById,
  VolunteersPage,
  VolunteerTeamsPage,
} from '../src/index.js';
import { cityAdminToken, testAuth } from './support/test-auth.js';

const district = '320505';
const community = '320505001001';
const today = todayInChina();
const ago = (days: number) => addDays(today, -days);
const yesterday = ago(1);

let running: ListeningGateway;
let url: string;
let admin: SansheClient;
let communityStaff: SansheClient;
let communityId: string;

const as = async (claims: TokenClaims) =>
  createClient({ url, token: await signHs256Token(testAuth, claims, '2h') });

/** A mutation's success `data`, or the test fails with what came back instead. */
function success<R extends { __typename: string }>(
  result: R | undefined,
): Extract<R, { data: unknown }>['data'] {
  if (result && 'data' in result) return (result as Extract<R, { data: unknown }>).data;
  throw new Error(`expected a success, got ${JSON.stringify(result)}`);
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid identity number (GB 11643) of an adult of the district born in 1985, by `sequence`. */
function residentId(sequence: number): string {
  const first17 = `${district}1985${String((sequence % 12) + 1).padStart(2, '0')}15${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** The district's points rate (time_bank.points_per_hour) for the community, as the gateway reads it. */
const PointsRate = graphql(`
  query PointsRate($unitCode: String!, $on: Date) {
    policyInForce(key: TIME_BANK__POINTS_PER_HOUR, unitCode: $unitCode, on: $on) {
      valueJson
    }
  }
`);

beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  running = await listen(createGateway({ districts: city.sources, logging: false, auth: testAuth }), {
    port: 0,
  });
  url = `${running.origin}/graphql`;
  admin = createClient({ url, token: await cityAdminToken() });
  communityStaff = await as({ sub: 'volunteers-community', role: 'COMMUNITY_STAFF', district, community });
  const home = (await communityStaff.request(CommunityByCode, { code: community })).data?.community;
  if (!home) throw new Error(`no community ${community}`);
  communityId = home.id;
});
afterAll(() => running?.close());

describe('the demo city’s volunteers and time bank, read through the client', () => {
  it('pages the volunteers of a community with masked identifiers, and its teams', async () => {
    const { data, error } = await communityStaff.request(VolunteersPage, {
      first: 5,
      filter: { homeCommunityId: communityId },
    });
    expect(error).toBeUndefined();
    for (const volunteer of data!.volunteers.nodes) {
      expect(volunteer.homeCommunity.code).toBe(community);
      expect(volunteer.residentIdMasked).toMatch(/^\d{4}\*+[\dX]{4}$/);
    }
    const teams = await admin.request(VolunteerTeamsPage, { first: 5, filter: { districtCode: district } });
    expect(teams.error).toBeUndefined();
    for (const team of teams.data!.volunteerTeams.nodes) expect(team.districtCode).toBe(district);
  });

  it('answers the time bank’s totals and catalogue to anyone, in points and minutes', async () => {
    const anyone = createClient({ url });
    const totals = (await anyone.request(TimeBankTotals, { districtCode: district })).data?.timeBankTotals;
    expectTypeOf(totals!.pointsOutstanding).toEqualTypeOf<number>();
    expect(totals!.pointsIssued - totals!.pointsRedeemed).toBe(totals!.pointsOutstanding);
    const catalogue = await anyone.request(TimeBankCataloguePage, { filter: { districtCode: district } });
    expect(catalogue.error).toBeUndefined();
    for (const item of catalogue.data!.timeBankCatalogue) {
      expect(item.withdrawnOn).toBeNull();
      expect(item.pricePoints).toBeGreaterThan(0);
    }
  });
});

describe('a team leader certifies a member’s service, and the member spends the points', () => {
  let leaderId: string;
  let memberId: string;
  let teamId: string;
  let leader: SansheClient;
  let member: SansheClient;
  let itemId: string;
  let rate: number;
  // Fresh databases every run: fixed names, numbers and keys do not collide.
  const run = 901;

  const register = async (name: string, sequence: number) =>
    success(
      (
        await communityStaff.request(RegisterVolunteer, {
          input: {
            homeCommunityId: communityId,
            name,
            residentId: residentId(sequence),
            registeredOn: ago(10),
            realNameVerifiedOn: ago(10),
            skills: ['ELDERLY_CARE'],
          },
        })
      ).data?.registerVolunteer,
    );
  const serviceOf = (volunteerId: string, client: SansheClient, from: string, to: string) =>
    client.request(RecordVolunteerService, {
      input: {
        volunteerId,
        communityId,
        certifier: { teamId },
        content: '陪同独居老人就医并协助取药',
        place: '社区卫生服务站',
        startedAt: `${yesterday}T${from}:00+08:00`,
        endedAt: `${yesterday}T${to}:00+08:00`,
      },
    });
  const pointsOf = async (client: SansheClient, id: string) => {
    const node = (await client.request(VolunteerById, { id })).data?.node;
    if (node?.__typename !== 'Volunteer') throw new Error(`got ${node?.__typename}`);
    return node;
  };

  it('registers two volunteers and forms a team with a leader and a member', async () => {
    const first = await register('林志远', run);
    const second = await register('陈晓梅', run + 1);
    expect(first).toMatchObject({
      registeredOn: ago(10),
      homeCommunity: { code: community },
      withdrawnOn: null,
    });
    expect(first.residentIdMasked).not.toContain(residentId(run).slice(6, 14));
    expectTypeOf(first.skills).toEqualTypeOf<
      (
        | 'CHILD_CARE'
        | 'CULTURE'
        | 'DISABILITY'
        | 'EDUCATION'
        | 'ELDERLY_CARE'
        | 'EMERGENCY'
        | 'ENVIRONMENT'
        | 'IT'
        | 'LEGAL'
        | 'MEDIATION'
        | 'MEDICAL'
        | 'OTHER'
        | 'PSYCHOLOGICAL'
      )[]
    >();
    leaderId = first.id;
    memberId = second.id;

    const team = success(
      (
        await communityStaff.request(FormVolunteerTeam, {
          input: { ownerId: communityId, name: `银龄陪诊志愿服务队-${run}`, foundedOn: ago(10) },
        })
      ).data?.formVolunteerTeam,
    );
    expect(team).toMatchObject({ foundedOn: ago(10), community: { id: communityId }, members: [] });
    teamId = team.id;
    for (const [volunteerId, role] of [
      [leaderId, 'LEADER'],
      [memberId, 'MEMBER'],
    ] as const) {
      const membership = success(
        (
          await communityStaff.request(AddTeamMember, {
            input: { teamId, volunteerId, role, joinedOn: ago(9) },
          })
        ).data?.addTeamMember,
      );
      expect(membership).toMatchObject({ role, joinedOn: ago(9), leftOn: null, team: { id: teamId } });
    }
    leader = await as({ sub: 'volunteers-leader', role: 'VOLUNTEER', volunteer: leaderId });
    member = await as({ sub: 'volunteers-member', role: 'VOLUNTEER', volunteer: memberId });
  });

  it('the leader records the member’s service, and the member earns points at the district’s rate', async () => {
    const policy = (await admin.request(PointsRate, { unitCode: community, on: yesterday })).data
      ?.policyInForce;
    rate = Number(JSON.parse(policy?.valueJson ?? '0'));
    expect(rate).toBeGreaterThan(0);

    const service = success(
      (await serviceOf(memberId, leader, '09:00', '11:30')).data?.recordVolunteerService,
    );
    expect(service).toMatchObject({
      minutes: 150,
      inForce: true,
      certifierKind: 'TEAM',
      certifierTeam: { id: teamId },
      volunteer: { id: memberId },
    });
    expectTypeOf(service.minutes).toEqualTypeOf<number>();

    const read = await pointsOf(member, memberId);
    expect(read.services.map((s) => s.id)).toEqual([service.id]);
    expect(read.minutesAccount).toMatchObject({ unit: 'MINUTES', balance: 150 });
    expect(read.pointsAccount).toMatchObject({ unit: 'POINTS', balance: Math.floor((150 * rate) / 60) });
    expectTypeOf(read.pointsAccount!.balance).toEqualTypeOf<number>();
  });

  it('refuses a leader certifying its own service as a typed SELF_CERTIFICATION, and records nothing', async () => {
    const refused = (await serviceOf(leaderId, leader, '14:00', '15:00')).data?.recordVolunteerService;
    if (refused?.__typename !== 'ForbiddenError') throw new Error(JSON.stringify(refused));
    expectTypeOf(refused.code).toEqualTypeOf<SchemaErrorCode>();
    expect(refused).toMatchObject({ code: 'SELF_CERTIFICATION', path: ['input', 'volunteerId'] });
    const read = await pointsOf(leader, leaderId);
    expect(read.services).toEqual([]);
    expect(read.pointsAccount?.balance ?? 0).toBe(0);
  });

  it('lists an item; the member finds it in the catalogue and exchanges points for it, once per key', async () => {
    const listed = success(
      (
        await communityStaff.request(ListCatalogueItem, {
          input: {
            districtCode: district,
            providerCommunityId: communityId,
            kind: 'GOODS',
            name: `社区食堂餐券（2张）-${run}`,
            pricePoints: 15,
            stock: 5,
            idempotencyKey: `volunteers-client-list-${run}`,
          },
        })
      ).data?.listCatalogueItem,
    );
    expect(listed).toMatchObject({
      pricePoints: 15,
      stock: 5,
      kind: 'GOODS',
      providerCommunityId: communityId,
    });
    itemId = listed.id;

    const catalogue = (
      await member.request(TimeBankCataloguePage, {
        filter: { districtCode: district, providerCommunityId: communityId },
      })
    ).data?.timeBankCatalogue;
    expect(catalogue?.find((item) => item.id === itemId)).toEqual(listed);

    const before = (await pointsOf(member, memberId)).pointsAccount!.balance;
    const exchange = (quantity: number) =>
      member.request(ExchangePoints, {
        input: {
          volunteerId: memberId,
          itemId,
          quantity,
          idempotencyKey: `volunteers-client-exchange-${run}`,
        },
      });
    const made = success((await exchange(1)).data?.exchangePoints);
    expect(made).toMatchObject({
      volunteerId: memberId,
      itemId,
      quantity: 1,
      points: 15,
      exchangedOn: today,
    });
    expectTypeOf(made.points).toEqualTypeOf<number>();
    type Exchanged = Extract<ResultOf<typeof ExchangePoints>['exchangePoints'], { data: unknown }>['data'];
    expectTypeOf<Exchanged['quantity']>().toEqualTypeOf<number>();

    // The same request again answers the first exchange; another body under the key is refused.
    expect(success((await exchange(1)).data?.exchangePoints)).toEqual(made);
    const reused = (await exchange(2)).data?.exchangePoints;
    if (reused?.__typename !== 'ConflictError') throw new Error(JSON.stringify(reused));
    expectTypeOf(reused.code).toEqualTypeOf<SchemaErrorCode>();
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');

    expect((await pointsOf(member, memberId)).pointsAccount!.balance).toBe(before - 15);
    const after = (
      await member.request(TimeBankCataloguePage, {
        filter: { districtCode: district, providerCommunityId: communityId },
      })
    ).data?.timeBankCatalogue;
    expect(after?.find((item) => item.id === itemId)?.stock).toBe(4);
  });

  it('issues a certificate of the member’s service that verifies with its code, and not with other hours', async () => {
    const certificate = success(
      (
        await communityStaff.request(IssueVolunteerCertificate, {
          input: {
            volunteerId: memberId,
            issuerCommunityId: communityId,
            periodFrom: ago(30),
            periodTo: today,
          },
        })
      ).data?.issueVolunteerCertificate,
    );
    expect(certificate).toMatchObject({ volunteerId: memberId, totalMinutes: 150, totalHours: '2.5' });
    expect(certificate.number).toMatch(new RegExp(`^VC-${district}-\\d{4}-\\d{6}$`));

    const anyone = createClient({ url });
    const check = (statedHours: number) =>
      anyone.request(VerifyVolunteerCertificate, {
        districtCode: district,
        number: certificate.number,
        code: certificate.verificationCode,
        statedHours,
      });
    const valid = (await check(2.5)).data?.verifyVolunteerCertificate;
    expect(valid).toMatchObject({ valid: true, reason: null, mismatches: [], issued: { totalMinutes: 150 } });
    const altered = (await check(25)).data?.verifyVolunteerCertificate;
    expect(altered).toMatchObject({ valid: false, reason: 'CONTENT_MISMATCH', mismatches: ['hours'] });
  });
});
