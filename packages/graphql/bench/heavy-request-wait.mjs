/**
 * How long a small query waits while the heaviest request an anonymous (PUBLIC) caller may send
 * is running, before and after the row budget learned to see through fragments (issue 15,
 * item 5). Run after a build:
 *
 *   node packages/graphql/bench/heavy-request-wait.mjs [--seconds 20] [--parallel 4] [--idle 200]
 *
 * A child process serves the demo city (embedded PGlite, in memory, as `npm start` does) twice,
 * over HTTP on loopback, from the same databases:
 * - before: the row budget switched off (`maxRows` unbounded), which is what the budget was for a
 *   read written with fragments: it recognised a connection only when `edges` or `nodes` were its
 *   direct children, so a page spread in through a fragment counted as one row;
 * - after:  the gateway as it is now (10,000 rows, counted against the schema).
 * This process is the client: for `--seconds`, `--parallel` callers send the heavy request back to
 * back while one more caller sends a small query one after the other; the small query's latency
 * (p50, p95, max) is what a normal user waits. The heavy request is, before, the fragment read
 * the attack used (every community's district hierarchy, pages of 100); after, the heaviest of
 * several reads that pass the budget (measured alone, the slowest is taken). Also printed: the
 * small query alone (idle), while the attack is sent again and refused (after), and the heavy
 * requests' own durations and sizes.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '20' },
    parallel: { type: 'string', default: '4' },
    idle: { type: 'string', default: '200' },
  },
});

if (options.serve) {
  // The server: the demo city behind two gateways, origins on stdout, until stdin closes.
  const { createTestDistrictDatabase } = await import('@sanshe/core/testing');
  const { createGateway, listen, openDemoCity } = await import('../dist/index.js');
  const city = await openDemoCity({
    openDatabase: (districtCode) => createTestDistrictDatabase({ districtCode }),
  });
  const keepOpen = city.sources.map((source) => ({ ...source, close: async () => {} }));
  const before = await listen(
    createGateway({ districts: keepOpen, logging: false, limits: { maxRows: Number.MAX_SAFE_INTEGER } }),
    { port: 0 },
  );
  const after = await listen(createGateway({ districts: keepOpen, logging: false }), { port: 0 });
  process.stdout.write(`${JSON.stringify({ before: before.origin, after: after.origin })}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await before.close();
    await after.close();
    await Promise.all(city.sources.map((source) => source.close()));
    process.exit(0);
  });
} else {
  await main();
}

async function main() {
  const seconds = Number(options.seconds);
  const parallel = Number(options.parallel);
  const idleRuns = Number(options.idle);

  const server = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const origins = await new Promise((resolve, reject) => {
    let buffered = '';
    server.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n')) resolve(JSON.parse(line));
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });

  const small = '{ communities(first: 5, filter: { parentCode: "320505001" }) { nodes { code name } } }';
  const fragments = `
    fragment Community on Community { code name subdistrict { district { subdistricts(first: 100) { ...Subdistricts } } } }
    fragment Subdistricts on DistrictSubdistrictsConnection { nodes { code name communities(first: 100) { ...Communities } } }
    fragment Communities on SubdistrictCommunitiesConnection { nodes { code name grids(first: 100) { ...Grids } } }
    fragment Grids on CommunityGridsConnection { nodes { code name } }`;
  const attack = `{ communities(first: 100) { nodes { ...Community } } } ${fragments}`;
  // Reads that pass the budget (rows as counted now, at most 10,000).
  const passing = {
    'communities × grids (10,000 rows)':
      '{ communities(first: 100) { nodes { code name grids(first: 99) { nodes { code name } } } } }',
    'the whole hierarchy three times (9,288 rows)': `{ ${[0, 1, 2]
      .map(
        (i) =>
          `h${i}: subdistricts(first: 24) { nodes { code name communities(first: 16) { nodes { code name grids(first: 7) { nodes { code name } } } } } }`,
      )
      .join(' ')} }`,
    'up and down the hierarchy (9,710 rows)':
      '{ communities(first: 10) { nodes { code subdistrict { district { subdistricts(first: 10) { nodes { code communities(first: 16) { nodes { code name grids(first: 5) { nodes { code name community { name } } } } } } } } } } } }',
    'fifteen aliased grid pages (1,500 rows)': `{ ${Array.from(
      { length: 15 },
      (_, i) =>
        `g${i}: grids(first: 100, filter: { parentCode: "${['320505', '320506', '320508'][i % 3]}" }) { nodes { code name community { name } } }`,
    ).join(' ')} }`,
  };

  /** One PUBLIC request: its duration, size and error codes. */
  async function send(origin, query) {
    const started = performance.now();
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query }),
    });
    const bytes = (await response.arrayBuffer()).byteLength;
    return { ms: performance.now() - started, bytes, status: response.status };
  }
  async function codes(origin, query) {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = await response.json();
    return (body.errors ?? []).map((e) => e.extensions?.code);
  }
  const quantile = (values, q) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  };
  const summary = (values) =>
    `p50 ${quantile(values, 0.5).toFixed(1)} ms, p95 ${quantile(values, 0.95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n = ${values.length})`;

  /** `parallel` callers repeat `heavy` for `seconds` while one caller repeats the small query. */
  async function underLoad(origin, heavy) {
    const until = performance.now() + seconds * 1000;
    const heavyRuns = [];
    const probes = [];
    const worker = async () => {
      while (performance.now() < until) heavyRuns.push(await send(origin, heavy));
    };
    const probe = async () => {
      // Let the heavy requests start first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      while (performance.now() < until) probes.push((await send(origin, small)).ms);
    };
    await Promise.all([...Array.from({ length: parallel }, worker), probe()]);
    return { heavyRuns, probes };
  }

  // Checks: the attack passes the blind budget and is refused now; the small query is answered.
  const refusedNow = await codes(origins.after, attack);
  if (!refusedNow.includes('QUERY_TOO_COSTLY')) throw new Error(`the attack is not refused: ${refusedNow}`);
  if ((await codes(origins.before, attack)).length) throw new Error('the attack fails before the fix');
  for (const query of [small, ...Object.values(passing)]) {
    const refused = await codes(origins.after, query);
    if (refused.length) throw new Error(`refused now (${refused}): ${query.slice(0, 80)}`);
  }

  for (let i = 0; i < 20; i++) await send(origins.after, small);
  const idle = [];
  for (let i = 0; i < idleRuns; i++) idle.push((await send(origins.after, small)).ms);

  // The heaviest passing read, measured alone.
  const alone = [];
  for (const [name, query] of Object.entries(passing)) {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await send(origins.after, query));
    alone.push({
      name,
      query,
      ms: quantile(
        runs.map((r) => r.ms),
        0.5,
      ),
      bytes: runs[0].bytes,
    });
  }
  alone.sort((a, b) => b.ms - a.ms);
  const heaviest = alone[0];
  const attackAlone = await send(origins.before, attack);

  const before = await underLoad(origins.before, attack);
  const after = await underLoad(origins.after, heaviest.query);
  const refused = await underLoad(origins.after, attack);

  const heavyLine = ({ heavyRuns }) =>
    `${heavyRuns.length} done, each ${summary(heavyRuns.map((r) => r.ms))}, ${(heavyRuns[0]?.bytes / 1e6).toFixed(2)} MB`;
  console.log(
    `small query: ${small}\nserver: demo city on PGlite (in memory), a child process; client: this one, HTTP on loopback`,
  );
  console.log(`\nreads that pass the budget, alone (median of 5):`);
  for (const { name, ms, bytes } of alone)
    console.log(`  ${name}: ${ms.toFixed(1)} ms, ${(bytes / 1e3).toFixed(0)} kB`);
  console.log(
    `the attack (fragments, pages of 100), alone: ${attackAlone.ms.toFixed(0)} ms, ${(attackAlone.bytes / 1e6).toFixed(2)} MB`,
  );
  console.log(`\nsmall query, idle:                                  ${summary(idle)}`);
  console.log(
    `small query, ${parallel} × the attack running (before):       ${summary(before.probes)}\n  the attack: ${heavyLine(before)}`,
  );
  console.log(
    `small query, ${parallel} × "${heaviest.name}" running (after): ${summary(after.probes)}\n  the heaviest passing read: ${heavyLine(after)}`,
  );
  console.log(
    `small query, ${parallel} × the attack sent again (after, refused): ${summary(refused.probes)}\n  the attack: ${refused.heavyRuns.length} refused, each ${summary(refused.heavyRuns.map((r) => r.ms))}`,
  );
  server.stdin.end();
  await new Promise((resolve) => server.once('exit', resolve));
}
