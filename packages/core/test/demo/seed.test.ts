import { getColumns, getTableName, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import {
  type DemoDistrictPlan,
  demoDistricts,
  isDistrictSeeded,
  planDemoDistrict,
  seedDemoDistrict,
} from '../../src/demo/index.js';
import * as tables from '../../src/schema/tables.js';
import { createSocialWorkerService } from '../../src/social-workers/index.js';
import { createTestDistrictDatabase, snapshotDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { computeResidentIdCheck } from '../../src/validators/index.js';

const district = demoDistricts[0];

// The service chain's tables (docs/domain.md §6), by the plan's property for each.
const chainTables = {
  needs: 'needs',
  service_projects: 'serviceProjects',
  project_needs: 'projectNeeds',
  project_communities: 'projectCommunities',
  project_budget_lines: 'projectBudgetLines',
  project_indicators: 'projectIndicators',
  purchases: 'purchases',
  purchase_bids: 'purchaseBids',
  service_contracts: 'serviceContracts',
  contract_tranches: 'contractTranches',
  funding_sources: 'fundingSources',
  funding_earmarks: 'fundingEarmarks',
  delivery_activities: 'deliveryActivities',
  activity_hours: 'activityHours',
  satisfaction_answers: 'satisfactionAnswers',
  project_evaluations: 'projectEvaluations',
} as const satisfies Record<string, keyof DemoDistrictPlan>;

// Volunteers and the time bank (docs/domain.md §5), by the plan's property for each.
const volunteerTables = {
  volunteers: 'volunteers',
  volunteer_teams: 'volunteerTeams',
  volunteer_team_members: 'volunteerTeamMembers',
  volunteer_engagements: 'volunteerEngagements',
  volunteer_services: 'volunteerServices',
  volunteer_record_items: 'volunteerRecordItems',
  time_bank_earnings: 'timeBankEarnings',
  time_bank_catalogue_items: 'timeBankCatalogueItems',
  time_bank_exchanges: 'timeBankExchanges',
  time_bank_transfers: 'timeBankTransfers',
} as const satisfies Record<string, keyof DemoDistrictPlan>;

// Grid management and consultation (docs/domain.md §7, §8), by the plan's property for each.
const gridTables = {
  departments: 'departments',
  event_routes: 'eventRoutes',
  inspection_items: 'inspectionItems',
  grid_boundaries: 'gridBoundaries',
  grid_team_members: 'gridTeamMembers',
  patrol_records: 'patrolRecords',
  grid_events: 'gridEvents',
  grid_event_steps: 'gridEventSteps',
  department_notices: 'departmentNotices',
  summonses: 'summonses',
  summons_departments: 'summonsDepartments',
  consultation_meetings: 'consultationMeetings',
  meeting_participants: 'meetingParticipants',
  meeting_topics: 'meetingTopics',
  meeting_outcomes: 'meetingOutcomes',
  outcome_tasks: 'outcomeTasks',
} as const satisfies Record<string, keyof DemoDistrictPlan>;

// The one ledger (docs/domain.md §6.5): the service chain's rows, then the time bank's.
const ledgerTables = {
  ledger_accounts: ['ledgerAccounts', 'timeBankAccounts'],
  journal_entries: ['journalEntries', 'timeBankEntries'],
  journal_lines: ['journalLines', 'timeBankLines'],
} as const satisfies Record<string, readonly (keyof DemoDistrictPlan)[]>;

// Tables the demo leaves empty: written by services as people use them. Idempotency keys are the
// callers' own (docs/domain.md §6.5); a seeded movement was never a request. A certificate of
// service is issued when a volunteer asks for one (§5.3).
const writtenByServices = [
  'organization_credit_procedures',
  'audit_log',
  'personal_data_access_log',
  'idempotency_keys',
  'volunteer_certificates',
  // The demo districts keep the national working calendar sanshe ships (§7.6), with no day of
  // their own; assessment marks are given by people each quarter (§7.9).
  'calendar_days',
  'calendar_years',
  'grid_assessment_marks',
];

async function rowsOf(database: DistrictDatabase, query: ReturnType<typeof sql>) {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: Record<string, unknown>[] }).rows;
}

