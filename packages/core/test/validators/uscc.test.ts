import { describe, expect, it } from 'vitest';
import type { ParseResult, ValidationIssue } from '../../src/errors/index.js';
import { computeOrganizationCodeCheck } from '../../src/validators/organization-code.js';
import { computeUsccCheck, parseUscc, USCC_ALPHABET } from '../../src/validators/uscc.js';

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

/** Builds a valid USCC from its parts, computing both check characters. */
function makeUscc(authority: string, category: string, area: string, body: string): string {
  const first17 = authority + category + area + body + computeOrganizationCodeCheck(body);
  return first17 + computeUsccCheck(first17);
}

/** Replaces the final check character with a wrong one. */
function withBadCheck(code: string): string {
  const wrong = code.endsWith('0') ? '1' : '0';
  return code.slice(0, 17) + wrong;
}

describe('GB 32100-2015 check character (computeUsccCheck)', () => {
  it('computes c = (31 − Σ idx·w mod 31) mod 31 over the USCC alphabet', () => {
    // All zeros: Σ = 0 → (31 − 0) mod 31 = 0.
    expect(computeUsccCheck('00000000000000000')).toBe('0');
    // A single 1 in position 1 (weight 1): Σ = 1 → 30 → 'Y' (index 30).
    expect(computeUsccCheck('10000000000000000')).toBe('Y');
    // 'A' (index 10) in position 2 (weight 3): Σ = 30 → 1.
    expect(computeUsccCheck('0A000000000000000')).toBe('1');
  });

  it('uses the alphabet without I, O, S, V and Z', () => {
    expect(USCC_ALPHABET).toBe('0123456789ABCDEFGHJKLMNPQRTUWXY');
    expect(USCC_ALPHABET).toHaveLength(31);
  });

  it('throws RangeError on a malformed input (a programming error, not input)', () => {
    expect(() => computeUsccCheck('5132050650000000')).toThrow(RangeError);
    expect(() => computeUsccCheck('513205065000000000')).toThrow(RangeError);
    expect(() => computeUsccCheck('5132050650000000I')).toThrow(RangeError);
  });
});

describe('parseUscc: published codes (GB 32100-2015)', () => {
  // Codes as printed on public records; each passes both the embedded GB 11714 check and
  // the final GB 32100 check with this implementation.
  it('中国社会福利基金会 (national foundation registered by the Ministry of Civil Affairs): 53100000500019795A', () => {
    expect(parseUscc('53100000500019795A')).toEqual({
      success: true,
      data: {
        code: '53100000500019795A',
        authority: { code: '5', name: 'civil_affairs' },
        categoryCode: '3',
        category: 'foundation',
        registeringAreaCode: '100000',
        registeringAreaLevel: 'national',
        organizationCode: '500019795',
        checkCharacter: 'A',
        checkCharacterValid: true,
      },
    });
  });

  it('a social association registered in Shanghai Yangpu (310110): 51310110501144395U', () => {
    const result = parseUscc('51310110501144395U');
    expect(result.success && result.data).toMatchObject({
      category: 'social_association',
      registeringAreaCode: '310110',
      registeringAreaLevel: 'district',
    });
  });

  it('companies registered by market regulation (Huawei, Tencent, Alibaba China)', () => {
    for (const code of ['914403001922038216', '91440300708461136T', '91330100716105852F']) {
      const result = parseUscc(code);
      expect(result.success, code).toBe(true);
      expect(result.success && result.data).toMatchObject({
        authority: { code: '9', name: 'market_regulation' },
        categoryCode: '1',
        category: 'other',
        registeringAreaLevel: 'prefecture',
        checkCharacterValid: true,
      });
    }
  });
});

