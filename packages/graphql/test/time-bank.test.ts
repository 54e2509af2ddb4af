/**
 * The time bank through a real gateway over HTTP with signed tokens (docs/domain.md §5.5): a
 * volunteer exchanges its points; beyond its balance, beyond the stock and with a used key under
 * another body it is refused with the typed code and nothing changes; PUBLIC reads the catalogue
 * and the totals and nothing else; points never show as funds' ledger accounts.
 */
import { snapshotDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTimeBankDistrict,
  DISTRICT,
  newKey,
  serveAndSettle,
  type TimeBankDistrict,
} from '../../core/test/time-bank/fixture.js';
import { encodeGlobalId } from '../src/global-id.js';
import { createGateway, createLocalDistrictSource, type ListeningGateway, listen } from '../src/index.js';
import { testAuth, testToken } from './support/demo-gateway.js';

let district: TimeBankDistrict;
let running: ListeningGateway;
let volunteerToken: string;
let staffToken: string;
let adminToken: string;
let itemId: string;
let volunteerId: string;

// biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
async function gql<T = any>(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${running.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: T; errors?: unknown[] };
}

const exchange = `mutation($input: ExchangePointsInput!) {
  exchangePoints(input: $input) {
    __typename
    ... on ExchangePointsSuccess { data { id points quantity } }
    ... on Error { code message }
  }
}`;

beforeAll(async () => {
  district = await createTimeBankDistrict();
  // 张伟 earns 20 points (120 minutes at 10 an hour).
  await serveAndSettle(district, district.volunteers.leader, 120);
  running = await listen(
    createGateway({
      districts: [createLocalDistrictSource(district.database)],
      auth: testAuth,
      logging: false,
    }),
    { port: 0 },
  );
  volunteerId = encodeGlobalId('Volunteer', DISTRICT, district.volunteers.leader);
  // The volunteer claim is the Volunteer's global ID (auth/principal.ts).
  const volunteerClaims = {
    sub: 'vol-leader',
    role: 'VOLUNTEER',
    district: DISTRICT,
    volunteer: volunteerId,
  };
  volunteerToken = await testToken(volunteerClaims as Parameters<typeof testToken>[0]);
  staffToken = await testToken({
    sub: 'sq-01',
    role: 'COMMUNITY_STAFF',
    district: DISTRICT,
    community: '320505001001',
  });
  adminToken = await testToken({ sub: 'qu-01', role: 'DISTRICT_ADMIN', district: DISTRICT });
  const listed = await gql(
    `mutation($input: ListCatalogueItemInput!) {
      listCatalogueItem(input: $input) {
        __typename
        ... on ListCatalogueItemSuccess { data { id name pricePoints stock } }
        ... on Error { code message }
      }
    }`,
    {
      input: {
        districtCode: DISTRICT,
        name: '爱心超市 食用油一桶',
        kind: 'GOODS',
        providerCommunityId: encodeGlobalId('Community', DISTRICT, district.communityId),
        pricePoints: 6,
        stock: 2,
        listedOn: '2025-06-01',
        idempotencyKey: newKey(),
      },
    },
    staffToken,
  );
  expect(listed.data.listCatalogueItem).toMatchObject({
    __typename: 'ListCatalogueItemSuccess',
    data: { name: '爱心超市 食用油一桶', pricePoints: 6, stock: 2 },
  });
  itemId = listed.data.listCatalogueItem.data.id;
}, 120_000);

afterAll(async () => {
  // The gateway closes the district's database with it.
  await running?.close();
});

