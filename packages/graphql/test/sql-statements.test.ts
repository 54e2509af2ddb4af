import { planDemoDistrict, seedDemoDistrict } from '@sanshe/core/demo';
import { createSqlRecorder, createTestDistrictDatabase } from '@sanshe/core/testing';
import { describe, expect, it } from 'vitest';
import { createGateway, createLocalDistrictSource, type TokenClaims } from '../src/index.js';
import { testAuth, testToken } from './support/demo-gateway.js';

/**
 * docs/architecture.md §7: a nested read costs a bounded number of SQL statements per district that
 * depends on the query's shape, never on the number of rows.
 */
const nestedQuery = `{
  communities(first: 20) {
    edges { node {
      name
      grids(first: 5) { totalCount edges { node { code } } }
      subdistrict { name }
      socialOrganizations(first: 5) {
        totalCount
        nodes {
          name
          uscc
          currentGrade { gradeName }
          posts(first: 3, current: true) { nodes { title worker { name residentIdMasked certifiedOn } } }
        }
      }
    } }
  }
}`;

const districtAdmin: TokenClaims = { sub: 'da', role: 'DISTRICT_ADMIN', district: '320505' };

async function statementsFor(
  scale: { subdistricts: number; communitiesPerSubdistrict: number },
  caller: TokenClaims = districtAdmin,
) {
  const recorder = createSqlRecorder();
  const database = await createTestDistrictDatabase({ districtCode: '320505', logger: recorder });
  await seedDemoDistrict(
    database,
    planDemoDistrict({ districtCode: '320505', name: '虎丘区', seed: 1, scale }),
  );
  const gateway = createGateway({
    districts: [createLocalDistrictSource(database)],
    logging: false,
    auth: testAuth,
  });
  try {
    const communities = await database.db.$count((await import('@sanshe/core')).communities);
    recorder.clear();
    const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await testToken(caller)}` },
      body: JSON.stringify({ query: nestedQuery }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
    const body = (await response.json()) as { data: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.communities.edges).toHaveLength(20);
    return { statements: recorder.statements.map((s) => s.sql), communities, body };
  } finally {
    await gateway.close();
  }
}

describe('SQL statements of a nested query (docs/architecture.md §7)', () => {
  it('are the same on 20 and on 2,000 communities', async () => {
    const small = await statementsFor({ subdistricts: 1, communitiesPerSubdistrict: 20 });
    const large = await statementsFor({ subdistricts: 10, communitiesPerSubdistrict: 200 });
    expect(small.communities).toBe(20);
    // The page really reaches three levels down: organizations, their posts, their workers.
    const organizations = small.body.data.communities.edges.flatMap(
      // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
      (edge: any) => edge.node.socialOrganizations.nodes,
    );
    type OrganizationRead = { posts: { nodes: { worker: unknown }[] } };
    const workers = (organizations as OrganizationRead[]).flatMap((organization) =>
      organization.posts.nodes.map((post) => post.worker),
    );
    expect(organizations.length).toBeGreaterThan(20);
    expect(workers.length).toBeGreaterThan(0);
    expect(JSON.stringify(small.body)).not.toMatch(/\b\d{17}[\dX]\b/);
    expect(large.communities).toBe(2000);
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements).toEqual(small.statements);
    // One statement folds the page with its grids (and their count) and subdistricts.
    expect(small.statements).toHaveLength(1);
    // The PGlite driver reads a bigint column as text (`"id"::text`) to keep its precision; the
    // pg driver gets text for bigint anyway. Same statement otherwise, so one snapshot for both.
    expect(
      small.statements.map((text) => text.replace(/("\w+"\."(?:id|\w+_id)")::text/g, '$1')),
    ).toMatchSnapshot();
    // Sealed identifiers and their hashes stay in the database on reads (only unmasking opens them).
    expect(small.statements.join('\n')).toContain('resident_id_masked');
    expect(small.statements.join('\n')).not.toMatch(/_encrypted|_hash/);
    console.log(`nested query: ${small.statements.length} SQL statement(s) at 20 and at 2,000 communities`);
  });

  it('stay one statement for a caller whose jurisdiction narrows every level', async () => {
    // The visibility rules are SQL conditions inside the same statement, not extra queries.
    const staff: TokenClaims = { sub: 'jd', role: 'SUBDISTRICT_STAFF', subdistrict: '320505001' };
    const small = await statementsFor({ subdistricts: 1, communitiesPerSubdistrict: 20 }, staff);
    const large = await statementsFor({ subdistricts: 10, communitiesPerSubdistrict: 200 }, staff);
    expect(small.statements).toHaveLength(1);
    expect(large.statements).toEqual(small.statements);
    // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
    const organizationsOf = (body: any) =>
      // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
      body.data.communities.edges.flatMap((edge: any) => edge.node.socialOrganizations.nodes);
    expect(organizationsOf(small.body).length).toBeGreaterThan(20);
    // In the large district the first page of communities lies in the staff's subdistrict too.
    expect(organizationsOf(large.body).length).toBeGreaterThan(0);
  });
});

/** The service chain (docs/domain.md §6): a project, its purchase and contract, the undertaker and its workers. */
const chainQuery = `{
  serviceProjects(first: 20) {
    nodes {
      name
      budgetFen
      needs { title community { name } }
      purchases {
        stage
        bids { priceFen status }
        contract {
          contractNumber
          amountFen
          tranches { amountFen releasedOn }
          organization {
            name
            posts(first: 3, current: true) { nodes { title worker { name certifiedOn } } }
          }
        }
      }
    }
  }
}`;

describe('SQL statements of a nested read of the service chain', () => {
  it('project → purchase → contract → organization → workers is one statement whatever the volume', async () => {
    const counts: number[] = [];
    for (const scale of [
      { subdistricts: 1, communitiesPerSubdistrict: 6 },
      { subdistricts: 4, communitiesPerSubdistrict: 20 },
    ]) {
      const recorder = createSqlRecorder();
      const database = await createTestDistrictDatabase({ districtCode: '320505', logger: recorder });
      await seedDemoDistrict(
        database,
        planDemoDistrict({ districtCode: '320505', name: '虎丘区', seed: 1, scale }),
      );
      const gateway = createGateway({
        districts: [createLocalDistrictSource(database)],
        logging: false,
        auth: testAuth,
      });
      try {
        recorder.clear();
        const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await testToken(districtAdmin)}`,
          },
          body: JSON.stringify({ query: chainQuery }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
        const body = (await response.json()) as { data: any; errors?: unknown };
        expect(body.errors).toBeUndefined();
        // The page really reaches the workers of the undertakers.
        // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
        const contracts = body.data.serviceProjects.nodes.flatMap((project: any) =>
          // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
          project.purchases.flatMap((purchase: any) => (purchase.contract ? [purchase.contract] : [])),
        );
        expect(contracts.length).toBeGreaterThan(0);
        // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
        expect(contracts.some((contract: any) => contract.organization.posts.nodes.length > 0)).toBe(true);
        counts.push(recorder.statements.length);
      } finally {
        await gateway.close();
      }
    }
    expect(counts).toEqual([1, 1]);
    console.log(`service chain nested read: ${counts[0]} SQL statement(s) at both volumes`);
  });
});
