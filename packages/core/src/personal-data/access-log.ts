import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { SansheDb } from '../database/district-database.js';
import { type PersonalDataAccessRow, personalDataAccessLog } from '../schema/personal-data-access.js';
import type { SensitiveCategory } from './classification.js';
import type { UnmaskPurpose } from './purposes.js';

/** One unmasked read of one field of one record. */
export interface PersonalDataAccess {
  entityType: string;
  entityId: number;
  field: string;
  purpose: UnmaskPurpose;
  purposeNote: string | null;
  sensitiveCategory: SensitiveCategory | null;
}

/** Append unmasked reads to the log, in the transaction that reads the clear values. */
export async function appendPersonalDataAccess(
  tx: SansheDb,
  districtCode: string,
  actor: Actor,
  accesses: readonly PersonalDataAccess[],
): Promise<void> {
  if (accesses.length === 0) return;
  await tx.insert(personalDataAccessLog).values(
    accesses.map((access) => ({
      districtCode,
      actorId: actor.id.slice(0, 100),
      actorRole: actor.role?.slice(0, 32) ?? null,
      entityType: access.entityType,
      entityId: access.entityId,
      field: access.field,
      purpose: access.purpose,
      purposeNote: access.purposeNote?.slice(0, 500) ?? null,
      sensitiveCategory: access.sensitiveCategory,
    })),
  );
}

export interface PersonalDataAccessQuery {
  entityType?: string;
  entityId?: number;
  actorId?: string;
  /** Entries older than this id (the next page, newest first). */
  beforeId?: number;
  /** Entries newer than this id (the previous page). */
  afterId?: number;
  /** Oldest first instead of newest first (reading a previous page from its near end). */
  oldestFirst?: boolean;
  /** At most this many entries, 1 to 501 (a page and one more, to know whether more follow). */
  limit?: number;
}

/** Read the access log, newest first unless asked. Who may read it is checked by the service. */
export function selectPersonalDataAccess(
  db: SansheDb,
  districtCode: string,
  query: PersonalDataAccessQuery = {},
): Promise<PersonalDataAccessRow[]> {
  const log = personalDataAccessLog;
  return db
    .select()
    .from(log)
    .where(
      and(
        eq(log.districtCode, districtCode),
        query.entityType === undefined ? undefined : eq(log.entityType, query.entityType),
        query.entityId === undefined ? undefined : eq(log.entityId, query.entityId),
        query.actorId === undefined ? undefined : eq(log.actorId, query.actorId),
        query.beforeId === undefined ? undefined : lt(log.id, query.beforeId),
        query.afterId === undefined ? undefined : gt(log.id, query.afterId),
      ),
    )
    .orderBy(query.oldestFirst ? asc(log.id) : desc(log.id))
    .limit(Math.min(Math.max(query.limit ?? 50, 1), 501));
}
