import { and, eq, sql } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { communities } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import { timeBankCatalogueItems } from '../schema/time-bank.js';
import { parseCode } from '../services/code-list.js';
import { checkPublishedText } from '../validators/published-text.js';
import { catalogueItemKinds } from './code-lists.js';
import type { TimeBankContext } from './time-bank-context.js';
import { parsePoints } from './time-bank-rules.js';
import type {
  CatalogueItemResult,
  ListCatalogueItemInput,
  RestockCatalogueItemInput,
  WithdrawCatalogueItemInput,
} from './time-bank-types.js';

type CatalogueItem = typeof timeBankCatalogueItems.$inferSelect;

/**
 * The exchange catalogue (积分兑换目录, docs/domain.md §5.5): what a community or an organization
 * offers for points, listed, restocked and withdrawn by its provider (`time_bank.catalogue`).
 * The catalogue is public, so its names and descriptions are checked for personal data.
 */
export function createCatalogueUseCases(context: TimeBankContext) {
  const { kit, districtCode, bank } = context;

  function publishedText(value: unknown, field: string, maxLength: number, label: string): string {
    const path = ['input', field];
    return kit.unwrap(checkPublishedText(kit.text(value, path, { maxLength, label }), { path }));
  }

  /** Where an item's provider lies, for the jurisdiction check. */
  async function providerTarget(
    executor: SansheDb,
    provider: { providerCommunityId: number | null; providerOrganizationId: number | null },
  ): Promise<WriteTarget> {
    if (provider.providerCommunityId !== null) {
      const [community] = await executor
        .select({ code: communities.code })
        .from(communities)
        .where(
          and(eq(communities.districtCode, districtCode), eq(communities.id, provider.providerCommunityId)),
        );
      if (!community)
        throw kit.notFound('community', provider.providerCommunityId, ['input', 'providerCommunityId']);
      return { unitCode: community.code };
    }
    return { organizationId: provider.providerOrganizationId };
  }

  /** The item, authorized for the caller as its provider; NOT_FOUND when there is none. */
  async function itemForProvider(itemId: number): Promise<CatalogueItem> {
    const item = await kit.requireRecord(kit.db, timeBankCatalogueItems, itemId, 'catalogue item', [
      'input',
      'itemId',
    ]);
    kit.authorize('time_bank.catalogue', await providerTarget(kit.db, item));
    return item;
  }

  function resultOf(item: CatalogueItem): CatalogueItemResult {
    return { itemId: item.id, version: item.version, stock: item.stock, withdrawnOn: item.withdrawnOn };
  }

  return {
    /**
     * List an item: a service or goods, its provider (a community or an organization of the
     * caller's jurisdiction), its price in points and its stock (none: offered without limit).
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, INVALID_TEXT,
     *   PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_CODE_LIST_VALUE, INVALID_NUMBER, INVALID_DATE,
     *   DATE_IN_FUTURE, IDEMPOTENCY_KEY_REUSED
     */
    async listCatalogueItem(input: ListCatalogueItemInput): Promise<CatalogueItemResult> {
      const key = bank.ledger.parseIdempotencyKey(input.idempotencyKey);
      const name = publishedText(input.name, 'name', 200, 'The name');
      const description =
        input.description === undefined || input.description === null
          ? null
          : publishedText(input.description, 'description', 500, 'The description');
      const kind = parseCode(catalogueItemKinds, input.kind, ['input', 'kind'], 'catalogue item kind');
      const communityGiven = input.providerCommunityId !== undefined && input.providerCommunityId !== null;
      const organizationGiven =
        input.providerOrganizationId !== undefined && input.providerOrganizationId !== null;
      if (communityGiven === organizationGiven) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'An item has exactly one provider: a community or an organization.',
          {
            path: ['input', communityGiven ? 'providerOrganizationId' : 'providerCommunityId'],
          },
        );
      }
      const providerCommunityId = communityGiven
        ? kit.requireId(input.providerCommunityId, 'community', ['input', 'providerCommunityId'])
        : null;
      const providerOrganizationId = organizationGiven
        ? kit.requireId(input.providerOrganizationId, 'social organization', [
            'input',
            'providerOrganizationId',
          ])
        : null;
      const pricePoints = parsePoints(input.pricePoints, ['input', 'pricePoints'], 'The price');
      const stock =
        input.stock === undefined || input.stock === null
          ? null
          : input.stock === 0
            ? 0
            : parsePoints(input.stock, ['input', 'stock'], 'The stock');
      const listedOn = kit.pastDate(input.listedOn, ['input', 'listedOn'], false);
      if (providerOrganizationId !== null) {
        await kit.requireVisible(kit.db, 'social_organization', providerOrganizationId, [
          'input',
          'providerOrganizationId',
        ]);
      }
      kit.authorize(
        'time_bank.catalogue',
        await providerTarget(kit.db, { providerCommunityId, providerOrganizationId }),
      );

      const body = {
        name: input.name,
        description: input.description ?? null,
        kind,
        providerCommunityId,
        providerOrganizationId,
        pricePoints,
        stock,
        listedOn: input.listedOn ?? null,
      };
      return bank.ledger.idempotent('time_bank.list_item', key, body, async (tx) => {
        if (providerOrganizationId !== null) {
          await kit.requireRecord(tx, socialOrganizations, providerOrganizationId, 'social organization', [
            'input',
            'providerOrganizationId',
          ]);
        }
        const [item] = await tx
          .insert(timeBankCatalogueItems)
          .values({
            districtCode,
            name,
            description,
            kind,
            providerCommunityId,
            providerOrganizationId,
            pricePoints,
            stock,
            listedOn,
          })
          .returning();
        await kit.audit(tx, {
          action: 'time_bank_catalogue_item.list',
          entityType: 'time_bank_catalogue_item',
          entityId: item!.id,
          after: item!,
        });
        return resultOf(item!);
      });
    },

    /**
     * Add units to an item offered in limited stock, under its row lock (exchanges of the item
     * wait for it). Refused for an item offered without limit (VALIDATION_FAILED) or withdrawn
     * (ALREADY_ENDED).
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, INVALID_NUMBER, ALREADY_ENDED,
     *   IDEMPOTENCY_KEY_REUSED
     */
    async restockCatalogueItem(input: RestockCatalogueItemInput): Promise<CatalogueItemResult> {
      const key = bank.ledger.parseIdempotencyKey(input.idempotencyKey);
      const itemId = kit.requireId(input.itemId, 'catalogue item', ['input', 'itemId']);
      const quantity = parsePoints(input.quantity, ['input', 'quantity'], 'The quantity');
      await itemForProvider(itemId);
      return bank.ledger.idempotent('time_bank.restock_item', key, { itemId, quantity }, async (tx) => {
        const item = await kit.requireRecord(
          tx,
          timeBankCatalogueItems,
          itemId,
          'catalogue item',
          ['input', 'itemId'],
          'update',
        );
        if (item.withdrawnOn !== null) {
          throw new SansheError('ALREADY_ENDED', `Item ${itemId} was withdrawn on ${item.withdrawnOn}.`, {
            path: ['input', 'itemId'],
          });
        }
        if (item.stock === null) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `Item ${itemId} is offered without limit; it has no stock to add to.`,
            {
              path: ['input', 'itemId'],
            },
          );
        }
        const [after] = await tx
          .update(timeBankCatalogueItems)
          .set({
            stock: sql`${timeBankCatalogueItems.stock} + ${quantity}`,
            version: sql`${timeBankCatalogueItems.version} + 1`,
            updatedAt: sql`now()`,
          })
          .where(
            and(eq(timeBankCatalogueItems.districtCode, districtCode), eq(timeBankCatalogueItems.id, itemId)),
          )
          .returning();
        await kit.audit(tx, {
          action: 'time_bank_catalogue_item.restock',
          entityType: 'time_bank_catalogue_item',
          entityId: itemId,
          before: { stock: item.stock },
          after: { stock: after!.stock },
        });
        return resultOf(after!);
      });
    },

    /**
     * Stop offering an item from a day (not before it was listed); its exchanges stay and may
     * still be reversed.
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, INVALID_DATE_RANGE,
     *   ALREADY_ENDED, IDEMPOTENCY_KEY_REUSED
     */
    async withdrawCatalogueItem(input: WithdrawCatalogueItemInput): Promise<CatalogueItemResult> {
      const key = bank.ledger.parseIdempotencyKey(input.idempotencyKey);
      const itemId = kit.requireId(input.itemId, 'catalogue item', ['input', 'itemId']);
      const withdrawnOn = kit.pastDate(input.withdrawnOn, ['input', 'withdrawnOn'], false);
      await itemForProvider(itemId);
      const body = { itemId, withdrawnOn: input.withdrawnOn ?? null };
      return bank.ledger.idempotent('time_bank.withdraw_item', key, body, async (tx) => {
        const item = await kit.requireRecord(
          tx,
          timeBankCatalogueItems,
          itemId,
          'catalogue item',
          ['input', 'itemId'],
          'update',
        );
        if (item.withdrawnOn !== null) {
          throw new SansheError('ALREADY_ENDED', `Item ${itemId} was withdrawn on ${item.withdrawnOn}.`, {
            path: ['input', 'itemId'],
          });
        }
        if (withdrawnOn < item.listedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Item ${itemId} was listed on ${item.listedOn}; it cannot be withdrawn before that.`,
            { path: ['input', 'withdrawnOn'] },
          );
        }
        const [after] = await tx
          .update(timeBankCatalogueItems)
          .set({ withdrawnOn, version: sql`${timeBankCatalogueItems.version} + 1`, updatedAt: sql`now()` })
          .where(
            and(eq(timeBankCatalogueItems.districtCode, districtCode), eq(timeBankCatalogueItems.id, itemId)),
          )
          .returning();
        await kit.audit(tx, {
          action: 'time_bank_catalogue_item.withdraw',
          entityType: 'time_bank_catalogue_item',
          entityId: itemId,
          before: { withdrawnOn: null },
          after: { withdrawnOn },
        });
        return resultOf(after!);
      });
    },
  };
}
