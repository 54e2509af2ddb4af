import type { AuditLogRow } from '@sanshe/core';
import { builder } from '../builder.js';

export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** The fields an audited write changed, from the entry's before and after snapshots. */
export function changesOf(entry: Pick<AuditLogRow, 'before' | 'after'>): AuditChange[] {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (field) => field !== 'version',
  );
  const text = (value: unknown) =>
    value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);
  return fields
    .filter((field) => text(before[field]) !== text(after[field]))
    .sort()
    .map((field) => ({ field, before: text(before[field]), after: text(after[field]) }));
}

const AuditChangeRef = builder.objectRef<AuditChange>('AuditChange').implement({
  description: 'One field an audited write changed; personal identifiers are masked.',
  fields: (t) => ({
    field: t.exposeString('field'),
    before: t.exposeString('before', { nullable: true }),
    after: t.exposeString('after', { nullable: true }),
  }),
});

/** An entry of the audit log: who did what, when, and what changed. */
export const AuditEntryRef = builder.objectRef<AuditLogRow>('AuditEntry').implement({
  description: 'An entry of the append-only audit log.',
  fields: (t) => ({
    occurredAt: t.field({ type: 'DateTime', resolve: (entry) => new Date(entry.occurredAt).toISOString() }),
    actorId: t.exposeString('actorId'),
    actorRole: t.exposeString('actorRole', { nullable: true }),
    action: t.exposeString('action', { description: 'e.g. organization.register.' }),
    entityType: t.exposeString('entityType'),
    reason: t.exposeString('reason', { nullable: true }),
    changes: t.field({ type: [AuditChangeRef], resolve: changesOf }),
  }),
});
