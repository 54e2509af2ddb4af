import { describe, expect, it } from 'vitest';
import type { ParseResult, ValidationIssue } from '../../src/errors/index.js';
import {
  isProvinceCode,
  parseDivisionCode,
  parseDivisionCodeOfLevel,
  parseGridCode,
} from '../../src/validators/division-code.js';

function errorOf<T>(result: ParseResult<T>): ValidationIssue {
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return result.error;
}

const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
];

describe('GB/T 2260 province codes (isProvinceCode)', () => {
  it('accepts exactly the 34 province codes of GB/T 2260', () => {
    for (let n = 0; n <= 99; n++) {
      const two = String(n).padStart(2, '0');
      expect(isProvinceCode(two), two).toBe(PROVINCES.includes(n));
    }
  });

  it('rejects anything that is not two digits', () => {
    expect(isProvinceCode('3')).toBe(false);
    expect(isProvinceCode('320')).toBe(false);
    expect(isProvinceCode('3a')).toBe(false);
  });
});

describe('parseDivisionCode: GB/T 2260 district codes (6 digits)', () => {
  it('parses a district code with its ancestors and no parent inside the hierarchy', () => {
    expect(parseDivisionCode('320506')).toEqual({
      success: true,
      data: {
        code: '320506',
        level: 'district',
        provinceCode: '32',
        prefectureCode: '3205',
        districtCode: '320506',
        subdistrictCode: null,
        communityCode: null,
        parentCode: null,
      },
    });
  });

  it('parses a municipal district (Beijing Dongcheng 110101) and a county-level city under a province (429004)', () => {
    expect(parseDivisionCode('110101').success).toBe(true);
    expect(parseDivisionCode('429004').success).toBe(true);
  });

  it('accepts a district in every GB/T 2260 province', () => {
    for (const p of PROVINCES) expect(parseDivisionCode(`${p}0101`).success, String(p)).toBe(true);
  });

  it('trims surrounding whitespace and changes nothing else', () => {
    const result = parseDivisionCode('  320506\n');
    expect(result.success && result.data.code).toBe('320506');
  });

  it('rejects a province code (prefecture part 00): 320000 is a province, not a district', () => {
    const error = errorOf(parseDivisionCode('320000'));
    expect(error.code).toBe('INVALID_DIVISION_CODE');
    expect(error.message).toBe('320000 is a province code (prefecture part 00), not a district code.');
  });

  it('rejects a prefecture code (county part 00): 320500', () => {
    expect(errorOf(parseDivisionCode('320500')).message).toBe(
      '320500 is a prefecture code (county part 00), not a district code.',
    );
  });

  it('rejects province parts outside GB/T 2260 (00, 10, 16, 24, 55, 66, 72, 83, 99)', () => {
    for (const p of ['00', '10', '16', '24', '55', '66', '72', '83', '99']) {
      const error = errorOf(parseDivisionCode(`${p}0101`));
      expect(error.code).toBe('INVALID_DIVISION_CODE');
      expect(error.message).toBe(
        `Province part ${p} of division code ${p}0101 is not a GB/T 2260 province code.`,
      );
    }
  });
});

