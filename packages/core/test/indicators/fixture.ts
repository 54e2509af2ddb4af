/**
 * A small hand-built district whose indicator figures are counted by hand in the tests. Not a
 * test file. Rows are inserted directly (the organization and worker services are tested
 * elsewhere); the hierarchy goes through its service.
 */
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { developmentKeyring } from '../../src/personal-data/keyring.js';
import { createPolicyService } from '../../src/policies/index.js';
import { socialOrganizations } from '../../src/schema/organizations.js';
import {
  certificateRegistrations,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
} from '../../src/schema/social-workers.js';
import { addDays, addYears } from '../../src/services/dates.js';
import { residentIdColumns } from '../../src/social-workers/worker-identifiers.js';
import {
  computeOrganizationCodeCheck,
  computeResidentIdCheck,
  computeUsccCheck,
} from '../../src/validators/index.js';

export const DISTRICT = '320505';
/** The reference date of most tests. */
export const ON = '2024-06-30';
export const DAY_AFTER = addDays(ON, 1);
export const DAY_BEFORE = addDays(ON, -1);

/** Subdistrict A (街道) and town T (镇). */
export const A = '320505001';
export const T = '320505101';
export const A1 = `${A}001`; // urban 111, 10,000 residents
export const A2 = `${A}002`; // urban 112, 5,000
export const A3 = `${A}003`; // no urban-rural class, 2,000
export const A4 = `${A}004`; // urban 111, 3,000, retired on 2024-01-01
export const A5 = `${A}005`; // urban 111, 6,000, in force from 2025-01-01
export const T1 = `${T}001`; // urban 121, 4,000
export const T2 = `${T}201`; // village 220, 1,500
export const T3 = `${T}202`; // village 220, population not recorded

export const T_TARGET_SOURCE = '横泾镇关于社区社会组织培育目标的通知 (2020)';

