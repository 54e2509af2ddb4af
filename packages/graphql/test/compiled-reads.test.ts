/**
 * The compiled path of reads (src/compiled-reads/) against the general path: one demo district
 * behind two gateways, one compiling reads and one executing resolvers, asked the same operations
 * by every kind of caller. Each answer must be identical, byte for byte once serialised (the key
 * order included), and the compiled gateway must really have compiled the operations meant to be.
 */

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createDemoTestDistrictDatabase } from '@sanshe/core/testing';
import {
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCompiledRoot } from '../src/compiled-reads/compiled-root.js';
import {
  type CompiledReadMismatch,
  compiledReadMismatchChannel,
  createGateway,
  createLocalDistrictSource,
  decodeGlobalId,
  encodeGlobalId,
  type Gateway,
  type TokenClaims,
} from '../src/index.js';
import { demoDistrictCode } from './support/demo-district-gateway.js';
import { testAuth, testToken } from './support/demo-gateway.js';

let compiled: Gateway;
let general: Gateway;
let organizationId: string;
let workerId: string;
let postId: string;
let subdistrictCode: string;
let communityCode: string;
/** A grid with the most patrols and events of the first hundred: its connections are walked. */
let gridCode: string;
let volunteerId: string;
let volunteerTeamId: string;
let correctedServiceId: string;

beforeAll(async () => {
  const database = await createDemoTestDistrictDatabase({
    plan: {
      districtCode: demoDistrictCode,
      name: '虎丘区',
      seed: 1,
      // One community's volunteering in full: services, corrections, engagements, the time bank.
      scale: { subdistricts: 2, communitiesPerSubdistrict: 4, volunteerCommunities: 1 },
    },
  });
  const source = createLocalDistrictSource(database);
  // Compiling without checking each answer against the resolvers here: this file compares them
  // itself, with `general`.
  compiled = createGateway({ districts: [source], auth: testAuth, logging: false, compiledReads: true });
  general = createGateway({ districts: [source], auth: testAuth, logging: false, compiledReads: false });
  const { body } = await ask(general, cityAdmin, {
    query: `{ socialWorkers(first: 50, filter: { parentCode: "320505001" }) { nodes { id
      posts { id organization { id community { code subdistrict { code } } } } } } }`,
  });
  type Post = {
    id: string;
    organization: { id: string; community: { code: string; subdistrict: { code: string } } | null } | null;
  };
  const workers = (body as { data: { socialWorkers: { nodes: { id: string; posts: Post[] }[] } } }).data
    .socialWorkers.nodes;
  const inCommunity = (post: Post) => post.organization?.community != null;
  const worker = workers.find((candidate) => candidate.posts.some(inCommunity))!;
  const post = worker.posts.find(inCommunity)!;
  workerId = worker.id;
  postId = post.id;
  organizationId = post.organization!.id;
  communityCode = post.organization!.community!.code;
  subdistrictCode = post.organization!.community!.subdistrict.code;
  // A volunteer with a team and the most services, a team, and a corrected service: the
  // volunteer area's links (the demo corrects 1.5 % of services, so every page is looked at).
  type VolunteerLinks = {
    id: string;
    teams: { team: { id: string } | null }[];
    services: { id: string; correctedBy: { id: string } | null }[];
  };
  const volunteers: VolunteerLinks[] = [];
  for (let after: string | null = null; ; ) {
    const { body } = await ask(general, cityAdmin, {
      query: `query($after: String) { volunteers(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id teams { team { id } } services(all: true) { id correctedBy { id } } } } }`,
      variables: { after },
    });
    const page = (
      body as {
        data: {
          volunteers: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: VolunteerLinks[] };
        };
      }
    ).data.volunteers;
    volunteers.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  const withTeam = volunteers.filter((candidate) => candidate.teams.some((membership) => membership.team));
  const volunteer = withTeam.sort((a, b) => b.services.length - a.services.length)[0]!;
  volunteerId = volunteer.id;
  volunteerTeamId = volunteer.teams.find((membership) => membership.team)!.team!.id;
  const services = volunteers.flatMap((candidate) => candidate.services);
  correctedServiceId = services.find((service) => service.correctedBy)!.id;
  const { body: gridsBody } = await ask(general, cityAdmin, {
    query: '{ grids(first: 100) { nodes { code patrols { totalCount } events { totalCount } } } }',
  });
  type GridCounts = { code: string; patrols: { totalCount: number }; events: { totalCount: number } };
  const grids = (gridsBody as { data: { grids: { nodes: GridCounts[] } } }).data.grids.nodes;
  const linked = (grid: GridCounts) => Math.min(grid.patrols.totalCount, grid.events.totalCount);
  const busiest = grids.sort((a, b) => linked(b) - linked(a))[0]!;
  expect(linked(busiest)).toBeGreaterThan(0);
  gridCode = busiest.code;
}, 120_000);

afterAll(async () => {
  // The two gateways share the district source: closing one closes it.
  await general?.close();
});

const cityAdmin: TokenClaims = { sub: 'city', role: 'CITY_ADMIN' };

/** Every kind of caller the visibility rules tell apart. */
function callers(): Record<string, TokenClaims | 'public'> {
  return {
    cityAdmin,
    districtAdmin: { sub: 'da', role: 'DISTRICT_ADMIN', district: demoDistrictCode },
    subdistrictStaff: { sub: 'jd', role: 'SUBDISTRICT_STAFF', subdistrict: subdistrictCode },
    communityStaff: {
      sub: 'sq',
      role: 'COMMUNITY_STAFF',
      district: demoDistrictCode,
      community: communityCode,
    },
    organizationStaff: { sub: 'org', role: 'ORG_STAFF', org: organizationId },
    resident: { sub: 'jm', role: 'RESIDENT', district: demoDistrictCode },
    evaluator: { sub: 'pg', role: 'EVALUATOR', district: demoDistrictCode },
    public: 'public',
  };
}

interface Request {
  query: string;
  variables?: Record<string, unknown>;
}

async function ask(gateway: Gateway, caller: TokenClaims | 'public', request: Request) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller !== 'public') headers.authorization = `Bearer ${await testToken(caller)}`;
  const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify(request),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as unknown };
}

/** How many operations the gateway answered on each path, from its `/metrics`. */
async function paths(gateway: Gateway): Promise<Record<string, number>> {
  const text = await gateway.metrics!.scrape();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(
    /^sanshe_compiled_reads_total\{path="(\w+)",reason="([^"]*)"\} (\d+)/gm,
  )) {
    const key = match[1] === 'compiled' ? 'compiled' : `${match[1]}: ${match[2]}`;
    counts[key] = (counts[key] ?? 0) + Number(match[3]);
  }
  return counts;
}

