import { createServer, type Server } from 'node:net';
import { CliRefusal } from './usage-error.js';

export interface PortReservation {
  /** Let the port go, just before the gateway listens on it. */
  release(): Promise<void>;
}

/**
 * Take the port before the slow work of a start (migrating, seeding: up to a minute), so a
 * port in use is reported at once rather than after it, and nothing else takes it meanwhile.
 * Connections arriving before the gateway listens are closed. Port 0 (any free port) needs no
 * reservation.
 */
export async function reservePort(host: string, port: number): Promise<PortReservation> {
  if (port === 0) return { release: async () => {} };
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(portRefusal(error, host, port)));
    server.listen(port, host, () => resolve());
  });
  return { release: () => close(server) };
}

/** A listening error in the operator's words, or the error itself when it is another one. */
export function portRefusal(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'EADDRINUSE':
      return new CliRefusal(
        `port ${port} on ${host} is in use (EADDRINUSE)`,
        'stop what listens there, or choose another port with --port (0 picks a free one)',
      );
    case 'EACCES':
      return new CliRefusal(
        `port ${port} on ${host} may not be opened by this user (EACCES)`,
        'ports below 1024 need privileges: use a higher port with --port',
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CliRefusal(
        `${host} is not an address of this machine (${code})`,
        'choose one with --host (127.0.0.1, 0.0.0.0 for every interface)',
      );
    default:
      return error;
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
