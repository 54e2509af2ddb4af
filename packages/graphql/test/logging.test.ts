/**
 * Issue 15, item 7: logs cannot be forged. What a caller sent reaches the log escaped (no
 * terminal escape sequences, no line breaks of its own), and the caller's own mistakes (a bad
 * code, a value of the wrong type) are not server errors: no ERR line, no stack trace.
 *
 * The structured log (pino): one line per request with its id, the caller's role, the
 * operation, the districts asked, the duration and the outcome; the cause of every
 * DISTRICT_UNAVAILABLE, from a real database failure.
 */
import { type DistrictDatabase, SansheError } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  createGatewayLogger,
  type DemoCity,
  type Gateway,
  type GatewayLogFormat,
  openDemoCity,
} from '../src/index.js';
import { loggerWritingTo } from '../src/server/logger.js';
import { quoteForLog, yogaLoggerOver } from '../src/server/safe-logger.js';
import { type CapturedLog, captureLogger, nameSearchFields } from './support/boundary-attacks.js';
import { testAuth, testToken } from './support/demo-gateway.js';
import { keepOpen, remoteDistrict, serveDistrict } from './support/remote-districts.js';

let city: DemoCity;
let gateway: Gateway;
let lines: CapturedLog[];

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  const captured = captureLogger();
  lines = captured.lines;
  gateway = createGateway({ districts: city.sources, auth: testAuth, logging: captured.logger });
}, 120_000);

afterAll(() => gateway?.close());

