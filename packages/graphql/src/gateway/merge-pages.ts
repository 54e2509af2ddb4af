import { encodeMergedCursor, type MergedCursor } from './merged-cursor.js';

/** One row of one district's page: its district cursor, sort key and the node to return. */
export interface DistrictRow {
  districtCode: string;
  cursor: string;
  sortKey: readonly string[];
  node: unknown;
}

/** A district's page, in the district's own order, one row longer than asked when it can be. */
export interface DistrictPage {
  districtCode: string;
  rows: DistrictRow[];
}

export interface MergedPage {
  edges: { cursor: string; node: unknown }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export function compareSortKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Merge district pages by always taking the smallest head. Each district's own order is kept
 * even if its collation sorts names differently from ours, so no row is ever skipped or
 * repeated; across districts the order is by sort key (codes: exactly one database's order).
 */
function mergeHeads(pages: DistrictPage[]): DistrictRow[] {
  const heads = pages.map(() => 0);
  const merged: DistrictRow[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < pages.length; i++) {
      const row = pages[i]!.rows[heads[i]!];
      if (!row) continue;
      const current = best === -1 ? undefined : pages[best]!.rows[heads[best]!];
      if (!current || compareSortKeys(row.sortKey, current.sortKey) < 0) best = i;
    }
    if (best === -1) return merged;
    merged.push(pages[best]!.rows[heads[best]!]!);
    heads[best]!++;
  }
}

/** Forward: the first `size` rows after the cursor, from pages fetched with `first: size + 1`. */
export function mergeForward(
  pages: DistrictPage[],
  size: number,
  from: MergedCursor | undefined,
): MergedPage {
  const merged = mergeHeads(pages);
  const taken = merged.slice(0, size);
  const after: Record<string, string | null> = {};
  const consumed: Record<string, number> = {};
  for (const page of pages) {
    after[page.districtCode] = from?.after[page.districtCode] ?? null;
    consumed[page.districtCode] = 0;
  }
  const edges = taken.map((row) => {
    // `before` of a district: its first row at or after this edge (the edge itself for its own).
    const before: Record<string, string | null> = {};
    for (const page of pages) {
      before[page.districtCode] = page.rows[consumed[page.districtCode]!]?.cursor ?? null;
    }
    // `after` of a district: its last row at or before this edge.
    after[row.districtCode] = row.cursor;
    consumed[row.districtCode]!++;
    return { cursor: encodeMergedCursor({ after: { ...after }, before }), node: row.node };
  });
  return { edges, hasNextPage: merged.length > taken.length, hasPreviousPage: from !== undefined };
}

/** Backward: the last `size` rows before the cursor, from pages fetched with `last: size + 1`. */
export function mergeBackward(
  pages: DistrictPage[],
  size: number,
  from: MergedCursor | undefined,
): MergedPage {
  const merged = mergeHeads(pages);
  const skipped = Math.max(0, merged.length - size);
  const taken = merged.slice(skipped);
  // For each district: how many of its fetched rows lie at or before each taken edge.
  const seen: Record<string, number> = {};
  for (const page of pages) seen[page.districtCode] = 0;
  for (const row of merged.slice(0, skipped)) seen[row.districtCode]!++;
  const edges = taken.map((row) => {
    const after: Record<string, string | null> = {};
    const before: Record<string, string | null> = {};
    for (const page of pages) {
      before[page.districtCode] =
        page.rows[seen[page.districtCode]!]?.cursor ?? from?.before[page.districtCode] ?? null;
    }
    seen[row.districtCode]!++;
    for (const page of pages) {
      const count = seen[page.districtCode]!;
      after[page.districtCode] = count > 0 ? page.rows[count - 1]!.cursor : null;
    }
    return { cursor: encodeMergedCursor({ after, before }), node: row.node };
  });
  return { edges, hasNextPage: from !== undefined, hasPreviousPage: skipped > 0 };
}