describe('parseDivisionCode: statistical division codes (9 and 12 digits)', () => {
  it('parses a 街道 subdistrict (001–099) with the district as parent', () => {
    expect(parseDivisionCode('320506001')).toEqual({
      success: true,
      data: {
        code: '320506001',
        level: 'subdistrict',
        provinceCode: '32',
        prefectureCode: '3205',
        districtCode: '320506',
        subdistrictCode: '320506001',
        communityCode: null,
        parentCode: '320506',
        subdistrictKind: 'subdistrict',
      },
    });
  });

  it('classifies the suffix ranges: 001–099 街道, 100–199 镇, 200–399 乡, 400–599 类似乡级单位', () => {
    const kindOf = (code: string) => {
      const r = parseDivisionCode(code);
      return r.success ? r.data.subdistrictKind : undefined;
    };
    expect(kindOf('320506001')).toBe('subdistrict');
    expect(kindOf('320506099')).toBe('subdistrict');
    expect(kindOf('320506100')).toBe('town');
    expect(kindOf('320506199')).toBe('town');
    expect(kindOf('320506200')).toBe('township');
    expect(kindOf('320506399')).toBe('township');
    expect(kindOf('320506400')).toBe('quasi_township');
    expect(kindOf('320506599')).toBe('quasi_township');
  });

  // Source: 统计用区划代码和城乡划分代码编制规则 (National Bureau of Statistics): the town-level
  // part 400–599 codes 类似乡级单位, units combining government and enterprise such as development
  // zones, industrial parks and state farms (e.g. 苏州工业园区's 4xx units in 统计用区划代码 320571).
  it('accepts 400–599 units combining government and enterprise (development zones, farms), with their communities and villages', () => {
    expect(parseDivisionCode('320571401')).toMatchObject({
      success: true,
      data: { level: 'subdistrict', parentCode: '320571', subdistrictKind: 'quasi_township' },
    });
    expect(parseDivisionCode('320506599001')).toMatchObject({
      success: true,
      data: {
        level: 'community',
        subdistrictCode: '320506599',
        parentCode: '320506599',
        subdistrictKind: 'quasi_township',
        communityKind: 'community',
      },
    });
    expect(parseDivisionCode('320506400201')).toMatchObject({
      success: true,
      data: { subdistrictKind: 'quasi_township', communityKind: 'village' },
    });
    expect(parseDivisionCodeOfLevel('320506450', 'subdistrict').success).toBe(true);
    expect(parseGridCode('3205064000010001').success).toBe(true);
  });

  it('parses a 居委会 community (001–199) with the subdistrict as parent', () => {
    expect(parseDivisionCode('320506001001')).toEqual({
      success: true,
      data: {
        code: '320506001001',
        level: 'community',
        provinceCode: '32',
        prefectureCode: '3205',
        districtCode: '320506',
        subdistrictCode: '320506001',
        communityCode: '320506001001',
        parentCode: '320506001',
        subdistrictKind: 'subdistrict',
        communityKind: 'community',
      },
    });
  });

  it('classifies community suffixes: 001–199 居委会, 200–399 村委会', () => {
    const kindOf = (code: string) => {
      const r = parseDivisionCode(code);
      return r.success ? r.data.communityKind : undefined;
    };
    expect(kindOf('320506100001')).toBe('community');
    expect(kindOf('320506100199')).toBe('community');
    expect(kindOf('320506100200')).toBe('village');
    expect(kindOf('320506100399')).toBe('village');
  });

  it('rejects subdistrict suffix 000 and suffixes above 599, in 9- and 12-digit codes', () => {
    for (const code of ['320506000', '320506600', '320506999', '320506000001', '320506600001']) {
      const error = errorOf(parseDivisionCode(code));
      expect(error.code).toBe('INVALID_DIVISION_CODE');
      expect(error.message).toContain(
        `Subdistrict part ${code.slice(6, 9)} of division code ${code} must be 001–599`,
      );
    }
  });

  it('rejects community suffix 000 and suffixes above 399', () => {
    for (const code of ['320506001000', '320506001400', '320506001999']) {
      const error = errorOf(parseDivisionCode(code));
      expect(error.code).toBe('INVALID_DIVISION_CODE');
      expect(error.message).toContain(
        `Community part ${code.slice(9)} of division code ${code} must be 001–399`,
      );
    }
  });

  it('applies the district rules to the first 6 digits of longer codes', () => {
    expect(errorOf(parseDivisionCode('320000001')).message).toContain('320000 is a province code');
    expect(errorOf(parseDivisionCode('320500001001')).message).toContain('320500 is a prefecture code');
    expect(errorOf(parseDivisionCode('990101001001')).message).toContain('Province part 99');
  });
});

describe('parseDivisionCode: shape errors', () => {
  it('rejects non-strings with INVALID_DIVISION_CODE', () => {
    for (const value of [320506, null, undefined, {}, ['320506']]) {
      const error = errorOf(parseDivisionCode(value));
      expect(error.code).toBe('INVALID_DIVISION_CODE');
      expect(error.message).toMatch(/^A division code must be a string, got /);
    }
    expect(errorOf(parseDivisionCode(null)).message).toBe('A division code must be a string, got null.');
  });

  it('rejects empty and whitespace-only input', () => {
    expect(errorOf(parseDivisionCode('')).message).toBe('A division code must not be empty.');
    expect(errorOf(parseDivisionCode('   ')).message).toBe('A division code must not be empty.');
  });

  it('rejects non-digits, including inner spaces and full-width digits', () => {
    for (const code of ['32050A', '320 506', '３２０５０６', '-320506', '320506.0']) {
      expect(errorOf(parseDivisionCode(code)).message).toBe(
        `A division code must contain only digits, got "${code}".`,
      );
    }
  });

  it('rejects lengths other than 6, 9 or 12', () => {
    for (const code of ['32', '32050', '3205061', '32050600', '3205060010', '32050600100', '3205060010011']) {
      expect(errorOf(parseDivisionCode(code)).message).toBe(
        `A division code must have 6, 9 or 12 digits, got ${code.length}.`,
      );
    }
  });

  it('puts the path option in the error, default []', () => {
    expect(errorOf(parseDivisionCode('x')).path).toEqual([]);
    expect(parseDivisionCode('x', { path: ['input', 'code'] })).toMatchObject({
      success: false,
      error: { code: 'INVALID_DIVISION_CODE', path: ['input', 'code'] },
    });
  });
});