async function post(query: string, variables?: Record<string, unknown>) {
  const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

/** Any control character (line breaks and ESC included): none may reach a log line raw. */
const rawControl = /\p{Cc}/u;

function expectCleanLog(logged: CapturedLog[]) {
  for (const { text } of logged) expect(text, JSON.stringify(text)).not.toMatch(rawControl);
  expect(logged.filter((line) => line.level === 'error')).toEqual([]);
  expect(logged.some((line) => /\bat .*\.(ts|js):\d+/.test(line.text))).toBe(false);
}

describe('what callers send, as the log sees it', () => {
  const forged = '32\n0505\u001b[31m ERR forged';

  it.each(nameSearchFields)(
    '%s(filter: { parentCode }) with a line break: INVALID_DIVISION_CODE, no ERR, no stack',
    async (field) => {
      lines.length = 0;
      const value = '32\n0505 ERR SansheError: forged';
      const body = await post(
        `query($code: String) { ${field}(first: 1, filter: { parentCode: $code }) { totalCount } }`,
        { code: value },
      );
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_DIVISION_CODE']);
      expectCleanLog(lines);
      // Logged at debug level, the value escaped as JSON writes it.
      expect(lines.some((line) => line.level === 'debug' && line.text.includes('32\\n0505'))).toBe(true);
    },
  );

  it('an ANSI escape and a line break: refused INVALID_TEXT, nothing raw logged', async () => {
    lines.length = 0;
    const body = await post(
      'query($code: String) { communities(first: 1, filter: { parentCode: $code }) { totalCount } }',
      { code: forged },
    );
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_TEXT']);
    expectCleanLog(lines);
  });

  it('a literal code and an ID with line breaks, and a variable of the wrong type', async () => {
    lines.length = 0;
    const codes = [
      await post('{ community(code: "3205\\n05001001") { name } }'),
      await post('{ node(id: "bm90\\nLWFu") { id } }'),
      await post('query($n: Int) { communities(first: $n) { totalCount } }', { n: forged }),
      await post('{ communitie(first: 1) { totalCount } }'),
    ].map((body) => body.errors?.[0]?.extensions?.code);
    expect(codes).toEqual([
      'INVALID_DIVISION_CODE',
      'INVALID_ID',
      'VALIDATION_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expectCleanLog(lines);
  });
});

describe("Yoga's messages in the gateway's log", () => {
  /** What `createGateway({ logging: logger })` hands Yoga: its messages, into that logger. */
  const yogaLoggerInto = (target: YogaLogger) => yogaLoggerOver(loggerWritingTo(target));

  it('an unexpected error: one ERR entry, message quoted, then its stack frames, each escaped', () => {
    const { logger, lines: logged } = captureLogger();
    const error = new Error('query failed, params: ["\u001b[31m","x\ny"]');
    yogaLoggerInto(logger).error(
      new GraphQLError('Unexpected error.', { originalError: error, path: ['a\nb', 0] }),
    );
    expect(logged).toHaveLength(1);
    const [entry] = logged;
    expect(entry!.level).toBe('error');
    const [head, ...frames] = entry!.text.split('\n');
    expect(head).toBe(
      `GraphQLError: "Unexpected error." at ${quoteForLog('a\nb.0')} from Error: ${quoteForLog(error.message)}`,
    );
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toMatch(/^ {4}at /);
    expect(entry!.text.replaceAll('\n', '')).not.toMatch(rawControl);
  });

  it('a message that forges its own stack frame cannot add a line', () => {
    const { logger, lines: logged } = captureLogger();
    yogaLoggerInto(logger).error(new Error('boom\n    at forged (evil.js:1:1)'));
    expect(logged[0]!.text).not.toContain('\n    at forged');
  });

  it('expected errors: debug, one line, no stack', () => {
    const { logger, lines: logged } = captureLogger();
    const safe = yogaLoggerInto(logger);
    safe.error(new GraphQLError('wrapped', { originalError: new SansheError('INVALID_NAME', 'bad\nname') }));
    safe.error(new GraphQLError('refused', { extensions: { code: 'INVALID_TEXT' } }));
    expect(logged.map((line) => line.level)).toEqual(['debug', 'debug']);
    for (const { text } of logged) expect(text).not.toMatch(rawControl);
  });

  it('as JSON: the stack is a field of frames, never part of the message', () => {
    const written: string[] = [];
    const json = createGatewayLogger({ destination: { write: (line) => written.push(line) } });
    yogaLoggerOver(json).error(new Error('boom\n    at forged (evil.js:1:1)'));
    const entry = JSON.parse(written[0]!) as { level: string; msg: string; stack: string[] };
    expect(entry.level).toBe('error');
    expect(entry.msg).toBe('Error: "boom\\n    at forged (evil.js:1:1)"');
    expect(entry.stack.length).toBeGreaterThan(0);
    for (const frame of entry.stack) expect(frame).toMatch(/^at /);
    expect(entry.stack.some((frame) => frame.includes('evil.js'))).toBe(false);
  });

  it("a failed statement's parameters (the caller's values) are cut from the message", () => {
    const { logger, lines: logged } = captureLogger();
    const failed = new Error('Failed query: select 1 where name = $1\nparams: 张三的手机号13912345678');
    yogaLoggerInto(logger).error(
      new GraphQLError('Failed query: select 1 where name = $1\nparams: 张三', { originalError: failed }),
    );
    expect(logged[0]!.text).toContain('select 1 where name = $1');
    expect(logged[0]!.text).not.toMatch(/张三|params/);
  });

  it('C1 controls, DEL, line separators and bidi overrides are escaped too', () => {
    expect(quoteForLog('a\u0085b\u007fc\u2028d\u202ee\ud800')).toBe(
      '"a\\u0085b\\u007fc\\u2028d\\u202ee\\ud800"',
    );
  });
});

/** Every line a gateway logger writes, kept. */
function collectLines(format: GatewayLogFormat = 'json', level: 'debug' | 'info' = 'info') {
  const written: string[] = [];
  const logger = createGatewayLogger({ level, format, destination: { write: (line) => written.push(line) } });
  return {
    logger,
    written,
    // biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped log entries
    entries: () => written.map((line) => JSON.parse(line) as Record<string, any>),
  };
}

async function ask(
  target: Gateway,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
) {
  const response = await target.yoga.fetch('http://sanshe.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { response, body };
}

describe('one structured line per request', () => {
  it('names the request id, role, operation, districts asked, duration and outcome; never the token', async () => {
    const { logger, written, entries } = collectLines();
    const watched = createGateway({ districts: keepOpen(city.sources), auth: testAuth, logger });
    const token = await testToken({ sub: 'secret-subject-7', role: 'DISTRICT_ADMIN', district: '320506' });
    const { response, body } = await ask(
      watched,
      'query CommunitiesOfWuzhong { communities(first: 2, filter: { districtCode: "320506" }) { totalCount } }',
      { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-4711.a' } },
    );
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('req-4711.a');
    const requests = entries().filter((entry) => entry.msg === 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      level: 'info',
      requestId: 'req-4711.a',
      method: 'POST',
      path: '/graphql',
      status: 200,
      role: 'DISTRICT_ADMIN',
      operationName: 'CommunitiesOfWuzhong',
      operationType: 'query',
      districts: ['320506'],
      outcome: 'ok',
      errors: [],
    });
    expect(requests[0]!.durationMs).toBeGreaterThan(0);
    const everything = written.join('');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('secret-subject-7');
  });

  it('a fan-out names every district asked; errors are named by code', async () => {
    const { logger, entries } = collectLines();
    const watched = createGateway({ districts: keepOpen(city.sources), auth: testAuth, logger });
    await ask(watched, '{ communities(first: 1) { totalCount } }');
    await ask(watched, 'query Bad { community(code: "12") { name } }');
    const [fanOut, refused] = entries().filter((entry) => entry.msg === 'request');
    expect(fanOut).toMatchObject({
      role: 'PUBLIC',
      operationName: 'anonymous',
      districts: ['320505', '320506', '320508'],
      outcome: 'ok',
    });
    expect(fanOut!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused).toMatchObject({
      operationName: 'Bad',
      outcome: 'error',
      errors: ['INVALID_DIVISION_CODE'],
    });
  });

  it('an x-request-id that is not a plain token is replaced by a new id', async () => {
    const { logger, entries } = collectLines();
    const watched = createGateway({ districts: keepOpen(city.sources), auth: testAuth, logger });
    for (const forged of ['abc def', 'a'.repeat(129), 'id"}{"role":"CITY_ADMIN']) {
      const { response } = await ask(watched, '{ districts(first: 1) { totalCount } }', {
        headers: { 'x-request-id': forged },
      });
      const sent = response.headers.get('x-request-id');
      expect(sent).not.toBe(forged);
      expect(sent).toMatch(/^[0-9a-f-]{36}$/);
      expect(entries().at(-1)!.requestId).toBe(sent);
    }
  });

  it('an unauthenticated request is logged with its status and no role', async () => {
    const { logger, entries } = collectLines();
    const watched = createGateway({ districts: keepOpen(city.sources), auth: testAuth, logger });
    await ask(watched, '{ districts(first: 1) { totalCount } }', {
      headers: { authorization: 'Bearer forged' },
    });
    expect(entries().at(-1)).toMatchObject({ msg: 'request', status: 401, role: null, outcome: 'error' });
  });

  it('JSON lines: what a caller sent, even a line separator or bidi override, is escaped', async () => {
    const { logger, written } = collectLines('json', 'debug');
    const watched = createGateway({ districts: keepOpen(city.sources), auth: testAuth, logger });
    const { body } = await ask(watched, 'query($code: String!) { community(code: $code) { name } }', {
      variables: { code: '32\u2028\u202e0505' },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('INVALID_DIVISION_CODE');
    // And whatever else reaches a line: C0 and C1 controls, DEL, separators, overrides.
    logger.info({ value: 'a\u0000\u001b\u007f\u0085\u2029\u2066\ud800' }, 'm\u0007\u202e');
    expect(written.length).toBeGreaterThan(2);
    for (const line of written) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1), line).not.toMatch(
        /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u,
      );
      JSON.parse(line);
    }
    // The caller's value, quoted in the message and escaped again as a JSON string.
    expect(written.some((line) => line.includes('32\\\\u2028\\\\u202e0505'))).toBe(true);
    // Escaped as JSON escapes, so the line reads back as exactly what was logged.
    expect(JSON.parse(written.at(-1)!)).toMatchObject({
      value: 'a\u0000\u001b\u007f\u0085\u2029\u2066\ud800',
      msg: 'm\u0007\u202e',
    });
  });

  it('text lines: one readable line per entry, values quoted unless plain words', async () => {
    const { logger, written } = collectLines('text', 'debug');
    const watched = createGateway({ districts: keepOpen(city.sources), auth: testAuth, logger });
    await ask(watched, 'query Hierarchy { districts(first: 3) { totalCount } }', {
      headers: { 'x-request-id': 'txt-1' },
    });
    await ask(watched, 'query($code: String!) { community(code: $code) { name } }', {
      variables: { code: '32\n0505 ERR forged\u202e' },
    });
    const request = written.find((line) => line.includes(' request requestId=txt-1 '));
    expect(request).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO {2}request requestId=txt-1 method=POST path=\/graphql status=200 durationMs=[\d.]+ role=PUBLIC operationName=Hierarchy operationType=query districts=320505,320506,320508 outcome=ok\n$/,
    );
    for (const line of written) expect(line.slice(0, -1), line).not.toMatch(/\p{Cc}/u);
    expect(written.some((line) => / DEBUG expected error: .*32\\n0505 ERR forged\\u202e/.test(line))).toBe(
      true,
    );
  });

  it('a city passes its request id on: the district logs its part under the same id', async () => {
    const district = collectLines();
    const serving = await serveDistrict(city.sources.find((s) => s.districtCode === '320505')!, {
      logger: district.logger,
    });
    try {
      const cityLog = collectLines();
      const cityGateway = createGateway({
        districts: [remoteDistrict('320505', serving.origin)],
        auth: testAuth,
        logger: cityLog.logger,
      });
      const { body } = await ask(cityGateway, 'query FromCity { communities(first: 1) { totalCount } }', {
        headers: { 'x-request-id': 'city-42' },
      });
      expect(body.errors).toBeUndefined();
      expect(cityLog.entries().find((entry) => entry.msg === 'request')).toMatchObject({
        requestId: 'city-42',
        districts: ['320505'],
      });
      expect(district.entries().find((entry) => entry.msg === 'request')).toMatchObject({
        requestId: 'city-42',
        path: '/districts/320505/graphql',
        role: 'PUBLIC',
        operationType: 'query',
        districts: ['320505'],
        outcome: 'ok',
      });
    } finally {
      await serving.close();
    }
  });

  it('logging: false writes nothing; the default writes no request lines', async () => {
    const silent = createGateway({ districts: keepOpen(city.sources), logging: false });
    expect(silent.logger.level).toBe('silent');
    const quiet = createGateway({ districts: keepOpen(city.sources) });
    expect(quiet.logger.isLevelEnabled('info')).toBe(false);
    expect(quiet.logger.isLevelEnabled('warn')).toBe(true);
  });
});

describe('the cause of every DISTRICT_UNAVAILABLE is logged', () => {
  /** A real failure: the district's communities table is renamed under the running gateway. */
  async function withCommunitiesMoved(database: DistrictDatabase, work: () => Promise<void>) {
    await database.db.execute(sql`alter table communities rename to communities_moved`);
    try {
      await work();
    } finally {
      await database.db.execute(sql`alter table communities_moved rename to communities`);
    }
  }

  it.each([
    ['a gateway over the city', () => keepOpen(city.sources)],
    [
      'a gateway of one local district',
      () => keepOpen(city.sources.filter((s) => s.districtCode === '320506')),
    ],
  ])(
    '%s: an error entry with the request id, district, SQL state and statement, not the values',
    async (_, sources) => {
      const { logger, written, entries } = collectLines();
      const watched = createGateway({ districts: sources(), auth: testAuth, logger });
      const database = city.databases.find((d) => d.districtCode === '320506')!;
      const searched = '秘密的搜索词';
      await withCommunitiesMoved(database, async () => {
        const { response, body } = await ask(
          watched,
          'query Search($name: String) { communities(first: 3, filter: { nameContains: $name }) { nodes { name } } }',
          { variables: { name: searched }, headers: { 'x-request-id': 'unavailable-1' } },
        );
        expect(response.headers.get('x-request-id')).toBe('unavailable-1');
        expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.district])).toEqual([
          ['DISTRICT_UNAVAILABLE', '320506'],
        ]);
      });
      const failures = entries().filter(
        (entry) => entry.msg === 'district call failed; answered DISTRICT_UNAVAILABLE',
      );
      expect(failures).toHaveLength(1);
      const [failure] = failures;
      expect(failure).toMatchObject({
        level: 'error',
        requestId: 'unavailable-1',
        district: '320506',
        districtKind: 'local',
        field: 'communities',
        outcome: 'error',
        error: { sqlState: '42P01' },
      });
      expect(failure!.error.message).toMatch(/relation "communities" does not exist/);
      expect(failure!.error.statement).toMatch(/from "communities"/);
      // The statement's parameters (what the caller searched for) are never logged.
      expect(written.join('')).not.toContain(searched);
      const request = entries().find((entry) => entry.msg === 'request')!;
      expect(request).toMatchObject({
        requestId: 'unavailable-1',
        outcome: 'error',
        errors: ['DISTRICT_UNAVAILABLE'],
      });
    },
  );

  it('a district too slow is logged as a timeout, at warn', async () => {
    const { logger, entries } = collectLines();
    const database = city.databases.find((d) => d.districtCode === '320505')!;
    const watched = createGateway({
      districts: keepOpen(city.sources),
      auth: testAuth,
      logger,
      districtTimeoutMs: 50,
    });
    // The district's database waits on a lock this test holds until the gateway has given up.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table communities in access exclusive mode`);
      const { body } = await ask(watched, '{ communities(first: 1) { totalCount } }');
      expect(body.errors?.map((e) => e.extensions?.district)).toEqual(['320505']);
    });
    expect(entries().find((entry) => entry.outcome === 'timeout')).toMatchObject({
      level: 'warn',
      district: '320505',
      error: { name: 'TimeoutError', message: 'no answer within 50 ms' },
    });
  });
});
