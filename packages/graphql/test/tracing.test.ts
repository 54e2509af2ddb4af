/**
 * OpenTelemetry traces through `@opentelemetry/api`: with an SDK registered (here the in-memory
 * exporter), a span per request, per district call (district code, outcome) and per SQL statement
 * (db.system, db.statement with placeholders, never the parameter values), each a child of the
 * one before.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { demoTestDatabases } from '@sanshe/core/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway, type DemoCity, type Gateway, openDemoCity } from '../src/index.js';
import { testAuth } from './support/demo-gateway.js';
import { keepOpen, remoteDistrict, serveDistrict } from './support/remote-districts.js';

// What NodeSDK registers in production: the active context follows the async flow (so a
// piece of work's spans are children of the span it runs in), and spans travel as `traceparent`.
const exporter = new InMemorySpanExporter();
let city: DemoCity;
let gateway: Gateway;

beforeAll(async () => {
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  gateway = createGateway({
    districts: keepOpen(city.sources),
    auth: testAuth,
    logging: false,
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(city?.sources.map((source) => source.close()) ?? []);
  // Test files share a worker's modules: leave no tracer, context manager or propagator behind.
  trace.disable();
  context.disable();
  propagation.disable();
});

beforeEach(() => exporter.reset());

async function ask(target: Gateway, query: string, variables?: Record<string, unknown>, path = '/graphql') {
  const response = await target.yoga.fetch(`http://sanshe.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'traced-1' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const districtCodes = ['320505', '320506', '320508'];

describe('a traced request', () => {
  const searched = '秘密的搜索词';

  it('a request span, a span per district called, a span per statement under its district', async () => {
    const body = await ask(
      gateway,
      'query Search($name: String) { communities(first: 2, filter: { nameContains: $name }) { totalCount nodes { name } } }',
      { name: searched },
    );
    expect(body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();

    const requests = spans.filter((span) => span.kind === SpanKind.SERVER);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.name).toBe('query Search');
    expect(parentOf(request!)).toBeUndefined();
    expect(request!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
      'graphql.operation.name': 'Search',
      'graphql.operation.type': 'query',
      'sanshe.request_id': 'traced-1',
      'sanshe.principal.role': 'PUBLIC',
      'sanshe.districts': districtCodes,
    });
    expect(request!.status.code).toBe(SpanStatusCode.UNSET);

    const calls = spans.filter((span) => span.name === 'sanshe.district_call');
    expect(calls.map((call) => call.attributes['sanshe.district.code']).sort()).toEqual(districtCodes);
    for (const call of calls) {
      expect(parentOf(call)).toBe(idOf(request!));
      expect(call.spanContext().traceId).toBe(request!.spanContext().traceId);
      expect(call.attributes).toMatchObject({
        'sanshe.district.kind': 'local',
        'sanshe.district.outcome': 'ok',
        'graphql.field.name': 'communities',
      });
    }

    const statements = spans.filter((span) => span.attributes['db.system'] === 'postgresql');
    for (const call of calls) {
      const own = statements.filter((statement) => parentOf(statement) === idOf(call));
      // The page and its count.
      expect(own.length).toBeGreaterThanOrEqual(2);
      for (const statement of own) {
        expect(statement.kind).toBe(SpanKind.CLIENT);
        expect(statement.name).toBe('SELECT');
        expect(statement.attributes['sanshe.district.code']).toBe(call.attributes['sanshe.district.code']);
        expect(statement.attributes['db.statement']).toMatch(/^select .* from "communities"/);
        expect(statement.attributes['db.statement']).toMatch(/ilike \$\d/);
      }
    }
    // Every statement is some district call's; no span holds what the caller searched for.
    const callIds = new Set(calls.map(idOf));
    expect(statements.every((statement) => callIds.has(parentOf(statement)!))).toBe(true);
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain(searched);
  });

  it('a district that fails: its call and statement spans are errors, and so is the request', async () => {
    const database = city.databases.find((d) => d.districtCode === '320508')!;
    await database.db.execute(sql`alter table communities rename to communities_moved`);
    exporter.reset();
    try {
      const body = await ask(gateway, '{ communities(first: 1) { nodes { name } } }');
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['DISTRICT_UNAVAILABLE']);
    } finally {
      await database.db.execute(sql`alter table communities_moved rename to communities`);
    }
    const spans = exporter.getFinishedSpans();
    const failed = spans.find(
      (span) => span.name === 'sanshe.district_call' && span.attributes['sanshe.district.code'] === '320508',
    )!;
    expect(failed.attributes['sanshe.district.outcome']).toBe('error');
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    const statement = spans.find((span) => parentOf(span) === idOf(failed))!;
    expect(statement.status.code).toBe(SpanStatusCode.ERROR);
    const request = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(request.status.code).toBe(SpanStatusCode.ERROR);
    expect(request.attributes['sanshe.error_codes']).toEqual(['DISTRICT_UNAVAILABLE']);
    const others = spans.filter(
      (span) => span.name === 'sanshe.district_call' && span.attributes['sanshe.district.code'] !== '320508',
    );
    expect(others.map((span) => span.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.UNSET]);
  });

  it('a gateway of one local district traces its routed and listed fields the same way', async () => {
    const local = createGateway({
      districts: city.sources
        .filter((s) => s.districtCode === '320506')
        .map((s) => ({ ...s, close: async () => {} })),
      logging: false,
      // The resolvers' path: a compiled read runs no resolver, so no field calls its district.
      compiledReads: false,
    });
    await ask(local, 'query Two { community(code: "320506001001") { name } grids(first: 1) { totalCount } }');
    const spans = exporter.getFinishedSpans();
    const request = spans.find((span) => span.kind === SpanKind.SERVER)!;
    const calls = spans.filter((span) => span.name === 'sanshe.district_call');
    expect(calls.map((call) => call.attributes['graphql.field.name']).sort()).toEqual(['community', 'grids']);
    for (const call of calls) expect(parentOf(call)).toBe(idOf(request));
    expect(spans.some((span) => span.attributes['db.system'] === 'postgresql')).toBe(true);
  });

  it('a compiled read of one local district is traced as its request and its one statement', async () => {
    const local = createGateway({
      districts: city.sources
        .filter((s) => s.districtCode === '320506')
        .map((s) => ({ ...s, close: async () => {} })),
      logging: false,
    });
    exporter.reset();
    await ask(local, 'query Two { community(code: "320506001001") { name } grids(first: 1) { totalCount } }');
    const spans = exporter.getFinishedSpans();
    const request = spans.find((span) => span.kind === SpanKind.SERVER)!;
    const statements = spans.filter(
      (span) =>
        span.attributes['db.system'] === 'postgresql' &&
        span.spanContext().traceId === request.spanContext().traceId,
    );
    // The one compiled statement answers both root fields. (Each gateway of this file observes the
    // shared district database, so each reports the statement: same text, same parent.)
    const compiled = statements.filter((span) =>
      String(span.attributes['db.statement']).startsWith('select json_build_object('),
    );
    expect(compiled.length).toBeGreaterThan(0);
    expect(new Set(compiled.map((span) => span.attributes['db.statement'])).size).toBe(1);
    for (const span of compiled) expect(parentOf(span)).toBe(idOf(request));
  });
});

describe('a city over remote districts', () => {
  it("the district's request span continues the city's trace, under the call that asked it", async () => {
    const serving = await serveDistrict(city.sources.find((s) => s.districtCode === '320505')!);
    try {
      const cityGateway = createGateway({
        districts: [remoteDistrict('320505', serving.origin)],
        auth: testAuth,
        logging: false,
      });
      exporter.reset();
      const body = await ask(cityGateway, 'query FromCity { grids(first: 1) { totalCount } }');
      expect(body.errors).toBeUndefined();
    } finally {
      await serving.close();
    }
    const spans = exporter.getFinishedSpans();
    const [cityRequest, districtRequest] = [
      spans.find((span) => span.kind === SpanKind.SERVER && span.attributes['http.route'] === '/graphql')!,
      spans.find(
        (span) =>
          span.kind === SpanKind.SERVER && span.attributes['http.route'] === '/districts/{code}/graphql',
      )!,
    ];
    const call = spans.find((span) => span.name === 'sanshe.district_call')!;
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes['sanshe.district.kind']).toBe('remote');
    expect(parentOf(call)).toBe(idOf(cityRequest));
    expect(districtRequest.spanContext().traceId).toBe(cityRequest.spanContext().traceId);
    expect(parentOf(districtRequest)).toBe(idOf(call));
    expect(districtRequest.attributes['sanshe.request_id']).toBe('traced-1');
    // The district's statements are in the same trace.
    const statements = spans.filter((span) => span.attributes['db.system'] === 'postgresql');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.spanContext().traceId).toBe(cityRequest.spanContext().traceId);
    }
  });
});

describe('what is not traced', () => {
  it('statements outside any request (a migration, a script) start no span', async () => {
    await city.databases[0]!.db.execute(sql`select 1`);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('health and readiness probes', async () => {
    for (const path of ['/health', '/ready']) {
      expect((await gateway.yoga.fetch(`http://sanshe.test${path}`)).status).toBe(200);
    }
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
