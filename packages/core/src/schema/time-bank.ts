import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, nameColumn, recordColumns } from './columns.js';
import { communities } from './hierarchy.js';
import { journalEntries, ledgerAccounts } from './ledger.js';
import { socialOrganizations } from './organizations.js';
import { volunteerServices, volunteers } from './volunteers.js';

/**
 * The time bank and participation points (积分制, 时间银行; docs/domain.md §5.5) keep their
 * movements on the district's one ledger (schema/ledger.ts): these tables only say why an entry
 * was written. Points are integers; the figures (points per hour, the floor, who may transfer to
 * whom) are local policy, effective-dated.
 */

/** What certified service earned: one row per service record, naming the entry that paid it. */
export const timeBankEarnings = pgTable(
  'time_bank_earnings',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    serviceId: idReference('service_id').notNull(),
    volunteerId: idReference('volunteer_id').notNull(),
    entryId: idReference('entry_id').notNull(),
    minutes: integer('minutes').notNull(),
    points: integer('points').notNull(),
    /** The policy's rate that day, and where it came from. */
    pointsPerHour: numeric('points_per_hour', { precision: 8, scale: 2, mode: 'number' }).notNull(),
    policySource: text('policy_source').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    // A service earns once; its correction earns as a service of its own.
    unique('time_bank_earnings_service_unique').on(t.districtCode, t.serviceId),
    unique('time_bank_earnings_entry_unique').on(t.districtCode, t.entryId),
    foreignKey({
      name: 'time_bank_earnings_service_fk',
      columns: [t.districtCode, t.serviceId],
      foreignColumns: [volunteerServices.districtCode, volunteerServices.id],
    }),
    foreignKey({
      name: 'time_bank_earnings_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    foreignKey({
      name: 'time_bank_earnings_entry_fk',
      columns: [t.districtCode, t.entryId],
      foreignColumns: [journalEntries.districtCode, journalEntries.id],
    }),
    index('time_bank_earnings_volunteer_idx').on(t.districtCode, t.volunteerId),
    check(
      'time_bank_earnings_amounts',
      sql`${t.minutes} > 0 and ${t.points} >= 0 and ${t.pointsPerHour} >= 0`,
    ),
  ],
);

/** The exchange catalogue (积分兑换目录): services or goods a community or organization offers for points. */
export const timeBankCatalogueItems = pgTable(
  'time_bank_catalogue_items',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    name: nameColumn(),
    description: varchar('description', { length: 500 }),
    /** service | goods */
    kind: varchar('kind', { length: 16 }).notNull(),
    providerCommunityId: idReference('provider_community_id'),
    providerOrganizationId: idReference('provider_organization_id'),
    pricePoints: integer('price_points').notNull(),
    /** Units left; null for a service offered without limit. */
    stock: integer('stock'),
    listedOn: date('listed_on', { mode: 'string' }).notNull(),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'time_bank_catalogue_items_community_fk',
      columns: [t.districtCode, t.providerCommunityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'time_bank_catalogue_items_organization_fk',
      columns: [t.districtCode, t.providerOrganizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    index('time_bank_catalogue_items_community_idx').on(t.districtCode, t.providerCommunityId),
    check('time_bank_catalogue_items_kind', sql`${t.kind} in ('service', 'goods')`),
    check(
      'time_bank_catalogue_items_provider',
      sql`(${t.providerCommunityId} is null) <> (${t.providerOrganizationId} is null)`,
    ),
    check('time_bank_catalogue_items_price', sql`${t.pricePoints} > 0`),
    // Stock never goes below zero, whoever writes: two exchanges of the last unit cannot both pass.
    check('time_bank_catalogue_items_stock', sql`${t.stock} is null or ${t.stock} >= 0`),
    check(
      'time_bank_catalogue_items_lifespan',
      sql`${t.withdrawnOn} is null or ${t.withdrawnOn} >= ${t.listedOn}`,
    ),
  ],
);

/** An exchange of a volunteer's points for a catalogue item, paid by the entry it names. */
export const timeBankExchanges = pgTable(
  'time_bank_exchanges',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    itemId: idReference('item_id').notNull(),
    volunteerId: idReference('volunteer_id').notNull(),
    quantity: integer('quantity').notNull(),
    points: integer('points').notNull(),
    entryId: idReference('entry_id').notNull(),
    exchangedOn: date('exchanged_on', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('time_bank_exchanges_entry_unique').on(t.districtCode, t.entryId),
    foreignKey({
      name: 'time_bank_exchanges_item_fk',
      columns: [t.districtCode, t.itemId],
      foreignColumns: [timeBankCatalogueItems.districtCode, timeBankCatalogueItems.id],
    }),
    foreignKey({
      name: 'time_bank_exchanges_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    foreignKey({
      name: 'time_bank_exchanges_entry_fk',
      columns: [t.districtCode, t.entryId],
      foreignColumns: [journalEntries.districtCode, journalEntries.id],
    }),
    index('time_bank_exchanges_volunteer_idx').on(t.districtCode, t.volunteerId),
    index('time_bank_exchanges_item_idx').on(t.districtCode, t.itemId),
    check('time_bank_exchanges_amounts', sql`${t.quantity} > 0 and ${t.points} > 0`),
  ],
);

/** A transfer of points between two accounts (a family member, a team's pool), paid by its entry. */
export const timeBankTransfers = pgTable(
  'time_bank_transfers',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    fromAccountId: idReference('from_account_id').notNull(),
    toAccountId: idReference('to_account_id').notNull(),
    points: integer('points').notNull(),
    /** family | team_pool | award | donation */
    reason: varchar('reason', { length: 16 }).notNull(),
    /** For a family transfer: the relation declared (spouse, parent, child, sibling, grandparent, grandchild). */
    relation: varchar('relation', { length: 16 }),
    entryId: idReference('entry_id').notNull(),
    transferredOn: date('transferred_on', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('time_bank_transfers_entry_unique').on(t.districtCode, t.entryId),
    foreignKey({
      name: 'time_bank_transfers_from_fk',
      columns: [t.districtCode, t.fromAccountId],
      foreignColumns: [ledgerAccounts.districtCode, ledgerAccounts.id],
    }),
    foreignKey({
      name: 'time_bank_transfers_to_fk',
      columns: [t.districtCode, t.toAccountId],
      foreignColumns: [ledgerAccounts.districtCode, ledgerAccounts.id],
    }),
    foreignKey({
      name: 'time_bank_transfers_entry_fk',
      columns: [t.districtCode, t.entryId],
      foreignColumns: [journalEntries.districtCode, journalEntries.id],
    }),
    index('time_bank_transfers_from_idx').on(t.districtCode, t.fromAccountId),
    index('time_bank_transfers_to_idx').on(t.districtCode, t.toAccountId),
    check('time_bank_transfers_points', sql`${t.points} > 0 and ${t.fromAccountId} <> ${t.toAccountId}`),
    check('time_bank_transfers_reason', sql`${t.reason} in ('family', 'team_pool', 'award', 'donation')`),
    check('time_bank_transfers_relation', sql`(${t.reason} = 'family') = (${t.relation} is not null)`),
  ],
);

export type TimeBankEarning = typeof timeBankEarnings.$inferSelect;
export type TimeBankCatalogueItem = typeof timeBankCatalogueItems.$inferSelect;
export type TimeBankExchange = typeof timeBankExchanges.$inferSelect;
export type TimeBankTransfer = typeof timeBankTransfers.$inferSelect;
