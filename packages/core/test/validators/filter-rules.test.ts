/**
 * Issue 16: the bounds of list filters are core's, so an embedding caller gets the gateway's
 * check: division codes, name searches, grades and credit codes.
 */
import { describe, expect, it } from 'vitest';
import { parseOrganizationFilter, parseUnitFilter } from '../../src/index.js';

describe('parseUnitFilter', () => {
  it('passes a good filter through, an absent one as empty', () => {
    expect(parseUnitFilter(null)).toEqual({ success: true, data: {} });
    const parsed = parseUnitFilter({ districtCode: '320505', parentCode: '320505001', nameContains: '狮山' });
    expect(parsed.success && parsed.data.parentCode).toBe('320505001');
  });

  it.each([
    [{ districtCode: '32050' }, 'INVALID_DIVISION_CODE', ['filter', 'districtCode']],
    [{ parentCode: '12ab' }, 'INVALID_DIVISION_CODE', ['filter', 'parentCode']],
    [{ nameContains: 'x'.repeat(101) }, 'INVALID_NAME', ['filter', 'nameContains']],
  ])('refuses %j with %s', (input, code, path) => {
    const parsed = parseUnitFilter(input);
    expect(parsed.success ? undefined : { code: parsed.error.code, path: parsed.error.path }).toEqual({
      code,
      path,
    });
  });
});

describe('parseOrganizationFilter', () => {
  it.each([
    [{ minGrade: 0 }, 'INVALID_NUMBER'],
    [{ minGrade: 6 }, 'INVALID_NUMBER'],
    [{ minGrade: 2.5 }, 'INVALID_NUMBER'],
    [{ uscc: 'abc' }, 'INVALID_USCC'],
    [{ parentCode: 'x' }, 'INVALID_DIVISION_CODE'],
  ])('refuses %j with %s', (input, code) => {
    const parsed = parseOrganizationFilter(input, { path: ['where'] });
    expect(parsed.success ? undefined : parsed.error.code).toBe(code);
    expect(parsed.success ? undefined : parsed.error.path[0]).toBe('where');
  });

  it('accepts a grade of 1 to 5 and a well-formed code', () => {
    expect(parseOrganizationFilter({ minGrade: 5, uscc: '51320505MJ1234567X' }).success).toBe(true);
  });
});
