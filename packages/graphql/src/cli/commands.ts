import type { EnvironmentGroupName } from './environment-help.js';
import type { FlagName } from './flags.js';

/**
 * One command of the `sanshe` CLI as its help shows it and its parser reads it: the single place
 * of its purpose, flags, environment and examples. What it runs is in main.ts.
 */
export interface CommandDefinition {
  /** One line in `sanshe --help`. */
  summary: string;
  /** What it does, in the command's own help. */
  description: string;
  /** Its one argument, when it takes one (`sanshe export <standard>`): the name and the values. */
  argument?: { name: string; values: readonly string[] };
  /** The flags it takes; a flag with text has that meaning for this command. */
  flags: readonly (FlagName | readonly [FlagName, string])[];
  environment: readonly EnvironmentGroupName[];
  examples: readonly string[];
}

export const commands = {
  serve: {
    summary: 'serve the gateway (the default command)',
    description: `Serve the GraphQL gateway at /graphql, with /health and /ready. Which districts:
  --districts <file>             the local and remote districts the file lists;
  --database-url <url>           one district's PostgreSQL database (the district it records,
                                 or --district);
  --database-url <url> --demo    the demo city on that server, one database per district
                                 (sanshe_demo_<code>), made and seeded once;
  --district <code>              one district's embedded PGlite database, <data-dir>/<code>;
  nothing                        the demo city on embedded PGlite under --data-dir, seeded once.
Local databases are migrated at start. A database that holds other tables, or the server's
maintenance database, is refused unless --init. Flags are checked, and the port is taken,
before any database is opened.`,
    flags: [
      'port',
      'host',
      'data-dir',
      'database-url',
      'district',
      'districts',
      ['demo', 'serve (and seed once) the demo city; not in production'],
      [
        'production',
        'GraphiQL and introspection off; refuse to start without token verification or personal-data keys, or with demo data',
      ],
      'subgraph',
      'init',
    ],
    environment: [
      'tokenVerification',
      'personalDataKeys',
      'federation',
      'browsers',
      'stopping',
      'scheduledJobs',
      'observability',
      'persistedOperations',
      'exports',
    ],
    examples: [
      'sanshe serve                                        # the demo city on PGlite in .sanshe/',
      'sanshe serve --database-url postgres://sanshe@db.internal/huqiu --production',
      'sanshe serve --district 320505 --data-dir /var/lib/sanshe',
      'sanshe serve --districts city.json --port 8080',
    ],
  },
  migrate: {
    summary: 'apply the migrations shipped with @sanshe/core to one district database',
    description: `Apply the migrations this version ships that the district database has not seen yet.
The database is <data-dir>/<code> (PGlite) or --database-url (PostgreSQL). A database that holds
other tables, or the server's maintenance database, is refused unless --init.`,
    flags: ['district', 'data-dir', 'database-url', 'init'],
    environment: [],
    examples: [
      'sanshe migrate --district 320505 --database-url postgres://sanshe@db.internal/huqiu',
      'sanshe migrate --district 320505 --data-dir /var/lib/sanshe',
    ],
  },
  seed: {
    summary: 'write the demo city (or one demo district) into its databases',
    description: `Seed demo data once; a database already seeded is left alone. Where:
  --district <code> --database-url <url>   that demo district into exactly that database;
  --district <code>                        that demo district into <data-dir>/<code> (PGlite);
  --demo --database-url <server url>       the whole demo city on that server, one database
                                           per district (sanshe_demo_<code>), made when missing;
  --districts <file>                       the file's local districts marked "demo": true;
  nothing                                  the whole demo city under --data-dir (PGlite).
Demo data exists for 320505, 320506 and 320508; a real district starts empty (create-district).
Never in production.`,
    flags: [
      'data-dir',
      ['database-url', 'with --district: the one database to seed; with --demo: the server'],
      ['district', 'seed only this demo district'],
      'districts',
      ['demo', 'the whole demo city'],
      ['production', 'refused: demo data is not for production'],
      'init',
    ],
    environment: ['personalDataKeys'],
    examples: [
      'sanshe seed                                   # the demo city in .sanshe/',
      'sanshe seed --district 320505 --database-url postgres://postgres@127.0.0.1/huqiu_demo',
      'sanshe seed --demo --database-url postgres://postgres@127.0.0.1/postgres',
    ],
  },
  'create-district': {
    summary: "create a real district's database, record the district, issue its first administrator's token",
    description: `Create a district from nothing: make its database (PostgreSQL: the database named in
--database-url, created when missing; PGlite: <data-dir>/<code>), migrate it, record the district,
and print a token for its first administrator (DISTRICT_ADMIN of the district) on standard output,
signed as the gateway verifies tokens and valid for SANSHE_JWT_MAX_LIFETIME_SECONDS (one day by
default). Use it to set the district up; people then get tokens from your identity provider.
A database that already records a district is refused; a database holding other tables too,
unless --init.`,
    flags: [
      ['district', 'the 6-digit code of the new district (GB/T 2260)'],
      'name',
      ['data-dir', 'the district goes into <data-dir>/<code> (PGlite) unless --database-url'],
      ['database-url', 'the district database on PostgreSQL; created when missing'],
      'subject',
      'init',
    ],
    environment: ['tokenSigning'],
    examples: [
      'SANSHE_JWT_SECRET=… SANSHE_JWT_ISSUER=https://id.example SANSHE_JWT_AUDIENCE=sanshe \\',
      '  sanshe create-district --district 320505 --name 虎丘区 --database-url postgres://sanshe@db.internal/huqiu',
    ],
  },
  'issue-token': {
    summary: "issue a district administrator's token (DISTRICT_ADMIN), signed with the configured key",
    description: `Print a token for an administrator of a district (role DISTRICT_ADMIN, claim district)
on standard output, signed as the gateway verifies tokens and valid for
SANSHE_JWT_MAX_LIFETIME_SECONDS (one day by default). For setting a district up or recovering
access; people get their tokens from your identity provider.`,
    flags: [['district', 'the district the administrator runs'], 'subject'],
    environment: ['tokenSigning'],
    examples: ['sanshe issue-token --district 320505 --subject zhang.wei'],
  },
  backup: {
    summary: "archive one district's embedded PGlite database (with its gateway stopped)",
    description: `Write the district's PGlite data directory (<data-dir>/<code>, or the one a districts file
gives it) to a gzipped tar archive: --archive, or sanshe-<code>-<time>.tar.gz here. Offline: a
directory a gateway serves is refused (DATABASE_IN_USE); stop the gateway, back up, start it
again. An existing archive is kept unless --force. A PostgreSQL district is backed up with pg_dump
(docs/operations.md, "Backup and restore").`,
    flags: [
      ['district', 'the district to back up'],
      'data-dir',
      ['districts', "take the district's data directory from this districts file"],
      ['archive', 'where to write the archive (default sanshe-<code>-<time>.tar.gz)'],
      ['force', 'replace an existing archive file'],
    ],
    environment: [],
    examples: [
      'sanshe backup --district 320505 --data-dir /var/lib/sanshe --archive /backups/320505-2026-12-01.tar.gz',
    ],
  },
  restore: {
    summary: "restore one district's PGlite database from a backup archive",
    description: `Restore an archive made by sanshe backup into the district's data directory (<data-dir>/<code>,
or the one a districts file gives it). The archive is checked and opened beside the target first:
a damaged archive, one of another district, a directory a gateway serves, or (without --force) a
directory holding files is refused and nothing changes. The next sanshe serve migrates the
restored database to this version.`,
    flags: [
      ['district', 'the district the archive holds'],
      'data-dir',
      ['districts', "take the district's data directory from this districts file"],
      ['archive', 'the archive to restore'],
      ['force', 'replace what the data directory holds'],
    ],
    environment: [],
    examples: [
      'sanshe restore --district 320505 --data-dir /var/lib/sanshe-restored --archive /backups/320505-2026-12-01.tar.gz',
    ],
  },
  export: {
    summary: "write a district's service chain as OCDS, 360Giving or HSDS (open data)",
    description: `Write one district's service chain in an open standard, the document the gateway serves
at /exports/<standard>/<code>; public data only (四公开: no personal data, individual donors as
个人捐赠, other bidders as a count):
  ocds        its purchases, an Open Contracting (OCDS 1.1) release package;
  360giving   its funding, a 360Giving (1.4) data package, one grant per earmark;
  hsds        its organizations and their services, Open Referral HSDS 3.0.
The database is --database-url, <data-dir>/<code> (which must exist), or the one a districts file
lists (a remote district is asked at its gateway). Without --out the document goes to standard
output; an existing --out file is replaced only with --force.`,
    argument: { name: 'standard', values: ['ocds', '360giving', 'hsds'] },
    flags: [
      ['district', 'the district to export'],
      'data-dir',
      ['database-url', "the district's PostgreSQL database"],
      ['districts', "find the district's database (or gateway) in this districts file"],
      'out',
      ['force', 'replace an existing --out file'],
      'init',
    ],
    environment: ['exports'],
    examples: [
      'sanshe export ocds --district 320505 --out 320505-ocds.json',
      'sanshe export hsds --district 320505 --database-url postgres://sanshe@db.internal/huqiu > hsds.json',
      'SANSHE_OCDS_PREFIX=ocds-abc123 sanshe export ocds --district 320508 --districts city.json',
    ],
  },
  'print-schema': {
    summary: 'print the GraphQL schema (SDL)',
    description: 'Print the gateway schema (SDL), as committed in packages/graphql/schema.graphql.',
    flags: [],
    environment: [],
    examples: ['sanshe print-schema > schema.graphql'],
  },
  'citus-script': {
    summary: 'print the SQL that distributes a migrated district database over a Citus cluster',
    description: `Print the SQL that makes the reference and distributed tables of a migrated district
database on a Citus cluster (README "Scaling past one machine").`,
    flags: [],
    environment: [],
    examples: ['sanshe citus-script | psql postgres://citus-coordinator/sanshe'],
  },
  'generate-key': {
    summary: 'print a new personal-data key and a lookup key',
    description: `Print a new AES-256 personal-data key (append it to SANSHE_PERSONAL_DATA_KEYS and make it
current) and, for a new installation, a lookup key (SANSHE_PERSONAL_DATA_LOOKUP_KEY).`,
    flags: ['key-id'],
    environment: [],
    examples: ['sanshe generate-key --key-id k2027'],
  },
  'rotate-keys': {
    summary: 'reseal every stored identifier with the current personal-data key',
    description: `Reseal every stored identifier with the current personal-data key and rewrite the lookup
hashes, in batches. The districts are chosen as serve chooses them. On PostgreSQL safe while a
gateway runs; on PGlite only with the gateway stopped (one writer per data directory).`,
    flags: ['data-dir', 'database-url', 'district', 'districts', 'demo', 'init'],
    environment: ['personalDataKeys'],
    examples: [
      'SANSHE_PERSONAL_DATA_KEYS=k2026=…,k2027=… SANSHE_PERSONAL_DATA_LOOKUP_KEY=… \\',
      '  sanshe rotate-keys --database-url postgres://sanshe@db.internal/huqiu',
    ],
  },
} as const satisfies Record<string, CommandDefinition>;

export type CommandName = keyof typeof commands;

export const commandNames = Object.keys(commands) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

/** The flags a command takes, with the meaning its help gives each. */
export function flagsOf(command: CommandName): { name: FlagName; help: string | undefined }[] {
  return (commands[command] as CommandDefinition).flags.map((flag) =>
    typeof flag === 'string' ? { name: flag, help: undefined } : { name: flag[0], help: flag[1] },
  );
}
