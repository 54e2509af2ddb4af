import { and, eq } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { SansheDb } from '../database/district-database.js';
import { organizationWriteTarget } from '../organizations/organization-target.js';
import { communities } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';

/**
 * Where a post lies, for the jurisdiction check of a write on it: the community that employs
 * the worker, or wherever the employing organization lies. An employer that does not exist lies
 * nowhere (the write's own checks then report it as not found to a caller who may write there).
 */
export async function postWriteTarget(
  executor: SansheDb,
  districtCode: string,
  employer: { organizationId?: number | null; communityId?: number | null },
): Promise<WriteTarget> {
  if (employer.communityId !== undefined && employer.communityId !== null) {
    const [community] = await executor
      .select({ code: communities.code })
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.id, employer.communityId)));
    return { unitCode: community?.code ?? null };
  }
  if (employer.organizationId === undefined || employer.organizationId === null) return {};
  const [organization] = await executor
    .select()
    .from(socialOrganizations)
    .where(
      and(
        eq(socialOrganizations.districtCode, districtCode),
        eq(socialOrganizations.id, employer.organizationId),
      ),
    );
  return organization
    ? organizationWriteTarget(executor, organization)
    : { organizationId: employer.organizationId };
}
