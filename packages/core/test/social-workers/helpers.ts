/**
 * Shared pieces of the social-worker suites. Not a test file: vitest collects only `*.test.ts`.
 * Organizations are inserted as rows (the organization service is another module); the
 * hierarchy is made with its own service.
 */
import type { Actor } from '../../src/access/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import type { Community, SocialOrganization } from '../../src/schema/index.js';
import { socialOrganizations } from '../../src/schema/index.js';
import { createSocialWorkerService, type SocialWorkerService } from '../../src/social-workers/index.js';
import {
  computeOrganizationCodeCheck,
  computeResidentIdCheck,
  computeUsccCheck,
} from '../../src/validators/index.js';

export { DISTRICT, type ExpectedRefusal, expectRefused, TODAY } from '../hierarchy/helpers.js';

import { DISTRICT } from '../hierarchy/helpers.js';

/** The actor of the writes under test, recorded in the audit log. */
export const ACTOR: Actor = { id: 'caseworker-7', role: 'DEPARTMENT_STAFF', district: DISTRICT };

/** A clock the tests move forward, as days pass in a scenario. */
export function clock(start: string) {
  let day = start;
  return {
    today: () => day,
    set(next: string) {
      day = next;
    },
  };
}

export function workerServiceFor(database: DistrictDatabase, today: () => string): SocialWorkerService {
  return createSocialWorkerService(database, { today, actor: ACTOR });
}

/** A valid 18-character resident ID of 苏州市虎丘区 (area 320505) for a birth date and sequence. */
export function residentId(birth: string, sequence: string, area = '320505'): string {
  const first17 = `${area}${birth}${sequence}`;
  return first17 + computeResidentIdCheck(first17);
}

/** A valid resident ID whose check character is X, for the upper/lower-case tests. */
export function residentIdEndingInX(birth: string): string {
  for (let n = 0; n < 1000; n++) {
    const id = residentId(birth, String(n).padStart(3, '0'));
    if (id.endsWith('X')) return id;
  }
  throw new Error(`no sequence gives a check character X for ${birth}`);
}

let organizationSerial = 0;

/** A valid USCC of a social service agency registered by this district's civil-affairs bureau. */
export function usccOfAgency(serial: number): string {
  const body = `5${String(serial).padStart(7, '0')}`;
  const first17 = `52${DISTRICT}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

/** Insert a registered social service agency (active, or deregistered on a day). */
export async function insertOrganization(
  database: DistrictDatabase,
  options: { name: string; registeredOn: string; deregisteredOn?: string },
): Promise<SocialOrganization> {
  organizationSerial += 1;
  const [row] = await database.db
    .insert(socialOrganizations)
    .values({
      districtCode: DISTRICT,
      name: options.name,
      legalStatus: 'registered',
      legalForm: 'social_service_agency',
      uscc: usccOfAgency(organizationSerial),
      category: 'services',
      registeredOn: options.registeredOn,
      status: options.deregisteredOn ? 'deregistered' : 'active',
      deregisteredOn: options.deregisteredOn ?? null,
    })
    .returning();
  return row!;
}

/**
 * The district with two subdistricts and their communities: 狮山街道 (320505001) with 狮山社区,
 * 枫桥街道 (320505002) with 枫桥社区, a community retired in 2020 and one in force only from 2025.
 */
export async function buildHierarchy(database: DistrictDatabase) {
  const h = createHierarchyService(database, { today: () => '2025-06-01' });
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505002', name: '枫桥街道', effectiveFrom: '2000-01-01' });
  const shishan: Community = await h.createCommunity({
    code: '320505001001',
    name: '狮山社区',
    effectiveFrom: '2001-01-01',
  });
  const fengqiao: Community = await h.createCommunity({
    code: '320505002001',
    name: '枫桥社区',
    effectiveFrom: '2001-01-01',
  });
  const retired = await h.createCommunity({
    code: '320505001002',
    name: '何山社区',
    effectiveFrom: '2001-01-01',
  });
  const retiredCommunity = (await h.retireUnit({
    level: 'community',
    id: retired.id,
    retiredOn: '2020-01-01',
  })) as Community;
  const lateCommunity: Community = await h.createCommunity({
    code: '320505001005',
    name: '新升社区',
    effectiveFrom: '2025-03-01',
  });
  return { shishan, fengqiao, retiredCommunity, lateCommunity };
}
