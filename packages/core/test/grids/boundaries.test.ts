/**
 * Grid boundaries (docs/domain.md §7.1): GeoJSON (RFC 7946) Polygon or MultiPolygon from a day,
 * checked on the way in (INVALID_GEOMETRY names the fault's path), append-only, one per grid and
 * day, never slipped under a later one; the public map answers which grid a point lies in.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { gridsAt } from '../../src/grid-events/grid-lookups.js';
import { gridBoundaries } from '../../src/schema/index.js';
import {
  createGridDistrict,
  DISTRICT,
  type ExpectedRefusal,
  expectRefused,
  GRID_1,
  GRID_2,
  type GridDistrict,
  points,
  square,
  TODAY,
} from '../grid-events/fixture.js';
import { planAs } from './helpers.js';

let d: GridDistrict;

beforeAll(async () => {
  d = await createGridDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

const ring = (...positions: unknown[][]) => ({ type: 'Polygon', coordinates: [positions] });

describe('drawBoundary', () => {
  it('draws a new boundary from a day, keeping the old one for the days before', async () => {
    // 网格二 grows east by half a grid from April.
    const wider = square(120.51, 31.3, 0.015);
    const boundary = await planAs(d, d.actors.shishan).drawBoundary({
      gridId: d.grids.grid2,
      boundary: { type: 'Feature', properties: { name: '网格二' }, geometry: wider },
      effectiveFrom: '2026-04-01',
      source: '狮山社区网格调整方案（2026）',
    });
    expect(boundary).toMatchObject({
      gridId: d.grids.grid2,
      effectiveFrom: '2026-04-01',
      geometry: wider,
      minLongitude: 120.51,
      maxLongitude: 120.525,
      minLatitude: 31.3,
      maxLatitude: 31.315,
      recordedBy: d.actors.shishan.id,
    });
    const reads = planAs(d, d.actors.public);
    const east = { longitude: 120.522, latitude: 31.312 };
    expect(await reads.gridAt({ ...east, day: '2026-03-31' })).toEqual([]);
    expect((await reads.gridAt({ ...east, day: '2026-04-01' })).map((grid) => grid.code)).toEqual([GRID_2]);
    expect((await reads.boundaryOf({ gridId: d.grids.grid2 }))?.effectiveFrom).toBe('2020-01-01');
    expect((await reads.boundaryOf({ gridId: d.grids.grid2, day: '2026-04-02' }))?.id).toBe(boundary.id);
    expect((await reads.boundariesOf(d.grids.grid2)).map((row) => row.effectiveFrom)).toEqual([
      '2020-01-01',
      '2026-04-01',
    ]);
  });

  it('widens the stored bounding box outward to the seventh decimal, so an edge point still finds its grid', async () => {
    const edge = 120.53000004;
    const boundary = await planAs(d).drawBoundary({
      gridId: d.grids.fengqiao,
      boundary: ring([120.52, 31.3], [edge, 31.3], [edge, 31.31], [120.52, 31.31], [120.52, 31.3]),
      source: '枫桥社区网格测绘（2026）',
    });
    expect(boundary).toMatchObject({ effectiveFrom: TODAY, maxLongitude: 120.5300001, minLongitude: 120.52 });
    // A point past the seventh decimal, inside the ring: a box rounded to the nearest would end at
    // 120.5300000 and leave it out before the exact test.
    expect(
      (await gridsAt(d.database.db, DISTRICT, 120.53000003, 31.305, TODAY)).map((grid) => grid.gridId),
    ).toEqual([d.grids.fengqiao]);
  });

  const bad: [string, unknown, ExpectedRefusal][] = [
    [
      'an open ring',
      ring([120.5, 31.3], [120.51, 31.3], [120.51, 31.31], [120.5, 31.31]),
      { code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'coordinates', 0] },
    ],
    [
      'a ring of three positions',
      ring([120.5, 31.3], [120.51, 31.3], [120.5, 31.3]),
      { code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'coordinates', 0] },
    ],
    [
      'a longitude out of range',
      ring([120.5, 31.3], [181, 31.3], [120.51, 31.31], [120.5, 31.3]),
      { code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'coordinates', 0, 1] },
    ],
    [
      'a position that is not numbers',
      ring([120.5, 31.3], ['120.51', 31.3], [120.51, 31.31], [120.5, 31.3]),
      { code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'coordinates', 0, 1] },
    ],
    [
      'a geometry of the wrong type',
      {
        type: 'LineString',
        coordinates: [
          [120.5, 31.3],
          [120.51, 31.31],
        ],
      },
      { code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'type'] },
    ],
    [
      'a MultiPolygon with a bad second polygon',
      {
        type: 'MultiPolygon',
        coordinates: [
          square(120.5, 31.3).coordinates,
          [
            [
              [120.6, 31.3],
              [120.61, 31.3],
              [120.6, 31.3],
            ],
          ],
        ],
      },
      { code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'coordinates', 1, 0] },
    ],
    [
      'text that is not JSON',
      '{"type": "Polygon"',
      { code: 'INVALID_GEOMETRY', path: ['input', 'boundary'] },
    ],
    ['nothing', null, { code: 'INVALID_GEOMETRY', path: ['input', 'boundary'] }],
  ];
  it.each(bad)(
    'refuses %s with the path of the fault, changing nothing',
    async (_label, boundary, expected) => {
      await expectRefused(
        d.database,
        () => planAs(d).drawBoundary({ gridId: d.grids.grid1, boundary, source: '测绘' }),
        expected,
      );
    },
  );

  it('refuses a day before the grid, under a later boundary or the same day as another, and callers elsewhere', async () => {
    const draw =
      (change: Record<string, unknown>, actor: Actor = d.actors.admin) =>
      () =>
        planAs(d, actor).drawBoundary({
          gridId: d.grids.grid2,
          boundary: square(120.51, 31.3),
          source: '测绘',
          ...change,
        });
    // 网格二 is in force from 2010-01-01 and has boundaries from 2020-01-01 and 2026-04-01.
    await expectRefused(d.database, draw({ effectiveFrom: '2009-12-31' }), {
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'effectiveFrom'],
      details: { gridEffectiveFrom: '2010-01-01' },
    });
    await expectRefused(d.database, draw({ effectiveFrom: '2026-03-15' }), {
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'effectiveFrom'],
      details: { latestEffectiveFrom: '2026-04-01' },
    });
    await expectRefused(d.database, draw({ effectiveFrom: '2026-04-01' }), {
      code: 'DUPLICATE_RECORD',
      path: ['input', 'effectiveFrom'],
    });
    await expectRefused(d.database, draw({ gridId: 999_999 }), {
      code: 'NOT_FOUND',
      path: ['input', 'gridId'],
    });
    await expectRefused(d.database, draw({ source: '' }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'source'],
    });
    // 枫桥社区's staff do not plan 狮山社区's grids; grid workers plan none.
    await expectRefused(d.database, draw({ effectiveFrom: '2026-05-01' }, d.actors.fengqiao), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(d.database, draw({ effectiveFrom: '2026-05-01' }, d.actors.gridWorker), {
      code: 'FORBIDDEN',
      path: [],
    });
  });

  it('keeps boundaries append-only in the database itself', async () => {
    await expect(
      d.database.db
        .update(gridBoundaries)
        .set({ source: '改写' })
        .where(and(eq(gridBoundaries.gridId, d.grids.grid1))),
    ).rejects.toThrow();
  });
});

describe('gridAt and boundaryOf', () => {
  it('finds the grid a point lies in, for every caller', async () => {
    const reads = planAs(d, d.actors.public);
    expect(await reads.gridAt(points.grid1)).toEqual([
      { gridId: d.grids.grid1, code: GRID_1, communityId: d.communities.shishan },
    ]);
    expect(await reads.gridAt(points.nowhere)).toEqual([]);
    await expect(reads.gridAt({ longitude: 120.5 } as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['input', 'latitude'],
    });
    await expect(reads.gridAt({ longitude: 200, latitude: 31 })).rejects.toMatchObject({
      code: 'INVALID_NUMBER',
      path: ['input', 'longitude'],
    });
    expect(await reads.boundaryOf({ gridId: d.grids.grid1, day: '2019-12-31' })).toBeNull();
    await expect(reads.boundaryOf({ gridId: 999_999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: ['input', 'gridId'],
    });
  });
});
