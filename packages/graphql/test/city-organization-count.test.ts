/**
 * Issue 16, "Rules to correct" 4: one organization, counted once. USCC uniqueness holds only
 * inside one district database, so an organization registered in one district and recorded in
 * another (serving it, or recorded twice) must not be counted twice city-wide. The rule: an
 * organization counts in the district of its registration (登记管理机关, USCC positions 3–8,
 * GB 32100-2015 and docs/domain.md §3: "the registering authority's area code (not where the
 * organization works)") only; a serving district counts it in the separate
 * organizations_registered_elsewhere_per_10k_residents figure, never in its own count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestGateway, type TestGateway } from './support/demo-gateway.js';

const ON = '2026-11-23';
const DISTRICTS = ['320505', '320506', '320508'];

interface OrganizationRow {
  uscc: string | null;
  legalStatus: 'REGISTERED' | 'FILED';
  registeredOn: string;
  deregisteredOn: string | null;
}

let t: TestGateway;

beforeAll(async () => {
  t = await openTestGateway();
});
afterAll(() => t?.close());

async function allOrganizations(districtCode: string): Promise<OrganizationRow[]> {
  const rows: OrganizationRow[] = [];
  let after: string | null = null;
  for (;;) {
    // biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
    const { data, errors }: { data?: any; errors?: unknown[] } = await t.gql(
      `query($after: String, $filter: SocialOrganizationFilter) {
        socialOrganizations(first: 100, after: $after, filter: $filter) {
          nodes { uscc legalStatus registeredOn deregisteredOn }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { after, filter: { districtCode } },
    );
    expect(errors).toBeUndefined();
    rows.push(...data.socialOrganizations.nodes);
    if (!data.socialOrganizations.pageInfo.hasNextPage) return rows;
    after = data.socialOrganizations.pageInfo.endCursor;
  }
}

const inForce = (o: OrganizationRow) =>
  o.registeredOn <= ON && (o.deregisteredOn === null || o.deregisteredOn > ON);

async function cityFigure(key: string): Promise<{ numerator: number; districts: string[] }> {
  const { data, errors } = await t.gql(
    `{ cityIndicators(on: "${ON}") { key numerator denominator districts } }`,
  );
  expect(errors).toBeUndefined();
  return data.cityIndicators.find((v: { key: string }) => v.key === key);
}

async function districtFigure(districtCode: string, key: string): Promise<number> {
  const { data } = await t.gql(`{ indicators(unitCode: "${districtCode}", on: "${ON}") { key numerator } }`);
  return data.indicators.find((v: { key: string }) => v.key === key).numerator;
}

describe('an organization registered in one district and serving another counts once city-wide', () => {
  let registeredIn320505: string;

  beforeAll(async () => {
    // A social service agency of 虎丘区 (320505)'s register, in force on the day.
    const huqiu = (await allOrganizations('320505')).filter(
      (o) => o.legalStatus === 'REGISTERED' && inForce(o) && o.uscc!.slice(2, 8) === '320505',
    );
    registeredIn320505 = huqiu[0]!.uscc!;
    // 吴中区 (320506) and 姑苏区 (320508) each record it, as an organization serving one of their communities.
    for (const districtCode of ['320506', '320508']) {
      const { data } = await t.gql(
        `query($code: String!) { communities(first: 1, filter: { parentCode: $code }) { nodes { code } } }`,
        { code: districtCode },
      );
      const communityCode = data.communities.nodes[0].code;
      const registered = await t.gql(
        `mutation($input: RegisterOrganizationInput!) {
          registerOrganization(input: $input) {
            __typename
            ... on RegisterOrganizationSuccess { data { districtCode uscc } }
            ... on Error { code message }
          }
        }`,
        {
          input: {
            districtCode,
            name: '跨区服务的社工服务中心',
            legalForm: 'SOCIAL_SERVICE_AGENCY',
            category: 'SERVICES',
            uscc: registeredIn320505,
            communityCode,
            registeredOn: '2026-01-05',
          },
        },
      );
      expect(registered.data?.registerOrganization).toMatchObject({
        __typename: 'RegisterOrganizationSuccess',
        data: { districtCode, uscc: registeredIn320505 },
      });
    }
  });

  it('the city sum of the organization count equals the distinct USCCs (plus filed groups) across the three districts', async () => {
    const rows = (await Promise.all(DISTRICTS.map(allOrganizations))).flat().filter(inForce);
    const registered = rows.filter((o) => o.legalStatus === 'REGISTERED');
    const distinctUsccs = new Set(registered.map((o) => o.uscc));
    const filed = rows.filter((o) => o.legalStatus === 'FILED').length;
    // The same code is held by three district databases.
    expect(registered.filter((o) => o.uscc === registeredIn320505)).toHaveLength(3);
    expect(registered.length).toBe(distinctUsccs.size + 2);

    const city = await cityFigure('organizations_per_10k_residents');
    expect(city.districts).toEqual(DISTRICTS);
    expect(city.numerator).toBe(distinctUsccs.size + filed);
  });

  it('the serving districts count it in the separate serving figure, never in their own count; the registering district counts it', async () => {
    expect(await districtFigure('320506', 'organizations_registered_elsewhere_per_10k_residents')).toBe(1);
    expect(await districtFigure('320508', 'organizations_registered_elsewhere_per_10k_residents')).toBe(1);
    expect(await districtFigure('320505', 'organizations_registered_elsewhere_per_10k_residents')).toBe(0);
    const serving = await cityFigure('organizations_registered_elsewhere_per_10k_residents');
    expect(serving.numerator).toBe(2);
    // Each district's own count is its own register: filed groups and USCCs naming the district.
    for (const districtCode of DISTRICTS) {
      const own = (await allOrganizations(districtCode))
        .filter(inForce)
        .filter((o) => o.legalStatus === 'FILED' || o.uscc!.slice(2, 8) === districtCode).length;
      expect(await districtFigure(districtCode, 'organizations_per_10k_residents'), districtCode).toBe(own);
    }
  });

  it('the certificate-holder figure flows through the city sum beside the registered-certificate one', async () => {
    const holders = await cityFigure('certificate_holders_per_10k_residents');
    const certified = await cityFigure('certified_social_workers_per_10k_residents');
    expect(holders.districts).toEqual(DISTRICTS);
    let sum = 0;
    for (const districtCode of DISTRICTS)
      sum += await districtFigure(districtCode, 'certificate_holders_per_10k_residents');
    expect(holders.numerator).toBe(sum);
    expect(holders.numerator).toBeGreaterThanOrEqual(certified.numerator);
  });
});
