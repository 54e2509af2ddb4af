import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';
import { districtCodeColumn, idReference } from './columns.js';

/**
 * The personal-data access log (PIPL, docs/domain.md §9): one row per identifier unmasked for a
 * caller (who, which record and field, for what purpose, when). Written in the transaction that
 * reads the clear value, so no clear value leaves without its row. Append-only: the product has
 * no way to change it, and a trigger (migration `personal_data_access_log_append_only`) refuses
 * UPDATE and DELETE in the database itself.
 */
export const personalDataAccessLog = pgTable(
  'personal_data_access_log',
  {
    districtCode: districtCodeColumn(),
    id: bigint('id', { mode: 'number' }).generatedByDefaultAsIdentity().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
    actorId: varchar('actor_id', { length: 100 }).notNull(),
    actorRole: varchar('actor_role', { length: 32 }),
    /** `social_worker`, … (personal-data/classification.ts). */
    entityType: varchar('entity_type', { length: 40 }).notNull(),
    entityId: idReference('entity_id').notNull(),
    /** The field unmasked, e.g. `residentId`. */
    field: varchar('field', { length: 40 }).notNull(),
    /** One of `unmaskPurposes`. */
    purpose: varchar('purpose', { length: 32 }).notNull(),
    purposeNote: varchar('purpose_note', { length: 500 }),
    /** The sensitive category of the value read, when it falls in one. */
    sensitiveCategory: varchar('sensitive_category', { length: 32 }),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('personal_data_access_log_entity_idx').on(t.districtCode, t.entityType, t.entityId),
    index('personal_data_access_log_actor_idx').on(t.districtCode, t.actorId),
  ],
);

export type PersonalDataAccessRow = typeof personalDataAccessLog.$inferSelect;
