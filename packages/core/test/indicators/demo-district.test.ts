/**
 * Property test on the demo district: the indicators computed in SQL equal a plain JavaScript
 * recomputation from the planned rows, for every unit and on several days (the reference day,
 * earlier days, and days right at planned boundaries).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import {
  type DemoDistrictPlan,
  demoDistricts,
  planDemoDistrict,
  seedDemoDistrict,
} from '../../src/demo/index.js';
import {
  createIndicatorService,
  type IndicatorKey,
  type IndicatorService,
  type IndicatorValue,
  indicatorKeys,
} from '../../src/indicators/index.js';
import { addDays } from '../../src/services/dates.js';
import { holdsCertificateOn, isCertifiedOn } from '../../src/social-workers/certification.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';

type Figures = Record<IndicatorKey, [number, number]>;

function figuresOf(values: readonly IndicatorValue[]): Figures {
  return Object.fromEntries(values.map((v) => [v.key, [v.numerator, v.denominator]])) as Figures;
}

const certifiedCache = new Map<string, Set<number>>();

/** Workers certified on a day, by {@link isCertifiedOn} over the planned certificates and registrations. */
function certifiedOn(plan: DemoDistrictPlan, on: string): Set<number> {
  const cached = certifiedCache.get(on);
  if (cached) return cached;
  const registrationsOf = new Map<number, { validFrom: string; validUntil: string }[]>();
  for (const r of plan.certificateRegistrations) {
    registrationsOf.set(r.certificateId, [...(registrationsOf.get(r.certificateId) ?? []), r]);
  }
  const certificatesOf = new Map<
    number,
    { level: string; registrations: { validFrom: string; validUntil: string }[] }[]
  >();
  for (const c of plan.socialWorkCertificates) {
    certificatesOf.set(c.workerId, [
      ...(certificatesOf.get(c.workerId) ?? []),
      { level: c.level, registrations: registrationsOf.get(c.id) ?? [] },
    ]);
  }
  const result = new Set(
    plan.socialWorkers
      .filter((worker) => isCertifiedOn({ certificates: certificatesOf.get(worker.id) ?? [] }, on))
      .map((worker) => worker.id),
  );
  certifiedCache.set(on, result);
  return result;
}

/** The indicator definitions, restated over the plan's rows. */
function recompute(plan: DemoDistrictPlan, unitCode: string, on: string): Figures {
  const inForce = (c: { effectiveFrom: string; retiredOn?: string | null }) =>
    c.effectiveFrom <= on && (c.retiredOn == null || c.retiredOn > on);
  const communityById = new Map(plan.communities.map((c) => [c.id!, c]));
  const under = (code: string | undefined) => code?.startsWith(unitCode) === true;
  const communities = plan.communities.filter((c) => under(c.code) && inForce(c));
  // Issue 16: each community's dated resident figure in force on the day (latest as-of ≤ day).
  const residentFigure = (communityId: number) =>
    plan.unitPopulations
      .filter((p) => p.communityId === communityId && p.basis === 'resident' && p.asOf <= on)
      .sort((a, b) => b.asOf.localeCompare(a.asOf))[0]?.count ?? 0;
  const residents = communities.reduce((sum, c) => sum + residentFigure(c.id!), 0);
  const inForceOrganizations = plan.socialOrganizations.filter(
    (o) => o.registeredOn <= on && (o.deregisteredOn == null || o.deregisteredOn > on),
  );
  // Issue 16: this district's register (filed here, or a USCC naming this district) counts here.
  const ofThisRegister = (o: (typeof plan.socialOrganizations)[number]) =>
    o.legalStatus === 'filed' || o.uscc?.slice(2, 8) === plan.districtCode;
  const organizations = inForceOrganizations.filter(ofThisRegister);
  const elsewhere = inForceOrganizations.filter((o) => !ofThisRegister(o));
  const rootedIn = (
    predicate: (community: (typeof plan.communities)[number]) => boolean,
    among = organizations,
  ) =>
    among.filter((o) => {
      const community = o.communityId == null ? undefined : communityById.get(o.communityId);
      return community !== undefined && under(community.code) && predicate(community);
    }).length;
  const urban = (c: { urbanRuralClass?: string | null }) => (c.urbanRuralClass ?? '').startsWith('1');
  const rural = (c: { urbanRuralClass?: string | null }) => (c.urbanRuralClass ?? '').startsWith('2');

  const certified = certifiedOn(plan, on);
  const holders = new Set(
    plan.socialWorkCertificates
      .filter((c) => holdsCertificateOn({ certificates: [c] }, on))
      .map((c) => c.workerId),
  );
  const placedAmong = (counted: Set<number>) =>
    new Set(
      plan.socialWorkerPosts
        .filter((p) => counted.has(p.workerId) && p.startsOn <= on && (p.endsOn == null || p.endsOn >= on))
        .filter((p) => {
          const communityId = p.communityId ?? organizationById.get(p.organizationId!)!.communityId;
          return communityId != null && under(communityById.get(communityId)!.code);
        })
        .map((p) => p.workerId),
    );
  const organizationById = new Map(plan.socialOrganizations.map((o) => [o.id, o]));
  const placed = new Set(
    plan.socialWorkerPosts
      .filter((p) => certified.has(p.workerId) && p.startsOn <= on && (p.endsOn == null || p.endsOn >= on))
      .filter((p) => {
        const communityId = p.communityId ?? organizationById.get(p.organizationId!)!.communityId;
        return communityId != null && under(communityById.get(communityId)!.code);
      })
      .map((p) => p.workerId),
  );
  const isDistrict = unitCode.length === 6;
  return {
    organizations_per_10k_residents: [isDistrict ? organizations.length : rootedIn(() => true), residents],
    community_organizations_per_urban_community: [
      rootedIn((c) => inForce(c) && urban(c)),
      communities.filter(urban).length,
    ],
    community_organizations_per_rural_community: [
      rootedIn((c) => inForce(c) && rural(c)),
      communities.filter(rural).length,
    ],
    certified_social_workers_per_10k_residents: [isDistrict ? certified.size : placed.size, residents],
    certificate_holders_per_10k_residents: [isDistrict ? holders.size : placedAmong(holders).size, residents],
    organizations_registered_elsewhere_per_10k_residents: [
      isDistrict ? elsewhere.length : rootedIn(() => true, elsewhere),
      residents,
    ],
  };
}

