import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DistrictDatabase } from '../database/district-database.js';
import { gridEvents } from '../schema/grid-events.js';
import { socialWorkers } from '../schema/social-workers.js';
import { volunteers } from '../schema/volunteers.js';
import { type IdentifierField, personalDataClassification } from './classification.js';
import { sealedKeyId } from './field-cipher.js';
import { identifierLookupHash, openIdentifier, protectIdentifier } from './protected-value.js';

/** What a rotation found and did in one district. */
export interface KeyRotationReport {
  districtCode: string;
  currentKeyId: string;
  /** Stored values by the id of the key that sealed them, before the rotation. */
  valuesByKeyBefore: Record<string, number>;
  /** Values opened and sealed again with the current key. */
  valuesResealed: number;
  /** Keyed hashes rewritten because the lookup key changed (0 when it did not). */
  hashesRewritten: number;
  /** Rows read. */
  rowsExamined: number;
}

const batchSize = 500;

/** One sealed identifier of a table: its classification and the columns holding it. */
interface SealedColumn {
  field: IdentifierField;
  encrypted: AnyPgColumn;
  hash: AnyPgColumn;
}

/** A table whose rows hold sealed identifiers of people, keyed by district and id. */
interface SealedTable {
  table: PgTable;
  districtCode: AnyPgColumn;
  id: AnyPgColumn;
  columns: readonly SealedColumn[];
}

/**
 * Every table that holds sealed identifiers, with its fields (personal-data/classification.ts).
 * An area that seals a new identifier adds it here; `sealedIdentifierTables` is checked against
 * the database's `*_encrypted` columns by the key-rotation test, so none can be forgotten.
 */
export const sealedIdentifierTables: readonly SealedTable[] = [
  {
    table: socialWorkers,
    districtCode: socialWorkers.districtCode,
    id: socialWorkers.id,
    columns: [
      {
        field: personalDataClassification.social_worker.identifiers.residentId,
        encrypted: socialWorkers.residentIdEncrypted,
        hash: socialWorkers.residentIdHash,
      },
      {
        field: personalDataClassification.social_worker.identifiers.mobilePhone,
        encrypted: socialWorkers.mobilePhoneEncrypted,
        hash: socialWorkers.mobilePhoneHash,
      },
    ],
  },
  {
    table: volunteers,
    districtCode: volunteers.districtCode,
    id: volunteers.id,
    columns: [
      {
        field: personalDataClassification.volunteer.identifiers.residentId,
        encrypted: volunteers.residentIdEncrypted,
        hash: volunteers.residentIdHash,
      },
      {
        field: personalDataClassification.volunteer.identifiers.mobilePhone,
        encrypted: volunteers.mobilePhoneEncrypted,
        hash: volunteers.mobilePhoneHash,
      },
    ],
  },
  {
    // A caller's phone on a grid event (Open311, hotline). Resealing it does not bump the
    // event's version, so the live-queue trigger announces nothing (migration
    // …grid_events_notify_on_version).
    table: gridEvents,
    districtCode: gridEvents.districtCode,
    id: gridEvents.id,
    columns: [
      {
        field: personalDataClassification.grid_event.identifiers.reporterPhone,
        encrypted: gridEvents.reporterPhoneEncrypted,
        hash: gridEvents.reporterPhoneHash,
      },
    ],
  },
];

/**
 * Seal every stored identifier of the district with the keyring's current key and rewrite any
 * keyed hash that the current lookup key computes differently.
 *
 * Safe while the gateway runs: each batch is its own transaction, each row is updated only if
 * it is still as read, and a keyring holding both the old and the new key opens every value
 * whichever batch it is in. Run it after adding the new key as current; remove the old key once
 * the report shows nothing left under it (`sanshe rotate-keys`, README "Personal data").
 */
export async function rotatePersonalDataKeys(
  database: Pick<DistrictDatabase, 'db' | 'districtCode' | 'personalData'>,
): Promise<KeyRotationReport> {
  const { districtCode, personalData: keyring } = database;
  const report: KeyRotationReport = {
    districtCode,
    currentKeyId: keyring.currentKeyId,
    valuesByKeyBefore: {},
    valuesResealed: 0,
    hashesRewritten: 0,
    rowsExamined: 0,
  };
  for (const table of sealedIdentifierTables) {
    await rotateTable(database, report, table);
  }
  return report;
}

/** Reseal one table's identifiers in batches (see {@link rotatePersonalDataKeys}). */
async function rotateTable(
  database: Pick<DistrictDatabase, 'db' | 'districtCode' | 'personalData'>,
  report: KeyRotationReport,
  table: SealedTable,
): Promise<void> {
  const { db, districtCode, personalData: keyring } = database;
  let afterId = 0;
  for (;;) {
    const selection: Record<string, AnyPgColumn> = { id: table.id };
    table.columns.forEach((column, index) => {
      selection[`sealed${index}`] = column.encrypted;
      selection[`hash${index}`] = column.hash;
    });
    const rows = (await db
      .select(selection)
      .from(table.table)
      .where(and(eq(table.districtCode, districtCode), gt(table.id, afterId)))
      .orderBy(asc(table.id))
      .limit(batchSize)) as Record<string, string | number | null>[];
    if (rows.length === 0) break;
    afterId = Number(rows[rows.length - 1]!.id);
    report.rowsExamined += rows.length;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const changes: Record<string, string> = {};
        table.columns.forEach(({ field, encrypted, hash }, index) => {
          const sealed = row[`sealed${index}`] as string | null;
          if (sealed === null) return;
          const keyId = sealedKeyId(sealed);
          report.valuesByKeyBefore[keyId] = (report.valuesByKeyBefore[keyId] ?? 0) + 1;
          const clear = openIdentifier(keyring, districtCode, field, sealed);
          if (keyId !== keyring.currentKeyId) {
            changes[encrypted.name] = protectIdentifier(keyring, districtCode, field, clear).encrypted;
            report.valuesResealed += 1;
          }
          const lookupHash = identifierLookupHash(keyring, field, clear);
          if (lookupHash !== row[`hash${index}`]) {
            changes[hash.name] = lookupHash;
            report.hashesRewritten += 1;
          }
        });
        if (Object.keys(changes).length === 0) continue;
        // Compare-and-set: a row changed since it was read keeps its newer value (sealed with
        // the current key already, since every write seals with it).
        const unchanged = table.columns.map(({ encrypted }, index) => {
          const sealed = row[`sealed${index}`];
          return sealed === null ? sql`${encrypted} is null` : sql`${encrypted} = ${sealed}`;
        });
        const assignments = sql.join(
          Object.entries(changes).map(([column, value]) => sql`${sql.identifier(column)} = ${value}`),
          sql`, `,
        );
        await tx.execute(
          sql`update ${table.table} set ${assignments}
              where ${table.districtCode} = ${districtCode} and ${table.id} = ${row.id} and ${sql.join(unchanged, sql` and `)}`,
        );
      }
    });
  }
}
