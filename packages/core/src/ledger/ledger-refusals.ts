import { type FieldPath, SansheError } from '../errors/sanshe-error.js';

/** The constraint a database error names, through drizzle's wrapping. */
export function constraintOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const constraint = (current as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') return constraint;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Where the two refusals point in the caller's input: the amount moved, and the entry reversed. */
export interface RefusalPaths {
  amount: FieldPath;
  entry: FieldPath;
}

/**
 * The database's own refusals that a service check should have made first, as the same typed
 * errors: the floor (an account overdrawn, `ledger_accounts_floor`) and the second reversal
 * (`journal_entries_reversed_once_unique`). Services check both under the rows' locks, so these
 * answer only a writer that bypassed them; anything else is returned as it is.
 */
export function mapLedgerRefusal(error: unknown, paths: RefusalPaths): unknown {
  if (error instanceof SansheError) return error;
  const constraint = constraintOf(error);
  if (constraint === 'ledger_accounts_floor') {
    return new SansheError('INSUFFICIENT_BALANCE', 'An account does not hold enough for the movement.', {
      path: paths.amount,
      cause: error,
    });
  }
  if (constraint === 'journal_entries_reversed_once_unique') {
    return new SansheError('ALREADY_REVERSED', 'The entry was already reversed.', {
      path: paths.entry,
      cause: error,
    });
  }
  return error;
}
