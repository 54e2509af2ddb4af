/**
 * Every input the hierarchy service refuses: the error (code, path, SansheError) and that the
 * database is unchanged afterwards (a full snapshot before and after, see helpers.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { errorCodes, SansheError } from '../../src/errors/index.js';
import {
  createHierarchyService,
  type HierarchyService,
  type HierarchyUnit,
  type UnitLevel,
} from '../../src/hierarchy/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import { DISTRICT, type ExpectedRefusal, expectRefused as expectRefusedFrom, serviceFor } from './helpers.js';

let database: DistrictDatabase;
let h: HierarchyService;

// The fixture (ids filled in beforeAll). Names say what each unit is for.
const u = {} as Record<
  | 'activeSub'
  | 'retiredSub'
  | 'lateSub'
  | 'subWithFutureRetiringChild'
  | 'futureRetiringCommunity'
  | 'activeCommunity'
  | 'retiredCommunity'
  | 'renamedCommunity'
  | 'lateCommunity'
  | 'activeGrid'
  | 'retiredGrid'
  | 'retiredGridOfActiveCommunity',
  HierarchyUnit
>;

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  h = serviceFor(database);
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  u.activeSub = await h.createSubdistrict({
    code: '320505001',
    name: '狮山街道',
    effectiveFrom: '2000-01-01',
  });
  u.retiredSub = await h.createSubdistrict({
    code: '320505002',
    name: '枫桥街道',
    effectiveFrom: '2000-01-01',
  });
  u.retiredSub = await h.retireUnit({ level: 'subdistrict', id: u.retiredSub.id, retiredOn: '2020-01-01' });
  u.lateSub = await h.createSubdistrict({ code: '320505003', name: '横塘街道', effectiveFrom: '2024-01-01' });
  u.subWithFutureRetiringChild = await h.createSubdistrict({
    code: '320505004',
    name: '浒墅关镇',
    effectiveFrom: '2000-01-01',
  });
  u.futureRetiringCommunity = await h.createCommunity({
    code: '320505004001',
    name: '青灯社区',
    effectiveFrom: '2001-01-01',
  });
  u.futureRetiringCommunity = await h.retireUnit({
    level: 'community',
    id: u.futureRetiringCommunity.id,
    retiredOn: '2030-01-01',
  });

  u.activeCommunity = await h.createCommunity({
    code: '320505001001',
    name: '狮山社区',
    effectiveFrom: '2001-01-01',
  });
  u.retiredCommunity = await h.createCommunity({
    code: '320505001002',
    name: '何山社区',
    effectiveFrom: '2001-01-01',
  });
  u.renamedCommunity = await h.createCommunity({
    code: '320505001003',
    name: '塔园社区',
    effectiveFrom: '2001-01-01',
  });
  u.renamedCommunity = await h.renameUnit({
    level: 'community',
    id: u.renamedCommunity.id,
    name: '塔园新村社区',
  });
  u.lateCommunity = await h.createCommunity({
    code: '320505001005',
    name: '新升社区',
    effectiveFrom: '2025-03-01',
  });
  u.activeGrid = await h.createGrid({
    code: '3205050010010001',
    name: '第一网格',
    effectiveFrom: '2002-01-01',
  });
  u.retiredGrid = await h.createGrid({
    code: '3205050010020001',
    name: '何山一网格',
    effectiveFrom: '2002-01-01',
  });
  u.retiredGrid = await h.retireUnit({ level: 'grid', id: u.retiredGrid.id, retiredOn: '2019-06-01' });
  u.retiredGridOfActiveCommunity = await h.createGrid({
    code: '3205050010010002',
    name: '第二网格',
    effectiveFrom: '2002-01-01',
  });
  u.retiredGridOfActiveCommunity = await h.retireUnit({
    level: 'grid',
    id: u.retiredGridOfActiveCommunity.id,
    retiredOn: '2019-06-01',
  });
  u.retiredCommunity = await h.retireUnit({
    level: 'community',
    id: u.retiredCommunity.id,
    retiredOn: '2020-01-01',
  });
});

/**
 * Every test of this file is a refusal, so the state after the fixture is the state before
 * each test: one snapshot taken in beforeAll is compared with a fresh one after each refusal.
 * (A refusal that did change something would also fail every later test, by design.)
 */
let baseline: Record<string, unknown[]>;
beforeAll(async () => {
  baseline = await snapshotDatabase(database);
});

function expectRefused(db: DistrictDatabase, action: () => Promise<unknown>, expected: ExpectedRefusal) {
  return expectRefusedFrom(db, action, expected, baseline);
}

afterAll(async () => {
  await database?.close();
});

