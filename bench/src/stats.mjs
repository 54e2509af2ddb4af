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

/** Run `once` after `warmup` unmeasured runs, `repetitions` times, one at a time. */
export async function timeSequential(once, { warmup, repetitions }) {
  for (let i = 0; i < warmup; i++) await once();
  const samples = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
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
