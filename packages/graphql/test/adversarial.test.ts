/**
 * Issue 5, the adversarial suite: attacks of every kind against one gateway over the demo city,
 * counted. Every attempt must be refused with a typed code (or, for a read that is allowed,
 * answer without failing), the databases of all three districts must be exactly as before, and
 * no response may carry anything that looks like an ID number or a phone number, nor the seeded
 * canary. The suite prints its tally (attempts, refused, rows changed, leaks) for the record.
 */
import { computeResidentIdCheck, findPersonalData } from '@sanshe/core';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printGatewaySchema, type TokenClaims } from '../src/index.js';
import {
  type Caller,
  type GraphQLResponse,
  openTestGateway,
  type TestGateway,
  testAuth,
} from './support/demo-gateway.js';
import { type ArgumentFiller, argumentsText, selectionOf } from './support/query-builder.js';

let t: TestGateway;
let schema: GraphQLSchema;
let before: Awaited<ReturnType<TestGateway['snapshot']>>;
const canaryId17 = '32050519790211004';
const canary = { residentId: canaryId17 + computeResidentIdCheck(canaryId17), phone: '13700001111' };
const ids: Record<string, string> = {};

const tally = { attempts: 0, refused: 0, answered: 0, leaks: [] as string[] };

/** Send one attack; count it; scan the answer for personal data. */
async function attack(
  query: string,
  variables: Record<string, unknown> | undefined,
  /** Default: the city administrator, who may do the most. */
  as?: Caller,
): Promise<GraphQLResponse> {
  tally.attempts += 1;
  const response = await t.gql(query, variables, as);
  const body = JSON.stringify(response);
  if (body.includes(canary.residentId) || body.includes(canary.phone))
    tally.leaks.push(`canary: ${query.slice(0, 60)}`);
  JSON.stringify(response.data ?? null, (key, value) => {
    if (typeof value === 'string' && key !== 'uscc') {
      for (const finding of findPersonalData(value)) tally.leaks.push(`${key}: ${finding.masked}`);
    }
    return value;
  });
  return response;
}

