import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DistrictDatabase } from '../database/district-database.js';
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

/**
 * The tables that hold sealed identifiers of people, with their fields. Both keep the same
 * columns (`resident_id_*`, `mobile_phone_*`), each sealed under its own column name.
 */
const sealedPeople = [
  {
    table: socialWorkers,
    fields: [
      [personalDataClassification.social_worker.identifiers.residentId, 'residentId'],
      [personalDataClassification.social_worker.identifiers.mobilePhone, 'mobilePhone'],
    ],
  },
  {
    table: volunteers,
    fields: [
      [personalDataClassification.volunteer.identifiers.residentId, 'residentId'],
      [personalDataClassification.volunteer.identifiers.mobilePhone, 'mobilePhone'],
    ],
  },
] as const satisfies readonly {
  table: typeof socialWorkers | typeof volunteers;
  fields: readonly (readonly [IdentifierField, 'residentId' | 'mobilePhone'])[];
}[];

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
  for (const { table, fields } of sealedPeople) {
    await rotateTable(database, report, table, fields);
  }
  return report;
}

/** Reseal one table's identifiers in batches (see {@link rotatePersonalDataKeys}). */
async function rotateTable(
  database: Pick<DistrictDatabase, 'db' | 'districtCode' | 'personalData'>,
  report: KeyRotationReport,
  table: typeof socialWorkers | typeof volunteers,
  fields: readonly (readonly [IdentifierField, 'residentId' | 'mobilePhone'])[],
): Promise<void> {
  const { db, districtCode, personalData: keyring } = database;
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select({
        id: table.id,
        residentId: table.residentIdEncrypted,
        residentIdHash: table.residentIdHash,
        mobilePhone: table.mobilePhoneEncrypted,
        mobilePhoneHash: table.mobilePhoneHash,
      })
      .from(table)
      .where(and(eq(table.districtCode, districtCode), gt(table.id, afterId)))
      .orderBy(asc(table.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]!.id;
    report.rowsExamined += rows.length;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const changes: Record<string, string> = {};
        for (const [field, name] of fields) {
          const sealed = row[name];
          if (sealed === null) continue;
          const keyId = sealedKeyId(sealed);
          report.valuesByKeyBefore[keyId] = (report.valuesByKeyBefore[keyId] ?? 0) + 1;
          const clear = openIdentifier(keyring, districtCode, field, sealed);
          if (keyId !== keyring.currentKeyId) {
            changes[`${name}Encrypted`] = protectIdentifier(keyring, districtCode, field, clear).encrypted;
            report.valuesResealed += 1;
          }
          const hash = identifierLookupHash(keyring, field, clear);
          if (hash !== row[`${name}Hash`]) {
            changes[`${name}Hash`] = hash;
            report.hashesRewritten += 1;
          }
        }
        if (Object.keys(changes).length === 0) continue;
        // Compare-and-set: a row changed since it was read keeps its newer value (sealed with
        // the current key already, since every write seals with it).
        await tx
          .update(table)
          .set(changes)
          .where(
            and(
              eq(table.districtCode, districtCode),
              eq(table.id, row.id),
              eq(table.residentIdEncrypted, row.residentId),
              row.mobilePhone === null
                ? sql`${table.mobilePhoneEncrypted} is null`
                : eq(table.mobilePhoneEncrypted, row.mobilePhone),
            ),
          );
      }
    });
  }
}
