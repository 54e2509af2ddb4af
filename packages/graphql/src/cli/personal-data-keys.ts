import { randomBytes } from 'node:crypto';
import { isSansheError, type PersonalDataKeyring, parsePersonalDataKeyring } from '@sanshe/core';
import { UsageError } from './usage-error.js';

/**
 * The personal-data keyring from the environment:
 * `SANSHE_PERSONAL_DATA_KEYS` (`id=base64,id=base64`), `SANSHE_PERSONAL_DATA_KEY_ID` (which
 * one seals new values; default the last listed) and `SANSHE_PERSONAL_DATA_LOOKUP_KEY` (the
 * HMAC key of the lookup hashes). Undefined when none is set: the development keyring is used,
 * which production mode refuses.
 */
export function personalDataKeyringFromEnv(env: NodeJS.ProcessEnv): PersonalDataKeyring | undefined {
  const keys = env.SANSHE_PERSONAL_DATA_KEYS;
  const lookupKey = env.SANSHE_PERSONAL_DATA_LOOKUP_KEY;
  if (!keys && !lookupKey) return undefined;
  if (!keys || !lookupKey) {
    throw new UsageError(
      'personal-data keys need both SANSHE_PERSONAL_DATA_KEYS and SANSHE_PERSONAL_DATA_LOOKUP_KEY',
    );
  }
  try {
    return parsePersonalDataKeyring({ keys, currentKeyId: env.SANSHE_PERSONAL_DATA_KEY_ID, lookupKey });
  } catch (error) {
    if (isSansheError(error)) throw new UsageError(`personal-data keys: ${error.message}`);
    throw error;
  }
}

/** Lines an operator pastes into the environment: a fresh data key and, once, a lookup key. */
export function generatedKeyLines(keyId: string): string[] {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId))
    throw new UsageError('--key-id must be 1–32 letters, digits, _ or -');
  return [
    `# a new AES-256-GCM data key: append it to SANSHE_PERSONAL_DATA_KEYS and make it current`,
    `${keyId}=${randomBytes(32).toString('base64')}`,
    `# a lookup (HMAC) key, for a new installation only: changing it means rewriting every hash`,
    `SANSHE_PERSONAL_DATA_LOOKUP_KEY=${randomBytes(32).toString('base64')}`,
  ];
}
