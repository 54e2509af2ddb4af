import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';

/** The levels of the administrative hierarchy that sanshe stores (docs/domain.md §2). */
export type DivisionLevel = 'district' | 'subdistrict' | 'community';

/**
 * What the 3-digit suffix of a 9-digit code says about the unit, in the statistical division
 * codes (统计用区划代码) of the National Bureau of Statistics: 街道 (001–099), 镇 (100–199),
 * 乡 (200–399), or a unit similar to a township (类似乡级单位, 400–599), one combining government
 * and enterprise such as a development zone, an industrial park or a state farm.
 */
export type SubdistrictKind = 'subdistrict' | 'town' | 'township' | 'quasi_township';

/** What the 3-digit suffix of a 12-digit code says about the unit: 居委会 or 村委会. */
export type CommunityKind = 'community' | 'village';

/** A parsed administrative division code with all of its ancestors' codes. */
export interface DivisionCodeInfo {
  /** The code as given, trimmed. */
  code: string;
  level: DivisionLevel;
  /** Digits 1–2. */
  provinceCode: string;
  /** Digits 1–4: the prefecture (地级) part, kept unpadded. */
  prefectureCode: string;
  /** Digits 1–6. */
  districtCode: string;
  /** Digits 1–9, or null for a district. */
  subdistrictCode: string | null;
  /** Digits 1–12, or null above the community level. */
  communityCode: string | null;
  /**
   * The code of the unit one level up inside sanshe's hierarchy. A district has none:
   * prefectures and provinces are not stored units, so pointing at them would invent a
   * parent that cannot be looked up.
   */
  parentCode: string | null;
  /** Present for 9- and 12-digit codes. */
  subdistrictKind?: SubdistrictKind;
  /** Present for 12-digit codes. */
  communityKind?: CommunityKind;
}

/** A parsed grid code: a community code followed by a local suffix. */
export interface GridCodeInfo {
  code: string;
  communityCode: string;
  /** The local part after the 12-digit community code, 1 to 6 digits. */
  suffix: string;
  districtCode: string;
}

const LEVEL_LENGTH: Record<DivisionLevel, number> = { district: 6, subdistrict: 9, community: 12 };

// GB/T 2260 first two digits. 71 (Taiwan), 81 (Hong Kong) and 82 (Macao) are in the
// standard even though no sanshe district lies there; identity numbers can carry them.
const PROVINCE_RANGES: readonly (readonly [number, number])[] = [
  [11, 15],
  [21, 23],
  [31, 37],
  [41, 46],
  [50, 54],
  [61, 65],
  [71, 71],
  [81, 82],
];

/**
 * Whether two digits are a province code of GB/T 2260 (11–15, 21–23, 31–37, 41–46,
 * 50–54, 61–65, 71, 81, 82). Shared by the USCC and resident-ID validators, whose area
 * parts follow the same standard.
 */
export function isProvinceCode(twoDigits: string): boolean {
  if (!/^\d{2}$/.test(twoDigits)) return false;
  const n = Number(twoDigits);
  return PROVINCE_RANGES.some(([low, high]) => n >= low && n <= high);
}

function subdistrictKindOf(suffix: number): SubdistrictKind {
  if (suffix < 100) return 'subdistrict';
  if (suffix < 200) return 'town';
  if (suffix < 400) return 'township';
  return 'quasi_township';
}

/**
 * Parses an administrative division code of the district (6 digits, GB/T 2260),
 * subdistrict (9 digits) or community (12 digits, statistical division code) level.
 *
 * Only the structure is checked: whether a code exists in this year's publication is a
 * question for the stored hierarchy, because retired codes stay valid in history.
 *
 * @example parseDivisionCode('320506001001') // community 001 of 320506001, kind 'community'
 */
