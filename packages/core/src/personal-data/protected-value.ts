import type { IdentifierField } from './classification.js';
import { lookupHash, openField, sealField } from './field-cipher.js';
import type { PersonalDataKeyring } from './keyring.js';

/** What is stored for one identifier: sealed, keyed hash, masked. Never the clear value. */
export interface ProtectedValue {
  encrypted: string;
  hash: string;
  masked: string;
}

/** The authenticated context of a sealed value: its district and column. */
export function sealContext(districtCode: string, field: IdentifierField): string {
  return `${districtCode}:${field.column}`;
}

/** Seal, hash and mask a clear identifier for storage. */
export function protectIdentifier(
  keyring: PersonalDataKeyring,
  districtCode: string,
  field: IdentifierField,
  clear: string,
): ProtectedValue {
  return {
    encrypted: sealField(keyring, clear, sealContext(districtCode, field)),
    hash: lookupHash(keyring, clear, field.column),
    masked: field.mask(clear),
  };
}

/** The keyed hash to look a clear identifier up by. */
export function identifierLookupHash(
  keyring: PersonalDataKeyring,
  field: IdentifierField,
  clear: string,
): string {
  return lookupHash(keyring, clear, field.column);
}

/** Open a stored identifier. Callers log the read (access-log.ts) in the same transaction. */
export function openIdentifier(
  keyring: PersonalDataKeyring,
  districtCode: string,
  field: IdentifierField,
  encrypted: string,
): string {
  return openField(keyring, encrypted, sealContext(districtCode, field));
}
