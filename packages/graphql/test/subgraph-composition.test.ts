/**
 * Issue 6, composition with other departments' systems: the city gateway served as an Apollo
 * Federation 2 subgraph, composed with a second department's subgraph (elderly-care stations)
 * by The Guild's composition library, and queried through a real federation router (Hive
 * Gateway's runtime) over real HTTP. The districts are remote gateways behind counting proxies,
 * so entity lookups travel router → city → district and back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { demoTestDatabases } from '@sanshe/core/testing';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  type DemoCity,
  encodeGlobalId,
  type ListeningGateway,
  listen,
  openDemoCity,
  type TokenClaims,
} from '../src/index.js';
import { type DelayingProxy, startDelayingProxy } from './support/delaying-proxy.js';
import { testAuth, testToken } from './support/demo-gateway.js';
import {
  type ElderlyCareStation,
  type ElderlyCareSubgraph,
  startElderlyCareSubgraph,
} from './support/elderly-care-subgraph.js';
import { remoteDistrict, serveDistrict } from './support/remote-districts.js';

const cityAdmin: TokenClaims = { sub: 'city-admin', role: 'CITY_ADMIN' };

let city: DemoCity;
let districtCodes: string[] = [];
let districtGateways: ListeningGateway[] = [];
let proxies: DelayingProxy[] = [];
let cityGateway: ListeningGateway;
let elderlyCare: ElderlyCareSubgraph;
let router: Server;
let routerUrl: string;
const stations: ElderlyCareStation[] = [];
let supergraphSdl: string;

type Caller = TokenClaims | 'public';

async function post(url: string, query: string, variables?: Record<string, unknown>, as: Caller = cityAdmin) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as !== 'public') headers.authorization = `Bearer ${await testToken(as)}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

const requestsSoFar = () => proxies.map((proxy) => proxy.requests);

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  districtCodes = city.sources.map((source) => source.districtCode);
  // The district gateways share the city's sources, closed once at the end.
  districtGateways = await Promise.all(city.sources.map((source) => serveDistrict(source)));
  proxies = await Promise.all(districtGateways.map((running) => startDelayingProxy(running.origin)));
  cityGateway = await listen(
    createGateway({
      districts: proxies.map((proxy, i) => remoteDistrict(districtCodes[i]!, proxy.origin)),
      districtTimeoutMs: 2_000,
      auth: testAuth,
      subgraph: true,
      logging: false,
    }),
    { port: 0 },
  );

  // Two stations per district, in its first communities, staffed by its first social workers;
  // one more whose caregiver id names a worker that does not exist.
  for (const districtCode of districtCodes) {
    const { data } = await post(
      `${cityGateway.origin}/graphql`,
      `query($d: String!) {
        communities(first: 2, filter: { districtCode: $d }) { nodes { id } }
        socialWorkers(first: 2, filter: { districtCode: $d }) { nodes { id } }
      }`,
      { d: districtCode },
    );
    data.communities.nodes.forEach((community: { id: string }, i: number) => {
      stations.push({
        id: `station-${districtCode}-${i}`,
        name: `${districtCode} 第${i + 1}养老服务站`,
        beds: 20 + i,
        communityId: community.id,
        caregiverId: data.socialWorkers.nodes[i]?.id ?? null,
      });
    });
  }
  stations.push({
    id: 'station-ghost-caregiver',
    name: '无此社工的服务站',
    beds: 5,
    communityId: stations[0]!.communityId,
    caregiverId: encodeGlobalId('SocialWorker', districtCodes[0]!, 99_999_999),
  });
  elderlyCare = await startElderlyCareSubgraph(stations);

  // Composition, as a schema registry or `mesh-compose` would do it: each subgraph's SDL from
  // `_service { sdl }` over HTTP.
  const sdlOf = async (url: string) =>
    (await post(url, '{ _service { sdl } }', undefined, 'public')).data._service.sdl as string;
  const composed = composeServices([
    {
      name: 'sanshe',
      typeDefs: parse(await sdlOf(`${cityGateway.origin}/subgraph`)),
      url: `${cityGateway.origin}/subgraph`,
    },
    { name: 'elderly-care', typeDefs: parse(await sdlOf(elderlyCare.url)), url: elderlyCare.url },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));
  supergraphSdl = composed.supergraphSdl;

  const runtime = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    transports: { http: httpTransport },
    // So the assertions can read why a field is missing.
    maskedErrors: false,
    // The router passes the caller's token on; each subgraph decides what the caller may see.
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
    },
  });
  router = createServer(runtime);
  await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve));
  routerUrl = `http://127.0.0.1:${(router.address() as AddressInfo).port}/graphql`;
}, 240_000);

afterAll(async () => {
  router?.closeAllConnections();
  await new Promise<void>((resolve) => (router ? router.close(() => resolve()) : resolve()));
  await elderlyCare?.close();
  await cityGateway?.close();
  for (const proxy of proxies) await proxy.close();
  for (const running of districtGateways) await running.close();
  await Promise.all((city?.sources ?? []).map((source) => source.close()));
});

const communityFields =
  'id name code districtCode subdistrict { name } socialOrganizations(first: 2) { totalCount nodes { name } }';
const workerFields = 'id name districtCode residentIdMasked';

/** What sanshe itself answers for a global id, for the same caller: what the router must equal. */
async function nodeAsSanshe(id: string, typename: string, fields: string, as: Caller) {
  const { data, errors } = await post(
    `${cityGateway.origin}/graphql`,
    `query($id: ID!) { node(id: $id) { ... on ${typename} { ${fields} } } }`,
    { id },
    as,
  );
  expect(errors).toBeUndefined();
  return data.node;
}

