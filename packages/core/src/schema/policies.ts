import { sql } from 'drizzle-orm';
import { check, date, jsonb, pgTable, primaryKey, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn } from './columns.js';

/**
 * Policy values set by this district or one of its subdistricts (national defaults ship in
 * code). Rows are only ever added: a value applies from its date until a later row for the same
 * key and jurisdiction, so a past decision can always be re-derived from the value then in force.
 */
export const policyValues = pgTable(
  'policy_values',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    policyKey: varchar('policy_key', { length: 64 }).notNull(),
    /** The district (6 digits) or subdistrict (9 digits) the value applies to. */
    jurisdictionCode: varchar('jurisdiction_code', { length: 9 }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    value: jsonb('value').notNull(),
    /** Where the value comes from: the document that set it. */
    source: varchar('source', { length: 200 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    // Also the index of the lookup: key, jurisdiction, then dates in order.
    unique('policy_values_once').on(t.districtCode, t.policyKey, t.jurisdictionCode, t.effectiveFrom),
    check('policy_values_in_district', sql`left(${t.jurisdictionCode}, 6) = ${t.districtCode}`),
  ],
);

export type PolicyValueRow = typeof policyValues.$inferSelect;
