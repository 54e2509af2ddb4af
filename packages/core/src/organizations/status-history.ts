import { getColumns, type InferInsertModel, type SQL, sql, type WithSubquery } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { SansheDb } from '../database/district-database.js';
import { auditLog } from '../schema/audit.js';
import { organizationStatusChanges } from '../schema/organizations.js';
import type { ServiceKit } from '../services/service-kit.js';
import type { StatusChangeKind } from './code-lists.js';

/**
 * An organization's status history (registration, filing, changes, penalties, deregistration)
 * is written one way: an entry here, its audit entry beside it, in the write's transaction (or
 * in the write's one statement, {@link statusChangeAndAuditOf}).
 */
export interface StatusChange {
  organizationId: number;
  kind: StatusChangeKind;
  occurredOn: string;
  /** What happened, in words (truncated to 500 characters). */
  summary: string;
  /** For a change (变更): each field's old and new value. */
  changes?: Record<string, { from: unknown; to: unknown }> | null;
}

/** The values of a status-history entry: the one place they are built. */
export function statusChangeRow(
  districtCode: string,
  change: StatusChange,
): typeof organizationStatusChanges.$inferInsert {
  return {
    districtCode,
    organizationId: change.organizationId,
    kind: change.kind,
    occurredOn: change.occurredOn,
    summary: truncate(change.summary, 500),
    changes: change.changes ?? null,
  };
}

/** The insert of a status-history entry, not yet run. */
export function statusChangeInsert(tx: SansheDb, districtCode: string, change: StatusChange) {
  return tx.insert(organizationStatusChanges).values(statusChangeRow(districtCode, change));
}

/**
 * The status history's entry and the audit trail's, in one statement (a data-modifying `with`):
 * one round trip where two would do the same, in the same transaction.
 */
export async function recordStatusChangeWithAudit(
  tx: SansheDb,
  kit: Pick<ServiceKit, 'districtCode' | 'auditInsert'>,
  change: StatusChange,
  entry: Parameters<ServiceKit['auditInsert']>[1],
): Promise<void> {
  await tx.execute(
    sql`with status_change as (${statusChangeInsert(tx, kit.districtCode, change).getSQL()}) ${kit.auditInsert(tx, entry).getSQL()}`,
  );
}

/**
 * The status history's entry and the audit trail's as two parts of a data-modifying `with`,
 * written once for each row of `source`, another part of the same statement: the guarded update
 * they record. When that update matched no row, neither is written. The values are those of
 * {@link statusChangeInsert} and `kit.auditInsert`, built by the same functions.
 */
export function statusChangeAndAuditOf(
  db: SansheDb,
  kit: Pick<ServiceKit, 'districtCode' | 'auditRow'>,
  source: WithSubquery,
  change: StatusChange,
  entry: Parameters<ServiceKit['auditRow']>[0],
) {
  return [
    db
      .$with('status_change')
      .as(
        insertForEachRowOf(db, organizationStatusChanges, statusChangeRow(kit.districtCode, change), source),
      ),
    db.$with('audit_entry').as(insertForEachRowOf(db, auditLog, kit.auditRow(entry), source)),
  ] as const;
}

/**
 * `insert into table (columns) select <values> from source`. drizzle builds it (its insert
 * `.select()`), so the columns are named from the schema as in any other insert. Each value is
 * a parameter encoded by its column as `.values()` encodes it; PostgreSQL types the select list
 * of an INSERT … SELECT by the columns it fills, so no cast is written.
 */
function insertForEachRowOf<T extends PgTable>(
  db: SansheDb,
  table: T,
  values: InferInsertModel<T>,
  source: WithSubquery,
) {
  const columns = getColumns(table) as Record<string, PgColumn>;
  const selection: Record<string, SQL> = {};
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    if (value !== undefined) selection[key] = sql`${sql.param(value, columns[key])}`;
  }
  // drizzle types an insert's select by the table's own columns; these are its values as SQL.
  return db.insert(table).select(db.select(selection).from(source) as never);
}

function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  return chars.length <= maxLength ? text : `${chars.slice(0, maxLength - 1).join('')}…`;
}
