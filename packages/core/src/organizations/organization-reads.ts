import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Community } from '../schema/hierarchy.js';
import {
  type OrganizationDisclosure,
  type OrganizationHubMembership,
  type OrganizationStatusChange,
  organizationDisclosures,
  organizationHubMemberships,
  organizationStatusChanges,
  type SocialOrganization,
  socialOrganizations,
} from '../schema/organizations.js';
import { isLocalId } from '../services/service-kit.js';
import type { OrganizationContext } from './organization-context.js';

/** Reads of the organizations area, outside any write's transaction. */
export function createOrganizationReads(ctx: OrganizationContext) {
  const { db, districtCode, findOrganization, servedRows, membershipsOn } = ctx;
  return {
    /** One organization by its local id, or undefined. */
    getOrganization(id: number): Promise<SocialOrganization | undefined> {
      return findOrganization(db, id);
    },

    /** Several organizations by id (for batching), in no particular order; unknown ids are skipped. */
    async getOrganizations(ids: readonly number[]): Promise<SocialOrganization[]> {
      const valid = [...new Set(ids.filter(isLocalId))];
      if (valid.length === 0) return [];
      return db
        .select()
        .from(socialOrganizations)
        .where(
          and(eq(socialOrganizations.districtCode, districtCode), inArray(socialOrganizations.id, valid)),
        );
    },

    /**
     * The organization holding a USCC, or undefined. The code is not validated, so records
     * kept with an overridden check character are found too; case and surrounding spaces are
     * ignored.
     */
    async findByUscc(uscc: string): Promise<SocialOrganization | undefined> {
      if (typeof uscc !== 'string') return undefined;
      const code = uscc.trim().toUpperCase();
      if (code.length !== 18) return undefined;
      const [row] = await db
        .select()
        .from(socialOrganizations)
        .where(and(eq(socialOrganizations.districtCode, districtCode), eq(socialOrganizations.uscc, code)));
      return row;
    },

    /** The memberships of a hub in force on a day (default today), oldest first. */
    listMembers(hubId: number, on?: string): Promise<OrganizationHubMembership[]> {
      return membershipsOn('hub', hubId, on);
    },

    /** The memberships of an organization in hubs, in force on a day (default today), oldest first. */
    listHubs(memberId: number, on?: string): Promise<OrganizationHubMembership[]> {
      return membershipsOn('member', memberId, on);
    },

    /** One hub membership by id, or undefined. */
    async getHubMembership(id: number): Promise<OrganizationHubMembership | undefined> {
      if (!isLocalId(id)) return undefined;
      const [row] = await db
        .select()
        .from(organizationHubMemberships)
        .where(
          and(
            eq(organizationHubMemberships.districtCode, districtCode),
            eq(organizationHubMemberships.id, id),
          ),
        );
      return row;
    },

    /** The status history (registered/filed, changed, deregistered, penalized), oldest first. */
    statusHistory(id: number): Promise<OrganizationStatusChange[]> {
      if (!isLocalId(id)) return Promise.resolve([]);
      return db
        .select()
        .from(organizationStatusChanges)
        .where(
          and(
            eq(organizationStatusChanges.districtCode, districtCode),
            eq(organizationStatusChanges.organizationId, id),
          ),
        )
        .orderBy(asc(organizationStatusChanges.occurredOn), asc(organizationStatusChanges.id));
    },

    /** The communities an organization serves (its base community among them), by code. */
    servedCommunities(id: number): Promise<Community[]> {
      if (!isLocalId(id)) return Promise.resolve([]);
      return servedRows(db, id);
    },

    /** An organization's disclosures, newest first; withdrawn ones only when asked for. */
    listDisclosures(
      organizationId: number,
      listOptions: { includeWithdrawn?: boolean } = {},
    ): Promise<OrganizationDisclosure[]> {
      if (!isLocalId(organizationId)) return Promise.resolve([]);
      return db
        .select()
        .from(organizationDisclosures)
        .where(
          and(
            eq(organizationDisclosures.districtCode, districtCode),
            eq(organizationDisclosures.organizationId, organizationId),
            listOptions.includeWithdrawn ? undefined : isNull(organizationDisclosures.withdrawnOn),
          ),
        )
        .orderBy(desc(organizationDisclosures.publishedOn), desc(organizationDisclosures.id));
    },

    /** One disclosure by id, or undefined. */
    async getDisclosure(id: number): Promise<OrganizationDisclosure | undefined> {
      if (!isLocalId(id)) return undefined;
      const [row] = await db
        .select()
        .from(organizationDisclosures)
        .where(
          and(eq(organizationDisclosures.districtCode, districtCode), eq(organizationDisclosures.id, id)),
        );
      return row;
    },
  };
}
