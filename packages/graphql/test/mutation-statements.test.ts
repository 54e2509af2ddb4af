/**
 * docs/architecture.md §7: what a mutation and a node lookup cost in SQL statements through the
 * gateway. A mutation's result is the row core's service returned: the gateway reads back only
 * what the selection needs and that row does not carry (a relation), never the row itself.
 */
import type { SqlRecorder } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway, TokenClaims } from '../src/index.js';
import { openDemoDistrictGateway } from './support/demo-district-gateway.js';
import { testToken } from './support/demo-gateway.js';

const districtAdmin: TokenClaims = { sub: 'da', role: 'DISTRICT_ADMIN', district: '320505' };
// Sees only its subdistrict: node(id) checks the record's visibility first.
const subdistrictStaff: TokenClaims = { sub: 'jd', role: 'SUBDISTRICT_STAFF', subdistrict: '320505001' };
let gateway: Gateway;
let recorder: SqlRecorder;

beforeAll(async () => {
  ({ gateway, recorder } = await openDemoDistrictGateway({
    scale: { subdistricts: 2, communitiesPerSubdistrict: 5 },
  }));
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

/**
 * The request's answer and every statement it sent to the district database, in order:
 * `statements` without BEGIN and COMMIT, `raw` as the driver logged them.
 */
async function send(query: string, variables: Record<string, unknown> = {}, caller = districtAdmin) {
  const token = await testToken(caller);
  recorder.clear();
  const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
  const body = (await response.json()) as { data: any; errors?: unknown };
  expect(body.errors).toBeUndefined();
  // The pg driver logs the transaction's BEGIN and COMMIT as statements, PGlite's does not: they
  // are left out so both count the same work.
  const raw = recorder.statements.map(({ sql }) => sql);
  const statements = raw.filter((sql) => !isTransactionControl(sql));
  return { data: body.data, statements, raw };
}

async function anOrganizationIn(subdistrictCode: string) {
  const { data } = await send(
    `query($code: String!) { socialOrganizations(first: 1, filter: { parentCode: $code }) { nodes { id name version } } }`,
    { code: subdistrictCode },
  );
  const [organization] = data.socialOrganizations.nodes as { id: string; name: string; version: number }[];
  if (!organization) throw new Error(`the demo district has no organization in ${subdistrictCode}`);
  return organization;
}

const rename = `mutation($input: ChangeOrganizationInput!) {
  changeOrganization(input: $input) {
    __typename
    ... on ChangeOrganizationSuccess { data { id name version status category registeredOn } }
  }
}`;

const isTransactionControl = (sql: string) => /^\s*(begin|commit|rollback)\b/i.test(sql);

const isReadOf = (table: string) => (sql: string) =>
  new RegExp(`^\\s*select\\b[\\s\\S]*\\bfrom "${table}"`, 'i').test(sql);

describe('a mutation through the gateway (docs/architecture.md §7)', () => {
  it('answers from the row the service returned: a rename costs the read and one compare-and-set, no transaction', async () => {
    const organization = await anOrganizationIn('320505001');
    const { data, statements, raw } = await send(rename, {
      input: { id: organization.id, name: `${organization.name}（更名）` },
    });
    expect(data.changeOrganization).toMatchObject({
      __typename: 'ChangeOrganizationSuccess',
      data: { id: organization.id, name: `${organization.name}（更名）`, version: organization.version + 1 },
    });
    // The service's two: the read of everything its rules check (unlocked), then one statement
    // that updates the row if its version has not moved and writes the history and audit
    // entries from the updated row. One statement needs no transaction: the pg driver logs a
    // transaction's BEGIN and COMMIT, and there are none.
    expect(raw.filter(isTransactionControl)).toEqual([]);
    expect(statements).toHaveLength(2);
    expect(statements[0]).not.toMatch(/\bfor update\b/i);
    const update = statements.findIndex((sql) =>
      /^\s*with "updated" as \(update "social_organizations"/i.test(sql),
    );
    expect(update).toBe(1);
    expect(statements[update]).toContain('insert into "organization_status_changes"');
    expect(statements[update]).toContain('insert into "audit_log"');
    // Nothing reads the organization again after it was written.
    expect(statements.slice(update + 1).filter(isReadOf('social_organizations'))).toEqual([]);
    // The answer is what the database now holds.
    const { data: after } = await send(
      `query($id: ID!) { node(id: $id) { ... on SocialOrganization { name version status category registeredOn } } }`,
      { id: organization.id },
    );
    const { id: _id, ...answered } = data.changeOrganization.data;
    expect(after.node).toEqual(answered);
  });

  it('reads only what the row lacks: a relation in the selection costs one statement more', async () => {
    const organization = await anOrganizationIn('320505001');
    const plain = await send(rename, { input: { id: organization.id, name: `${organization.name}甲` } });
    const withRelation = await send(
      `mutation($input: ChangeOrganizationInput!) {
        changeOrganization(input: $input) {
          ... on ChangeOrganizationSuccess { data { name version community { code name } } }
        }
      }`,
      { input: { id: organization.id, name: `${organization.name}乙` } },
    );
    expect(withRelation.data.changeOrganization.data).toMatchObject({
      name: `${organization.name}乙`,
      version: organization.version + 2,
    });
    expect(withRelation.statements).toHaveLength(plain.statements.length + 1);
    // The extra statement reads the row with its community, after the write.
    const last = withRelation.statements.at(-1)!;
    expect(isReadOf('social_organizations')(last)).toBe(true);
    expect(last).toContain('"communities"');
  });
});

describe('node(id) through the gateway', () => {
  const lookup = `query($id: ID!) { node(id: $id) { id ... on SocialOrganization { name community { code } } } }`;

  it('loads the node with its selection in one statement', async () => {
    const organization = await anOrganizationIn('320505001');
    const { data, statements } = await send(lookup, { id: organization.id });
    expect(data.node).toMatchObject({ id: organization.id, name: organization.name });
    expect(data.node.community.code).toMatch(/^320505001\d{3}$/);
    expect(statements).toHaveLength(1);
  });

  it('checks a narrow caller’s jurisdiction in the same statement, and answers null outside it', async () => {
    const inside = await anOrganizationIn('320505001');
    const outside = await anOrganizationIn('320505002');
    const seen = await send(lookup, { id: inside.id }, subdistrictStaff);
    expect(seen.data.node).toMatchObject({ id: inside.id, name: inside.name });
    // The compiled lookup holds core's visibility rule as an `exists` (visibleRecordSQL).
    expect(seen.statements).toHaveLength(1);
    const unseen = await send(lookup, { id: outside.id }, subdistrictStaff);
    expect(unseen.data.node).toBeNull();
    expect(unseen.statements).toHaveLength(1);
  });
});