/** The codes of a response's refusals: top-level errors and mutation result union members. */
function refusalCodes(response: GraphQLResponse): string[] {
  const codes = (response.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE'));
  for (const value of Object.values(response.data ?? {})) {
    const code = (value as { code?: unknown } | null)?.code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

function expectRefused(response: GraphQLResponse, allowed?: readonly string[]): string[] {
  const codes = refusalCodes(response);
  expect(codes.length, JSON.stringify(response).slice(0, 300)).toBeGreaterThan(0);
  expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  expect(codes).not.toContain('NO_CODE');
  if (allowed) for (const code of codes) expect(allowed).toContain(code);
  tally.refused += 1;
  return codes;
}

beforeAll(async () => {
  t = await openTestGateway();
  schema = buildSchema(printGatewaySchema());
  const registered = await t.gql(
    `mutation($input: RegisterSocialWorkerInput!) {
      registerSocialWorker(input: $input) { ... on RegisterSocialWorkerSuccess { data { id } } }
    }`,
    {
      input: {
        districtCode: '320505',
        name: '金丝雀',
        residentId: canary.residentId,
        mobilePhone: canary.phone,
      },
    },
  );
  ids.canary = registered.data.registerSocialWorker.data.id;
  const sample = await t.gql(`{
    w6: socialWorkers(first: 1, filter: { districtCode: "320506" }) { nodes { id } }
    o6: socialOrganizations(first: 1, filter: { districtCode: "320506" }) { nodes { id } }
    c5: communities(first: 2, filter: { districtCode: "320505" }) { nodes { id code } }
  }`);
  ids.otherDistrictWorker = sample.data.w6.nodes[0].id;
  ids.otherDistrictOrganization = sample.data.o6.nodes[0].id;
  ids.neighbourCommunity = sample.data.c5.nodes[1].id;
  before = await t.snapshot();
}, 120_000);

afterAll(async () => {
  if (t) {
    const rowsChanged = before ? changedRows(before, await t.snapshot()) : -1;
    console.log(
      `adversarial: ${tally.attempts} attempts, ${tally.refused} refused, ${tally.answered} allowed reads answered, ${rowsChanged} rows changed, ${tally.leaks.length} leaks`,
    );
    await t.close();
  }
});

function changedRows(
  a: Record<string, Record<string, unknown[]>>,
  b: Record<string, Record<string, unknown[]>>,
) {
  let changed = 0;
  for (const district of Object.keys({ ...a, ...b })) {
    for (const table of Object.keys({ ...a[district], ...b[district] })) {
      const left = new Set((a[district]?.[table] ?? []).map((row) => JSON.stringify(row)));
      const right = new Set((b[district]?.[table] ?? []).map((row) => JSON.stringify(row)));
      for (const row of left) if (!right.has(row)) changed += 1;
      for (const row of right) if (!left.has(row)) changed += 1;
    }
  }
  return changed;
}

const probe = '{ socialWorkers(first: 5) { nodes { id name residentIdMasked } } }';

describe('tokens', () => {
  const admin: TokenClaims = { sub: 'intruder', role: 'CITY_ADMIN' };
  const now = Math.floor(Date.now() / 1000);
  const sign = (
    claims: TokenClaims,
    secret: string,
    options: { iss?: string; aud?: string; exp?: number } = {},
  ) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(options.iss ?? testAuth.issuer)
      .setAudience(options.aud ?? testAuth.audience)
      .setIssuedAt(now - 60)
      .setExpirationTime(options.exp ?? now + 600)
      .sign(new TextEncoder().encode(secret));
  const unsigned = () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...admin, iss: testAuth.issuer, aud: testAuth.audience, exp: now + 600 })}.`;
  };
  const cases: [string, () => Promise<string> | string][] = [
    ['forged (another secret)', () => sign(admin, 'not-the-secret-but-just-as-long-as-it!!')],
    ['expired', () => sign(admin, testAuth.secret, { exp: now - 3600 })],
    ['wrong audience', () => sign(admin, testAuth.secret, { aud: 'another-system' })],
    ['wrong issuer', () => sign(admin, testAuth.secret, { iss: 'https://evil.example' })],
    ['alg: none', unsigned],
    ['garbage', () => 'not.a.token'],
    [
      'a role that does not exist',
      () => sign({ sub: 'x', role: 'SUPERUSER' } as unknown as TokenClaims, testAuth.secret),
    ],
  ];
  it.each(cases)('%s: UNAUTHENTICATED, never PUBLIC', async (_, make) => {
    const response = await attack(probe, undefined, { token: await make() });
    expect(response.data ?? null).toBeNull();
    expectRefused(response, ['UNAUTHENTICATED']);
  });
});

describe('role and jurisdiction escalation', () => {
  const districtAdmin: TokenClaims = { sub: 'a5', role: 'DISTRICT_ADMIN', district: '320505' };
  const communityStaff: TokenClaims = {
    sub: 'c5',
    role: 'COMMUNITY_STAFF',
    district: '320505',
    subdistrict: '320505001',
    community: '320505001001',
  };
  const reveal = `mutation($input: RevealSocialWorkerIdentifiersInput!) {
    revealSocialWorkerIdentifiers(input: $input) { __typename ... on Error { code } }
  }`;
  const update = `mutation($input: UpdateSocialWorkerInput!) {
    updateSocialWorker(input: $input) { __typename ... on Error { code } }
  }`;
  const rename = `mutation($input: RenameUnitInput!) { renameCommunity(input: $input) { __typename ... on Error { code } } }`;

  it('another district’s IDs in mutations: refused, typed', async () => {
    expectRefused(
      await attack(update, { input: { id: ids.otherDistrictWorker, name: '篡改' } }, districtAdmin),
      ['FORBIDDEN', 'NOT_FOUND'],
    );
    expectRefused(
      await attack(
        reveal,
        {
          input: {
            workerId: ids.otherDistrictWorker,
            fields: ['RESIDENTID'],
            purpose: 'LEGAL_OBLIGATION',
            purposeNote: '调查',
          },
        },
        districtAdmin,
      ),
      ['FORBIDDEN', 'NOT_FOUND'],
    );
  });

  it('another district’s IDs in queries: node(id) answers null', async () => {
    for (const id of [ids.otherDistrictWorker, ids.otherDistrictOrganization]) {
      const response = await attack(`query($id: ID!) { node(id: $id) { id } }`, { id }, districtAdmin);
      expect(response.data?.node ?? null).toBeNull();
      tally.refused += 1;
    }
  });

  it('a community worker editing and unmasking a neighbour’s records: refused', async () => {
    expectRefused(
      await attack(rename, { input: { id: ids.neighbourCommunity, name: '改名社区' } }, communityStaff),
      ['FORBIDDEN', 'NOT_FOUND'],
    );
    expectRefused(
      await attack(
        reveal,
        { input: { workerId: ids.canary, fields: ['MOBILEPHONE'], purpose: 'SERVICE_DELIVERY' } },
        communityStaff,
      ),
      ['FORBIDDEN', 'NOT_FOUND'],
    );
  });

  it('roles that may not unmask or read logs, and PUBLIC: refused', async () => {
    for (const as of [
      'public' as const,
      { sub: 'e', role: 'EVALUATOR', district: '320505' } as TokenClaims,
      { sub: 'g', role: 'GRID_WORKER', district: '320505', community: '320505001001' } as TokenClaims,
      { sub: 's', role: 'SERVICE', district: '320505' } as TokenClaims,
    ]) {
      expectRefused(
        await attack(
          reveal,
          {
            input: {
              workerId: ids.canary,
              fields: ['RESIDENTID'],
              purpose: 'LEGAL_OBLIGATION',
              purposeNote: '调查取证',
            },
          },
          as,
        ),
        ['FORBIDDEN', 'NOT_FOUND'],
      );
      expectRefused(
        await attack(`{ personalDataAccessLog(districtCode: "320505") { field } }`, undefined, as),
        ['FORBIDDEN'],
      );
    }
  });
});

const injections = [
  "' OR '1'='1",
  "'; DROP TABLE social_workers; --",
  '" OR ""="',
  "320505' UNION SELECT resident_id_encrypted FROM social_workers --",
  '%_%',
  '\\',
  '<script>alert(1)</script>',
  '{"$gt": ""}',
  // A template-injection probe, meant literally.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the payload
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  'a\u0000b',
  '\u202e\u2066',
  'x'.repeat(5000),
];

describe('injection strings in every string argument', () => {
  /** Every root field with its String / ID arguments (and input fields) set to the injection. */
  function operationsWith(value: string, kind: 'query' | 'mutation'): { name: string; text: string }[] {
    const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    const fill: ArgumentFiller = ({ name, type }) => {
      const named = getNamedType(type);
      if (isScalarType(named) && (named.name === 'String' || named.name === 'ID')) return value;
      if (!isNonNullType(type) && !isListType(getNullableType(type))) return undefined;
      if (isEnumType(named)) return named.getValues()[0]!.name;
      if (named.name === 'Int') return name === 'first' ? 5 : 1;
      if (named.name === 'Float') return 1;
      if (named.name === 'Boolean') return true;
      if (named.name === 'Date') return '2024-01-01';
      return undefined;
    };
    const operations: { name: string; text: string }[] = [];
    for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
      const args = argumentsText(field.args, fill);
      if (args === null) continue;
      operations.push({
        name: field.name,
        text: `${kind} { ${field.name}${args} ${selectionOf(schema, getNamedType(field.type), 2, () => undefined)} }`,
      });
    }
    return operations;
  }

  it('queries, as the city admin: typed answers or typed refusals, never a failure', async () => {
    let operations = 0;
    for (const value of injections) {
      for (const { name, text } of operationsWith(value, 'query')) {
        operations += 1;
        const response = await attack(text, undefined, undefined);
        const codes = (response.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE'));
        expect(codes, `${name}: ${JSON.stringify(response.errors)?.slice(0, 300)}`).not.toContain(
          'INTERNAL_SERVER_ERROR',
        );
        expect(codes, name).not.toContain('NO_CODE');
        if (codes.length > 0) tally.refused += 1;
        else tally.answered += 1;
      }
    }
    expect(operations).toBeGreaterThan(100);
  }, 300_000);

  it('queries, one string argument at a time, the rest valid: answered, and text searches match nothing', async () => {
    const valid: ArgumentFiller = ({ name, type }) => {
      if (name === 'code' || name === 'unitCode') return '320505';
      if (name === 'first') return 5;
      if (!isNonNullType(type)) return undefined;
      const named = getNamedType(type);
      if (isEnumType(named)) return named.getValues()[0]!.name;
      if (named.name === 'ID') return ids.canary;
      if (named.name === 'String') return '320505';
      return undefined;
    };
    /** Paths of every String argument and input field of a root field. */
    const stringPaths = (field: GraphQLField<unknown, unknown>) => {
      const paths: string[][] = [];
      const walk = (type: GraphQLInputType, path: string[], seen: Set<string>) => {
        const named = getNamedType(type);
        if (isScalarType(named) && named.name === 'String') paths.push(path);
        if (isInputObjectType(named) && !seen.has(named.name)) {
          for (const inner of Object.values(named.getFields())) {
            walk(inner.type, [...path, inner.name], new Set([...seen, named.name]));
          }
        }
      };
      for (const arg of field.args) walk(arg.type, [arg.name], new Set());
      return paths;
    };
    let operations = 0;
    let answered = 0;
    let searchesChecked = 0;
    for (const field of Object.values(schema.getQueryType()!.getFields()) as GraphQLField<
      unknown,
      unknown
    >[]) {
      for (const target of stringPaths(field)) {
        for (const value of injections.slice(0, 8)) {
          const fill: ArgumentFiller = (arg) =>
            arg.path.join('.') === target.join('.') ? value : valid(arg);
          const args = argumentsText(field.args, fill);
          if (args === null) continue;
          const text = `{ ${field.name}${args} ${selectionOf(schema, getNamedType(field.type), 1, () => undefined)} }`;
          operations += 1;
          const response = await attack(text, undefined);
          const codes = (response.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE'));
          expect(
            codes,
            `${field.name} ${target.join('.')}: ${JSON.stringify(response.errors)?.slice(0, 200)}`,
          ).not.toContain('INTERNAL_SERVER_ERROR');
          expect(codes).not.toContain('NO_CODE');
          if (codes.length > 0) {
            tally.refused += 1;
            continue;
          }
          answered += 1;
          tally.answered += 1;
          // An injected text search must be taken literally: no name contains these strings, so
          // a search that matched anything would mean the string changed the query.
          const total = (response.data?.[field.name] as { totalCount?: number } | null)?.totalCount;
          if (/contains|search|name/i.test(target.at(-1)!) && typeof total === 'number') {
            searchesChecked += 1;
            expect(total, `${field.name} ${target.join('.')} = ${JSON.stringify(value).slice(0, 40)}`).toBe(
              0,
            );
          }
        }
      }
    }
    expect(operations).toBeGreaterThan(50);
    expect(answered).toBeGreaterThan(20);
    // '%_%' and '\\' among them: LIKE wildcards are escaped, not interpreted.
    expect(searchesChecked).toBeGreaterThanOrEqual(16);
  }, 300_000);

  it('mutations, as the city admin: every one refused with a typed code', async () => {
    let operations = 0;
    for (const value of injections) {
      for (const { name, text } of operationsWith(value, 'mutation')) {
        operations += 1;
        const response = await attack(text, undefined, undefined);
        const codes = expectRefused(response);
        expect(codes.length, name).toBeGreaterThan(0);
      }
    }
    expect(operations).toBeGreaterThan(200);
  }, 300_000);
});

describe('deep, wide, aliased, costly and huge requests', () => {
  it('each is refused with its code', async () => {
    let deep = 'code';
    for (let i = 0; i < 10; i++) deep = `communities(first: 1) { nodes { subdistrict { ${deep} } } }`;
    const cases: [string, string, Record<string, unknown> | undefined, string][] = [
      ['deep', `{ ${deep} }`, undefined, 'QUERY_TOO_DEEP'],
      [
        'aliased',
        `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: districts(first: 1) { nodes { code } }`).join(' ')} }`,
        undefined,
        'TOO_MANY_ALIASES',
      ],
      ['wide', `{ districts(first: 1) { nodes { ${'code '.repeat(3500)} } } }`, undefined, 'TOO_MANY_TOKENS'],
      [
        'costly',
        `{ socialOrganizations(first: 100) { nodes { members(first: 100) { nodes { member { members(first: 100) { nodes { id } } } } } } } }`,
        undefined,
        'QUERY_TOO_COSTLY',
      ],
      [
        'costly through variables',
        `query($n: Int) { socialWorkers(first: $n) { nodes { id } } }`,
        { n: 100_000 },
        'PAGE_SIZE_EXCEEDED',
      ],
      [
        'huge variables',
        `query($s: String) { districts(first: 1) { nodes { code } } }`,
        { s: 'x'.repeat(200_000) },
        'BODY_TOO_LARGE',
      ],
    ];
    for (const [label, query, variables, code] of cases) {
      const response = await attack(query, variables, undefined);
      const codes = expectRefused(response);
      expect(codes, label).toContain(code);
    }
  });
});

describe('the outcome', () => {
  it('nothing changed in any district and nothing leaked', async () => {
    expect(changedRows(before, await t.snapshot())).toBe(0);
    expect(tally.leaks).toEqual([]);
    expect(tally.attempts).toBeGreaterThan(400);
  });
});
