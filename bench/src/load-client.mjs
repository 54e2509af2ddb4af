/**
 * The callers of an HTTP throughput run, in a process of their own (load-generator.mjs starts
 * it): `concurrency` callers, each on its own keep-alive connection, send the request bodies in
 * turn for `seconds` and count the answers. Every answer must be 200 with no GraphQL `errors`, so
 * a server answering errors fast cannot look fast.
 *
 * Reads one JSON line on stdin: { url, headers, bodies, concurrency, seconds }; writes one:
 * { answered, seconds }.
 */
import { httpCaller } from './http-client.mjs';

const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    text += chunk;
  });
  process.stdin.on('end', () => resolve(JSON.parse(text)));
});
const { url, headers, bodies, concurrency, seconds } = input;
const caller = httpCaller(concurrency);
const payloads = bodies.map((body) => Buffer.from(body));

async function ask(payload) {
  const { status, text, json } = await caller.post(url, headers, payload);
  if (status !== 200 || json.errors) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
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
caller.close();