const CODE = ['input', 'code'];
const NAME = ['input', 'name'];
const EFFECTIVE_FROM = ['input', 'effectiveFrom'];
const RETIRED_ON = ['input', 'retiredOn'];
const ID = ['input', 'id'];
const SUCCESSOR = ['input', 'successorId'];
const VERSION = ['input', 'expectedVersion'];

/** Codes that are structurally wrong for any level (validators/division-code.ts). */
const badSubdistrictCodes: [string, unknown][] = [
  ['letters only', 'abcdefghi'],
  ['a letter at the end', '32050500A'],
  ['full-width digits', '３２０５０５００１'],
  ['a sign', '-32050500'],
  ['a decimal point', '3205050.1'],
  ['8 digits', '32050500'],
  ['10 digits', '3205050011'],
  ['7 digits', '3205050'],
  ['empty', ''],
  ['only spaces', '   '],
  ['province 00', '000505001'],
  ['province 99 (not in GB/T 2260)', '990505001'],
  ['prefecture part 00', '320005001'],
  ['county part 00', '320500001'],
  ['suffix 000', '320505000'],
  ['suffix 600 (above the 400–599 township-level units)', '320505600'],
  ['suffix 999', '320505999'],
  ['a number instead of a string', 320505001],
  ['null', null],
];

const badCommunityCodes: [string, unknown][] = [
  ['a letter at the end', '32050500100A'],
  ['11 digits', '32050500100'],
  ['13 digits', '3205050010011'],
  ['province 00', '000505001001'],
  ['community suffix 000', '320505001000'],
  ['community suffix 400', '320505001400'],
  ['subdistrict suffix 000', '320505000001'],
  ['subdistrict suffix 600', '320505600001'],
  ['inner whitespace', '320505 001001'],
];

const badGridCodes: [string, unknown][] = [
  ['a community code without suffix', '320505001001'],
  ['19 digits (suffix of 7)', '3205050010010000001'],
  ['a letter in the suffix', '3205050010011A'],
  ['a community prefix with suffix 000', '320505001000001'],
  ['a community prefix with suffix 400', '320505001400001'],
  ['province 00', '0005050010010001'],
  ['empty', ''],
  ['a number', 3205050010010001],
];

const badDates: [string, unknown][] = [
  ['30 February', '2024-02-30'],
  ['29 February of a common year', '2023-02-29'],
  ['a word', 'tomorrow'],
  ['empty', ''],
  ['month 13', '2024-13-01'],
  ['day 00', '2024-01-00'],
  ['31 April', '2024-04-31'],
  ['unpadded month', '2024-1-01'],
  ['a timestamp', '2024-01-01T00:00:00+08:00'],
  ['no separators', '20240101'],
  ['slashes', '2024/01/01'],
  ['before 1900', '1899-12-31'],
  ['after 2999', '3000-01-01'],
  ['null', null],
  ['a Date object', new Date('2024-01-01')],
];

const badNames: [string, unknown][] = [
  ['empty', ''],
  ['only spaces', '   '],
  ['only ideographic spaces', '\u3000\u3000'],
  ['only a tab and a line break', '\t\n'],
  ['101 ASCII characters', 'a'.repeat(101)],
  ['101 Chinese characters', '社'.repeat(101)],
  ['101 characters outside the BMP', '𠀀'.repeat(101)],
  ['a NUL character', 'bad\u0000name'],
  ['a line break inside', '狮山\n社区'],
  ['a lone surrogate', 'x\uD800y'],
  ['null', null],
  ['a number', 42],
];

describe('invalid division codes (error-codes.ts INVALID_DIVISION_CODE, validators/division-code.ts)', () => {
  it.each(badSubdistrictCodes)('createSubdistrict refuses a code with %s', async (_label, code) => {
    await expectRefused(database, () => h.createSubdistrict({ code: code as string, name: '新街道' }), {
      code: 'INVALID_DIVISION_CODE',
      path: CODE,
    });
  });

  it.each([
    ...badSubdistrictCodes.map(([label, code]): [string, unknown] => [
      label,
      typeof code === 'string' && code.length === 9 ? `${code}001` : code,
    ]),
    ...badCommunityCodes,
  ])('createCommunity refuses a code with %s', async (_label, code) => {
    await expectRefused(database, () => h.createCommunity({ code: code as string, name: '新社区' }), {
      code: 'INVALID_DIVISION_CODE',
      path: CODE,
    });
  });

  it.each(badGridCodes)('createGrid refuses a code with %s (INVALID_GRID_CODE)', async (_label, code) => {
    await expectRefused(database, () => h.createGrid({ code: code as string, name: '新网格' }), {
      code: 'INVALID_GRID_CODE',
      path: CODE,
    });
  });
});

