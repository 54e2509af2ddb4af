/**
 * The `sanshe` command line as an operator meets it, with the real binary: a mistake is one line
 * naming the fix (exit 2), each command has its own help, and everything that can be refused
 * is refused before a database is opened: a fresh data directory stays untouched.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandNames, commands, flagsOf } from '../src/cli/commands.js';
import { environmentGroups } from '../src/cli/environment-help.js';
import { writeDistrictsFile } from './support/gateway-client.js';
import { runSanshe, sansheBuilt } from './support/sanshe-process.js';

const dir = mkdtempSync(join(tmpdir(), 'sanshe-cli-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A data directory no command has seen: after a refused command it must still not exist. */
const freshDataDir = () => join(dir, `data-${randomBytes(4).toString('hex')}`);

/** No token or key settings inherited from the shell running the tests. */
const noSecrets = {
  SANSHE_JWT_SECRET: '',
  SANSHE_JWT_PUBLIC_KEY: '',
  SANSHE_JWKS_URL: '',
  SANSHE_PERSONAL_DATA_KEYS: '',
  SANSHE_PERSONAL_DATA_LOOKUP_KEY: '',
  NODE_ENV: '',
  SANSHE_PRODUCTION: '',
};
const tokenSettings = {
  SANSHE_JWT_SECRET: 'cli-usage-test-secret-of-32-bytes!!',
  SANSHE_JWT_ISSUER: 'https://auth.test',
  SANSHE_JWT_AUDIENCE: 'sanshe',
};
const keySettings = {
  SANSHE_PERSONAL_DATA_KEYS: `k1=${randomBytes(32).toString('base64')}`,
  SANSHE_PERSONAL_DATA_LOOKUP_KEY: randomBytes(32).toString('base64'),
};

