import { and, eq } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { SansheDb } from '../database/district-database.js';
import { communities } from '../schema/hierarchy.js';
import type { SocialOrganization } from '../schema/organizations.js';

/**
 * Where an organization lies, for the jurisdiction check of a write on it: the community it is
 * rooted in, else the unit guiding it (a filed group), else nowhere below the district (a
 * district-wide organization, which only district-wide roles may change).
 */
export async function organizationWriteTarget(
  executor: SansheDb,
  organization: Pick<SocialOrganization, 'districtCode' | 'id' | 'communityId' | 'guidingUnitCode'>,
): Promise<WriteTarget> {
  if (organization.communityId === null) return writeTargetOf(organization, null);
  const [base] = await executor
    .select({ code: communities.code })
    .from(communities)
    .where(
      and(
        eq(communities.districtCode, organization.districtCode),
        eq(communities.id, organization.communityId),
      ),
    );
  return writeTargetOf(organization, base?.code ?? null);
}

/** {@link organizationWriteTarget} when the base community's code is already known. */
export function writeTargetOf(
  organization: Pick<SocialOrganization, 'id' | 'guidingUnitCode'>,
  baseCommunityCode: string | null,
): WriteTarget {
  return { unitCode: baseCommunityCode ?? organization.guidingUnitCode, organizationId: organization.id };
}

/** The write action that covers changing the organization's own record. */
export function recordActionOf(organization: Pick<SocialOrganization, 'legalStatus'>) {
  return organization.legalStatus === 'filed'
    ? ('organization.file' as const)
    : ('organization.register' as const);
}
