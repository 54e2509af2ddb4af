import { sql } from 'drizzle-orm';
import { char, check, jsonb, pgTable, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';
import { districtCodeColumn } from './columns.js';

/**
 * Idempotency keys (docs/domain.md §6.5): a write that moves money (and later hours and points)
 * carries a key chosen by its caller. The first request with a key stores the hash of its body and
 * its result in the write's own transaction; a replay with the same body answers that result and
 * writes nothing, one with a different body is refused. Keys belong to a caller and an operation,
 * so two callers never see each other's results. Written once, never changed or deleted (a trigger
 * refuses it, migration `needs_projects_funds_invariants`).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    districtCode: districtCodeColumn(),
    /** The caller (the actor's id). */
    actorId: varchar('actor_id', { length: 100 }).notNull(),
    /** The operation, e.g. `funds.disburse`. */
    operation: varchar('operation', { length: 64 }).notNull(),
    key: varchar('key', { length: 128 }).notNull(),
    /** SHA-256 (hex) of the request body in canonical form. */
    requestHash: char('request_hash', { length: 64 }).notNull(),
    /** What the first request answered. */
    result: jsonb('result').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.actorId, t.operation, t.key] }),
    check('idempotency_keys_key', sql`char_length(${t.key}) between 8 and 128`),
    check('idempotency_keys_request_hash', sql`${t.requestHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
