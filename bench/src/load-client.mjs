/**
 * The callers of an HTTP throughput run, in a process of their own (load-generator.mjs starts
 * it): `concurrency` callers, each on its own keep-alive connection, send the request bodies in
 * turn for `seconds` and count the answers. Every answer must be 200 with no GraphQL `errors`, so
 * a server answering errors fast cannot look fast.
 *
 * Reads one JSON line on stdin: { url, headers, bodies, concurrency, seconds }; writes one:
 * { answered, seconds }.
 */
import { Agent, request } from 'node:http';

const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    text += chunk;
  });
  process.stdin.on('end', () => resolve(JSON.parse(text)));
});
const { url, headers, bodies, concurrency, seconds } = input;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const payloads = bodies.map((body) => Buffer.from(body));

function ask(payload) {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': payload.length },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const answer = JSON.parse(text);
          if (response.statusCode !== 200 || answer.errors) {
            reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
          } else resolve();
        });
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

let answered = 0;
let next = 0;
const started = performance.now();
const until = started + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      await ask(payloads[next++ % payloads.length]);
      answered += 1;
    }
  }),
);
process.stdout.write(`${JSON.stringify({ answered, seconds: (performance.now() - started) / 1000 })}\n`);
agent.destroy();