describe('codes of the wrong level (error-codes.ts CODE_LEVEL_MISMATCH)', () => {
  it.each([
    ['a district code', '320505'],
    ['a community code', '320505001001'],
  ])('createSubdistrict refuses %s', async (_label, code) => {
    await expectRefused(database, () => h.createSubdistrict({ code, name: '新街道' }), {
      code: 'CODE_LEVEL_MISMATCH',
      path: CODE,
    });
  });

  it.each([
    ['a district code', '320505'],
    ['a subdistrict code', '320505001'],
    ['an unused subdistrict code', '320505009'],
  ])('createCommunity refuses %s', async (_label, code) => {
    await expectRefused(database, () => h.createCommunity({ code, name: '新社区' }), {
      code: 'CODE_LEVEL_MISMATCH',
      path: CODE,
    });
  });
});

describe('codes of another district (docs/domain.md §2: each district owns its own data; CODE_OUTSIDE_DISTRICT)', () => {
  it.each([
    ['a neighbouring district 320506', '320506001'],
    ['Beijing 110101', '110101001'],
  ])('createSubdistrict refuses a subdistrict of %s', async (_label, code) => {
    await expectRefused(database, () => h.createSubdistrict({ code, name: '外区街道' }), {
      code: 'CODE_OUTSIDE_DISTRICT',
      path: CODE,
    });
  });

  it('createCommunity refuses a community of district 320506', async () => {
    await expectRefused(database, () => h.createCommunity({ code: '320506001001', name: '外区社区' }), {
      code: 'CODE_OUTSIDE_DISTRICT',
      path: CODE,
    });
  });

  it('createGrid refuses a grid of district 320506', async () => {
    await expectRefused(database, () => h.createGrid({ code: '3205060010010001', name: '外区网格' }), {
      code: 'CODE_OUTSIDE_DISTRICT',
      path: CODE,
    });
  });
});

describe('parents that do not exist (error-codes.ts PARENT_NOT_FOUND)', () => {
  it('createCommunity refuses a community of a subdistrict that does not exist', async () => {
    await expectRefused(database, () => h.createCommunity({ code: '320505099001', name: '无主社区' }), {
      code: 'PARENT_NOT_FOUND',
      path: CODE,
    });
  });

  it('createGrid refuses a grid of a community that does not exist', async () => {
    await expectRefused(database, () => h.createGrid({ code: '3205050010980001', name: '无主网格' }), {
      code: 'PARENT_NOT_FOUND',
      path: CODE,
    });
  });

  it('createGrid refuses a grid whose community exists only in an unused subdistrict', async () => {
    await expectRefused(database, () => h.createGrid({ code: '32050509900101', name: '无主网格' }), {
      code: 'PARENT_NOT_FOUND',
      path: CODE,
    });
  });

  it('createSubdistrict refuses a subdistrict when its district is not recorded in the database', async () => {
    // A service for 320506 on this 320505 database: district 320506 has no row here.
    const other = createHierarchyService(
      { db: database.db, districtCode: '320506' },
      { today: () => '2025-06-01' },
    );
    await expectRefused(database, () => other.createSubdistrict({ code: '320506001', name: '外区街道' }), {
      code: 'PARENT_NOT_FOUND',
      path: CODE,
    });
  });
});

describe('retired parents take no new units (error-codes.ts PARENT_RETIRED at input.code)', () => {
  it.each([
    ['on the day the subdistrict retired', '2020-01-01'],
    ['after the subdistrict retired', '2021-05-05'],
    ['by default (today, 2025-06-01)', undefined],
  ])('createCommunity refuses a community of a retired subdistrict %s', async (_label, effectiveFrom) => {
    await expectRefused(
      database,
      () => h.createCommunity({ code: '320505002001', name: '枫桥社区', effectiveFrom }),
      { code: 'PARENT_RETIRED', path: CODE },
    );
  });

  it.each([
    ['on the day the community retired', '2020-01-01'],
    ['by default (today)', undefined],
  ])('createGrid refuses a grid of a retired community %s', async (_label, effectiveFrom) => {
    await expectRefused(
      database,
      () => h.createGrid({ code: '3205050010020002', name: '何山二网格', effectiveFrom }),
      { code: 'PARENT_RETIRED', path: CODE },
    );
  });

  // A child dated inside the parent's lifespan would stay in force after the parent is gone
  // (hierarchy-service.ts assertParentActive), so a retired parent refuses backdated children.
  it.each([
    ['while the subdistrict was in force (2010-01-01)', '2010-01-01'],
    ['on the day before the subdistrict retired', '2019-12-31'],
    ['on the day the subdistrict came into force', '2000-01-01'],
  ])(
    'createCommunity refuses a backdated community of a retired subdistrict %s',
    async (_label, effectiveFrom) => {
      await expectRefused(
        database,
        () => h.createCommunity({ code: '320505002001', name: '枫桥社区', effectiveFrom }),
        { code: 'PARENT_RETIRED', path: CODE },
      );
    },
  );

  it('createGrid refuses a backdated grid of a retired community (2010, while it was in force)', async () => {
    await expectRefused(
      database,
      () => h.createGrid({ code: '3205050010020002', name: '何山二网格', effectiveFrom: '2010-01-01' }),
      { code: 'PARENT_RETIRED', path: CODE },
    );
  });

  it('createGrid refuses a grid of a community whose retirement is still ahead (retires 2030-01-01)', async () => {
    // In force on 2025-01-01, but retiredOn is set: the parent is retired whatever the dates.
    await expectRefused(
      database,
      () => h.createGrid({ code: '3205050040010001', name: '青灯网格', effectiveFrom: '2025-01-01' }),
      { code: 'PARENT_RETIRED', path: CODE },
    );
  });

  it('a retired parent is reported at input.code even when the date is also before it came into force', async () => {
    await expectRefused(
      database,
      () => h.createCommunity({ code: '320505002001', name: '枫桥社区', effectiveFrom: '1999-01-01' }),
      { code: 'PARENT_RETIRED', path: CODE },
    );
  });
});

