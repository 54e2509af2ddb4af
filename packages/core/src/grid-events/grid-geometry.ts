import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { fail, ok, type ParseResult } from '../errors/result.js';
import type { FieldPath } from '../errors/sanshe-error.js';

/**
 * Grid boundaries as GeoJSON (RFC 7946, docs/domain.md §7.1), pure: the parse of a boundary and
 * the test whether a point lies in it. The test is @turf/boolean-point-in-polygon's (holes
 * honoured, a point on the edge counts as inside), run in the service, so PGlite and PostgreSQL
 * answer alike without PostGIS.
 */

export type GridGeometry = Polygon | MultiPolygon;

export interface BoundingBox {
  minLongitude: number;
  minLatitude: number;
  maxLongitude: number;
  maxLatitude: number;
}

/** At most this many positions in one boundary: a grid is a few streets, not a coastline. */
export const maxBoundaryPositions = 20_000;

function invalid<T>(message: string, path: FieldPath): ParseResult<T> {
  return fail('INVALID_GEOMETRY', message, path);
}

function parseRing(
  ring: unknown,
  path: FieldPath,
  box: BoundingBox,
  count: { n: number },
): ParseResult<Position[]> {
  if (!Array.isArray(ring) || ring.length < 4) {
    return invalid('A ring is an array of at least four positions.', path);
  }
  const positions: Position[] = [];
  for (const [index, position] of ring.entries()) {
    if (
      !Array.isArray(position) ||
      position.length < 2 ||
      position.length > 3 ||
      !position.every((n) => typeof n === 'number' && Number.isFinite(n))
    ) {
      return invalid('A position is [longitude, latitude] in numbers.', [...path, index]);
    }
    const [longitude, latitude] = position as number[];
    if (longitude! < -180 || longitude! > 180 || latitude! < -90 || latitude! > 90) {
      return invalid('Longitude lies in [-180, 180] and latitude in [-90, 90].', [...path, index]);
    }
    count.n += 1;
    if (count.n > maxBoundaryPositions) {
      return invalid(`A boundary has at most ${maxBoundaryPositions} positions.`, [...path, index]);
    }
    box.minLongitude = Math.min(box.minLongitude, longitude!);
    box.maxLongitude = Math.max(box.maxLongitude, longitude!);
    box.minLatitude = Math.min(box.minLatitude, latitude!);
    box.maxLatitude = Math.max(box.maxLatitude, latitude!);
    positions.push([longitude!, latitude!]);
  }
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return invalid('A ring is closed: its last position repeats its first.', path);
  }
  return ok(positions);
}

function parsePolygonRings(
  rings: unknown,
  path: FieldPath,
  box: BoundingBox,
  count: { n: number },
): ParseResult<Position[][]> {
  if (!Array.isArray(rings) || rings.length === 0) {
    return invalid('A polygon is an array of rings: the outer ring, then any holes.', path);
  }
  const parsed: Position[][] = [];
  for (const [index, ring] of rings.entries()) {
    const result = parseRing(ring, [...path, index], box, count);
    if (!result.success) return result;
    parsed.push(result.data);
  }
  return ok(parsed);
}

/**
 * A boundary as the caller sent it: a GeoJSON Polygon or MultiPolygon geometry (a Feature is
 * taken for its geometry), with its bounding box. Only `type` and `coordinates` are kept.
 */
export function parseGridGeometry(
  value: unknown,
  path: FieldPath = ['input', 'boundary'],
): ParseResult<{ geometry: GridGeometry; box: BoundingBox }> {
  let geometry = value;
  if (typeof geometry === 'string') {
    try {
      geometry = JSON.parse(geometry);
    } catch {
      return invalid('The boundary is not JSON.', path);
    }
  }
  if (
    typeof geometry === 'object' &&
    geometry !== null &&
    (geometry as { type?: unknown }).type === 'Feature'
  ) {
    geometry = (geometry as { geometry?: unknown }).geometry;
  }
  if (typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) {
    return invalid('The boundary is a GeoJSON Polygon or MultiPolygon object.', path);
  }
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  const box: BoundingBox = { minLongitude: 180, minLatitude: 90, maxLongitude: -180, maxLatitude: -90 };
  const count = { n: 0 };
  if (type === 'Polygon') {
    const rings = parsePolygonRings(coordinates, [...path, 'coordinates'], box, count);
    if (!rings.success) return rings;
    return ok({ geometry: { type: 'Polygon', coordinates: rings.data }, box });
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) {
      return invalid('A MultiPolygon is an array of polygons.', [...path, 'coordinates']);
    }
    const polygons: Position[][][] = [];
    for (const [index, polygon] of coordinates.entries()) {
      const rings = parsePolygonRings(polygon, [...path, 'coordinates', index], box, count);
      if (!rings.success) return rings;
      polygons.push(rings.data);
    }
    return ok({ geometry: { type: 'MultiPolygon', coordinates: polygons }, box });
  }
  return invalid('The boundary is a GeoJSON Polygon or MultiPolygon.', [...path, 'type']);
}

/** Whether the point lies in the geometry (on its edge counts as in). */
export function geometryContains(geometry: GridGeometry, longitude: number, latitude: number): boolean {
  return booleanPointInPolygon([longitude, latitude], geometry);
}

/** A reported position: both or neither, each a finite number in range. */
export function parsePosition(
  longitude: unknown,
  latitude: unknown,
  path: FieldPath = ['input'],
): ParseResult<{ longitude: number; latitude: number } | null> {
  if (longitude === undefined || longitude === null) {
    if (latitude === undefined || latitude === null) return ok(null);
    return fail('VALIDATION_FAILED', 'A position gives both longitude and latitude.', [...path, 'longitude']);
  }
  if (latitude === undefined || latitude === null) {
    return fail('VALIDATION_FAILED', 'A position gives both longitude and latitude.', [...path, 'latitude']);
  }
  if (typeof longitude !== 'number' || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    return fail('INVALID_NUMBER', 'Longitude is a number from -180 to 180.', [...path, 'longitude']);
  }
  if (typeof latitude !== 'number' || !Number.isFinite(latitude) || latitude < -90 || latitude > 90) {
    return fail('INVALID_NUMBER', 'Latitude is a number from -90 to 90.', [...path, 'latitude']);
  }
  // Stored to seven decimals (about a centimetre): round here so what is tested is what is kept.
  return ok({ longitude: Math.round(longitude * 1e7) / 1e7, latitude: Math.round(latitude * 1e7) / 1e7 });
}