describe('parseUscc: generated codes (GB 32100-2015 parts)', () => {
  it('reads the civil-affairs categories: 1 社会团体, 2 民办非企业单位, 3 基金会, 9 other', () => {
    const categoryOf = (c: string) => {
      const r = parseUscc(makeUscc('5', c, '320506', 'MJ000001'));
      return r.success ? r.data.category : r.error.message;
    };
    expect(categoryOf('1')).toBe('social_association');
    expect(categoryOf('2')).toBe('social_service_agency');
    expect(categoryOf('3')).toBe('foundation');
    expect(categoryOf('9')).toBe('other');
  });

  it('names every authority of the standard', () => {
    const names: Record<string, string> = {
      '1': 'institutional_establishment',
      '2': 'foreign_affairs',
      '3': 'judicial_administration',
      '4': 'culture',
      '5': 'civil_affairs',
      '6': 'tourism',
      '7': 'religious_affairs',
      '8': 'trade_union',
      '9': 'market_regulation',
      A: 'military_establishment',
      N: 'agriculture',
      Y: 'other',
    };
    for (const [authority, name] of Object.entries(names)) {
      const result = parseUscc(makeUscc(authority, '1', '320506', '12345678'));
      expect(result.success && result.data.authority).toEqual({ code: authority, name });
    }
  });

  it('reports the category of other authorities as other, keeping the raw character', () => {
    const result = parseUscc(makeUscc('1', '2', '320500', '12345678'));
    expect(result.success && result.data).toMatchObject({ categoryCode: '2', category: 'other' });
  });

  it('accepts judicial-administration categories 4 and 5 (forensic appraisal, arbitration)', () => {
    expect(parseUscc(makeUscc('3', '4', '320506', '12345678')).success).toBe(true);
    expect(parseUscc(makeUscc('3', '5', '320506', '12345678')).success).toBe(true);
  });

  it('accepts province-, prefecture- and district-level registering authorities', () => {
    const levelOf = (area: string) => {
      const r = parseUscc(makeUscc('5', '2', area, '12345678'));
      return r.success ? r.data.registeringAreaLevel : r.error.message;
    };
    expect(levelOf('320000')).toBe('province');
    expect(levelOf('320500')).toBe('prefecture');
    expect(levelOf('320506')).toBe('district');
    expect(levelOf('100000')).toBe('national');
  });

  it('accepts lower case and upper-cases it, trimming surrounding whitespace', () => {
    const code = makeUscc('5', '2', '320506', 'MA1B2C3D');
    const result = parseUscc(`  ${code.toLowerCase()}\t`);
    expect(result.success && result.data.code).toBe(code);
  });
});

describe('parseUscc: errors name the wrong part', () => {
  const valid = makeUscc('5', '2', '320506', 'MJ000001');

  it('length', () => {
    expect(errorOf(parseUscc(valid.slice(0, 17)))).toMatchObject({
      code: 'INVALID_USCC',
      message: 'A unified social credit code must have 18 characters, got 17.',
    });
    expect(errorOf(parseUscc(`${valid}0`)).message).toContain('got 19');
  });

  it('alphabet at position N (I, O, S, V, Z and anything else)', () => {
    for (const [position, char] of [
      [1, 'I'],
      [5, 'O'],
      [9, 'S'],
      [12, 'V'],
      [18, 'Z'],
      [10, '-'],
      [3, '中'],
    ] as const) {
      const code = valid.slice(0, position - 1) + char + valid.slice(position);
      const error = errorOf(parseUscc(code));
      expect(error.code).toBe('INVALID_USCC');
      expect(error.message).toContain(
        `Character "${char}" at position ${position} of ${code} is not in the USCC alphabet`,
      );
    }
  });

  it('registration authority', () => {
    for (const authority of ['0', 'B', 'X']) {
      const code = authority + valid.slice(1);
      expect(errorOf(parseUscc(code)).message).toContain(
        `Registration authority "${authority}" at position 1 of ${code} is not a GB 32100-2015 authority code`,
      );
    }
  });

  it('category not valid for the authority', () => {
    for (const category of ['0', '4', 'A']) {
      const code = `5${category}${valid.slice(2)}`;
      expect(errorOf(parseUscc(code)).message).toBe(
        `Category "${category}" at position 2 of ${code} is not valid for authority 5 (civil_affairs); ` +
          'expected one of 1, 2, 3, 9.',
      );
    }
    expect(errorOf(parseUscc(makeUscc('9', '6', '320506', '12345678'))).message).toContain(
      'is not valid for authority 9 (market_regulation)',
    );
  });

  it('registering area', () => {
    for (const area of ['000000', '990000', '320056', '3205AB', '720000']) {
      const code = valid.slice(0, 2) + area + valid.slice(8);
      expect(errorOf(parseUscc(code)).message).toContain(
        `Registering area ${area} at positions 3–8 of ${code}`,
      );
    }
  });

  it('embedded organization code check (GB 11714)', () => {
    // Positions 9–17 of `valid` are MJ000001 + its check; change the check only.
    const check = valid.charAt(16);
    const wrong = check === '0' ? '1' : '0';
    const code = `${valid.slice(0, 16)}${wrong}${valid.charAt(17)}`;
    expect(errorOf(parseUscc(code)).message).toBe(
      `Embedded organization code ${code.slice(8, 17)} at positions 9–17 of ${code} fails its GB 11714 check: ` +
        `check character should be ${check}, got ${wrong}.`,
    );
  });

  it('final check character: expected X, got Y', () => {
    const code = withBadCheck(valid);
    expect(errorOf(parseUscc(code)).message).toBe(
      `The check character (position 18) of ${code} should be ${valid.charAt(17)}, got ${code.charAt(17)}.`,
    );
    expect(errorOf(parseUscc('53100000500019795B')).message).toContain('should be A, got B');
  });

  it('non-strings and empty input', () => {
    expect(errorOf(parseUscc(531000005))).toMatchObject({
      code: 'INVALID_USCC',
      message: 'A unified social credit code must be a string, got number.',
    });
    expect(errorOf(parseUscc(null)).message).toContain('got null');
    expect(errorOf(parseUscc(53100000500019795n)).message).toContain('got bigint');
    expect(errorOf(parseUscc('')).message).toBe('A unified social credit code must not be empty.');
  });

  it('puts the path option in the error, default []', () => {
    expect(errorOf(parseUscc('x')).path).toEqual([]);
    expect(errorOf(parseUscc('x', { path: ['organization', 'uscc'] })).path).toEqual([
      'organization',
      'uscc',
    ]);
  });
});

