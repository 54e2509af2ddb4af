/**
 * The district of the volunteer suites (docs/domain.md §5.1, §5.2). Not a test file: vitest
 * collects only `*.test.ts`. The hierarchy is made with its own service and organizations are
 * inserted as rows (their service is another area); volunteers, teams and records go through the
 * service under test.
 *
 * - 虎丘区 (320505): 狮山街道 (320505001) with 狮山社区 (…001001, a grid 网格一) and 何山社区
 *   (…001002); 枫桥街道 (320505002) with 枫桥社区 (…002001); 白马涧社区 (…001003), retired in 2020.
 * - 乐龄社工 (an organization rooted in 狮山社区) and 阳光社工 (rooted in 枫桥社区).
 * - Today is 2025-06-01; "now" is noon that day in China.
 */
import type { Actor } from '../../src/access/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { socialOrganizations } from '../../src/schema/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import {
  computeOrganizationCodeCheck,
  computeResidentIdCheck,
  computeUsccCheck,
} from '../../src/validators/index.js';
import { createVolunteerService, type VolunteersService } from '../../src/volunteers/index.js';

export { type ExpectedRefusal, expectRefused } from '../hierarchy/helpers.js';

export const DISTRICT = '320505';
export const TODAY = '2025-06-01';
export const NOW = new Date('2025-06-01T12:00:00+08:00');
export const SHISHAN = '320505001001';
export const HESHAN = '320505001002';
export const FENGQIAO = '320505002001';

/** A valid 18-character resident ID of 虎丘区 for a birth date (YYYYMMDD) and sequence. */
export function residentId(birth: string, sequence: string): string {
  const first17 = `${DISTRICT}${birth}${sequence}`;
  return first17 + computeResidentIdCheck(first17);
}

let idSequence = 100;
/** A fresh adult's resident ID (born 1990), never the same twice in a process. */
export function nextResidentId(birth = '19900101'): string {
  idSequence += 2;
  return residentId(birth, String(idSequence).padStart(3, '0'));
}

function usccOfAgency(serial: number): string {
  const body = `6${String(serial).padStart(7, '0')}`;
  const first17 = `52${DISTRICT}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

export interface VolunteerDistrict {
  database: DistrictDatabase;
  communities: { shishan: number; heshan: number; fengqiao: number; retired: number };
  grid: number;
  organizations: { leling: number; yangguang: number };
  actors: ReturnType<typeof actorsOf>;
  /** The volunteer service acting as `actor` (the district admin by default). */
  as(actor?: Actor): VolunteersService;
}

function actorsOf(organizations: { leling: number; yangguang: number }) {
  return {
    admin: { id: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT },
    bureau: { id: 'mz-01', role: 'DEPARTMENT_STAFF', district: DISTRICT },
    subdistrict: { id: 'js-01', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict: '320505001' },
    shishan: { id: 'sq-ss-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: SHISHAN },
    heshan: { id: 'sq-hs-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: HESHAN },
    fengqiao: { id: 'sq-fq-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: FENGQIAO },
    gridWorker: { id: 'wg-ss-01', role: 'GRID_WORKER', district: DISTRICT, community: SHISHAN },
    leling: { id: 'll-01', role: 'ORG_STAFF', district: DISTRICT, organizationId: organizations.leling },
    yangguang: {
      id: 'yg-01',
      role: 'ORG_STAFF',
      district: DISTRICT,
      organizationId: organizations.yangguang,
    },
    evaluator: { id: 'pg-01', role: 'EVALUATOR', district: DISTRICT },
    public: { id: 'anonymous', role: 'PUBLIC' },
  } satisfies Record<string, Actor>;
}

/** A volunteer caller. */
export function volunteerActor(volunteerId: number): Actor {
  return { id: `zyz-${volunteerId}`, role: 'VOLUNTEER', district: DISTRICT, volunteerId };
}

export async function createVolunteerDistrict(): Promise<VolunteerDistrict> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const h = createHierarchyService(database, { today: () => TODAY });
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505002', name: '枫桥街道', effectiveFrom: '2000-01-01' });
  const shishan = await h.createCommunity({ code: SHISHAN, name: '狮山社区', effectiveFrom: '2001-01-01' });
  const heshan = await h.createCommunity({ code: HESHAN, name: '何山社区', effectiveFrom: '2001-01-01' });
  const fengqiao = await h.createCommunity({ code: FENGQIAO, name: '枫桥社区', effectiveFrom: '2001-01-01' });
  const retired = await h.createCommunity({
    code: '320505001003',
    name: '白马涧社区',
    effectiveFrom: '2001-01-01',
  });
  await h.retireUnit({ level: 'community', id: retired.id, retiredOn: '2020-01-01' });
  const grid = await h.createGrid({ code: `${SHISHAN}001`, name: '网格一', effectiveFrom: '2010-01-01' });
  const insertOrganization = async (name: string, serial: number, communityId: number) => {
    const [row] = await database.db
      .insert(socialOrganizations)
      .values({
        districtCode: DISTRICT,
        name,
        legalStatus: 'registered',
        legalForm: 'social_service_agency',
        uscc: usccOfAgency(serial),
        category: 'services',
        registeredOn: '2015-01-01',
        status: 'active',
        communityId,
      })
      .returning();
    return row!.id;
  };
  const organizations = {
    leling: await insertOrganization('乐龄社工服务中心', 1, shishan.id),
    yangguang: await insertOrganization('阳光社工服务社', 2, fengqiao.id),
  };
  const actors = actorsOf(organizations);
  return {
    database,
    communities: { shishan: shishan.id, heshan: heshan.id, fengqiao: fengqiao.id, retired: retired.id },
    grid: grid.id,
    organizations,
    actors,
    as: (actor: Actor = actors.admin) =>
      createVolunteerService(database, { actor, today: () => TODAY, now: () => NOW }),
  };
}

/** An adult volunteer of a community, registered on 2024-01-01 by the district admin. */
export function registerAdult(d: VolunteerDistrict, name: string, communityId = d.communities.shishan) {
  return d.as().registerVolunteer({
    name,
    residentId: nextResidentId(),
    homeCommunityId: communityId,
    registeredOn: '2024-01-01',
    mobilePhone: '13912345678',
  });
}

/** A span of service on a day of 2025 in China: `day` MM-DD, hours HH-HH. */
export function span(day: string, from: number, to: number) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return { startedAt: `2025-${day}T${pad(from)}:00:00+08:00`, endedAt: `2025-${day}T${pad(to)}:00:00+08:00` };
}
