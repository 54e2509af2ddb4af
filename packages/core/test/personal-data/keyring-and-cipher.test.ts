/**
 * The keyring's configuration is checked with typed errors that never echo key material, and
 * the field cipher is AES-256-GCM bound to its context (personal-data/keyring.ts, field-cipher.ts).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSansheError } from '../../src/errors/index.js';
import {
  createPersonalDataKeyring,
  developmentKeyring,
  lookupHash,
  openField,
  parsePersonalDataKeyring,
  sealedKeyId,
  sealField,
} from '../../src/personal-data/index.js';

const key = () => randomBytes(32).toString('base64');

function refusal(build: () => unknown): { code: string; message: string } {
  try {
    build();
  } catch (error) {
    if (isSansheError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected INVALID_KEYRING');
}

describe('keyring configuration', () => {
  const secret = key();
  const cases: [string, () => unknown][] = [
    ['no keys', () => createPersonalDataKeyring({ keys: {}, lookupKey: key() })],
    ['a key id with a space', () => createPersonalDataKeyring({ keys: { 'a b': secret }, lookupKey: key() })],
    [
      'a 16-byte data key',
      () => createPersonalDataKeyring({ keys: { k1: randomBytes(16).toString('base64') }, lookupKey: key() }),
    ],
    [
      'a data key that is not base64',
      () => createPersonalDataKeyring({ keys: { k1: `${secret}!!` }, lookupKey: key() }),
    ],
    [
      'a current key id not among the keys',
      () => createPersonalDataKeyring({ keys: { k1: secret }, currentKeyId: 'k2', lookupKey: key() }),
    ],
    [
      'a short lookup key',
      () => createPersonalDataKeyring({ keys: { k1: secret }, lookupKey: randomBytes(8).toString('base64') }),
    ],
    ['a list entry without =', () => parsePersonalDataKeyring({ keys: secret, lookupKey: key() })],
  ];
  it.each(cases)('refuses %s with INVALID_KEYRING and no key material in the message', (_, build) => {
    const { code, message } = refusal(build);
    expect(code).toBe('INVALID_KEYRING');
    expect(message).not.toContain(secret.slice(0, 12));
  });

  it('reads id=base64 lists; the current key defaults to the last listed', () => {
    const keyring = parsePersonalDataKeyring({ keys: `2025=${key()}, 2026=${key()}`, lookupKey: key() });
    expect(keyring.currentKeyId).toBe('2026');
    expect([...keyring.keys.keys()]).toEqual(['2025', '2026']);
    expect(keyring.development).toBe(false);
    expect(developmentKeyring.development).toBe(true);
  });
});

describe('field cipher', () => {
  const keyring = createPersonalDataKeyring({ keys: { k1: key() }, lookupKey: key() });
  const context = '320505:social_workers.resident_id';
  const clear = '320505198804120056';

  it('round-trips, with a fresh IV each time and the key id in the value', () => {
    const a = sealField(keyring, clear, context);
    const b = sealField(keyring, clear, context);
    expect(a).not.toBe(b);
    expect(a).not.toContain(clear);
    expect(sealedKeyId(a)).toBe('k1');
    expect(openField(keyring, a, context)).toBe(clear);
    expect(openField(keyring, b, context)).toBe(clear);
  });

  it('does not open in another column or district, nor after tampering', () => {
    const sealed = sealField(keyring, clear, context);
    expect(() => openField(keyring, sealed, '320506:social_workers.resident_id')).toThrow(/authentication/);
    expect(() => openField(keyring, sealed, '320505:social_workers.mobile_phone')).toThrow(/authentication/);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${sealed.slice(0, -2)}${last}${sealed.at(-1)}`;
    expect(() => openField(keyring, tampered, context)).toThrow();
  });

  it('a value sealed with a key the keyring lacks is ENCRYPTION_KEY_MISSING', () => {
    const other = createPersonalDataKeyring({ keys: { k9: key() }, lookupKey: key() });
    const sealed = sealField(other, clear, context);
    expect(refusal(() => openField(keyring, sealed, context)).code).toBe('ENCRYPTION_KEY_MISSING');
  });

  it('keyed hashes are stable per lookup key, differ between columns and between keys', () => {
    const same = lookupHash(keyring, clear, 'social_workers.resident_id');
    expect(lookupHash(keyring, clear, 'social_workers.resident_id')).toBe(same);
    expect(lookupHash(keyring, clear, 'social_workers.mobile_phone')).not.toBe(same);
    const other = createPersonalDataKeyring({ keys: { k1: key() }, lookupKey: key() });
    expect(lookupHash(other, clear, 'social_workers.resident_id')).not.toBe(same);
    expect(same).toMatch(/^[0-9a-f]{64}$/);
  });
});
