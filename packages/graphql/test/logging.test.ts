/**
 * Issue 15, item 7: logs cannot be forged. What a caller sent reaches the log escaped (no
 * terminal escape sequences, no line breaks of its own), and the caller's own mistakes (a bad
 * code, a value of the wrong type) are not server errors: no ERR line, no stack trace.
 */
import { SansheError } from '@sanshe/core';
import { createTestDistrictDatabase } from '@sanshe/core/testing';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type DemoCity, type Gateway, openDemoCity } from '../src/index.js';
import { createSafeLogger, quoteForLog } from '../src/server/safe-logger.js';
import { type CapturedLog, captureLogger, nameSearchFields } from './support/boundary-attacks.js';
import { testAuth } from './support/demo-gateway.js';

let city: DemoCity;
let gateway: Gateway;
let lines: CapturedLog[];

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: (districtCode) => createTestDistrictDatabase({ districtCode }) });
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

describe('createSafeLogger', () => {
  it('an unexpected error: one ERR entry, message quoted, then its stack frames, each escaped', () => {
    const { logger, lines: logged } = captureLogger();
    const error = new Error('query failed, params: ["\u001b[31m","x\ny"]');
    createSafeLogger(logger).error(
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
    createSafeLogger(logger).error(new Error('boom\n    at forged (evil.js:1:1)'));
    expect(logged[0]!.text).not.toContain('\n    at forged');
  });

  it('expected errors: debug, one line, no stack', () => {
    const { logger, lines: logged } = captureLogger();
    const safe = createSafeLogger(logger);
    safe.error(new GraphQLError('wrapped', { originalError: new SansheError('INVALID_NAME', 'bad\nname') }));
    safe.error(new GraphQLError('refused', { extensions: { code: 'INVALID_TEXT' } }));
    expect(logged.map((line) => line.level)).toEqual(['debug', 'debug']);
    for (const { text } of logged) expect(text).not.toMatch(rawControl);
  });

  it('C1 controls, DEL, line separators and bidi overrides are escaped too', () => {
    expect(quoteForLog('a\u0085b\u007fc\u2028d\u202ee\ud800')).toBe(
      '"a\\u0085b\\u007fc\\u2028d\\u202ee\\ud800"',
    );
  });
});
