import { type AuditLogRow, auditLog } from '@sanshe/core';
import DataLoader from 'dataloader';
import { and, desc, eq, getTableColumns, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { builder } from '../builder.js';
import { compiledJson, dateTimeSQL } from '../compiled-reads/compiled-value.js';
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
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    actorId: t.exposeString('actorId'),
    actorRole: t.exposeString('actorRole', { nullable: true }),
    action: t.exposeString('action', { description: 'e.g. organization.register.' }),
    entityType: t.exposeString('entityType'),
    reason: t.exposeString('reason', { nullable: true }),
    changes: t.field({
      type: [AuditChangeRef],
      resolve: changesOf,
      extensions: compiledJson((entry: SQL) => sql`(${entry} -> 'changes')`),
    }),
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
    // The same entries in the compiled statement, for the callers the scope admits (the compiler
    // checks it): a page of records reads their trails with them.
    extensions: compiledJson((row) => trailSQL(row, entityType)),
  });
}

/**
 * A snapshot's value as {@link changesOf} writes it, in SQL: null for none, a string as it is,
 * anything else as `JSON.stringify` writes it. Snapshots are written from JavaScript values, so
 * jsonb writes their numbers and booleans alike; it writes an object or an array with a space after
 * each `,` and `:`, which is taken out outside strings; it keeps an object's keys in its own order,
 * the order the driver hands the resolver. One case differs: an object of a snapshot mixing keys
 * that are whole numbers with shorter ones that are not (JavaScript lists the numbers first). No
 * record of sanshe has one; the differential test and verify mode would show it.
 */
function snapshotTextSQL(value: SQL): SQL {
  // A JSON string, or a separator and its space: the string is put back as it is, the separator
  // without the space.
  const compact = sql.raw(`'("(?:[^"\\\\]|\\\\.)*")|([,:]) ', '\\1\\2', 'g'`);
  return sql`(case jsonb_typeof(${value}) when 'null' then null when 'string' then ${value} #>> '{}'
    when 'object' then regexp_replace((${value})::text, ${compact})
    when 'array' then regexp_replace((${value})::text, ${compact})
    else (${value})::text end)`;
}

/** {@link changesOf} in SQL: the fields but `version` whose text differs, by name. */
function changesSQL(before: SQL, after: SQL): SQL {
  const asObject = (snapshot: SQL) =>
    sql`(case when jsonb_typeof(${snapshot}) = 'object' then ${snapshot} else '{}'::jsonb end)`;
  return sql`(select coalesce(jsonb_agg(jsonb_build_object('field', c.field, 'before', c.before, 'after', c.after)
      order by c.field collate "C"), '[]'::jsonb)
    from (select k.field, ${snapshotTextSQL(sql`${before} -> k.field`)} as before,
        ${snapshotTextSQL(sql`${after} -> k.field`)} as after
      from (select jsonb_object_keys(${asObject(before)}) as field
        union select jsonb_object_keys(${asObject(after)})) as k
      where k.field <> 'version') as c
    where c.before is distinct from c.after)`;
}

/**
 * {@link readTrails} of one record in SQL: its newest {@link trailLength} entries, newest first,
 * each with the fields of `AuditEntry`.
 */
function trailSQL(row: { districtCode: unknown; id: unknown }, entityType: string) {
  const entry = alias(auditLog, 'trail_entry');
  const newest = sql`(select * from ${auditLog} where ${auditLog.districtCode} = ${row.districtCode}
    and ${auditLog.entityType} = ${entityType} and ${auditLog.entityId} = ${row.id}
    order by ${auditLog.id} desc limit ${sql.raw(String(trailLength))})`;
  return sql`(select coalesce(jsonb_agg(jsonb_build_object(
      'occurredAt', ${dateTimeSQL(entry.occurredAt)},
      'actorId', ${entry.actorId}, 'actorRole', ${entry.actorRole}, 'action', ${entry.action},
      'entityType', ${entry.entityType}, 'reason', ${entry.reason},
      'changes', ${changesSQL(sql`${entry.before}`, sql`${entry.after}`)}) order by ${entry.id} desc), '[]'::jsonb)
    from ${newest} as ${entry})`;
}
