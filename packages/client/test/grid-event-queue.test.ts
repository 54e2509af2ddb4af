// Live queues (docs/domain.md §7.10) with the client's `subscribe`, over real HTTP and
// server-sent events: a district's own gateway, and a city gateway that reaches that district over
// HTTP (its service token, SSE delegated) beside a district it holds itself. Changes are made
// through core on the districts' databases, as any process writing them would; the gateways
// hear them from the database (NOTIFY) and send each subscriber only what it may see.
import {
  createDepartmentService,
  createGridEventService,
  type DistrictDatabase,
  type GridEventService,
} from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import {
  createGateway,
  createRemoteDistrictSource,
  type DistrictSource,
  encodeGlobalId,
  type ListeningGateway,
  listen,
  openDemoCity,
  signHs256Token,
  type TokenClaims,
} from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, graphql, type ResultOf } from '../src/index.js';
import { testAuth } from './support/test-auth.js';

const serviceToken = { secret: 'sanshe-client-test-service-secret-32b!' };

const GridEventQueue = graphql(`
  subscription GridEventQueue($filter: GridEventQueueFilter) {
    gridEventChanges(filter: $filter) {
      kind
      eventId
      state
      previousState
      event {
        id
        title
        state
      }
    }
  }
`);

type Change = ResultOf<typeof GridEventQueue>['gridEventChanges'];

interface Follower {
  changes: Change[];
  errors: string[];
  stop(): void;
}

let district: ListeningGateway;
let city: ListeningGateway;
let databases: Map<string, DistrictDatabase>;
const subscriptions: Follower[] = [];

async function tokenFor(claims: TokenClaims) {
  return signHs256Token(testAuth, claims, '1h');
}

/** Follow a queue at a gateway as a caller (no claims: PUBLIC), collecting what arrives. */
async function follow(
  gateway: ListeningGateway,
  claims: TokenClaims | undefined,
  filter?: Record<string, unknown>,
): Promise<Follower> {
  const client = createClient({
    url: `${gateway.origin}/graphql`,
    ...(claims ? { token: await tokenFor(claims) } : {}),
  });
  const controller = new AbortController();
  const follower: Follower = { changes: [], errors: [], stop: () => controller.abort() };
  void (async () => {
    for await (const result of client.subscribe(GridEventQueue, filter ? { filter } : {}, {
      signal: controller.signal,
    })) {
      if (result.error) follower.errors.push(result.error.code);
      if (result.data) follower.changes.push(result.data.gridEventChanges);
    }
  })();
  subscriptions.push(follower);
  return follower;
}

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The core actor of a token's claims, as the gateway builds it. */
function actorOf(claims: TokenClaims) {
  return { id: claims.sub, role: claims.role, district: claims.district ?? null };
}

function eventsService(districtCode: string, claims: TokenClaims): GridEventService {
  return createGridEventService(databases.get(districtCode)!, { actor: actorOf(claims) });
}

async function firstGrid(districtCode: string) {
  const grid = await databases.get(districtCode)!.db.query.grids.findFirst({
    where: { districtCode, retiredOn: { isNull: true } },
    orderBy: { id: 'asc' },
  });
  if (!grid) throw new Error(`no grid in ${districtCode}`);
  return grid;
}

const residentA: TokenClaims = { sub: 'queue-resident-a', role: 'RESIDENT', district: '320505' };
const residentB: TokenClaims = { sub: 'queue-resident-b', role: 'RESIDENT', district: '320505' };
const residentC: TokenClaims = { sub: 'queue-resident-c', role: 'RESIDENT', district: '320506' };
const admin: TokenClaims = { sub: 'queue-admin', role: 'DISTRICT_ADMIN', district: '320505' };

function report(districtCode: string, who: TokenClaims, gridId: number, title: string) {
  return eventsService(districtCode, who).report({
    gridId,
    categoryCode: 'E0502',
    urgency: 'routine',
    title,
    description: `${title}：居民通过手机上报`,
    source: 'resident',
  });
}

