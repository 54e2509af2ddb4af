/**
 * Issue 6, a city over its districts: three district gateways, each serving one district of the
 * demo city from its own database over real HTTP, and a city gateway whose districts are all
 * remote. The city answers as one gateway holding every district would, carries the caller to
 * each district as a service token so each district applies its own authorization, and still
 * answers when a district is down.
 */
import { demoTestDatabases } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalId } from '../src/global-id.js';
import {
  createGateway,
  createRemoteDistrictSource,
  type DemoCity,
  type ListeningGateway,
  listen,
  openDemoCity,
  type TokenClaims,
} from '../src/index.js';
import { type DelayingProxy, type InFlightGauge, startDelayingProxy } from './support/delaying-proxy.js';
import { testAuth, testToken } from './support/demo-gateway.js';

const serviceToken = { secret: 'sanshe-test-service-secret-32-bytes!!' };
let city: DemoCity;
let districtGateways: ListeningGateway[] = [];
let proxies: DelayingProxy[] = [];
const inFlight: InFlightGauge = { current: 0, max: 0 };
let cityGateway: ListeningGateway;
let inProcess: ListeningGateway;

async function post(origin: string, query: string, variables?: Record<string, unknown>, as?: TokenClaims) {
  const token = await testToken(as ?? { sub: 'city-admin', role: 'CITY_ADMIN' });
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
  return (await response.json()) as { data?: any; errors?: any[] };
}

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  const keepOpen = city.sources.map((source) => ({ ...source, close: async () => {} }));
  // One gateway per district, as each district would run its own.
  districtGateways = await Promise.all(
    keepOpen.map((source) =>
      listen(createGateway({ districts: [source], auth: testAuth, serviceToken, logging: false }), {
        port: 0,
      }),
    ),
  );
  // Each district is reached through a proxy that counts the requests and can slow it down.
  proxies = await Promise.all(
    districtGateways.map((running) => startDelayingProxy(running.origin, inFlight)),
  );
  cityGateway = await listen(
    createGateway({
      districts: proxies.map((proxy, i) =>
        createRemoteDistrictSource({
          districtCode: keepOpen[i]!.districtCode,
          url: proxy.origin,
          serviceToken,
        }),
      ),
      districtTimeoutMs: 2_000,
      auth: testAuth,
      logging: false,
    }),
    { port: 0 },
  );
  // The same districts served by one gateway in-process: what the city must equal.
  inProcess = await listen(createGateway({ districts: keepOpen, auth: testAuth, logging: false }), {
    port: 0,
  });
}, 180_000);

afterAll(async () => {
  await cityGateway?.close();
  await inProcess?.close();
  for (const proxy of proxies) await proxy.close();
  for (const running of districtGateways) await running.close();
  await Promise.all((city?.sources ?? []).map((source) => source.close()));
});

const page = `query($first: Int, $after: String, $last: Int, $before: String) {
  socialOrganizations(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id name districtCode posts(first: 2) { nodes { worker { name residentIdMasked } } } }
  }
}`;

async function everyPage(origin: string, direction: 'forward' | 'backward', size = 37) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const variables =
      direction === 'forward' ? { first: size, after: cursor } : { last: size, before: cursor };
    const { data, errors } = await post(origin, page, variables);
    expect(errors).toBeUndefined();
    const connection = data.socialOrganizations;
    const names = connection.nodes.map((n: { id: string }) => n.id);
    if (direction === 'forward') ids.push(...names);
    else ids.unshift(...names);
    const more =
      direction === 'forward' ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage;
    if (!more) return { ids, totalCount: connection.totalCount };
    cursor = direction === 'forward' ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
  }
  throw new Error('paging did not end');
}

