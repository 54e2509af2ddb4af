/**
 * The settings that come from the environment only (secrets stay out of command lines and shell
 * history), grouped as the commands' help shows them. Each command names the groups it reads.
 */
export interface EnvironmentGroup {
  title: string;
  variables: readonly (readonly [name: string, help: string])[];
  /** Sentences after the list. */
  notes?: string;
}

export const environmentGroups = {
  tokenVerification: {
    title: 'Bearer tokens',
    variables: [
      ['SANSHE_JWT_ISSUER, SANSHE_JWT_AUDIENCE', 'required with any key source below'],
      ['SANSHE_JWT_SECRET', 'HS256 shared secret (at least 32 bytes)'],
      ['SANSHE_JWT_PUBLIC_KEY, SANSHE_JWT_ALGORITHM', 'PEM public key, RS256 or ES256'],
      ['SANSHE_JWKS_URL', 'a JWKS endpoint'],
      ['SANSHE_JWT_MAX_LIFETIME_SECONDS', 'longest token lifetime, exp - iat (default 86400)'],
    ],
    notes:
      'With none set: serving the demo city makes a random secret and prints one demo token per role; anything else treats every caller as PUBLIC and refuses tokens (HTTP 401). In production a key source is required.',
  },
  tokenSigning: {
    title: 'Signing the token (the same settings as the gateway that will verify it)',
    variables: [
      ['SANSHE_JWT_ISSUER, SANSHE_JWT_AUDIENCE', 'the iss and aud claims'],
      ['SANSHE_JWT_SECRET', 'HS256: the token is signed with this shared secret'],
      [
        'SANSHE_JWT_PRIVATE_KEY',
        'RS256/ES256: the PEM private key (PKCS #8) matching SANSHE_JWT_PUBLIC_KEY and SANSHE_JWT_ALGORITHM',
      ],
      ['SANSHE_JWT_MAX_LIFETIME_SECONDS', 'the token lives this long (default 86400, one day)'],
    ],
    notes:
      'With SANSHE_JWKS_URL the identity provider signs tokens, not sanshe: ask it for a token with the claims printed.',
  },
  personalDataKeys: {
    title: 'Personal-data keys (resident ID and phone numbers are sealed with them)',
    variables: [
      ['SANSHE_PERSONAL_DATA_KEYS', 'id=base64 AES-256 keys, comma-separated'],
      ['SANSHE_PERSONAL_DATA_KEY_ID', 'the key that seals new values (default: last listed)'],
      ['SANSHE_PERSONAL_DATA_LOOKUP_KEY', 'base64 HMAC key of the lookup hashes'],
    ],
    notes:
      'With none set, the published development keyring is used; production refuses it. Rotating: add the new key, make it current, restart, run rotate-keys, then drop the old key.',
  },
  federation: {
    title: 'Federation',
    variables: [
      [
        'SANSHE_SERVICE_TOKEN_SECRET',
        'shared by a city gateway and its district gateways (32+ bytes): districts serve /districts/<code>/graphql to it; the city signs each call with the caller',
      ],
    ],
  },
  stopping: {
    title: 'Stopping (SIGTERM or Ctrl-C)',
    variables: [
      ['SANSHE_SHUTDOWN_GRACE_MS', 'serving on after the signal (default 1000)'],
      ['SANSHE_DRAIN_TIMEOUT_MS', 'longest wait for requests in flight (default 10000)'],
    ],
    notes:
      '/ready answers 503 at once, requests keep being served for the grace period, then no new connection is taken, requests in flight finish, databases close.',
  },
  scheduledJobs: {
    title: 'Scheduled jobs',
    variables: [
      [
        'SANSHE_OVERDUE_CHECK_MINUTES',
        'minutes between checks for overdue grid events, escalated once a working day (default 10; 0 turns the check off)',
      ],
    ],
    notes:
      'Every gateway process checks its local districts; processes serving the same district may all run it, each event is escalated by one of them.',
  },
  browsers: {
    title: 'Browsers (CORS)',
    variables: [
      [
        'SANSHE_CORS_ORIGINS',
        'web origins whose pages may call /graphql, comma-separated, exact: https://host[:port] (or *)',
      ],
    ],
    notes:
      'Unset: no origin in production; outside production, pages of this machine (http://localhost:<port>, 127.0.0.1, [::1]). /subgraph and /districts/<code>/graphql never answer CORS.',
  },
  observability: {
    title: 'Logs and metrics',
    variables: [
      [
        'SANSHE_LOG_LEVEL',
        'trace, debug, info (default: one line per request), warn, error, fatal or silent',
      ],
      ['SANSHE_LOG_FORMAT', 'json (default, one object per line) or text (one readable line per entry)'],
      [
        'SANSHE_METRICS_TOKEN',
        'what a Prometheus scrape of /metrics must send as its bearer token (16+ characters)',
      ],
      ['SANSHE_METRICS=off', 'serve no /metrics'],
      [
        'SANSHE_COMPILED_READS',
        'on (default: a read in one compiled statement), off (by its resolvers) or verify (both, compared; the resolvers answer)',
      ],
    ],
    notes:
      'Without a token /metrics is open, except in production, where it is refused. Traces: start the process with an OpenTelemetry SDK (node --import; docs/architecture.md "Operating").',
  },
  persistedOperations: {
    title: 'Persisted operations',
    variables: [
      ['SANSHE_PERSISTED_OPERATIONS', 'a JSON file {"<sha256>": "<document>", ...}'],
      ['SANSHE_PERSISTED_ONLY=1', 'execute nothing else'],
    ],
  },
  exports: {
    title: 'Open-data exports (sanshe export, and /exports/<standard>/<code> of the gateway)',
    variables: [
      [
        'SANSHE_EXPORT_URI_BASE',
        "the public URL the documents are published under (default: the gateway's own /exports; for sanshe export, https://sanshe.invalid/exports)",
      ],
      [
        'SANSHE_OCDS_PREFIX',
        'your OCID prefix, registered with the Open Contracting Partnership (ocds-xxxxxx)',
      ],
      ['SANSHE_360GIVING_PREFIX', 'your 360Giving prefix (360G-…)'],
      ['SANSHE_EXPORT_PUBLISHER', "who publishes (default: the district's name)"],
      ['SANSHE_EXPORT_LICENSE', "the canonical URL of the data's licence"],
    ],
    notes:
      'Without the prefixes the documents carry placeholders registered to no one (ocds-sanshe, 360G-sanshe): fine for trying, not for publishing.',
  },
} as const satisfies Record<string, EnvironmentGroup>;

export type EnvironmentGroupName = keyof typeof environmentGroups;
