import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { SansheError } from '../errors/sanshe-error.js';
import type { PersonalDataKeyring } from './keyring.js';

/**
 * AES-256-GCM for one personal field, and the keyed hash kept beside it.
 *
 * A sealed value reads `v1:<key id>:<base64url(iv ‖ tag ‖ ciphertext)>`. The field's context
 * (district and column, e.g. `320505:social_workers.resident_id`) is bound as additional
 * authenticated data, so a value copied into another column or district does not open.
 */

const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;

/** Seal a value with the keyring's current key. */
export function sealField(keyring: PersonalDataKeyring, plaintext: string, context: string): string {
  const keyId = keyring.currentKeyId;
  const key = keyring.keys.get(keyId)!;
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  return `${version}:${keyId}:${payload}`;
}

/** The id of the key that sealed a value. */
export function sealedKeyId(sealed: string): string {
  const [prefix, keyId] = sealed.split(':', 2);
  if (prefix !== version || !keyId) throw unreadable('is not a sealed value');
  return keyId;
}

/**
 * Open a sealed value.
 *
 * @throws {SansheError} ENCRYPTION_KEY_MISSING when the keyring lacks the key that sealed it;
 * INTERNAL_SERVER_ERROR (masked by the gateway) when the value was tampered with.
 */
export function openField(keyring: PersonalDataKeyring, sealed: string, context: string): string {
  const keyId = sealedKeyId(sealed);
  const key = keyring.keys.get(keyId);
  if (!key) {
    throw new SansheError(
      'ENCRYPTION_KEY_MISSING',
      `Personal data sealed with key "${keyId}" cannot be read: that key is not configured.`,
    );
  }
  const payload = Buffer.from(sealed.slice(version.length + keyId.length + 2), 'base64url');
  if (payload.length < ivBytes + tagBytes) throw unreadable('is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, payload.subarray(0, ivBytes));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(payload.subarray(ivBytes, ivBytes + tagBytes));
  try {
    return Buffer.concat([decipher.update(payload.subarray(ivBytes + tagBytes)), decipher.final()]).toString(
      'utf8',
    );
  } catch (cause) {
    throw new Error(`A sealed personal value (${context}) failed authentication`, { cause });
  }
}

/**
 * The keyed hash (HMAC-SHA256, hex) of a value, for exact lookup and de-duplication. The column
 * name is part of the input, so an ID number and a phone number never share a hash; the
 * district is not, so the same person hashes alike in every district of a city.
 */
export function lookupHash(keyring: PersonalDataKeyring, value: string, column: string): string {
  return createHmac('sha256', keyring.lookupKey).update(`${column}\u0000${value}`, 'utf8').digest('hex');
}

function unreadable(what: string): Error {
  return new Error(`A stored personal value ${what}`);
}
