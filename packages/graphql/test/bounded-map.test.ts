/** The fan-out's bounded parallelism (gateway/bounded-map.ts). */
import { describe, expect, it } from 'vitest';
import { mapBounded } from '../src/gateway/bounded-map.js';

describe('mapBounded', () => {
  it.each([1, 2, 3, 8])('keeps at most %i calls in flight and the results in input order', async (limit) => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 7 }, (_, i) => i);
    const results = await mapBounded(items, limit, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Later items finish sooner, so completion order differs from input order.
      await new Promise((resolve) => setTimeout(resolve, (7 - item) * 3));
      inFlight -= 1;
      return item * 10;
    });
    expect(results).toEqual(items.map((item) => item * 10));
    expect(most).toBe(Math.min(limit, items.length));
  });

  it('an empty list answers at once; a failure rejects the whole', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    await expect(
      mapBounded([1, 2], 1, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});