describe('the city over three remote districts', () => {
  it('answers a nested page exactly as one gateway holding every district does', async () => {
    const [remote, local] = await Promise.all([
      post(cityGateway.origin, page, { first: 30 }),
      post(inProcess.origin, page, { first: 30 }),
    ]);
    expect(remote.errors).toBeUndefined();
    expect(remote.data).toEqual(local.data);
    expect(
      new Set(remote.data.socialOrganizations.nodes.map((n: { districtCode: string }) => n.districtCode))
        .size,
    ).toBeGreaterThan(1);
  });

  it('pages forward and backward over the city, every row once, in the same order as one database', async () => {
    const forward = await everyPage(cityGateway.origin, 'forward');
    const backward = await everyPage(cityGateway.origin, 'backward');
    const reference = await everyPage(inProcess.origin, 'forward', 100);
    expect(forward.ids).toEqual(reference.ids);
    expect(backward.ids).toEqual(reference.ids);
    expect(new Set(forward.ids).size).toBe(forward.ids.length);
    expect(forward.ids.length).toBe(forward.totalCount);
  }, 120_000);

  it('routes node(id) and a mutation to the owning district', async () => {
    const { data } = await post(
      cityGateway.origin,
      `{ communities(first: 1, filter: { districtCode: "320506" }) { nodes { id code name version } } }`,
    );
    const community = data.communities.nodes[0];
    const node = await post(
      cityGateway.origin,
      `query($id: ID!) { node(id: $id) { ... on Community { code } } }`,
      { id: community.id },
    );
    expect(node.data.node.code).toBe(community.code);
    const renamed = await post(
      cityGateway.origin,
      `mutation($input: RenameUnitInput!) { renameCommunity(input: $input) { __typename ... on RenameCommunitySuccess { data { name } } } }`,
      {
        input: {
          id: community.id,
          name: `${community.name}（城市网关）`,
          expectedVersion: community.version,
        },
      },
    );
    expect(renamed.data.renameCommunity).toEqual({
      __typename: 'RenameCommunitySuccess',
      data: { name: `${community.name}（城市网关）` },
    });
  });

  it('carries the caller: a district admin sees only its district through the city; the district decides', async () => {
    const admin: TokenClaims = { sub: 'admin-320506', role: 'DISTRICT_ADMIN', district: '320506' };
    const { data, errors } = await post(
      cityGateway.origin,
      '{ socialWorkers(first: 100) { totalCount nodes { districtCode } } }',
      undefined,
      admin,
    );
    expect(errors).toBeUndefined();
    expect(data.socialWorkers.totalCount).toBeGreaterThan(0);
    expect(new Set(data.socialWorkers.nodes.map((n: { districtCode: string }) => n.districtCode))).toEqual(
      new Set(['320506']),
    );
    const publicAnswer = await fetch(`${cityGateway.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ socialWorkers(first: 5) { totalCount } }' }),
    }).then((r) => r.json() as Promise<{ data: { socialWorkers: { totalCount: number } } }>);
    expect(publicAnswer.data.socialWorkers.totalCount).toBe(0);
  });

  it('adds indicators up over the city: Σ numerators / Σ denominators, never an average of ratios', async () => {
    const query = '{ cityIndicators(on: "2025-06-30") { key numerator denominator scale value districts } }';
    const [remote, local] = await Promise.all([
      post(cityGateway.origin, query),
      post(inProcess.origin, query),
    ]);
    expect(remote.errors).toBeUndefined();
    expect(remote.data).toEqual(local.data);
    const perDistrict = await Promise.all(
      city.sources.map(async (source) => {
        const { data } = await post(
          inProcess.origin,
          `{ indicators(unitCode: "${source.districtCode}", on: "2025-06-30") { key numerator denominator scale value } }`,
        );
        return data.indicators as {
          key: string;
          numerator: number;
          denominator: number;
          scale: number;
          value: number | null;
        }[];
      }),
    );
    let differsFromAverage = 0;
    for (const total of remote.data.cityIndicators) {
      const parts = perDistrict.map((values) => values.find((v) => v.key === total.key)!);
      const numerator = parts.reduce((sum, v) => sum + v.numerator, 0);
      const denominator = parts.reduce((sum, v) => sum + v.denominator, 0);
      expect(total.numerator).toBeCloseTo(numerator, 6);
      expect(total.denominator).toBeCloseTo(denominator, 6);
      expect(total.districts).toEqual(city.sources.map((s) => s.districtCode).sort());
      if (denominator > 0) expect(total.value).toBeCloseTo((numerator / denominator) * total.scale, 6);
      const ratios = parts.filter((v) => v.value !== null).map((v) => v.value!);
      const average = ratios.reduce((a, b) => a + b, 0) / ratios.length;
      if (total.value !== null && Math.abs(average - total.value) > 1e-6) differsFromAverage += 1;
    }
    expect(remote.data.cityIndicators.length).toBeGreaterThan(3);
    expect(differsFromAverage).toBeGreaterThan(0);
  });

  it('ranks grid work across districts under one rule, totals summed from counts, as one gateway would', async () => {
    const rates =
      'closedOnTime { numerator denominator value interval { lower upper } rank } reopened { numerator denominator rank }';
    const counts = 'received closedOnTime closureDue reopened everClosed satisfied rated';
    const query = `query($minimumEvents: Int) {
      gridAssessmentAcrossDistricts(from: "2025-12-01", to: "2026-11-30", subject: DEPARTMENT, minimumEvents: $minimumEvents) {
        from to subject minimumEvents confidencePercent districts
        total { counts { ${counts} } rates { ${rates} } meanSatisfaction }
        byDistrict { districtCode counts { ${counts} } rates { ${rates} } }
        units { unitId code name ranked place: rates { closedOnTime { rank } } counts { ${counts} } rates { ${rates} }
          marks { thirdParty { count } } }
      }
    }`;
    const [remote, local] = await Promise.all([
      post(cityGateway.origin, query, { minimumEvents: 20 }),
      post(inProcess.origin, query, { minimumEvents: 20 }),
    ]);
    expect(remote.errors).toBeUndefined();
    expect(remote.data).toEqual(local.data);
    const across = remote.data.gridAssessmentAcrossDistricts;
    expect(across).toMatchObject({ subject: 'DEPARTMENT', minimumEvents: 20, confidencePercent: 95 });
    expect(across.districts).toEqual(city.sources.map((s) => s.districtCode).sort());

    // Each district's own answer: the same units and counts, which the city only puts together.
    const own = await Promise.all(
      districtGateways.map(async (running, i) => {
        const { data, errors } = await post(
          running.origin,
          `{ gridAssessment(unitCode: "${city.sources[i]!.districtCode}", from: "2025-12-01", to: "2026-11-30", subject: DEPARTMENT) {
              units { unitId counts { ${counts} } } } }`,
        );
        expect(errors).toBeUndefined();
        return data.gridAssessment.units as { unitId: string; counts: Record<string, number> }[];
      }),
    );
    const ownUnits = own.flat();
    expect(across.units.map((u: { unitId: string }) => u.unitId).sort()).toEqual(
      ownUnits.map((u) => u.unitId).sort(),
    );
    for (const unit of ownUnits) {
      expect(across.units.find((u: { unitId: string }) => u.unitId === unit.unitId).counts).toEqual(
        unit.counts,
      );
    }
    const sum = (list: { counts: Record<string, number> }[], key: string) =>
      list.reduce((total, unit) => total + unit.counts[key]!, 0);
    expect(across.total.counts.received).toBe(sum(ownUnits, 'received'));
    expect(across.total.counts.received).toBeGreaterThan(300);
    expect(across.total.rates.closedOnTime.value).toBeCloseTo(
      sum(ownUnits, 'closedOnTime') / sum(ownUnits, 'closureDue'),
      9,
    );
    expect(across.byDistrict.map((d: { districtCode: string }) => d.districtCode)).toEqual(across.districts);
    expect(
      across.byDistrict.reduce((n: number, d: { counts: { rated: number } }) => n + d.counts.rated, 0),
    ).toBe(across.total.counts.rated);

    // One ranking: places 1, 2, … over the three districts, by the lower bound; below 20 events, none.
    const ranked = across.units.filter((u: { ranked: boolean }) => u.ranked);
    expect(new Set(ranked.map((u: { unitId: string }) => decodeGlobalId(u.unitId).districtCode)).size).toBe(
      3,
    );
    expect(ranked.length).toBeGreaterThan(3);
    expect(ranked[0].place.closedOnTime.rank).toBe(1);
    for (let i = 1; i < ranked.length; i++) {
      expect(ranked[i].rates.closedOnTime.interval.lower).toBeLessThanOrEqual(
        ranked[i - 1].rates.closedOnTime.interval.lower,
      );
    }
    for (const unit of across.units.filter((u: { ranked: boolean }) => !u.ranked)) {
      expect(unit.counts.received).toBeLessThan(20);
      expect(unit.rates.closedOnTime.rank).toBeNull();
    }

    // A district's gateway alone answers its part the same way.
    const first = await post(districtGateways[0]!.origin, query, { minimumEvents: 20 });
    expect(first.errors).toBeUndefined();
    expect(first.data.gridAssessmentAcrossDistricts.byDistrict).toEqual([across.byDistrict[0]]);

    // A rule out of range is refused once, naming the argument.
    const refused = await post(cityGateway.origin, query, { minimumEvents: 0 });
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'INVALID_NUMBER', field: ['minimumEvents'] },
    });
  });

  it('a district endpoint refuses callers without a valid service token', async () => {
    const target = `${districtGateways[0]!.origin}/districts/320505/graphql`;
    const body = JSON.stringify({ query: '{ socialWorkers(first: 1) { totalCount } }' });
    const anonymous = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(anonymous.status).toBe(401);
    // A user's token is not a service token, even a city admin's.
    const user = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await testToken({ sub: 'a', role: 'CITY_ADMIN' })}`,
      },
      body,
    });
    expect(user.status).toBe(401);
  });

  it('a nested selection below a remote root costs one request per district, not one per row', async () => {
    const before = proxies.map((proxy) => proxy.requests);
    const { data, errors } = await post(
      cityGateway.origin,
      `{ socialOrganizations(first: 40) { nodes { name community { code name subdistrict { name } }
          posts(first: 5) { nodes { title worker { name residentIdMasked certificates { level } } } } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data.socialOrganizations.nodes).toHaveLength(40);
    expect(proxies.map((proxy, i) => proxy.requests - before[i]!)).toEqual([1, 1, 1]);
  });

  it('asks the districts in parallel, and never more at once than its concurrency allows', async () => {
    for (const proxy of proxies) proxy.delayMs = 150;
    const sequential = await listen(
      createGateway({
        districts: proxies.map((proxy, i) =>
          createRemoteDistrictSource({
            districtCode: city.sources[i]!.districtCode,
            url: proxy.origin,
            serviceToken,
          }),
        ),
        districtConcurrency: 1,
        auth: testAuth,
        logging: false,
      }),
      { port: 0 },
    );
    try {
      inFlight.max = 0;
      const parallel = await post(cityGateway.origin, '{ communities(first: 5) { nodes { code } } }');
      expect(parallel.errors).toBeUndefined();
      expect(inFlight.max).toBe(3);
      inFlight.max = 0;
      const oneByOne = await post(sequential.origin, '{ communities(first: 5) { nodes { code } } }');
      expect(oneByOne.data).toEqual(parallel.data);
      expect(inFlight.max).toBe(1);
    } finally {
      for (const proxy of proxies) proxy.delayMs = 0;
      await sequential.close();
    }
  });

  it('a district slower than its timeout: left out with DISTRICT_UNAVAILABLE, the answer comes on time', async () => {
    const slow = proxies[1]!;
    const slowCode = city.sources[1]!.districtCode;
    slow.delayMs = 4_000;
    try {
      const started = performance.now();
      const { data, errors } = await post(
        cityGateway.origin,
        '{ communities(first: 30) { nodes { code } } }',
      );
      const elapsed = performance.now() - started;
      expect(errors?.map((e) => e.extensions)).toEqual([
        { code: 'DISTRICT_UNAVAILABLE', district: slowCode },
      ]);
      expect(errors?.[0].message).toMatch(/no answer within 2000 ms/);
      const served = new Set(data.communities.nodes.map((n: { code: string }) => n.code.slice(0, 6)));
      expect(served.has(slowCode)).toBe(false);
      expect(elapsed).toBeLessThan(3_900);
    } finally {
      slow.delayMs = 0;
    }
  });

  it('a district that is down: the others still answer, with one DISTRICT_UNAVAILABLE error naming it', async () => {
    const down = districtGateways[2]!;
    const downCode = city.sources[2]!.districtCode;
    down.server.close();
    down.server.closeAllConnections();
    const { data, errors } = await post(
      cityGateway.origin,
      '{ socialOrganizations(first: 50) { nodes { districtCode } } }',
    );
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: 'DISTRICT_UNAVAILABLE', district: downCode });
    const served = new Set(
      data.socialOrganizations.nodes.map((n: { districtCode: string }) => n.districtCode),
    );
    expect(served.has(downCode)).toBe(false);
    expect(served.size).toBeGreaterThan(0);
    const indicators = await post(cityGateway.origin, '{ cityIndicators { key districts } }');
    expect(indicators.errors?.map((e) => e.extensions)).toEqual([
      { code: 'DISTRICT_UNAVAILABLE', district: downCode },
    ]);
    for (const value of indicators.data.cityIndicators) expect(value.districts).not.toContain(downCode);
    const ready = await fetch(`${cityGateway.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(
      ((await ready.json()) as { districts: Record<string, { ok: boolean }> }).districts[downCode]?.ok,
    ).toBe(false);
  });
});