describe('parents not yet in force on the effective date (error-codes.ts PARENT_RETIRED at input.effectiveFrom)', () => {
  it('hierarchy-service.ts assertParentActive: createCommunity refuses a date before its subdistrict is in force', async () => {
    await expectRefused(
      database,
      () => h.createCommunity({ code: '320505003001', name: '横塘社区', effectiveFrom: '2023-12-31' }),
      { code: 'PARENT_RETIRED', path: EFFECTIVE_FROM },
    );
  });

  it('hierarchy-service.ts assertParentActive: createSubdistrict refuses a date before its district is in force', async () => {
    await expectRefused(
      database,
      () => h.createSubdistrict({ code: '320505005', name: '早街道', effectiveFrom: '1999-12-31' }),
      { code: 'PARENT_RETIRED', path: EFFECTIVE_FROM },
    );
  });

  it('hierarchy-service.ts assertParentActive: createGrid refuses a date before its community is in force', async () => {
    await expectRefused(
      database,
      () => h.createGrid({ code: '3205050010010009', name: '早网格', effectiveFrom: '2000-12-31' }),
      { code: 'PARENT_RETIRED', path: EFFECTIVE_FROM },
    );
  });

  it('createGrid refuses the day before a recently created community comes into force (2025-03-01)', async () => {
    await expectRefused(
      database,
      () => h.createGrid({ code: '3205050010050001', name: '新升网格', effectiveFrom: '2025-02-28' }),
      { code: 'PARENT_RETIRED', path: EFFECTIVE_FROM },
    );
  });

  it('error-codes.ts: PARENT_RETIRED is described as "retired, or not yet in force"', () => {
    expect(errorCodes.PARENT_RETIRED).toMatchObject({
      kind: 'conflict',
      description: 'The parent unit is retired, or not yet in force on the given date.',
    });
  });
});

describe('duplicate codes (error-codes.ts DUPLICATE_CODE)', () => {
  it('createSubdistrict refuses an existing subdistrict code', async () => {
    await expectRefused(database, () => h.createSubdistrict({ code: '320505001', name: '又一个狮山' }), {
      code: 'DUPLICATE_CODE',
      path: CODE,
    });
  });

  it('createSubdistrict refuses an existing code written with surrounding spaces', async () => {
    await expectRefused(database, () => h.createSubdistrict({ code: ' 320505001 ', name: '又一个狮山' }), {
      code: 'DUPLICATE_CODE',
      path: CODE,
    });
  });

  it('createCommunity refuses an existing community code', async () => {
    await expectRefused(
      database,
      () => h.createCommunity({ code: '320505001001', name: '又一个社区', urbanRuralClass: '111' }),
      { code: 'DUPLICATE_CODE', path: CODE },
    );
  });

  it('createGrid refuses an existing grid code', async () => {
    await expectRefused(database, () => h.createGrid({ code: '3205050010010001', name: '又一个网格' }), {
      code: 'DUPLICATE_CODE',
      path: CODE,
    });
  });

  it('docs/domain.md §2: a retired code stays valid in history, so it cannot be created again', async () => {
    await expectRefused(
      database,
      () => h.createSubdistrict({ code: '320505002', name: '新枫桥街道', effectiveFrom: '2024-01-01' }),
      { code: 'DUPLICATE_CODE', path: CODE },
    );
  });

  it('docs/domain.md §2: a retired grid code cannot be reused either', async () => {
    // Under a community in force: the code itself is the obstacle.
    await expectRefused(
      database,
      () => h.createGrid({ code: '3205050010010002', name: '新网格', effectiveFrom: '2024-01-01' }),
      { code: 'DUPLICATE_CODE', path: CODE },
    );
  });

  it('a retired grid code under a retired community: the parent check comes first, at any date', async () => {
    for (const effectiveFrom of [undefined, '2010-01-01']) {
      await expectRefused(
        database,
        () => h.createGrid({ code: '3205050010020001', name: '新网格', effectiveFrom }),
        { code: 'PARENT_RETIRED', path: CODE },
      );
    }
  });
});