/** Both gateways' answers to `request`, required equal; whether the compiled one compiled it. */
async function compare(caller: TokenClaims | 'public', request: Request): Promise<boolean> {
  const before = (await paths(compiled)).compiled ?? 0;
  const fast = await ask(compiled, caller, request);
  const slow = await ask(general, caller, request);
  expect(inCanonicalErrorOrder(fast.text)).toBe(inCanonicalErrorOrder(slow.text));
  expect(fast.status).toBe(slow.status);
  return ((await paths(compiled)).compiled ?? 0) > before;
}

/**
 * A response's text, byte for byte, but with its errors in one order: the resolvers report the
 * errors of fields resolved at once in the order they settle, which GraphQL leaves open (two
 * FORBIDDEN fields of one request may come either way round on either path).
 */
function inCanonicalErrorOrder(text: string): string {
  const body = JSON.parse(text) as { errors?: unknown[] };
  if (!body.errors || body.errors.length < 2) return text;
  const errors = body.errors.map((error) => JSON.stringify(error)).sort();
  return JSON.stringify({ ...body, errors: errors.map((error) => JSON.parse(error)) });
}

/** The benchmark's reads (bench/src/queries.mjs) and their neighbours. */
function handWritten(): { name: string; request: Request; compiles: boolean }[] {
  return [
    {
      name: 'community page',
      compiles: true,
      request: {
        query: `query($code: String!) { community(code: $code) { code name
          socialOrganizations(first: 10) { totalCount nodes { id name
            posts(first: 5) { nodes { title worker { id name } } } } } } }`,
        variables: { code: communityCode },
      },
    },
    {
      name: 'list with search',
      compiles: true,
      request: {
        query: `query($text: String!) { socialOrganizations(first: 20, filter: { nameContains: $text }) { nodes { id name } } }`,
        variables: { text: '社' },
      },
    },
    {
      name: 'deep nested',
      compiles: true,
      request: {
        query: `query($code: String!) { subdistrict(code: $code) { name communities(first: 10) { nodes { code name
          socialOrganizations(first: 5) { nodes { name posts(first: 3) { nodes { title worker { name } } } } } } } } }`,
        variables: { code: subdistrictCode },
      },
    },
    {
      name: 'node lookup',
      compiles: true,
      request: {
        query: `query($id: ID!) { node(id: $id) { __typename id ... on SocialOrganization { name community { code name } } } }`,
        variables: { id: organizationId },
      },
    },
    {
      name: 'fragments, aliases, directives and page info',
      compiles: true,
      request: {
        query: `query($code: String!, $withCount: Boolean!, $skipName: Boolean = false) {
          a: community(code: $code) { ...Unit c: code }
          b: community(code: $code) { name @skip(if: $skipName)
            socialOrganizations(first: 2, orderBy: REGISTERED_ON) {
              __typename totalCount @include(if: $withCount)
              pageInfo { hasNextPage hasPreviousPage __typename }
              edges { __typename node { ...Org } }
            }
          }
          __typename
        }
        fragment Unit on Community { __typename id code kind subdistrict { id name district { id name } } }
        fragment Org on SocialOrganization { id name status legalStatus legalForm category serviceDomains registeredOn }`,
        variables: { code: communityCode, withCount: true },
      },
    },
    {
      name: 'a filter of the list',
      compiles: true,
      request: {
        query: `query($parent: String!) { socialOrganizations(first: 5, filter: { parentCode: $parent, status: ACTIVE }) {
          totalCount nodes { name servedCommunities(first: 3) { totalCount nodes { code } } } } }`,
        variables: { parent: subdistrictCode },
      },
    },
    {
      name: 'workers',
      compiles: true,
      request: {
        query: `{ socialWorkers(first: 5) { totalCount nodes { id name residentIdMasked mobilePhoneMasked version posts { title startsOn endsOn fullTime organization { name } community { name } } } } }`,
      },
    },
    {
      name: 'the lists of units',
      compiles: true,
      request: {
        query: `query($parent: String!) {
          subdistricts(first: 3, orderBy: NAME) { totalCount nodes { code name kind } pageInfo { hasNextPage } }
          communities(first: 5, filter: { parentCode: $parent, includeRetired: true }) {
            totalCount nodes { id code name urbanRuralClass residentPopulation households areaKm2 effectiveFrom retiredOn
              grids(first: 2) { totalCount nodes { code name } } servingOrganizations(first: 2) { nodes { name } } }
          }
          grids(first: 3, filter: { parentCode: $parent }) { nodes { code name community { name } } }
        }`,
        variables: { parent: subdistrictCode },
      },
    },
    {
      name: 'a lookup in another district answers on the general path',
      compiles: false,
      request: { query: `{ community(code: "320506001001") { name } }` },
    },
    {
      name: 'a refused page size stays the general path’s error',
      compiles: false,
      request: { query: `{ socialOrganizations(first: 500) { nodes { name } } }` },
    },
    {
      name: 'a malformed filter stays the general path’s error',
      compiles: false,
      request: {
        query: `{ socialOrganizations(first: 5, filter: { parentCode: "32x" }) { nodes { name } } }`,
      },
    },
    {
      name: 'cursors of a root list and of a nested connection',
      compiles: true,
      request: {
        query: `{ socialOrganizations(first: 2) { edges { cursor node { name
          posts(first: 2) { edges { cursor } pageInfo { startCursor endCursor hasPreviousPage hasNextPage } } } }
          pageInfo { startCursor endCursor hasPreviousPage hasNextPage } } }`,
      },
    },
  ];
}

