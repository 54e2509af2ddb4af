import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../ledger/request-hash.js';
import type { PersonalDataKeyring } from '../personal-data/keyring.js';

/**
 * The numbers and codes printed on a certificate of service (docs/domain.md §5.3). Pure apart
 * from the hashing: no I/O.
 *
 * - The number, `VC-<district>-<year>-<6 digits>`, says where to verify and is counted per
 *   district and year; being guessable, it reveals nothing without the code.
 * - The content digest is SHA-256 of the canonical JSON of what the certificate states (object
 *   keys sorted, no whitespace: RFC 8785 for content that holds only strings and integers).
 * - The verification code is an HMAC of the number and the digest under a key derived from the
 *   district's personal-data lookup key, so only the issuing district can make one: a reader
 *   cannot mint a code for a document they wrote themselves. The lookup key is not rotated with
 *   the data keys (personal-data/keyring.ts), so codes stay checkable after a data-key rotation.
 */

/** `VC-320505-2026-000123`. */
const certificateNumberPattern = /^VC-(\d{6})-(\d{4})-(\d{6})$/;

export function formatCertificateNumber(districtCode: string, year: number, sequence: number): string {
  return `VC-${districtCode}-${String(year).padStart(4, '0')}-${String(sequence).padStart(6, '0')}`;
}

/** The parts of a certificate number, or undefined when the text is not one. */
export function parseCertificateNumber(
  text: unknown,
): { districtCode: string; year: number; sequence: number; number: string } | undefined {
  if (typeof text !== 'string') return undefined;
  const number = text.trim().toUpperCase();
  const match = certificateNumberPattern.exec(number);
  if (!match) return undefined;
  return { districtCode: match[1]!, year: Number(match[2]), sequence: Number(match[3]), number };
}

/** The most certificates one district numbers in a year (six digits). */
export const maxCertificatesPerYear = 999_999;

/** SHA-256 (hex) of a certificate's content in canonical JSON. */
export function certificateDigest(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or retyped survives. */
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const codeCharacters = 16;

/** The key a district signs its certificates with, derived from its lookup key and code. */
function certificateKey(keyring: PersonalDataKeyring, districtCode: string): Buffer {
  return createHmac('sha256', keyring.lookupKey)
    .update(`sanshe volunteer certificate v1\u0000${districtCode}`, 'utf8')
    .digest();
}

/**
 * The verification code of a certificate: 80 bits of HMAC-SHA256 over the number and the
 * content digest, as 16 Crockford base32 characters in groups of four (`7K2M-…`).
 */
export function certificateVerificationCode(
  keyring: PersonalDataKeyring,
  districtCode: string,
  number: string,
  digest: string,
): string {
  const mac = createHmac('sha256', certificateKey(keyring, districtCode))
    .update(`${number}\u0000${digest}`, 'utf8')
    .digest();
  let bits = 0n;
  for (const byte of mac.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = codeCharacters - 1; i >= 0; i--) code += crockford[Number((bits >> BigInt(i * 5)) & 31n)];
  return code.match(/.{4}/g)!.join('-');
}

/**
 * A code as a reader typed it, in its printed form: case, spaces and dashes ignored, and the
 * letters Crockford folds (I and L read as 1, O as 0). Undefined when it cannot be a code.
 */
export function normalizeVerificationCode(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > 64) return undefined;
  const folded = text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (folded.length !== codeCharacters || [...folded].some((char) => !crockford.includes(char)))
    return undefined;
  return folded.match(/.{4}/g)!.join('-');
}

/** Whether two codes in printed form are equal, in constant time. */
export function verificationCodesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