describe.runIf(existsSync(sansheBuilt))('sanshe usage errors', () => {
  it('an unknown flag: one line naming the closest flag and where the flags are, exit 2', async () => {
    const run = await runSanshe(['serve', '--prot', '4000']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'sanshe: unknown flag --prot (did you mean --port?); sanshe serve --help lists the flags\n',
    );
    expect(run.stdout).toBe('');
  });

  it('a flag another command takes, a missing value, an unknown command', async () => {
    const cases = [
      [
        ['migrate', '--subgraph'],
        'sanshe: migrate does not take --subgraph; sanshe migrate --help lists the flags',
      ],
      [['serve', '--port'], 'sanshe: --port needs a value <n>; sanshe serve --help lists the flags'],
      [['serve', '--demo=yes'], 'sanshe: --demo takes no value; sanshe serve --help lists the flags'],
      [['serv'], 'sanshe: unknown command "serv" (did you mean serve?); sanshe --help lists the commands'],
      [['seed', 'now'], 'sanshe: seed takes no argument "now"; sanshe seed --help lists the flags'],
      [['serve', '--port', 'eighty'], 'sanshe: --port must be 0–65535, got "eighty"'],
    ] as const;
    for (const [args, line] of cases) {
      const run = await runSanshe([...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toBe(`${line}\n`);
    }
  });

  it('names the environment variable a bad value came from', async () => {
    const run = await runSanshe(['serve'], { SANSHE_PORT: '99999' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sanshe: SANSHE_PORT must be 0–65535, got "99999"\n');
    const reads = await runSanshe(['serve'], { SANSHE_COMPILED_READS: 'sometimes' });
    expect(reads.code).toBe(2);
    expect(reads.stderr).toBe(
      'sanshe: SANSHE_COMPILED_READS must be one of on, off, verify, got "sometimes"\n',
    );
  });
});

describe.runIf(existsSync(sansheBuilt))('sanshe help', () => {
  it('sanshe --help is the overview: every command on its line, no flag or variable details', async () => {
    const run = await runSanshe(['--help']);
    expect(run.code).toBe(0);
    for (const name of commandNames) {
      expect(run.stdout).toMatch(new RegExp(`^ {2}${name} +${commands[name].summary.split(' ')[0]}`, 'm'));
    }
    expect(run.stdout).not.toMatch(/SANSHE_JWT_SECRET|--database-url/);
    expect((await runSanshe(['help'])).stdout).toBe(run.stdout);
  });

  it("each command's help: its purpose, its flags, its environment, an example; help <command> alike", async () => {
    for (const name of commandNames) {
      const run = await runSanshe([name, '--help']);
      expect(run.code, name).toBe(0);
      const text = run.stdout;
      expect(text.startsWith(`sanshe ${name}: ${commands[name].summary}\n`), name).toBe(true);
      for (const flag of flagsOf(name)) expect(text, `${name} --${flag.name}`).toContain(`--${flag.name}`);
      for (const group of commands[name].environment) {
        for (const [variable] of environmentGroups[group].variables) expect(text, name).toContain(variable);
      }
      expect(text.slice(text.indexOf('\nExamples:\n')), name).toContain(`  sanshe ${name}`);
    }
    for (const name of ['serve', 'seed', 'create-district']) {
      expect((await runSanshe(['help', name])).stdout, name).toBe((await runSanshe([name, '--help'])).stdout);
    }
  });

  it("serve's help keeps what the old usage text said: tokens, keys, federation, stopping, persisted operations", async () => {
    const { stdout } = await runSanshe(['serve', '-h']);
    for (const variable of [
      'SANSHE_JWT_ISSUER',
      'SANSHE_JWT_SECRET',
      'SANSHE_JWT_PUBLIC_KEY',
      'SANSHE_JWKS_URL',
      'SANSHE_JWT_MAX_LIFETIME_SECONDS',
      'SANSHE_PERSONAL_DATA_KEYS',
      'SANSHE_PERSONAL_DATA_LOOKUP_KEY',
      'SANSHE_SERVICE_TOKEN_SECRET',
      'SANSHE_SHUTDOWN_GRACE_MS',
      'SANSHE_DRAIN_TIMEOUT_MS',
      'SANSHE_PERSISTED_OPERATIONS',
      'SANSHE_PERSISTED_ONLY',
      'SANSHE_PORT',
      'DATABASE_URL',
    ]) {
      expect(stdout).toContain(variable);
    }
  });
});

describe.runIf(existsSync(sansheBuilt))('refused before any database is opened', () => {
  it('a port in use: reported at once, the data directory never created', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    const dataDir = freshDataDir();
    try {
      const run = await runSanshe(['serve', '--port', String(port), '--data-dir', dataDir], noSecrets);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `sanshe: port ${port} on 127.0.0.1 is in use (EADDRINUSE)\n  hint: stop what listens there, or choose another port with --port (0 picks a free one)\n`,
      );
      expect(run.stdout).not.toMatch(/seeded|GraphiQL/);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('production without token verification, without keys, or on the demo city: one line, exit 2', async () => {
    const cases = [
      [noSecrets, /^sanshe: production mode needs token verification: set SANSHE_JWT_SECRET/],
      [{ ...noSecrets, ...tokenSettings }, /^sanshe: production mode needs personal-data keys/],
      [
        { ...noSecrets, ...tokenSettings, ...keySettings },
        /^sanshe: production mode does not serve the demo city: give the districts to serve/,
      ],
      [
        { ...noSecrets, ...tokenSettings, ...keySettings, NODE_ENV: 'production' },
        /^sanshe: production mode does not serve the demo city/,
      ],
    ] as const;
    for (const [env, refusal] of cases) {
      const dataDir = freshDataDir();
      const flags = 'NODE_ENV' in env && env.NODE_ENV ? [] : ['--production'];
      const run = await runSanshe(['serve', ...flags, '--port', '0', '--data-dir', dataDir], env);
      expect(run.code, String(refusal)).toBe(2);
      expect(run.stderr, String(refusal)).toMatch(refusal);
      expect(run.stderr.trimEnd().split('\n'), String(refusal)).toHaveLength(1);
      expect(run.stdout, String(refusal)).not.toMatch(/GraphiQL|seeded/);
      expect(existsSync(dataDir), String(refusal)).toBe(false);
    }
  });

  it('production with demo data in a districts file, and seeding in production', async () => {
    const dataDir = freshDataDir();
    const file = writeDistrictsFile(dir, 'demo-districts.json', {
      districts: [{ code: '320505', local: { dataDir: 'never-created' }, demo: true }],
    });
    const served = await runSanshe(['serve', '--production', '--port', '0', '--districts', file], {
      ...noSecrets,
      ...tokenSettings,
      ...keySettings,
    });
    expect(served.code).toBe(2);
    expect(served.stderr).toMatch(
      /^sanshe: production mode does not serve demo data \(.* marks 320505 "demo": true\)/,
    );
    expect(existsSync(join(dir, 'never-created'))).toBe(false);

    const seeded = await runSanshe(['seed', '--production', '--data-dir', dataDir], noSecrets);
    expect(seeded.code).toBe(2);
    expect(seeded.stderr).toBe(
      'sanshe: seed writes demo data, which production refuses (--production); sanshe seed --help\n',
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('seed of a district without demo data, and seed given a server but not what to seed', async () => {
    const dataDir = freshDataDir();
    const real = await runSanshe(['seed', '--district', '110101', '--data-dir', dataDir]);
    expect(real.code).toBe(2);
    expect(real.stderr).toMatch(
      /^sanshe: demo data exists for 320505, 320506, 320508 only, not 110101; a real district starts with sanshe create-district/,
    );
    const ambiguous = await runSanshe(['seed', '--database-url', 'postgres://127.0.0.1:1/sanshe_never']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/^sanshe: seed --database-url needs --district <code> .* or --demo/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