describe('compiled reads answer as the resolvers do', () => {
  it('answers the hand-written reads alike, for every caller', async () => {
    for (const [callerName, caller] of Object.entries(callers())) {
      for (const { name, request, compiles } of handWritten()) {
        const ran = await compare(caller, request);
        if (compiles) expect(ran, `${name} by ${callerName}`).toBe(true);
        if (!compiles) expect(ran, `${name} by ${callerName}`).toBe(false);
      }
    }
  }, 120_000);

  it('answers every field of every type it reaches alike, and compiles every field it covers', async () => {
    const operations = generatedOperations();
    expect(operations.length).toBeGreaterThan(10);
    const leftOut = new Set<string>();
    for (const operation of operations) {
      // A field the compiler names as the reason it fell back is left out, until the rest
      // compiles; every step is compared with the general path all the same.
      const selection = [...operation.fields];
      for (;;) {
        const before = await paths(compiled);
        if (await compare(cityAdmin, operation.request(selection))) break;
        const after = await paths(compiled);
        const reason = Object.keys(after).find((key) => (before[key] ?? 0) < after[key]!) ?? '';
        const field = /^general: (\w+)\.(\w+)$/.exec(reason);
        expect(field, `${operation.name}: fell back for ${reason}`).not.toBeNull();
        const [, typeName = '', fieldName = ''] = field!;
        leftOut.add(`${typeName}.${fieldName}`);
        const position = selection.findIndex((entry) => withoutField(entry, fieldName) !== entry);
        expect(position, `${operation.name}: ${fieldName} is not selected`).toBeGreaterThanOrEqual(0);
        const rest = withoutField(selection[position]!, fieldName).trim();
        if (rest === '') selection.splice(position, 1);
        else selection[position] = rest;
      }
      expect(selection.length, operation.name).toBeGreaterThan(0);
      for (const caller of Object.values(callers())) await compare(caller, operation.request(selection));
      for (const caller of Object.values(callers()))
        await compare(caller, operation.request(operation.fields));
    }
    // Every field of every type reached compiles.
    expect([...leftOut].sort()).toEqual([]);
  }, 300_000);

  it('counts in /metrics what it compiled, and what fell back with its reason', async () => {
    const before = await paths(compiled);
    await ask(compiled, cityAdmin, { query: `{ socialOrganizations(first: 1) { nodes { sortKey } } }` });
    await ask(compiled, cityAdmin, {
      query: `{ timeBankTotals(districtCode: "${demoDistrictCode}") { pointsIssued } }`,
    });
    const after = await paths(compiled);
    expect(after.compiled).toBe((before.compiled ?? 0) + 1);
    // A root field that reads no table of the district's own: its resolver asks core.
    expect(after['general: Query.timeBankTotals']).toBe((before['general: Query.timeBankTotals'] ?? 0) + 1);
  });

  it('answers the fields of a day alike for any day, given in the document or as a variable', async () => {
    // A grade in force, a worker's certification and a grid's boundary, on days before, within and
    // after the demo's records: each day a statement of its own (the day shapes the SQL).
    const days = ['2015-06-30', '2021-01-01', '2024-07-15', '2026-03-02', '2031-12-31'];
    const read = (day: string) => `
      organization: node(id: "${organizationId}") { ... on SocialOrganization {
        currentGrade(on: ${day}) { grade gradeName awardedOn validUntil } } }
      worker: node(id: "${workerId}") { ... on SocialWorker {
        certifiedOn(on: ${day}) certifiedLevel(on: ${day}) } }
      grids(first: 5) { nodes { code boundary(on: ${day}) { effectiveFrom geometry minLongitude } } }`;
    for (const day of days) {
      const before = await paths(compiled);
      await compare(cityAdmin, { query: `{ ${read(`"${day}"`)} }` });
      await compare(cityAdmin, { query: `query($day: Date) { ${read('$day')} }`, variables: { day } });
      const after = await paths(compiled);
      expect(after.compiled).toBe((before.compiled ?? 0) + 2);
    }
    // The days tell the records apart: a grade, a certification, a boundary held on some, not others.
    const answers = new Set<string>();
    for (const day of days)
      answers.add((await ask(compiled, cityAdmin, { query: `{ ${read(`"${day}"`)} }` })).text);
    expect(answers.size).toBeGreaterThan(2);
  });

  it('answers a grid’s patrols within the days asked alike, for every caller', async () => {
    const patrolsWithin = `query($code: String!, $from: Date, $to: Date) { grid(code: $code) {
      patrols(first: 3, from: $from, to: $to) { totalCount
        edges { cursor node { id patrolledAt patrolledBy result item { code } } }
        pageInfo { hasNextPage endCursor } } } }`;
    const { body } = await ask(general, cityAdmin, {
      query: `{ grid(code: "${gridCode}") { patrols(first: 100) { nodes { patrolledAt } } } }`,
    });
    const instants = (
      body as { data: { grid: { patrols: { nodes: { patrolledAt: string }[] } } } }
    ).data.grid.patrols.nodes.map((patrol) => patrol.patrolledAt);
    expect(instants.length).toBeGreaterThan(0);
    // China days around the grid's patrols: all of them, none, and a range that splits them.
    const chinaDay = (instant: string) =>
      new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
    const days = instants.map(chinaDay).sort();
    const ranges: [string | null, string | null][] = [
      [null, null],
      [days[0]!, days.at(-1)!],
      [days.at(-1)!, null],
      [null, days[0]!],
      ['2000-01-01', '2000-12-31'],
    ];
    for (const caller of Object.values(callers())) {
      for (const [from, to] of ranges) {
        const variables = { code: gridCode, from, to };
        expect(await compare(caller, { query: patrolsWithin, variables }), `${from}–${to}`).toBe(true);
      }
    }
    // A range that ends before it begins is refused alike (by the general path's check).
    await compare(cityAdmin, {
      query: patrolsWithin,
      variables: { code: gridCode, from: days.at(-1)!, to: '2000-01-01' },
    });
  });
  it('answers audit trails alike, their changes too, for the callers the scope admits', async () => {
    const update = `mutation($input: UpdateVolunteerInput!) { updateVolunteer(input: $input) {
      __typename ... on Error { code message } } }`;
    const edits = [
      { name: '王, "小": 明', skills: ['CHILD_CARE', 'CULTURE'] },
      { mobilePhone: '13912345678', skills: [] },
      { name: '王小明\\ 二' },
    ];
    for (const edit of edits) {
      const { body } = await ask(general, cityAdmin, {
        query: update,
        variables: { input: { id: volunteerId, ...edit } },
      });
      expect(body).toEqual({ data: { updateVolunteer: { __typename: 'UpdateVolunteerSuccess' } } });
    }
    const trail = {
      query: `query($id: ID!) { node(id: $id) { ... on Volunteer { name
        auditTrail { __typename occurredAt actorId actorRole action entityType reason
          changes { __typename field before after } } } } }`,
      variables: { id: volunteerId },
    };
    const readers = new Set(['cityAdmin', 'districtAdmin']);
    for (const [name, caller] of Object.entries(callers())) {
      // Anyone else gets the general path's FORBIDDEN error.
      expect(await compare(caller, trail), name).toBe(readers.has(name));
    }
    type Entry = {
      action: string;
      changes: { field: string; before: string | null; after: string | null }[];
    };
    const { body } = await ask(compiled, cityAdmin, trail);
    const entries = (body as { data: { node: { auditTrail: Entry[] } } }).data.node.auditTrail;
    // Not an empty comparison: the three edits, newest first, with their changes.
    expect(entries.slice(0, 3).map((entry) => entry.changes.map((change) => change.field))).toEqual([
      ['name'],
      ['mobilePhoneMasked', 'skills'],
      ['name', 'skills'],
    ]);
    expect(entries[2]!.changes[1]).toMatchObject({ after: '["child_care","culture"]' });
    // A page of volunteers reads its trails in the statement.
    const page = {
      query: `{ volunteers(first: 20) { nodes { id auditTrail { action occurredAt changes { field after } } } } }`,
    };
    expect(await compare(cityAdmin, page)).toBe(true);
  });

  it('answers the log of unmasked reads of a worker and a volunteer alike, for the callers the scope admits', async () => {
    const reveals = [
      {
        query: `mutation($input: RevealSocialWorkerIdentifiersInput!) { revealSocialWorkerIdentifiers(input: $input) {
          __typename ... on Error { code message } } }`,
        input: {
          workerId,
          fields: ['RESIDENTID', 'MOBILEPHONE'],
          purpose: 'ALLOWANCE_PAYMENT',
          purposeNote: '补贴发放核对',
        },
      },
      {
        query: `mutation($input: RevealVolunteerIdentifiersInput!) { revealVolunteerIdentifiers(input: $input) {
          __typename ... on Error { code message } } }`,
        input: { volunteerId, fields: ['MOBILEPHONE'], purpose: 'ALLOWANCE_PAYMENT' },
      },
    ];
    for (const { query, input } of reveals) {
      const { body } = await ask(general, cityAdmin, { query, variables: { input } });
      expect(JSON.stringify(body)).toMatch(/"__typename":"Reveal\w+Success"/);
    }
    const logs = {
      query: `query($worker: ID!, $volunteer: ID!) {
        worker: node(id: $worker) { ... on SocialWorker { personalDataAccessLog { __typename id occurredAt actorId
          actorRole entityType entityId field purpose purposeNote sensitiveCategory } } }
        volunteer: node(id: $volunteer) { ... on Volunteer { personalDataAccessLog { id field purpose sensitiveCategory } } } }`,
      variables: { worker: workerId, volunteer: volunteerId },
    };
    const readers = new Set(['cityAdmin', 'districtAdmin']);
    for (const [name, caller] of Object.entries(callers())) {
      expect(await compare(caller, logs), name).toBe(readers.has(name));
    }
    type Access = { field: string; purpose: string; purposeNote?: string | null };
    const { body } = await ask(compiled, cityAdmin, logs);
    const { worker, volunteer } = (
      body as {
        data: { worker: { personalDataAccessLog: Access[] }; volunteer: { personalDataAccessLog: Access[] } };
      }
    ).data;
    expect(worker.personalDataAccessLog.map((entry) => entry.field).sort()).toEqual([
      'mobilePhone',
      'residentId',
    ]);
    expect(worker.personalDataAccessLog[0]).toMatchObject({
      purpose: 'ALLOWANCE_PAYMENT',
      purposeNote: '补贴发放核对',
    });
    expect(volunteer.personalDataAccessLog).toMatchObject([
      { field: 'mobilePhone', purpose: 'ALLOWANCE_PAYMENT' },
    ]);
  });

  it('answers projects’ satisfaction alike: counts, sums and the rounded average', async () => {
    const projects = {
      query: `{ serviceProjects(first: 100) { nodes { id satisfaction { __typename answers scoreSum average counts } } } }`,
    };
    for (const caller of Object.values(callers())) expect(await compare(caller, projects)).toBe(true);
    type Figures = { answers: number; scoreSum: number; average: number | null; counts: number[] };
    const { body } = await ask(compiled, cityAdmin, projects);
    const figures = (
      body as { data: { serviceProjects: { nodes: { satisfaction: Figures }[] } } }
    ).data.serviceProjects.nodes.map((project) => project.satisfaction);
    // Not an empty comparison: projects without answers, and averages that are rounded.
    expect(figures.some((summary) => summary.answers === 0 && summary.average === null)).toBe(true);
    expect(
      figures.some((summary) => summary.average !== null && !Number.isInteger(summary.average * 10)),
    ).toBe(true);
  });

  it('answers a volunteer’s time bank and certificates alike, for every caller', async () => {
    // The demo's time-bank community: volunteers with points, minutes and exchanges.
    type Holder = { id: string; homeCommunity: { id: string; code: string }; exchanges: { id: string }[] };
    const holders: Holder[] = [];
    for (let after: string | null = null; ; ) {
      const { body } = await ask(general, cityAdmin, {
        query: `query($after: String) { volunteers(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor } nodes { id homeCommunity { id code } exchanges { id } } } }`,
        variables: { after },
      });
      const page = (
        body as {
          data: { volunteers: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Holder[] } };
        }
      ).data.volunteers;
      holders.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const holder = holders.find((candidate) => candidate.exchanges.length > 0)!;
    expect(holder, 'a volunteer with exchanges').toBeDefined();
    const { body: issued } = await ask(general, cityAdmin, {
      query: `mutation($input: IssueVolunteerCertificateInput!) { issueVolunteerCertificate(input: $input) {
        __typename ... on Error { code message } } }`,
      variables: {
        input: {
          volunteerId: holder.id,
          periodFrom: '2020-01-01',
          // Yesterday in China: the period ends in the past.
          periodTo: new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10),
          issuerCommunityId: holder.homeCommunity.id,
        },
      },
    });
    expect(issued).toEqual({
      data: { issueVolunteerCertificate: { __typename: 'IssueVolunteerCertificateSuccess' } },
    });
    const timeBank = `fragment TimeBank on Volunteer { id
      pointsAccount { id kind unit balance floor openedOn owner
        statement(limit: 3, offset: 1) { totalLines lines { __typename entryKind occurredOn description amount reversal } } }
      minutesAccount { id balance owner statement { totalLines lines { amount } } }
      exchanges { id itemId volunteerId quantity points exchangedOn }
      certificates { id number volunteerId volunteerName residentIdMasked issuerName issuedOn
        periodFrom periodTo totalMinutes totalHours groupBy contentDigest verificationCode pagePath
        revokedOn revocationReason periods { period label services minutes }
        services { __typename day content place minutes certifier } } }`;
    const one = {
      query: `query($id: ID!) { node(id: $id) { ...TimeBank } } ${timeBank}`,
      variables: { id: holder.id },
    };
    const page = { query: `{ volunteers(first: 50) { nodes { ...TimeBank } } } ${timeBank}` };
    const own: TokenClaims = {
      sub: 'vol',
      role: 'VOLUNTEER',
      district: demoDistrictCode,
      volunteer: holder.id,
    } as TokenClaims;
    const volunteerCommunityStaff: TokenClaims = {
      sub: 'sq-vol',
      role: 'COMMUNITY_STAFF',
      district: demoDistrictCode,
      community: holder.homeCommunity.code,
    };
    for (const caller of [...Object.values(callers()), own, volunteerCommunityStaff]) {
      expect(await compare(caller, one)).toBe(true);
      expect(await compare(caller, page)).toBe(true);
    }
    // Not an empty comparison: the holder and its staff see all of it, a resident none.
    const seen = async (caller: TokenClaims) =>
      ((await ask(compiled, caller, one)).body as { data: { node: Record<string, unknown> | null } }).data
        .node;
    for (const caller of [own, volunteerCommunityStaff, cityAdmin]) {
      expect(await seen(caller)).toMatchObject({
        pointsAccount: {
          unit: 'POINTS',
          owner: holder.id,
          statement: {
            lines: expect.arrayContaining([expect.objectContaining({ amount: expect.any(Number) })]),
          },
        },
        minutesAccount: { owner: holder.id },
        exchanges: holder.exchanges.map(({ id }) => ({ id })),
        certificates: [{ volunteerId: holder.id, services: expect.arrayContaining([expect.anything()]) }],
      });
    }
    expect(await seen(callers().resident as TokenClaims)).toBeNull();
    // A team's leader sees its members but not their accounts, nor their exchanges.
    type Team = {
      members: { role: string; volunteer: { id: string; pointsAccount: { id: string } | null } | null }[];
    };
    const { body: teamsBody } = await ask(general, cityAdmin, {
      query: `{ volunteerTeams(first: 100) { nodes { members { role volunteer { id pointsAccount { id } } } } } }`,
    });
    const teams = (teamsBody as { data: { volunteerTeams: { nodes: Team[] } } }).data.volunteerTeams.nodes;
    const [leader, member] = teams
      .map((team) => [
        team.members.find((membership) => membership.role === 'LEADER')?.volunteer,
        team.members.find((membership) => membership.role !== 'LEADER' && membership.volunteer?.pointsAccount)
          ?.volunteer,
      ])
      .find(([lead, other]) => lead && other)!;
    const asLeader = {
      sub: 'lead',
      role: 'VOLUNTEER',
      district: demoDistrictCode,
      volunteer: leader!.id,
    } as TokenClaims;
    const memberRead = { ...one, variables: { id: member!.id } };
    expect(await compare(asLeader, memberRead)).toBe(true);
    expect(((await ask(compiled, asLeader, memberRead)).body as { data: unknown }).data).toMatchObject({
      node: { id: member!.id, pointsAccount: null, minutesAccount: null, exchanges: [] },
    });
  });
});

