/**
 * Issue 15, items 6 and 11a: the boundary of the gateway refuses text holding control
 * characters or lone surrogates in any argument or input field, of queries and mutations alike,
 * with INVALID_TEXT naming the argument and the code point, before anything runs; and a variable
 * that does not fit its type is refused without the value echoed back.
 */
import { snapshotDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceTokenSigner, type DemoCity, type Gateway, principalFromClaims } from '../src/index.js';
import { forbiddenTexts, nameSearchFields } from './support/boundary-attacks.js';
import { openEveryEndpointGateway, testServiceToken } from './support/demo-gateway.js';

const serviceToken = testServiceToken;
let city: DemoCity;
let gateway: Gateway;
let adminToken: string;

beforeAll(async () => {
  ({ city, gateway, adminToken } = await openEveryEndpointGateway());
}, 120_000);

afterAll(() => gateway?.close());

interface Answer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: loosely read responses
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

async function post(
  query: string,
  variables?: Record<string, unknown>,
  options: { token?: string; path?: string } = {},
): Promise<Answer> {
  const response = await gateway.yoga.fetch(`http://sanshe.test${options.path ?? '/graphql'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

const snapshot = async () =>
  Object.fromEntries(
    await Promise.all(
      city.databases.map(async (db) => [db.districtCode, await snapshotDatabase(db)] as const),
    ),
  );

/** The answer refuses with INVALID_TEXT only, and neither the answer nor its text holds the value. */
function expectInvalidText(answer: Answer, value: string, codePoint: string, argument: string) {
  const { body, text } = answer;
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_TEXT']);
  const [error] = body.errors!;
  expect(error!.message).toContain(argument);
  expect(error!.message).toContain(codePoint);
  expect(error!.extensions).toMatchObject({ field: argument.split(/[.[\]]+/).filter(Boolean), codePoint });
  // Not echoed, neither raw nor escaped as JSON writes it.
  expect(text).not.toContain(JSON.stringify(value).slice(1, -1));
  for (const char of value) if (/[^\p{L}\p{N}]/u.test(char)) expect(error!.message).not.toContain(char);
}

describe('control characters in text arguments', () => {
  const cases = nameSearchFields.flatMap((field) =>
    forbiddenTexts.map(({ label, value, codePoint }) => [field, label, value, codePoint] as const),
  );

  it.each(cases)(
    '%s(filter: { nameContains }) with %s: INVALID_TEXT for PUBLIC',
    async (field, _label, value, codePoint) => {
      const answer = await post(
        `query($text: String) { ${field}(first: 5, filter: { nameContains: $text }) { totalCount nodes { id } } }`,
        { text: value },
      );
      expectInvalidText(answer, value, codePoint, 'filter.nameContains');
    },
  );

  it('the same written as a literal in the document', async () => {
    const answer = await post('{ communities(filter: { nameContains: "社区\\u0000" }) { totalCount } }');
    expectInvalidText(answer, '社区\u0000', 'U+0000', 'filter.nameContains');
  });

  it('personalDataAccessLog(actorId:) holding NUL: INVALID_TEXT, not an internal error', async () => {
    const answer = await post(
      'query($actor: String) { personalDataAccessLog(districtCode: "320505", actorId: $actor) { __typename } }',
      { actor: '\u0000' },
      { token: adminToken },
    );
    expectInvalidText(answer, '\u0000', 'U+0000', 'actorId');
  });

  it('tab, line feed and carriage return, and characters outside the BMP, are text', async () => {
    const answer = await post(
      'query($text: String) { communities(first: 5, filter: { nameContains: $text }) { totalCount } }',
      { text: '狮\t山\n社\r区𠀀' },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.communities.totalCount).toBe(0);
  });

  it('a mutation with a control character in an input field: refused, nothing changes', async () => {
    const before = await snapshot();
    const answer = await post(
      `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) {
        __typename ... on Error { code } } }`,
      { input: { code: '320505001150', name: '新\u001b[2J社区' } },
      { token: adminToken },
    );
    expectInvalidText(answer, '新\u001b[2J社区', 'U+001B', 'input.name');
    expect(await snapshot()).toEqual(before);
  });

  it('a list of strings in an input: the refused item is named by its position', async () => {
    const before = await snapshot();
    const answer = await post(
      `mutation($input: FileCommunityGroupInput!) { fileCommunityGroup(input: $input) { __typename } }`,
      {
        input: {
          category: 'CONSULTATION',
          guidingUnitCode: '320505001',
          name: '广场舞队',
          servedCommunityCodes: ['320505001001', '320505001002\u0000'],
        },
      },
      { token: adminToken },
    );
    expectInvalidText(answer, '320505001002\u0000', 'U+0000', 'input.servedCommunityCodes[1]');
    expect(await snapshot()).toEqual(before);
  });

  it('at /subgraph and at a district endpoint alike', async () => {
    const query = 'query($text: String) { grids(first: 5, filter: { nameContains: $text }) { totalCount } }';
    expectInvalidText(
      await post(query, { text: '\u009b' }, { path: '/subgraph' }),
      '\u009b',
      'U+009B',
      'filter.nameContains',
    );
    const token = await createServiceTokenSigner(serviceToken)(
      principalFromClaims({ sub: 'admin', role: 'CITY_ADMIN' }),
    );
    expectInvalidText(
      await post(query, { text: '\u009b' }, { path: '/districts/320505/graphql', token }),
      '\u009b',
      'U+009B',
      'filter.nameContains',
    );
  });
});

describe('variables that do not fit their type: refused without the value', () => {
  const idNumber = '110101199003074258';

  it.each([
    [
      'an identity number where an Int is expected',
      'query($n: Int) { communities(first: $n) { totalCount } }',
      { n: idNumber },
      'Variable "$n" got an invalid value; Int cannot represent non-integer value.',
    ],
    [
      'an identity number where an enum is expected',
      'query($o: UnitOrder) { communities(first: 1, orderBy: $o) { totalCount } }',
      { o: idNumber },
      'Variable "$o" got an invalid value; The value is not one of enum "UnitOrder".',
    ],
    [
      'an identity number in an input field',
      'query($f: UnitFilter) { grids(first: 1, filter: $f) { totalCount } }',
      { f: { includeRetired: idNumber } },
      'Variable "$f" got an invalid value at "f.includeRetired"; Boolean cannot represent a non boolean value.',
    ],
    [
      'an identity number as an unknown input field',
      'query($f: UnitFilter) { grids(first: 1, filter: $f) { totalCount } }',
      { f: { [`k${idNumber}`]: 1 } },
      'Variable "$f" got an invalid value; A field is not defined by type "UnitFilter".',
    ],
  ])('%s', async (_label, query, variables, message) => {
    const { text, body } = await post(query, variables);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((e) => e.message)).toEqual([message]);
    expect(body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(text).not.toContain(idNumber);
  });

  it('a date that does not parse keeps its code, not the value', async () => {
    const { text, body } = await post(
      'query($on: Date) { socialOrganizations(first: 1, filter: { on: $on }) { totalCount } }',
      { on: idNumber },
    );
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_DATE']);
    // The district checks dates; the variable is named as the gateway passed it on.
    expect(body.errors?.[0]?.message).toMatch(/^Variable "\$\w+" got an invalid value at "\w+\.on"; /);
    expect(text).not.toContain(idNumber);
  });
});