describe('invalid dates (error-codes.ts INVALID_DATE, validators/text.ts parseIsoDate)', () => {
  it.each(badDates)('createSubdistrict refuses an effective date: %s', async (_label, effectiveFrom) => {
    await expectRefused(
      database,
      () =>
        h.createSubdistrict({ code: '320505006', name: '新街道', effectiveFrom: effectiveFrom as string }),
      { code: 'INVALID_DATE', path: EFFECTIVE_FROM },
    );
  });

  it.each(badDates)('createCommunity refuses an effective date: %s', async (_label, effectiveFrom) => {
    await expectRefused(
      database,
      () =>
        h.createCommunity({ code: '320505001006', name: '新社区', effectiveFrom: effectiveFrom as string }),
      { code: 'INVALID_DATE', path: EFFECTIVE_FROM },
    );
  });

  it.each(badDates)('createGrid refuses an effective date: %s', async (_label, effectiveFrom) => {
    await expectRefused(
      database,
      () =>
        h.createGrid({ code: '3205050010010006', name: '新网格', effectiveFrom: effectiveFrom as string }),
      { code: 'INVALID_DATE', path: EFFECTIVE_FROM },
    );
  });

  it.each(badDates)('retireUnit refuses a retirement date: %s', async (_label, retiredOn) => {
    await expectRefused(
      database,
      () => h.retireUnit({ level: 'grid', id: u.activeGrid.id, retiredOn: retiredOn as string }),
      { code: 'INVALID_DATE', path: RETIRED_ON },
    );
  });

  it.each(badDates.slice(0, 3))(
    'ensureDistrict refuses an effective date: %s',
    async (_label, effectiveFrom) => {
      await expectRefused(
        database,
        () => h.ensureDistrict({ name: '虎丘区', effectiveFrom: effectiveFrom as string }),
        { code: 'INVALID_DATE', path: EFFECTIVE_FROM },
      );
    },
  );
});

describe('retirement before the effective date (error-codes.ts INVALID_DATE_RANGE)', () => {
  it.each<[UnitLevel, keyof typeof u, string]>([
    ['subdistrict', 'lateSub', '2023-12-31'],
    ['community', 'activeCommunity', '2000-12-31'],
    ['grid', 'activeGrid', '1999-01-01'],
  ])('retireUnit refuses to retire a %s before it came into force', async (level, key, retiredOn) => {
    await expectRefused(database, () => h.retireUnit({ level, id: u[key].id, retiredOn }), {
      code: 'INVALID_DATE_RANGE',
      path: RETIRED_ON,
    });
  });
});

describe('invalid names (error-codes.ts INVALID_NAME, validators/text.ts parseName)', () => {
  it.each(badNames)('createSubdistrict refuses a name: %s', async (_label, name) => {
    await expectRefused(database, () => h.createSubdistrict({ code: '320505007', name: name as string }), {
      code: 'INVALID_NAME',
      path: NAME,
    });
  });

  it.each(badNames)('createCommunity refuses a name: %s', async (_label, name) => {
    await expectRefused(database, () => h.createCommunity({ code: '320505001007', name: name as string }), {
      code: 'INVALID_NAME',
      path: NAME,
    });
  });

  it.each(badNames)('createGrid refuses a name: %s', async (_label, name) => {
    await expectRefused(database, () => h.createGrid({ code: '3205050010010007', name: name as string }), {
      code: 'INVALID_NAME',
      path: NAME,
    });
  });

  it.each(badNames)('renameUnit refuses a name: %s', async (_label, name) => {
    await expectRefused(
      database,
      () => h.renameUnit({ level: 'community', id: u.activeCommunity.id, name: name as string }),
      { code: 'INVALID_NAME', path: NAME },
    );
  });

  it.each(badNames.slice(0, 5))('ensureDistrict refuses a name: %s', async (_label, name) => {
    await expectRefused(database, () => h.ensureDistrict({ name: name as string }), {
      code: 'INVALID_NAME',
      path: NAME,
    });
  });
});