export function parseDivisionCode(value: unknown, options?: ParseOptions): ParseResult<DivisionCodeInfo> {
  const path = options?.path ?? [];
  const bad = (message: string) => fail<DivisionCodeInfo>('INVALID_DIVISION_CODE', message, path);

  if (typeof value !== 'string') {
    return bad(`A division code must be a string, got ${describeType(value)}.`);
  }
  const code = value.trim();
  if (code === '') return bad('A division code must not be empty.');
  if (!/^\d+$/.test(code)) return bad(`A division code must contain only digits, got "${code}".`);
  if (code.length !== 6 && code.length !== 9 && code.length !== 12) {
    return bad(`A division code must have 6, 9 or 12 digits, got ${code.length}.`);
  }

  const provinceCode = code.slice(0, 2);
  const prefectureCode = code.slice(0, 4);
  const districtCode = code.slice(0, 6);
  if (!isProvinceCode(provinceCode)) {
    return bad(`Province part ${provinceCode} of division code ${code} is not a GB/T 2260 province code.`);
  }
  // A district code is province + prefecture + county; a zero part means the code names a
  // larger unit, which sanshe does not store as a district.
  if (code.slice(2, 4) === '00') {
    return bad(`${districtCode} is a province code (prefecture part 00), not a district code.`);
  }
  if (code.slice(4, 6) === '00') {
    return bad(`${districtCode} is a prefecture code (county part 00), not a district code.`);
  }

  if (code.length === 6) {
    return ok({
      code,
      level: 'district',
      provinceCode,
      prefectureCode,
      districtCode,
      subdistrictCode: null,
      communityCode: null,
      parentCode: null,
    });
  }

  const subdistrictCode = code.slice(0, 9);
  const subdistrictSuffix = Number(code.slice(6, 9));
  if (subdistrictSuffix < 1 || subdistrictSuffix > 599) {
    return bad(
      `Subdistrict part ${code.slice(6, 9)} of division code ${code} must be 001–599 ` +
        '(001–099 subdistrict, 100–199 town, 200–399 township, 400–599 township-level unit such as a ' +
        'development zone or a farm).',
    );
  }
  const subdistrictKind = subdistrictKindOf(subdistrictSuffix);

  if (code.length === 9) {
    return ok({
      code,
      level: 'subdistrict',
      provinceCode,
      prefectureCode,
      districtCode,
      subdistrictCode,
      communityCode: null,
      parentCode: districtCode,
      subdistrictKind,
    });
  }

  const communitySuffix = Number(code.slice(9, 12));
  if (communitySuffix < 1 || communitySuffix > 399) {
    return bad(
      `Community part ${code.slice(9, 12)} of division code ${code} must be 001–399 ` +
        '(001–199 residents’ committee, 200–399 villagers’ committee).',
    );
  }
  return ok({
    code,
    level: 'community',
    provinceCode,
    prefectureCode,
    districtCode,
    subdistrictCode,
    communityCode: code,
    parentCode: subdistrictCode,
    subdistrictKind,
    communityKind: communitySuffix < 200 ? 'community' : 'village',
  });
}

/**
 * Parses a division code that must be of one given level, e.g. the code of a subdistrict
 * being created. A structurally invalid code fails with INVALID_DIVISION_CODE; a valid
 * code of another level fails with CODE_LEVEL_MISMATCH.
 */
export function parseDivisionCodeOfLevel(
  value: unknown,
  level: DivisionLevel,
  options?: ParseOptions,
): ParseResult<DivisionCodeInfo> {
  const parsed = parseDivisionCode(value, options);
  if (!parsed.success) return parsed;
  if (parsed.data.level !== level) {
    return fail(
      'CODE_LEVEL_MISMATCH',
      `Expected a ${level} code (${LEVEL_LENGTH[level]} digits), ` +
        `got ${parsed.data.code}, a ${parsed.data.level} code (${parsed.data.code.length} digits).`,
      options?.path ?? [],
    );
  }
  return parsed;
}

/**
 * Parses a grid code: a valid 12-digit community code followed by a local suffix of 1 to
 * 6 digits. There is no national rule for grids, so only this shape is enforced. When
 * `communityCode` is given, the grid must belong to that community.
 */
export function parseGridCode(
  value: unknown,
  communityCode?: string,
  options?: ParseOptions,
): ParseResult<GridCodeInfo> {
  const path = options?.path ?? [];
  const bad = (message: string) => fail<GridCodeInfo>('INVALID_GRID_CODE', message, path);

  if (typeof value !== 'string') return bad(`A grid code must be a string, got ${describeType(value)}.`);
  const code = value.trim();
  if (code === '') return bad('A grid code must not be empty.');
  if (!/^\d+$/.test(code)) return bad(`A grid code must contain only digits, got "${code}".`);
  if (code.length < 13 || code.length > 18) {
    return bad(
      `A grid code must have 13 to 18 digits (a 12-digit community code and a 1–6 digit suffix), got ${code.length}.`,
    );
  }

  const prefix = code.slice(0, 12);
  const community = parseDivisionCode(prefix);
  if (!community.success) {
    return bad(
      `The first 12 digits of grid code ${code} are not a community code: ${community.error.message}`,
    );
  }
  if (communityCode !== undefined && prefix !== communityCode.trim()) {
    return bad(
      `Grid code ${code} does not belong to community ${communityCode.trim()}: its prefix is ${prefix}.`,
    );
  }
  return ok({
    code,
    communityCode: prefix,
    suffix: code.slice(12),
    districtCode: community.data.districtCode,
  });
}

function describeType(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
