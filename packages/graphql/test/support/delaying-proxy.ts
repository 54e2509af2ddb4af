import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy in front of a district gateway: it counts the requests that pass and can hold
 * each one back, to make a district slow without touching it.
 */
export interface DelayingProxy {
  origin: string;
  /** Requests forwarded so far. */
  requests: number;
  /** Milliseconds each request is held before it is forwarded. */
  delayMs: number;
  close(): Promise<void>;
}

/** Requests in flight across the proxies that share it, and the most seen at once. */
export interface InFlightGauge {
  current: number;
  max: number;
}

export async function startDelayingProxy(target: string, gauge?: InFlightGauge): Promise<DelayingProxy> {
  const upstream = new URL(target);
  const proxy: DelayingProxy = { origin: '', requests: 0, delayMs: 0, close: async () => {} };
  const server: Server = createServer((incoming, outgoing) => {
    proxy.requests += 1;
    if (gauge) {
      gauge.current += 1;
      gauge.max = Math.max(gauge.max, gauge.current);
      outgoing.once('close', () => {
        gauge.current -= 1;
      });
    }
    setTimeout(() => {
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
      forwarded.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end();
      });
      incoming.pipe(forwarded);
    }, proxy.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
