import { describe, expect, it } from 'vitest';
import type { ParseResult, ValidationIssue } from '../../src/errors/index.js';
import { maskMobilePhone, parseMobilePhone } from '../../src/validators/mobile-phone.js';

function errorOf<T>(result: ParseResult<T>): ValidationIssue {
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return result.error;
}

describe('parseMobilePhone: mainland China mobile numbers (11 digits, 1 then 3–9)', () => {
  it('parses a bare 11-digit number with its E.164 form', () => {
    expect(parseMobilePhone('13812345678')).toEqual({
      success: true,
      data: { number: '13812345678', e164: '+8613812345678' },
    });
  });

  it('accepts every second digit from 3 to 9', () => {
    for (const second of '3456789') {
      expect(parseMobilePhone(`1${second}012345678`).success, second).toBe(true);
    }
  });

  it('strips +86, 0086 and 86 prefixes and spaces or hyphens between digit groups', () => {
    for (const text of [
      '+8613812345678',
      '+86 13812345678',
      '+86-138-1234-5678',
      '008613812345678',
      '0086 138 1234 5678',
      '8613812345678',
      '86 138 1234 5678',
      '138 1234 5678',
      '138-1234-5678',
      '  13812345678  ',
    ]) {
      const result = parseMobilePhone(text);
      expect(result.success && result.data.number, text).toBe('13812345678');
    }
  });

  it('rejects characters other than digits, separators and the prefix', () => {
    const message =
      'A mobile number may contain only digits, an optional +86 prefix, and single spaces or hyphens between digit groups.';
    for (const text of [
      '138.1234.5678',
      '(138) 1234 5678',
      '138  1234 5678',
      '138--1234-5678',
      '138-1234-5678-',
      '+8 613812345678',
      '+1 13812345678',
      '１３８１２３４５６７８',
      '138123456ab',
    ]) {
      const error = errorOf(parseMobilePhone(text));
      expect(error.code, text).toBe('INVALID_MOBILE_PHONE');
      expect(error.message, text).toBe(message);
    }
  });

  it('rejects the wrong number of digits', () => {
    expect(errorOf(parseMobilePhone('1381234567')).message).toBe(
      'A mobile number must have 11 digits, got 10.',
    );
    expect(errorOf(parseMobilePhone('138123456789')).message).toBe(
      'A mobile number must have 11 digits, got 12.',
    );
    expect(errorOf(parseMobilePhone('+86 1381234567')).message).toBe(
      'A mobile number must have 11 digits, got 10.',
    );
  });

  it('rejects a number not starting with 1 (e.g. a landline)', () => {
    expect(errorOf(parseMobilePhone('02112345678')).message).toBe(
      'A mobile number must start with 1, got 0.',
    );
  });

  it('rejects a second digit of 0, 1 or 2', () => {
    for (const second of '012') {
      expect(errorOf(parseMobilePhone(`1${second}812345678`)).message).toBe(
        `The second digit of a mobile number must be 3 to 9, got ${second}.`,
      );
    }
  });

  it('rejects non-strings and empty input with INVALID_MOBILE_PHONE', () => {
    expect(errorOf(parseMobilePhone(13812345678))).toMatchObject({
      code: 'INVALID_MOBILE_PHONE',
      message: 'A mobile number must be a string, got number.',
    });
    expect(errorOf(parseMobilePhone(null)).message).toContain('got null');
    expect(errorOf(parseMobilePhone('   ')).message).toBe('A mobile number must not be empty.');
  });

  it('puts the path option in the error, default []', () => {
    expect(errorOf(parseMobilePhone('x')).path).toEqual([]);
    expect(errorOf(parseMobilePhone('x', { path: ['contact', 'phone'] })).path).toEqual(['contact', 'phone']);
  });
});

describe('maskMobilePhone (docs/domain.md §9: mask by default)', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskMobilePhone('13812345678')).toBe('138****5678');
  });

  it('masks short values entirely so nothing whole is revealed', () => {
    expect(maskMobilePhone('1234567')).toBe('*******');
    expect(maskMobilePhone('')).toBe('');
  });
});