describe('the time bank over HTTP', () => {
  it('lets a volunteer exchange its points, and answers a replay with the first result', async () => {
    const input = { volunteerId, itemId, quantity: 1, exchangedOn: '2025-09-01', idempotencyKey: newKey() };
    const first = await gql(exchange, { input }, volunteerToken);
    expect(first.data.exchangePoints).toMatchObject({
      __typename: 'ExchangePointsSuccess',
      data: { points: 6, quantity: 1 },
    });
    const replay = await gql(exchange, { input }, volunteerToken);
    expect(replay.data.exchangePoints.data.id).toBe(first.data.exchangePoints.data.id);
    const own = await gql(
      `query($id: ID!) { node(id: $id) { ... on Volunteer { pointsAccount { balance floor unit kind statement { totalLines lines { entryKind amount } } } } } }`,
      { id: volunteerId },
      volunteerToken,
    );
    expect(own.data.node.pointsAccount).toEqual({
      balance: 14,
      floor: 0,
      unit: 'POINTS',
      kind: 'VOLUNTEER',
      statement: {
        totalLines: 2,
        lines: [
          { entryKind: 'POINTS_EXCHANGE', amount: -6 },
          { entryKind: 'POINTS_EARNING', amount: 20 },
        ],
      },
    });
  });

  it('refuses a used key under another body, beyond the stock and beyond the balance, changing nothing', async () => {
    const idempotencyKey = newKey();
    await gql(exchange, { input: { volunteerId, itemId, idempotencyKey } }, volunteerToken);
    const before = await snapshotDatabase(district.database);
    const reused = await gql(
      exchange,
      { input: { volunteerId, itemId, quantity: 1, exchangedOn: '2025-09-02', idempotencyKey } },
      volunteerToken,
    );
    expect(reused.data.exchangePoints).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const stock = await gql(
      exchange,
      { input: { volunteerId, itemId, idempotencyKey: newKey() } },
      volunteerToken,
    );
    expect(stock.data.exchangePoints).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    const dear = await gql(
      `mutation($input: ListCatalogueItemInput!) { listCatalogueItem(input: $input) { ... on ListCatalogueItemSuccess { data { id } } } }`,
      {
        input: {
          districtCode: DISTRICT,
          name: '助浴上门服务',
          kind: 'SERVICE',
          providerCommunityId: encodeGlobalId('Community', DISTRICT, district.communityId),
          pricePoints: 50,
          idempotencyKey: newKey(),
        },
      },
      staffToken,
    );
    const snapshotWithDear = await snapshotDatabase(district.database);
    expect(Object.keys(snapshotWithDear)).toEqual(Object.keys(before));
    const balance = await gql(
      exchange,
      { input: { volunteerId, itemId: dear.data.listCatalogueItem.data.id, idempotencyKey: newKey() } },
      volunteerToken,
    );
    expect(balance.data.exchangePoints).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect(await snapshotDatabase(district.database)).toEqual(snapshotWithDear);
  });

  it('gives PUBLIC the catalogue and the totals only', async () => {
    const catalogue = await gql(
      `query { timeBankCatalogue(filter: { districtCode: "${DISTRICT}" }) { name pricePoints stock } }`,
      {},
    );
    expect(catalogue.data.timeBankCatalogue.map((item: { name: string }) => item.name)).toEqual([
      '爱心超市 食用油一桶',
      '助浴上门服务',
    ]);
    const totals = await gql(
      `query { timeBankTotals(districtCode: "${DISTRICT}") { pointsIssued pointsRedeemed pointsOutstanding minutesBanked } }`,
      {},
    );
    expect(totals.data.timeBankTotals).toEqual({
      pointsIssued: 20,
      pointsRedeemed: 12,
      pointsOutstanding: 8,
      minutesBanked: 120,
    });
    const accounts = await district.bank.volunteerAccounts(district.volunteers.leader);
    const pointsId = accounts.find((account) => account.unit === 'points')!.id;
    const account = await gql(`query($id: ID!) { node(id: $id) { id } }`, {
      id: encodeGlobalId('TimeBankAccount', DISTRICT, pointsId),
    });
    expect(account.data.node).toBeNull();
    const spend = await gql(exchange, { input: { volunteerId, itemId, idempotencyKey: newKey() } });
    expect(spend.data.exchangePoints.code).toMatch(/NOT_FOUND|FORBIDDEN|UNAUTHENTICATED/);
    // A district administrator sees the account as the time bank's, never as funds'.
    const asAdmin = await gql(
      `query($tb: ID!, $funds: ID!) { tb: node(id: $tb) { ... on TimeBankAccount { balance } } funds: node(id: $funds) { id } }`,
      {
        tb: encodeGlobalId('TimeBankAccount', DISTRICT, pointsId),
        funds: encodeGlobalId('LedgerAccount', DISTRICT, pointsId),
      },
      adminToken,
    );
    expect(asAdmin.data).toEqual({ tb: { balance: 8 }, funds: null });
    const entries = await gql(
      `query { journalEntries(filter: { districtCode: "${DISTRICT}" }) { totalCount } }`,
      {},
      adminToken,
    );
    expect(entries.data.journalEntries.totalCount).toBe(0);
  });
});
