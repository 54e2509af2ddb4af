// Runs the volunteers example over real HTTP against a real gateway serving the demo city (PGlite
// copies, or throwaway PostgreSQL databases when SANSHE_TEST_PG is set), its tokens signed as an
// identity provider would: the community staff's up front, each volunteer's once registered.
import { createClient, VerifyVolunteerCertificate, VolunteersPage } from '@sanshe/client';
import { todayInChina as coreToday, parseResidentId } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { createGateway, type ListeningGateway, listen, openDemoCity, signHs256Token } from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  DAYS_AGO,
  ITEM,
  makeResidentId,
  type RunReport,
  run,
  SERVICE,
  signToken,
  todayInChina,
} from '../src/main.js';

const auth = {
  secret: 'example-secret-of-at-least-32-bytes',
  issuer: 'https://id.example.test',
  audience: 'sanshe',
};
const district = '320505';
const community = '320505001001';
const today = todayInChina();

let running: ListeningGateway;
let url: string;
let report: RunReport;

beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  running = await listen(createGateway({ districts: city.sources, logging: false, auth }), { port: 0 });
  url = `${running.origin}/graphql`;
  report = await run({
    url,
    communityStaffToken: await signHs256Token(auth, {
      sub: 'community-staff',
      role: 'COMMUNITY_STAFF',
      district,
      community,
    }),
    volunteerToken: (volunteer, sub) => signHs256Token(auth, { sub, role: 'VOLUNTEER', volunteer }),
    runId: 'test-run-1',
    log: () => {},
  });
});
afterAll(() => running?.close());

describe('the volunteers example against a demo gateway', () => {
  it('registers two volunteers and forms a team dated two weeks back', () => {
    expect(report.today).toBe(coreToday());
    expect(report.leader.id).not.toBe(report.member.id);
    expect(report.team.name).toContain('test-run-1');
    expect(report.lines[0]).toContain(report.leader.name);
  });

  it('has the leader certify 120 minutes of the member’s service yesterday, for the team', () => {
    expect(report.service).toMatchObject({
      minutes: SERVICE.minutes,
      certifierName: report.team.name,
    });
    expect(Date.parse(report.service.startedAt)).toBe(
      Date.parse(`${addDays(today, -1)}T${SERVICE.from}:00+08:00`),
    );
    expect(report.minutesBanked).toBe(SERVICE.minutes);
  });

  it('refuses the leader’s own service as SELF_CERTIFICATION', () => {
    expect(report.selfCertification).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'SELF_CERTIFICATION',
      path: ['input', 'volunteerId'],
    });
  });

  it('earns points at the demo district’s rate and spends the item’s price of them', () => {
    // The demo district's rate: 10 points an hour (docs/domain.md §5.6).
    expect(report.pointsPerHour).toBe(10);
    expect(report.points).toEqual({
      before: 0,
      earned: 20,
      afterService: 20,
      afterExchange: 20 - ITEM.pricePoints,
    });
    expect(report.exchange).toMatchObject({ points: ITEM.pricePoints, quantity: 1, exchangedOn: today });
  });

  it('takes one unit off the item’s stock', () => {
    expect(report.item).toMatchObject({
      name: ITEM.name,
      pricePoints: ITEM.pricePoints,
      stockListed: ITEM.stock,
      stockAfter: ITEM.stock - 1,
    });
  });

  it('moves the district’s totals by exactly what the run earned and redeemed', () => {
    const { before, after } = report.totals;
    expect(after.pointsIssued - before.pointsIssued).toBe(20);
    expect(after.pointsRedeemed - before.pointsRedeemed).toBe(ITEM.pricePoints);
    expect(after.pointsOutstanding - before.pointsOutstanding).toBe(20 - ITEM.pricePoints);
    expect(after.minutesBanked - before.minutesBanked).toBe(SERVICE.minutes);
  });

  it('issues a certificate of the 2.0 hours that verifies, and not with other hours', async () => {
    expect(report.certificate).toMatchObject({ totalMinutes: 120, totalHours: '2.0' });
    expect(report.certificate.number).toMatch(/^VC-320505-\d{4}-\d{6}$/);
    expect(report.verification).toEqual({ valid: true, reason: null, mismatches: [] });
    expect(report.lines.some((line) => line.includes(report.certificate.verificationCode))).toBe(true);

    const altered = await createClient({ url }).request(VerifyVolunteerCertificate, {
      districtCode: district,
      number: report.certificate.number,
      code: report.certificate.verificationCode,
      statedHours: 20,
    });
    expect(altered.data?.verifyVolunteerCertificate).toMatchObject({
      valid: false,
      reason: 'CONTENT_MISMATCH',
      mismatches: ['hours'],
    });
  });
});

describe('the example’s helpers', () => {
  it('makes valid identity numbers of adults, distinct per run and respondent', () => {
    const ids = ['a', 'b'].flatMap((runId) => [1, 2].map((n) => makeResidentId(district, n, runId)));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) {
      const parsed = parseResidentId(id);
      expect(parsed.success).toBe(true);
    }
  });

  it('signs a token the gateway accepts, as the command line does', async () => {
    const token = signToken(auth, { sub: 'example-check', role: 'COMMUNITY_STAFF', district, community });
    const { data, error } = await createClient({ url, token }).request(VolunteersPage, {
      first: 1,
      filter: { districtCode: district },
    });
    expect(error).toBeUndefined();
    expect(data?.volunteers.totalCount).toBeGreaterThan(0);
    const forged = signToken(
      { ...auth, secret: 'another-secret-of-at-least-32-bytes' },
      { sub: 'x', role: 'CITY_ADMIN' },
    );
    const refused = await createClient({ url, token: forged }).request(VolunteersPage, { first: 1 });
    expect(refused.error?.code).toBe('UNAUTHENTICATED');
  });

  it('dates days in China Standard Time', () => {
    expect(todayInChina(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
    expect(addDays('2026-03-01', -DAYS_AGO.registered)).toBe('2026-02-15');
  });
});
