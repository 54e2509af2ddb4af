import { createHash } from 'node:crypto';

/**
 * Values as the open standards write them. Amounts: the ledger keeps integer fen; OCDS, 360Giving
 * and HSDS write amounts as numbers in the currency's main unit, so CNY yuan = fen / 100 (exact to
 * the cent: an integer fen count divided by 100 is the nearest double to the decimal amount).
 */
export const exportCurrency = 'CNY';

export function yuanOf(fen: number): number {
  return fen / 100;
}

/**
 * A day as a date-time, where a standard asks for one (OCDS dates, HSDS `last_modified`, 360Giving
 * `dateModified`): the records keep days in China Standard Time (docs/domain.md §15), so a first
 * day starts at 00:00:00+08:00 and a last day (`endsOn`, included) ends at 23:59:59+08:00.
 */
export function startOfDay(day: string): string {
  return `${day}T00:00:00+08:00`;
}

export function endOfDay(day: string): string {
  return `${day}T23:59:59+08:00`;
}

/** The latest of some days (YYYY-MM-DD compare as text), ignoring missing ones. */
export function latestDay(days: readonly (string | null | undefined)[]): string | undefined {
  let latest: string | undefined;
  for (const day of days) if (day && (!latest || day > latest)) latest = day;
  return latest;
}

/**
 * The namespace of sanshe's name-based UUIDs (RFC 9562 §5.5, version 5): HSDS requires every `id`
 * to be a UUID, and the same record must keep the same UUID from one export to the next, so it is
 * derived from the district, the kind of record and its id rather than drawn at random.
 */
const sansheUuidNamespace = Buffer.from('6f1d3c52a4e84b1f9c7a0e5d2b8f4a61', 'hex');

export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(sansheUuidNamespace).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A short, stable digest of a JSON value: same content, same digest (OCDS release ids). */
export function contentDigest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex').slice(0, 16);
}
