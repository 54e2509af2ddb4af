// Runs the service-chain example over real HTTP against a real gateway serving the demo city
// (PGlite copies, or throwaway PostgreSQL databases when SANSHE_TEST_PG is set), with one signed
// token per role, as an identity provider would issue them.
import {
  createClient,
  type SansheClient,
  SocialOrganizationById,
  SocialOrganizationsPage,
} from '@sanshe/client';
import { todayInChina as coreToday, parseResidentId } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import {
  createGateway,
  type ListeningGateway,
  listen,
  openDemoCity,
  signHs256Token,
  type TokenClaims,
} from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The tokens `npm start` prints (not part of the package's API): the README tells readers to use them.
import { demoTokens } from '../../../packages/graphql/src/cli/demo-tokens.js';
import {
  addDays,
  BUDGET_FEN,
  type ChainTokens,
  CONTRACT_FEN,
  DAYS_AGO,
  DONATION,
  GOVERNMENT,
  makeResidentId,
  money,
  organizationOfToken,
  type RunReport,
  run,
  StepRefused,
  splitIntoTranches,
  todayInChina,
} from '../src/main.js';

const auth = {
  secret: 'example-secret-of-at-least-32-bytes',
  issuer: 'https://id.example.test',
  audience: 'sanshe',
};
const district = '320505';
const subdistrict = '320505001';
const community = '320505001001';
const today = todayInChina();
const ago = (days: number) => addDays(today, -days);

let running: ListeningGateway;
let gateway: ReturnType<typeof createGateway>;
let url: string;
let admin: SansheClient;
let report: RunReport;
let undertakerId: string;

const sign = (claims: TokenClaims) => signHs256Token(auth, claims, '1h');

/** The tokens of the five roles, the organization's staff working for `organizationId`. */
async function tokensFor(organizationId: string): Promise<ChainTokens> {
  return {
    communityStaff: await sign({ sub: 'community-staff', role: 'COMMUNITY_STAFF', district, community }),
    subdistrictStaff: await sign({
      sub: 'subdistrict-staff',
      role: 'SUBDISTRICT_STAFF',
      district,
      subdistrict,
    }),
    bureau: await sign({ sub: 'civil-affairs', role: 'DEPARTMENT_STAFF', district }),
    organizationStaff: await sign({ sub: 'organization-staff', role: 'ORG_STAFF', org: organizationId }),
    evaluator: await sign({ sub: 'evaluator', role: 'EVALUATOR', district }),
  };
}

/**
 * An organization of the community that may undertake: registered (a legal person), active,
 * registered before the chain begins and on no list. The demo city has several.
 */
async function findUndertaker(): Promise<string> {
  const { data, error } = await admin.request(SocialOrganizationsPage, {
    first: 50,
    filter: { parentCode: community, legalStatus: 'REGISTERED', status: 'ACTIVE' },
  });
  if (!data) throw error;
  for (const candidate of data.socialOrganizations.nodes) {
    if (!candidate.registeredOn || candidate.registeredOn > ago(DAYS_AGO.needCollected + 30)) continue;
    const { data: found } = await admin.request(SocialOrganizationById, { id: candidate.id });
    const node = found?.node;
    if (node?.__typename !== 'SocialOrganization') continue;
    if (node.listEntries.some((entry) => entry.removedOn === null)) continue;
    return candidate.id;
  }
  throw new Error(`The demo community ${community} has no organization that may undertake.`);
}

beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  gateway = createGateway({ districts: city.sources, logging: false, auth });
  running = await listen(gateway, { port: 0 });
  url = `${running.origin}/graphql`;
  admin = createClient({ url, token: await sign({ sub: 'example-test', role: 'CITY_ADMIN' }) });
  undertakerId = await findUndertaker();
  report = await run({ url, tokens: await tokensFor(undertakerId), runId: 'test-run-1', log: () => {} });
});
afterAll(() => running?.close());

