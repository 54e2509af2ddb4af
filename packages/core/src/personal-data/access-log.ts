import { and, desc, eq, lt } from 'drizzle-orm';
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
  /** Entries older than this id (newest first paging). */
  beforeId?: number;
  limit?: number;
}

/** Read the access log, newest first. Who may read it is checked by the service. */
export function selectPersonalDataAccess(
  db: SansheDb,
  districtCode: string,
  query: PersonalDataAccessQuery = {},
): Promise<PersonalDataAccessRow[]> {
  return db
    .select()
    .from(personalDataAccessLog)
    .where(
      and(
        eq(personalDataAccessLog.districtCode, districtCode),
        query.entityType === undefined ? undefined : eq(personalDataAccessLog.entityType, query.entityType),
        query.entityId === undefined ? undefined : eq(personalDataAccessLog.entityId, query.entityId),
        query.actorId === undefined ? undefined : eq(personalDataAccessLog.actorId, query.actorId),
        query.beforeId === undefined ? undefined : lt(personalDataAccessLog.id, query.beforeId),
      ),
    )
    .orderBy(desc(personalDataAccessLog.id))
    .limit(Math.min(Math.max(query.limit ?? 50, 1), 500));
}
