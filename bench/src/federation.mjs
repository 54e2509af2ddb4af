/**
 * A city over district gateways, each its own `sanshe serve` process over its own PostgreSQL
 * database, on loopback HTTP: the city's fan-out latency against its slowest district answering
 * alone (the same query, the same run), the HTTP requests one city query sends to the districts,
 * and the processes' resident memory at idle and under load.
 *
 * Every district is reached through a counting pass-through proxy, by the city and by the direct
 * measurements alike, so both paths pay the same hop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signHs256Token } from '@sanshe/graphql';
import { summarize, throughput } from './stats.mjs';

const bin = createRequire(import.meta.url)
  .resolve('@sanshe/graphql/package.json')
  .replace(/package\.json$/, 'bin/sanshe.js');
const auth = { secret: 'bench-user-secret-of-at-least-32-bytes', issuer: 'bench', audience: 'sanshe' };
const env = {
  ...process.env,
  DATABASE_URL: '',
  SANSHE_JWT_SECRET: auth.secret,
  SANSHE_JWT_ISSUER: auth.issuer,
  SANSHE_JWT_AUDIENCE: auth.audience,
  SANSHE_SERVICE_TOKEN_SECRET: 'bench-service-secret-of-at-least-32-bytes',
};

export const federationQueries = {
  'nested page': `{ socialOrganizations(first: 20) { nodes { name community { code name }
      posts(first: 5) { nodes { title worker { name residentIdMasked } } } } } }`,
  'list + count': '{ communities(first: 50) { totalCount nodes { code name } } }',
  'city indicators': '{ cityIndicators { key numerator denominator value } }',
};

function serve(file, children) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--districts', file], { env });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /GraphiQL:\s+(\S+)\/graphql/.exec(output);
      if (match && /started in/.test(output)) resolve({ origin: match[1], pid: child.pid });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sanshe exited with ${code}:\n${output}`)));
  });
}

/** A process's resident set now (VmRSS) or at its peak so far (VmHWM), in MB (Linux). */
function residentMb(pid, field = 'VmRSS') {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]) / 1024);
}

/**
 * The CPU time a process has used so far, user and system, in ms (Linux: /proc/<pid>/stat, fields
 * 14 and 15, in clock ticks of 10 ms).
 */
function cpuMs(pid) {
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function countingProxy(target, counter) {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    counter.requests += 1;
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

/**
 * @param {{ code: string, url: string }[]} districts  each district's PostgreSQL database
 * @returns the figures per query, and memory
 */
export async function runFederation(districts, { repetitions, warmup, seconds, concurrency }) {
  const dir = mkdtempSync(join(tmpdir(), 'sanshe-bench-federation-'));
  const children = [];
  const counter = { requests: 0 };
  try {
    const districtServers = await Promise.all(
      districts.map(({ code, url }) => {
        const file = join(dir, `${code}.json`);
        writeFileSync(file, JSON.stringify({ districts: [{ code, local: { databaseUrl: url } }] }));
        return serve(file, children);
      }),
    );
    const proxies = await Promise.all(districtServers.map((server) => countingProxy(server.origin, counter)));
    const cityFile = join(dir, 'city.json');
    writeFileSync(
      cityFile,
      JSON.stringify({
        districts: districts.map(({ code }, i) => ({ code, remote: { url: proxies[i].origin } })),
      }),
    );
    const city = await serve(cityFile, children);
    const token = await signHs256Token(auth, { sub: 'bench', role: 'CITY_ADMIN' }, '1h');
    const ask = async (origin, query) => {
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = await response.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
      return body;
    };
    const memory = { cityIdleMb: residentMb(city.pid), districtIdleMb: residentMb(districtServers[0].pid) };
    const rows = [];
    for (const [name, query] of Object.entries(federationQueries)) {
      const targets = [city.origin, ...proxies.map((p) => p.origin)];
      const samples = targets.map(() => []);
      for (let i = 0; i < warmup; i++) for (const origin of targets) await ask(origin, query);
      let cityRequests = 0;
      // Only the city's own requests run in the city process, so its CPU time over the loop is
      // theirs: merging, delegating, parsing, its HTTP.
      const cityCpuBefore = cpuMs(city.pid);
      for (let i = 0; i < repetitions; i++) {
        for (const [t, origin] of targets.entries()) {
          const before = counter.requests;
          const started = performance.now();
          await ask(origin, query);
          samples[t].push(performance.now() - started);
          if (t === 0) cityRequests += counter.requests - before;
        }
      }
      const cityCpuMsPerQuery = Math.round(((cpuMs(city.pid) - cityCpuBefore) / repetitions) * 100) / 100;
      const cityLatency = summarize(samples[0]);
      const districtLatencies = samples.slice(1).map(summarize);
      const slowest = districtLatencies.reduce((a, b) => (b.p50 > a.p50 ? b : a));
      const rps = await throughput(() => ask(city.origin, query), { concurrency, seconds });
      rows.push({
        query: name,
        city: cityLatency,
        slowestDistrict: slowest,
        ratio: Math.round((cityLatency.p50 / slowest.p50) * 100) / 100,
        requestsPerCityQuery: cityRequests / repetitions,
        cityCpuMsPerQuery,
        cityCpuShare: Math.round((cityCpuMsPerQuery / cityLatency.p50) * 100) / 100,
        cityThroughput: rps,
      });
      console.log(
        `  ${name.padEnd(16)} city p50 ${cityLatency.p50} ms, slowest district p50 ${slowest.p50} ms, ratio ${rows.at(-1).ratio}, ${rows.at(-1).requestsPerCityQuery} requests per city query, city CPU ${cityCpuMsPerQuery} ms per query (${Math.round(rows.at(-1).cityCpuShare * 100)} % of its p50), ${rps} req/s`,
      );
    }
    // The peak resident set over the runs above, the throughput runs included.
    memory.cityPeakMb = residentMb(city.pid, 'VmHWM');
    memory.districtPeakMb = residentMb(districtServers[0].pid, 'VmHWM');
    for (const proxy of proxies) proxy.server.close();
    return { districts: districts.length, queries: rows, memory };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
