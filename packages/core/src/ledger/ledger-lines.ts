import type { LedgerUnit } from './ledger-units.js';

/** One side of a movement: a signed amount (never 0) on one account, in that account's unit. */
export interface LedgerLine {
  accountId: number;
  unit: LedgerUnit;
  amount: number;
}

/**
 * Lines in the order of their account ids: every write locks and writes accounts in that one
 * order, so two movements on the same accounts wait for each other instead of deadlocking.
 */
export function inLedgerOrder<L extends { accountId: number }>(lines: readonly L[]): L[] {
  return [...lines].sort((a, b) => a.accountId - b.accountId);
}

/** A movement of `amount` from one account to another in one unit, in account order. */
export function transferLines(from: number, to: number, unit: LedgerUnit, amount: number): LedgerLine[] {
  return inLedgerOrder([
    { accountId: from, unit, amount: -amount },
    { accountId: to, unit, amount },
  ]);
}

/** The lines that undo an entry's: the same accounts and units, the opposite amounts. */
export function oppositeLines<L extends { accountId: number; amount: number }>(lines: readonly L[]): L[] {
  return inLedgerOrder(lines.map((line) => ({ ...line, amount: -line.amount })));
}

/** The sum of the lines in each unit: zero in every unit for a balanced entry. */
export function sumsByUnit(lines: readonly LedgerLine[]): Partial<Record<LedgerUnit, number>> {
  const sums: Partial<Record<LedgerUnit, number>> = {};
  for (const line of lines) sums[line.unit] = (sums[line.unit] ?? 0) + line.amount;
  return sums;
}
