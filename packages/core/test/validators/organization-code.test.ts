import { describe, expect, it } from 'vitest';
import type { ParseResult, ValidationIssue } from '../../src/errors/index.js';
import {
  computeOrganizationCodeCheck,
  parseOrganizationCode,
} from '../../src/validators/organization-code.js';

function errorOf<T>(result: ParseResult<T>): ValidationIssue {
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return result.error;
}

// A small seeded generator (mulberry32) so the property loops are reproducible.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BODY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function randomBody(next: () => number): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += BODY_ALPHABET.charAt(Math.floor(next() * BODY_ALPHABET.length));
  return body;
}

describe('GB 11714 check character (computeOrganizationCodeCheck)', () => {
  it('computes c = 11 − (Σ v·w mod 11) with weights 3 7 9 10 5 8 4 2', () => {
    // 1·3 + 2·7 + 3·9 + 4·10 + 5·5 + 6·8 + 7·4 + 8·2 = 201; 201 mod 11 = 3; 11 − 3 = 8.
    expect(computeOrganizationCodeCheck('12345678')).toBe('8');
  });

  it('values letters A=10 … Z=35', () => {
    // A·3 = 30; 30 mod 11 = 8; 11 − 8 = 3.
    expect(computeOrganizationCodeCheck('A0000000')).toBe('3');
    // Z·3 = 105; 105 mod 11 = 6; 11 − 6 = 5.
    expect(computeOrganizationCodeCheck('Z0000000')).toBe('5');
  });

  it('writes 10 as X and 11 as 0', () => {
    // 0 → Σ mod 11 = 0 → c = 11 → '0'.
    expect(computeOrganizationCodeCheck('00000000')).toBe('0');
    // 6·2 = 12; 12 mod 11 = 1 → c = 10 → 'X'.
    expect(computeOrganizationCodeCheck('00000006')).toBe('X');
  });

  it('throws RangeError on a malformed body (a programming error, not input)', () => {
    for (const body of ['1234567', '123456789', '1234567a', '1234567-']) {
      expect(() => computeOrganizationCodeCheck(body)).toThrow(RangeError);
    }
  });
});

describe('parseOrganizationCode (GB 11714)', () => {
  it('parses a plain 9-character code', () => {
    expect(parseOrganizationCode('123456788')).toEqual({
      success: true,
      data: { code: '123456788', body: '12345678', checkCharacter: '8' },
    });
  });

  it('accepts the printed form with a hyphen before the check character and normalises it away', () => {
    const result = parseOrganizationCode('12345678-8');
    expect(result.success && result.data.code).toBe('123456788');
  });

  it('accepts codes embedded in published USCCs (Huawei 19220382-1, Tencent 70846113-6)', () => {
    expect(parseOrganizationCode('19220382-1').success).toBe(true);
    expect(parseOrganizationCode('708461136').success).toBe(true);
  });

  it('accepts X as check character and letters in the body', () => {
    expect(parseOrganizationCode('00000006-X').success).toBe(true);
    const body = 'MA1B2C3D';
    const result = parseOrganizationCode(body + computeOrganizationCodeCheck(body));
    expect(result.success && result.data.body).toBe(body);
  });

  it('accepts lower case and upper-cases it (the printed form is upper case)', () => {
    expect(parseOrganizationCode(' 00000006-x ')).toEqual({
      success: true,
      data: { code: '00000006X', body: '00000006', checkCharacter: 'X' },
    });
  });

  it('rejects a wrong check character, naming expected and actual', () => {
    const error = errorOf(parseOrganizationCode('12345678-9'));
    expect(error.code).toBe('INVALID_ORGANIZATION_CODE');
    expect(error.message).toBe('The check character of organization code 123456789 should be 8, got 9.');
  });

  it('rejects a check character that is neither a digit nor X', () => {
    expect(errorOf(parseOrganizationCode('12345678A')).message).toBe(
      'The check character of organization code 12345678A must be a digit or X, got "A".',
    );
  });

  it('rejects body characters outside 0–9 and A–Z, naming the position', () => {
    expect(errorOf(parseOrganizationCode('1234#6788')).message).toBe(
      'Character "#" at position 5 of organization code 1234#6788 must be a digit or a letter A-Z.',
    );
    expect(errorOf(parseOrganizationCode('中23456788')).message).toContain('position 1');
  });

  it('rejects a hyphen anywhere but before the check character', () => {
    expect(errorOf(parseOrganizationCode('1234-56788')).message).toBe(
      'Organization code 1234-56788 may have a hyphen only before its check character, as in 12345678-9.',
    );
    expect(errorOf(parseOrganizationCode('1234567-8')).message).toContain(
      'hyphen only before its check character',
    );
    expect(errorOf(parseOrganizationCode('12345678--8')).message).toContain('hyphen only before');
  });

  it('rejects wrong lengths', () => {
    for (const code of ['12345678', '1234567888', '1234567']) {
      expect(errorOf(parseOrganizationCode(code)).message).toMatch(
        /^An organization code must have 9 characters/,
      );
    }
  });

  it('rejects non-strings and empty input with INVALID_ORGANIZATION_CODE', () => {
    expect(errorOf(parseOrganizationCode(123456788))).toMatchObject({
      code: 'INVALID_ORGANIZATION_CODE',
      message: 'An organization code must be a string, got number.',
    });
    expect(errorOf(parseOrganizationCode(undefined)).code).toBe('INVALID_ORGANIZATION_CODE');
    expect(errorOf(parseOrganizationCode(' ')).message).toBe('An organization code must not be empty.');
  });

  it('puts the path option in the error, default []', () => {
    expect(errorOf(parseOrganizationCode('x')).path).toEqual([]);
    expect(errorOf(parseOrganizationCode('x', { path: ['org', 0] })).path).toEqual(['org', 0]);
  });
});

describe('GB 11714 properties over generated bodies', () => {
  const next = random(11714);
  const bodies = Array.from({ length: 200 }, () => randomBody(next));

  it('computeOrganizationCodeCheck output always parses, with and without hyphen', () => {
    for (const body of bodies) {
      const check = computeOrganizationCodeCheck(body);
      expect(parseOrganizationCode(body + check).success, body).toBe(true);
      expect(parseOrganizationCode(`${body}-${check}`).success, body).toBe(true);
    }
  });

  it('changing the check character always fails', () => {
    for (const body of bodies) {
      const check = computeOrganizationCodeCheck(body);
      for (const other of '0123456789X') {
        if (other !== check) expect(parseOrganizationCode(body + other).success).toBe(false);
      }
    }
  });

  it('changing one digit of a body to another digit always fails', () => {
    for (const body of bodies) {
      const check = computeOrganizationCodeCheck(body);
      for (let i = 0; i < 8; i++) {
        if (!/\d/.test(body.charAt(i))) continue;
        for (const digit of '0123456789') {
          if (digit === body.charAt(i)) continue;
          const changed = body.slice(0, i) + digit + body.slice(i + 1) + check;
          expect(parseOrganizationCode(changed).success, changed).toBe(false);
        }
      }
    }
  });

  it('documents the limit of mod 11: a substitution changing the value by 11 (0 → B) is not detected', () => {
    // Every weight is non-zero mod 11, so only value differences of ±11, ±22, ±33 go
    // unnoticed; these need a letter. Callers must not rely on the check for letters.
    expect(parseOrganizationCode('123456788').success).toBe(true);
    expect(parseOrganizationCode('B23456788').success).toBe(false); // 1 → B is +10
    expect(parseOrganizationCode('C23456788').success).toBe(true); // 1 → C is +11
  });
});
