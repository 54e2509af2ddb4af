import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import type { ErrorCode, FieldPath } from '../../src/errors/index.js';
import { SansheError } from '../../src/errors/index.js';
import { createIndicatorService, type IndicatorService } from '../../src/indicators/index.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { A, A1, buildDistrict, DISTRICT, ON } from './fixture.js';

async function expectError(action: () => Promise<unknown>, code: ErrorCode, path: FieldPath) {
  const attempt = Promise.resolve().then(action);
  await expect(attempt).rejects.toBeInstanceOf(SansheError);
  await expect(attempt).rejects.toMatchObject({ code, path });
}

describe(`indicators refuse bad input with a typed error (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let service: IndicatorService;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: DISTRICT });
    await buildDistrict(database);
    service = createIndicatorService(database, { today: () => ON });
  });
  afterAll(() => database.close());

  it.each([
    ['another district', '320506', 'CODE_OUTSIDE_DISTRICT'],
    ['a subdistrict of another district', '320506001', 'CODE_OUTSIDE_DISTRICT'],
    ['a community of another district', '110101001001', 'CODE_OUTSIDE_DISTRICT'],
    ['a subdistrict not recorded here', '320505009', 'NOT_FOUND'],
    ['a community not recorded here', '320505001099', 'NOT_FOUND'],
    ['letters', 'abc', 'INVALID_DIVISION_CODE'],
    ['10 digits', '3205050010', 'INVALID_DIVISION_CODE'],
    ['a grid code', '320505001001001', 'INVALID_DIVISION_CODE'],
    ['a number', 320505, 'INVALID_DIVISION_CODE'],
    ['null', null, 'INVALID_DIVISION_CODE'],
  ] as const)('unit code: %s (%s) is %s', async (_label, unitCode, code) => {
    const input = { unitCode: unitCode as unknown as string, on: ON };
    await expectError(() => service.indicatorsFor(input), code, ['input', 'unitCode']);
    // A community code is refused by the breakdown for its level before it is looked up.
    const breakdownCode = code === 'NOT_FOUND' && String(unitCode).length === 12 ? 'VALIDATION_FAILED' : code;
    await expectError(() => service.indicatorsByChildUnit(input), breakdownCode, ['input', 'unitCode']);
  });

  it.each(['2024-02-30', '20240630', 'yesterday', '1899-12-31', ''])(
    'reference date "%s" is INVALID_DATE',
    async (on) => {
      await expectError(() => service.indicatorsFor({ unitCode: A, on }), 'INVALID_DATE', ['input', 'on']);
      await expectError(() => service.indicatorsByChildUnit({ unitCode: A, on }), 'INVALID_DATE', [
        'input',
        'on',
      ]);
    },
  );

  it('a community has no child units to break down into', async () => {
    await expectError(() => service.indicatorsByChildUnit({ unitCode: A1, on: ON }), 'VALIDATION_FAILED', [
      'input',
      'unitCode',
    ]);
  });

  it('the district itself must be recorded in the database', async () => {
    const empty = await createTestDistrictDatabase({ districtCode: DISTRICT });
    try {
      const emptyService = createIndicatorService(empty, { today: () => ON });
      await expectError(() => emptyService.indicatorsFor({ unitCode: DISTRICT }), 'NOT_FOUND', [
        'input',
        'unitCode',
      ]);
    } finally {
      await empty.close();
    }
  });
});
