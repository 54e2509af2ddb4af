import { sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { organizationStatusChanges } from '../schema/organizations.js';
import type { ServiceKit } from '../services/service-kit.js';
import type { StatusChangeKind } from './code-lists.js';

/**
 * An organization's status history (registration, filing, changes, penalties, deregistration)
 * is written one way: an entry here, its audit entry beside it, in the write's transaction.
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

/** The insert of a status-history entry, not yet run. */
export function statusChangeInsert(tx: SansheDb, districtCode: string, change: StatusChange) {
  return tx.insert(organizationStatusChanges).values({
    districtCode,
    organizationId: change.organizationId,
    kind: change.kind,
    occurredOn: change.occurredOn,
    summary: truncate(change.summary, 500),
    changes: change.changes ?? null,
  });
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

function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  return chars.length <= maxLength ? text : `${chars.slice(0, maxLength - 1).join('')}…`;
}
