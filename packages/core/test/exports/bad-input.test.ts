/**
 * What an export refuses before it reads anything, each with its code and the path of the bad
 * value: a district code that is not one, a district the database does not record, options
 * that are not what the standards need, and a standard there is no export for. The database is
 * unchanged after each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { isSansheError } from '../../src/errors/index.js';
import {
  type DistrictExportOptions,
  exportDistrict,
  exportStandards,
  isExportStandard,
} from '../../src/exports/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';

const DISTRICT = '320505';
const good: DistrictExportOptions = {
  publishedAt: '2025-10-01T09:00:00+08:00',
  uriBase: 'https://open.example/exports',
};
let database: DistrictDatabase;

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  await createHierarchyService(database, { today: () => '2025-09-30' }).ensureDistrict({
    name: '虎丘区',
    effectiveFrom: '2000-01-01',
  });
});

afterAll(async () => {
  await database?.close();
});

async function expectRefusal(
  standard: string,
  districtCode: unknown,
  options: DistrictExportOptions,
  code: string,
  path: readonly (string | number)[],
) {
  const before = await snapshotDatabase(database);
  let caught: unknown;
  try {
    await exportDistrict(database.db, standard, districtCode as string, options);
  } catch (error) {
    caught = error;
  }
  expect(isSansheError(caught), `expected ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  expect((caught as { path: readonly (string | number)[] }).path).toEqual(path);
  expect(await snapshotDatabase(database)).toEqual(before);
}

describe('exports refuse bad input with a typed error', () => {
  it.each(Object.keys(exportStandards))(
    '%s: a malformed district code, or the code of a subdistrict',
    async (standard) => {
      await expectRefusal(standard, '32O505', good, 'INVALID_DIVISION_CODE', ['districtCode']);
      await expectRefusal(standard, '320505001', good, 'CODE_LEVEL_MISMATCH', ['districtCode']);
    },
  );

  it.each(Object.keys(exportStandards))('%s: a district this database does not record', async (standard) => {
    await expectRefusal(standard, '320506', good, 'NOT_FOUND', ['districtCode']);
  });

  it.each(Object.keys(exportStandards))(
    '%s: a publication time without its offset, or no time at all',
    async (standard) => {
      await expectRefusal(standard, DISTRICT, { ...good, publishedAt: '2025-10-01 09:00' }, 'INVALID_DATE', [
        'options',
        'publishedAt',
      ]);
      await expectRefusal(
        standard,
        DISTRICT,
        { ...good, publishedAt: '2025-02-30T09:00:00Z' },
        'INVALID_DATE',
        ['options', 'publishedAt'],
      );
    },
  );

  it.each(Object.keys(exportStandards))(
    '%s: a URI base that is not an absolute http(s) URL',
    async (standard) => {
      for (const uriBase of [
        'exports',
        'ftp://open.example/exports',
        'https://open.example/exports?page=1',
      ]) {
        await expectRefusal(standard, DISTRICT, { ...good, uriBase }, 'VALIDATION_FAILED', [
          'options',
          'uriBase',
        ]);
      }
      await expectRefusal(standard, DISTRICT, { ...good, publisher: { name: '  ' } }, 'VALIDATION_FAILED', [
        'options',
        'publisher',
        'name',
      ]);
    },
  );

  it('an OCID prefix that is not a registered shape, a 360Giving prefix without 360G-', async () => {
    await expectRefusal('ocds', DISTRICT, { ...good, ocidPrefix: 'ocds-toolong7' }, 'VALIDATION_FAILED', [
      'options',
      'ocidPrefix',
    ]);
    await expectRefusal('360giving', DISTRICT, { ...good, grantIdPrefix: 'GB-huqiu' }, 'VALIDATION_FAILED', [
      'options',
      'grantIdPrefix',
    ]);
  });

  it('a standard there is no export for', async () => {
    await expectRefusal('iati', DISTRICT, good, 'INVALID_CODE_LIST_VALUE', ['standard']);
    expect(isExportStandard('hsds')).toBe(true);
    expect(isExportStandard('toString')).toBe(false);
  });

  it('an empty district exports empty documents, not errors', async () => {
    const ocds = (await exportDistrict(database.db, 'ocds', DISTRICT, good)) as { releases: unknown[] };
    const giving = (await exportDistrict(database.db, '360giving', DISTRICT, good)) as { grants: unknown[] };
    const hsds = (await exportDistrict(database.db, 'hsds', DISTRICT, good)) as {
      contents: unknown[];
      empty: boolean;
    };
    expect([ocds.releases, giving.grants, hsds.contents, hsds.empty]).toEqual([[], [], [], true]);
  });
});
