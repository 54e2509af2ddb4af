import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';

/** A parsed GB 11714 organization code (组织机构代码). */
export interface OrganizationCodeInfo {
  /** The 9 characters without the printed hyphen, upper case. */
  code: string;
  /** The first 8 characters. */
  body: string;
  /** The 9th character: a digit or X. */
  checkCharacter: string;
}

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Value of one body character in GB 11714: digits are themselves, letters A=10 … Z=35.
 * Returns -1 for anything else.
 */
function characterValue(char: string): number {
  const c = char.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/**
 * Computes the GB 11714 check character of an 8-character body: c = 11 − (Σ vᵢ·wᵢ mod 11)
 * with weights 3 7 9 10 5 8 4 2, written as 'X' for 10 and '0' for 11. Used by the demo
 * data generator to make valid codes.
 *
 * @throws RangeError when the body is not 8 characters from 0–9 and A–Z; this is a
 * programming error, not user input.
 */
export function computeOrganizationCodeCheck(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) {
    throw new RangeError(`An organization code body must be 8 characters from 0-9 and A-Z, got "${body}".`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += characterValue(body.charAt(i)) * WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  if (c === 10) return 'X';
  if (c === 11) return '0';
  return String(c);
}

/**
 * Parses an organization code (GB 11714): 8 body characters from 0–9 and A–Z and a check
 * character. The printed form with a hyphen before the check character (`12345678-9`) is
 * accepted and normalised away.
 *
 * Lower case is accepted and upper-cased: the standard prints codes in upper case, and a
 * lower-case letter in user input is a typing variant of the same code, not another code.
 */
export function parseOrganizationCode(
  value: unknown,
  options?: ParseOptions,
): ParseResult<OrganizationCodeInfo> {
  const path = options?.path ?? [];
  const bad = (message: string) => fail<OrganizationCodeInfo>('INVALID_ORGANIZATION_CODE', message, path);

  if (typeof value !== 'string') {
    return bad(`An organization code must be a string, got ${value === null ? 'null' : typeof value}.`);
  }
  let code = value.trim().toUpperCase();
  if (code === '') return bad('An organization code must not be empty.');
  // Only the printed hyphen before the check character is a formatting mark; a hyphen
  // anywhere else is a typing error we should not guess around.
  if (code.length === 10 && code.charAt(8) === '-') code = code.slice(0, 8) + code.slice(9);
  if (code.includes('-')) {
    return bad(
      `Organization code ${code} may have a hyphen only before its check character, as in 12345678-9.`,
    );
  }
  if (code.length !== 9) {
    return bad(
      `An organization code must have 9 characters (8 body characters and a check character), got ${code.length}.`,
    );
  }
  for (let i = 0; i < 8; i++) {
    const char = code.charAt(i);
    if (characterValue(char) < 0) {
      return bad(
        `Character "${char}" at position ${i + 1} of organization code ${code} must be a digit or a letter A-Z.`,
      );
    }
  }
  const body = code.slice(0, 8);
  const checkCharacter = code.charAt(8);
  if (!/^[0-9X]$/.test(checkCharacter)) {
    return bad(
      `The check character of organization code ${code} must be a digit or X, got "${checkCharacter}".`,
    );
  }
  const expected = computeOrganizationCodeCheck(body);
  if (checkCharacter !== expected) {
    return bad(
      `The check character of organization code ${code} should be ${expected}, got ${checkCharacter}.`,
    );
  }
  return ok({ code, body, checkCharacter });
}
