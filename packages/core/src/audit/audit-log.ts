import { and, desc, eq, lt } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { SansheDb } from '../database/district-database.js';
import { type AuditLogRow, auditLog } from '../schema/audit.js';
import { maskMobilePhone, maskResidentId } from '../validators/index.js';

export interface AuditEntry {
  /** `<entity>.<verb>`, e.g. `organization.register`. */
  action: string;
  entityType: string;
  entityId: number;
  before?: object | null;
  after?: object | null;
  reason?: string | null;
}

// Personal identifiers never enter the log in clear: the log is read more widely than records.
const personalFields: Record<string, (value: string) => string> = {
  residentId: maskResidentId,
  mobilePhone: maskMobilePhone,
};

// Stored identifiers appear in rows as sealed value + keyed hash + masked form; the log keeps
// only the masked form (a ciphertext in the log would outlive the key rotations of the record).
const sealedColumnSuffixes = ['Encrypted', 'Hash'];
const bookkeepingColumns = new Set(['createdAt', 'updatedAt', 'recordedAt']);

/** A row as the audit log keeps it: personal identifiers masked, bookkeeping columns dropped. */
export function auditSnapshot(row: object | null | undefined): Record<string, unknown> | null {
  if (!row) return null;
  const snapshot: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (bookkeepingColumns.has(key)) continue;
    if (sealedColumnSuffixes.some((suffix) => key.endsWith(suffix) && key.length > suffix.length)) continue;
    const mask = personalFields[key];
    snapshot[key] = mask && typeof value === 'string' ? mask(value) : value;
  }
  return snapshot;
}

/** Append one entry, in the caller's transaction so it commits or rolls back with the change. */
export async function appendAudit(
  tx: SansheDb,
  districtCode: string,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await auditInsert(tx, districtCode, actor, entry);
}

/**
 * The insert of one entry, not yet run: a caller may send it in one statement with its own
 * write (a data-modifying `with`), saving a round trip.
 */
export function auditInsert(tx: SansheDb, districtCode: string, actor: Actor, entry: AuditEntry) {
  return tx.insert(auditLog).values(auditRow(districtCode, actor, entry));
}

/** The values of one entry as {@link auditInsert} writes them: the one place they are built. */
export function auditRow(
  districtCode: string,
  actor: Actor,
  entry: AuditEntry,
): typeof auditLog.$inferInsert {
  return {
    districtCode,
    actorId: actor.id.slice(0, 100),
    actorRole: actor.role?.slice(0, 32) ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: auditSnapshot(entry.before),
    after: auditSnapshot(entry.after),
    reason: entry.reason ?? null,
  };
}

export interface AuditQuery {
  entityType?: string;
  entityId?: number;
  /** Entries older than this id (newest first paging). */
  beforeId?: number;
  limit?: number;
}

/** Read the log, newest first. */
export function readAuditLog(
  db: SansheDb,
  districtCode: string,
  query: AuditQuery = {},
): Promise<AuditLogRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.districtCode, districtCode),
        query.entityType === undefined ? undefined : eq(auditLog.entityType, query.entityType),
        query.entityId === undefined ? undefined : eq(auditLog.entityId, query.entityId),
        query.beforeId === undefined ? undefined : lt(auditLog.id, query.beforeId),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(Math.min(Math.max(query.limit ?? 50, 1), 500));
}