describe('parseUscc: allowBadCheckCharacter (audited legacy override, docs/domain.md §3)', () => {
  const valid = makeUscc('5', '1', '320506', 'MJ000002');

  it('accepts a wrong final check character alone, marking it invalid', () => {
    const result = parseUscc(withBadCheck(valid), { allowBadCheckCharacter: true, path: ['x'] });
    expect(result.success && result.data).toMatchObject({
      code: withBadCheck(valid),
      checkCharacter: withBadCheck(valid).charAt(17),
      checkCharacterValid: false,
    });
  });

  it('still marks a correct code as valid', () => {
    const result = parseUscc(valid, { allowBadCheckCharacter: true });
    expect(result.success && result.data.checkCharacterValid).toBe(true);
  });

  it('does not excuse any other fault', () => {
    const badEmbedded = `${valid.slice(0, 16)}${valid.charAt(16) === '0' ? '1' : '0'}${valid.charAt(17)}`;
    expect(errorOf(parseUscc(badEmbedded, { allowBadCheckCharacter: true })).message).toContain('GB 11714');
    expect(errorOf(parseUscc(`B${valid.slice(1)}`, { allowBadCheckCharacter: true })).message).toContain(
      'Registration authority',
    );
  });

  it('is strict when the option is false or absent', () => {
    expect(parseUscc(withBadCheck(valid)).success).toBe(false);
    expect(parseUscc(withBadCheck(valid), { allowBadCheckCharacter: false }).success).toBe(false);
  });
});

describe('GB 32100-2015 properties over 200 generated codes', () => {
  const next = random(32100);
  const pick = (chars: string) => chars.charAt(Math.floor(next() * chars.length));
  const areas = ['100000', '320000', '320500', '320506', '110105', '440303', '510104', '650102'];
  const codes = Array.from({ length: 200 }, () => {
    let body = '';
    for (let i = 0; i < 8; i++) body += pick(USCC_ALPHABET);
    return makeUscc('5', pick('1239'), areas[Math.floor(next() * areas.length)]!, body);
  });

  it('computeUsccCheck output always parses', () => {
    for (const code of codes) expect(parseUscc(code).success, code).toBe(true);
  });

  it('changing any single character to any other alphabet character always fails', () => {
    // The final check is mod 31 (prime) with weights that are non-zero mod 31, so every
    // single substitution is caught even where the other checks would not notice it.
    for (const code of codes.slice(0, 40)) {
      for (let i = 0; i < 18; i++) {
        for (const char of USCC_ALPHABET) {
          if (char === code.charAt(i)) continue;
          const changed = code.slice(0, i) + char + code.slice(i + 1);
          expect(parseUscc(changed).success, changed).toBe(false);
        }
      }
    }
  });

  it('swapping two adjacent different characters of the first 17 always fails (distinct weights mod 31)', () => {
    for (const code of codes.slice(0, 40)) {
      for (let i = 0; i < 17; i++) {
        if (code.charAt(i) === code.charAt(i + 1)) continue;
        const swapped = code.slice(0, i) + code.charAt(i + 1) + code.charAt(i) + code.slice(i + 2);
        expect(parseUscc(swapped).success, swapped).toBe(false);
      }
    }
  });
});
