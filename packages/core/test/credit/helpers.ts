/**
 * Fixtures of the credit suites. Not a test file: vitest collects only `*.test.ts`.
 *
 * Organizations are inserted directly (not through the organization service) so these suites
 * test the credit service alone; their USCCs are real, computed with the GB 11714 and
 * GB 32100-2015 check characters.
 */
import { eq } from 'drizzle-orm';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { type CreditService, createCreditService } from '../../src/organizations/credit-service.js';
import { createPolicyService } from '../../src/policies/index.js';
import {
  auditLog,
  type Community,
  organizationStatusChanges,
  type SocialOrganization,
  socialOrganizations,
} from '../../src/schema/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import { computeOrganizationCodeCheck, computeUsccCheck } from '../../src/validators/index.js';
import { DISTRICT, TODAY } from '../hierarchy/helpers.js';

export { DISTRICT, expectRefused, TODAY } from '../hierarchy/helpers.js';

/** The local cut-offs every suite starts with (a district notice, from 2015). */
export const CUTOFFS_2015 = { '1A': 300, '2A': 450, '3A': 600, '4A': 750, '5A': 900 } as const;
export const CUTOFFS_2015_SOURCE = '虎民〔2015〕8号 社会组织评估等级分数线';

export const COMMUNITY_CODE = '320505001001';

const legalFormCategory = { social_association: '1', social_service_agency: '2', foundation: '3' } as const;

/** A valid civil-affairs USCC registered in the district, distinct for each serial number. */
export function makeUscc(serial: number, legalForm: keyof typeof legalFormCategory): string {
  const body = String(serial).padStart(8, '0');
  const organizationCode = body + computeOrganizationCodeCheck(body);
  const first17 = `5${legalFormCategory[legalForm]}${DISTRICT}${organizationCode}`;
  return first17 + computeUsccCheck(first17);
}

export interface CreditFixture {
  database: DistrictDatabase;
  community: Community;
  /** The credit service with today = {@link TODAY}. */
  credit: CreditService;
  /** Insert an organization row (and its status history) directly. */
  organization(options?: OrganizationOptions): Promise<SocialOrganization>;
}

export interface OrganizationOptions {
  name?: string;
  legalStatus?: 'registered' | 'filed';
  registeredOn?: string;
  deregisteredOn?: string;
  /** Whether the organization is rooted in the fixture's community (default true). */
  inCommunity?: boolean;
  uscc?: string;
}

let serial = 1000;

/**
 * A fresh district database with a subdistrict and a community, local grade cut-offs from
 * 2015 (set under a policy service whose today is 2015-01-01, since a policy cannot start in
 * the past), and a credit service whose today is {@link TODAY}.
 */
export async function createCreditFixture(options: { cutoffs?: boolean } = {}): Promise<CreditFixture> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const hierarchy = createHierarchyService(database, { today: () => TODAY });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  const community = await hierarchy.createCommunity({
    code: COMMUNITY_CODE,
    name: '狮山社区',
    effectiveFrom: '2000-01-01',
  });
  if (options.cutoffs !== false) {
    await createPolicyService(database, { today: () => '2015-01-01' }).setPolicy({
      key: 'organization.evaluation_grade_cutoffs',
      jurisdictionCode: DISTRICT,
      effectiveFrom: '2015-01-01',
      value: { ...CUTOFFS_2015 },
      source: CUTOFFS_2015_SOURCE,
    });
  }
  const credit = createCreditService(database, {
    today: () => TODAY,
    actor: { id: 'staff-7', role: 'DISTRICT_ADMIN', district: DISTRICT },
  });

  async function organization(o: OrganizationOptions = {}): Promise<SocialOrganization> {
    serial += 1;
    const filed = o.legalStatus === 'filed';
    const registeredOn = o.registeredOn ?? '2018-03-15';
    const [row] = await database.db
      .insert(socialOrganizations)
      .values({
        districtCode: DISTRICT,
        name: o.name ?? `狮山社区服务中心${serial}`,
        legalStatus: filed ? 'filed' : 'registered',
        legalForm: filed ? null : 'social_service_agency',
        uscc: filed ? null : (o.uscc ?? makeUscc(serial, 'social_service_agency')),
        category: 'services',
        serviceDomains: ['elderly'],
        communityId: o.inCommunity === false ? null : community.id,
        guidingUnitCode: filed ? COMMUNITY_CODE : null,
        registeredOn,
        status: o.deregisteredOn ? 'deregistered' : 'active',
        deregisteredOn: o.deregisteredOn ?? null,
      })
      .returning();
    await database.db.insert(organizationStatusChanges).values({
      districtCode: DISTRICT,
      organizationId: row!.id,
      kind: filed ? 'filed' : 'registered',
      occurredOn: registeredOn,
      summary: filed ? '备案' : '成立登记',
    });
    if (o.deregisteredOn) {
      await database.db.insert(organizationStatusChanges).values({
        districtCode: DISTRICT,
        organizationId: row!.id,
        kind: 'deregistered',
        occurredOn: o.deregisteredOn,
        summary: '注销登记',
      });
    }
    return row!;
  }

  return { database, community, credit, organization };
}

/** The audit entries of one entity, oldest first. */
export async function auditOf(database: DistrictDatabase, entityType: string, entityId: number) {
  const rows = await database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId));
  return rows.filter((row) => row.entityType === entityType).sort((a, b) => a.id - b.id);
}