/** How many statements the gateway compiled, shared by every value of their parameters or not. */
async function compilations(gateway: Gateway): Promise<{ shared: number; values: number }> {
  const text = await gateway.metrics!.scrape();
  const count = (statement: string) =>
    Number(
      new RegExp(`^sanshe_read_compilations_total\\{statement="${statement}"\\} (\\d+)`, 'm').exec(
        text,
      )?.[1] ?? 0,
    );
  return { shared: count('shared'), values: count('values') };
}

describe('one compiled statement serves every value of its parameters', () => {
  const lookup = `query($id: ID!) { node(id: $id) { __typename id
    ... on SocialOrganization { name community { code name } }
    ... on Community { code name } } }`;

  async function organizationIds(count: number): Promise<string[]> {
    const { body } = await ask(general, cityAdmin, {
      query: `{ socialOrganizations(first: ${count}) { nodes { id community { id code } } } }`,
    });
    return (
      body as { data: { socialOrganizations: { nodes: { id: string }[] } } }
    ).data.socialOrganizations.nodes.map((node) => node.id);
  }

  it('compiles a node lookup once for every id of a type, and answers each as the resolvers do', async () => {
    const ids = await organizationIds(6);
    expect(ids.length).toBe(6);
    // A caller of its own, so the statements of the other tests are not this one's.
    const caller: TokenClaims = { sub: 'parameters-node', role: 'CITY_ADMIN' };
    const before = await compilations(compiled);
    for (const id of ids) expect(await compare(caller, { query: lookup, variables: { id } })).toBe(true);
    let after = await compilations(compiled);
    expect(after.shared - before.shared).toBe(1);
    expect(after.values - before.values).toBe(0);

    // Another type is another statement (the id's type shapes it), shared by its ids in turn.
    const { body } = await ask(general, cityAdmin, { query: '{ communities(first: 3) { nodes { id } } }' });
    const communities = (body as { data: { communities: { nodes: { id: string }[] } } }).data.communities
      .nodes;
    for (const { id } of communities)
      expect(await compare(caller, { query: lookup, variables: { id } })).toBe(true);
    after = await compilations(compiled);
    expect(after.shared - before.shared).toBe(2);

    // Ids outside the shared statement are answered as the resolvers answer them: compiled for
    // themselves, or on the general path with its error.
    const organization = decodeGlobalId(ids[0]!);
    const outside = [
      encodeGlobalId('SocialOrganization', '320506', organization.localId),
      encodeGlobalId('SocialOrganization', demoDistrictCode, '99999999'),
      encodeGlobalId('SocialOrganization', demoDistrictCode, `0${organization.localId}`),
      encodeGlobalId('SocialOrganization', demoDistrictCode, '123456789012345678901'),
      encodeGlobalId('District', demoDistrictCode, demoDistrictCode),
      'not-a-global-id',
      '',
    ];
    for (const id of outside) await compare(caller, { query: lookup, variables: { id } });
    // A value of the wrong type is the general path's variable error.
    await compare(caller, { query: lookup, variables: { id: 17 } });
    await compare(caller, { query: lookup, variables: {} });
    // The shared statement still answers the ids it serves, with nothing compiled again.
    const settled = await compilations(compiled);
    for (const id of ids) expect(await compare(caller, { query: lookup, variables: { id } })).toBe(true);
    expect(await compilations(compiled)).toEqual(settled);
  });

  it("checks the visibility of a node for every caller in the same statement, by core's rule", async () => {
    const lists = [
      'socialOrganizations',
      'socialWorkers',
      'needs',
      'serviceProjects',
      'gridEvents',
      'summonses',
      'volunteers',
      'consultationMeetings',
      'departments',
    ];
    const { body } = await ask(general, cityAdmin, {
      query: `{ ${lists.map((list) => `${list}(first: 12) { nodes { id } }`).join(' ')} }`,
    });
    const data = (body as { data: Record<string, { nodes: { id: string }[] }> }).data;
    const ids = lists.flatMap((list) => data[list]!.nodes.map((node) => node.id));
    expect(ids.length).toBeGreaterThan(50);
    const query = `query($id: ID!) { node(id: $id) { __typename id } }`;
    for (const [callerName, caller] of Object.entries(callers())) {
      let seen = 0;
      for (const id of ids) {
        expect(await compare(caller, { query, variables: { id } }), `${callerName} ${id}`).toBe(true);
        const answer = await ask(compiled, caller, { query, variables: { id } });
        if ((answer.body as { data: { node: unknown } }).data.node !== null) seen += 1;
      }
      // The callers bound to a unit see some of the records and not others.
      if (
        ['subdistrictStaff', 'communityStaff', 'organizationStaff', 'resident', 'public'].includes(callerName)
      ) {
        expect(seen, callerName).toBeGreaterThan(0);
        expect(seen, callerName).toBeLessThan(ids.length);
      }
    }
  }, 120_000);

  it('compiles a lookup by code once for every code of the district', async () => {
    const caller: TokenClaims = {
      sub: 'parameters-code',
      role: 'DISTRICT_ADMIN',
      district: demoDistrictCode,
    };
    const { body } = await ask(general, caller, { query: '{ communities(first: 5) { nodes { code } } }' });
    const codes = (
      body as { data: { communities: { nodes: { code: string }[] } } }
    ).data.communities.nodes.map((node) => node.code);
    const page = `query($code: String!) { community(code: $code) { code name
      socialOrganizations(first: 3) { totalCount nodes { name } } } }`;
    const before = await compilations(compiled);
    for (const code of codes) expect(await compare(caller, { query: page, variables: { code } })).toBe(true);
    expect((await compilations(compiled)).shared - before.shared).toBe(1);
    // A code of the district that names nothing is the same statement's null.
    expect(await compare(caller, { query: page, variables: { code: `${demoDistrictCode}999999` } })).toBe(
      true,
    );
    expect((await compilations(compiled)).shared - before.shared).toBe(1);
    // Another district's code, or a malformed one, is not the shared statement's to answer.
    for (const code of ['320506001001', '32x', '', `${demoDistrictCode.slice(0, 5)}`]) {
      expect(await compare(caller, { query: page, variables: { code } })).toBe(false);
    }
  });

  it('shares a statement between callers of the same standing, unless it reads who they are', async () => {
    const admin = (sub: string): TokenClaims => ({ sub, role: 'DISTRICT_ADMIN', district: demoDistrictCode });
    const resident = (sub: string): TokenClaims => ({ sub, role: 'RESIDENT', district: demoDistrictCode });
    const page = `query($code: String!) { community(code: $code) { name socialOrganizations(first: 3) { nodes { name } } }
      gridEvents(first: 3) { totalCount nodes { id } } }`;
    const mine = `{ gridEvents(first: 3, filter: { reportedByMe: true }) { totalCount nodes { id } } }`;
    const variables = { code: communityCode };
    const before = await compilations(compiled);
    for (const sub of ['standing-a', 'standing-b', 'standing-c']) {
      expect(await compare(admin(sub), { query: page, variables })).toBe(true);
    }
    let after = await compilations(compiled);
    expect(after.shared - before.shared).toBe(1);
    // A resident sees the events it reported: its id is in the statement, one per resident.
    for (const sub of ['standing-a', 'standing-b']) {
      expect(await compare(resident(sub), { query: page, variables })).toBe(true);
    }
    expect((await compilations(compiled)).shared - after.shared).toBe(2);
    // So does a filter of one's own reports, for any role; each caller answered with its own.
    after = await compilations(compiled);
    for (const sub of ['standing-a', 'standing-b', 'standing-a']) {
      expect(await compare(admin(sub), { query: mine })).toBe(true);
    }
    const settled = await compilations(compiled);
    expect(settled.values + settled.shared - after.values - after.shared).toBe(2);
  });

  it("answers what is the caller's own alike: its reports, its steps", async () => {
    const districtAdmin: TokenClaims = { sub: 'own-da', role: 'DISTRICT_ADMIN', district: demoDistrictCode };
    const { body } = await ask(general, districtAdmin, {
      query: `{ gridEvents(first: 30) { nodes { id community { code } steps { step actorRole actorId } } } }`,
    });
    type Event = {
      id: string;
      community: { code: string };
      steps: { step: string; actorRole: string; actorId: string | null }[];
    };
    const events = (body as { data: { gridEvents: { nodes: Event[] } } }).data.gridEvents.nodes;
    const reported = events.find((event) =>
      event.steps.some((step) => step.step === 'REPORT' && step.actorRole === 'GRID_WORKER' && step.actorId),
    );
    expect(reported, 'an event a grid worker reported').toBeDefined();
    const reporter = reported!.steps.find((step) => step.step === 'REPORT')!.actorId!;
    const gridWorker: TokenClaims = {
      sub: reporter,
      role: 'GRID_WORKER',
      district: demoDistrictCode,
      community: reported!.community.code,
    };
    const colleague: TokenClaims = { ...gridWorker, sub: `${reporter}-colleague` };
    const query = `query($id: ID!) { node(id: $id) { ... on GridEvent { reportedByMe handledByMe state stateLabel
      allowedSteps overdue newestFirstKey steps { step byMe actorId } } } }`;
    for (const caller of [gridWorker, colleague, districtAdmin]) {
      expect(await compare(caller, { query, variables: { id: reported!.id } })).toBe(true);
    }
    const own = await ask(compiled, gridWorker, { query, variables: { id: reported!.id } });
    const node = (own.body as { data: { node: { reportedByMe: boolean; steps: { byMe: boolean }[] } } }).data
      .node;
    expect(node.reportedByMe).toBe(true);
    expect(node.steps.some((step) => step.byMe)).toBe(true);
  });

  it('keeps in the key a variable that also shapes the statement', async () => {
    const caller: TokenClaims = { sub: 'parameters-shape', role: 'CITY_ADMIN' };
    // `$code` is a lookup's code and a filter's value: the filter is no plain parameter.
    const page = `query($code: String!) { subdistrict(code: $code) { name }
      communities(first: 2, filter: { parentCode: $code }) { nodes { code } } }`;
    const { body } = await ask(general, caller, { query: '{ subdistricts(first: 2) { nodes { code } } }' });
    const codes = (
      body as { data: { subdistricts: { nodes: { code: string }[] } } }
    ).data.subdistricts.nodes.map((node) => node.code);
    expect(codes.length).toBe(2);
    const before = await compilations(compiled);
    for (const code of codes) expect(await compare(caller, { query: page, variables: { code } })).toBe(true);
    const after = await compilations(compiled);
    expect(after.shared - before.shared).toBe(0);
    expect(after.values - before.values).toBe(2);
  });
});

