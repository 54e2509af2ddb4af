/**
 * Issue 5, personal data through the gateway (docs/domain.md §9): identifiers are masked in every
 * response; unmasking is a mutation for an allowed role with a purpose, and lands in the access
 * log that administrators query and nobody can change through the API; and no PUBLIC-reachable
 * response of the demo city holds anything that looks like an ID number or a phone number.
 */
import { computeResidentIdCheck, findPersonalData, personalDataClassification } from '@sanshe/core';
import {
  buildSchema,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalId, printGatewaySchema } from '../src/index.js';
import { type GraphQLResponse, openTestGateway, type TestGateway } from './support/demo-gateway.js';

type AccessLogPage = {
  personalDataAccessLog: {
    nodes: { id: string; occurredAt: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
};

import { type ArgumentFiller, argumentsText, selectionOf } from './support/query-builder.js';

let t: TestGateway;
let schema: GraphQLSchema;
let canaryWorkerId: string;
const canaryId17 = '32050519870607003';
const canary = { residentId: canaryId17 + computeResidentIdCheck(canaryId17), phone: '13900009999' };

const reveal = `mutation($input: RevealSocialWorkerIdentifiersInput!) {
  revealSocialWorkerIdentifiers(input: $input) {
    __typename
    ... on RevealSocialWorkerIdentifiersSuccess { data { workerId residentId mobilePhone sensitiveCategories } }
    ... on Error { code message }
  }
}`;

beforeAll(async () => {
  // The crawl below selects every field three levels deep: limits are raised so that it reaches
  // everything (the limits themselves are tested in limits.test.ts).
  t = await openTestGateway({ limits: { maxTokens: 100_000, maxAliases: 100, maxRows: 1_000_000 } });
  schema = buildSchema(printGatewaySchema());
  const registered = await t.gql(
    `mutation($input: RegisterSocialWorkerInput!) {
      registerSocialWorker(input: $input) {
        ... on RegisterSocialWorkerSuccess { data { id residentIdMasked mobilePhoneMasked } }
        ... on Error { code message }
      }
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
  expect(registered.errors).toBeUndefined();
  const worker = registered.data.registerSocialWorker.data;
  expect(worker).toMatchObject({
    residentIdMasked: `3205**********${canary.residentId.slice(-4)}`,
    mobilePhoneMasked: '139****9999',
  });
  canaryWorkerId = worker.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('unmasking through the gateway', () => {
  it('aliases count one by one against the reveal limits (issue 15, item 2)', async () => {
    const listed = await t.gql(
      `{ socialWorkers(first: 1, filter: { districtCode: "320506" }) { nodes { id } } }`,
    );
    const workerId = listed.data.socialWorkers.nodes[0].id;
    const aliases = Array.from(
      { length: 15 },
      (_, i) => `r${i}: revealSocialWorkerIdentifiers(input: $input) { __typename ... on Error { code } }`,
    ).join('\n');
    const input = {
      workerId,
      fields: ['RESIDENTID', 'MOBILEPHONE'],
      purpose: 'CERTIFICATION_REVIEW',
      purposeNote: '年审',
    };
    const { data } = await t.gql(`mutation($input: RevealSocialWorkerIdentifiersInput!) { ${aliases} }`, {
      input,
    });
    const outcomes = Object.values(data as Record<string, { __typename: string; code?: string }>);
    // Ten identifiers of one person a day: five reveals of both fields, then refusals.
    expect(outcomes.filter((o) => o.__typename === 'RevealSocialWorkerIdentifiersSuccess')).toHaveLength(5);
    expect(outcomes.filter((o) => o.code === 'REVEAL_LIMIT_EXCEEDED')).toHaveLength(10);
  });

  it('an evaluator is refused with ForbiddenError, PUBLIC (who sees no worker) with NotFoundError; nothing is logged', async () => {
    const before = await t.snapshot();
    const input = { workerId: canaryWorkerId, fields: ['RESIDENTID'], purpose: 'SERVICE_DELIVERY' };
    const evaluator = await t.gql(reveal, { input }, { sub: 'e', role: 'EVALUATOR', district: '320505' });
    expect(evaluator.data.revealSocialWorkerIdentifiers).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    const anonymous = await t.gql(reveal, { input }, 'public');
    expect(anonymous.data.revealSocialWorkerIdentifiers).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(await t.snapshot()).toEqual(before);
  });

  it('a district admin unmasks with a purpose; the read is in the access log, by field', async () => {
    const admin = { sub: 'admin-320505', role: 'DISTRICT_ADMIN', district: '320505' } as const;
    const { data } = await t.gql(
      reveal,
      {
        input: {
          workerId: canaryWorkerId,
          fields: ['RESIDENTID', 'MOBILEPHONE'],
          purpose: 'IDENTITY_VERIFICATION',
          purposeNote: '入职核验',
        },
      },
      admin,
    );
    expect(data.revealSocialWorkerIdentifiers.data).toEqual({
      workerId: canaryWorkerId,
      residentId: canary.residentId,
      mobilePhone: canary.phone,
      sensitiveCategories: [],
    });
    const log = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on SocialWorker { personalDataAccessLog { actorId actorRole field purpose purposeNote } } } }`,
      { id: canaryWorkerId },
      admin,
    );
    expect(log.data.node.personalDataAccessLog).toEqual(
      expect.arrayContaining([
        {
          actorId: 'admin-320505',
          actorRole: 'DISTRICT_ADMIN',
          field: 'residentId',
          purpose: 'IDENTITY_VERIFICATION',
          purposeNote: '入职核验',
        },
        {
          actorId: 'admin-320505',
          actorRole: 'DISTRICT_ADMIN',
          field: 'mobilePhone',
          purpose: 'IDENTITY_VERIFICATION',
          purposeNote: '入职核验',
        },
      ]),
    );
    const byDistrict = await t.gql(
      `{ personalDataAccessLog(districtCode: "320505", actorId: "admin-320505") { nodes { field entityType } } }`,
      undefined,
      admin,
    );
    expect(byDistrict.data.personalDataAccessLog.nodes).toHaveLength(2);
  });

  it('the access log is read whole, page by page, each entry once, newest first (issue 15, item 10)', async () => {
    // 130 entries, more than a page, by several administrators, each within the reveal limits.
    const admin = { sub: 'admin-320505', role: 'DISTRICT_ADMIN', district: '320505' } as const;
    const listed = await t.gql(
      `{ socialWorkers(first: 30, filter: { districtCode: "320505" }) { nodes { id } } }`,
    );
    const workersForPaging: string[] = listed.data.socialWorkers.nodes.map((node: { id: string }) => node.id);
    const entries = 130;
    for (let i = 0; i < entries; i++) {
      const reader = { sub: `auditor-${Math.floor(i / 25)}`, role: 'CITY_ADMIN' } as const;
      const worker = workersForPaging[i % workersForPaging.length]!;
      const response = await t.gql(
        `mutation($input: RevealSocialWorkerIdentifiersInput!) {
          revealSocialWorkerIdentifiers(input: $input) { __typename ... on Error { code message } }
        }`,
        {
          input: {
            workerId: worker,
            fields: ['RESIDENTID'],
            purpose: 'CERTIFICATION_REVIEW',
            purposeNote: '年审',
          },
        },
        reader,
      );
      expect(response.data.revealSocialWorkerIdentifiers.__typename, JSON.stringify(response)).toBe(
        'RevealSocialWorkerIdentifiersSuccess',
      );
    }
    const seen: { id: string; occurredAt: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: GraphQLResponse<AccessLogPage> = await t.gql<AccessLogPage>(
        `query($after: String) {
            personalDataAccessLog(districtCode: "320505", first: 100, after: $after) {
              nodes { id occurredAt } pageInfo { hasNextPage endCursor }
            }
          }`,
        { after },
        admin,
      );
      const connection: AccessLogPage['personalDataAccessLog'] = page.data!.personalDataAccessLog;
      seen.push(...connection.nodes);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBeGreaterThan(1);
    expect(seen.length).toBeGreaterThanOrEqual(entries);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(seen.length);
    const localIds = seen.map((entry) => Number(decodeGlobalId(entry.id).localId));
    expect(localIds).toEqual([...localIds].sort((a, b) => b - a));
    // More than a page at once is refused like every list; a forged cursor is typed.
    const tooMany = await t.gql(
      `{ personalDataAccessLog(districtCode: "320505", first: 500) { nodes { id } } }`,
      undefined,
      admin,
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_EXCEEDED');
    const forged = await t.gql(
      `{ personalDataAccessLog(districtCode: "320505", after: "x'1") { nodes { id } } }`,
      undefined,
      admin,
    );
    expect(forged.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it('the access log is null with FORBIDDEN for staff, and for the admin of another district', async () => {
    for (const as of [
      {
        sub: 's',
        role: 'COMMUNITY_STAFF',
        district: '320505',
        subdistrict: '320505001',
        community: '320505001001',
      },
      { sub: 'x', role: 'DISTRICT_ADMIN', district: '320506' },
    ] as const) {
      const { data, errors } = await t.gql(
        `{ personalDataAccessLog(districtCode: "320505") { nodes { field } } }`,
        undefined,
        as,
      );
      expect(data.personalDataAccessLog).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('every identifier core classifies is exposed masked only: no field of any type carries it in clear', () => {
    const typeNames: Record<string, string> = {
      social_worker: 'SocialWorker',
      volunteer: 'Volunteer',
      grid_team_member: 'GridTeamMember',
      grid_event: 'GridEvent',
    };
    const revealing = new Set(['RevealedSocialWorkerIdentifiers', 'RevealedVolunteerIdentifiers']);
    for (const [entity, classification] of Object.entries(personalDataClassification)) {
      const type = schema.getType(typeNames[entity]!) as GraphQLObjectType;
      expect(type, entity).toBeDefined();
      for (const [field, kind] of Object.entries(classification.fields)) {
        if (kind !== 'identifier') continue;
        expect(Object.keys(type.getFields())).toContain(`${field}Masked`);
        // Nowhere in the schema but the answer of the logged unmasking mutation.
        for (const other of Object.values(schema.getTypeMap())) {
          if (!isObjectType(other) || revealing.has(other.name) || other.name.startsWith('__')) continue;
          expect(Object.keys(other.getFields()), `${other.name}.${field}`).not.toContain(field);
        }
      }
    }
  });

  it('no mutation of the API writes, edits or deletes the access log except by unmasking', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    // Words, not letters: "CatalogueItem" is no log.
    expect(mutations.filter((name) => /[aA]ccess|^log|Log(?=[A-Z]|$)/.test(name))).toEqual([]);
  });
});

describe('no personal data in PUBLIC responses (the whole PUBLIC-reachable surface of the demo city)', () => {
  it('finds no ID-number or phone pattern, nor the canary, in any response', async () => {
    // Codes and IDs to reach every root field and every record by node(id), read as the city admin.
    const admin = await t.gql(`{
      subdistricts(first: 3) { nodes { id code } }
      communities(first: 5) { nodes { id code } }
      grids(first: 3) { nodes { id code } }
      socialOrganizations(first: 20) { nodes { id hubs { id } disclosures { id } creditRecords { id } listEntries { id } posts(first: 5) { nodes { id } } } }
      socialWorkers(first: 20) { nodes { id certificates { id } posts { id } } }
    }`);
    expect(admin.errors).toBeUndefined();
    const ids = new Set<string>([canaryWorkerId]);
    JSON.stringify(admin.data, (key, value) => {
      if (key === 'id' && typeof value === 'string') ids.add(value);
      return value;
    });
    const divisionCodes = [
      '320505',
      ...admin.data.subdistricts.nodes.map((n: { code: string }) => n.code),
      ...admin.data.communities.nodes.map((n: { code: string }) => n.code),
    ];
    const gridCodes = admin.data.grids.nodes.map((n: { code: string }) => n.code);

    const queries: string[] = [];
    const fillFor =
      (code: string, id?: string): ArgumentFiller =>
      ({ name, type, path }) => {
        if (name === 'first') return 10;
        if (name === 'code' || name === 'unitCode') return code;
        if (name === 'districtCode' && path.length === 1) return '320505';
        if (name === 'id' && id) return id;
        if (name === 'name' && path[0] === 'query') return '社';
        const named = getNamedType(type);
        if (isNonNullType(type) && isEnumType(named)) return named.getValues()[0]!.name;
        return undefined;
      };
    const query = schema.getQueryType()!;
    for (const field of Object.values(query.getFields())) {
      if (field.name === 'node') continue;
      const byCode = field.args.some((a) => a.name === 'code' || a.name === 'unitCode');
      const targets = !byCode ? ['320505'] : field.name === 'grid' ? gridCodes : divisionCodes;
      for (const code of targets) {
        const fill = fillFor(code);
        const args = argumentsText(field.args, fill);
        if (args === null) continue;
        queries.push(`{ ${field.name}${args} ${selectionOf(schema, getNamedType(field.type), 3, fill)} }`);
      }
    }
    for (const id of ids) {
      const type = schema.getType(decodeGlobalId(id).typename)!;
      queries.push(
        `{ node(id: ${JSON.stringify(id)}) { id ... on ${type.name} ${selectionOf(schema, type, 3, fillFor('320505', id))} } }`,
      );
    }

    const findings: string[] = [];
    let answered = 0;
    let stringsScanned = 0;
    for (const text of queries) {
      const response = await t.gql(text, undefined, 'public');
      // PUBLIC may be refused a field (FORBIDDEN, null), and a generated argument may not fit
      // (indicators broken down from a community): typed answers. A document the schema or the
      // limits refuse, or an unexpected failure, would leave the crawl blind: not allowed.
      const blind = [
        'GRAPHQL_VALIDATION_FAILED',
        'GRAPHQL_PARSE_FAILED',
        'INTERNAL_SERVER_ERROR',
        'TOO_MANY_TOKENS',
        'QUERY_TOO_DEEP',
        'QUERY_TOO_COSTLY',
      ];
      const unexpected = (response.errors ?? []).filter(
        (e) => blind.includes(String(e.extensions?.code)) || !e.extensions?.code,
      );
      expect(unexpected, text.slice(0, 200)).toEqual([]);
      if (response.data) answered += 1;
      const body = JSON.stringify(response);
      if (body.includes(canary.residentId) || body.includes(canary.phone))
        findings.push(`canary in ${text.slice(0, 80)}`);
      JSON.stringify(response.data, (key, value) => {
        // A USCC is an organization's public registration code, published by design.
        if (typeof value === 'string' && key !== 'uscc') {
          stringsScanned += 1;
          for (const finding of findPersonalData(value)) findings.push(`${key}: ${finding.masked}`);
        }
        return value;
      });
    }
    console.log(
      `PUBLIC scan: ${queries.length} queries, ${answered} answered, ${stringsScanned} strings scanned, ${findings.length} findings`,
    );
    expect(findings).toEqual([]);
    expect(queries.length).toBeGreaterThan(60);
    expect(stringsScanned).toBeGreaterThan(1000);
  }, 300_000);
});
