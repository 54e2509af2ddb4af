import { parseArgs } from 'node:util';

/** The flags every command understands; each also has an environment variable. */
export interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  district: string | undefined;
  demo: boolean;
  /** Production: GraphiQL and introspection off; token verification and keys required. */
  production: boolean;
  /** generate-key: the id of the new key. */
  keyId: string | undefined;
  /** A districts file: the local and remote districts to serve. */
  districtsFile: string | undefined;
  /** Also serve the Apollo Federation subgraph at /subgraph. */
  subgraph: boolean;
}

export class UsageError extends Error {}

export function readOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { command: string; options: CliOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      district: { type: 'string' },
      demo: { type: 'boolean' },
      production: { type: 'boolean' },
      'key-id': { type: 'string' },
      districts: { type: 'string' },
      subgraph: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = values.help ? 'help' : (positionals[0] ?? 'serve');
  const portText = values.port ?? env.SANSHE_PORT ?? env.PORT ?? '4000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0–65535, got "${portText}"`);
  const district = values.district ?? env.SANSHE_DISTRICT;
  if (district !== undefined && !/^\d{6}$/.test(district)) {
    throw new UsageError(`--district must be a 6-digit district code, got "${district}"`);
  }
  const databaseUrl = values['database-url'] || env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError('--database-url must be a postgres:// URL');
  }
  return {
    command,
    options: {
      port,
      host: values.host ?? env.SANSHE_HOST ?? '127.0.0.1',
      dataDir: values['data-dir'] ?? env.SANSHE_DATA_DIR ?? '.sanshe',
      databaseUrl: databaseUrl || undefined,
      district,
      demo: values.demo ?? (env.SANSHE_DEMO === '1' || env.SANSHE_DEMO === 'true'),
      production:
        values.production ??
        (env.SANSHE_PRODUCTION === '1' || env.SANSHE_PRODUCTION === 'true' || env.NODE_ENV === 'production'),
      keyId: values['key-id'],
      districtsFile: values.districts ?? env.SANSHE_DISTRICTS,
      subgraph: values.subgraph ?? (env.SANSHE_SUBGRAPH === '1' || env.SANSHE_SUBGRAPH === 'true'),
    },
  };
}

export const usage = `sanshe: the 三社联动 GraphQL gateway

Usage: sanshe <command> [flags]

Commands:
  serve          Serve the gateway (default). With no database flags: the demo city on
                 embedded PGlite under --data-dir, seeded once.
  migrate        Apply the migrations shipped with @sanshe/core to one district database.
  seed           Create and seed the demo city (PGlite under --data-dir, or PostgreSQL with
                 --database-url pointing at a server).
  print-schema   Print the GraphQL schema (SDL).
  citus-script   Print the SQL that distributes a migrated district database over a Citus
                 cluster (README "Scaling past one machine").
  generate-key   Print a new personal-data key (--key-id <id>) and a lookup key.
  rotate-keys    Reseal every stored identifier with the current personal-data key (the
                 same database flags as serve); on PostgreSQL safe while a gateway runs,
                 on PGlite only with the gateway stopped (one writer per data directory).

Flags (environment variable in brackets):
  -p, --port <n>          HTTP port, 0 for any free one           [SANSHE_PORT, PORT] (4000)
      --host <addr>       Address to listen on                    [SANSHE_HOST] (127.0.0.1)
      --data-dir <dir>    Where embedded databases live           [SANSHE_DATA_DIR] (.sanshe)
      --database-url <u>  PostgreSQL: one district's database, or with --demo the server
                          that gets one database per demo district [DATABASE_URL]
      --district <code>   The 6-digit district a database belongs to [SANSHE_DISTRICT]
      --districts <file>  Serve the local and remote districts a JSON file lists
                          (README "A city over its districts")   [SANSHE_DISTRICTS]
      --subgraph          Also serve an Apollo Federation 2 subgraph at /subgraph, for a
                          federation router composing other departments' systems
                          (README "Composing with other departments")  [SANSHE_SUBGRAPH]
      --demo              Serve (and seed once) the demo city      [SANSHE_DEMO]
      --production        GraphiQL and introspection off; refuse to start without
                          token verification and personal-data keys
                                                          [SANSHE_PRODUCTION, NODE_ENV]
      --key-id <id>       generate-key: the new key's id (default k<today>)
  -h, --help              This text

Bearer tokens (environment only, so secrets stay out of command lines):
  SANSHE_JWT_ISSUER, SANSHE_JWT_AUDIENCE   required with any key source below
  SANSHE_JWT_SECRET                        HS256 shared secret (at least 32 bytes)
  SANSHE_JWT_PUBLIC_KEY + SANSHE_JWT_ALGORITHM   PEM public key, RS256 or ES256
  SANSHE_JWKS_URL                          a JWKS endpoint
  SANSHE_JWT_MAX_LIFETIME_SECONDS          longest token lifetime, exp - iat (default 86400)
  With none set: serving the demo city makes a random secret and prints one demo token per
  role; anything else treats every caller as PUBLIC and refuses tokens (HTTP 401). In
  production a key source is required.

Personal-data keys (environment only; resident ID and phone numbers are sealed with them):
  SANSHE_PERSONAL_DATA_KEYS                id=base64 AES-256 keys, comma-separated
  SANSHE_PERSONAL_DATA_KEY_ID              the key that seals new values (default: last listed)
  SANSHE_PERSONAL_DATA_LOOKUP_KEY          base64 HMAC key of the lookup hashes
  With none set, the published development keyring is used; production refuses it.
  Rotating: add the new key, make it current, restart, run rotate-keys, then drop the old key.

Federation (environment only):
  SANSHE_SERVICE_TOKEN_SECRET              shared by a city gateway and its district gateways
                                           (32+ bytes): districts serve /districts/<code>/graphql
                                           to it; the city signs each call with the caller

Stopping (SIGTERM or Ctrl-C): /ready answers 503 at once, requests keep being served for a
grace period, then no new connection is taken, requests in flight finish, databases close.
  SANSHE_SHUTDOWN_GRACE_MS                 serving on after the signal (default 1000)
  SANSHE_DRAIN_TIMEOUT_MS                  longest wait for requests in flight (default 10000)

Persisted operations:
  SANSHE_PERSISTED_OPERATIONS              a JSON file {"<sha256>": "<document>", ...}
  SANSHE_PERSISTED_ONLY=1                  execute nothing else
`;
