/**
 * Every flag of the `sanshe` CLI, once: its kind, the environment variables that may give it, its
 * default and what it means in general. Which commands take it, and what it means for each, is
 * in the command table (commands.ts).
 */
export interface FlagDefinition {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in help, e.g. `<n>`. */
  value?: string;
  /** Environment variables that give the flag when it is not on the command line, in order. */
  env?: readonly string[];
  /** The default, as help shows it. */
  defaultText?: string;
  help: string;
}

export const flagDefinitions = {
  port: {
    type: 'string',
    short: 'p',
    value: '<n>',
    env: ['SANSHE_PORT', 'PORT'],
    defaultText: '4000',
    help: 'HTTP port; 0 picks a free one',
  },
  host: {
    type: 'string',
    value: '<addr>',
    env: ['SANSHE_HOST'],
    defaultText: '127.0.0.1',
    help: 'address to listen on',
  },
  'data-dir': {
    type: 'string',
    value: '<dir>',
    env: ['SANSHE_DATA_DIR'],
    defaultText: '.sanshe',
    help: 'where embedded PGlite databases live, one directory per district',
  },
  'database-url': {
    type: 'string',
    value: '<url>',
    env: ['DATABASE_URL'],
    help: 'a PostgreSQL district database (postgres://user:password@host:port/database)',
  },
  district: {
    type: 'string',
    value: '<code>',
    env: ['SANSHE_DISTRICT'],
    help: 'the 6-digit division code of the district',
  },
  districts: {
    type: 'string',
    value: '<file>',
    env: ['SANSHE_DISTRICTS'],
    help: 'a JSON file listing local and remote districts (README "A city over its districts")',
  },
  demo: {
    type: 'boolean',
    env: ['SANSHE_DEMO'],
    help: 'the demo city (苏州市: 320505, 320506, 320508)',
  },
  production: {
    type: 'boolean',
    env: ['SANSHE_PRODUCTION', 'NODE_ENV=production'],
    help: 'production mode',
  },
  subgraph: {
    type: 'boolean',
    env: ['SANSHE_SUBGRAPH'],
    help: 'also serve an Apollo Federation 2 subgraph at /subgraph (README "Composing with other departments")',
  },
  init: {
    type: 'boolean',
    help: "create sanshe's tables even in a database that holds other tables, or in the server's maintenance database",
  },
  name: {
    type: 'string',
    value: '<name>',
    help: "the district's name, e.g. 虎丘区",
  },
  subject: {
    type: 'string',
    value: '<sub>',
    defaultText: 'district-admin-<code>',
    help: "the administrator's subject (the token's sub claim), as your identity provider names the person",
  },
  archive: {
    type: 'string',
    value: '<file>',
    help: "a district's backup archive (a gzipped tar of its PGlite data directory)",
  },
  force: {
    type: 'boolean',
    help: 'replace what is there: an existing archive (backup), a data directory holding files (restore)',
  },
  out: {
    type: 'string',
    value: '<file>',
    help: 'where to write the document (default: standard output)',
  },
  'key-id': {
    type: 'string',
    value: '<id>',
    defaultText: 'k<today>',
    help: "the new key's id",
  },
  help: {
    type: 'boolean',
    short: 'h',
    help: 'this help',
  },
} as const satisfies Record<string, FlagDefinition>;

export type FlagName = keyof typeof flagDefinitions;

export const flagNames = Object.keys(flagDefinitions) as FlagName[];
