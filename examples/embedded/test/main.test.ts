// Runs the embedded example against a real database: a migrated PGlite copy, or a throwaway
// PostgreSQL database when SANSHE_TEST_PG is set. Also runs it on a PGlite data directory twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { communities, createHierarchyService, type DistrictDatabase } from '@sanshe/core';
import { createTestDistrictDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMUNITY_CODE,
  DISTRICT_CODE,
  GRID_CODES,
  type RunReport,
  run,
  SECOND_COMMUNITY_CODE,
} from '../src/main.js';

const quiet = () => {};

describe('the embedded example on a test database', () => {
  let database: DistrictDatabase;
  let report: RunReport;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: DISTRICT_CODE });
    report = await run({ database, log: quiet });
  });
  afterAll(() => database?.close());

  it('records the hierarchy and reads back the communities in force, with their grids', () => {
    expect(report.createdNow).toBe(true);
    expect(report.communities).toEqual([
      {
        code: COMMUNITY_CODE,
        name: '狮山新村社区',
        version: 2,
        // Grid 02 was merged into grid 01 and is no longer in force.
        grids: [{ code: GRID_CODES[0], name: '狮山第一网格' }],
      },
      {
        code: SECOND_COMMUNITY_CODE,
        name: '何山社区',
        version: 1,
        grids: [{ code: GRID_CODES[2], name: '何山第一网格' }],
      },
    ]);
  });

  it('keeps the retired grid for history, pointing at its successor', async () => {
    const retired = await database.db.query.grids.findFirst({
      where: { code: GRID_CODES[1] },
      with: { successor: true },
    });
    expect(retired).toMatchObject({
      retiredOn: '2024-07-01',
      version: 2,
      successor: { code: GRID_CODES[0] },
    });
  });

  it('reports every bad input as a typed SansheError that changed nothing', () => {
    expect(report.refusals.map(({ code, path, unchanged }) => ({ code, path, unchanged }))).toEqual([
      { code: 'PARENT_NOT_FOUND', path: ['input', 'code'], unchanged: true },
      { code: 'DUPLICATE_CODE', path: ['input', 'code'], unchanged: true },
      { code: 'INVALID_NUMBER', path: ['input', 'residentPopulation'], unchanged: true },
      { code: 'CODE_OUTSIDE_DISTRICT', path: ['input', 'code'], unchanged: true },
      { code: 'HAS_ACTIVE_CHILDREN', path: ['input', 'id'], unchanged: true },
      { code: 'VERSION_CONFLICT', path: ['input', 'expectedVersion'], unchanged: true },
    ]);
  });

  it('leaves the database as run() reported it', async () => {
    const hierarchy = createHierarchyService(database);
    const found = await hierarchy.findByCode(COMMUNITY_CODE);
    expect(found?.unit).toMatchObject({ name: '狮山新村社区', version: 2, retiredOn: null });
    expect(await database.db.$count(communities)).toBe(2);
  });

  it('runs the validators on generated, valid values', () => {
    const { uscc, residentId, residentIdTypo, mobile } = report.validators;
    expect(uscc).toMatchObject({ category: 'social_association', registeringAreaLevel: 'district' });
    expect(uscc.code).toMatch(/^51320505MA1X2Y3K.{2}$/);
    expect(residentId).toMatchObject({ birthDate: '1985-03-12', sex: 'male' });
    expect(residentId.masked).toMatch(/^3205\*{10}123[\dX]$/);
    expect(residentIdTypo).toBe('INVALID_RESIDENT_ID');
    expect(mobile).toEqual({ e164: '+8613812345678', masked: '138****5678' });
  });

  it('logs what it returns, and never a whole resident ID', () => {
    expect(report.lines[0]).toMatch(/^Opened district 320505 on (pglite|postgres), migrated\.$/);
    expect(report.lines).toContain(
      '  320505001001 狮山新村社区 (version 2); grids: 32050500100101 狮山第一网格',
    );
    expect(report.lines.join('\n')).not.toContain('19850312');
  });
});

describe('the embedded example on a PGlite data directory', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sanshe-embedded-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('creates the units on the first run and reuses them on the second', async () => {
    const first = await run({ dataDir, log: quiet });
    const second = await run({ dataDir, log: quiet });
    expect(first.createdNow).toBe(true);
    expect(second.createdNow).toBe(false);
    expect(second.communities).toEqual(first.communities);
    expect(second.refusals.map((refusal) => refusal.code)).toEqual(
      first.refusals.map((refusal) => refusal.code),
    );
  });
});