/** Names are published (PUBLIC reads every unit's name): no ID number or mobile number in them. */
const namesWithPersonalData: [string, string][] = [
  ['a mobile number', '狮山13812345678网格'],
  ['a mobile number written 3-4-4', '联系人 138-1234-5678'],
  ['a resident ID', '网格长320505198804120051'],
  ['a full-width mobile number', '网格１３８１２３４５６７８'],
];

describe('names carrying personal data (PERSONAL_DATA_IN_PUBLIC_TEXT, validators/published-text.ts)', () => {
  it.each(namesWithPersonalData)('createGrid refuses a name with %s', async (_label, name) => {
    await expectRefused(database, () => h.createGrid({ code: '3205050010010007', name }), {
      code: 'PERSONAL_DATA_IN_PUBLIC_TEXT',
      path: NAME,
    });
  });

  it.each(namesWithPersonalData)(
    'createCommunity and createSubdistrict refuse a name with %s',
    async (_l, name) => {
      await expectRefused(database, () => h.createCommunity({ code: '320505001007', name }), {
        code: 'PERSONAL_DATA_IN_PUBLIC_TEXT',
        path: NAME,
      });
      await expectRefused(database, () => h.createSubdistrict({ code: '320505007', name }), {
        code: 'PERSONAL_DATA_IN_PUBLIC_TEXT',
        path: NAME,
      });
    },
  );

  it.each(namesWithPersonalData)('renameUnit refuses a name with %s', async (_label, name) => {
    await expectRefused(
      database,
      () => h.renameUnit({ level: 'community', id: u.activeCommunity.id, name }),
      {
        code: 'PERSONAL_DATA_IN_PUBLIC_TEXT',
        path: NAME,
      },
    );
  });

  it('the refusal names what it found, masked, never the number', async () => {
    const error = await expectRefused(
      database,
      () => h.createGrid({ code: '3205050010010007', name: '网格长13812345678' }),
      { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: NAME },
    );
    expect(error.message).toContain('138****5678');
    expect(error.message).not.toContain('13812345678');
    expect(error.details).toEqual({ findings: [{ kind: 'mobile_phone', start: 3, end: 14 }] });
  });
});

describe('numbers out of range (error-codes.ts INVALID_NUMBER)', () => {
  it.each<[string, 'residentPopulation' | 'households' | 'areaKm2', unknown]>([
    ['negative population', 'residentPopulation', -1],
    ['fractional population', 'residentPopulation', 1.5],
    ['population NaN', 'residentPopulation', Number.NaN],
    ['population Infinity', 'residentPopulation', Number.POSITIVE_INFINITY],
    ['population above 10 000 000', 'residentPopulation', 10_000_001],
    ['population beyond a 32-bit integer', 'residentPopulation', 2 ** 31],
    ['population as a string', 'residentPopulation', '1200'],
    ['negative households', 'households', -3],
    ['fractional households', 'households', 0.5],
    ['households above 5 000 000', 'households', 5_000_001],
    ['negative area', 'areaKm2', -0.1],
    ['area NaN', 'areaKm2', Number.NaN],
    ['area Infinity', 'areaKm2', Number.POSITIVE_INFINITY],
    ['area above 100 000 km²', 'areaKm2', 100_000.5],
    ['area as a string', 'areaKm2', '1.5'],
  ])('createCommunity refuses %s', async (_label, field, value) => {
    await expectRefused(
      database,
      () => h.createCommunity({ code: '320505001099', name: '数字社区', [field]: value as number }),
      { code: 'INVALID_NUMBER', path: ['input', field] },
    );
  });
});

describe('urban-rural classes (error-codes.ts VALIDATION_FAILED, hierarchy-service.ts urbanRuralClasses)', () => {
  it.each<[string, unknown]>([
    ['999', '999'],
    ['an empty string', ''],
    ['two digits', '11'],
    ['letters', 'abc'],
    ['a trailing space', '111 '],
    ['a number', 111],
    ['130 (not in the statistical table)', '130'],
  ])('createCommunity refuses the class %s', async (_label, urbanRuralClass) => {
    await expectRefused(
      database,
      () =>
        h.createCommunity({
          code: '320505001099',
          name: '分类社区',
          urbanRuralClass: urbanRuralClass as string,
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'urbanRuralClass'] },
    );
  });
});

