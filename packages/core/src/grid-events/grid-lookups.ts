import { and, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { departments, eventRoutes } from '../schema/departments.js';
import { gridBoundaries } from '../schema/grid-teams.js';
import { grids } from '../schema/hierarchy.js';
import { type EventCategoryCode, eventCategories } from './code-lists.js';
import { type GridGeometry, geometryContains } from './grid-geometry.js';

/**
 * The lookups grid events stand on (docs/domain.md §7.1, §7.5): the boundary a grid had on a day,
 * the grids a point lies in, and the department responsible for a category of event in an area.
 */

/** The boundary in force for the grid on `day`, or undefined when none was drawn by then. */
export async function boundaryInForce(
  db: SansheDb,
  districtCode: string,
  gridId: number,
  day: string,
): Promise<{ id: number; geometry: GridGeometry; effectiveFrom: string } | undefined> {
  const [row] = await db
    .select({
      id: gridBoundaries.id,
      geometry: gridBoundaries.geometry,
      effectiveFrom: gridBoundaries.effectiveFrom,
    })
    .from(gridBoundaries)
    .where(
      and(
        eq(gridBoundaries.districtCode, districtCode),
        eq(gridBoundaries.gridId, gridId),
        lte(gridBoundaries.effectiveFrom, day),
      ),
    )
    .orderBy(desc(gridBoundaries.effectiveFrom))
    .limit(1);
  return row
    ? { id: row.id, geometry: row.geometry as GridGeometry, effectiveFrom: row.effectiveFrom }
    : undefined;
}

/**
 * The grids in force on `day` whose boundary in force that day contains the point, by code: the
 * bounding boxes narrow the candidates in SQL, the exact test runs here. Usually one; more where
 * boundaries overlap (a survey error the district should fix).
 */
export async function gridsAt(
  db: SansheDb,
  districtCode: string,
  longitude: number,
  latitude: number,
  day: string,
): Promise<{ gridId: number; code: string; communityId: number }[]> {
  const candidates = await db
    .selectDistinctOn([gridBoundaries.gridId], {
      gridId: gridBoundaries.gridId,
      geometry: gridBoundaries.geometry,
      minLongitude: gridBoundaries.minLongitude,
      maxLongitude: gridBoundaries.maxLongitude,
      minLatitude: gridBoundaries.minLatitude,
      maxLatitude: gridBoundaries.maxLatitude,
      code: grids.code,
      communityId: grids.communityId,
    })
    .from(gridBoundaries)
    .innerJoin(
      grids,
      and(eq(grids.districtCode, gridBoundaries.districtCode), eq(grids.id, gridBoundaries.gridId)),
    )
    .where(
      and(
        eq(gridBoundaries.districtCode, districtCode),
        lte(gridBoundaries.effectiveFrom, day),
        lte(grids.effectiveFrom, day),
        or(isNull(grids.retiredOn), sql`${grids.retiredOn} > ${day}`),
      ),
    )
    .orderBy(gridBoundaries.gridId, desc(gridBoundaries.effectiveFrom));
  return candidates
    .filter(
      (row) =>
        longitude >= row.minLongitude &&
        longitude <= row.maxLongitude &&
        latitude >= row.minLatitude &&
        latitude <= row.maxLatitude &&
        geometryContains(row.geometry as GridGeometry, longitude, latitude),
    )
    .map((row) => ({ gridId: row.gridId, code: row.code, communityId: row.communityId }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The department responsible for `categoryCode` at `gridCode` on `day` (docs/domain.md §7.5): the
 * most specific routing rule in force wins, a second-level category before its first level, then
 * the longest area code containing the grid. Dissolved departments route nothing. Undefined when
 * no rule applies.
 */
export async function responsibleDepartment(
  db: SansheDb,
  districtCode: string,
  categoryCode: EventCategoryCode,
  gridCode: string,
  day: string,
): Promise<{ departmentId: number; routeId: number } | undefined> {
  const parent = eventCategories[categoryCode].parent;
  const categories = parent ? [categoryCode, parent] : [categoryCode];
  const rows = await db
    .select({
      routeId: eventRoutes.id,
      departmentId: eventRoutes.departmentId,
      categoryCode: eventRoutes.categoryCode,
      areaCode: eventRoutes.areaCode,
    })
    .from(eventRoutes)
    .innerJoin(
      departments,
      and(
        eq(departments.districtCode, eventRoutes.districtCode),
        eq(departments.id, eventRoutes.departmentId),
      ),
    )
    .where(
      and(
        eq(eventRoutes.districtCode, districtCode),
        inArray(eventRoutes.categoryCode, categories),
        sql`${gridCode} like ${eventRoutes.areaCode} || '%'`,
        lte(eventRoutes.effectiveFrom, day),
        or(isNull(eventRoutes.retiredOn), sql`${eventRoutes.retiredOn} > ${day}`),
        lte(departments.establishedOn, day),
        or(isNull(departments.dissolvedOn), sql`${departments.dissolvedOn} > ${day}`),
      ),
    );
  rows.sort(
    (a, b) =>
      Number(b.categoryCode === categoryCode) - Number(a.categoryCode === categoryCode) ||
      b.areaCode.length - a.areaCode.length,
  );
  const best = rows[0];
  return best ? { departmentId: best.departmentId, routeId: best.routeId } : undefined;
}
