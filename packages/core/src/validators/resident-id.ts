import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';
import { isProvinceCode } from './division-code.js';
import { isCalendarDate } from './text.js';

/** Sex as encoded by the parity of the sequence number of a resident ID. */
export type Sex = 'male' | 'female';

/** A parsed resident identity number (居民身份证号码, GB 11643). */
export interface ResidentIdInfo {
  /** The number as given, trimmed, with a lower-case x check character upper-cased. */
  number: string;
  /** Digits 1–6: the area of first registration, possibly a code retired since. */
  areaCode: string;
  /** 'YYYY-MM-DD'. */
  birthDate: string;
  sex: Sex;
  /** True for a 15-digit number of the first generation (no century, no check). */
  legacy: boolean;
  /** The 18-character form: the number itself, or a legacy number upgraded. */
  upgraded: string;
}

/** Options of {@link parseResidentId}. */
export interface ResidentIdParseOptions extends ParseOptions {
  /**
   * The moment birth dates may not lie after; defaults to now. Tests pass a fixed date.
   * An invalid Date is a programming error and makes the parser throw a RangeError.
   */
  today?: Date;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const MIN_BIRTH_YEAR = 1850;
// Birth dates are calendar dates in China. China Standard Time is UTC+8 all year (no
// daylight saving since 1991), so "today" is the UTC+8 calendar date of `today`; a child
// born this morning in Beijing is valid even when UTC is still on yesterday.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Computes the ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID:
 * r = Σ dᵢ·wᵢ mod 11 with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check =
 * "10X98765432"[r].
 *
 * @throws RangeError when the input is not 17 digits; this is a programming error.
 */
export function computeResidentIdCheck(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`computeResidentIdCheck needs 17 digits, got "${first17}".`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Masks a resident ID for display: the first 4 and last 4 characters stay, every other
 * character becomes `*` (e.g. `3205**********1234`). Masking is the default view of
 * personal data (docs/domain.md §9). A value of 8 characters or fewer is masked entirely, so
 * the function never reveals a whole (malformed) number.
 */
export function maskResidentId(n: string): string {
  if (n.length <= 8) return '*'.repeat(n.length);
  return n.slice(0, 4) + '*'.repeat(n.length - 8) + n.slice(-4);
}

/**
 * Parses a resident identity number (GB 11643): 6-digit area + 8-digit birth date
 * YYYYMMDD + 3-digit sequence (odd = male, even = female) + an ISO 7064 MOD 11-2 check
 * character (digit or X; a lower-case x is accepted). A legacy 15-digit number (6 area +
 * YYMMDD in the 1900s + 3 sequence, no check) is accepted too and upgraded to 18.
 *
 * The area is only checked for a valid province prefix: the area of first registration
 * may have been retired or renamed since, and the number stays valid for life.
 */
export function parseResidentId(
  value: unknown,
  options?: ResidentIdParseOptions,
): ParseResult<ResidentIdInfo> {
  const path = options?.path ?? [];
  const bad = (message: string) => fail<ResidentIdInfo>('INVALID_RESIDENT_ID', message, path);

  if (typeof value !== 'string') {
    return bad(`A resident ID number must be a string, got ${value === null ? 'null' : typeof value}.`);
  }
  // Only the check character can be a letter; upper-casing the whole string changes nothing else.
  const number = value.trim().toUpperCase();
  if (number === '') return bad('A resident ID number must not be empty.');

  let legacy: boolean;
  if (number.length === 18) {
    if (!/^\d{17}[\dX]$/.test(number)) {
      return bad('A resident ID number must be 17 digits followed by a digit or X.');
    }
    legacy = false;
  } else if (number.length === 15) {
    if (!/^\d{15}$/.test(number)) return bad('A legacy 15-character resident ID number must be all digits.');
    legacy = true;
  } else {
    return bad(
      `A resident ID number must have 18 characters (or 15 for a legacy number), got ${number.length}.`,
    );
  }

  const areaCode = number.slice(0, 6);
  if (!isProvinceCode(areaCode.slice(0, 2))) {
    return bad(
      `Area code ${areaCode} of the resident ID number does not start with a GB/T 2260 province code.`,
    );
  }

  // A legacy number writes the year with two digits; first-generation numbers were only
  // issued to people born in the 1900s, so the century is always 19.
  const birth = legacy ? `19${number.slice(6, 12)}` : number.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  if (!isCalendarDate(year, month, day)) {
    return bad(`Birth date ${birthDate} in the resident ID number is not a real calendar date.`);
  }
  if (year < MIN_BIRTH_YEAR) {
    return bad(`Birth year ${year} in the resident ID number is before ${MIN_BIRTH_YEAR}.`);
  }
  const today = chinaDate(options?.today ?? new Date());
  if (birthDate > today) {
    return bad(`Birth date ${birthDate} in the resident ID number lies in the future (today is ${today}).`);
  }

  const sequence = legacy ? number.slice(12, 15) : number.slice(14, 17);
  const sex: Sex = Number(sequence) % 2 === 1 ? 'male' : 'female';

  let upgraded: string;
  if (legacy) {
    const first17 = `${areaCode}${birth}${sequence}`;
    upgraded = first17 + computeResidentIdCheck(first17);
  } else {
    const expected = computeResidentIdCheck(number.slice(0, 17));
    const given = number.charAt(17);
    if (given !== expected) {
      return bad(`The check character of the resident ID number should be ${expected}, got ${given}.`);
    }
    upgraded = number;
  }

  return ok({ number, areaCode, birthDate, sex, legacy, upgraded });
}

/** The calendar date in China (UTC+8) at `moment`, as 'YYYY-MM-DD'. */
function chinaDate(moment: Date): string {
  return new Date(moment.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