/**
 * An entity sanshe answers null (absent, or beyond the caller's reach) is null in the router's
 * answer too: the other department only knows its id, so the router reports each of sanshe's
 * non-null fields it could not fill, and nulls the reference. Those errors must be exactly at
 * the references sanshe answered null, whatever the reason, so they reveal nothing.
 */
function expectErrorsOnlyAtNullCaregivers(
  answered: { caregiver: unknown }[],
  errors: { message: string; path?: (string | number)[] }[] | undefined,
) {
  for (const error of errors ?? []) {
    expect(error.message).toMatch(/Cannot return null for non-nullable field SocialWorker\./);
    const [, index, field] = error.path ?? [];
    expect(field).toBe('caregiver');
    expect(answered[index as number]?.caregiver).toBeNull();
  }
}

describe('sanshe as an Apollo Federation subgraph', () => {
  it('declares Community, SocialOrganization and SocialWorker as entities keyed by id', async () => {
    const { data } = await post(
      `${cityGateway.origin}/subgraph`,
      '{ _service { sdl } }',
      undefined,
      'public',
    );
    for (const typename of ['Community', 'SocialOrganization', 'SocialWorker']) {
      expect(data._service.sdl).toMatch(
        new RegExp(`type ${typename} implements Node\\s+@key\\(fields: "id"\\)`),
      );
    }
    expect(data._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    // The composed supergraph holds both departments' fields on the shared entity.
    expect(supergraphSdl).toMatch(/elderlyCareStations: \[ElderlyCareStation!\]!/);
    expect(supergraphSdl).toMatch(/socialOrganizations\(/);
  });

  it('leaves /graphql as it was: no federation fields there', async () => {
    const { errors } = await post(`${cityGateway.origin}/graphql`, '{ _service { sdl } }');
    expect(errors?.[0]?.message).toMatch(/_service/);
  });

  it('answers a router query that starts in the other department and reads sanshe, in one request per district', async () => {
    const before = requestsSoFar();
    const { data, errors } = await post(
      routerUrl,
      `{ elderlyCareStations { id name beds community { ${communityFields} } caregiver { ${workerFields} } } }`,
    );
    // Every station's community and caregiver, for every district, in at most two requests per
    // district (the router may fetch the two entity kinds as separate steps), not one per row.
    const perDistrict = requestsSoFar().map((count, i) => count - before[i]!);
    for (const [i, requests] of perDistrict.entries()) {
      const references = stations.filter((station) => station.id.startsWith(`station-${districtCodes[i]}`));
      expect(requests).toBeGreaterThanOrEqual(1);
      expect(requests).toBeLessThanOrEqual(2);
      expect(references.length * 2).toBeGreaterThan(requests);
    }
    expectErrorsOnlyAtNullCaregivers(data.elderlyCareStations, errors);
    expect(errors).toHaveLength(1); // the ghost caregiver
    expect(data.elderlyCareStations).toHaveLength(stations.length);
    for (const [i, answered] of data.elderlyCareStations.entries()) {
      const station = stations[i]!;
      expect(answered.community).toEqual(
        await nodeAsSanshe(station.communityId, 'Community', communityFields, cityAdmin),
      );
      expect(answered.community.socialOrganizations.nodes.length).toBeGreaterThan(0);
      if (station.id === 'station-ghost-caregiver') expect(answered.caregiver).toBeNull();
      else if (station.caregiverId) {
        expect(answered.caregiver).toEqual(
          await nodeAsSanshe(station.caregiverId, 'SocialWorker', workerFields, cityAdmin),
        );
        expect(answered.caregiver.residentIdMasked).toMatch(/\*/);
      }
    }
  });

  it('answers a router query that starts in sanshe and reads the other department', async () => {
    const { data, errors } = await post(
      routerUrl,
      `{ communities(first: 100) { nodes { id name elderlyCareStations { id name beds } } } }`,
    );
    expect(errors).toBeUndefined();
    const withStations = data.communities.nodes.filter(
      (community: { elderlyCareStations: unknown[] }) => community.elderlyCareStations.length > 0,
    );
    expect(withStations.length).toBeGreaterThan(0);
    for (const community of data.communities.nodes) {
      expect(community.elderlyCareStations.map((station: { id: string }) => station.id)).toEqual(
        stations.filter((station) => station.communityId === community.id).map((station) => station.id),
      );
    }
  });

  it('carries each caller to the districts: a district admin sees its own workers only, the public none', async () => {
    const callers: Caller[] = [
      { sub: 'district-admin', role: 'DISTRICT_ADMIN', district: districtCodes[0]! },
      'public',
    ];
    for (const caller of callers) {
      const { data, errors } = await post(
        routerUrl,
        `{ elderlyCareStations { id caregiver { ${workerFields} } } }`,
        undefined,
        caller,
      );
      expectErrorsOnlyAtNullCaregivers(data.elderlyCareStations, errors);
      let seen = 0;
      for (const [i, answered] of data.elderlyCareStations.entries()) {
        const station = stations[i]!;
        if (!station.caregiverId) continue;
        const expected = await nodeAsSanshe(station.caregiverId, 'SocialWorker', workerFields, caller);
        expect(answered.caregiver).toEqual(expected);
        if (answered.caregiver) {
          seen += 1;
          expect(caller).not.toBe('public');
          expect(answered.caregiver.districtCode).toBe(districtCodes[0]);
        }
      }
      if (caller !== 'public') expect(seen).toBeGreaterThan(0);
    }
  });

  it('answers references it cannot resolve with null, in the order asked', async () => {
    const community = stations[0]!.communityId;
    const representations = [
      { __typename: 'Community', id: community },
      { __typename: 'Community', id: 'not-a-global-id' },
      { __typename: 'Community', id: encodeGlobalId('Community', '110101', 1) },
      { __typename: 'SocialWorker', id: community },
      { __typename: 'Community', id: encodeGlobalId('Community', districtCodes[1]!, 99_999_999) },
      { __typename: 'Community', id: community },
    ];
    const { data, errors } = await post(
      `${cityGateway.origin}/subgraph`,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Community { id name } ... on SocialWorker { id } } }`,
      { r: representations },
    );
    expect(errors).toBeUndefined();
    expect(data._entities.map((entity: { id: string } | null) => entity?.id ?? null)).toEqual([
      community,
      null,
      null,
      null,
      null,
      community,
    ]);
  });

  it('answers a reference the caller may not see exactly as one that does not exist', async () => {
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on SocialWorker { id name } } }`;
    const worker = stations.find((station) => station.caregiverId && station.id.includes(districtCodes[0]!))!;
    const hidden = { __typename: 'SocialWorker', id: worker.caregiverId! };
    const missing = {
      __typename: 'SocialWorker',
      id: encodeGlobalId('SocialWorker', districtCodes[0]!, 99_999_999),
    };
    // The city administrator sees the worker: it exists.
    const seen = await post(`${cityGateway.origin}/subgraph`, entities, { r: [hidden] });
    expect(seen.data._entities[0]?.id).toBe(hidden.id);
    const callers: Caller[] = [
      'public',
      { sub: 'other', role: 'DISTRICT_ADMIN', district: districtCodes[1]! },
    ];
    for (const caller of callers) {
      const asHidden = await post(`${cityGateway.origin}/subgraph`, entities, { r: [hidden] }, caller);
      const asMissing = await post(`${cityGateway.origin}/subgraph`, entities, { r: [missing] }, caller);
      expect(asMissing).toEqual({ status: 200, data: { _entities: [null] } });
      expect(asHidden).toEqual(asMissing);
    }
  });

  it('refuses a representation naming no entity type at its own position, across districts', async () => {
    const [first, second] = districtCodes.map(
      (code) => stations.find((station) => station.id.includes(code))!,
    );
    const { data, errors } = await post(
      `${cityGateway.origin}/subgraph`,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Community { id } } }`,
      {
        r: [
          { __typename: 'Community', id: second!.communityId },
          { __typename: 'ElderlyCareStation', id: first!.communityId },
          { __typename: 'Community', id: first!.communityId },
        ],
      },
    );
    expect(data._entities.map((entity: { id: string } | null) => entity?.id ?? null)).toEqual([
      second!.communityId,
      null,
      first!.communityId,
    ]);
    expect(errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 1], 'VALIDATION_FAILED'],
    ]);
  });

  it('keeps the gateway authentication at /subgraph: a forged token is refused with 401', async () => {
    const response = await fetch(`${cityGateway.origin}/subgraph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    expect(response.status).toBe(401);
  });

  it('still answers through the router when a district is too slow, naming it', async () => {
    const slow = proxies[1]!;
    slow.delayMs = 3_000;
    try {
      const { data, errors } = await post(
        routerUrl,
        `{ elderlyCareStations { id caregiver { ${workerFields} } } }`,
      );
      expect(data.elderlyCareStations).toHaveLength(stations.length);
      const missing = errors?.find((error) => error.extensions?.code === 'DISTRICT_UNAVAILABLE');
      expect(missing?.extensions?.district).toBe(districtCodes[1]);
      for (const [i, answered] of data.elderlyCareStations.entries()) {
        const station = stations[i]!;
        if (!station.caregiverId || station.id === 'station-ghost-caregiver') continue;
        if (station.id.includes(districtCodes[1]!)) expect(answered.caregiver).toBeNull();
        else expect(answered.caregiver?.id).toBe(station.caregiverId);
      }
    } finally {
      slow.delayMs = 0;
    }
  });
});

describe('a gateway without subgraph: true', () => {
  it('does not serve /subgraph', async () => {
    const response = await fetch(`${districtGateways[0]!.origin}/subgraph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    expect(response.status).toBe(404);
  });
});
