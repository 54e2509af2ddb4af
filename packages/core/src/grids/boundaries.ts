import { and, desc, eq } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { type BoundingBox, parseGridGeometry } from '../grid-events/grid-geometry.js';
import { publishedText } from '../needs/needs-context.js';
import { type GridBoundary, gridBoundaries } from '../schema/grid-teams.js';
import type { GridPlanContext } from './grid-plan-context.js';
import type { DrawBoundaryInput } from './grid-plan-types.js';

/**
 * The bounding box as stored (`numeric(10, 7)`), widened outward to the seventh decimal: a box
 * rounded to the nearest would cut off a sliver of the boundary, and a point there would not find
 * its grid (grid-events/grid-lookups.ts `gridsAt` narrows by the box before the exact test).
 */
function storedBox(box: BoundingBox): BoundingBox {
  const down = (value: number) => Math.floor(value * 1e7) / 1e7;
  const up = (value: number) => Math.ceil(value * 1e7) / 1e7;
  return {
    minLongitude: Math.max(-180, down(box.minLongitude)),
    minLatitude: Math.max(-90, down(box.minLatitude)),
    maxLongitude: Math.min(180, up(box.maxLongitude)),
    maxLatitude: Math.min(90, up(box.maxLatitude)),
  };
}

/**
 * Grid boundaries (docs/domain.md §7.1): a GeoJSON Polygon or MultiPolygon from a day. A new
 * boundary is a new row (the table is append-only, by trigger), so what a grid covered on a past
 * day stays answerable; boundaries are the district's published map.
 */
export function createBoundaryUseCases(ctx: GridPlanContext) {
  const { kit, db, districtCode } = ctx;

  return {
    /**
     * Draw a grid's boundary from a day (`grid.plan` at the grid). The day lies in the grid's life
     * and is not before its latest boundary: a boundary supersedes the ones before it, never slips
     * under a later one. One boundary per grid and day.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_GEOMETRY (with the path of the fault), INVALID_DATE,
     *   VALIDATION_FAILED / INVALID_TEXT / PERSONAL_DATA_IN_PUBLIC_TEXT (source), FORBIDDEN,
     *   INVALID_DATE_RANGE (before the grid's first day or its latest boundary), UNIT_NOT_IN_FORCE
     *   (the grid is retired by then), DUPLICATE_RECORD (a boundary from that day exists)
     */
    async drawBoundary(input: DrawBoundaryInput): Promise<GridBoundary> {
      const gridId = kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
      const { geometry, box } = kit.unwrap(parseGridGeometry(input.boundary, ['input', 'boundary']));
      const effectiveFrom = kit.dateOrToday(input.effectiveFrom, ['input', 'effectiveFrom']);
      const source = publishedText(kit, input.source, ['input', 'source'], {
        maxLength: 200,
        label: 'The source',
      });
      return db.transaction(async (tx) => {
        // FOR UPDATE: two boundaries drawn at once are ordered, each checked against the other.
        const grid = await ctx.requireGrid(tx, gridId, 'update', ['input', 'gridId']);
        kit.authorize('grid.plan', ctx.gridTarget(grid));
        if (effectiveFrom < grid.effectiveFrom) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Grid ${grid.code} is in force from ${grid.effectiveFrom}, after ${effectiveFrom}.`,
            { path: ['input', 'effectiveFrom'], details: { gridEffectiveFrom: grid.effectiveFrom } },
          );
        }
        ctx.requireGridInForce(grid, effectiveFrom, ['input', 'gridId']);
        const [latest] = await tx
          .select({ effectiveFrom: gridBoundaries.effectiveFrom })
          .from(gridBoundaries)
          .where(and(eq(gridBoundaries.districtCode, districtCode), eq(gridBoundaries.gridId, gridId)))
          .orderBy(desc(gridBoundaries.effectiveFrom))
          .limit(1);
        if (latest && effectiveFrom < latest.effectiveFrom) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Grid ${grid.code} has a boundary from ${latest.effectiveFrom}, after ${effectiveFrom}; a new boundary starts on a later day.`,
            { path: ['input', 'effectiveFrom'], details: { latestEffectiveFrom: latest.effectiveFrom } },
          );
        }
        const [boundary] = await kit.insertUnique(
          () =>
            tx
              .insert(gridBoundaries)
              .values({
                districtCode,
                gridId,
                effectiveFrom,
                geometry,
                ...storedBox(box),
                source,
                recordedBy: kit.actor.id,
              })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `Grid ${grid.code} already has a boundary from ${effectiveFrom}; draw the new one from a later day.`,
            path: ['input', 'effectiveFrom'],
          },
        );
        await kit.audit(tx, {
          action: 'grid_boundary.draw',
          entityType: 'grid_boundary',
          entityId: boundary!.id,
          after: boundary,
        });
        return boundary!;
      });
    },
  };
}
