import { createRandom } from '@sanshe/core/demo';
import { describe, expect, it } from 'vitest';
import { type DistrictPage, mergeBackward, mergeForward } from '../src/gateway/merge-pages.js';
import { decodeMergedCursor, encodeMergedCursor } from '../src/gateway/merged-cursor.js';

/**
 * Districts simulated as sorted arrays whose cursor is the row's index, answering
 * `first/after` and `last/before` exactly as a district connection does. Random cities and page
 * sizes check the merge visits every row exactly once in both directions.
 */
function simulateCity(seed: number) {
  const random = createRandom(seed);
  const districts = ['320505', '320506', '320508', '320509'].slice(0, random.int(1, 4));
  const rows = new Map<string, string[]>();
  for (const code of districts) {
    const count = random.int(0, 30);
    const keys = Array.from(
      { length: count },
      (_, i) => `${String(random.int(0, 50)).padStart(2, '0')}-${code}-${i}`,
    );
    rows.set(code, keys.sort());
  }
  const pageOf = (code: string, forward: boolean, size: number, cursor: string | null): DistrictPage => {
    const all = rows.get(code)!;
    const index = cursor === null ? (forward ? -1 : all.length) : Number(cursor);
    const slice = forward
      ? all.slice(index + 1, index + 1 + size)
      : all.slice(Math.max(0, index - size), index);
    const start = forward ? index + 1 : Math.max(0, index - size);
    return {
      districtCode: code,
      rows: slice.map((key, i) => ({
        districtCode: code,
        cursor: String(start + i),
        sortKey: [key],
        node: key,
      })),
    };
  };
  const expected = [...rows.values()].flat().sort();
  return { districts, pageOf, expected, random };
}

describe('merging district pages (docs/architecture.md §3: every row exactly once, both directions)', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('random city %i', (seed) => {
    const { districts, pageOf, expected, random } = simulateCity(seed);
    const forward: unknown[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 500; guard++) {
      const size = random.int(1, 9);
      const from = after ? decodeMergedCursor(after, 'after') : undefined;
      const pages = districts.map((d) => pageOf(d, true, size + 1, from?.after[d] ?? null));
      const page = mergeForward(pages, size, from);
      forward.push(...page.edges.map((edge) => edge.node));
      if (!page.hasNextPage) break;
      after = page.edges.at(-1)!.cursor;
    }
    expect(forward).toEqual(expected);

    const backward: unknown[][] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 500; guard++) {
      const size = random.int(1, 9);
      const from = before ? decodeMergedCursor(before, 'before') : undefined;
      const pages = districts.map((d) => pageOf(d, false, size + 1, from?.before[d] ?? null));
      const page = mergeBackward(pages, size, from);
      backward.unshift(page.edges.map((edge) => edge.node));
      if (!page.hasPreviousPage) break;
      before = page.edges[0]!.cursor;
    }
    expect(backward.flat()).toEqual(expected);
  });

  it('refuses cursors it did not issue', () => {
    for (const text of [
      '',
      'abc',
      encodeMergedCursor({ after: {}, before: {} }).slice(2),
      'c2Fuc2hlOjE6W10',
    ]) {
      expect(() => decodeMergedCursor(text, 'after')).toThrow(
        expect.objectContaining({ code: 'INVALID_CURSOR' }),
      );
    }
  });
});
