import { SansheError } from '@sanshe/core';

/**
 * The cursor of an edge in a list merged from several districts. For every district it records
 * where that district stands relative to the edge: `after`, the district's cursor of its last
 * row at or before the edge (null: none), and `before`, its cursor of its first row at or after
 * the edge (null: none); for the edge's own district, both are the edge. Paging forward resumes each district after its `after`; paging
 * backward resumes each before its `before`. Together they visit every row exactly once, in
 * either direction.
 */
export interface MergedCursor {
  after: Record<string, string | null>;
  before: Record<string, string | null>;
}

const prefix = 'sanshe:1:';

export function encodeMergedCursor(cursor: MergedCursor): string {
  return Buffer.from(prefix + JSON.stringify([cursor.after, cursor.before]), 'utf8').toString('base64url');
}

/** @throws {SansheError} INVALID_CURSOR for anything this gateway did not issue. */
export function decodeMergedCursor(text: string, argument: string): MergedCursor {
  const invalid = () =>
    new SansheError('INVALID_CURSOR', `"${text.slice(0, 40)}" is not a cursor of this list.`, {
      path: [argument],
    });
  if (!/^[A-Za-z0-9_-]{1,8000}$/.test(text)) throw invalid();
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  if (!decoded.startsWith(prefix)) throw invalid();
  try {
    const [after, before] = JSON.parse(decoded.slice(prefix.length)) as unknown[];
    if (!isPositionMap(after) || !isPositionMap(before)) throw invalid();
    return { after, before };
  } catch {
    throw invalid();
  }
}

function isPositionMap(value: unknown): value is Record<string, string | null> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(([key, v]) => /^\d{6}$/.test(key) && (v === null || typeof v === 'string'))
  );
}