describe(`seeding the default demo district ${district.districtCode} (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let plan: DemoDistrictPlan;
  let milliseconds = 0;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: district.districtCode });
    const started = performance.now();
    plan = planDemoDistrict(district);
    const report = await seedDemoDistrict(database, plan);
    milliseconds = performance.now() - started;
    console.log(
      `planned and seeded ${report.rows} rows of ${district.districtCode} in ${Math.round(milliseconds)} ms`,
    );
  });
  afterAll(() => database.close());

  it('writes every planned row of every table', async () => {
    expect(await isDistrictSeeded(database)).toBe(true);
    const snapshot = await snapshotDatabase(database);
    const planned: Record<string, number> = {
      districts: 1,
      subdistricts: plan.subdistricts.length,
      communities: plan.communities.length,
      grids: plan.grids.length,
      policy_values: plan.policyValues.length,
      social_organizations: plan.socialOrganizations.length,
      organization_communities: plan.organizationCommunities.length,
      organization_status_changes: plan.organizationStatusChanges.length,
      organization_hub_memberships: plan.organizationHubMemberships.length,
      organization_list_entries: plan.organizationListEntries.length,
      organization_credit_records: plan.organizationCreditRecords.length,
      organization_grades: plan.organizationGrades.length,
      organization_disclosures: plan.organizationDisclosures.length,
      social_workers: plan.socialWorkers.length,
      social_work_certificates: plan.socialWorkCertificates.length,
      certificate_registrations: plan.certificateRegistrations.length,
      continuing_education_records: plan.continuingEducationRecords.length,
      social_worker_posts: plan.socialWorkerPosts.length,
      unit_populations: plan.unitPopulations.length,
      ...Object.fromEntries(Object.entries(chainTables).map(([name, key]) => [name, plan[key].length])),
      ...Object.fromEntries(Object.entries(volunteerTables).map(([name, key]) => [name, plan[key].length])),
      ...Object.fromEntries(Object.entries(gridTables).map(([name, key]) => [name, plan[key].length])),
      ...Object.fromEntries(
        Object.entries(ledgerTables).map(([name, keys]) => [
          name,
          plan[keys[0]].length + plan[keys[1]].length,
        ]),
      ),
      ...Object.fromEntries(writtenByServices.map((name) => [name, 0])),
    };
    // Kept by the database from the rows above (migration `indicator_counters`), not planned.
    const derived = ['indicator_contributions', 'indicator_counters'];
    const counts = Object.fromEntries(
      Object.entries(snapshot)
        .filter(([name]) => !derived.includes(name))
        .map(([name, rows]) => [name, rows.length]),
    );
    expect(counts).toEqual(planned);
    for (const name of derived) expect(snapshot[name]?.length, name).toBeGreaterThan(0);
    for (const [name, count] of Object.entries(planned)) {
      if (!writtenByServices.includes(name)) expect(count, name).toBeGreaterThan(0);
    }
  });

  it('stores values as planned (arrays, JSON, numerics, timestamps)', async () => {
    const organization = plan.socialOrganizations.find((o) => (o.serviceDomains ?? []).length > 1)!;
    const [stored] = await rowsOf(
      database,
      sql`select service_domains, registered_on::text from social_organizations where id = ${organization.id}`,
    );
    expect(stored).toEqual({
      service_domains: organization.serviceDomains,
      registered_on: organization.registeredOn,
    });
    const [policy] = await rowsOf(
      database,
      sql`select value from policy_values where policy_key = 'organization.evaluation_grade_cutoffs'`,
    );
    expect(policy!.value).toEqual(plan.policyValues[0]!.value);
    const renewal = plan.certificateRegistrations.find((r) => r.kind === 'renewal')!;
    const [hours] = await rowsOf(
      database,
      sql`select continuing_education_hours::float8 as hours from certificate_registrations where id = ${renewal.id}`,
    );
    expect(hours!.hours).toBe(renewal.continuingEducationHours);
  });

  it('a row created after seeding gets the next id (identity moved past the explicit ids)', async () => {
    const first17 = '32050519900101001';
    const created = await createSocialWorkerService(database).registerWorker({
      name: '新社工',
      residentId: first17 + computeResidentIdCheck(first17),
    });
    expect(created.id).toBe(plan.socialWorkers.length + 1);
  });

  it('every identity sequence is past its table’s largest id', async () => {
    const identityTables = Object.values(tables).filter(
      (table) => (getColumns(table) as Record<string, { generatedIdentity?: unknown }>).id?.generatedIdentity,
    );
    expect(identityTables.length).toBeGreaterThanOrEqual(15);
    for (const table of identityTables) {
      const name = getTableName(table);
      const [row] = await rowsOf(
        database,
        sql`select nextval(pg_get_serial_sequence(${name}, 'id'))::int as next,
                   (select coalesce(max(id), 0) from ${table})::int as max_id`,
      );
      expect(Number(row!.next), name).toBe(Number(row!.max_id) + 1);
    }
  });

  it('plans and seeds a default district in well under the gateway’s start-up budget', () => {
    // About 0.8 s on PGlite on a laptop; the bound leaves room for a loaded CI machine.
    expect(milliseconds).toBeLessThan(6000);
  });
});

describe(`a plan that breaks a reference is refused whole (${testDatabaseKind()})`, () => {
  it('a post at an organization that does not exist fails the seed and leaves the database empty', async () => {
    const database = await createTestDistrictDatabase({ districtCode: '320505' });
    try {
      const plan = planDemoDistrict({
        districtCode: '320505',
        name: '虎丘区',
        seed: 5,
        scale: { subdistricts: 1, communitiesPerSubdistrict: 3, gridsPerCommunity: 1 },
      });
      const post = plan.socialWorkerPosts.find((p) => p.organizationId != null) ?? plan.socialWorkerPosts[0]!;
      post.organizationId = 999_999;
      post.communityId = null;
      const before = await snapshotDatabase(database);
      const error = await seedDemoDistrict(database, plan).then(
        () => undefined,
        (e: unknown) => e as Error & { cause?: { message?: string; constraint?: string } },
      );
      // PostgreSQL refuses the row itself; PGlite's set-based check names the constraint.
      expect(`${error?.message} ${error?.cause?.message} ${error?.cause?.constraint}`).toMatch(
        /social_worker_posts_organization_fk/,
      );
      expect(await snapshotDatabase(database)).toEqual(before);
      expect(await isDistrictSeeded(database)).toBe(false);
    } finally {
      await database.close();
    }
  });

  it('a plan for another district is refused before anything is written', async () => {
    const database = await createTestDistrictDatabase({ districtCode: '320505' });
    try {
      const plan = planDemoDistrict({
        ...demoDistricts[1],
        scale: { subdistricts: 1, communitiesPerSubdistrict: 1 },
      });
      await expect(seedDemoDistrict(database, plan)).rejects.toThrow(/cannot seed the database of 320505/);
      expect(await isDistrictSeeded(database)).toBe(false);
    } finally {
      await database.close();
    }
  });
});
