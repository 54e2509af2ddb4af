import { and, eq } from 'drizzle-orm';
import { type OrganizationDisclosure, organizationDisclosures } from '../schema/organizations.js';
import { parseCode } from '../services/code-list.js';
import { disclosureKinds } from './code-lists.js';
import {
  DISCLOSURE,
  MAX_CONTENT_LENGTH,
  MAX_TITLE_LENGTH,
  type OrganizationContext,
} from './organization-context.js';
import type { PublishDisclosureInput, WithdrawDisclosureInput } from './organization-inputs.js';

/**
 * Disclosures (四公开, docs/domain.md §3): an active organization publishes what it must make
 * public; a disclosure is withdrawn, never edited. Published text holds no personal data.
 */
export function createDisclosureUseCases(ctx: OrganizationContext) {
  const {
    kit,
    db,
    districtCode,
    refuse,
    loadOrganization,
    authorizeOn,
    assertActive,
    assertExistedOn,
    assertNoPersonalData,
  } = ctx;
  return {
    /** Publish a disclosure (四公开): text that anyone may read, so it must hold no personal data. */
    async publishDisclosure(input: PublishDisclosureInput): Promise<OrganizationDisclosure> {
      const organizationId = kit.requireId(input.organizationId, 'social organization', [
        'input',
        'organizationId',
      ]);
      const kind = parseCode(disclosureKinds, input.kind, ['input', 'kind'], 'disclosure kind');
      const title = kit.text(input.title, ['input', 'title'], {
        maxLength: MAX_TITLE_LENGTH,
        label: 'The title',
      });
      const content = kit.text(input.content, ['input', 'content'], {
        maxLength: MAX_CONTENT_LENGTH,
        multiline: true,
        label: 'The content',
      });
      assertNoPersonalData(title, ['input', 'title']);
      assertNoPersonalData(content, ['input', 'content']);
      const publishedOn = kit.pastDate(input.publishedOn, ['input', 'publishedOn'], false);

      return db.transaction(async (tx) => {
        // Shared lock: a deregistration waits until this disclosure is committed, then sees it.
        const organization = await loadOrganization(tx, organizationId, ['input', 'organizationId'], 'share');
        await authorizeOn(tx, organization, 'organization.disclose');
        assertActive(organization, ['input', 'organizationId'], 'disclose');
        assertExistedOn(organization, publishedOn, ['input', 'publishedOn']);
        const [row] = await tx
          .insert(organizationDisclosures)
          .values({ districtCode, organizationId, kind, title, content, publishedOn })
          .returning();
        await kit.audit(tx, {
          action: 'disclosure.publish',
          entityType: DISCLOSURE,
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /** Withdraw a disclosure; it stays on record with the day it was withdrawn. */
    async withdrawDisclosure(input: WithdrawDisclosureInput): Promise<OrganizationDisclosure> {
      const path = ['input', 'disclosureId'];
      const disclosureId = kit.requireId(input.disclosureId, 'disclosure', path);
      const withdrawnOn = kit.pastDate(input.withdrawnOn, ['input', 'withdrawnOn'], true);
      return db.transaction(async (tx) => {
        const current = await kit.requireRecord(
          tx,
          organizationDisclosures,
          disclosureId,
          'disclosure',
          path,
          'update',
        );
        await authorizeOn(
          tx,
          await loadOrganization(tx, current.organizationId, path, 'share'),
          'organization.disclose',
        );
        if (current.withdrawnOn !== null) {
          throw refuse(
            'ALREADY_ENDED',
            `Disclosure ${current.id} was withdrawn on ${current.withdrawnOn}.`,
            path,
          );
        }
        if (withdrawnOn < current.publishedOn) {
          throw refuse(
            'INVALID_DATE_RANGE',
            `withdrawnOn ${withdrawnOn} lies before the publication on ${current.publishedOn}.`,
            ['input', 'withdrawnOn'],
          );
        }
        const [row] = await tx
          .update(organizationDisclosures)
          .set({ withdrawnOn })
          .where(
            and(
              eq(organizationDisclosures.districtCode, districtCode),
              eq(organizationDisclosures.id, current.id),
            ),
          )
          .returning();
        await kit.audit(tx, {
          action: 'disclosure.withdraw',
          entityType: DISCLOSURE,
          entityId: current.id,
          before: current,
          after: row,
        });
        return row!;
      });
    },
  };
}
