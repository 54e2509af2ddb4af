/**
 * Fixtures of the organization suites. Not a test file: vitest collects only `*.test.ts`.
 */
import type { Logger } from 'drizzle-orm';
import type { Actor } from '../../src/access/index.js';
import { readAuditLog } from '../../src/audit/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService, type HierarchyService } from '../../src/hierarchy/index.js';
import {
  createOrganizationService,
  type LegalForm,
  type OrganizationService,
  usccCategoryOfLegalForm,
} from '../../src/organizations/index.js';
import type { Community, Subdistrict } from '../../src/schema/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import { computeOrganizationCodeCheck, computeUsccCheck, USCC_ALPHABET } from '../../src/validators/index.js';
import { DISTRICT, TODAY } from '../hierarchy/helpers.js';

export { DISTRICT, expectRefused, TODAY } from '../hierarchy/helpers.js';

/** The member of staff every write of the suites is made for; the audit log must name them. */
export const ACTOR: Actor = { id: 'staff-mzj-0017', role: 'DEPARTMENT_STAFF', district: DISTRICT };

/** The units of the fixture district, by what each is for. */
export const CODES = {
  subdistrict: '320505001',
  /** A residents' committee (居委会), urban. */
  urban: '320505001001',
  /** A villagers' committee (村委会). */
  village: '320505001201',
  /** In force 2001-01-01 up to 2024-01-01 (its first day out). */
  retiring: '320505001003',
  /** Retired long ago (2010-01-01). */
  retired: '320505001002',
  /** In force only from 2025-03-01. */
  late: '320505001005',
  otherSubdistrict: '320505002',
  otherCommunity: '320505002001',
} as const;

export interface OrganizationFixture {
  database: DistrictDatabase;
  hierarchy: HierarchyService;
  /** The organization service with actor {@link ACTOR} and today {@link TODAY}. */
  service: OrganizationService;
  subdistrict: Subdistrict;
  otherSubdistrict: Subdistrict;
  communities: Record<'urban' | 'village' | 'retiring' | 'retired' | 'late' | 'otherCommunity', Community>;
}

/**
 * A fresh database for 320505 (苏州市虎丘区) with two subdistricts, an urban community, a
 * village, a community that retired at the start of 2024, one retired in 2010 and one in
 * force only from 2025-03-01. A `logger` sees every statement (e.g. a SQL recorder).
 */
export async function createOrganizationFixture(
  options: { logger?: Logger } = {},
): Promise<OrganizationFixture> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT, ...options });
  const hierarchy = createHierarchyService(database, { today: () => TODAY });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  const subdistrict = await hierarchy.createSubdistrict({
    code: CODES.subdistrict,
    name: '狮山街道',
    effectiveFrom: '2000-01-01',
  });
  const otherSubdistrict = await hierarchy.createSubdistrict({
    code: CODES.otherSubdistrict,
    name: '枫桥街道',
    effectiveFrom: '2000-01-01',
  });
  const community = (code: string, name: string, effectiveFrom: string, urbanRuralClass: string) =>
    hierarchy.createCommunity({ code, name, effectiveFrom, urbanRuralClass });
  const urban = await community(CODES.urban, '狮山社区', '2001-01-01', '111');
  const village = await community(CODES.village, '新浒村', '2001-01-01', '220');
  let retiring = await community(CODES.retiring, '塔园社区', '2001-01-01', '111');
  retiring = (await hierarchy.retireUnit({
    level: 'community',
    id: retiring.id,
    retiredOn: '2024-01-01',
  })) as Community;
  let retired = await community(CODES.retired, '何山社区', '2001-01-01', '111');
  retired = (await hierarchy.retireUnit({
    level: 'community',
    id: retired.id,
    retiredOn: '2010-01-01',
  })) as Community;
  const late = await community(CODES.late, '新升社区', '2025-03-01', '111');
  const otherCommunity = await community(CODES.otherCommunity, '枫桥社区', '2001-01-01', '111');
  return {
    database,
    hierarchy,
    service: createOrganizationService(database, { actor: ACTOR, today: () => TODAY }),
    subdistrict,
    otherSubdistrict,
    communities: { urban, village, retiring, retired, late, otherCommunity },
  };
}

/**
 * A valid unified social credit code (GB 32100-2015) issued by civil affairs for the legal
 * form, distinct for each serial: `5`, the form's category, the registering area, an
 * organization code `MJ` + 6 digits with its GB 11714 check, and the final check character.
 */
export function makeUscc(
  serial: number,
  legalForm: LegalForm = 'social_association',
  options: { authority?: string; category?: string; area?: string } = {},
): string {
  const body = `MJ${String(serial).padStart(6, '0')}`;
  const first17 =
    (options.authority ?? '5') +
    (options.category ?? usccCategoryOfLegalForm[legalForm]) +
    (options.area ?? DISTRICT) +
    body +
    computeOrganizationCodeCheck(body);
  return first17 + computeUsccCheck(first17);
}

/** The same code with another final check character: the legacy fault an override allows. */
/** A community association (社会团体) of the urban community, registered in 2020; `extra` overrides. */
export function registerAssociation(
  service: OrganizationService,
  uscc: string,
  extra: Partial<Parameters<OrganizationService['registerOrganization']>[0]> = {},
) {
  return service.registerOrganization({
    name: '狮山社区睦邻协会',
    legalForm: 'social_association',
    uscc,
    category: 'consultation',
    serviceDomains: ['community_governance'],
    communityCode: CODES.urban,
    registeredOn: '2020-01-01',
    ...extra,
  });
}

export function withWrongCheckCharacter(uscc: string): string {
  const index = USCC_ALPHABET.indexOf(uscc.charAt(17));
  return uscc.slice(0, 17) + USCC_ALPHABET.charAt((index + 1) % USCC_ALPHABET.length);
}

/** The audit entries of one record, oldest first. */
export async function auditOf(database: DistrictDatabase, entityType: string, entityId: number) {
  const rows = await readAuditLog(database.db, database.districtCode, { entityType, entityId });
  return rows.reverse();
}
