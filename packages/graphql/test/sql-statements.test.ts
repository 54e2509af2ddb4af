import {
  createHierarchyService,
  departments,
  eventRoutes,
  gridBoundaries,
  gridTeamMembers,
  inspectionItems,
  patrolRecords,
} from '@sanshe/core';
import { planDemoDistrict, seedDemoDistrict } from '@sanshe/core/demo';
import {
  createDemoTestDistrictDatabase,
  createSqlRecorder,
  createTestDistrictDatabase,
} from '@sanshe/core/testing';
import { describe, expect, it } from 'vitest';
import { at, insertEvent } from '../../core/test/grid-events/assessment-fixture.js';
import { createGridDistrict } from '../../core/test/grid-events/fixture.js';
import { createGateway, createLocalDistrictSource, type TokenClaims } from '../src/index.js';
import { testAuth, testToken } from './support/demo-gateway.js';

/**
 * docs/architecture.md §7: a nested read costs a bounded number of SQL statements per district that
 * depends on the query's shape, never on the number of rows. The gateways compile reads without
 * verifying them (which would run the resolvers too, and count their statements).
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

/** POST one operation to a gateway as `caller`; the parsed body. */
async function ask(
  gateway: ReturnType<typeof createGateway>,
  query: string,
  caller: TokenClaims = districtAdmin,
  // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
): Promise<{ data: any; errors?: unknown }> {
  const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await testToken(caller)}` },
    body: JSON.stringify({ query }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
  return (await response.json()) as { data: any; errors?: unknown };
}

async function statementsFor(
  scale: { subdistricts: number; communitiesPerSubdistrict: number },
  caller: TokenClaims = districtAdmin,
) {
  const recorder = createSqlRecorder();
  // Seeded once per test run and scale, and copied: the tests call this with the same scales.
  const database = await createDemoTestDistrictDatabase({
    plan: { districtCode: '320505', name: '虎丘区', seed: 1, scale },
    logger: recorder,
  });
  const gateway = createGateway({
    compiledReads: true,
    districts: [createLocalDistrictSource(database)],
    logging: false,
    auth: testAuth,
  });
  try {
    const communities = await database.db.$count((await import('@sanshe/core')).communities);
    recorder.clear();
    const body = await ask(gateway, nestedQuery, caller);
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
  }, 180_000); // seeds (or copies) a district of 2,000 communities

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
  }, 180_000); // seeds (or copies) a district of 2,000 communities
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
        compiledReads: true,
        districts: [createLocalDistrictSource(database)],
        logging: false,
        auth: testAuth,
      });
      try {
        recorder.clear();
        const body = await ask(gateway, chainQuery);
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

/** Grid events (docs/domain.md §7.7): a centre's queue with each event's grid, department and steps. */
const eventsQuery = `{
  gridEvents(first: 20) {
    nodes {
      title
      state
      overdue
      reportedByMe
      grid { code community { name } }
      department { code name }
      steps { step toState actorId at department { code } }
    }
  }
}`;

describe('SQL statements of a nested read of grid events', () => {
  it('event → grid → community, department, steps → department is one statement whatever the volume', async () => {
    const counts: number[] = [];
    const statements: string[][] = [];
    for (const volume of [6, 60]) {
      const recorder = createSqlRecorder();
      const d = await createGridDistrict({ logger: recorder });
      // Events along the loop, in every state, spread over the district's grids and departments.
      const states = ['collected', 'dispatched', 'handling', 'fed_back', 'closed'] as const;
      const grids = ['grid1', 'grid2', 'fengqiao'] as const;
      const departments = [d.departments.cg, d.departments.zj, d.departments.sw] as const;
      for (let i = 0; i < volume; i++) {
        const state = states[i % states.length]!;
        await insertEvent(d, {
          grid: grids[i % grids.length]!,
          state,
          reportedAt: at('2026-02-20', `0${8 + (i % 2)}:${String(i % 60).padStart(2, '0')}`),
          departmentId: state === 'collected' ? null : departments[i % departments.length]!,
          dispatchedAt: at('2026-02-20', '10:00'),
          closeDueOn: '2026-03-03',
        });
      }
      const gateway = createGateway({
        compiledReads: true,
        districts: [createLocalDistrictSource(d.database)],
        logging: false,
        auth: testAuth,
        overdueCheckMinutes: 0,
      });
      try {
        recorder.clear();
        const body = await ask(gateway, eventsQuery);
        expect(body.errors).toBeUndefined();
        const nodes = body.data.gridEvents.nodes;
        expect(nodes).toHaveLength(Math.min(volume, 20));
        // The page really reaches the departments of the steps.
        // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
        expect(nodes.some((node: any) => node.steps.some((step: any) => step.department?.code))).toBe(true);
        counts.push(recorder.statements.length);
        statements.push(recorder.statements.map((statement) => statement.sql));
      } finally {
        await gateway.close();
      }
    }
    expect(counts).toEqual([1, 1]);
    expect(statements[1]).toEqual(statements[0]);
    // The sealed reporter phone is never read.
    expect(statements[0]!.join('\n')).not.toMatch(/_encrypted|_hash/);
    console.log(`grid events nested read: ${counts[0]} SQL statement(s) at both volumes`);
  });
});

/**
 * Summonses and consultation (docs/domain.md §7.8, §8): each summons with its community, event and
 * departments' report-ins; each meeting with its participants, topics, outcomes and the tasks the
 * caller may see, their owners and events.
 */
const consultationQuery = `{
  summonses(first: 20) {
    nodes { reason state community { name } event { title } departments { department { code } reportedAt onTime } }
  }
  consultationMeetings(first: 20) {
    nodes {
      title
      attendance
      community { name }
      participants { kind headcount department { code } organization { name } }
      topics { title event { title } outcomes { state tasks { title overdue department { code } community { name } event { title } } } }
    }
  }
}`;

describe('SQL statements of a nested read of summonses and consultation meetings', () => {
  it('is one statement per root list whatever the volume, for a district and for a community’s staff', async () => {
    const { createConsultationService, createSummonsService } = await import('@sanshe/core');
    const callers: TokenClaims[] = [
      districtAdmin,
      { sub: 'sq', role: 'COMMUNITY_STAFF', district: '320505', community: '320505001001' },
    ];
    const statements: string[][][] = [];
    for (const volume of [2, 6]) {
      const recorder = createSqlRecorder();
      const d = await createGridDistrict({ logger: recorder });
      const summons = createSummonsService(d.database);
      const consultation = createConsultationService(d.database);
      for (let i = 0; i < volume; i++) {
        const community = i % 2 === 0 ? d.communities.shishan : d.communities.fengqiao;
        const grid = i % 2 === 0 ? 'grid1' : 'fengqiao';
        const eventId = await insertEvent(d, { grid, state: 'collected', reportedAt: at('2026-10-20') });
        const issued = await summons.issueSummons({
          communityId: community,
          eventId,
          reason: 'difficult',
          description: '疑难问题',
          departmentIds: [d.departments.cg, d.departments.zj],
        });
        await summons.reportIn({ summonsId: issued.id, departmentId: d.departments.cg });
        const meeting = await consultation.recordMeeting({
          communityId: community,
          title: `议事会${i}`,
          form: 'council',
          heldOn: '2026-11-02',
          place: '会议室',
          participants: [
            { kind: 'residents_representative', headcount: 9 },
            { kind: 'department', headcount: 1, departmentId: d.departments.zj },
          ],
          topics: [
            {
              title: '议题',
              source: 'event',
              eventId,
              outcomes: [{ text: '议定事项', votesFor: 8, votesAgainst: 2 }],
            },
          ],
        });
        const outcomeId = meeting.topics[0]!.outcomes[0]!.id;
        for (const owner of [{ departmentId: d.departments.zj }, { communityId: community }]) {
          await consultation.addOutcomeTask({
            outcomeId,
            title: '落实',
            owner,
            dueOn: '2026-11-13',
            eventId,
          });
        }
      }
      const gateway = createGateway({
        compiledReads: true,
        districts: [createLocalDistrictSource(d.database)],
        logging: false,
        auth: testAuth,
        overdueCheckMinutes: 0,
      });
      try {
        const byCaller: string[][] = [];
        for (const caller of callers) {
          recorder.clear();
          const body = await ask(gateway, consultationQuery, caller);
          expect(body.errors).toBeUndefined();
          // The district sees every row; the community's staff only its own community's.
          const expected = caller === districtAdmin ? volume : volume / 2;
          expect(body.data.summonses.nodes).toHaveLength(expected);
          expect(body.data.consultationMeetings.nodes).toHaveLength(volume);
          // The page really reaches the tasks' owners and the departments' report-ins.
          const tasks = body.data.consultationMeetings.nodes.flatMap(
            // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
            (meeting: any) => meeting.topics[0].outcomes[0].tasks,
          );
          expect(tasks).toHaveLength(expected * 2);
          expect(body.data.summonses.nodes[0].departments[0]).toMatchObject({
            department: { code: 'CG' },
            onTime: true,
          });
          byCaller.push(recorder.statements.map((statement) => statement.sql));
        }
        statements.push(byCaller);
      } finally {
        await gateway.close();
      }
    }
    for (const [caller, small] of statements[0]!.entries()) {
      expect(small).toHaveLength(2);
      expect(statements[1]![caller]).toEqual(small);
    }
    console.log('summonses and consultation nested read: 1 SQL statement per root list at both volumes');
  });
});

/**
 * Grid plans (docs/domain.md §7.1–§7.4): grids with their boundary in force, their history and
 * their team (members by core's read rule, an informant's volunteer); departments with their
 * routing rules and inspection items, each naming its department.
 */
const gridPlanQueries = {
  grids: `{
    grids(first: 20) {
      nodes {
        code
        boundary { effectiveFrom geometry minLongitude }
        boundaries { effectiveFrom }
        team { role memberName volunteer { name } }
        patrols(first: 5) { totalCount nodes { result item { code } } }
      }
    }
  }`,
  departments: `{
    departments(first: 20) {
      nodes {
        code
        routes { categoryCode areaLevel department { code } }
        inspectionItems(asOf: "2026-03-02") { code categoryName department { code } }
      }
    }
  }`,
};

describe('SQL statements of a nested read of grid plans', () => {
  it('grid → boundary, boundaries, team → volunteer, patrols → item, and department → routes, items: the same statements whatever the volume', async () => {
    const counts: Record<string, number[]> = { grids: [], departments: [] };
    for (const extra of [1, 12]) {
      const recorder = createSqlRecorder();
      const d = await createGridDistrict({ logger: recorder });
      const db = d.database.db;
      const hierarchy = createHierarchyService(d.database, { today: () => '2026-03-02' });
      // More grids of 枫桥社区, each with two boundaries and a team; more departments, each with a
      // route and two items.
      for (let i = 0; i < extra; i++) {
        const grid = await hierarchy.createGrid({
          code: `320505002001${String(100 + i)}`,
          name: `扩展网格${i}`,
          effectiveFrom: '2010-01-01',
        });
        const west = 120.6 + i * 0.01;
        const ring = [
          [west, 31.3],
          [west + 0.01, 31.3],
          [west + 0.01, 31.31],
          [west, 31.3],
        ];
        await db.insert(gridBoundaries).values(
          ['2020-01-01', '2025-01-01'].map((effectiveFrom) => ({
            districtCode: '320505',
            gridId: grid.id,
            effectiveFrom,
            geometry: { type: 'Polygon', coordinates: [ring] },
            minLongitude: west,
            minLatitude: 31.3,
            maxLongitude: west + 0.01,
            maxLatitude: 31.31,
            source: '扩展',
            recordedBy: 'qmzj-admin-01',
          })),
        );
        await db.insert(gridTeamMembers).values(
          ['head', 'worker', 'worker'].map((role, index) => ({
            districtCode: '320505',
            gridId: grid.id,
            role,
            memberName: `成员${i}-${index}`,
            accountId: `wg-x${i}-${index}`,
            joinedOn: '2024-01-01',
          })),
        );
        const [department] = await db
          .insert(departments)
          .values({
            districtCode: '320505',
            code: `X${i}`,
            name: `扩展部门${i}`,
            kind: 'functional',
            unitCode: '320505',
            establishedOn: '2010-01-01',
          })
          .returning({ id: departments.id });
        await db.insert(eventRoutes).values({
          districtCode: '320505',
          categoryCode: 'C02',
          areaCode: grid.code,
          departmentId: department!.id,
          effectiveFrom: '2020-01-01',
        });
        const items = await db
          .insert(inspectionItems)
          .values(
            ['a', 'b'].map((suffix) => ({
              districtCode: '320505',
              departmentId: department!.id,
              code: `X${i}.${suffix}`,
              title: `扩展巡查${i}${suffix}`,
              frequency: 'weekly',
              categoryCode: 'C0201',
              effectiveFrom: '2020-01-01',
            })),
          )
          .returning({ id: inspectionItems.id });
        // Two patrols of the grid, by its worker.
        await db.insert(patrolRecords).values(
          items.map((item, index) => ({
            districtCode: '320505',
            gridId: grid.id,
            itemId: item.id,
            patrolledAt: `2026-03-0${index + 1}T09:00:00+08:00`,
            patrolledBy: `wg-x${i}-1`,
            result: index === 0 ? 'normal' : 'problem',
          })),
        );
      }
      const gateway = createGateway({
        compiledReads: true,
        districts: [createLocalDistrictSource(d.database)],
        logging: false,
        auth: testAuth,
        overdueCheckMinutes: 0,
      });
      try {
        for (const [name, query] of Object.entries(gridPlanQueries)) {
          recorder.clear();
          const body = await ask(gateway, query);
          expect(body.errors).toBeUndefined();
          const nodes = body.data[name].nodes;
          expect(nodes).toHaveLength(name === 'grids' ? 3 + extra : 4 + extra);
          if (name === 'grids') {
            // The page really reaches the teams and the informant's volunteer.
            // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
            const members = nodes.flatMap((node: any) => node.team);
            expect(members.length).toBe(4 + 3 * extra);
            // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
            expect(members.some((member: any) => member.volunteer?.name)).toBe(true);
            // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
            expect(nodes.every((node: any) => node.boundary !== null)).toBe(true);
            // … and every added grid's patrols.
            // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
            const patrols = nodes.flatMap((node: any) => node.patrols.nodes);
            expect(patrols.length).toBeGreaterThanOrEqual(2 * extra);
          }
          counts[name]!.push(recorder.statements.length);
        }
      } finally {
        await gateway.close();
      }
    }
    // One statement each on the compiled path. (On the general path `boundary`, the one in force,
    // and `boundaries`, the history, read the same relation with other arguments: the history
    // comes in one more statement, for the whole page at once.)
    expect(counts).toEqual({ grids: [1, 1], departments: [1, 1] });
    console.log('grid plans nested read: 1 SQL statement for grids, 1 for departments, at both volumes');
  });
});

describe('SQL statements of a nested read of volunteers', () => {
  it('volunteer → community, services → corrections, team, community; teams → team → members; engagements; record items: the same statements whatever the volume, on either path', async () => {
    const volunteerQuery = `{ volunteers(first: 100) { nodes {
      name homeCommunity { code }
      services(all: true) { minutes inForce community { code } certifierTeam { name }
        corrects { minutes } correctedBy { minutes } volunteer { name } }
      teams { role team { name community { code } organization { name } members { volunteer { name } } } }
      engagements { role gridCode volunteer { name } }
      recordItems { kind volunteer { name } } } } }`;
    const counts: Record<string, number[]> = { compiled: [], general: [] };
    let answers: Record<string, unknown> = {};
    // One community's volunteering in full, then two: about twice the volunteers and their records.
    for (const volunteerCommunities of [1, 2]) {
      const recorder = createSqlRecorder();
      const database = await createDemoTestDistrictDatabase({
        plan: {
          districtCode: '320505',
          name: '虎丘区',
          seed: 1,
          scale: { subdistricts: 2, communitiesPerSubdistrict: 4, volunteerCommunities },
        },
        logger: recorder,
      });
      const source = createLocalDistrictSource(database);
      const compiled = createGateway({
        compiledReads: true,
        districts: [source],
        logging: false,
        auth: testAuth,
      });
      const general = createGateway({
        districts: [source],
        logging: false,
        auth: testAuth,
        compiledReads: false,
      });
      try {
        answers = {};
        for (const [path, gateway] of Object.entries({ compiled, general })) {
          recorder.clear();
          const body = await ask(gateway, volunteerQuery);
          expect(body.errors).toBeUndefined();
          // The page reaches the links: services, a team's members, an engagement (a correction
          // may fall on another page: compiled-reads.test.ts reads one).
          // biome-ignore lint/suspicious/noExplicitAny: a loosely read response
          const nodes: any[] = body.data.volunteers.nodes;
          expect(nodes).toHaveLength(100);
          const services = nodes.flatMap((node) => node.services);
          expect(services.length).toBeGreaterThan(50);
          expect(nodes.some((node) => node.teams.some((team: { team: unknown }) => team.team))).toBe(true);
          expect(nodes.some((node) => node.engagements.length > 0)).toBe(true);
          counts[path]!.push(recorder.statements.length);
          answers[path] = body.data;
        }
        expect(answers.compiled).toEqual(answers.general);
      } finally {
        // The two gateways share the district source: closing one closes it.
        await general.close();
      }
    }
    expect(counts).toEqual({ compiled: [1, 1], general: [1, 1] });
    console.log('volunteers nested read: 1 SQL statement on either path, at both volumes');
  });
});
