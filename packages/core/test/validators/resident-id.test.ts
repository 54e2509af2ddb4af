import { describe, expect, it } from 'vitest';
import type { ParseResult, ValidationIssue } from '../../src/errors/index.js';
import { computeResidentIdCheck, maskResidentId, parseResidentId } from '../../src/validators/resident-id.js';

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

/** Builds a valid 18-character number from area, YYYYMMDD and sequence. */
function makeId(area: string, birth: string, sequence: string): string {
  const first17 = area + birth + sequence;
  return first17 + computeResidentIdCheck(first17);
}

const TODAY = new Date('2024-06-01T00:00:00Z'); // 08:00 on 1 June in China

describe('ISO 7064 MOD 11-2 check character (computeResidentIdCheck, GB 11643)', () => {
  it('computes the examples of GB 11643', () => {
    expect(computeResidentIdCheck('11010519491231002')).toBe('X');
    expect(computeResidentIdCheck('44052418800101001')).toBe('4');
  });

  it('maps remainder r to "10X98765432"[r]', () => {
    // All zeros: Σ = 0 → r = 0 → '1'. A 1 in the last position (weight 2): r = 2 → 'X'.
    expect(computeResidentIdCheck('00000000000000000')).toBe('1');
    expect(computeResidentIdCheck('00000000000000001')).toBe('X');
    // A 1 in the first position (weight 7): r = 7 → '5'.
    expect(computeResidentIdCheck('10000000000000000')).toBe('5');
  });

  it('throws RangeError on a malformed input (a programming error, not input)', () => {
    expect(() => computeResidentIdCheck('1101051949123100')).toThrow(RangeError);
    expect(() => computeResidentIdCheck('1101051949123100X')).toThrow(RangeError);
  });
});

describe('parseResidentId: GB 11643 18-character numbers', () => {
  it('parses the standard example 11010519491231002X', () => {
    expect(parseResidentId('11010519491231002X', { today: TODAY })).toEqual({
      success: true,
      data: {
        number: '11010519491231002X',
        areaCode: '110105',
        birthDate: '1949-12-31',
        sex: 'female',
        legacy: false,
        upgraded: '11010519491231002X',
      },
    });
  });

  it('reads sex from the parity of the sequence: odd = male, even = female', () => {
    const sexOf = (sequence: string) => {
      const r = parseResidentId(makeId('320506', '19900101', sequence), { today: TODAY });
      return r.success ? r.data.sex : r.error.message;
    };
    expect(sexOf('001')).toBe('male');
    expect(sexOf('123')).toBe('male');
    expect(sexOf('999')).toBe('male');
    expect(sexOf('002')).toBe('female');
    expect(sexOf('000')).toBe('female');
    expect(sexOf('998')).toBe('female');
  });

  it('accepts a lower-case x and normalises it to X, trimming whitespace', () => {
    const result = parseResidentId(' 11010519491231002x\n', { today: TODAY });
    expect(result.success && result.data.number).toBe('11010519491231002X');
  });

  it('accepts a retired area code (320502, former Suzhou Canglang district)', () => {
    expect(parseResidentId(makeId('320502', '19800515', '021'), { today: TODAY }).success).toBe(true);
  });

  it('accepts birth years from 1850 (standard example born 1880)', () => {
    expect(parseResidentId('440524188001010014', { today: TODAY }).success).toBe(true);
    expect(parseResidentId(makeId('440524', '18500101', '001'), { today: TODAY }).success).toBe(true);
    expect(errorOf(parseResidentId(makeId('440524', '18491231', '001'), { today: TODAY })).message).toBe(
      'Birth year 1849 in the resident ID number is before 1850.',
    );
  });

  it('handles leap days: 2000-02-29 and 2024-02-29 valid; 1900-02-29 and 2023-02-29 invalid', () => {
    expect(parseResidentId(makeId('320506', '20000229', '001'), { today: TODAY }).success).toBe(true);
    expect(parseResidentId(makeId('320506', '20240229', '001'), { today: TODAY }).success).toBe(true);
    for (const birth of ['19000229', '20230229']) {
      const error = errorOf(parseResidentId(makeId('320506', birth, '001'), { today: TODAY }));
      expect(error.code).toBe('INVALID_RESIDENT_ID');
      expect(error.message).toBe(
        `Birth date ${birth.slice(0, 4)}-02-29 in the resident ID number is not a real calendar date.`,
      );
    }
  });

  it('rejects impossible dates (month 00 or 13, day 00, 31 April)', () => {
    for (const birth of ['19900001', '19901301', '19900100', '19900431']) {
      expect(errorOf(parseResidentId(makeId('320506', birth, '001'), { today: TODAY })).message).toContain(
        'is not a real calendar date',
      );
    }
  });

  it('rejects birth dates in the future relative to options.today, in China time (UTC+8)', () => {
    expect(parseResidentId(makeId('320506', '20240601', '001'), { today: TODAY }).success).toBe(true);
    expect(errorOf(parseResidentId(makeId('320506', '20240602', '001'), { today: TODAY })).message).toBe(
      'Birth date 2024-06-02 in the resident ID number lies in the future (today is 2024-06-01).',
    );
    // 20:00 UTC on 1 June is already 2 June in Beijing.
    const lateEvening = new Date('2024-06-01T20:00:00Z');
    expect(parseResidentId(makeId('320506', '20240602', '001'), { today: lateEvening }).success).toBe(true);
  });

  it('defaults today to now', () => {
    expect(errorOf(parseResidentId(makeId('320506', '29990101', '001'))).message).toContain(
      'lies in the future',
    );
    expect(parseResidentId(makeId('320506', '20000101', '001')).success).toBe(true);
  });

  it('rejects a wrong check character: check character should be X, got Y', () => {
    const error = errorOf(parseResidentId('110105194912310029', { today: TODAY }));
    expect(error.code).toBe('INVALID_RESIDENT_ID');
    expect(error.message).toBe('The check character of the resident ID number should be X, got 9.');
  });

  it('rejects an area that does not start with a GB/T 2260 province', () => {
    for (const area of ['000000', '990101', '160101']) {
      expect(errorOf(parseResidentId(makeId(area, '19900101', '001'), { today: TODAY })).message).toBe(
        `Area code ${area} of the resident ID number does not start with a GB/T 2260 province code.`,
      );
    }
  });

  it('rejects letters other than a final X, and X before the end', () => {
    for (const n of ['11010519491231002A', '1101051949123100X2', 'A1010519491231002X']) {
      expect(errorOf(parseResidentId(n, { today: TODAY })).message).toBe(
        'A resident ID number must be 17 digits followed by a digit or X.',
      );
    }
  });

  it('rejects other lengths, non-strings and empty input', () => {
    for (const n of ['1101051949123100', '11010519491231002X1', '12345']) {
      expect(errorOf(parseResidentId(n)).message).toBe(
        `A resident ID number must have 18 characters (or 15 for a legacy number), got ${n.length}.`,
      );
    }
    expect(errorOf(parseResidentId(11010519491231002))).toMatchObject({
      code: 'INVALID_RESIDENT_ID',
      message: 'A resident ID number must be a string, got number.',
    });
    expect(errorOf(parseResidentId('')).message).toBe('A resident ID number must not be empty.');
  });

  it('does not put the number into error messages (personal data, docs/domain.md §9)', () => {
    const error = errorOf(parseResidentId('110105194912310029', { today: TODAY }));
    expect(error.message).not.toContain('110105194912310029');
    expect(error.message).not.toContain('11010519491231002');
  });

  it('puts the path option in the error, default []', () => {
    expect(errorOf(parseResidentId('x')).path).toEqual([]);
    expect(errorOf(parseResidentId('x', { path: ['resident', 'idNumber'] })).path).toEqual([
      'resident',
      'idNumber',
    ]);
  });
});

