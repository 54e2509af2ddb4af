import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './create-gateway.js';

export interface ListeningGateway {
  server: Server;
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  /** Stop accepting requests, then close the districts. */
  close(): Promise<void>;
}

/** Serve a gateway over HTTP. Port 0 picks a free port (tests). */
export async function listen(
  gateway: Gateway,
  options: { port?: number; host?: string } = {},
): Promise<ListeningGateway> {
  const server = createServer(gateway.yoga);
  // Other gateways keep connections to this one open between calls; closing idle sockets later
  // than their clients do avoids reusing a socket just as it closes (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.close();
    },
  };
}
