import { buildWorkingCalendar } from '../grid-events/working-days.js';
import type { AmountsByLevel, GradeCutoffs } from '../policies/policy-keys.js';
import type { communities, grids, subdistricts } from '../schema/hierarchy.js';
import type { policyValues } from '../schema/policies.js';
import type { unitPopulations } from '../schema/populations.js';
import { communityStems, gridOrdinals, placeStems } from './names.js';
import { type ConsultationRows, emptyConsultationRows, planConsultation } from './plan-consultation.js';
import {
  emptyGridManagementRows,
  type GridManagementRows,
  planGridManagement,
} from './plan-grid-management.js';
import { type OrganizationRows, planOrganizations } from './plan-organizations.js';
import { emptyServiceChainRows, planServiceChain, type ServiceChainRows } from './plan-service-chain.js';
import { planSocialWorkers, type SocialWorkerRows } from './plan-social-workers.js';
import { planTimeBank, type TimeBankRows } from './plan-time-bank.js';
import { planVolunteers, type VolunteerRows } from './plan-volunteers.js';
import { createRandom, deriveSeed } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;
type NewPolicyValue = typeof policyValues.$inferInsert;
type NewUnitPopulation = typeof unitPopulations.$inferInsert;

/**
 * The day the demo history runs up to: nothing in a plan happens after it, and registrations,
 * lists and grades are in the state the services' rules give on that day. Fixed, so that a seed
 * builds the same district whatever the clock says.
 */
export const demoAsOf = '2026-11-23';

export interface DemoScale {
  /** Subdistricts (街道/镇) in the district. Default 8. */
  subdistricts?: number;
  /** Communities per subdistrict, at most 399. Default: 8 to 16, varying. */
  communitiesPerSubdistrict?: number;
  /** Grids per community. Default: 3 to 6, varying. */
  gridsPerCommunity?: number;
  /**
   * Communities whose volunteering is planned in full: volunteers at a realistic density (10–13 %
   * of residents registered), a year of their services and the time bank (docs/domain.md §5).
   * Default: 1 (the smallest community a project delivers in) in a district of 50 communities or
   * more, as the default scale builds, and none in the small districts tests build, whose seeding
   * must stay quick. Every other community has its teams and their leaders only, because the full
   * density everywhere would add some 100,000 volunteers to a default district, more than every
   * other demo row together. A number at least the count of communities plans every one in full.
   */
  volunteerCommunities?: number;
}

export interface DemoDistrictPlan
  extends OrganizationRows,
    SocialWorkerRows,
    ServiceChainRows,
    VolunteerRows,
    TimeBankRows,
    GridManagementRows,
    ConsultationRows {
  districtCode: string;
  name: string;
  effectiveFrom: string;
  /** The day the demo history runs up to ({@link demoAsOf} unless asked otherwise). */
  asOf: string;
  subdistricts: NewSubdistrict[];
  communities: NewCommunity[];
  grids: NewGrid[];
  /** Local policy values the district has set (grade cut-offs, allowances). */
  policyValues: NewPolicyValue[];
  /**
   * Dated population figures of each community with their basis (issue 16): resident (常住) from
   * the 2010 and 2020 censuses and the last year-end count, household-registered (户籍) at the last
   * year-end. A community's `residentPopulation` is its latest resident figure.
   */
  unitPopulations: NewUnitPopulation[];
}

/**
 * The population figures of a demo community, derived from its latest resident figure without
 * drawing from the random stream (so the rest of a seed's plan does not move).
 */
function planPopulations(districtCode: string, communityId: number, latest: number, asOf: string) {
  const yearEnd = `${Number(asOf.slice(0, 4)) - 1}-12-31`;
  const figures: Omit<NewUnitPopulation, 'districtCode' | 'id' | 'communityId'>[] = [
    { basis: 'resident', asOf: '2010-11-01', count: Math.round(latest * 0.86), source: '第六次全国人口普查' },
    { basis: 'resident', asOf: '2020-11-01', count: Math.round(latest * 0.95), source: '第七次全国人口普查' },
    { basis: 'resident', asOf: yearEnd, count: latest, source: '常住人口年度统计' },
    {
      basis: 'household_registered',
      asOf: yearEnd,
      count: Math.round(latest * 0.8),
      source: '公安户籍人口统计',
    },
  ];
  // Nothing in a plan happens after its day.
  return figures
    .filter((figure) => figure.asOf <= asOf)
    .map((figure) => ({ districtCode, communityId, ...figure }));
}

/**
 * The rows of one demo district, deterministic for a seed. Ids are assigned here so that the
 * same seed gives the same global IDs and cursors everywhere.
 */
