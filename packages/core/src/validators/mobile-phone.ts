import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';

/** A parsed mainland China mobile number. */
export interface MobilePhoneInfo {
  /** The 11 digits, without country code or separators. */
  number: string;
  /** E.164 form, '+86' followed by the 11 digits. */
  e164: string;
}

// An optional country code (+86, 0086 or 86) with an optional separator, then digit groups
// separated by single spaces or hyphens ("138 1234 5678", "138-1234-5678"). The bare "86"
// cannot be mistaken for the start of a number, because mobile numbers start with 1.
const SHAPE = /^(?:(?:\+86|0086|86)[ -]?)?(\d+(?:[ -]\d+)*)$/;

/**
 * Parses a mainland China mobile number: 11 digits, the first 1 and the second 3–9. An
 * optional `+86`, `0086` or `86` prefix and spaces or hyphens between digit groups are
 * accepted and stripped; the data holds the bare 11 digits and the E.164 form.
 */
export function parseMobilePhone(value: unknown, options?: ParseOptions): ParseResult<MobilePhoneInfo> {
  const path = options?.path ?? [];
  const bad = (message: string) => fail<MobilePhoneInfo>('INVALID_MOBILE_PHONE', message, path);

  if (typeof value !== 'string') {
    return bad(`A mobile number must be a string, got ${value === null ? 'null' : typeof value}.`);
  }
  const text = value.trim();
  if (text === '') return bad('A mobile number must not be empty.');
  const match = SHAPE.exec(text);
  if (match === null) {
    return bad(
      'A mobile number may contain only digits, an optional +86 prefix, and single spaces or hyphens between digit groups.',
    );
  }
  const number = match[1]!.replace(/[ -]/g, '');
  if (number.length !== 11) return bad(`A mobile number must have 11 digits, got ${number.length}.`);
  if (number.charAt(0) !== '1') return bad(`A mobile number must start with 1, got ${number.charAt(0)}.`);
  const second = number.charAt(1);
  if (second < '3' || second > '9') {
    return bad(`The second digit of a mobile number must be 3 to 9, got ${second}.`);
  }
  return ok({ number, e164: `+86${number}` });
}

/**
 * Masks a mobile number for display: the first 3 and last 4 digits stay, the rest become
 * `*` (`13812345678` → `138****5678`). Pass the 11-digit `number` of a parsed phone. A
 * value of 7 characters or fewer is masked entirely, so nothing whole is ever revealed.
 */
export function maskMobilePhone(n: string): string {
  if (n.length <= 7) return '*'.repeat(n.length);
  return n.slice(0, 3) + '*'.repeat(n.length - 7) + n.slice(-4);
}
