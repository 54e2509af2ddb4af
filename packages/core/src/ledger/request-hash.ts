import { createHash } from 'node:crypto';

/**
 * The canonical JSON of a request body (docs/domain.md §6.5, idempotency keys; shared by every ledger write): object keys
 * sorted, no whitespace, members whose value is `undefined` left out (as JSON.stringify does), so
 * two bodies that mean the same hash the same whatever their key order. Bodies are plain data
 * (strings, numbers, booleans, null, arrays and objects of them); anything else cannot be
 * compared and is refused.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('A request body holds finite numbers only.');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`A request body holds plain data only, not ${typeof value}.`);
}

/** SHA-256 (hex) of the body's canonical JSON: what an idempotency key stores and compares. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}