describe('parseResidentId: legacy 15-digit numbers (GB 11643 first generation)', () => {
  it('parses a legacy number as born in the 1900s and upgrades it to 18 characters', () => {
    expect(parseResidentId('110105491231002', { today: TODAY })).toEqual({
      success: true,
      data: {
        number: '110105491231002',
        areaCode: '110105',
        birthDate: '1949-12-31',
        sex: 'female',
        legacy: true,
        upgraded: '11010519491231002X',
      },
    });
  });

  it('reads the sex from the last digit of a legacy number', () => {
    const result = parseResidentId('320506800515021', { today: TODAY });
    expect(result.success && result.data).toMatchObject({
      sex: 'male',
      upgraded: makeId('320506', '19800515', '021'),
    });
  });

  it('checks the legacy birth date (1900 was no leap year; 1996 was)', () => {
    expect(errorOf(parseResidentId('320506000229001', { today: TODAY })).message).toBe(
      'Birth date 1900-02-29 in the resident ID number is not a real calendar date.',
    );
    expect(parseResidentId('320506960229001', { today: TODAY }).success).toBe(true);
  });

  it('rejects a legacy number with a letter and checks its area', () => {
    expect(errorOf(parseResidentId('11010549123100X', { today: TODAY })).message).toBe(
      'A legacy 15-character resident ID number must be all digits.',
    );
    expect(errorOf(parseResidentId('990105491231002', { today: TODAY })).message).toContain('province');
  });

  it('the upgraded number always parses as an 18-character number', () => {
    const result = parseResidentId('440524800101001', { today: TODAY });
    if (!result.success) throw new Error(result.error.message);
    expect(parseResidentId(result.data.upgraded, { today: TODAY })).toMatchObject({
      success: true,
      data: { legacy: false, birthDate: '1980-01-01', sex: 'male' },
    });
  });
});

describe('maskResidentId (docs/domain.md §9: mask by default)', () => {
  it('keeps the first 4 and last 4 characters', () => {
    expect(maskResidentId('320506199001011234')).toBe('3205**********1234');
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
    expect(maskResidentId('110105491231002')).toBe('1101*******1002');
  });

  it('masks short values entirely so nothing whole is revealed', () => {
    expect(maskResidentId('12345678')).toBe('********');
    expect(maskResidentId('123')).toBe('***');
    expect(maskResidentId('')).toBe('');
  });
});

describe('GB 11643 properties over 200 generated numbers', () => {
  const next = random(11643);
  const digit = () => String(Math.floor(next() * 10));
  const areas = ['110105', '320506', '320502', '440303', '510104', '650102', '810000', '710000'];
  const ids = Array.from({ length: 200 }, () => {
    const year = 1900 + Math.floor(next() * 124);
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    return makeId(areas[Math.floor(next() * areas.length)]!, birth, digit() + digit() + digit());
  });

  it('computeResidentIdCheck output always parses', () => {
    for (const id of ids) expect(parseResidentId(id, { today: TODAY }).success, id).toBe(true);
  });

  it('changing any single character to another digit or X always fails', () => {
    // 11 is prime and no weight is 0 mod 11, so every single-digit change moves the sum.
    for (const id of ids.slice(0, 50)) {
      for (let i = 0; i < 18; i++) {
        for (const char of '0123456789X') {
          if (char === id.charAt(i)) continue;
          const changed = id.slice(0, i) + char + id.slice(i + 1);
          expect(parseResidentId(changed, { today: TODAY }).success, changed).toBe(false);
        }
      }
    }
  });
});