describe('the service-chain example against a demo gateway', () => {
  it('meets the need: recorded, answered by a project, met once the project closed', () => {
    expect(report.today).toBe(coreToday());
    expect(report.need).toMatchObject({
      status: 'MET',
      collectedOn: ago(DAYS_AGO.needCollected),
      closedOn: ago(DAYS_AGO.needMet),
    });
    expect(report.project).toMatchObject({
      status: 'CLOSED',
      budgetFen: BUDGET_FEN,
      approvedOn: ago(DAYS_AGO.projectApproved),
      closedOn: ago(DAYS_AGO.projectClosed),
    });
    expect(BUDGET_FEN).toBe(20_000_000);
  });

  it('moves the purchase through every stage, each dated in order and in the past', () => {
    expect(report.purchase.stage).toBe('CLOSURE');
    const days = Object.values(report.purchase.days);
    expect(days).toHaveLength(8);
    expect(days.every((day) => day !== null && day <= today)).toBe(true);
    expect([...days].sort()).toEqual(days);
    expect(report.bid).toMatchObject({ status: 'AWARDED', eligible: true, priceFen: CONTRACT_FEN });
    expect(report.contract).toMatchObject({
      amountFen: CONTRACT_FEN,
      startsOn: ago(DAYS_AGO.contractStarts),
      endsOn: ago(DAYS_AGO.contractEnds),
      contractNumber: `${subdistrict}-ZFGM-test-run-1`,
    });
  });

  it('pays every tranche as its milestone is met, and the money adds up to the fen', () => {
    const tranches = report.contract.tranches;
    expect(tranches.map((t) => t.milestone)).toEqual(['SIGNING', 'MIDTERM_EVALUATION', 'FINAL_EVALUATION']);
    expect(tranches.map((t) => t.amountFen)).toEqual([5_880_000, 7_840_000, 5_880_000]);
    expect(tranches.map((t) => t.releasedOn)).toEqual([
      ago(DAYS_AGO.firstTranchePaid),
      ago(DAYS_AGO.secondTranchePaid),
      ago(DAYS_AGO.thirdTranchePaid),
    ]);
    // Four payments (the last tranche from two sources), no reversal, no payment twice.
    expect(report.payments.map((p) => p.kind)).toEqual(Array(4).fill('DISBURSEMENT'));
    expect(report.payments.reduce((sum, p) => sum + p.amountFen, 0)).toBe(CONTRACT_FEN);
    expect(report.replay.replayEntryId).toBe(report.replay.firstEntryId);

    const { government, donation } = report.sources;
    expect(government).toMatchObject({
      funderName: '区财政局',
      committedFen: GOVERNMENT.committedFen,
      receivedFen: GOVERNMENT.committedFen,
      earmarkedFen: GOVERNMENT.earmarkFen,
    });
    expect(donation).toMatchObject({
      funderName: '个人捐赠',
      committedFen: DONATION.committedFen,
      receivedFen: DONATION.committedFen,
      earmarkedFen: DONATION.earmarkFen,
      availableFen: 0,
    });
    // Earmarked, less paid out: 200 000 yuan earmarked, 196 000 paid, 4 000 left with the government's.
    expect(government.availableFen).toBe(GOVERNMENT.earmarkFen + DONATION.earmarkFen - CONTRACT_FEN);
    expect(government.availableFen).toBe(400_000);
  });

  it('refuses a tranche paid past an earmark, as a typed conflict, and nothing changes', () => {
    expect(report.refusal).toMatchObject({
      __typename: 'ConflictError',
      code: 'INSUFFICIENT_BALANCE',
      path: ['input', 'amountFen'],
    });
    expect(report.refusal.after).toBe(report.refusal.before);
    expect(
      report.lines.some((line) => line.includes('INSUFFICIENT_BALANCE') && line.includes('nothing changed')),
    ).toBe(true);
  });

  it('records the delivery, confirmed by the community, and both evaluations', () => {
    expect(report.activities.map((a) => [a.heldOn, a.status])).toEqual(
      DAYS_AGO.activities.map((days) => [ago(days), 'CONFIRMED']),
    );
    for (const activity of report.activities) expect(activity.totalMinutes).toBe(180 + 120 + 90);
    expect(report.evaluations).toEqual([
      { kind: 'MIDTERM', score: 86, grade: 'GOOD', evaluatedOn: ago(DAYS_AGO.midtermEvaluated) },
      { kind: 'FINAL', score: 91.5, grade: 'EXCELLENT', evaluatedOn: ago(DAYS_AGO.finalEvaluated) },
    ]);
    expect(report.indicators.map((i) => [i.target, i.achieved])).toEqual([
      [30, 32],
      [12, 12],
      [90, 95],
    ]);
  });

  it('sums residents’ satisfaction as counts, never naming who answered', () => {
    // The average is given to two decimals; the sum and the count are exact and add up across projects.
    expect(report.satisfaction).toEqual({ answers: 6, scoreSum: 28, average: 4.67, counts: [0, 0, 0, 2, 4] });
    const text = report.lines.join('\n');
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });

  it('prints each step, by the role that did it', () => {
    for (const role of ['[community]', '[subdistrict]', '[bureau]', '[organization]', '[evaluator]']) {
      expect(report.lines.some((line) => line.startsWith(role))).toBe(true);
    }
    expect(report.lines).toContain(
      `[bureau] Registered funding source 个人捐赠 (DONATION, 捐赠协议 JZ-test-run-1): ¥30,000.00 committed on ${ago(DAYS_AGO.donationCommitted)}.`,
    );
  });

  it('runs again with another run id: a new need and project, no key or contract number reused', async () => {
    const second = await run({
      url,
      tokens: await tokensFor(undertakerId),
      runId: 'test-run-2',
      log: () => {},
    });
    expect(second.need.id).not.toBe(report.need.id);
    expect(second.project.status).toBe('CLOSED');
    expect(second.contract.contractNumber).toBe(`${subdistrict}-ZFGM-test-run-2`);
    expect(second.sources.donation.availableFen).toBe(0);
  });

  it('runs with the demo tokens `npm start` prints, as the README says', async () => {
    const byRole = new Map((await demoTokens(gateway, auth)).map((demo) => [demo.role, demo.token]));
    const token = (role: string) => {
      const found = byRole.get(role as never);
      if (!found) throw new Error(`npm start prints no ${role} token`);
      return found;
    };
    const demo = await run({
      url,
      tokens: {
        communityStaff: token('COMMUNITY_STAFF'),
        subdistrictStaff: token('SUBDISTRICT_STAFF'),
        bureau: token('DEPARTMENT_STAFF'),
        organizationStaff: token('ORG_STAFF'),
        evaluator: token('EVALUATOR'),
      },
      runId: 'test-run-demo-tokens',
      log: () => {},
    });
    expect(demo.need.status).toBe('MET');
    expect(demo.project.status).toBe('CLOSED');
  });

  it('stops at the bid when the organization is a filed group, which may not undertake', async () => {
    const { data } = await admin.request(SocialOrganizationsPage, {
      first: 1,
      filter: { parentCode: community, legalStatus: 'FILED', status: 'ACTIVE' },
    });
    const group = data?.socialOrganizations.nodes[0];
    if (!group) throw new Error(`The demo community ${community} has no filed group.`);
    const refusal = await run({
      url,
      tokens: await tokensFor(group.id),
      runId: 'test-run-3',
      log: () => {},
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(StepRefused);
    expect((refusal as StepRefused).step).toBe('Bidding');
    expect((refusal as StepRefused).failure).toMatchObject({
      code: 'NOT_ELIGIBLE',
      path: ['input', 'organizationId'],
    });
  });
});

describe('the helpers', () => {
  it('formats fen as yuan and splits a contract 30/40/30 to the fen', () => {
    expect(money(19_600_000)).toBe('¥196,000.00');
    expect(money(5)).toBe('¥0.05');
    expect(money(-123_456)).toBe('-¥1,234.56');
    expect(splitIntoTranches(CONTRACT_FEN)).toEqual([5_880_000, 7_840_000, 5_880_000]);
    const odd = splitIntoTranches(1_000_001);
    expect(odd.reduce((sum, part) => sum + part, 0)).toBe(1_000_001);
  });

  it('makes valid resident identity numbers of elderly residents, distinct per respondent', () => {
    const ids = [1, 2, 3, 4, 5, 6].map((n) => makeResidentId(district, n, 'test-run-1'));
    expect(new Set(ids).size).toBe(6);
    for (const id of ids) {
      expect(parseResidentId(id).success).toBe(true);
      expect(Number(id.slice(6, 10))).toBeLessThan(1955);
    }
  });

  it('reads the organization claim of a token, and counts days in China Standard Time', async () => {
    expect(organizationOfToken(await sign({ sub: 's', role: 'ORG_STAFF', org: 'U29jaWFs' }))).toBe(
      'U29jaWFs',
    );
    expect(organizationOfToken('not-a-token')).toBeUndefined();
    expect(todayInChina(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
