/**
 * The district schema's Apollo Federation 2 subgraph form, built by sanshe itself
 * (`schema/federation/`): the SDL a router composes, and `_entities` at a gateway serving one
 * local district, the usual deployment of a district's own gateway. The city's fan-out over
 * remote districts, and composition with another department's subgraph behind a real router,
 * are in subgraph-composition.test.ts.
 */
import type { SqlRecorder } from '@sanshe/core/testing';
import {
  buildASTSchema,
  type DirectiveNode,
  Kind,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  visit,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeGlobalId,
  type Gateway,
  printGatewaySchema,
  subgraphSdl,
  type TokenClaims,
} from '../src/index.js';
import { demoDistrictCode, openDemoDistrictGateway } from './support/demo-district-gateway.js';
import { cityAdmin, testToken } from './support/demo-gateway.js';

describe('the SDL at _service { sdl }', () => {
  const document = parse(subgraphSdl());
  const directives: { on: string; directive: string }[] = [];
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (node.kind !== Kind.DIRECTIVE) return;
      const owner = [...ancestors].reverse().find((ancestor) => 'kind' in ancestor) as
        | { kind: string; name?: { value: string } }
        | undefined;
      directives.push({
        on: owner?.name?.value ?? owner?.kind ?? '',
        directive: print(node as DirectiveNode),
      });
    },
  });

  it('links the Federation 2.6 spec on a schema extension, importing @key only', () => {
    expect(document.definitions[0]?.kind).toBe(Kind.SCHEMA_EXTENSION);
    expect(print(document.definitions[0]!)).toBe(
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])',
    );
  });

  it('keys Community, SocialOrganization and SocialWorker by id; no other directive appears', () => {
    expect(directives).toEqual([
      { on: Kind.SCHEMA_EXTENSION, directive: expect.stringMatching(/^@link\(/) },
      { on: 'Community', directive: '@key(fields: "id")' },
      { on: 'SocialOrganization', directive: '@key(fields: "id")' },
      { on: 'SocialWorker', directive: '@key(fields: "id")' },
    ]);
  });

  it('is the schema served at /graphql: the types the spec adds are left to the router', () => {
    // The directives are not defined in the SDL (a router knows them), hence assumeValidSDL.
    const described = lexicographicSortSchema(buildASTSchema(document, { assumeValidSDL: true }));
    expect(`${printSchema(described)}\n`).toBe(printGatewaySchema());
    expect(subgraphSdl()).not.toMatch(/\b(_Any|_Entity|_Service|_entities|_service)\b/);
  });
});

const entityFields = `__typename
  ... on Community { id name }
  ... on SocialOrganization { id name }
  ... on SocialWorker { id name residentIdMasked }`;
const entitiesQuery = `query($r: [_Any!]!) { _entities(representations: $r) { ${entityFields} } }`;
type Caller = TokenClaims | 'public';
type Representation = { __typename: string; id: string };

describe('_entities at a gateway serving one local district', () => {
  let recorder: SqlRecorder;
  let gateway: Gateway;
  let close: () => Promise<void>;
  const visible: Record<'Community' | 'SocialOrganization' | 'SocialWorker', Representation[]> = {
    Community: [],
    SocialOrganization: [],
    SocialWorker: [],
  };

  async function ask(query: string, variables: Record<string, unknown>, as: Caller = cityAdmin) {
    const token = as === 'public' ? undefined : await testToken(as);
    const response = await gateway.yoga.fetch('http://sanshe.test/subgraph', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
  }

  beforeAll(async () => {
    ({ gateway, recorder } = await openDemoDistrictGateway({
      scale: { subdistricts: 1, communitiesPerSubdistrict: 8 },
      subgraph: true,
    }));
    close = () => gateway.close();
    const { body } = await ask(
      `{ communities(first: 8) { nodes { id } } socialOrganizations(first: 8) { nodes { id } }
         socialWorkers(first: 8) { nodes { id } } }`,
      {},
    );
    for (const [typename, field] of [
      ['Community', 'communities'],
      ['SocialOrganization', 'socialOrganizations'],
      ['SocialWorker', 'socialWorkers'],
    ] as const) {
      visible[typename] = body.data[field].nodes.map((node: { id: string }) => ({
        __typename: typename,
        id: node.id,
      }));
      expect(visible[typename]).toHaveLength(8);
    }
  }, 120_000);

  afterAll(async () => {
    await close?.();
  });

  it('resolves references to the entities node(id) answers, in the order asked', async () => {
    const representations = [visible.SocialWorker[0]!, visible.Community[0]!, visible.SocialOrganization[0]!];
    const { body } = await ask(entitiesQuery, { r: representations });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities.map((entity: Representation) => [entity.__typename, entity.id])).toEqual(
      representations.map((representation) => [representation.__typename, representation.id]),
    );
    expect(body.data._entities[0].residentIdMasked).toMatch(/\*/);
  });

  it('answers a reference the caller may not see exactly as one that does not exist', async () => {
    const callers: Caller[] = [
      'public',
      { sub: 'other-district', role: 'DISTRICT_ADMIN', district: '320506' },
    ];
    let hidden = 0;
    for (const caller of callers) {
      for (const [typename, representations] of Object.entries(visible)) {
        const missing = { __typename: typename, id: encodeGlobalId(typename, demoDistrictCode, 99_999_999) };
        const asMissing = await ask(entitiesQuery, { r: [missing] }, caller);
        expect(asMissing.body).toEqual({ data: { _entities: [null] } });
        for (const representation of representations) {
          const answer = await ask(entitiesQuery, { r: [representation] }, caller);
          if (answer.body.data?._entities[0] !== null) continue;
          hidden += 1;
          expect(answer).toEqual(asMissing);
        }
      }
    }
    // Workers are not public, nor another district's business: the comparison above did run.
    expect(hidden).toBeGreaterThanOrEqual(16);
  });

  it('refuses a representation that names no entity type, at its position; the others still answer', async () => {
    const community = visible.Community[0]!;
    const { body } = await ask(entitiesQuery, {
      r: [community, { __typename: 'District', id: community.id }, { id: community.id }, community],
    });
    expect(body.data._entities.map((entity: Representation | null) => entity?.id ?? null)).toEqual([
      community.id,
      null,
      null,
      community.id,
    ]);
    expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 1], 'VALIDATION_FAILED'],
      [['_entities', 2], 'VALIDATION_FAILED'],
    ]);
    expect(body.errors?.[0]?.message).toMatch(/Community, SocialOrganization, SocialWorker/);
  });

  it('reads many references in as many SQL statements as one: per type, never per reference', async () => {
    const statementsFor = async (count: number) => {
      const representations = Object.values(visible).flatMap((list) => list.slice(0, count));
      recorder.clear();
      const { body } = await ask(entitiesQuery, { r: representations });
      expect(body.errors).toBeUndefined();
      expect(body.data._entities.filter(Boolean)).toHaveLength(representations.length);
      return recorder.statements.length;
    };
    const forOne = await statementsFor(1);
    expect(forOne).toBeGreaterThan(0);
    expect(await statementsFor(8)).toBe(forOne);
  });
});
