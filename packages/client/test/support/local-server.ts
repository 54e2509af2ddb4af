import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  url: string;
  /** How many requests reached the server. */
  readonly hits: number;
  close(): Promise<void>;
}

/** A tiny HTTP server on a free port, for failures the real gateway does not produce on demand. */
export async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse, hit: number) => void,
): Promise<LocalServer> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits += 1;
    // Drain the body so that handlers may answer at once.
    request.resume();
    handler(request, response, hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get hits() {
      return hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The hanging server holds its requests open; close would wait for them forever.
        server.closeAllConnections();
      }),
  };
}

/** The URL of a port nothing listens on: taken from the OS, then released. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

/** Answer with a JSON body. */
export function json(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/graphql-response+json', ...headers });
  response.end(JSON.stringify(body));
}

/** A fetch that records what it sends, then passes the call on. */
export function recordingFetch(): { fetch: typeof fetch; calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return fetch(input, init);
    },
  };
}
