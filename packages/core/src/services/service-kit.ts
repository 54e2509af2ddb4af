import { and, eq, type InferSelectModel } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Actor } from '../access/actor.js';
import { systemActor } from '../access/actor.js';
import { authorizeWrite, type WriteTarget } from '../access/jurisdiction.js';
import type { WriteAction } from '../access/permissions.js';
import { type RecordKind, requireVisibleRecord } from '../access/record-visibility.js';
import { type AuditEntry, appendAudit, auditInsert, auditRow } from '../audit/audit-log.js';
import { isUniqueViolation } from '../database/db-errors.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { ParseResult } from '../errors/result.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { developmentKeyring } from '../personal-data/keyring.js';
import { parseIsoDate, parseText, type TextOptions } from '../validators/text.js';
import { todayInChina } from './dates.js';

/** A table of district records: keyed by district code and a local id. */
export type DistrictTable = PgTable & { districtCode: AnyPgColumn; id: AnyPgColumn };

/** How a record read inside a transaction is locked: not at all, FOR SHARE, or FOR UPDATE. */
export type RowLock = false | 'share' | 'update';

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

  /**
   * A day on which something happened (a registration, a pass, a change): records hold facts,
   * so never after today. The one check of its kind, with the one code DATE_IN_FUTURE.
   *
   * @throws {SansheError} DATE_IN_FUTURE
   */
  function notAfterToday(day: string, path: FieldPath, what = String(path.at(-1) ?? 'The date')): string {
    const now = today();
    if (day > now) {
      throw new SansheError(
        'DATE_IN_FUTURE',
        `${what} ${day} lies after today (${now}); records hold what has happened.`,
        {
          path,
        },
      );
    }
    return day;
  }

  async function findRecord<T extends DistrictTable>(
    executor: SansheDb,
    table: T,
    id: unknown,
    lock: RowLock = false,
  ): Promise<InferSelectModel<T> | undefined> {
    if (!isLocalId(id)) return undefined;
    const query = executor
      .select()
      .from(table as PgTable)
      .where(and(eq(table.districtCode, districtCode), eq(table.id, id)));
    const rows = lock ? await query.for(lock) : await query;
    return rows[0] as InferSelectModel<T> | undefined;
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

    notAfterToday,

    /** A date from the input (or today when it gives none and `required` is false), never after today. */
    pastDate(value: unknown, path: FieldPath, required = true): string {
      const day =
        !required && (value === undefined || value === null)
          ? today()
          : unwrap(parseIsoDate(value, { path }));
      return notAfterToday(day, path);
    },

    /**
     * A local id, or NOT_FOUND at `path`: an id that cannot exist (not a positive safe integer)
     * names no record.
     *
     * @throws {SansheError} NOT_FOUND
     */
    requireId(value: unknown, what: string, path: FieldPath): number {
      if (!isLocalId(value)) {
        throw new SansheError(
          'NOT_FOUND',
          `No ${what} with id ${String(value).slice(0, 32)} in district ${districtCode}.`,
          {
            path,
          },
        );
      }
      return value;
    },

    /** Free text people read (see validators/text.ts `parseText`). */
    text(value: unknown, path: FieldPath, options: Omit<TextOptions, 'path'>): string {
      return unwrap(parseText(value, { ...options, path }));
    },

    /** A date from the input, or today when it gives none. */
    dateOrToday(value: string | null | undefined, path: FieldPath): string {
      return value === undefined || value === null ? today() : unwrap(parseIsoDate(value, { path }));
    },

    /** The record is at the version the caller read, when it says which. */
    checkVersion(current: { version: number }, expected: number | null | undefined, label: string): void {
      if (expected !== undefined && expected !== null && expected !== current.version) {
        throw versionConflict(current, label, expected);
      }
    },

    /** The record moved on since it was read (a guarded update matched no row). */
    versionConflict,

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

    /**
     * The values `auditInsert` writes, as this service's actor: for a statement that inserts
     * them some other way (status-history.ts `statusChangeAndAuditOf`, `insert … select`).
     */
    auditRow(entry: AuditEntry) {
      return auditRow(districtCode, actor, entry);
    },

    /**
     * The district's record of `table` with this id, read (and locked, when asked) in
     * `executor`; undefined when there is none or the id cannot exist. The one way a service
     * loads a record by id.
     */
    findRecord,

    /** Like {@link findRecord}, but a missing record is NOT_FOUND at `path`. */
    async requireRecord<T extends DistrictTable>(
      executor: SansheDb,
      table: T,
      id: unknown,
      what: string,
      path: FieldPath,
      lock: RowLock = false,
    ): Promise<InferSelectModel<T>> {
      const row = await findRecord(executor, table, id, lock);
      if (!row) {
        throw new SansheError(
          'NOT_FOUND',
          `No ${what} with id ${String(id).slice(0, 32)} in district ${districtCode}.`,
          {
            path,
          },
        );
      }
      return row;
    },

    notFound(what: string, id: number, path: FieldPath = ['input', 'id']): SansheError {
      return new SansheError('NOT_FOUND', `No ${what} with id ${id} in district ${districtCode}.`, { path });
    },
  };
}

export type ServiceKit = ReturnType<typeof createServiceKit>;

/** VERSION_CONFLICT for a record at another version than the caller read (or than expected). */
export function versionConflict(current: { version: number }, label: string, expected?: number): SansheError {
  return new SansheError(
    'VERSION_CONFLICT',
    `${label} is at version ${current.version}${expected === undefined ? '' : `, not ${expected}`}; reload it and try again.`,
    { path: ['input', 'expectedVersion'], details: { currentVersion: current.version } },
  );
}

/** A local id as stored (a positive bigint identity, read as a safe JS integer); anything else cannot exist. */
export function isLocalId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1;
}
