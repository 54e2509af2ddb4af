/**
 * Issue 16: a list's audit trails are read in one statement for all its rows, not one per row,
 * and each row still gets its own trail.
 */
import type { SqlRecorder } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/index.js';
import { openDemoDistrictGateway } from './support/demo-district-gateway.js';
import { testToken } from './support/demo-gateway.js';

let gateway: Gateway;
let recorder: SqlRecorder;
let token: string;

beforeAll(async () => {
  ({ gateway, recorder } = await openDemoDistrictGateway({
    scale: { subdistricts: 2, communitiesPerSubdistrict: 10 },
  }));
  token = await testToken({ sub: 'da', role: 'DISTRICT_ADMIN', district: '320505' });
  // Audited writes on three organizations, two of them twice, so trails differ row by row.
  const { body } = await read('{ socialOrganizations(first: 3) { nodes { id name } } }');
  const organizations = body.data.socialOrganizations.nodes as { id: string; name: string }[];
  for (const [index, organization] of organizations.entries()) {
    for (let round = 0; round <= Math.min(index, 1); round++) {
      const renamed = await read(
        `mutation { changeOrganization(input: { id: "${organization.id}", name: "${organization.name}${round}" }) { __typename } }`,
      );
      expect(renamed.body.data.changeOrganization.__typename).toBe('ChangeOrganizationSuccess');
    }
  }
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

async function read(query: string) {
  recorder.clear();
  const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
  const body = (await response.json()) as { data: any; errors?: unknown };
  expect(body.errors).toBeUndefined();
  const auditReads = recorder.statements.filter(({ sql }) => /"audit_log"/.test(sql));
  return { body, auditReads, statements: recorder.statements.length };
}

const trailsOf = (list: string, first: number) =>
  `{ ${list}(first: ${first}) { nodes { id auditTrail { action entityType changes { field } } } } }`;

describe('audit trails of a list', () => {
  it('organizations: one statement reads every row’s trail', async () => {
    const few = await read(trailsOf('socialOrganizations', 2));
    const many = await read(trailsOf('socialOrganizations', 20));
    const nodes = many.body.data.socialOrganizations.nodes as { auditTrail: { entityType: string }[] }[];
    expect(nodes.length).toBeGreaterThan(2);
    expect(nodes.some((node) => node.auditTrail.length > 0)).toBe(true);
    expect(
      nodes.flatMap((node) => node.auditTrail).every((e) => e.entityType === 'social_organization'),
    ).toBe(true);
    expect(many.auditReads).toHaveLength(1);
    expect(many.statements).toBe(few.statements);
  });

  it('social workers: the same', async () => {
    const few = await read(trailsOf('socialWorkers', 2));
    const many = await read(trailsOf('socialWorkers', 20));
    expect(many.body.data.socialWorkers.nodes.length).toBeGreaterThan(2);
    expect(many.auditReads).toHaveLength(1);
    expect(many.statements).toBe(few.statements);
  });

  it('each row gets its own trail, the same as read one by one', async () => {
    const list = await read(trailsOf('socialOrganizations', 5));
    for (const node of list.body.data.socialOrganizations.nodes as { id: string; auditTrail: unknown[] }[]) {
      const one = await read(
        `{ node(id: "${node.id}") { ... on SocialOrganization { auditTrail { action entityType changes { field } } } } }`,
      );
      expect(one.body.data.node.auditTrail).toEqual(node.auditTrail);
    }
  });
});
