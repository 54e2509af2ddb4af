/**
 * The benchmark's HTTP caller: Node's own client on keep-alive connections, the same for every
 * server (contenders.mjs, and load-client.mjs for the throughput runs). `fetch` (undici) spent
 * more CPU per call than a small read's server side, and its share blurred the servers'
 * difference.
 */
import { Agent, request } from 'node:http';

export function httpCaller(maxSockets = 16) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  /** POST `body` (a string or Buffer); answers the status and the parsed JSON body. */
  const post = (url, headers, body) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const payload = typeof body === 'string' ? Buffer.from(body) : body;
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
            try {
              resolve({ status: response.statusCode, text, json: JSON.parse(text) });
            } catch {
              reject(new Error(`HTTP ${response.statusCode}, not JSON: ${text.slice(0, 300)}`));
            }
          });
          response.on('error', reject);
        },
      );
      call.on('error', reject);
      call.end(payload);
    });
  return { post, close: () => agent.destroy() };
}