describe('pages by cursor as the resolvers do', () => {
  interface Page {
    edges: { cursor: string; node: { id?: string } }[];
    pageInfo: {
      startCursor: string | null;
      endCursor: string | null;
      hasNextPage: boolean;
      hasPreviousPage: boolean;
    };
  }
  const pageSelection =
    'totalCount edges { cursor node { __typename } } pageInfo { startCursor endCursor hasNextPage hasPreviousPage }';

  /** Every connection the walk reads: each root list, and each connection of the lookups' types. */
  function walks(): {
    name: string;
    query: (args: string, cursor: 'after' | 'before') => string;
    variables: Record<string, unknown>;
  }[] {
    const schema = compiled.schema;
    const queryType = schema.getQueryType()!;
    const connectionsOf = (typeName: string) => {
      const type = schema.getType(typeName) as GraphQLObjectType;
      return Object.values(type.getFields())
        .filter(
          (field) => 'pageInfo' in ((getNamedType(field.type) as GraphQLObjectType).getFields?.() ?? {}),
        )
        .filter((field) => !field.args.some((arg) => isNonNullType(arg.type)))
        .map((field) => field.name);
    };
    const roots = Object.values(queryType.getFields())
      .filter((field) => readCompiledRoot(field.extensions)?.kind === 'list')
      .map((field) => ({
        name: field.name,
        query: (args: string, cursor: string) =>
          `query($${cursor}: String) { list: ${field.name}(${args}) { ${pageSelection} } }`,
        variables: {},
      }));
    const lookups = [
      { typeName: 'District', root: 'district(code: $code)', variables: { code: demoDistrictCode } },
      { typeName: 'Subdistrict', root: 'subdistrict(code: $code)', variables: { code: subdistrictCode } },
      { typeName: 'Community', root: 'community(code: $code)', variables: { code: communityCode } },
      { typeName: 'Grid', root: 'grid(code: $code)', variables: { code: gridCode } },
    ];
    const nested = lookups.flatMap(({ typeName, root, variables }) =>
      connectionsOf(typeName).map((field) => ({
        name: `${typeName}.${field}`,
        query: (args: string, cursor: string) =>
          `query($code: String!, $${cursor}: String) { unit: ${root} { list: ${field}(${args}) { ${pageSelection} } } }`,
        variables,
      })),
    );
    return [...roots, ...nested];
  }

  const pageOf = (body: unknown): Page | null => {
    const data = (body as { data?: { list?: Page; unit?: { list: Page } | null } }).data;
    return data?.list ?? data?.unit?.list ?? null;
  };

  it('walks every connection forwards and backwards alike, each page compiled, one statement a way', async () => {
    const all = walks();
    expect(all.length).toBeGreaterThan(15);
    const walked: string[] = [];
    for (const walk of all) {
      const caller: TokenClaims = { sub: `walk-${walk.name}`, role: 'CITY_ADMIN' };
      const before = await compilations(compiled);
      const forward = walk.query('first: 2, after: $after', 'after');
      const backward = walk.query('last: 2, before: $before', 'before');
      let pages = 0;
      for (const [query, cursorName, next] of [
        [forward, 'after', 'endCursor'],
        [backward, 'before', 'startCursor'],
      ] as const) {
        let cursor: string | null = null;
        for (let page = 0; page < 4; page++) {
          const request = { query, variables: { ...walk.variables, [cursorName]: cursor } };
          const paths0 = await paths(compiled);
          const ran = await compare(caller, request);
          const paths1 = await paths(compiled);
          const reason = Object.keys(paths1).find((key) => (paths0[key] ?? 0) < paths1[key]!);
          expect(ran, `${walk.name} ${cursorName} ${cursor}: ${reason}`).toBe(true);
          const answer = pageOf((await ask(general, caller, request)).body);
          if (!answer) break;
          pages += 1;
          const more = cursorName === 'after' ? answer.pageInfo.hasNextPage : answer.pageInfo.hasPreviousPage;
          if (!more) break;
          cursor = answer.pageInfo[next];
        }
      }
      if (pages > 2) walked.push(walk.name);
      // One statement from the start, one from a cursor, for each direction.
      const after = await compilations(compiled);
      expect(after.shared - before.shared, walk.name).toBeLessThanOrEqual(4);
      expect(after.values - before.values, walk.name).toBe(0);
    }
    // The demo district holds more than a page of most: the walks really turned pages.
    expect(walked.length).toBeGreaterThan(10);
  }, 300_000);

  it('reads the first pages alike for every caller', async () => {
    for (const caller of Object.values(callers())) {
      for (const walk of walks()) {
        const first = walk.query('first: 2, after: $after', 'after');
        const request = { query: first, variables: { ...walk.variables, after: null } };
        await compare(caller, request);
        const cursor = pageOf((await ask(general, caller, request)).body)?.pageInfo.endCursor;
        if (cursor) await compare(caller, { query: first, variables: { ...walk.variables, after: cursor } });
      }
    }
  }, 300_000);

  it('leaves cursors it did not write, and mixed directions, to the general path', async () => {
    const root = `query($after: String, $before: String, $first: Int, $last: Int) {
      list: socialOrganizations(first: $first, last: $last, after: $after, before: $before) { ${pageSelection} } }`;
    const nested = `query($code: String!, $after: String, $before: String, $first: Int, $last: Int) {
      unit: community(code: $code) { list: socialOrganizations(first: $first, last: $last, after: $after, before: $before) { ${pageSelection} } } }`;
    const { body } = await ask(general, cityAdmin, {
      query: root,
      variables: { first: 2 },
    });
    const rootCursor = pageOf(body)!.pageInfo.endCursor!;
    const nestedAnswer = await ask(general, cityAdmin, {
      query: nested,
      variables: { code: communityCode, first: 2 },
    });
    const nestedCursor = pageOf(nestedAnswer.body)!.pageInfo.endCursor!;
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const merged = (positions: unknown[]) =>
      Buffer.from(`sanshe:1:${JSON.stringify(positions)}`).toString('base64url');
    const foreign = [
      'not a cursor',
      nestedCursor, // a nested connection's cursor at the root
      rootCursor, // and the other way round
      base64('DC:S:abc'),
      base64('DC:T:["S:a"]'), // a cursor of a shorter order
      base64('DC:T:["S:a","N:1.5","S:320505"]'),
      base64('DC:T:["S:a","S:1","S:320505"]'),
      base64('DC:T:[null,"N:1","S:320505"]'),
      merged([{ [demoDistrictCode]: null }, { [demoDistrictCode]: null }]),
      merged([{ '320506': null }, {}]),
      merged([{ [demoDistrictCode]: base64('DC:S:x') }, {}]),
    ];
    for (const cursor of foreign) {
      for (const [query, extra] of [
        [root, {}],
        [nested, { code: communityCode }],
      ] as const) {
        await compare(cityAdmin, { query, variables: { ...extra, first: 2, after: cursor } });
        await compare(cityAdmin, { query, variables: { ...extra, last: 2, before: cursor } });
      }
    }
    for (const variables of [
      { first: 2, last: 2 },
      { first: 2, before: rootCursor },
      { last: 2, after: rootCursor },
      { first: 2, after: rootCursor, before: rootCursor },
      { first: 0, after: rootCursor },
      { last: 0 },
      { first: -1 },
    ]) {
      await compare(cityAdmin, { query: root, variables });
    }
    for (const variables of [
      { first: 2, last: 2 },
      { first: 2, before: nestedCursor },
      { last: 2, after: nestedCursor },
      { first: 0, after: nestedCursor },
      { last: 0 },
    ]) {
      await compare(cityAdmin, { query: nested, variables: { ...variables, code: communityCode } });
    }
  }, 120_000);
});

