/**
 * A guard for text that will be published (docs/domain.md §9: never put personal data in public
 * views). It looks for what resembles a resident identity number or a mainland mobile number,
 * whether or not the number is a valid one: a mistyped ID is still somebody's ID. Pure, no I/O.
 */
import { maskMobilePhone } from '../validators/mobile-phone.js';
import { maskResidentId } from '../validators/resident-id.js';

export type PersonalDataKind = 'resident_id' | 'mobile_phone';

/** One match, located in the original text by UTF-16 offsets (`text.slice(start, end)`). */
export interface PersonalDataFinding {
  kind: PersonalDataKind;
  start: number;
  end: number;
  /** The match with separators removed and masked (`3205**********1234`, `138****8000`). */
  masked: string;
}

// GB 11643: 17 digits and a check character (digit or X), written whole or in the printed
// 6-8-4 grouping with single spaces or hyphens. Not part of a longer run of digits, which is
// some other number (a bank reference, a serial); a letter after it does not hide it.
const RESIDENT_ID = /(?<!\d)\d{6}[ -]?\d{8}[ -]?\d{3}[\dX](?!\d)/g;

// A mobile number: 1, then 3–9, then 9 digits, whole or in the usual 3-4-4 grouping, optionally
// after +86, 0086, 86 or a trunk 0 (dialled from a landline). Not part of a longer run of
// digits, so 12-digit community codes and amounts written in full are left alone.
const MOBILE_PHONE = /(?<!\d)(?:(?:\+|00)?86[ -]?|0)?(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)/g;

/**
 * Full-width digits, the full-width plus and letter X, and other compatibility forms are
 * folded to ASCII one code point at a time (NFKC), keeping for each position of the folded
 * text the offset of the original code point it came from.
 */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let offset = 0;
  for (const char of text) {
    const normalized = char.normalize('NFKC').toUpperCase();
    for (let i = 0; i < normalized.length; i++) origin.push(offset);
    folded += normalized;
    offset += char.length;
  }
  origin.push(offset);
  return { folded, origin };
}

/** Every stretch of the text that looks like a resident ID or a mobile number, in order. */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const { folded, origin } = fold(text);
  const findings: PersonalDataFinding[] = [];
  const toOriginal = (foldedStart: number, foldedEnd: number) => ({
    start: origin[foldedStart]!,
    // The end is the start of the code point after the match in the original text.
    end: origin[foldedEnd]!,
  });

  for (const match of folded.matchAll(RESIDENT_ID)) {
    const digits = match[0].replace(/[ -]/g, '');
    findings.push({
      kind: 'resident_id',
      ...toOriginal(match.index, match.index + match[0].length),
      masked: maskResidentId(digits),
    });
  }
  for (const match of folded.matchAll(MOBILE_PHONE)) {
    const start = match.index;
    const end = start + match[0].length;
    // Inside an ID-shaped stretch the digits are already reported as that ID.
    const insideId = findings.some(
      (f) => f.kind === 'resident_id' && origin[start]! >= f.start && origin[end]! <= f.end,
    );
    if (insideId) continue;
    findings.push({
      kind: 'mobile_phone',
      ...toOriginal(start, end),
      masked: maskMobilePhone(match[1]!.replace(/[ -]/g, '')),
    });
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** Whether the text holds anything that looks like a resident ID or a mobile number. */
export function containsPersonalData(text: string): boolean {
  return findPersonalData(text).length > 0;
}
