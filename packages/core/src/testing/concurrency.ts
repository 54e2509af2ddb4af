import { sql } from 'drizzle-orm';
import type { DistrictDatabase } from '../database/district-database.js';

// Helpers for tests that run two writes at once and decide their order with locks, not sleeps:
// a third connection holds a lock, `lockWaiters` tells when each call is waiting on it, and
// `track` tells whether a call has already finished (it may not wait at all when it is refused
// before it reaches the locked table). PostgreSQL only for `lockWaiters`: PGlite has one
// connection, so its transactions never overlap.

/** A promise being watched: `settled` turns true once it has fulfilled or rejected. */
export interface Tracked<T> {
  settled: boolean;
  /** The outcome, as `Promise.allSettled` gives it; never rejects. */
  result: Promise<PromiseSettledResult<T>>;
}

/**
 * Watch a promise without awaiting it, so a test can start a call, wait until it blocks (or
 * until it has settled), and read its outcome later from `result`.
 */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked: Tracked<T> = {
    settled: false,
    result: promise.then(
      (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
    ),
  };
  void tracked.result.then(() => {
    tracked.settled = true;
  });
  return tracked;
}

/**
 * How many sessions of the database's PostgreSQL database are waiting for a lock (a table, row
 * or advisory lock), from `pg_stat_activity`.
 */
export async function lockWaiters(database: Pick<DistrictDatabase, 'db'>): Promise<number> {
  const result = await database.db.execute(
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
}

/**
 * Poll `condition` every 10 ms until it holds; throws `timed out waiting until <what>` after
 * `timeoutMs` (5 s by default), so a test that never gets there fails with a reason.
 */
export async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
