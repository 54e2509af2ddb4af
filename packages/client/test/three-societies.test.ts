// The ready-made documents of the three societies (organizations, social workers, indicators)
// over real HTTP against a real gateway serving the demo city (PGlite, or PostgreSQL when
// SANSHE_TEST_PG is set). The city is opened once for the file.
import {
  computeOrganizationCodeCheck,
  computeResidentIdCheck,
  computeUsccCheck,
  todayInChina,
} from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { createGateway, type ListeningGateway, listen, openDemoCity } from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AddCertificate,
  CityIndicators,
  CommunityThreeSocieties,
  createClient,
  FileCommunityGroup,
  Indicators,
  IndicatorsByChildUnit,
  PersonalDataAccessLog,
  PublicCreditReport,
  RegisterCertificate,
  RegisterOrganization,
  RegisterSocialWorker,
  type ResultOf,
  RevealSocialWorkerIdentifiers,
  type SansheClient,
  SocialOrganizationById,
  SocialOrganizationsPage,
  SocialWorkerById,
  SocialWorkersPage,
  StartPost,
} from '../src/index.js';
import { cityAdminToken, testAuth } from './support/test-auth.js';

let running: ListeningGateway;
let client: SansheClient;

beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  running = await listen(createGateway({ districts: city.sources, logging: false, auth: testAuth }), {
    port: 0,
  });
  client = createClient({ url: `${running.origin}/graphql`, token: await cityAdminToken() });
});
afterAll(() => running?.close());

const district = '320505';
const community = '320505001001';

