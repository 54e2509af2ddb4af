import { and, asc, desc, eq, inArray, isNull, ne, type SQL } from 'drizzle-orm';
import { visibleTimeBankAccounts, visibleTimeBankExchanges } from '../access/time-bank-visibility.js';
import { seesWholeDistrict } from '../access/visibility.js';
import { lineEntry } from '../ledger/ledger-joins.js';
import { journalEntries, journalLines, type LedgerAccount, ledgerAccounts } from '../schema/ledger.js';
import {
  type TimeBankCatalogueItem,
  type TimeBankExchange,
  timeBankCatalogueItems,
  timeBankExchanges,
} from '../schema/time-bank.js';
import type { CatalogueItemKind } from './code-lists.js';
import type { TimeBankContext } from './time-bank-context.js';

/** One line of a time-bank account's statement, with its entry. */
export interface StatementLine {
  lineId: number;
  entryId: number;
  entryKind: string;
  occurredOn: string;
  description: string;
  amount: number;
  reversesEntryId: number | null;
}

/** A page of an account's statement, newest first. */
export interface Statement {
  account: LedgerAccount;
  lines: StatementLine[];
  totalLines: number;
}

/** Narrows the catalogue. */
export interface CatalogueFilter {
  kind?: CatalogueItemKind | null;
  providerCommunityId?: number | null;
  providerOrganizationId?: number | null;
  /** Withdrawn items too (default: only items on offer). */
  includeWithdrawn?: boolean | null;
}

/** What the district's time bank holds, from its own accounts: aggregate figures anyone may read. */
export interface TimeBankTotals {
  /** Points earned for certified service, less earnings reversed. */
  pointsIssued: number;
  /** Points exchanged for catalogue items, less exchanges reversed. */
  pointsRedeemed: number;
  /** Points held by volunteers and pools: issued less redeemed. */
  pointsOutstanding: number;
  /** Minutes of certified service banked, less corrections. */
  minutesBanked: number;
}

export const STATEMENT_PAGE_LIMIT = 200;

/**
 * Reads of the time bank: balances and statements come from the ledger itself, as of the moment
 * of the read, and only for accounts the caller may see (time-bank-visibility.ts; an account it
 * may not see answers as a missing one). The catalogue and the totals are public.
 */