export function uscc(form: '1' | '2', n: number, registeringArea: string = DISTRICT): string {
  const body = `MJ${String(n).padStart(6, '0')}`;
  const first17 = `5${form}${registeringArea}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

function residentId(n: number): string {
  const first17 = `${DISTRICT}198501${String(n).padStart(2, '0')}${String(100 + n)}`;
  return first17 + computeResidentIdCheck(first17);
}

export async function buildDistrict(database: DistrictDatabase): Promise<Record<string, number>> {
  const hierarchy = createHierarchyService(database, { today: () => '2020-01-01' });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: A, name: '甲街道', effectiveFrom: '2001-01-01' });
  await hierarchy.createSubdistrict({ code: T, name: '乙镇', effectiveFrom: '2001-01-01' });
  const community = async (
    code: string,
    urbanRuralClass: string | null,
    residentPopulation: number | null,
    effectiveFrom = '2002-01-01',
  ) =>
    (
      await hierarchy.createCommunity({
        code,
        name: `社区${code.slice(-4)}`,
        urbanRuralClass,
        residentPopulation,
        effectiveFrom,
      })
    ).id;
  const ids: Record<string, number> = {
    A1: await community(A1, '111', 10_000),
    A2: await community(A2, '112', 5_000),
    A3: await community(A3, null, 2_000),
    A4: await community(A4, '111', 3_000),
    A5: await community(A5, '111', 6_000, '2025-01-01'),
    T1: await community(T1, '121', 4_000),
    T2: await community(T2, '220', 1_500),
    T3: await community(T3, '220', null),
  };
  await hierarchy.retireUnit({ level: 'community', id: ids.A4!, retiredOn: '2024-01-01' });

  // A town's own target, set in 2020: 12 per urban, 6 per rural community.
  await createPolicyService(database, { today: () => '2020-01-01' }).setPolicy({
    key: 'indicator.community_organizations_target',
    jurisdictionCode: T,
    effectiveFrom: '2020-01-01',
    value: { urban: 12, rural: 6 },
    source: T_TARGET_SOURCE,
  });

  const filed = (
    id: number,
    communityId: number | null,
    registeredOn: string,
    deregisteredOn: string | null = null,
  ) => ({
    districtCode: DISTRICT,
    id,
    name: `社区社会组织${id}`,
    legalStatus: 'filed',
    category: 'services',
    communityId,
    guidingUnitCode: A1,
    registeredOn,
    status: deregisteredOn ? 'deregistered' : 'active',
    deregisteredOn,
  });
  const registered = (
    id: number,
    communityId: number | null,
    registeredOn: string,
    deregisteredOn: string | null = null,
  ) => ({
    ...filed(id, communityId, registeredOn, deregisteredOn),
    legalStatus: 'registered',
    legalForm: 'social_service_agency',
    uscc: uscc('2', id),
    guidingUnitCode: null,
  });
  await database.db.insert(socialOrganizations).values([
    filed(1, ids.A1!, '2020-01-01'), // counts
    filed(2, ids.A1!, ON), // filed on the reference date: counts
    filed(3, ids.A1!, DAY_AFTER), // not yet filed
    registered(4, ids.A1!, '2015-05-05', ON), // deregistered on the reference date: no longer counts
    filed(5, ids.A1!, '2019-03-01', DAY_AFTER), // deregistered the day after: still counts
    { ...registered(6, ids.A2!, '2018-01-01'), legalForm: 'social_association', uscc: uscc('1', 6) },
    filed(7, ids.A3!, '2021-01-01'), // community without an urban-rural class
    filed(8, ids.A4!, '2016-01-01'), // base community retired since
    filed(9, ids.T1!, '2019-01-01'),
    filed(10, ids.T2!, '2019-01-01'),
    registered(11, ids.T2!, '2017-01-01'),
    filed(12, ids.T3!, '2020-01-01'),
    registered(13, null, '2012-01-01'), // district-wide agency, no base community
    registered(14, null, '2012-01-01', '2020-01-01'), // deregistered long ago
    // Issue 16: registered elsewhere, recorded here because they serve this district. They count
    // only in the serving figure, never in this district's organization counts.
    { ...registered(15, ids.A2!, '2019-01-01'), uscc: uscc('2', 15, '320506') }, // by 吴中区, rooted in A2
    { ...registered(16, null, '2018-01-01'), uscc: uscc('2', 16, '320500') }, // by the city bureau, district-wide
  ]);

  await database.db.insert(socialWorkers).values(
    Array.from({ length: 11 }, (_, i) => ({
      districtCode: DISTRICT,
      id: i + 1,
      name: `社工${i + 1}`,
      ...residentIdColumns(developmentKeyring, DISTRICT, residentId(i + 1)),
    })),
  );
  // Certificates: id = worker id, plus 12 = worker 11's intermediate certificate.
  await database.db.insert(socialWorkCertificates).values([
    ...Array.from({ length: 11 }, (_, i) => ({
      districtCode: DISTRICT,
      id: i + 1,
      workerId: i + 1,
      level: 'assistant',
      certificateNumber: `2015${i + 1}`,
      passedOn: '2015-09-01',
    })),
    {
      districtCode: DISTRICT,
      id: 12,
      workerId: 11,
      level: 'intermediate',
      certificateNumber: '2020-12',
      passedOn: '2020-09-01',
    },
  ]);
  const registration = (
    id: number,
    certificateId: number,
    validFrom: string,
    validUntil = addDays(addYears(validFrom, 3), -1),
  ) => ({
    districtCode: DISTRICT,
    id,
    certificateId,
    kind: 'first',
    registeredOn: validFrom,
    validFrom,
    validUntil,
  });
  await database.db.insert(certificateRegistrations).values([
    registration(1, 1, '2022-01-10'),
    registration(2, 2, '2023-01-10'),
    registration(3, 3, '2023-01-10'),
    registration(4, 4, '2023-01-10'),
    registration(5, 5, '2023-01-10'), // certified, no post
    registration(6, 6, '2018-03-01'), // lapsed: valid until 2021-02-28, not renewed
    registration(7, 7, addDays(addYears(ON, -3), 1), ON), // last valid day is the reference date
    registration(8, 8, DAY_AFTER), // not yet valid
    registration(9, 9, '2023-01-10'),
    registration(10, 10, '2023-01-10'),
    registration(11, 11, '2016-01-01'), // worker 11's assistant registration lapsed in 2019
    registration(12, 12, '2022-01-01'), // … their intermediate one is valid until 2024-12-31
  ]);
  const post = (
    id: number,
    workerId: number,
    at: { communityId?: number; organizationId?: number },
    startsOn = '2022-01-01',
    endsOn: string | null = null,
    fullTime = true,
  ) => ({
    districtCode: DISTRICT,
    id,
    workerId,
    communityId: at.communityId ?? null,
    organizationId: at.organizationId ?? null,
    title: '社工',
    fullTime,
    startsOn,
    endsOn,
  });
  await database.db.insert(socialWorkerPosts).values([
    post(1, 1, { communityId: ids.A1! }),
    post(2, 2, { organizationId: 6 }), // rooted in A2
    post(3, 3, { communityId: ids.A1! }),
    post(4, 3, { organizationId: 9 }, '2022-01-01', null, false), // part-time, rooted in T1
    post(5, 4, { organizationId: 13 }), // district-wide agency
    post(6, 6, { communityId: ids.A1! }), // lapsed worker
    post(7, 7, { communityId: ids.T2! }, '2022-01-01', ON), // ends on the reference date
    post(8, 8, { communityId: ids.A2! }),
    post(9, 9, { communityId: ids.A2! }, '2022-01-01', DAY_BEFORE), // ended the day before
    post(10, 10, { communityId: ids.A2! }, DAY_AFTER), // starts the day after
    post(11, 11, { communityId: ids.A1! }),
    post(12, 11, { communityId: ids.A2! }, '2022-01-01', null, false),
  ]);
  return ids;
}
