/**
 * Where one query's time goes in the sanshe gateway (in-process): runs it back to back, and
 * under `pnpm --filter @sanshe/bench run profile -- --query "deep nested" --scale 10k --runs 2000`
 * (`--http` to go through loopback HTTP)
 * writes a V8 CPU profile to bench/results/profiles (open it in Chrome's DevTools, Performance
 * tab). Uses the bench's district database of that scale, generating it if it is missing.
 */
import pg from 'pg';
import { sansheContenders } from './contenders.mjs';
import { benchDistricts, ensureDistrictDatabase } from './datasets.mjs';
import { pickFixture, queries } from './queries.mjs';
import { scriptArguments } from './script-arguments.mjs';

const values = scriptArguments({
  query: { type: 'string', default: 'community page' },
  scale: { type: 'string', default: '10k' },
  runs: { type: 'string', default: '2000' },
  // Through loopback HTTP (listen(), as `sanshe serve`) instead of yoga.fetch: the client's
  // fetch runs in the same process and shows in the profile too.
  http: { type: 'boolean', default: false },
});
const sizes = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
const serverUrl = process.env.SANSHE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dataset = await ensureDistrictDatabase(serverUrl, benchDistricts[0], values.scale, sizes[values.scale]);
const client = new pg.Client({ connectionString: dataset.url });
await client.connect();
const fixture = await pickFixture(client, dataset.districtCode);
await client.end();
const query = queries.find((q) => q.name === values.query);
if (!query) throw new Error(`no query named ${values.query}`);
const contenders = await sansheContenders(dataset);
const timed = contenders.find(
  (contender) => contender.name === (values.http ? 'sanshe (HTTP)' : 'sanshe (in-process)'),
);
for (let i = 0; i < 100; i++) await timed.run(query, fixture);
const runs = Number(values.runs);
const started = performance.now();
for (let i = 0; i < runs; i++) await timed.run(query, fixture);
const ms = performance.now() - started;
console.log(`${query.name} (${timed.name}): ${runs} runs, ${(ms / runs).toFixed(3)} ms each`);
for (const contender of contenders) await contender.close();
process.exit(0);