export function createTimeBankReads(context: TimeBankContext) {
  const { kit, districtCode, db } = context;

  function accountVisibility(): SQL | undefined {
    return seesWholeDistrict(kit.actor, districtCode)
      ? ne(ledgerAccounts.unit, 'fen')
      : visibleTimeBankAccounts(kit.actor, districtCode, ledgerAccounts);
  }

  async function visibleAccount(accountId: number): Promise<LedgerAccount | null> {
    if (!Number.isSafeInteger(accountId) || accountId < 1) return null;
    const [row] = await db
      .select()
      .from(ledgerAccounts)
      .where(
        and(
          eq(ledgerAccounts.districtCode, districtCode),
          eq(ledgerAccounts.id, accountId),
          accountVisibility(),
        ),
      );
    return row ?? null;
  }

  async function balanceOf(kind: string, unit: string): Promise<number> {
    const [row] = await db
      .select({ balance: ledgerAccounts.balance })
      .from(ledgerAccounts)
      .where(
        and(
          eq(ledgerAccounts.districtCode, districtCode),
          eq(ledgerAccounts.kind, kind),
          eq(ledgerAccounts.unit, unit),
        ),
      );
    return row?.balance ?? 0;
  }

  return {
    /** A time-bank account with its balance and floor; null when none or not visible to the caller. */
    timeBankAccount: visibleAccount,

    /** A volunteer's accounts (points, minutes) the caller may see; none opened yet answers []. */
    async volunteerAccounts(volunteerId: number): Promise<LedgerAccount[]> {
      if (!Number.isSafeInteger(volunteerId) || volunteerId < 1) return [];
      return db
        .select()
        .from(ledgerAccounts)
        .where(
          and(
            eq(ledgerAccounts.districtCode, districtCode),
            eq(ledgerAccounts.kind, 'volunteer'),
            eq(ledgerAccounts.volunteerId, volunteerId),
            accountVisibility(),
          ),
        )
        .orderBy(asc(ledgerAccounts.unit));
    },

    /** A volunteer's exchanges the caller may see, newest first. */
    async exchangesOf(volunteerId: number): Promise<TimeBankExchange[]> {
      if (!Number.isSafeInteger(volunteerId) || volunteerId < 1) return [];
      return db
        .select()
        .from(timeBankExchanges)
        .where(
          and(
            eq(timeBankExchanges.districtCode, districtCode),
            eq(timeBankExchanges.volunteerId, volunteerId),
            visibleTimeBankExchanges(kit.actor, districtCode, timeBankExchanges),
          ),
        )
        .orderBy(desc(timeBankExchanges.exchangedOn), desc(timeBankExchanges.id));
    },

    /**
     * A page of an account's statement, newest first: each line with its entry (the kind, day,
     * description and the entry it reverses). Null when the caller may not see the account.
     */
    async statement(
      accountId: number,
      page: { limit?: number; offset?: number } = {},
    ): Promise<Statement | null> {
      const account = await visibleAccount(accountId);
      if (!account) return null;
      const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50), 1), STATEMENT_PAGE_LIMIT);
      const offset = Math.max(Math.trunc(page.offset ?? 0), 0);
      const where = and(eq(journalLines.districtCode, districtCode), eq(journalLines.accountId, accountId));
      const lines = await db
        .select({
          lineId: journalLines.id,
          entryId: journalLines.entryId,
          entryKind: journalEntries.kind,
          occurredOn: journalEntries.occurredOn,
          description: journalEntries.description,
          amount: journalLines.amount,
          reversesEntryId: journalEntries.reversesEntryId,
        })
        .from(journalLines)
        .innerJoin(journalEntries, lineEntry)
        .where(where)
        .orderBy(desc(journalLines.entryId), desc(journalLines.id))
        .limit(limit)
        .offset(offset);
      const totalLines = await db.$count(journalLines, where);
      return { account, lines, totalLines };
    },

    /** The catalogue (public): items on offer (or all), oldest listing first. */
    async catalogue(filter: CatalogueFilter = {}): Promise<TimeBankCatalogueItem[]> {
      return db
        .select()
        .from(timeBankCatalogueItems)
        .where(
          and(
            eq(timeBankCatalogueItems.districtCode, districtCode),
            filter.kind ? eq(timeBankCatalogueItems.kind, filter.kind) : undefined,
            filter.providerCommunityId != null
              ? eq(timeBankCatalogueItems.providerCommunityId, filter.providerCommunityId)
              : undefined,
            filter.providerOrganizationId != null
              ? eq(timeBankCatalogueItems.providerOrganizationId, filter.providerOrganizationId)
              : undefined,
            filter.includeWithdrawn ? undefined : isNull(timeBankCatalogueItems.withdrawnOn),
          ),
        )
        .orderBy(asc(timeBankCatalogueItems.listedOn), asc(timeBankCatalogueItems.id));
    },

    /** The district's totals, from the time bank's owner-less accounts (public aggregates). */
    async totals(): Promise<TimeBankTotals> {
      const pointsIssued = -(await balanceOf('points_issuer', 'points'));
      const pointsRedeemed = await balanceOf('points_redeemed', 'points');
      return {
        pointsIssued,
        pointsRedeemed,
        pointsOutstanding: pointsIssued - pointsRedeemed,
        minutesBanked: -(await balanceOf('minutes_served', 'minutes')),
      };
    },

    /** The accounts of several holders' points at once (for the gateway's fields); visible ones only. */
    async accountsByIds(ids: readonly number[]): Promise<LedgerAccount[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(ledgerAccounts)
        .where(
          and(
            eq(ledgerAccounts.districtCode, districtCode),
            inArray(ledgerAccounts.id, [...ids]),
            accountVisibility(),
          ),
        );
    },
  };
}
