import { SansheError } from '../errors/sanshe-error.js';

/**
 * The keys that protect personal identifiers at rest (docs/domain.md §9, docs/architecture.md §4).
 *
 * - `keys`: AES-256-GCM data keys by id. Every sealed value names the key that sealed it, so a
 *   keyring can hold the old key and the new one while a rotation runs; values are always
 *   sealed with `currentKeyId`.
 * - `lookupKey`: the HMAC-SHA256 key of the keyed hashes kept beside each sealed value for exact
 *   lookup and de-duplication. It is separate from the data keys so that rotating a data key
 *   leaves every lookup working without rehashing.
 */
export interface PersonalDataKeyring {
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
  readonly lookupKey: Uint8Array;
  /** True for the built-in development keyring, which production refuses. */
  readonly development: boolean;
}

export interface PersonalDataKeyringConfig {
  /** Data keys by id: 32 bytes each, as a Buffer/Uint8Array or base64 text. */
  keys: Record<string, string | Uint8Array>;
  /** Which key seals new values; defaults to the last key listed. */
  currentKeyId?: string;
  /** The lookup (HMAC) key: at least 32 bytes, as bytes or base64 text. */
  lookupKey: string | Uint8Array;
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const dataKeyBytes = 32;

function invalid(message: string): never {
  throw new SansheError('INVALID_KEYRING', message, { path: ['personalData'] });
}

function keyBytes(value: string | Uint8Array, what: string): Uint8Array {
  if (typeof value !== 'string') return Uint8Array.from(value);
  const text = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) invalid(`${what} is not base64 text.`);
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

/**
 * Check a keyring's configuration and build it.
 *
 * @throws {SansheError} INVALID_KEYRING for no keys, a malformed key id, a data key that is not
 * 32 bytes, a lookup key under 32 bytes, or a current key id that is not among the keys. The
 * message never contains key material.
 */
export function createPersonalDataKeyring(config: PersonalDataKeyringConfig): PersonalDataKeyring {
  const ids = Object.keys(config.keys ?? {});
  if (ids.length === 0) invalid('At least one personal-data key is needed.');
  const keys = new Map<string, Uint8Array>();
  for (const id of ids) {
    // Not echoed: a key pasted where its id belongs would land in a log.
    if (!keyIdPattern.test(id))
      invalid('A key id must be 1–32 letters, digits, _ or - (id=base64, comma-separated).');
    const bytes = keyBytes(config.keys[id]!, `Key ${id}`);
    if (bytes.length !== dataKeyBytes) invalid(`Key ${id} must be 32 bytes (AES-256), not ${bytes.length}.`);
    keys.set(id, bytes);
  }
  const currentKeyId = config.currentKeyId ?? ids[ids.length - 1]!;
  if (!keys.has(currentKeyId)) invalid(`The current key id is not among the keys (${ids.join(', ')}).`);
  const lookupKey = keyBytes(config.lookupKey ?? '', 'The lookup key');
  if (lookupKey.length < dataKeyBytes)
    invalid(`The lookup key must be at least 32 bytes, not ${lookupKey.length}.`);
  return Object.freeze({ currentKeyId, keys, lookupKey, development: false });
}

/**
 * Read a keyring from the environment's form: `keys` as `id=base64,id=base64`, the current key
 * id (default: the last listed) and the lookup key in base64. Used by the `sanshe` CLI
 * (`SANSHE_PERSONAL_DATA_KEYS`, `SANSHE_PERSONAL_DATA_KEY_ID`, `SANSHE_PERSONAL_DATA_LOOKUP_KEY`).
 *
 * @throws {SansheError} INVALID_KEYRING as {@link createPersonalDataKeyring}, or for a list
 * entry without `=`.
 */
export function parsePersonalDataKeyring(text: {
  keys: string;
  currentKeyId?: string | undefined;
  lookupKey: string;
}): PersonalDataKeyring {
  const keys: Record<string, string> = {};
  for (const entry of text.keys.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const at = entry.indexOf('=');
    if (at <= 0) invalid('Personal-data keys are written as id=base64, separated by commas.');
    keys[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return createPersonalDataKeyring({
    keys,
    ...(text.currentKeyId ? { currentKeyId: text.currentKeyId } : {}),
    lookupKey: text.lookupKey,
  });
}

/**
 * The keyring used when none is configured: fixed, published keys, so that an embedded demo or
 * a test database can be reopened. It protects nothing against someone who has read this file;
 * production mode (`sanshe serve --production`) refuses to start with it.
 */
export const developmentKeyring: PersonalDataKeyring = Object.freeze({
  currentKeyId: 'dev',
  keys: new Map([['dev', new Uint8Array(Buffer.from('sanshe development key, not safe'))]]),
  lookupKey: new Uint8Array(Buffer.from('sanshe development lookup key, not secret')),
  development: true,
});