/**
 * `selection` without the field `name`: a leaf, or the field with its arguments and its braces.
 * Only its first occurrence goes, so a field of the same name deeper in stays until named again.
 */
function withoutField(selection: string, name: string): string {
  const start = new RegExp(`(^|(?<=[{ ]))${name}(?=[ ({]|$)`).exec(selection);
  if (!start) return selection;
  let end = start.index + name.length;
  if (selection[end] === '(') end = selection.indexOf(')', end) + 1;
  const brace = /^ *\{/.exec(selection.slice(end));
  if (brace) {
    let depth = 0;
    for (let i = end + brace[0].length - 1; i < selection.length; i++) {
      if (selection[i] === '{') depth++;
      else if (selection[i] === '}' && --depth === 0) {
        end = i + 1;
        break;
      }
    }
  }
  return `${selection.slice(0, start.index)}${selection.slice(end)}`.replace(/ {2,}/g, ' ');
}

interface GeneratedOperation {
  name: string;
  fields: string[];
  request: (fields: readonly string[]) => Request;
}

/**
 * Operations over the part of the schema the lookups reach: from each root, every field of its
 * type without a required argument (leaves as they are, objects with their leaves, connections
 * with a page of 3, their count and page info), then each object field on its own with every leaf
 * of the type it leads to.
 */
function generatedOperations(): GeneratedOperation[] {
  const schema = compiled.schema;
  const selectionOf = (typeName: string, depth: number): string[] => {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) return [];
    return Object.values(type.getFields()).flatMap((field) => {
      if (field.args.some((arg) => isNonNullType(arg.type))) return [];
      const named = getNamedType(field.type);
      if (isScalarType(named) || isEnumType(named)) return [field.name];
      if (!isObjectType(named) || depth === 0) return [];
      if ('pageInfo' in named.getFields()) {
        const nodes = selectionOf(getNamedType(named.getFields().nodes!.type).name, depth - 1);
        return [
          `${field.name}(first: 3) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } nodes { __typename ${nodes.join(' ')} } }`,
        ];
      }
      return [`${field.name} { __typename ${selectionOf(named.name, depth - 1).join(' ')} }`];
    });
  };
  const roots = [
    { typeName: 'District', root: 'district(code: $code)', variables: () => ({ code: demoDistrictCode }) },
    {
      typeName: 'Subdistrict',
      root: 'subdistrict(code: $code)',
      variables: () => ({ code: subdistrictCode }),
    },
    { typeName: 'Community', root: 'community(code: $code)', variables: () => ({ code: communityCode }) },
    { typeName: 'SocialOrganization', root: 'node(id: $id)', variables: () => ({ id: organizationId }) },
    { typeName: 'SocialWorker', root: 'node(id: $id)', variables: () => ({ id: workerId }) },
    { typeName: 'SocialWorkerPost', root: 'node(id: $id)', variables: () => ({ id: postId }) },
    { typeName: 'Volunteer', root: 'node(id: $id)', variables: () => ({ id: volunteerId }) },
    { typeName: 'VolunteerTeam', root: 'node(id: $id)', variables: () => ({ id: volunteerTeamId }) },
    {
      typeName: 'VolunteerService',
      root: 'node(id: $id)',
      variables: () => ({ id: correctedServiceId }),
    },
  ];
  const operations: GeneratedOperation[] = [];
  // Every root list declared compilable, a page of 3 of every field their nodes have.
  const lists = Object.values(schema.getQueryType()!.getFields())
    .filter((field) => readCompiledRoot(field.extensions)?.kind === 'list')
    .map((field) => {
      const connection = getNamedType(field.type) as GraphQLObjectType;
      return [field.name, getNamedType(connection.getFields().nodes!.type).name] as const;
    });
  expect(lists.map(([list]) => list).sort()).toEqual([
    'communities',
    'consultationMeetings',
    'departments',
    'gridEvents',
    'grids',
    'needs',
    'serviceProjects',
    'socialOrganizations',
    'socialWorkers',
    'subdistricts',
    'summonses',
    'volunteers',
  ]);
  for (const [list, typeName] of lists) {
    operations.push({
      name: `${list}: every field`,
      fields: selectionOf(typeName, 1),
      request: (fields) => ({
        query: `{ ${list}(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } nodes { __typename ${fields.join(' ')} } } }`,
      }),
    });
  }
  for (const { typeName, root, variables } of roots) {
    const byId = root.startsWith('node');
    const request = (fields: readonly string[]): Request => {
      const body = byId ? `... on ${typeName} { ${fields.join(' ')} }` : fields.join(' ');
      return {
        query: `query(${byId ? '$id: ID!' : '$code: String!'}) { ${root} { ${body} } }`,
        variables: variables(),
      };
    };
    const fields = selectionOf(typeName, 1);
    operations.push({ name: `${typeName}: every field`, fields, request });
    for (const field of selectionOf(typeName, 2).filter((f) => f.includes('{'))) {
      operations.push({
        name: `${typeName}: ${field.split(/[ ({]/)[0]}`,
        fields: ['__typename', field],
        request,
      });
    }
  }
  return operations;
}

