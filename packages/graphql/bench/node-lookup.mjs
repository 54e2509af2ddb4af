/**
 * What looking one record up by its global id costs, against looking the same record up by its
 * code. Run after a build:
 *
 *   node packages/graphql/bench/node-lookup.mjs [repetitions]
 *
 * One district (embedded PGlite, in memory) behind one gateway, a district administrator's token
 * (no jurisdiction check before the lookup), every request through `yoga.fetch`. The same
 * community with the same selection (name, code, its subdistrict's name), asked three ways:
 * - by code     `community(code:)`, a drizzle field: the selection is planned and loaded in the
 *               resolver, one statement (the floor);
 * - node(id)    `node(id:)`;
 * - _entities   the Apollo Federation subgraph's entity lookup at `/subgraph`.
 * Beyond its statements, what a lookup can add over the floor is waiting: @pothos/plugin-drizzle
 * batches the loads it has to make itself (a row it did not load) behind `setTimeout(0)`, which
 * Node runs no sooner than 1 ms later. The difference from the floor shows whether a lookup pays
 * it. Each answer is checked against the floor's first.
 */
import { performance } from 'node:perf_hooks';
import { createGateway, createLocalDistrictSource, signHs256Token } from '../dist/index.js';
import { districtCode, openDemoDistrict } from './support/demo-district.mjs';

const repetitions = Number(process.argv[2] ?? 500);
const auth = { secret: 'bench-secret-of-at-least-thirty-two-bytes', issuer: 'bench', audience: 'sanshe' };

const database = await openDemoDistrict({ subdistricts: 2, communitiesPerSubdistrict: 10 });
const gateway = createGateway({
  districts: [createLocalDistrictSource(database)],
  auth,
  logging: false,
  subgraph: true,
});
const token = await signHs256Token(
  auth,
  { sub: 'bench', role: 'DISTRICT_ADMIN', district: districtCode },
  '1h',
);

async function post(path, query, variables) {
  const response = await gateway.yoga.fetch(`http://bench${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const selection = 'name code subdistrict { name }';
const { communities } = await post('/graphql', '{ communities(first: 1) { nodes { id code } } }');
const { id, code } = communities.nodes[0];
if (!id.startsWith('Q29tbXVuaXR5')) throw new Error(`not a community id: ${id}`);
const expected = await post('/graphql', `query($code: String!) { community(code: $code) { ${selection} } }`, {
  code,
});

const contenders = {
  'by code': async () =>
    (await post('/graphql', `query($code: String!) { community(code: $code) { ${selection} } }`, { code }))
      .community,
  'node(id)': async () =>
    (
      await post('/graphql', `query($id: ID!) { node(id: $id) { ... on Community { ${selection} } } }`, {
        id,
      })
    ).node,
  _entities: async () =>
    (
      await post(
        '/subgraph',
        `query($refs: [_Any!]!) { _entities(representations: $refs) { ... on Community { ${selection} } } }`,
        { refs: [{ __typename: 'Community', id }] },
      )
    )._entities[0],
};

// Every contender must give the floor's answer; one that cannot run here is left out, said so.
for (const [name, run] of Object.entries(contenders)) {
  try {
    const answer = await run();
    if (JSON.stringify(answer) !== JSON.stringify(expected.community)) {
      throw new Error(`answered ${JSON.stringify(answer)}, not ${JSON.stringify(expected.community)}`);
    }
  } catch (error) {
    console.log(`${name}: left out (${error instanceof Error ? error.message.slice(0, 200) : error})`);
    delete contenders[name];
  }
}

const quantile = (values, q) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const { 'by code': floor, ...lookups } = contenders;
console.log(`one community (${selection}), ${repetitions} lookups each`);
console.log(
  'contender     p10 ms   p50 ms   p90 ms   ratio to by code (p10, p50)   minus by code, ms (p10, p50)',
);
const row = (name, values, floors) => {
  const [p10, p50, p90] = [0.1, 0.5, 0.9].map((q) => quantile(values, q));
  const ratios = `${(p10 / floors[0]).toFixed(2)}, ${(p50 / floors[1]).toFixed(2)}`;
  const added = `${(p10 - floors[0]).toFixed(3)}, ${(p50 - floors[1]).toFixed(3)}`;
  console.log(
    `${name.padEnd(12)} ${[p10, p50, p90].map((v) => v.toFixed(3).padStart(7)).join('  ')}   ${ratios.padStart(27)}   ${added.padStart(28)}`,
  );
};
// Each lookup against its own run of the floor, interleaved request by request, so that drift
// (GC, JIT, other processes) hits both alike and one lookup's leftovers never land on another's.
// p10 as well as p50: on a busy machine a request is often descheduled, which only lengthens it;
// a timer's wait is a floor that shows in the fastest runs as much as in the middle ones.
for (const [name, run] of Object.entries(lookups)) {
  const samples = { floor: [], lookup: [] };
  for (let i = 0; i < 50; i++) {
    await floor(); // warm-up
    await run();
  }
  for (let i = 0; i < repetitions; i++) {
    for (const [which, contender] of [
      ['floor', floor],
      ['lookup', run],
    ]) {
      const start = performance.now();
      await contender();
      samples[which].push(performance.now() - start);
    }
  }
  const floors = [quantile(samples.floor, 0.1), quantile(samples.floor, 0.5)];
  row('by code', samples.floor, floors);
  row(name, samples.lookup, floors);
}
await gateway.close();
