/**
 * A city over three district gateways, each its own process with its own database, on loopback
 * HTTP: how much slower is the city's fan-out than its slowest district answering alone, and how
 * many HTTP requests reach the districts per city query? Side by side in one run. Run after a
 * build:
 *
 *   node packages/graphql/bench/federation.mjs [repetitions]
 *
 * Every district is reached through a counting pass-through proxy, by the city and by the direct
 * measurements alike, so both paths pay the same hop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { signHs256Token } from '../dist/index.js';

const repetitions = Number(process.argv[2] ?? 100);
const bin = fileURLToPath(new URL('../bin/sanshe.js', import.meta.url));
const auth = { secret: 'bench-user-secret-of-at-least-32-bytes', issuer: 'bench', audience: 'sanshe' };
const env = {
  ...process.env,
  DATABASE_URL: '',
  SANSHE_JWT_SECRET: auth.secret,
  SANSHE_JWT_ISSUER: auth.issuer,
  SANSHE_JWT_AUDIENCE: auth.audience,
  SANSHE_SERVICE_TOKEN_SECRET: 'bench-service-secret-of-at-least-32-bytes',
};
const codes = ['320505', '320506', '320508'];
const queries = {
  'nested page': `{ socialOrganizations(first: 20) { nodes { name community { code name }
      posts(first: 5) { nodes { title worker { name residentIdMasked } } } } } }`,
  'list + count': '{ communities(first: 50) { totalCount nodes { code name } } }',
};
const dir = mkdtempSync(join(tmpdir(), 'sanshe-bench-federation-'));
const children = [];

function serve(file) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--districts', file], { env });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /GraphiQL:\s+(\S+)\/graphql/.exec(output);
      if (match && /started in/.test(output)) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sanshe exited with ${code}:\n${output}`)));
  });
}

let districtRequests = 0;
function countingProxy(target) {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    districtRequests++;
    const forwarded = httpRequest(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }),
    ),
  );
}

try {
  const districtOrigins = await Promise.all(
    codes.map((code) => {
      const file = join(dir, `${code}.json`);
      writeFileSync(
        file,
        JSON.stringify({ districts: [{ code, local: { dataDir: `data/${code}` }, demo: true }] }),
      );
      return serve(file);
    }),
  );
  const proxies = await Promise.all(districtOrigins.map(countingProxy));
  const cityFile = join(dir, 'city.json');
  writeFileSync(
    cityFile,
    JSON.stringify({ districts: codes.map((code, i) => ({ code, remote: { url: proxies[i].origin } })) }),
  );
  const cityOrigin = await serve(cityFile);
  const token = await signHs256Token(auth, { sub: 'bench', role: 'CITY_ADMIN' }, '1h');
  const ask = async (origin, query) => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body;
  };
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  console.log(
    `city over ${codes.length} district processes (loopback HTTP), ${repetitions} repetitions each`,
  );
  console.log('query          city p50    slowest district p50   ratio   HTTP requests per city query');
  for (const [label, query] of Object.entries(queries)) {
    // The districts answer directly on their own /graphql, through the same proxies.
    const targets = [cityOrigin, ...proxies.map((p) => p.origin)];
    const samples = targets.map(() => []);
    for (let i = 0; i < 10; i++) for (const origin of targets) await ask(origin, query);
    let cityRequests = 0;
    for (let i = 0; i < repetitions; i++) {
      for (const [t, origin] of targets.entries()) {
        const before = districtRequests;
        const start = performance.now();
        await ask(origin, query);
        samples[t].push(performance.now() - start);
        if (t === 0) cityRequests += districtRequests - before;
      }
    }
    const city = median(samples[0]);
    const slowest = Math.max(...samples.slice(1).map(median));
    console.log(
      `${label.padEnd(14)} ${city.toFixed(2).padStart(7)} ms  ${slowest.toFixed(2).padStart(10)} ms          ${(city / slowest).toFixed(2).padStart(5)}   ${(cityRequests / repetitions).toFixed(1)}`,
    );
  }
  for (const proxy of proxies) proxy.server.close();
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
