/**
 * HTTP throughput as a server is measured: the callers run in a process of their own
 * (load-client.mjs, Node's own keep-alive HTTP client), not in the server's process, so the
 * figure is the server's, not the server's plus its callers'. Callers inside the server's
 * process (fetch) used more CPU than a small read's server side, on the same thread, and hid
 * most of the difference between servers.
 */
import { spawn } from 'node:child_process';
import { round } from './stats.mjs';

const client = new URL('./load-client.mjs', import.meta.url).pathname;

/**
 * Requests per second `concurrency` callers get from `url`, sending `bodies` in turn (one per set
 * of records) for `seconds`.
 */
export async function httpThroughput({ url, headers, bodies }, { concurrency, seconds }) {
  const child = spawn(process.execPath, [client], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`load client exited with ${code}`)),
    );
  });
  child.stdin.end(JSON.stringify({ url, headers, bodies, concurrency, seconds }));
  await exited;
  const { answered, seconds: elapsed } = JSON.parse(output);
  return round(answered / elapsed, 1);
}