/** A valid USCC of civil affairs: '5', the legal form's digit, the bureau's area, a GB 11714 code. */
function uscc(legalFormDigit: '1' | '2' | '3', area: string, body: string): string {
  const first17 = `5${legalFormDigit}${area}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

/** A valid 18-digit resident ID: area, birth date, sequence and the MOD 11-2 check character. */
function residentId(area: string, birthDate: string, sequence: string): string {
  const first17 = `${area}${birthDate}${sequence}`;
  return first17 + computeResidentIdCheck(first17);
}

/** `YYYY-MM-DD` a number of months before a day (clamped to the last day of a short month). */
function monthsBefore(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(date, last));
  return first.toISOString().slice(0, 10);
}

describe('social organizations', () => {
  it('lists organizations with a filter, each matching it', async () => {
    const { data, error } = await client.request(SocialOrganizationsPage, {
      first: 20,
      filter: { parentCode: '320505001', legalStatus: 'FILED', status: 'ACTIVE' },
      orderBy: 'REGISTERED_ON',
    });
    expect(error).toBeUndefined();
    const page = data!.socialOrganizations;
    expect(page.totalCount).toBeGreaterThan(0);
    expect(page.nodes.length).toBe(Math.min(20, page.totalCount));
    for (const organization of page.nodes) {
      expect(organization).toMatchObject({ legalStatus: 'FILED', status: 'ACTIVE', uscc: null });
      expect(organization.community?.code.startsWith('320505001')).toBe(true);
    }
    const days = page.nodes.map((organization) => organization.registeredOn);
    expect([...days].sort()).toEqual(days);
  });

  it('paginates every organization of one community, as the community page counts them', async () => {
    const { data } = await client.request(CommunityThreeSocieties, { code: community, first: 1 });
    const totalCount = data?.community?.socialOrganizations.totalCount ?? 0;
    expect(totalCount).toBeGreaterThan(3);

    const ids: string[] = [];
    for await (const organization of client.paginate(
      SocialOrganizationsPage,
      { first: 3, filter: { parentCode: community } },
      (page) => page.socialOrganizations,
    )) {
      expect(organization.community?.code).toBe(community);
      ids.push(organization.id);
    }
    expect(ids).toHaveLength(totalCount);
    expect(new Set(ids).size).toBe(totalCount);

    // The community page walks the same organizations through its own connection.
    const fromPage: string[] = [];
    for await (const organization of client.paginate(
      CommunityThreeSocieties,
      { code: community, first: 4, postsFirst: 1 },
      (page) => page.community?.socialOrganizations,
    )) {
      expectTypeOf(organization.posts.totalCount).toEqualTypeOf<number>();
      fromPage.push(organization.id);
    }
    expect(new Set(fromPage)).toEqual(new Set(ids));
  });

  it('registers an organization with a valid USCC, then refuses the same code as DUPLICATE_USCC', async () => {
    const code = uscc('2', district, 'KT000017');
    const input = {
      districtCode: district,
      communityCode: community,
      legalForm: 'SOCIAL_SERVICE_AGENCY' as const,
      category: 'SERVICES' as const,
      serviceDomains: ['ELDERLY' as const, 'DISABILITY' as const],
      name: '客户端测试社工服务中心',
      uscc: code,
    };
    const first = await client.request(RegisterOrganization, { input });
    expect(first.error).toBeUndefined();
    const created = first.data?.registerOrganization;
    if (created?.__typename !== 'RegisterOrganizationSuccess') throw new Error(JSON.stringify(created));
    expect(created.data).toMatchObject({
      uscc: code,
      legalStatus: 'REGISTERED',
      legalForm: 'SOCIAL_SERVICE_AGENCY',
      status: 'ACTIVE',
      serviceDomains: ['ELDERLY', 'DISABILITY'],
      community: { code: community },
      version: 1,
    });

    const again = await client.request(RegisterOrganization, { input: { ...input, name: '另一个名字' } });
    const duplicate = again.data?.registerOrganization;
    if (duplicate?.__typename !== 'ConflictError') throw new Error(JSON.stringify(duplicate));
    expect(duplicate.code).toBe('DUPLICATE_USCC');
    expect(duplicate.path).toEqual(['input', 'uscc']);

    // The record by ID: registered in its status history, no grade yet, on no list.
    const { data } = await client.request(SocialOrganizationById, { id: created.data.id });
    const organization = data?.node;
    if (organization?.__typename !== 'SocialOrganization') throw new Error(`got ${organization?.__typename}`);
    expect(organization.statusHistory.map((change) => change.kind)).toEqual(['REGISTERED']);
    expect(organization.currentGrade).toBeNull();
    expect(organization.listEntries).toEqual([]);
    expect(organization.members.totalCount).toBe(0);

    // The public credit query finds it by its code.
    const report = await client.request(PublicCreditReport, { query: { uscc: code } });
    expect(report.data?.publicCreditReport.map((entry) => entry.organization.name)).toEqual([
      '客户端测试社工服务中心',
    ]);
  });

  it('refuses a USCC whose check character is wrong, and one of another legal form', async () => {
    const good = uscc('2', district, 'KT000025');
    const wrongCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const base = {
      districtCode: district,
      legalForm: 'SOCIAL_SERVICE_AGENCY' as const,
      category: 'OTHER' as const,
      name: '校验位错误的机构',
    };
    const bad = await client.request(RegisterOrganization, { input: { ...base, uscc: wrongCheck } });
    expect(bad.data?.registerOrganization).toMatchObject({
      __typename: 'ValidationError',
      code: 'INVALID_USCC',
      path: ['input', 'uscc'],
    });
    const foundation = await client.request(RegisterOrganization, {
      input: { ...base, uscc: uscc('3', district, 'KT000033') },
    });
    expect(foundation.data?.registerOrganization).toMatchObject({ code: 'USCC_MISMATCH' });
  });

  it('files a community group with no USCC', async () => {
    const { data } = await client.request(FileCommunityGroup, {
      input: { guidingUnitCode: community, category: 'CULTURE_SPORT', name: '客户端测试合唱团' },
    });
    const filed = data?.fileCommunityGroup;
    if (filed?.__typename !== 'FileCommunityGroupSuccess') throw new Error(JSON.stringify(filed));
    expect(filed.data).toMatchObject({
      legalStatus: 'FILED',
      legalForm: null,
      uscc: null,
      guidingUnitCode: community,
      community: { code: community },
    });
  });
});

describe('social workers', () => {
  const id = residentId(district, '19880415', '237');

  it('registers a worker and shows the identity number and phone only masked', async () => {
    const { data, error } = await client.request(RegisterSocialWorker, {
      input: { districtCode: district, name: '客户端测试社工', residentId: id, mobilePhone: '13812345678' },
    });
    expect(error).toBeUndefined();
    const registered = data?.registerSocialWorker;
    if (registered?.__typename !== 'RegisterSocialWorkerSuccess') throw new Error(JSON.stringify(registered));
    expect(registered.data.residentIdMasked).toBe(`3205**********${id.slice(-4)}`);
    expect(registered.data.mobilePhoneMasked).toBe('138****5678');
    expect(registered.data).not.toHaveProperty('residentId');
    expect(JSON.stringify(data)).not.toContain(id);

    const again = await client.request(RegisterSocialWorker, {
      input: { districtCode: district, name: '同一个人', residentId: id },
    });
    expect(again.data?.registerSocialWorker).toMatchObject({
      __typename: 'ConflictError',
      code: 'DUPLICATE_RECORD',
      path: ['input', 'residentId'],
    });

    const invalid = await client.request(RegisterSocialWorker, {
      input: {
        districtCode: district,
        name: '号码错误',
        residentId: `${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`,
      },
    });
    expect(invalid.data?.registerSocialWorker).toMatchObject({
      __typename: 'ValidationError',
      code: 'INVALID_RESIDENT_ID',
    });
  });

  it('unmasks the number for a declared purpose, and the access log shows who did, and why', async () => {
    const { data: found } = await client.request(SocialWorkersPage, {
      first: 5,
      filter: { districtCode: district, nameContains: '客户端测试社工' },
    });
    const workerId = found?.socialWorkers.nodes[0]?.id;
    if (!workerId) throw new Error('the worker registered above is not listed');
    const { data } = await client.request(RevealSocialWorkerIdentifiers, {
      input: { workerId, fields: ['RESIDENTID'], purpose: 'CERTIFICATION_REVIEW', purposeNote: '登记审核' },
    });
    const revealed = data?.revealSocialWorkerIdentifiers;
    if (revealed?.__typename !== 'RevealSocialWorkerIdentifiersSuccess')
      throw new Error(JSON.stringify(revealed));
    expect(revealed.data).toEqual({ workerId, residentId: id, mobilePhone: null, sensitiveCategories: [] });
    expectTypeOf(revealed.data.residentId).toEqualTypeOf<string | null>();

    const log = await client.request(PersonalDataAccessLog, {
      districtCode: district,
      actorId: 'client-tests',
    });
    expect(log.data?.personalDataAccessLog?.nodes[0]).toMatchObject({
      actorRole: 'CITY_ADMIN',
      entityType: 'social_worker',
      field: 'residentId',
      purpose: 'CERTIFICATION_REVIEW',
      purposeNote: '登记审核',
    });
  });

  it('certifies a worker and places them at an organization, as the community page shows', async () => {
    const today = todayInChina();
    const { data: found } = await client.request(SocialWorkersPage, {
      first: 5,
      filter: { districtCode: district, nameContains: '客户端测试社工' },
    });
    const worker = found?.socialWorkers.nodes[0];
    if (!worker) throw new Error('the worker registered above is not listed');
    expect(worker.certifiedLevel).toBeNull();

    const added = await client.request(AddCertificate, {
      input: {
        workerId: worker.id,
        level: 'INTERMEDIATE',
        certificateNumber: 'KT-2026-000001',
        passedOn: monthsBefore(today, 3),
      },
    });
    const certificate = added.data?.addCertificate;
    if (certificate?.__typename !== 'AddCertificateSuccess') throw new Error(JSON.stringify(certificate));
    expect(certificate.data.registrations).toEqual([]);

    const registered = await client.request(RegisterCertificate, {
      input: { certificateId: certificate.data.id },
    });
    const registration = registered.data?.registerCertificate;
    if (registration?.__typename !== 'RegisterCertificateSuccess')
      throw new Error(JSON.stringify(registration));
    expect(registration.data).toMatchObject({ kind: 'FIRST', registeredOn: today, validFrom: today });

    // A second first registration of the same certificate is refused.
    const twice = await client.request(RegisterCertificate, {
      input: { certificateId: certificate.data.id },
    });
    expect(twice.data?.registerCertificate).toMatchObject({ code: 'ALREADY_REGISTERED' });

    const { data: organizations } = await client.request(SocialOrganizationsPage, {
      first: 1,
      filter: { uscc: uscc('2', district, 'KT000017') },
    });
    const agency = organizations?.socialOrganizations.nodes[0];
    if (!agency) throw new Error('the agency registered above is not listed');
    const started = await client.request(StartPost, {
      input: { workerId: worker.id, organizationId: agency.id, title: '项目社工', fullTime: true },
    });
    const post = started.data?.startPost;
    if (post?.__typename !== 'StartPostSuccess') throw new Error(JSON.stringify(post));
    expect(post.data).toMatchObject({ startsOn: today, endsOn: null, organization: { id: agency.id } });

    const { data } = await client.request(SocialWorkerById, { id: worker.id });
    const node = data?.node;
    if (node?.__typename !== 'SocialWorker') throw new Error(`got ${node?.__typename}`);
    expect(node).toMatchObject({ certifiedOn: true, certifiedLevel: 'INTERMEDIATE' });
    expect(node.certificates[0]?.registrations[0]?.kind).toBe('FIRST');
    expect(node.posts.map((p) => p.id)).toEqual([post.data.id]);

    // Not certified before the registration.
    const before = await client.request(SocialWorkerById, { id: worker.id, on: monthsBefore(today, 1) });
    expect(before.data?.node).toMatchObject({ certifiedOn: false, certifiedLevel: null });

    // The community page lists the post, with the worker masked, under the agency.
    const page = await client.request(CommunityThreeSocieties, {
      code: community,
      first: 1,
      filter: { uscc: agency.uscc },
    });
    const listed = page.data?.community?.socialOrganizations.nodes[0];
    expect(listed?.posts.nodes.map((p) => p.worker)).toEqual([
      {
        id: worker.id,
        name: '客户端测试社工',
        residentIdMasked: worker.residentIdMasked,
        certifiedLevel: 'INTERMEDIATE',
      },
    ]);
  });
});

describe('indicators', () => {
  type Indicator = ResultOf<typeof Indicators>['indicators'][number];
  const byKey = (indicators: readonly Indicator[]) => new Map(indicators.map((i) => [i.key, i]));

  it('gives each value as numerator / denominator × scale', async () => {
    const { data, error } = await client.request(Indicators, { unitCode: district });
    expect(error).toBeUndefined();
    const indicators = data!.indicators;
    expect(indicators.map((i) => i.key).sort()).toEqual([
      'active_volunteers_per_10k_residents',
      'certificate_holders_per_10k_residents',
      'certified_social_workers_per_10k_residents',
      'community_organizations_per_rural_community',
      'community_organizations_per_urban_community',
      'consultation_outcomes_implemented_share',
      'final_evaluation_average_score',
      'final_evaluations_passed_share',
      'grid_event_ratings_satisfied_share',
      'grid_events_closed_on_time_share',
      'grid_events_reopened_share',
      'needs_covered_by_projects',
      'non_government_funding_share',
      'organizations_per_10k_residents',
      'organizations_registered_elsewhere_per_10k_residents',
      'project_budget_contracted_share',
      'project_budget_disbursed_share',
      'registered_volunteers_per_10k_residents',
      'satisfaction_average_score',
      'summons_reported_in_on_time_share',
      'time_bank_points_outstanding_share',
      'time_bank_points_redeemed_share',
      'volunteer_hours_per_registered_volunteer',
    ]);
    // The demo city has a year of grid events, summonses and meetings (docs/domain.md §7.11):
    // their shares count something too.
    for (const indicator of indicators) {
      expect(indicator).toMatchObject({ unitCode: district, level: 'DISTRICT', on: todayInChina() });
      expect(indicator.numerator).toBeGreaterThanOrEqual(0);
      expect(indicator.denominator, indicator.key).toBeGreaterThan(0);
      expect(indicator.value).toBeCloseTo((indicator.numerator / indicator.denominator) * indicator.scale, 9);
      expect(indicator.numeratorDefinition.length).toBeGreaterThan(0);
    }
    const keyed = byKey(indicators);
    expect(keyed.get('organizations_per_10k_residents')?.scale).toBe(10_000);
    expect(keyed.get('community_organizations_per_urban_community')).toMatchObject({ scale: 1, target: 10 });
  });

  it("the city's indicators add up every district's numerators and denominators", async () => {
    const { data } = await client.request(CityIndicators, {});
    const cityWide = data!.cityIndicators;
    expect(cityWide.length).toBeGreaterThan(3);
    const perDistrict = await Promise.all(
      cityWide[0]!.districts.map(async (code) =>
        byKey((await client.request(Indicators, { unitCode: code })).data!.indicators),
      ),
    );
    expect(cityWide[0]!.districts.length).toBe(3);
    for (const total of cityWide) {
      const numerator = perDistrict.reduce((sum, keyed) => sum + (keyed.get(total.key)?.numerator ?? 0), 0);
      expect(total.numerator).toBeCloseTo(numerator, 6);
      expectTypeOf(total.value).toEqualTypeOf<number | null>();
    }
  });

  it("adds up the subdistricts' numerators and denominators to the district's", async () => {
    const [{ data: whole }, { data: parts }] = await Promise.all([
      client.request(Indicators, { unitCode: district }),
      client.request(IndicatorsByChildUnit, { unitCode: district }),
    ]);
    const units = parts!.indicatorsByChildUnit;
    expect(units.length).toBeGreaterThan(1);
    expect(units.every((unit) => unit.level === 'SUBDISTRICT' && unit.unitCode.startsWith(district))).toBe(
      true,
    );
    const sum = (key: string, field: 'numerator' | 'denominator') =>
      units.reduce((total, unit) => total + (unit.indicators.find((i) => i.key === key)?.[field] ?? 0), 0);
    const keyed = byKey(whole!.indicators);
    for (const key of [
      'community_organizations_per_urban_community',
      'community_organizations_per_rural_community',
    ]) {
      expect(sum(key, 'numerator')).toBe(keyed.get(key)?.numerator);
      expect(sum(key, 'denominator')).toBe(keyed.get(key)?.denominator);
    }
    // The district also counts organizations and workers not placed in any community.
    for (const key of ['organizations_per_10k_residents', 'certified_social_workers_per_10k_residents']) {
      expect(sum(key, 'denominator')).toBe(keyed.get(key)?.denominator);
      expect(sum(key, 'numerator')).toBeLessThanOrEqual(keyed.get(key)?.numerator ?? 0);
    }
  });

  it('refuses a community for a breakdown, as a request error with a code', async () => {
    const { error } = await client.request(IndicatorsByChildUnit, { unitCode: community });
    expect(error?.code).toBe('VALIDATION_FAILED');
  });
});
