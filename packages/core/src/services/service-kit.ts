import type { Actor } from '../access/actor.js';
import { systemActor } from '../access/actor.js';
import { authorizeWrite, type WriteTarget } from '../access/jurisdiction.js';
import type { WriteAction } from '../access/permissions.js';
import { type RecordKind, requireVisibleRecord } from '../access/record-visibility.js';
import { type AuditEntry, appendAudit, auditInsert } from '../audit/audit-log.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { ParseResult } from '../errors/result.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isUniqueViolation } from '../hierarchy/db-errors.js';
import { todayInChina } from '../hierarchy/lifespan.js';
import { developmentKeyring } from '../personal-data/keyring.js';
import { parseIsoDate } from '../validators/text.js';

/** Options every domain service takes. */
export interface ServiceOptions {
  /** Who the writes are for; recorded in the audit log. Defaults to {@link systemActor}. */
  actor?: Actor;
  /** The date used when an input gives none (YYYY-MM-DD). Defaults to today in China. */
  today?: () => string;
}

/**
 * What every service needs: its district, actor and clock, and the small steps every write
 * repeats (unwrap a validator's result, default a date, check a version, map a unique
 * violation to a typed conflict, append to the audit log).
 */
export function createServiceKit(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const { db, districtCode } = database;
  const keyring = database.personalData ?? developmentKeyring;
  const actor = options.actor ?? systemActor;
  const today = options.today ?? (() => todayInChina());

  function unwrap<T>(result: ParseResult<T>): T {
    if (!result.success) throw SansheError.fromIssue(result.error);
    return result.data;
  }

  return {
    db,
    districtCode,
    actor,
    today,
    unwrap,
    /** The keys that seal this district's personal identifiers. */
    keyring,

    /**
     * The actor may perform the action on a record at the target (see `access/`). Every write
     * calls this before it changes anything.
     *
     * @throws {SansheError} FORBIDDEN
     */
    authorize(action: WriteAction, target: WriteTarget = {}): void {
      authorizeWrite(actor, districtCode, action, target);
    },

    /**
     * A record the input names, checked by the read rule of its kind: one the actor cannot see
     * answers NOT_FOUND exactly as a missing one (see `access/record-visibility.ts`).
     *
     * @throws {SansheError} NOT_FOUND
     */
    requireVisible(executor: SansheDb, kind: RecordKind, id: number, path: FieldPath): Promise<number> {
      return requireVisibleRecord(executor, actor, districtCode, kind, id, path);
    },

    /** A date from the input, or today when it gives none. */
    dateOrToday(value: string | null | undefined, path: FieldPath): string {
      return value === undefined || value === null ? today() : unwrap(parseIsoDate(value, { path }));
    },

    /** The record is at the version the caller read, when it says which. */
    checkVersion(current: { version: number }, expected: number | null | undefined, label: string): void {
      if (expected !== undefined && expected !== null && expected !== current.version) {
        throw new SansheError(
          'VERSION_CONFLICT',
          `${label} is at version ${current.version}, not ${expected}; reload it and try again.`,
          { path: ['input', 'expectedVersion'], details: { currentVersion: current.version } },
        );
      }
    },

    /** Run an insert, turning a unique violation into a typed conflict. */
    async insertUnique<T>(
      insert: () => Promise<T>,
      conflict: { code: ErrorCode; message: string; path: FieldPath },
    ): Promise<T> {
      try {
        return await insert();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new SansheError(conflict.code, conflict.message, { path: conflict.path });
        throw error;
      }
    },

    /** Append to the audit log as this service's actor, in the given transaction. */
    audit(tx: SansheDb, entry: AuditEntry): Promise<void> {
      return appendAudit(tx, districtCode, actor, entry);
    },

    /** The audit insert as this service's actor, not yet run (see `auditInsert`). */
    auditInsert(tx: SansheDb, entry: AuditEntry) {
      return auditInsert(tx, districtCode, actor, entry);
    },

    notFound(what: string, id: number, path: FieldPath = ['input', 'id']): SansheError {
      return new SansheError('NOT_FOUND', `No ${what} with id ${id} in district ${districtCode}.`, { path });
    },
  };
}

export type ServiceKit = ReturnType<typeof createServiceKit>;

/** A local id as stored (a positive bigint identity, read as a safe JS integer); anything else cannot exist. */
export function isLocalId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1;
}
