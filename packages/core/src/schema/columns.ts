import { sql } from 'drizzle-orm';
import { bigint, char, date, integer, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Columns every district-owned table shares. `district_code` leads every primary and
 * foreign key so each table can be distributed by district (Citus) without a rewrite.
 */
export const districtCodeColumn = () => char('district_code', { length: 6 }).notNull();

/** Hierarchy units are valid from a date, and retired (never deleted) at a later one. */
export const lifespanColumns = () => ({
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  retiredOn: date('retired_on', { mode: 'string' }),
});

/** Optimistic concurrency and bookkeeping for records edited through services. */
export const recordColumns = () => ({
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
});

export const nameColumn = () => varchar('name', { length: 100 }).notNull();

/**
 * A record's id within its district: a bigint identity, read as a JS number (ids stay far below
 * 2^53). bigint rather than integer because a distributed PostgreSQL (Citus) distributes
 * identity columns only when they are bigint (README "Scaling past one machine").
 */
export const idColumn = () => bigint('id', { mode: 'number' }).generatedByDefaultAsIdentity().notNull();

/** A column holding another record's {@link idColumn}. */
export const idReference = (name: string) => bigint(name, { mode: 'number' });
