/**
 * Where the CPU of a deep nested read goes, by function, with the share of drizzle-orm's
 * entity-kind check `is()` called out (query building calls it for every column, table and SQL
 * chunk it meets). Run after a build:
 *
 *   node packages/graphql/bench/query-building-profile.mjs [runs]
 *
 * One district (embedded PGlite, in memory, so the database's own work runs in this thread too)
 * and the district schema executed in-process, as a gateway serving one local district does. The
 * bench's "deep nested" read (bench/src/queries.mjs): a subdistrict → 10 communities → 5
 * organizations each → 3 posts each → worker, one SQL statement. V8's sampling profiler runs
 * through the timed runs only; the shares are of the samples taken while they ran.
 */
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { parse } from 'graphql';
import { createLocalDistrictSource, principalFromClaims } from '../dist/index.js';
import { districtCode, openDemoDistrict } from './support/demo-district.mjs';

const runs = Number(process.argv[2] ?? 1000);
const database = await openDemoDistrict({ subdistricts: 2, communitiesPerSubdistrict: 12 });
const source = createLocalDistrictSource(database);
const principal = principalFromClaims({ sub: 'bench', role: 'DISTRICT_ADMIN', district: districtCode });
const document =
  parse(`query($code: String!) { subdistrict(code: $code) { name communities(first: 10) { nodes { code name
  socialOrganizations(first: 5) { nodes { name posts(first: 3) { nodes { title worker { name } } } } } } } } }`);
const variables = { code: `${districtCode}001` };
const run = async () => {
  const result = await source.subschema.executor({ document, variables, context: { principal } });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result;
};
const answer = (await run()).data.subdistrict;
const organizations = answer.communities.nodes.flatMap((community) => community.socialOrganizations.nodes);
if (answer.communities.nodes.length < 10 || organizations.length === 0) {
  throw new Error('the demo district is too small for the deep nested read');
}
for (let i = 0; i < 100; i++) await run(); // warm-up

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const started = performance.now();
for (let i = 0; i < runs; i++) await run();
const elapsed = performance.now() - started;
const { profile } = await session.post('Profiler.stop');
session.disconnect();

// Self time per function: samples whose leaf is the node.
const hits = new Map(profile.nodes.map((node) => [node.id, 0]));
for (const id of profile.samples) hits.set(id, hits.get(id) + 1);
const total = profile.samples.length;
const byFunction = new Map();
const byPlace = new Map();
const placeOf = (url) => {
  if (!url) return '(native, GC, idle)';
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('wasm:')) return 'PGlite (WebAssembly)';
  if (url.startsWith('node:')) return 'node';
  return /\/packages\/(core|graphql)\//.test(url) ? 'sanshe' : url;
};
for (const node of profile.nodes) {
  const count = hits.get(node.id);
  if (!count) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const place = placeOf(url);
  const key = `${functionName || '(anonymous)'}  ${place}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + count);
  byPlace.set(place, (byPlace.get(place) ?? 0) + count);
}
const share = (count) => `${((100 * count) / total).toFixed(1).padStart(5)} %`;
const isCheck = [...byFunction].filter(([key]) => /^(is|isUncached) {2}drizzle-orm:/.test(key));

console.log(`deep nested read: ${runs} runs, ${(elapsed / runs).toFixed(3)} ms each, ${total} CPU samples`);
console.log('\nself time by package');
for (const [place, count] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`${share(count)}  ${place}`);
}
console.log('\nself time by function (top 15)');
for (const [key, count] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`${share(count)}  ${key}`);
}
// Who calls is(): the frame above it, and the first frame above that outside drizzle-orm.
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
const frame = (node) =>
  node
    ? `${node.callFrame.functionName || '(anonymous)'} (${placeOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1})`
    : '(root)';
const isCallers = new Map();
for (const node of profile.nodes) {
  if (!/^(is|isUncached)$/.test(node.callFrame.functionName) || placeOf(node.callFrame.url) !== 'drizzle-orm')
    continue;
  const caller = parentOf.get(node.id);
  // The first frame outside drizzle-orm: the code that asked drizzle to build or map.
  let outside = caller;
  while (outside && placeOf(outside.callFrame.url) === 'drizzle-orm') outside = parentOf.get(outside.id);
  const key = `${frame(caller)}, from ${frame(outside)}`;
  isCallers.set(key, (isCallers.get(key) ?? 0) + hits.get(node.id));
}
console.log('\nis() self time by caller (top 10)');
for (const [key, count] of [...isCallers].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  console.log(`${share(count)}  ${key}`);
}
const isSamples = isCheck.reduce((sum, [, count]) => sum + count, 0);
// PGlite runs the statement in this thread; a server on PostgreSQL spends only the rest here.
const gatewaySamples =
  total -
  (byPlace.get('PGlite (WebAssembly)') ?? 0) -
  (byPlace.get('@electric-sql/pglite') ?? 0) -
  (byPlace.get('(native, GC, idle)') ?? 0);
console.log(
  `\ndrizzle-orm is(): ${share(isSamples)} of the samples, ${((100 * isSamples) / gatewaySamples).toFixed(1)} % of those outside PGlite, GC and idle (${isCheck.map(([key]) => key).join(', ') || 'not sampled'})`,
);
await source.close();
