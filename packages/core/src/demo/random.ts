/** A small seeded PRNG (mulberry32): the same seed builds the same demo city on every machine. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(min: number, max: number): number {
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!;
    },
  };
}

export type Random = ReturnType<typeof createRandom>;

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A day from `from` to `to`, both included; `from` itself when the range is empty. */
export function randomDate(random: Random, from: string, to: string): string {
  const span = daysBetween(from, to);
  if (span <= 0) return from;
  const time = Date.parse(`${from}T00:00:00Z`) + random.int(0, span) * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** The items in a random order (Fisher–Yates), leaving the input untouched. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/**
 * A seed for an independent stream derived from the district's seed, so that adding a kind of
 * demo data never shifts the numbers another kind draws (the hierarchy of a seed stays the same).
 */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(stream, 0xc2b2ae35)) >>> 0;
}