beforeAll(async () => {
  const demo = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  databases = new Map(demo.databases.map((database) => [database.districtCode, database]));
  const keepOpen = (source: DistrictSource): DistrictSource => ({ ...source, close: async () => {} });
  const own = demo.sources.find((source) => source.districtCode === '320505')!;
  const held = demo.sources.find((source) => source.districtCode === '320506')!;
  district = await listen(
    createGateway({
      districts: [keepOpen(own)],
      auth: testAuth,
      serviceToken,
      logging: false,
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
  city = await listen(
    createGateway({
      districts: [
        createRemoteDistrictSource({ districtCode: '320505', url: district.origin, serviceToken }),
        keepOpen(held),
      ],
      auth: testAuth,
      logging: false,
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
});

afterAll(async () => {
  for (const subscription of subscriptions) subscription.stop();
  await city?.close();
  await district?.close();
  for (const database of databases?.values() ?? []) await database.close();
});

describe('live queues of grid events over server-sent events', () => {
  it('sends each subscriber the changes of its queue it may see, at a district and through a city', async () => {
    const departments = createDepartmentService(databases.get('320505')!, { actor: actorOf(admin) });
    const first = await departments.createDepartment({
      code: 'QUEUE-1',
      name: '队列测试一局',
      kind: 'functional',
      unitCode: '320505',
    });
    const second = await departments.createDepartment({
      code: 'QUEUE-2',
      name: '队列测试二局',
      kind: 'functional',
      unitCode: '320505',
    });
    const grid = await firstGrid('320505');
    const otherGrid = await firstGrid('320506');
    const departmentId = encodeGlobalId('Department', '320505', first.id);

    const cityAdmin = await follow(city, { sub: 'queue-city-admin', role: 'CITY_ADMIN' });
    const ownReports = await follow(district, residentA);
    const inbox = await follow(
      district,
      { sub: 'queue-department', role: 'DEPARTMENT_STAFF', district: '320505', department: departmentId },
      { departmentId },
    );
    const anonymous = await follow(district, undefined);

    // A stream is live once the gateway listens; until then changes are not seen. Warm-up
    // reports, each dispatched to the inbox's department, until every follower has heard one.
    await until('every stream live', async () => {
      const warmUp = await report('320505', residentA, grid.id, '热身事件');
      await eventsService('320505', admin).dispatch({ eventId: warmUp.id, departmentId: first.id });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return ownReports.changes.length > 0 && cityAdmin.changes.length > 0 && inbox.changes.length > 0;
    }).catch((error) => {
      throw new Error(
        `${error.message}: ${JSON.stringify({ own: ownReports, city: cityAdmin, inbox, anonymous })}`,
      );
    });
    // Let the last warm-up's changes arrive everywhere before the real ones start.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const follower of [cityAdmin, ownReports, inbox]) follower.changes.length = 0;

    const mine = await report('320505', residentA, grid.id, '菜场门口占道经营');
    const theirs = await report('320505', residentB, grid.id, '小区门口占道经营');
    const elsewhere = await report('320506', residentC, otherGrid.id, '人行道占道经营');
    await eventsService('320505', admin).dispatch({ eventId: mine.id, departmentId: first.id });
    await eventsService('320505', admin).reroute({
      eventId: mine.id,
      departmentId: second.id,
      reason: '属二局职责',
    });

    const id = (districtCode: string, localId: number) => encodeGlobalId('GridEvent', districtCode, localId);
    // The city admin sees every district it serves: the remote one over SSE, its own in-process.
    await until('the city’s changes', () => cityAdmin.changes.length >= 5);
    expect(new Set(cityAdmin.changes.map((change) => change.eventId))).toEqual(
      new Set([id('320505', mine.id), id('320505', theirs.id), id('320506', elsewhere.id)]),
    );

    // A resident follows its own reports only: reported, dispatched, re-routed.
    await until('the resident’s changes', () => ownReports.changes.length >= 3);
    expect(ownReports.changes.map((change) => [change.eventId, change.kind, change.state])).toEqual([
      [id('320505', mine.id), 'ENTERED', 'COLLECTED'],
      [id('320505', mine.id), 'CHANGED', 'DISPATCHED'],
      [id('320505', mine.id), 'CHANGED', 'DISPATCHED'],
    ]);
    expect(ownReports.changes[0]!.event).toMatchObject({
      id: id('320505', mine.id),
      title: '菜场门口占道经营',
    });

    // The department's inbox: the event enters when dispatched to it and leaves when re-routed away.
    await until('the inbox’s changes', () => inbox.changes.length >= 2);
    expect(inbox.changes.map((change) => [change.eventId, change.kind])).toEqual([
      [id('320505', mine.id), 'ENTERED'],
      [id('320505', mine.id), 'LEFT'],
    ]);

    // PUBLIC sees no single event: nothing is sent, not even an id.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(anonymous.changes).toEqual([]);
    expect([...cityAdmin.errors, ...ownReports.errors, ...inbox.errors, ...anonymous.errors]).toEqual([]);
  }, 120_000);

  it('refuses a malformed filter with a typed error before any event', async () => {
    const follower = await follow(district, admin, { unitCode: 'not-a-code' });
    await until('the refusal', () => follower.errors.length > 0);
    expect(follower.errors).toEqual(['INVALID_DIVISION_CODE']);
    expect(follower.changes).toEqual([]);
  });
});
