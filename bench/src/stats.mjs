/** Latency statistics over repeated runs: median, 99th percentile, spread. */
export function summarize(samplesMs) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    // Interquartile range: how much the middle half of the runs spreads.
    iqr: round(at(0.75) - at(0.25)),
    min: round(sorted[0]),
  };
}

export function round(value, digits = 2) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Time several contenders side by side: each runs `warmup` unmeasured runs, then `repetitions`
 * timed runs one at a time, taken in `rounds` turns (a slice of every contender's runs, then the
 * next slice). A shared machine drifts (other processes, the database's own background work); in
 * turns, the drift falls on every contender alike instead of on whichever ran at the time.
 *
 * @param {Record<string, () => Promise<unknown>>} contenders
 * @returns {Record<string, ReturnType<typeof summarize>>}
 */
export async function timeInTurns(contenders, { warmup, repetitions, rounds = 10 }) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) for (let i = 0; i < warmup; i++) await contenders[name]();
  for (let round = 0; round < rounds; round++) {
    const runs = Math.ceil(repetitions / rounds);
    for (const name of names) {
      for (let i = 0; i < runs && samples[name].length < repetitions; i++) {
        const started = performance.now();
        await contenders[name]();
        samples[name].push(performance.now() - started);
      }
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples[name])]));
}

/** Requests per second with `concurrency` callers running `once` back to back for `seconds`. */
export async function throughput(once, { concurrency, seconds }) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await once();
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return round(done / ((performance.now() - started) / 1000), 1);
}