describe('retiring twice (error-codes.ts ALREADY_RETIRED)', () => {
  it.each<[UnitLevel, keyof typeof u]>([
    ['subdistrict', 'retiredSub'],
    ['community', 'retiredCommunity'],
    ['grid', 'retiredGrid'],
  ])('retireUnit refuses a %s that is already retired', async (level, key) => {
    await expectRefused(database, () => h.retireUnit({ level, id: u[key].id, retiredOn: '2024-01-01' }), {
      code: 'ALREADY_RETIRED',
      path: ID,
    });
  });

  it('retireUnit refuses to move an existing retirement to an earlier date', async () => {
    await expectRefused(
      database,
      () => h.retireUnit({ level: 'community', id: u.retiredCommunity.id, retiredOn: '2019-01-01' }),
      { code: 'ALREADY_RETIRED', path: ID },
    );
  });
});

describe('invalid successors (error-codes.ts SUCCESSOR_INVALID)', () => {
  const successorCases: [string, () => number][] = [
    ['the unit itself', () => u.renamedCommunity.id],
    ['an id that does not exist', () => 999_999],
    ['id 0', () => 0],
    ['id -1', () => -1],
    ['id NaN', () => Number.NaN],
    ['id 2**40', () => 2 ** 40],
    ['a community retired in 2020', () => u.retiredCommunity.id],
    ['a community not yet in force (from 2025-03-01)', () => u.lateCommunity.id],
  ];

  it.each(successorCases)('retireUnit refuses %s as successor', async (_label, successorId) => {
    await expectRefused(
      database,
      () =>
        h.retireUnit({
          level: 'community',
          id: u.renamedCommunity.id,
          retiredOn: '2025-01-01',
          successorId: successorId(),
        }),
      { code: 'SUCCESSOR_INVALID', path: SUCCESSOR },
    );
  });

  it('retireUnit refuses a successor that retires on the same day (isActiveOn: retirement day excluded)', async () => {
    await expectRefused(
      database,
      () =>
        h.retireUnit({
          level: 'community',
          id: u.renamedCommunity.id,
          retiredOn: '2020-01-01',
          successorId: u.retiredCommunity.id,
        }),
      { code: 'SUCCESSOR_INVALID', path: SUCCESSOR },
    );
  });

  it('retireUnit refuses a retired subdistrict as successor of a subdistrict', async () => {
    await expectRefused(
      database,
      () =>
        h.retireUnit({
          level: 'subdistrict',
          id: u.lateSub.id,
          retiredOn: '2025-01-01',
          successorId: u.retiredSub.id,
        }),
      { code: 'SUCCESSOR_INVALID', path: SUCCESSOR },
    );
  });

  it('retireUnit refuses a grid as its own successor', async () => {
    await expectRefused(
      database,
      () =>
        h.retireUnit({
          level: 'grid',
          id: u.activeGrid.id,
          retiredOn: '2025-01-01',
          successorId: u.activeGrid.id,
        }),
      { code: 'SUCCESSOR_INVALID', path: SUCCESSOR },
    );
  });
});

describe('units with children in force (error-codes.ts HAS_ACTIVE_CHILDREN)', () => {
  it('retireUnit refuses a subdistrict with an active community', async () => {
    await expectRefused(
      database,
      () => h.retireUnit({ level: 'subdistrict', id: u.activeSub.id, retiredOn: '2025-01-01' }),
      { code: 'HAS_ACTIVE_CHILDREN', path: ID },
    );
  });

  it('retireUnit refuses a community with an active grid', async () => {
    await expectRefused(
      database,
      () => h.retireUnit({ level: 'community', id: u.activeCommunity.id, retiredOn: '2025-01-01' }),
      { code: 'HAS_ACTIVE_CHILDREN', path: ID },
    );
  });

  it('retireUnit refuses a subdistrict whose community is still in force on that date (retires 2030)', async () => {
    await expectRefused(
      database,
      () =>
        h.retireUnit({ level: 'subdistrict', id: u.subWithFutureRetiringChild.id, retiredOn: '2029-12-31' }),
      { code: 'HAS_ACTIVE_CHILDREN', path: ID },
    );
  });
});

describe('stale versions (error-codes.ts VERSION_CONFLICT)', () => {
  it('the fixture community is at version 2 after one rename', () => {
    expect(u.renamedCommunity.version).toBe(2);
  });

  it.each([1, 3, 0])('renameUnit refuses expectedVersion %d and reports the current version', async (v) => {
    const error = await expectRefused(
      database,
      () => h.renameUnit({ level: 'community', id: u.renamedCommunity.id, name: '塔园', expectedVersion: v }),
      { code: 'VERSION_CONFLICT', path: VERSION, details: { currentVersion: 2 } },
    );
    expect(error.kind).toBe('conflict');
  });

  it.each([1, 3])('retireUnit refuses expectedVersion %d and reports the current version', async (v) => {
    await expectRefused(
      database,
      () =>
        h.retireUnit({
          level: 'community',
          id: u.renamedCommunity.id,
          retiredOn: '2025-01-01',
          expectedVersion: v,
        }),
      { code: 'VERSION_CONFLICT', path: VERSION, details: { currentVersion: 2 } },
    );
  });

  it('retireUnit checks the version before anything else about the unit', async () => {
    // The retired community is at version 2 (created, retired); version 1 is stale.
    await expectRefused(
      database,
      () =>
        h.retireUnit({
          level: 'community',
          id: u.retiredCommunity.id,
          retiredOn: '2024-01-01',
          expectedVersion: 1,
        }),
      { code: 'VERSION_CONFLICT', path: VERSION, details: { currentVersion: 2 } },
    );
  });
});

