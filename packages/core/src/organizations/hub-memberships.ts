import { and, eq } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import {
  type OrganizationHubMembership,
  organizationHubMemberships,
  type SocialOrganization,
} from '../schema/organizations.js';
import { addDays, periodsOverlap } from '../services/dates.js';
import { hubReaches, lockHubGraph } from './hub-graph.js';
import { MEMBERSHIP, type OrganizationContext } from './organization-context.js';
import type { AddHubMemberInput, EndHubMembershipInput } from './organization-inputs.js';

/**
 * Hubs (枢纽型社会组织) and their members (docs/domain.md §3): a membership joins two active
 * organizations of the district for a period; one that would close a cycle is refused.
 */
export function createHubMembershipUseCases(ctx: OrganizationContext) {
  const {
    kit,
    db,
    districtCode,
    refuse,
    loadOrganization,
    authorizeOn,
    assertActive,
    assertExistedOn,
    endMembership,
  } = ctx;
  return {
    /** A hub organization (枢纽型) takes a member; the relation stays acyclic (docs/domain.md §3). */
    async addHubMember(input: AddHubMemberInput): Promise<OrganizationHubMembership> {
      const hubId = kit.requireId(input.hubId, 'social organization', ['input', 'hubId']);
      const memberId = kit.requireId(input.memberId, 'social organization', ['input', 'memberId']);
      if (hubId === memberId) {
        throw refuse('HUB_CYCLE', 'An organization cannot be a member of itself.', ['input', 'memberId']);
      }
      const joinedOn = kit.pastDate(input.joinedOn, ['input', 'joinedOn'], false);

      return db.transaction(async (tx) => {
        await lockHubGraph(tx, districtCode);
        // Both rows locked in id order, so two calls on the same pair wait for each other
        // instead of deadlocking, and neither organization can be deregistered meanwhile.
        const lockHub = () => loadOrganization(tx, hubId, ['input', 'hubId'], 'update');
        const lockMember = () => loadOrganization(tx, memberId, ['input', 'memberId'], 'update');
        let hub: SocialOrganization;
        let member: SocialOrganization;
        if (hubId < memberId) {
          hub = await lockHub();
          member = await lockMember();
        } else {
          member = await lockMember();
          hub = await lockHub();
        }
        await authorizeOn(tx, hub, 'organization.hub');
        await authorizeOn(tx, member, 'organization.hub');
        if (hub.category !== 'hub') {
          throw refuse(
            'NOT_A_HUB',
            `Organization ${hub.id} (${hub.name}) is of category ${hub.category}; only a hub (枢纽型) takes members.`,
            ['input', 'hubId'],
          );
        }
        assertActive(hub, ['input', 'hubId'], 'joinHub');
        assertActive(member, ['input', 'memberId'], 'joinHub');
        assertExistedOn(hub, joinedOn, ['input', 'joinedOn']);
        assertExistedOn(member, joinedOn, ['input', 'joinedOn']);

        const pairHistory = await tx
          .select()
          .from(organizationHubMemberships)
          .where(
            and(
              eq(organizationHubMemberships.districtCode, districtCode),
              eq(organizationHubMemberships.hubId, hubId),
              eq(organizationHubMemberships.memberId, memberId),
            ),
          );
        const overlapping = pairHistory.find((m) =>
          periodsOverlap(
            { from: m.joinedOn, until: m.leftOn === null ? null : addDays(m.leftOn, -1) },
            { from: joinedOn, until: null },
          ),
        );
        const duplicate = {
          code: 'DUPLICATE_RECORD' as const,
          message: `Organization ${memberId} is already a member of hub ${hubId} on ${joinedOn}.`,
          path: ['input', 'memberId'],
        };
        if (overlapping) {
          throw new SansheError(duplicate.code, duplicate.message, {
            path: duplicate.path,
            details: { membershipId: overlapping.id },
          });
        }
        if (await hubReaches(tx, districtCode, memberId, hubId)) {
          throw refuse(
            'HUB_CYCLE',
            `Hub ${hubId} is already a member of organization ${memberId}, directly or through other hubs; the membership would close a cycle.`,
            ['input', 'memberId'],
          );
        }
        const [row] = await kit.insertUnique(
          () =>
            tx
              .insert(organizationHubMemberships)
              .values({ districtCode, hubId, memberId, joinedOn })
              .returning(),
          duplicate,
        );
        await kit.audit(tx, {
          action: 'hub_membership.add',
          entityType: MEMBERSHIP,
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /** End a hub membership on the day given (the first day the member is out). */
    async endHubMembership(input: EndHubMembershipInput): Promise<OrganizationHubMembership> {
      const path = ['input', 'membershipId'];
      const membershipId = kit.requireId(input.membershipId, 'hub membership', path);
      const leftOn = kit.pastDate(input.leftOn, ['input', 'leftOn'], true);
      return db.transaction(async (tx) => {
        const current = await kit.requireRecord(
          tx,
          organizationHubMemberships,
          membershipId,
          'hub membership',
          path,
          'update',
        );
        await authorizeOn(tx, await loadOrganization(tx, current.hubId, path, 'share'), 'organization.hub');
        kit.checkVersion(current, input.expectedVersion, `Hub membership ${current.id}`);
        if (current.leftOn !== null) {
          throw refuse('ALREADY_ENDED', `Hub membership ${current.id} ended on ${current.leftOn}.`, path);
        }
        if (leftOn < current.joinedOn) {
          throw refuse(
            'INVALID_DATE_RANGE',
            `leftOn ${leftOn} lies before the membership began (${current.joinedOn}).`,
            ['input', 'leftOn'],
          );
        }
        return endMembership(tx, current, leftOn, null);
      });
    },
  };
}
