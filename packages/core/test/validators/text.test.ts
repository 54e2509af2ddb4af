import { describe, expect, it } from 'vitest';
import type { ParseResult, ValidationIssue } from '../../src/errors/index.js';
import { isCalendarDate, parseIsoDate, parseName } from '../../src/validators/text.js';

function errorOf<T>(result: ParseResult<T>): ValidationIssue {
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return result.error;
}

describe('parseName: 1–100 characters of text', () => {
  it('accepts and trims a name, including the ideographic space U+3000', () => {
    expect(parseName('  苏州市吴中区民政局 ')).toEqual({ success: true, data: '苏州市吴中区民政局' });
    expect(parseName('\u3000阳光社工服务中心\u3000')).toEqual({ success: true, data: '阳光社工服务中心' });
  });

  it('keeps inner spaces and punctuation unchanged', () => {
    expect(parseName(' Sunshine  Social Work (Wuzhong) ')).toEqual({
      success: true,
      data: 'Sunshine  Social Work (Wuzhong)',
    });
  });

  it('counts code points: 100 Chinese or supplementary-plane characters are allowed, 101 are not', () => {
    expect(parseName('社'.repeat(100)).success).toBe(true);
    // U+20BB7 𠮷 is one character but two UTF-16 units.
    expect(parseName('𠮷'.repeat(100)).success).toBe(true);
    expect(errorOf(parseName('社'.repeat(101)))).toMatchObject({
      code: 'INVALID_NAME',
      message: 'A name must have at most 100 characters, got 101.',
    });
    expect(errorOf(parseName('𠮷'.repeat(101))).message).toContain('got 101');
  });

  it('rejects control characters, naming the code point and position', () => {
    expect(errorOf(parseName('阳光\n社工')).message).toBe(
      'A name must not contain control characters, found U+000A at character 3.',
    );
    for (const char of ['\t', '\u0000', '\u007f', '\u0085', '\r']) {
      expect(errorOf(parseName(`a${char}b`)).code).toBe('INVALID_NAME');
    }
  });

  it('rejects an unpaired surrogate', () => {
    expect(errorOf(parseName('ab\ud842')).message).toBe(
      'A name must be well-formed text, found an unpaired surrogate at character 3.',
    );
  });

  it('rejects empty, whitespace-only and non-string input', () => {
    expect(errorOf(parseName('')).message).toBe('A name must not be empty.');
    expect(errorOf(parseName(' \u3000 ')).message).toBe('A name must not be empty.');
    expect(errorOf(parseName(42))).toMatchObject({
      code: 'INVALID_NAME',
      message: 'A name must be a string, got number.',
    });
    expect(errorOf(parseName(null)).message).toBe('A name must be a string, got null.');
  });

  it('puts the path option in the error, default []', () => {
    expect(errorOf(parseName('')).path).toEqual([]);
    expect(errorOf(parseName('', { path: ['input', 'name'] })).path).toEqual(['input', 'name']);
  });
});

describe('parseIsoDate: ISO 8601 calendar dates YYYY-MM-DD, 1900–2999', () => {
  it('returns the same string for a real date', () => {
    expect(parseIsoDate('2024-06-01')).toEqual({ success: true, data: '2024-06-01' });
    expect(parseIsoDate(' 2024-06-01 ')).toEqual({ success: true, data: '2024-06-01' });
  });

  it('accepts the bounds 1900-01-01 and 2999-12-31 and rejects years outside', () => {
    expect(parseIsoDate('1900-01-01').success).toBe(true);
    expect(parseIsoDate('2999-12-31').success).toBe(true);
    expect(errorOf(parseIsoDate('1899-12-31')).message).toBe(
      'The year of date 1899-12-31 must be from 1900 to 2999, got 1899.',
    );
    expect(errorOf(parseIsoDate('3000-01-01')).code).toBe('INVALID_DATE');
  });

  it('follows Gregorian leap years: 2000-02-29 and 2024-02-29 valid; 1900, 2100 and 2023 not', () => {
    expect(parseIsoDate('2000-02-29').success).toBe(true);
    expect(parseIsoDate('2024-02-29').success).toBe(true);
    expect(errorOf(parseIsoDate('1900-02-29')).message).toBe(
      'Date 1900-02-29 does not exist: month 02 of 1900 has 28 days.',
    );
    expect(parseIsoDate('2100-02-29').success).toBe(false);
    expect(parseIsoDate('2023-02-29').success).toBe(false);
  });

  it('rejects days beyond the month and day 00', () => {
    expect(errorOf(parseIsoDate('2024-04-31')).message).toBe(
      'Date 2024-04-31 does not exist: month 04 of 2024 has 30 days.',
    );
    expect(parseIsoDate('2024-01-32').success).toBe(false);
    expect(parseIsoDate('2024-01-00').success).toBe(false);
  });

  it('rejects month 00 and 13', () => {
    expect(errorOf(parseIsoDate('2024-13-01')).message).toBe(
      'The month of date 2024-13-01 must be from 01 to 12, got 13.',
    );
    expect(parseIsoDate('2024-00-10').success).toBe(false);
  });

  it('rejects other notations', () => {
    for (const text of ['2024-6-1', '2024/06/01', '20240601', '2024-06-01T00:00:00Z', '24-06-01', '']) {
      expect(errorOf(parseIsoDate(text)).message).toBe(`A date must be written YYYY-MM-DD, got "${text}".`);
    }
  });

  it('rejects non-strings (including Date objects) with INVALID_DATE', () => {
    expect(errorOf(parseIsoDate(new Date()))).toMatchObject({
      code: 'INVALID_DATE',
      message: 'A date must be a string, got object.',
    });
    expect(errorOf(parseIsoDate(20240601)).code).toBe('INVALID_DATE');
  });

  it('puts the path option in the error, default []', () => {
    expect(errorOf(parseIsoDate('x')).path).toEqual([]);
    expect(errorOf(parseIsoDate('x', { path: ['range', 'from'] })).path).toEqual(['range', 'from']);
  });
});

describe('isCalendarDate (proleptic Gregorian calendar)', () => {
  it('agrees with the JavaScript Date for every day of 1899–2101', () => {
    const disagreements: string[] = [];
    for (let year = 1899; year <= 2101; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const real = new Date(Date.UTC(year, month - 1, day)).getUTCMonth() === month - 1;
          if (isCalendarDate(year, month, day) !== real) disagreements.push(`${year}-${month}-${day}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('rejects non-integers and out-of-range parts', () => {
    expect(isCalendarDate(2024, 0, 1)).toBe(false);
    expect(isCalendarDate(2024, 13, 1)).toBe(false);
    expect(isCalendarDate(2024, 1, 0)).toBe(false);
    expect(isCalendarDate(2024, 1.5, 1)).toBe(false);
    expect(isCalendarDate(Number.NaN, 1, 1)).toBe(false);
  });
});
