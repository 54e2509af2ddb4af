import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';
import { districtCodeColumn, idReference } from './columns.js';

/**
 * The audit log: one row per write a service applied (who, when, what, before and after).
 * Services only ever insert here, in the same transaction as the change they record.
 * Personal identifiers are masked in `before`/`after`: the log is read by more people than
 * the records themselves.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    districtCode: districtCodeColumn(),
    id: bigint('id', { mode: 'number' }).generatedByDefaultAsIdentity().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
    /** The authenticated subject that asked for the change (a user id, a service name). */
    actorId: varchar('actor_id', { length: 100 }).notNull(),
    actorRole: varchar('actor_role', { length: 32 }),
    /** What was done, `<entity>.<verb>`, e.g. `organization.register`. */
    action: varchar('action', { length: 64 }).notNull(),
    entityType: varchar('entity_type', { length: 40 }).notNull(),
    entityId: idReference('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    /** Why, when the rule asks for a reason (an override, a correction). */
    reason: varchar('reason', { length: 500 }),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('audit_log_entity_idx').on(t.districtCode, t.entityType, t.entityId),
  ],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
