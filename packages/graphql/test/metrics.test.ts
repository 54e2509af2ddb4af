/**
 * Prometheus metrics at /metrics: each gateway has a registry of its own, the figures move with
 * the requests made (requests by operation and outcome, latencies, district calls and their
 * failures, SQL statements, PostgreSQL pool use), process metrics come along, and the endpoint
 * can be closed with a token (and is closed in production without one).
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createPersonalDataKeyring } from '@sanshe/core';
import { demoTestDatabases, testDatabaseKind } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  createLocalDistrictSource,
  createRemoteDistrictSource,
  createServiceTokenSigner,
  type DemoCity,
  type DistrictSource,
  type Gateway,
  openDemoCity,
  publicPrincipal,
} from '../src/index.js';
import { cityAdmin, testAuth, testServiceToken, testToken } from './support/demo-gateway.js';

let city: DemoCity;

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
}, 120_000);

afterAll(async () => {
  await Promise.all(city?.sources.map((source) => source.close()) ?? []);
});

/** The city's sources, for gateways of their own: closing those leaves the databases open. */
function keepOpen(sources: readonly DistrictSource[] = city.sources): DistrictSource[] {
  return sources.map((source) => ({ ...source, close: async () => {} }));
}

async function ask(target: Gateway, query: string, path = '/graphql', headers: Record<string, string> = {}) {
  const response = await target.yoga.fetch(`http://sanshe.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
}

function fetchMetrics(target: Gateway, headers: Record<string, string> = {}, method = 'GET') {
  return target.yoga.fetch('http://sanshe.test/metrics', { method, headers });
}

/** One scrape: every sample by its name and labels (`name{a="1",b="2"}`, labels sorted). */
type Samples = Map<string, number>;

async function scrape(target: Gateway, headers: Record<string, string> = {}): Promise<Samples> {
  const response = await fetchMetrics(target, headers);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const samples: Samples = new Map();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const labels = [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(
      ([, k, v]) => `${k}="${v}"`,
    );
    samples.set(`${match[1]}{${labels.sort().join(',')}}`, Number(match[3]));
  }
  return samples;
}

function sample(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  const key = `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',')}}`;
  return samples.get(key) ?? 0;
}

const districtCodes = ['320505', '320506', '320508'];

describe('the figures move with the requests', () => {
  let gateway: Gateway;
  beforeAll(() => {
    gateway = createGateway({ districts: keepOpen(), auth: testAuth, logging: false });
  });

  it('requests, latencies, district calls and SQL statements, by operation, outcome and district', async () => {
    const before = await scrape(gateway);
    for (let i = 0; i < 2; i++) {
      const body = await ask(
        gateway,
        'query Communities { communities(first: 2) { totalCount nodes { name } } }',
      );
      expect(body.errors).toBeUndefined();
    }
    const refused = await ask(gateway, 'query Bad { community(code: "12") { name } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_DIVISION_CODE');
    const after = await scrape(gateway);
    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);

    const communities = { endpoint: 'graphql', operation: 'Communities', type: 'query' };
    expect(moved('sanshe_graphql_requests_total', { ...communities, outcome: 'ok' })).toBe(2);
    expect(moved('sanshe_graphql_request_duration_seconds_count', communities)).toBe(2);
    expect(moved('sanshe_graphql_request_duration_seconds_sum', communities)).toBeGreaterThan(0);
    const bad = { endpoint: 'graphql', operation: 'Bad', type: 'query' };
    expect(moved('sanshe_graphql_requests_total', { ...bad, outcome: 'error' })).toBe(1);
    expect(moved('sanshe_graphql_requests_total', { ...bad, outcome: 'ok' })).toBe(0);
    expect(moved('sanshe_graphql_errors_total', { code: 'INVALID_DIVISION_CODE' })).toBe(1);
    for (const district of districtCodes) {
      expect(moved('sanshe_district_call_duration_seconds_count', { district, outcome: 'ok' })).toBe(2);
      expect(moved('sanshe_district_call_failures_total', { district, outcome: 'error' })).toBe(0);
      // A page and its count: at least one statement each time, none failed.
      expect(moved('sanshe_sql_statements_total', { district, outcome: 'ok' })).toBeGreaterThanOrEqual(2);
      expect(moved('sanshe_sql_statements_total', { district, outcome: 'error' })).toBe(0);
      expect(moved('sanshe_sql_statement_duration_seconds_count', { district })).toBeGreaterThanOrEqual(2);
    }
    // The routed lookup with a bad code never reached a district: no call was counted for it.
    expect(
      districtCodes.map((district) =>
        moved('sanshe_district_call_duration_seconds_count', { district, outcome: 'refused' }),
      ),
    ).toEqual([0, 0, 0]);
    // prom-client's default process metrics come along.
    expect(after.has('process_cpu_user_seconds_total{}')).toBe(true);
    expect(sample(after, 'nodejs_heap_size_total_bytes')).toBeGreaterThan(0);
  });

  it('a mutation: its routed call and its statements are counted', async () => {
    const headers = { authorization: `Bearer ${await testToken(cityAdmin)}` };
    const found = (await ask(
      gateway,
      '{ socialOrganizations(first: 1, filter: { districtCode: "320505" }) { nodes { id name } } }',
      '/graphql',
      headers,
    )) as { data?: { socialOrganizations: { nodes: { id: string; name: string }[] } } };
    const organization = found.data!.socialOrganizations.nodes[0]!;
    const before = await scrape(gateway);
    const renamed = await ask(
      gateway,
      `mutation Rename { changeOrganization(input: { id: "${organization.id}", name: "${organization.name}（更名）" }) { __typename } }`,
      '/graphql',
      headers,
    );
    expect(renamed.data).toEqual({ changeOrganization: { __typename: 'ChangeOrganizationSuccess' } });
    const after = await scrape(gateway);
    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    const rename = { endpoint: 'graphql', operation: 'Rename', type: 'mutation' };
    expect(moved('sanshe_graphql_requests_total', { ...rename, outcome: 'ok' })).toBe(1);
    expect(moved('sanshe_district_call_duration_seconds_count', { district: '320505', outcome: 'ok' })).toBe(
      1,
    );
    expect(moved('sanshe_district_call_duration_seconds_count', { district: '320506', outcome: 'ok' })).toBe(
      0,
    );
    // The read and the compare-and-set that updates the row and writes its history and audit
    // entries (docs/architecture.md §7).
    expect(moved('sanshe_sql_statements_total', { district: '320505', outcome: 'ok' })).toBe(2);
    expect(moved('sanshe_sql_statements_total', { district: '320506', outcome: 'ok' })).toBe(0);
  });

  it('PostgreSQL districts report their pool; PGlite districts have none to report', async () => {
    await ask(gateway, '{ communities(first: 1) { totalCount } }');
    const samples = await scrape(gateway);
    for (const district of districtCodes) {
      const total = sample(samples, 'sanshe_db_pool_connections', { district });
      if (testDatabaseKind() === 'postgres') {
        expect(total).toBeGreaterThanOrEqual(1);
        expect(sample(samples, 'sanshe_db_pool_idle_connections', { district })).toBeLessThanOrEqual(total);
        expect(samples.has(`sanshe_db_pool_waiting_clients{district="${district}"}`)).toBe(true);
      } else {
        expect(samples.has(`sanshe_db_pool_connections{district="${district}"}`)).toBe(false);
      }
    }
  });

  it('a district that cannot be reached counts as a failed call', async () => {
    // A port that was free a moment ago: connecting to it is refused.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const unreachable = createRemoteDistrictSource({
      districtCode: '320507',
      url: `http://127.0.0.1:${port}`,
      serviceToken: testServiceToken,
    });
    const withRemote = createGateway({
      districts: [...keepOpen(city.sources.slice(0, 1)), unreachable],
      auth: testAuth,
      logging: false,
    });
    const body = await ask(withRemote, '{ communities(first: 1) { totalCount } }');
    expect(body.errors?.map((error) => error.extensions?.district)).toEqual(['320507']);
    const samples = await scrape(withRemote);
    expect(
      sample(samples, 'sanshe_district_call_failures_total', { district: '320507', outcome: 'error' }),
    ).toBe(1);
    expect(
      sample(samples, 'sanshe_district_call_duration_seconds_count', { district: '320505', outcome: 'ok' }),
    ).toBe(1);
    expect(sample(samples, 'sanshe_graphql_errors_total', { code: 'DISTRICT_UNAVAILABLE' })).toBe(1);
    expect(
      sample(samples, 'sanshe_graphql_requests_total', {
        endpoint: 'graphql',
        operation: 'anonymous',
        type: 'query',
        outcome: 'error',
      }),
    ).toBe(1);
  });

  it('calls from other gateways to a district endpoint are counted as such', async () => {
    const serving = createGateway({
      districts: keepOpen(),
      auth: testAuth,
      serviceToken: testServiceToken,
      logging: false,
    });
    const token = await createServiceTokenSigner(testServiceToken)(publicPrincipal);
    const body = await ask(
      serving,
      'query FromCity { communities(first: 1) { totalCount } }',
      '/districts/320506/graphql',
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(body.errors).toBeUndefined();
    const samples = await scrape(serving);
    const labels = { endpoint: 'district', operation: 'FromCity', type: 'query', outcome: 'ok' };
    expect(sample(samples, 'sanshe_graphql_requests_total', labels)).toBe(1);
    expect(
      sample(samples, 'sanshe_sql_statements_total', { district: '320506', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(sample(samples, 'sanshe_sql_statements_total', { district: '320505', outcome: 'ok' })).toBe(0);
  });
});

describe('each gateway has its own registry', () => {
  it('two gateways in one process count their own requests', async () => {
    const first = createGateway({ districts: keepOpen(), logging: false });
    const second = createGateway({ districts: keepOpen(), logging: false });
    await ask(first, 'query OnlyFirst { districts(first: 1) { totalCount } }');
    const labels = { endpoint: 'graphql', operation: 'OnlyFirst', type: 'query', outcome: 'ok' };
    expect(sample(await scrape(first), 'sanshe_graphql_requests_total', labels)).toBe(1);
    expect(sample(await scrape(second), 'sanshe_graphql_requests_total', labels)).toBe(0);
    expect(first.metrics?.registry).not.toBe(second.metrics?.registry);
  });

  it('metrics: false serves no /metrics', async () => {
    const off = createGateway({ districts: keepOpen(), logging: false, metrics: false });
    expect(off.metrics).toBeUndefined();
    expect((await fetchMetrics(off)).status).toBe(404);
  });
});

describe('who may scrape', () => {
  const token = 'metrics-scrape-token-0123456789';

  it('with a token: only a scrape that sends it, whatever the user tokens', async () => {
    const guarded = createGateway({
      districts: keepOpen(),
      auth: testAuth,
      logging: false,
      metrics: { token },
    });
    const refusals = [
      await fetchMetrics(guarded),
      await fetchMetrics(guarded, { authorization: 'Bearer wrong-token' }),
      await fetchMetrics(guarded, { authorization: token }),
    ];
    expect(refusals.map((response) => response.status)).toEqual([401, 401, 401]);
    expect(refusals[0]!.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await refusals[0]!.text()).not.toContain('sanshe_');
    expect((await fetchMetrics(guarded, { authorization: `Bearer ${token}` }, 'POST')).status).toBe(405);
    const samples = await scrape(guarded, { authorization: `Bearer ${token}` });
    expect(samples.size).toBeGreaterThan(0);
  });

  it('in production: refused without a token, served with one', async () => {
    // Production refuses the published development keyring, so these sources have keys.
    const personalData = createPersonalDataKeyring({
      keys: { k1: Buffer.alloc(32, 7) },
      lookupKey: Buffer.alloc(32, 9),
    });
    const keyed = city.databases.map((database) => ({
      ...createLocalDistrictSource({ ...database, personalData }),
      close: async () => {},
    }));
    const open = createGateway({ districts: keyed, auth: testAuth, logging: false, production: true });
    const refused = await fetchMetrics(open);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/SANSHE_METRICS_TOKEN/);
    const guarded = createGateway({
      districts: keyed,
      auth: testAuth,
      logging: false,
      production: true,
      metrics: { token },
    });
    expect((await fetchMetrics(guarded)).status).toBe(401);
    expect((await scrape(guarded, { authorization: `Bearer ${token}` })).size).toBeGreaterThan(0);
  });
});