describe('unknown ids (error-codes.ts NOT_FOUND)', () => {
  const ids: [string, number][] = [
    ['0', 0],
    ['-1', -1],
    ['2**40', 2 ** 40],
    ['NaN', Number.NaN],
    ['1.5', 1.5],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['2**31 - 1 (the largest id, unused)', 2_147_483_647],
    ['999999 (unused)', 999_999],
  ];
  const levels: UnitLevel[] = ['subdistrict', 'community', 'grid'];
  const cases = levels.flatMap((level) =>
    ids.map(([label, id]): [UnitLevel, string, number] => [level, label, id]),
  );

  it.each(cases)('renameUnit refuses %s id %s', async (level, _label, id) => {
    await expectRefused(database, () => h.renameUnit({ level, id, name: '改名' }), {
      code: 'NOT_FOUND',
      path: ID,
    });
  });

  it.each(cases)('retireUnit refuses %s id %s', async (level, _label, id) => {
    await expectRefused(database, () => h.retireUnit({ level, id, retiredOn: '2025-01-01' }), {
      code: 'NOT_FOUND',
      path: ID,
    });
  });

  it('renameUnit refuses the id of a unit of another district on the same database', async () => {
    const other = createHierarchyService({ db: database.db, districtCode: '320506' });
    await expectRefused(
      database,
      () => other.renameUnit({ level: 'community', id: u.activeCommunity.id, name: 'x' }),
      {
        code: 'NOT_FOUND',
        path: ID,
      },
    );
  });
});

describe('levels outside the hierarchy (hierarchy-service.ts: every refusal is a SansheError)', () => {
  const LEVEL = ['input', 'level'];
  const unknownLevels: [string, unknown][] = [
    ['district', 'district'],
    ['an empty string', ''],
    ['a capitalised level', 'Community'],
    ['undefined', undefined],
    ['a number', 1],
  ];

  // Formerly a bug: unitTables[level] was undefined and findUnit threw a TypeError.
  it.each(unknownLevels)('renameUnit refuses the level %s with VALIDATION_FAILED', async (_label, level) => {
    await expectRefused(
      database,
      () => h.renameUnit({ level: level as UnitLevel, id: u.activeSub.id, name: '改名' }),
      { code: 'VALIDATION_FAILED', path: LEVEL },
    );
  });

  it.each(unknownLevels)('retireUnit refuses the level %s with VALIDATION_FAILED', async (_label, level) => {
    await expectRefused(
      database,
      () => h.retireUnit({ level: level as UnitLevel, id: u.activeSub.id, retiredOn: '2025-01-01' }),
      { code: 'VALIDATION_FAILED', path: LEVEL },
    );
  });

  it('getUnit refuses an unknown level with VALIDATION_FAILED instead of reading a table', async () => {
    await expect(h.getUnit('district' as UnitLevel, u.activeSub.id)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: LEVEL,
    });
    await expect(h.getUnit('district' as UnitLevel, u.activeSub.id)).rejects.toBeInstanceOf(SansheError);
  });

  it('a valid name is checked before the level (INVALID_NAME wins over an unknown level)', async () => {
    await expectRefused(
      database,
      () => h.renameUnit({ level: 'district' as UnitLevel, id: u.activeSub.id, name: '' }),
      { code: 'INVALID_NAME', path: NAME },
    );
  });

  // Regression: findUnit once checked the id before the level, so { level: 'district', id: 0 }
  // answered NOT_FOUND at ['input', 'id'] instead of naming the unknown level.
  it.each([
    ['0', 0],
    ['-1', -1],
    ['NaN', Number.NaN],
  ])(
    'renameUnit refuses an unknown level with VALIDATION_FAILED whatever the id (id %s)',
    async (_label, id) => {
      await expectRefused(
        database,
        () => h.renameUnit({ level: 'district' as UnitLevel, id, name: '改名' }),
        {
          code: 'VALIDATION_FAILED',
          path: LEVEL,
        },
      );
    },
  );
});
