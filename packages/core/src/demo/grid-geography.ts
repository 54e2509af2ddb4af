import type { Polygon } from 'geojson';
import type { BoundingBox } from '../grid-events/grid-geometry.js';
import type { communities, grids, subdistricts } from '../schema/hierarchy.js';
import type { Random } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;

/**
 * Where a demo district lies (docs/domain.md §7.1): a longitude/latitude box near the real
 * district (CGCS2000, in degrees), cut into rectangles: a column per subdistrict, a block per
 * community inside it, and the community's grids side by side inside the block, so that grids
 * tile their community and a point drawn inside a grid's rectangle lies in that grid only.
 */

/** The boxes of the demo city's districts and of the district the rules suite plans in Beijing. */
const knownBoxes: Record<string, BoundingBox> = {
  // 虎丘区 (苏州高新区): 狮山、枫桥 to 浒墅关、通安.
  '320505': { minLongitude: 120.38, minLatitude: 31.26, maxLongitude: 120.6, maxLatitude: 31.42 },
  // 吴中区, north of the lake: 长桥、越溪、郭巷 to 木渎、胥口.
  '320506': { minLongitude: 120.42, minLatitude: 31.08, maxLongitude: 120.72, maxLatitude: 31.27 },
  // 姑苏区, the old city inside the moat and around it.
  '320508': { minLongitude: 120.57, minLatitude: 31.28, maxLongitude: 120.66, maxLatitude: 31.34 },
  // 东城区 (北京).
  '110101': { minLongitude: 116.38, minLatitude: 39.87, maxLongitude: 116.44, maxLatitude: 39.96 },
};

/** Degrees kept: 6 decimals is about 0.1 m, finer than any boundary a district surveys. */
const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** A box for a district the table does not know: 0.15° square, placed by its code inside China. */
function boxOf(districtCode: string): BoundingBox {
  const known = knownBoxes[districtCode];
  if (known) return known;
  const longitude = 100 + (Number(districtCode.slice(0, 2)) % 20);
  const latitude = 24 + (Number(districtCode.slice(2, 6)) % 17);
  return {
    minLongitude: longitude,
    minLatitude: latitude,
    maxLongitude: longitude + 0.15,
    maxLatitude: latitude + 0.15,
  };
}

/** A rectangle as a closed GeoJSON ring, counterclockwise (RFC 7946 §3.1.6). */
export function rectangle(box: BoundingBox): Polygon {
  const { minLongitude: west, minLatitude: south, maxLongitude: east, maxLatitude: north } = box;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/** The rectangle of every grid of the district, by grid id. */
export function gridRectangles(input: {
  districtCode: string;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
  grids: readonly NewGrid[];
}): Map<number, BoundingBox> {
  const district = boxOf(input.districtCode);
  const rectangles = new Map<number, BoundingBox>();
  const columnWidth =
    (district.maxLongitude - district.minLongitude) / Math.max(1, input.subdistricts.length);
  input.subdistricts.forEach((subdistrict, s) => {
    const west = district.minLongitude + s * columnWidth;
    const own = input.communities.filter((c) => c.subdistrictId === subdistrict.id);
    // Communities in a block of rows and columns as near square as the count allows.
    const columns = Math.max(1, Math.ceil(Math.sqrt(own.length)));
    const rows = Math.max(1, Math.ceil(own.length / columns));
    const width = columnWidth / columns;
    const height = (district.maxLatitude - district.minLatitude) / rows;
    own.forEach((community, c) => {
      const cell: BoundingBox = {
        minLongitude: west + (c % columns) * width,
        minLatitude: district.minLatitude + Math.floor(c / columns) * height,
        maxLongitude: west + ((c % columns) + 1) * width,
        maxLatitude: district.minLatitude + (Math.floor(c / columns) + 1) * height,
      };
      const ownGrids = input.grids.filter((g) => g.communityId === community.id);
      const gridWidth = (cell.maxLongitude - cell.minLongitude) / Math.max(1, ownGrids.length);
      ownGrids.forEach((grid, g) => {
        rectangles.set(grid.id!, {
          minLongitude: round(cell.minLongitude + g * gridWidth),
          minLatitude: round(cell.minLatitude),
          maxLongitude: round(cell.minLongitude + (g + 1) * gridWidth),
          maxLatitude: round(cell.maxLatitude),
        });
      });
    });
  });
  return rectangles;
}

/** A point well inside a rectangle (never on an edge another grid shares). */
export function pointIn(random: Random, box: BoundingBox): { longitude: number; latitude: number } {
  const at = (min: number, max: number) => round(min + (0.1 + 0.8 * random.next()) * (max - min));
  return {
    longitude: at(box.minLongitude, box.maxLongitude),
    latitude: at(box.minLatitude, box.maxLatitude),
  };
}