describe('parseDivisionCodeOfLevel', () => {
  it('returns the parsed code when the level matches', () => {
    expect(parseDivisionCodeOfLevel('320506', 'district').success).toBe(true);
    expect(parseDivisionCodeOfLevel('320506001', 'subdistrict').success).toBe(true);
    expect(parseDivisionCodeOfLevel('320506001001', 'community').success).toBe(true);
  });

  it('fails with CODE_LEVEL_MISMATCH for a valid code of another level', () => {
    const error = errorOf(parseDivisionCodeOfLevel('320506001001', 'subdistrict'));
    expect(error.code).toBe('CODE_LEVEL_MISMATCH');
    expect(error.message).toBe(
      'Expected a subdistrict code (9 digits), got 320506001001, a community code (12 digits).',
    );
    expect(errorOf(parseDivisionCodeOfLevel('320506', 'community')).code).toBe('CODE_LEVEL_MISMATCH');
  });

  it('keeps INVALID_DIVISION_CODE for a structurally invalid code', () => {
    expect(errorOf(parseDivisionCodeOfLevel('320500', 'district')).code).toBe('INVALID_DIVISION_CODE');
  });

  it('puts the path option in both kinds of error', () => {
    const path = ['units', 3, 'code'];
    expect(errorOf(parseDivisionCodeOfLevel('320506', 'community', { path }))).toMatchObject({ path });
    expect(errorOf(parseDivisionCodeOfLevel('32', 'community', { path }))).toMatchObject({ path });
  });
});

describe('parseGridCode: community code + local suffix (no national rule, docs/domain.md §2)', () => {
  it('parses a grid code with 1 to 6 suffix digits', () => {
    expect(parseGridCode('3205060010010001')).toEqual({
      success: true,
      data: {
        code: '3205060010010001',
        communityCode: '320506001001',
        suffix: '0001',
        districtCode: '320506',
      },
    });
    for (const suffix of ['1', '12', '123', '1234', '12345', '123456']) {
      const r = parseGridCode(`320506001001${suffix}`);
      expect(r.success && r.data.suffix).toBe(suffix);
    }
  });

  it('accepts the grid when it belongs to the given community', () => {
    expect(parseGridCode('320506001001001', '320506001001').success).toBe(true);
    expect(parseGridCode(' 320506001001001 ', ' 320506001001 ').success).toBe(true);
  });

  it('rejects a grid of another community when the community code is given', () => {
    const error = errorOf(parseGridCode('320506001002001', '320506001001'));
    expect(error.code).toBe('INVALID_GRID_CODE');
    expect(error.message).toBe(
      'Grid code 320506001002001 does not belong to community 320506001001: its prefix is 320506001002.',
    );
  });

  it('rejects a prefix that is not a valid community code, saying why', () => {
    const error = errorOf(parseGridCode('3205060010000001'));
    expect(error.code).toBe('INVALID_GRID_CODE');
    expect(error.message).toContain(
      'The first 12 digits of grid code 3205060010000001 are not a community code',
    );
    expect(error.message).toContain('Community part 000');
    expect(errorOf(parseGridCode('3205000010010001')).message).toContain('320500 is a prefecture code');
  });

  it('rejects wrong lengths (a bare community code, more than 6 suffix digits)', () => {
    for (const code of ['320506001001', '3205060010011234567', '320506']) {
      const error = errorOf(parseGridCode(code));
      expect(error.code).toBe('INVALID_GRID_CODE');
      expect(error.message).toContain(`got ${code.length}`);
    }
  });

  it('rejects non-strings, empty input and non-digits', () => {
    expect(errorOf(parseGridCode(3205060010010001)).message).toBe(
      'A grid code must be a string, got number.',
    );
    expect(errorOf(parseGridCode('')).message).toBe('A grid code must not be empty.');
    expect(errorOf(parseGridCode('320506001001-01')).message).toBe(
      'A grid code must contain only digits, got "320506001001-01".',
    );
  });

  it('puts the path option in the error', () => {
    expect(errorOf(parseGridCode('1', undefined, { path: ['grid'] }))).toMatchObject({
      code: 'INVALID_GRID_CODE',
      path: ['grid'],
    });
    expect(errorOf(parseGridCode('320506001002001', '320506001001', { path: ['g'] }))).toMatchObject({
      path: ['g'],
    });
  });
});
