/**
 * `pnpm bench` (or `node bench/src/main.mjs`): the sanshe gateway against hand-written SQL and
 * PostGraphile on the same PostgreSQL data, side by side in one run. Prints a table, writes
 * results/latest.json and results/latest.md. See bench/README.md.
 *
 *   --scales 10k,100k,1m     district sizes (rows in all), default all three
 *   --repetitions 200        timed runs per query and contender (after 20 warm-up runs)
 *   --seconds 3              length of each throughput run
 *   --concurrency 8          callers in each throughput run (over HTTP, in a process of their own)
 *   --city-scale 100k        the size of each of the city's five districts
 *   --skip-federation        leave out the city of five district processes
 *   SANSHE_BENCH_PG          the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import {
  canonicalAnswer,
  coreContender,
  postgraphileContenders,
  sansheContenders,
  sqlContender,
} from './contenders.mjs';
import { benchDistricts, ensureDistrictDatabase } from './datasets.mjs';
import { runFederation } from './federation.mjs';
import { httpThroughput } from './load-generator.mjs';
import { pickFixtures, queries } from './queries.mjs';
import { markdownReport } from './report.mjs';
import { scriptArguments } from './script-arguments.mjs';
import { openStatementCounter } from './statements.mjs';
import { round, throughput, timeInTurns } from './stats.mjs';

const values = scriptArguments({
  scales: { type: 'string', default: '10k,100k,1m' },
  repetitions: { type: 'string', default: '200' },
  seconds: { type: 'string', default: '3' },
  concurrency: { type: 'string', default: '8' },
  'city-scale': { type: 'string', default: '100k' },
  'skip-federation': { type: 'boolean', default: false },
});
const sizes = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
const scales = values.scales.split(',').map((label) => {
  if (!sizes[label]) throw new Error(`--scales: ${label} is not one of ${Object.keys(sizes).join(', ')}`);
  return { label, rows: sizes[label] };
});
const repetitions = Number(values.repetitions);
const warmup = Math.min(20, repetitions);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const serverUrl = process.env.SANSHE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const results = {
  startedAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
  },
  settings: { repetitions, warmup, seconds, concurrency },
  scales: [],
};

for (const scale of scales) {
  console.log(`\n== district of ${scale.label} rows`);
  const dataset = await ensureDistrictDatabase(serverUrl, benchDistricts[0], scale.label, scale.rows);
  console.log(
    dataset.generation
      ? `generated ${dataset.rows} rows in ${dataset.generation.ms} ms (${dataset.generation.rowsPerSecond} rows/s)`
      : `reusing ${dataset.rows} rows`,
  );
  const client = new pg.Client({ connectionString: dataset.url });
  await client.connect();
  const fixtures = await pickFixtures(client, dataset.districtCode);
  await client.end();
  const counter = await openStatementCounter(dataset.url);
  const contenders = [
    await sqlContender(dataset),
    ...(await sansheContenders(dataset)),
    ...(await postgraphileContenders(dataset)),
    await coreContender(dataset),
  ];
  const scaleResult = {
    label: scale.label,
    rows: dataset.rows,
    generation: dataset.generation ?? null,
    queries: [],
  };
  for (const query of queries) {
    // The reference answer: the floor's, or for a query it has no statement for, the first
    // contender's that answers it.
    const answering = contenders.filter((contender) => query[contender.kind]);
    const reference = answering[0];
    const expected = [];
    for (const fixture of fixtures) {
      expected.push(canonicalAnswer(reference, query, await reference.run(query, fixture)));
    }
    // First every contender's answers are checked (one per set of records) and its statements
    // counted; then the equal ones are timed side by side, in turns; then each one's throughput
    // is measured. Every run asks about the next set of records.
    const rows = [];
    const timed = [];
    for (const contender of answering) {
      let next = 0;
      const once = () => contender.run(query, fixtures[next++ % fixtures.length]);
      let differs;
      for (const [i, fixture] of fixtures.entries()) {
        const answer = canonicalAnswer(contender, query, await contender.run(query, fixture));
        if (!isDeepStrictEqual(answer, expected[i])) differs = { answer, expected: expected[i] };
      }
      if (differs) {
        console.log(`  ${query.name} / ${contender.name}: ANSWER DIFFERS, not timed`);
        console.log(`    expected ${JSON.stringify(differs.expected).slice(0, 400)}`);
        console.log(`    got      ${JSON.stringify(differs.answer).slice(0, 400)}`);
        rows.push({ contender: contender.name, equal: false });
        continue;
      }
      const statements = await counter.perRequest(async () => {
        for (let i = 0; i < 20; i++) await once();
      }, 20);
      const row = { contender: contender.name, equal: true, statements };
      rows.push(row);
      timed.push({ row, once, contender });
    }
    const latencies = await timeInTurns(
      Object.fromEntries(timed.map(({ row, once }) => [row.contender, once])),
      { warmup, repetitions },
    );
    for (const { row, once } of timed) {
      row.latency = latencies[row.contender];
      // Over HTTP the callers run in a process of their own (load-generator.mjs).
      const { contender } = timed.find((entry) => entry.row === row);
      row.throughput = contender.http
        ? // Each set of records twice, so a rename alternates between two new names and every
          // call really changes its row (the bodies are made once, before the run).
          await httpThroughput(contender.http(query, [...fixtures, ...fixtures]), { concurrency, seconds })
        : await throughput(once, { concurrency, seconds });
      console.log(
        `  ${query.name.padEnd(18)} ${row.contender.padEnd(26)} p50 ${String(row.latency.p50).padStart(7)} ms  p99 ${String(row.latency.p99).padStart(7)} ms  ${String(row.throughput).padStart(7)} req/s  ${row.statements ?? 'n/a'} statements`,
      );
    }
    scaleResult.queries.push({ name: query.name, description: query.description, contenders: rows });
  }
  for (const contender of contenders) await contender.close();
  await counter.close();
  results.scales.push(scaleResult);
}

if (!values['skip-federation']) {
  const label = values['city-scale'];
  if (!sizes[label]) throw new Error(`--city-scale: ${label} is not one of ${Object.keys(sizes).join(', ')}`);
  console.log(
    `\n== a city of ${benchDistricts.length} district processes of ${label} rows each, and a city process`,
  );
  const districts = [];
  for (const district of benchDistricts) {
    const dataset = await ensureDistrictDatabase(serverUrl, district, label, sizes[label]);
    districts.push({ code: district.districtCode, url: dataset.url, rows: dataset.rows });
  }
  results.federation = {
    rowsPerDistrict: districts.map((d) => d.rows),
    ...(await runFederation(districts, {
      repetitions: Math.min(repetitions, 100),
      warmup: 10,
      seconds,
      concurrency,
    })),
  };
}

results.finishedAt = new Date().toISOString();
const outDir = new URL('../results/', import.meta.url);
mkdirSync(outDir, { recursive: true });
writeFileSync(new URL('latest.json', outDir), `${JSON.stringify(results, null, 2)}\n`);
const markdown = markdownReport(results);
writeFileSync(new URL('latest.md', outDir), markdown);
console.log(`\n${markdown}`);