describe('compiled reads verified against the resolvers while serving', () => {
  it('answers with the resolvers when a compiled statement answers otherwise, and reports it', async () => {
    const database = await createDemoTestDistrictDatabase({
      plan: {
        districtCode: demoDistrictCode,
        name: '虎丘区',
        seed: 1,
        scale: { subdistricts: 1, communitiesPerSubdistrict: 2 },
      },
    });
    // A database whose compiled statements' answers are falsified: every name reads 假.
    const falsified = Object.create(database, {
      queryRows: {
        value: async (text: string, params: readonly unknown[], options?: { prepared?: boolean }) =>
          (await database.queryRows(text, params, options)).map((row) => ({
            ...row,
            data: JSON.parse(JSON.stringify(row.data).replace(/"name":"[^"]*"/g, '"name":"假"')),
          })),
      },
    }) as typeof database;
    const source = createLocalDistrictSource(falsified);
    const trusting = createGateway({
      districts: [source],
      auth: testAuth,
      logging: false,
      compiledReads: true,
    });
    const verifying = createGateway({
      districts: [source],
      auth: testAuth,
      logging: false,
      compiledReads: 'verify',
    });
    const heard: CompiledReadMismatch[] = [];
    const listener = (message: unknown) => heard.push(message as CompiledReadMismatch);
    subscribe(compiledReadMismatchChannel, listener);
    try {
      const read = { query: `query Names { communities(first: 2) { nodes { code name } } }` };
      // Compiled and trusted, the falsified answer goes out: the falsification is real.
      expect((await ask(trusting, cityAdmin, read)).text).toContain('"name":"假"');
      const answer = await ask(verifying, cityAdmin, read);
      expect(answer.text).not.toContain('假');
      expect(heard).toHaveLength(1);
      expect(heard[0]).toMatchObject({ operationName: 'Names', variables: {} });
      expect(heard[0]!.compiled).toContain('假');
      expect(heard[0]!.general).toBe(answer.text);
      expect((await paths(verifying))['mismatch: ']).toBe(1);
      // An answer both give alike goes out, and nothing is reported.
      const codes = { query: `{ communities(first: 2) { nodes { code } } }` };
      expect((await ask(verifying, cityAdmin, codes)).text).toBe(
        (await ask(trusting, cityAdmin, codes)).text,
      );
      expect(heard).toHaveLength(1);
    } finally {
      unsubscribe(compiledReadMismatchChannel, listener);
      // The test run's own check (scripts/compiled-read-checks-setup.ts) heard the falsified read
      // too: it was meant.
      const key = Symbol.for('sanshe.test.compiledReadMismatches');
      (globalThis as { [key]?: unknown[] })[key]?.splice(0);
      // The two gateways share the district source: closing one closes it.
      await verifying.close();
    }
  });
});
