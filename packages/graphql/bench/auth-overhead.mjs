/**
 * What authentication, authorization and masking add to a nested query, measured side by side
 * in one run on the demo city (embedded PGlite, in memory). Run after a build:
 *
 *   node packages/graphql/bench/auth-overhead.mjs [repetitions]
 *
 * Contenders, all executing the same document on the same district database:
 * - embedding   the district schema with a caller that has no role: what a program embedding
 *               sanshe gets; no scope rule refuses, no jurisdiction narrows (the floor);
 * - city admin  the same with a CITY_ADMIN principal: scope-auth evaluated on every field, the
 *               jurisdiction rules consulted (they narrow nothing for this role);
 * - subdistrict the same with a SUBDISTRICT_STAFF principal: every level narrowed in SQL;
 * - jwt verify  jose verifying the caller's HS256 token, once per request (timed in its own loop:
 *               interleaved with database work it absorbs the work PGlite leaves pending);
 * - http        the whole gateway (yoga.fetch): token, CSRF, limits, row budget, delegation.
 * Masking costs nothing per row: the masked forms are stored columns, read like any other.
 */
import { performance } from 'node:perf_hooks';
import { createTestDistrictDatabase } from '@sanshe/core/testing';
import { parse } from 'graphql';
import {
  createGateway,
  createTokenVerifier,
  openDemoCity,
  principalFromClaims,
  signHs256Token,
} from '../dist/index.js';

const repetitions = Number(process.argv[2] ?? 200);
const auth = { secret: 'bench-secret-of-at-least-thirty-two-bytes', issuer: 'bench', audience: 'sanshe' };
const query = `{
  socialOrganizations(first: 20, filter: { districtCode: "320505" }) {
    nodes {
      name uscc
      community { code name }
      posts(first: 10) { nodes { title worker { name residentIdMasked mobilePhoneMasked certifiedLevel } } }
    }
  }
}`;
const districtQuery = parse(query.replace(', filter: { districtCode: "320505" }', ''));

const city = await openDemoCity({
  openDatabase: (districtCode) => createTestDistrictDatabase({ districtCode }),
});
const source = city.sources.find((s) => s.districtCode === '320505');
const gateway = createGateway({ districts: city.sources, auth, logging: false });
const token = await signHs256Token(auth, { sub: 'bench-admin', role: 'CITY_ADMIN' }, '1h');
const verify = createTokenVerifier(auth);

// The embedding caller: a principal without a role becomes an actor without one (full access).
const embedding = { ...principalFromClaims({ sub: 'bench', role: 'CITY_ADMIN' }), role: undefined };
const cityAdmin = principalFromClaims({ sub: 'bench-admin', role: 'CITY_ADMIN' });
const subdistrict = principalFromClaims({
  sub: 'bench-staff',
  role: 'SUBDISTRICT_STAFF',
  district: '320505',
  subdistrict: '320505001',
});

const execute = (principal) => async () => {
  const result = await source.subschema.executor({ document: districtQuery, context: { principal } });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result;
};
const contenders = {
  embedding: execute(embedding),
  'city admin': execute(cityAdmin),
  subdistrict: execute(subdistrict),
  http: async () => {
    const response = await gateway.yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body;
  },
};

// Same answer from the floor and the admin path before timing.
const [a, b] = [await contenders.embedding(), await contenders['city admin']()];
if (JSON.stringify(a.data) !== JSON.stringify(b.data))
  throw new Error('embedding and city admin answers differ');

const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let i = 0; i < 20; i++) for (const run of Object.values(contenders)) await run(); // warm-up
// Interleaved, so that drift (GC, JIT, caches) hits every contender alike.
for (let i = 0; i < repetitions; i++) {
  for (const [name, run] of Object.entries(contenders)) {
    const start = performance.now();
    await run();
    samples[name].push(performance.now() - start);
  }
}
samples['jwt verify'] = [];
for (let i = 0; i < repetitions * 5; i++) {
  const start = performance.now();
  await verify(token);
  samples['jwt verify'].push(performance.now() - start);
}
const quantile = (values, q) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (name) => quantile(samples[name], 0.5);
const floor = median('embedding');
console.log(
  `nested query (20 organizations → community, 10 posts → worker), ${repetitions} repetitions each`,
);
console.log('contender      p50 ms   p90 ms   ratio to embedding');
for (const name of Object.keys(samples)) {
  const p50 = median(name);
  console.log(
    `${name.padEnd(13)} ${p50.toFixed(3).padStart(7)}  ${quantile(samples[name], 0.9).toFixed(3).padStart(7)}   ${(p50 / floor).toFixed(3)}`,
  );
}
const authAdded = (median('city admin') + median('jwt verify')) / floor;
console.log(
  `auth + masking (city admin execution + token verification) / embedding: ${authAdded.toFixed(3)}`,
);
await gateway.close();
await Promise.all(city.sources.map((s) => s.close()));
