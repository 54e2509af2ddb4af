import { type AuditLogRow, auditLog } from '@sanshe/core';
import DataLoader from 'dataloader';
import { and, desc, eq, getTableColumns, inArray, lte, sql } from 'drizzle-orm';
import { builder } from '../builder.js';
import type { DistrictContext } from '../context.js';

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

/** The entries a trail shows: the newest, at most this many per record. */
const trailLength = 50;

/**
 * One loader per district context (a request's view of one district) and entity type, so the
 * trails of every row of a list are read together, in one statement.
 */
const loaders = new WeakMap<DistrictContext, Map<string, DataLoader<number, AuditLogRow[]>>>();

function trailLoader(ctx: DistrictContext, entityType: string): DataLoader<number, AuditLogRow[]> {
  let byType = loaders.get(ctx);
  if (!byType) {
    byType = new Map();
    loaders.set(ctx, byType);
  }
  let loader = byType.get(entityType);
  if (!loader) {
    loader = new DataLoader((ids) => readTrails(ctx, entityType, ids));
    byType.set(entityType, loader);
  }
  return loader;
}

/** The newest {@link trailLength} entries of each record, newest first: one statement for all. */
async function readTrails(
  ctx: DistrictContext,
  entityType: string,
  ids: readonly number[],
): Promise<AuditLogRow[][]> {
  const { db, districtCode } = ctx.district;
  const ranked = db
    .select({
      ...getTableColumns(auditLog),
      rank: sql<number>`row_number() over (partition by ${auditLog.entityId} order by ${auditLog.id} desc)`.as(
        'trail_rank',
      ),
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.districtCode, districtCode),
        eq(auditLog.entityType, entityType),
        inArray(auditLog.entityId, [...ids]),
      ),
    )
    .as('ranked');
  const rows = await db.select().from(ranked).where(lte(ranked.rank, trailLength)).orderBy(desc(ranked.id));
  const trails = new Map<number, AuditLogRow[]>(ids.map((id) => [id, []]));
  for (const { rank: _rank, ...entry } of rows)
    trails.get(Number(entry.entityId))?.push(entry as AuditLogRow);
  return ids.map((id) => trails.get(id) ?? []);
}

/**
 * The `auditTrail` field of an audited record type: who changed it, when and how, for city and
 * district administrators. The one definition, for every type that has a trail.
 */
export function auditTrailField(
  // biome-ignore lint/suspicious/noExplicitAny: the field builder of any drizzle object type
  t: any,
  entityType: string,
) {
  return t.field({
    type: [AuditEntryRef],
    nullable: true,
    authScopes: { auditReader: true },
    description: `Who changed this record, when and how (newest first, at most ${trailLength} entries). For city and district administrators; null with a FORBIDDEN error for anyone else.`,
    resolve: (row: { id: number }, _args: unknown, ctx: DistrictContext) =>
      trailLoader(ctx, entityType).load(row.id),
  });
}