export function planDemoDistrict(options: {
  districtCode: string;
  name: string;
  seed: number;
  scale?: DemoScale;
  /** Defaults to {@link demoAsOf}. */
  asOf?: string;
}): DemoDistrictPlan {
  const { districtCode, name, seed, scale = {}, asOf = demoAsOf } = options;
  const random = createRandom(seed);
  const subdistrictCount = Math.min(scale.subdistricts ?? 8, 399);
  const plan: DemoDistrictPlan = {
    districtCode,
    name,
    effectiveFrom: '2000-01-01',
    asOf,
    subdistricts: [],
    communities: [],
    grids: [],
    policyValues: [],
    unitPopulations: [],
    socialOrganizations: [],
    organizationCommunities: [],
    organizationStatusChanges: [],
    organizationHubMemberships: [],
    organizationListEntries: [],
    organizationCreditRecords: [],
    organizationGrades: [],
    organizationDisclosures: [],
    socialWorkers: [],
    socialWorkCertificates: [],
    certificateRegistrations: [],
    continuingEducationRecords: [],
    socialWorkerPosts: [],
    ...emptyServiceChainRows(),
    volunteers: [],
    volunteerTeams: [],
    volunteerTeamMembers: [],
    volunteerEngagements: [],
    volunteerServices: [],
    volunteerRecordItems: [],
    volunteerCommunityIds: [],
    timeBankAccounts: [],
    timeBankEntries: [],
    timeBankLines: [],
    timeBankEarnings: [],
    timeBankCatalogueItems: [],
    timeBankExchanges: [],
    timeBankTransfers: [],
    ...emptyGridManagementRows(),
    ...emptyConsultationRows(),
  };
  for (let s = 1; s <= subdistrictCount; s++) {
    // Mostly 街道 (001–099); every fourth a 镇 (1xx), which also has villages.
    const isTown = s % 4 === 0;
    const suffix = isTown ? 100 + s : s;
    const code = `${districtCode}${String(suffix).padStart(3, '0')}`;
    const stem = placeStems[(seed + s * 7) % placeStems.length]!;
    const subdistrictId = s;
    plan.subdistricts.push({
      districtCode,
      id: subdistrictId,
      code,
      name: `${stem}${isTown ? '镇' : '街道'}`,
      kind: isTown ? 'town' : 'subdistrict',
      effectiveFrom: '2001-01-01',
    });
    const communityCount = Math.min(scale.communitiesPerSubdistrict ?? random.int(8, 16), 399);
    for (let c = 1; c <= communityCount; c++) {
      const isVillage = isTown && c > communityCount / 2;
      const communitySuffix = isVillage ? 200 + c : c;
      const communityCode = `${code}${String(communitySuffix).padStart(3, '0')}`;
      const communityId = plan.communities.length + 1;
      const population = isVillage ? random.int(1200, 4500) : random.int(3000, 14000);
      const stemIndex = (c * 13 + s * 5 + seed) % communityStems.length;
      const round = Math.floor(((c - 1) * 13) / communityStems.length);
      plan.communities.push({
        districtCode,
        id: communityId,
        subdistrictId,
        code: communityCode,
        name: `${communityStems[stemIndex]}${round > 0 ? round + 1 : ''}${isVillage ? '村' : '社区'}`,
        kind: isVillage ? 'village' : 'community',
        urbanRuralClass: isVillage ? '220' : isTown ? '121' : random.pick(['111', '111', '112']),
        residentPopulation: population,
        households: Math.round(population / (2.4 + random.next())),
        areaKm2: Math.round((isVillage ? random.int(200, 900) : random.int(30, 250)) / 10) / 10,
        effectiveFrom: '2002-01-01',
      });
      for (const figure of planPopulations(districtCode, communityId, population, asOf)) {
        plan.unitPopulations.push({ ...figure, id: plan.unitPopulations.length + 1 });
      }
      const gridCount = scale.gridsPerCommunity ?? random.int(3, 6);
      for (let g = 1; g <= gridCount; g++) {
        plan.grids.push({
          districtCode,
          id: plan.grids.length + 1,
          communityId,
          code: `${communityCode}${String(g).padStart(3, '0')}`,
          name: `第${gridOrdinals[g - 1] ?? g}网格`,
          effectiveFrom: '2015-01-01',
        });
      }
    }
  }

  // Local policies (docs/domain.md §3, §4: cut-offs and allowances are set by each district).
  const bureau = `${name}民政局`;
  const notice = `${name.slice(0, 1)}民`;
  const gradeCutoffs = {
    effectiveFrom: '2016-03-01',
    value: { '1A': 600, '2A': 700, '3A': 800, '4A': 880, '5A': 950 } satisfies GradeCutoffs,
    source: `${bureau}关于印发《社会组织评估等级评定标准》的通知（${notice}〔2016〕18号）`,
  };
  const allowance = {
    effectiveFrom: '2019-01-01',
    value: { assistant: 100, intermediate: 300, senior: 500 } satisfies AmountsByLevel,
    source: `${bureau}关于持证社会工作者岗位补贴的通知（${notice}〔2018〕45号）`,
  };
  plan.policyValues.push(
    {
      districtCode,
      id: 1,
      policyKey: 'organization.evaluation_grade_cutoffs',
      jurisdictionCode: districtCode,
      ...gradeCutoffs,
      createdAt: `${gradeCutoffs.effectiveFrom}T09:00:00+08:00`,
    },
    {
      districtCode,
      id: 2,
      policyKey: 'social_worker.monthly_allowance_yuan',
      jurisdictionCode: districtCode,
      ...allowance,
      createdAt: `${allowance.effectiveFrom}T09:00:00+08:00`,
    },
  );

  // Organizations and workers draw from their own streams: the hierarchy of a seed is the
  // same as before they existed, and workers do not move when organizations change.
  const organizations = planOrganizations({
    districtCode,
    districtName: name,
    asOf,
    random: createRandom(deriveSeed(seed, 1)),
    subdistricts: plan.subdistricts,
    communities: plan.communities,
    gradeCutoffs,
  });
  Object.assign(plan, organizations);
  const socialWorkers = planSocialWorkers({
    districtCode,
    asOf,
    random: createRandom(deriveSeed(seed, 2)),
    communities: plan.communities,
    organizations: organizations.socialOrganizations,
  });
  Object.assign(plan, socialWorkers);
  // The service chain reads organizations and workers (who may bid, who delivers) and draws
  // from streams 3 and 4 of its own.
  const chain = planServiceChain({
    districtCode,
    districtName: name,
    asOf,
    random: createRandom(deriveSeed(seed, 3)),
    deliveryRandom: createRandom(deriveSeed(seed, 4)),
    subdistricts: plan.subdistricts,
    communities: plan.communities,
    grids: plan.grids,
    organizations,
    socialWorkers,
  });
  Object.assign(plan, chain.rows);
  plan.organizationCreditRecords.push(...chain.purchasedServiceCredits);
  // Volunteers serve in the chain's projects and activities; the time bank pays their services on
  // the chain's ledger, after its rows. Streams 5 and 6 of their own.
  const volunteers = planVolunteers({
    districtCode,
    districtName: name,
    asOf,
    random: createRandom(deriveSeed(seed, 5)),
    subdistricts: plan.subdistricts,
    communities: plan.communities,
    grids: plan.grids,
    organizations,
    chain: chain.rows,
    fullCommunities: scale.volunteerCommunities ?? (plan.communities.length >= 50 ? 1 : 0),
  });
  Object.assign(plan, volunteers);
  const timeBank = planTimeBank({
    districtCode,
    districtName: name,
    asOf,
    random: createRandom(deriveSeed(seed, 6)),
    communities: plan.communities,
    organizations,
    volunteers,
    ledgerIdsAfter: {
      accounts: plan.ledgerAccounts.length,
      entries: plan.journalEntries.length,
      lines: plan.journalLines.length,
    },
    policyValueId: plan.policyValues.length + 1,
  });
  Object.assign(plan, timeBank.rows);
  plan.policyValues.push(...timeBank.policyValues);
  // Grid management (docs/domain.md §7) and consultation (§8), streams 7 and 8: departments,
  // boundaries and teams (informants from the volunteers), a year of events, summonses, and the
  // meetings that take up the communities' events and needs.
  const gridManagement = planGridManagement({
    districtCode,
    districtName: name,
    asOf,
    random: createRandom(deriveSeed(seed, 7)),
    subdistricts: plan.subdistricts,
    communities: plan.communities,
    grids: plan.grids,
    volunteers,
    policyValues: plan.policyValues,
  });
  Object.assign(plan, gridManagement.rows);
  plan.policyValues.push(...gridManagement.policyValues);
  Object.assign(
    plan,
    planConsultation({
      districtCode,
      asOf,
      random: createRandom(deriveSeed(seed, 8)),
      subdistricts: plan.subdistricts,
      communities: plan.communities,
      departments: plan.departments,
      events: plan.gridEvents,
      organizations,
      chain: chain.rows,
      calendar: buildWorkingCalendar({}),
    }),
  );
  return plan;
}