const district = demoDistricts[0];

describe(`indicators of the demo district ${district.districtCode} equal a recomputation from the plan (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let service: IndicatorService;
  const plan = planDemoDistrict(district);
  // Days at planned boundaries: a deregistration, the last valid day of a registration and the
  // day after, the first day of a post.
  const deregistration = plan.socialOrganizations.find((o) => o.deregisteredOn)!.deregisteredOn!;
  const lastValidDay = plan.certificateRegistrations.find((r) => r.validUntil < plan.asOf)!.validUntil;
  const postStart = plan.socialWorkerPosts.find((p) => p.startsOn > '2020-01-01')!.startsOn;
  const days = [
    plan.asOf,
    '2024-12-31',
    '2021-06-30',
    deregistration,
    addDays(deregistration, -1),
    lastValidDay,
    addDays(lastValidDay, 1),
    postStart,
    addDays(postStart, -1),
  ];

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: district.districtCode });
    await seedDemoDistrict(database, plan);
    service = createIndicatorService(database);
  });
  afterAll(() => database.close());

  it.each(days)('on %s: the district, every subdistrict and every community', async (on) => {
    expect(figuresOf(await service.indicatorsFor({ unitCode: district.districtCode, on }))).toEqual(
      recompute(plan, district.districtCode, on),
    );
    const subdistricts = await service.indicatorsByChildUnit({ unitCode: district.districtCode, on });
    expect(subdistricts.map((s) => s.unitCode)).toEqual(plan.subdistricts.map((s) => s.code).sort());
    for (const subdistrict of subdistricts) {
      expect(figuresOf(subdistrict.indicators), subdistrict.unitCode).toEqual(
        recompute(plan, subdistrict.unitCode, on),
      );
      const communities = await service.indicatorsByChildUnit({ unitCode: subdistrict.unitCode, on });
      expect(communities.length).toBeGreaterThan(0);
      for (const community of communities) {
        expect(figuresOf(community.indicators), community.unitCode).toEqual(
          recompute(plan, community.unitCode, on),
        );
      }
      // docs/domain.md §10: figures add up — exactly for 1–3, and 4 at least covers the subdistrict.
      const parent = figuresOf(subdistrict.indicators);
      for (const key of indicatorKeys) {
        const numerators = communities.reduce((t, c) => t + figuresOf(c.indicators)[key][0], 0);
        const denominators = communities.reduce((t, c) => t + figuresOf(c.indicators)[key][1], 0);
        expect(denominators).toBe(parent[key][1]);
        if (
          key === 'certified_social_workers_per_10k_residents' ||
          key === 'certificate_holders_per_10k_residents'
        )
          expect(numerators).toBeGreaterThanOrEqual(parent[key][0]);
        else expect(numerators).toBe(parent[key][0]);
      }
    }
  });

  it('on the reference day the demo is near the national targets and 3–5 certified workers per 10,000 residents', async () => {
    const values = await service.indicatorsFor({ unitCode: district.districtCode, on: plan.asOf });
    const byKey = Object.fromEntries(values.map((v) => [v.key, v]));
    console.log(
      values
        .map((v) => `${v.key}: ${v.numerator}/${v.denominator} = ${v.value?.toFixed(2)} (target ${v.target})`)
        .join('\n'),
    );
    expect(byKey.community_organizations_per_urban_community!.value!).toBeGreaterThan(8);
    expect(byKey.community_organizations_per_urban_community!.value!).toBeLessThan(12);
    expect(byKey.community_organizations_per_rural_community!.value!).toBeGreaterThanOrEqual(4);
    expect(byKey.community_organizations_per_rural_community!.value!).toBeLessThanOrEqual(6.5);
    expect(byKey.certified_social_workers_per_10k_residents!.value!).toBeGreaterThanOrEqual(3);
    expect(byKey.certified_social_workers_per_10k_residents!.value!).toBeLessThanOrEqual(5);
  });
});
