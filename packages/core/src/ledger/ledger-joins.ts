import { and, eq } from 'drizzle-orm';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';

/**
 * The join conditions every ledger read shares (funds, the time bank, indicators, exports): a
 * journal line with its account and with its entry, each on the district and the id, so the
 * district key leads as on every other join.
 */
export const lineAccount = and(
  eq(ledgerAccounts.districtCode, journalLines.districtCode),
  eq(ledgerAccounts.id, journalLines.accountId),
)!;

export const lineEntry = and(
  eq(journalEntries.districtCode, journalLines.districtCode),
  eq(journalEntries.id, journalLines.entryId),
)!;
