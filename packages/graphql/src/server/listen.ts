import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './create-gateway.js';

/** How a gateway stops serving (see {@link ListeningGateway.shutdown}). */
export interface ShutdownOptions {
  /**
   * How long to go on serving everything, new connections included, while `/ready` already
   * answers 503, so that load balancers and orchestrators notice and stop routing here before
   * the listener closes. Default 0 (the CLI uses {@link defaultShutdownGraceMs}).
   */
  graceMs?: number;
  /**
   * How long requests in flight may take to finish once the listener is closed; connections
   * still busy after that are cut. Default {@link defaultDrainTimeoutMs}.
   */
  drainTimeoutMs?: number;
  /** Aborting it cuts the grace period and the drain short (a second Ctrl-C). */
  signal?: AbortSignal;
}

/** The CLI's grace period between a stop signal and closing the listener. */
export const defaultShutdownGraceMs = 1000;
/** How long requests in flight may take to finish during a shutdown. */
export const defaultDrainTimeoutMs = 10_000;

export interface ListeningGateway {
  server: Server;
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  /**
   * Stop serving without losing a request, then close the districts:
   *
   * 1. `/ready` answers 503 at once (`gateway.startDraining()`), and every answer from now on
   *    carries `Connection: close`, so clients stop reusing their keep-alive connections
   *    after the answer they are waiting for;
   * 2. for `graceMs` everything else is served as before, new connections included: an
   *    orchestrator (Kubernetes) removes an endpoint only after it sent the stop signal, so
   *    requests keep arriving for a moment, and a request sent on an idle keep-alive
   *    connection just then must get an answer, not a reset;
   * 3. the listener closes (no new connections) and idle connections are closed;
   * 4. requests in flight finish, for at most `drainTimeoutMs`; whatever is still open then
   *    is cut;
   * 5. the scheduled jobs stop (a run in flight may finish; none starts once draining) and the
   *    districts close (an embedded PGlite database flushes and releases its lock).
   *
   * Calling it again returns the same promise.
   */
  shutdown(options?: ShutdownOptions): Promise<void>;
  /** `shutdown()` without a grace period: stop accepting, let requests in flight finish, close. */
  close(): Promise<void>;
}

/** Serve a gateway over HTTP. Port 0 picks a free port (tests). */
export async function listen(
  gateway: Gateway,
  options: { port?: number; host?: string } = {},
): Promise<ListeningGateway> {
  const server = createServer();
  // Other gateways keep connections to this one open between calls; closing idle sockets later
  // than their clients do avoids reusing a socket just as it closes (ECONNRESET).
  server.keepAliveTimeout = 65_000;

  // The answers not yet sent (requests in flight).
  const pending = new Set<ServerResponse>();
  let draining = false;
  let onIdle: (() => void) | undefined;
  const track = (_request: IncomingMessage, response: ServerResponse) => {
    pending.add(response);
    if (draining) response.setHeader('connection', 'close');
    response.once('close', () => {
      pending.delete(response);
      if (pending.size === 0) onIdle?.();
    });
  };
  // Registered before the gateway, so a response is tracked before anything is written to it.
  server.on('request', track);
  server.on('request', gateway.yoga);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Serving: the scheduled jobs (the overdue check) run from now until the shutdown drains.
  gateway.startJobs();

  let stopped: Promise<void> | undefined;
  const shutdown = (shutdownOptions: ShutdownOptions = {}): Promise<void> => {
    stopped ??= (async () => {
      const { graceMs = 0, drainTimeoutMs = defaultDrainTimeoutMs, signal } = shutdownOptions;
      draining = true;
      gateway.startDraining();
      for (const response of pending) {
        if (!response.headersSent) response.setHeader('connection', 'close');
      }
      await wait(graceMs, signal);

      // No new connections; idle keep-alive connections are closed (Node's close() does that
      // too); connections waiting for an answer stay until it is sent (Connection: close ends
      // them then).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (pending.size > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            onIdle = resolve;
          }),
          wait(drainTimeoutMs, signal),
        ]);
      }
      // Answered, or out of time: nothing left worth keeping a connection open for.
      server.closeAllConnections();
      await closed;
      await gateway.close();
    })();
    return stopped;
  };

  return {
    server,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    shutdown,
    close: () => shutdown({ graceMs: 0 }),
  };
}

/** Resolve after `ms`, or at once when `signal` aborts. */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
