import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference } from './columns.js';
import { fundingEarmarks, fundingSources } from './funding.js';
import { communities } from './hierarchy.js';
import { socialOrganizations } from './organizations.js';
import { contractTranches } from './purchases.js';
import { serviceProjects } from './service-projects.js';
import { volunteers, volunteerTeams } from './volunteers.js';

/**
 * The district's double-entry ledger (docs/domain.md §6.5), shared by every area that moves
 * something countable: money in integer fen (the service chain) and, for volunteers and the time
 * bank (docs/domain.md §5), minutes and points. Units are never mixed: an account holds one unit,
 * and an entry's lines sum to zero in each unit.
 *
 * An account's `balance` is the sum of its lines, kept by a trigger as each line is written
 * (migration `needs_projects_funds_invariants`), under the account's row lock, so concurrent
 * movements on one account serialize; the CHECK `ledger_accounts_floor` refuses any movement that
 * would take it below its floor, whoever writes.
 *
 * The kinds of the service chain, each with the owner columns it names:
 * - `funder` (source): the outside world's side of what a source brings in; no floor;
 * - `source` (source): what a source holds that is not yet earmarked; floor 0;
 * - `earmark` (source, project): a source's money for one project; floor 0;
 * - `undertaker` (project, organization): what the undertaking organization has been paid.
 *
 * The kinds of the time bank (docs/domain.md §5.5), in points unless said:
 * - `points_issuer` (no owner): where points earned for certified hours come from; no floor;
 * - `points_redeemed` (no owner): where points exchanged for services or goods go; no floor;
 * - `minutes_served` (no owner, minutes): the other side of the hours volunteers bank; no floor;
 * - `volunteer` (volunteer; points or minutes): a volunteer's points (floor from policy) or hours;
 * - `team` (team), `community` (community), `organization` (organization): a pool that receives
 *   and gives points by transfer; floor 0.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    kind: varchar('kind', { length: 24 }).notNull(),
    /** fen | minutes | points */
    unit: varchar('unit', { length: 8 }).notNull(),
    fundingSourceId: idReference('funding_source_id'),
    projectId: idReference('project_id'),
    organizationId: idReference('organization_id'),
    volunteerId: idReference('volunteer_id'),
    teamId: idReference('team_id'),
    communityId: idReference('community_id'),
    /** The lowest balance allowed; null for none (a funder's contra account goes negative). */
    floor: bigint('floor', { mode: 'number' }),
    /** The sum of the account's lines, kept by the database. */
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    // Lines name their account together with its unit, so a line's unit is its account's.
    unique('ledger_accounts_unit_key').on(t.districtCode, t.id, t.unit),
    // One account per kind, unit and owner.
    unique('ledger_accounts_owner_unique')
      .on(
        t.districtCode,
        t.kind,
        t.unit,
        t.fundingSourceId,
        t.projectId,
        t.organizationId,
        t.volunteerId,
        t.teamId,
        t.communityId,
      )
      .nullsNotDistinct(),
    foreignKey({
      name: 'ledger_accounts_funding_source_fk',
      columns: [t.districtCode, t.fundingSourceId],
      foreignColumns: [fundingSources.districtCode, fundingSources.id],
    }),
    foreignKey({
      name: 'ledger_accounts_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    foreignKey({
      name: 'ledger_accounts_organization_fk',
      columns: [t.districtCode, t.organizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    // An earmark account exists only for an earmark of that source to that project.
    foreignKey({
      name: 'ledger_accounts_earmark_fk',
      columns: [t.districtCode, t.fundingSourceId, t.projectId],
      foreignColumns: [fundingEarmarks.districtCode, fundingEarmarks.sourceId, fundingEarmarks.projectId],
    }),
    foreignKey({
      name: 'ledger_accounts_volunteer_fk',
      columns: [t.districtCode, t.volunteerId],
      foreignColumns: [volunteers.districtCode, volunteers.id],
    }),
    foreignKey({
      name: 'ledger_accounts_team_fk',
      columns: [t.districtCode, t.teamId],
      foreignColumns: [volunteerTeams.districtCode, volunteerTeams.id],
    }),
    foreignKey({
      name: 'ledger_accounts_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('ledger_accounts_volunteer_idx').on(t.districtCode, t.volunteerId),
    index('ledger_accounts_project_idx').on(t.districtCode, t.projectId),
    index('ledger_accounts_organization_idx').on(t.districtCode, t.organizationId),
    check('ledger_accounts_unit', sql`${t.unit} in ('fen', 'minutes', 'points')`),
    check('ledger_accounts_floor', sql`${t.floor} is null or ${t.balance} >= ${t.floor}`),
    check(
      'ledger_accounts_owners',
      sql`(((${t.kind} in ('funder', 'source') and ${t.unit} = 'fen' and ${t.fundingSourceId} is not null and ${t.projectId} is null and ${t.organizationId} is null)
        or (${t.kind} = 'earmark' and ${t.unit} = 'fen' and ${t.fundingSourceId} is not null and ${t.projectId} is not null and ${t.organizationId} is null)
        or (${t.kind} = 'undertaker' and ${t.unit} = 'fen' and ${t.fundingSourceId} is null and ${t.projectId} is not null and ${t.organizationId} is not null))
          and num_nonnulls(${t.volunteerId}, ${t.teamId}, ${t.communityId}) = 0)
        or (${t.kind} in ('points_issuer', 'points_redeemed') and ${t.unit} = 'points' and num_nonnulls(${t.fundingSourceId}, ${t.projectId}, ${t.organizationId}, ${t.volunteerId}, ${t.teamId}, ${t.communityId}) = 0)
        or (${t.kind} = 'minutes_served' and ${t.unit} = 'minutes' and num_nonnulls(${t.fundingSourceId}, ${t.projectId}, ${t.organizationId}, ${t.volunteerId}, ${t.teamId}, ${t.communityId}) = 0)
        or (${t.kind} = 'volunteer' and ${t.unit} in ('points', 'minutes') and ${t.volunteerId} is not null and num_nonnulls(${t.fundingSourceId}, ${t.projectId}, ${t.organizationId}, ${t.teamId}, ${t.communityId}) = 0)
        or (${t.kind} = 'team' and ${t.unit} = 'points' and ${t.teamId} is not null and num_nonnulls(${t.fundingSourceId}, ${t.projectId}, ${t.organizationId}, ${t.volunteerId}, ${t.communityId}) = 0)
        or (${t.kind} = 'community' and ${t.unit} = 'points' and ${t.communityId} is not null and num_nonnulls(${t.fundingSourceId}, ${t.projectId}, ${t.organizationId}, ${t.volunteerId}, ${t.teamId}) = 0)
        or (${t.kind} = 'organization' and ${t.unit} = 'points' and ${t.organizationId} is not null and num_nonnulls(${t.fundingSourceId}, ${t.projectId}, ${t.volunteerId}, ${t.teamId}, ${t.communityId}) = 0)`,
    ),
  ],
);

/**
 * One movement: its lines (at least two) sum to zero in each unit, checked when the transaction
 * commits. Entries and lines are never changed or deleted (a trigger refuses it): a correction is
 * a new entry that reverses the first, and an entry is reversed at most once.
 */
export const journalEntries = pgTable(
  'journal_entries',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    /** receipt | earmark | disbursement | reversal; points_earning | points_exchange | points_transfer. */
    kind: varchar('kind', { length: 24 }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    description: varchar('description', { length: 500 }).notNull(),
    /** For a reversal: the entry it undoes. */
    reversesEntryId: idReference('reverses_entry_id'),
    /** For a disbursement: the contract tranche it pays. */
    trancheId: idReference('tranche_id'),
    /** Who recorded it (the actor's id), as in the audit log. */
    recordedBy: varchar('recorded_by', { length: 100 }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('journal_entries_reversed_once_unique').on(t.districtCode, t.reversesEntryId),
    foreignKey({
      name: 'journal_entries_reverses_fk',
      columns: [t.districtCode, t.reversesEntryId],
      foreignColumns: [t.districtCode, t.id],
    }),
    foreignKey({
      name: 'journal_entries_tranche_fk',
      columns: [t.districtCode, t.trancheId],
      foreignColumns: [contractTranches.districtCode, contractTranches.id],
    }),
    index('journal_entries_occurred_idx').on(t.districtCode, t.occurredOn),
    index('journal_entries_tranche_idx').on(t.districtCode, t.trancheId),
    check('journal_entries_not_reversing_itself', sql`${t.reversesEntryId} <> ${t.id}`),
    check('journal_entries_reversal', sql`(${t.kind} = 'reversal') = (${t.reversesEntryId} is not null)`),
  ],
);

/** One side of an entry: a signed amount on one account, in the account's unit, never zero. */
export const journalLines = pgTable(
  'journal_lines',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    entryId: idReference('entry_id').notNull(),
    accountId: idReference('account_id').notNull(),
    unit: varchar('unit', { length: 8 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'journal_lines_entry_fk',
      columns: [t.districtCode, t.entryId],
      foreignColumns: [journalEntries.districtCode, journalEntries.id],
    }),
    foreignKey({
      name: 'journal_lines_account_fk',
      columns: [t.districtCode, t.accountId, t.unit],
      foreignColumns: [ledgerAccounts.districtCode, ledgerAccounts.id, ledgerAccounts.unit],
    }),
    index('journal_lines_entry_idx').on(t.districtCode, t.entryId),
    index('journal_lines_account_idx').on(t.districtCode, t.accountId, t.entryId),
    check('journal_lines_amount', sql`${t.amount} <> 0`),
  ],
);

export type LedgerAccount = typeof ledgerAccounts.$inferSelect;
export type JournalEntry = typeof journalEntries.$inferSelect;
export type JournalLine = typeof journalLines.$inferSelect;
