/**
 * A database the CLI cannot use is reported with its cause (the driver's message and code) and a
 * hint, not as drizzle's "Failed query: CREATE SCHEMA …". Against the PostgreSQL of
 * SANSHE_TEST_PG: a database that does not exist, a role that does not exist, a closed port.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { testPostgresUrl } from '@sanshe/core/testing';
import { describe, expect, it } from 'vitest';
import { runSanshe, sansheBuilt } from './support/sanshe-process.js';
import { serveArgs } from './support/serve-args.js';

const serverUrl = testPostgresUrl();

function urlWith(change: (url: URL) => void): string {
  const url = new URL(serverUrl!);
  change(url);
  return url.toString();
}

async function serveAt(databaseUrl: string) {
  const run = await runSanshe(serveArgs(databaseUrl));
  expect(run.code).toBe(1);
  expect(run.stderr).not.toMatch(/Failed query/);
  expect(run.stdout).not.toMatch(/GraphiQL/);
  return run.stderr;
}

describe.runIf(serverUrl && existsSync(sansheBuilt))('sanshe on a database it cannot use', () => {
  it('a database that does not exist: its name, 3D000, and how to make it', async () => {
    const name = `sanshe_cli_missing_${randomBytes(4).toString('hex')}`;
    const stderr = await serveAt(
      urlWith((url) => {
        url.pathname = `/${name}`;
      }),
    );
    expect(stderr).toMatch(
      new RegExp(
        `^sanshe: PostgreSQL database postgres://\\S+/${name}: database "${name}" does not exist \\(3D000\\)\n`,
      ),
    );
    expect(stderr).toMatch(
      /\n {2}hint: create the database first .*correct the database name in --database-url\n$/,
    );
  });

  it('a role that does not exist: the server says so (or refuses its password), and the hint names the user', async () => {
    const role = `sanshe_cli_nobody_${randomBytes(4).toString('hex')}`;
    const stderr = await serveAt(
      urlWith((url) => {
        url.username = role;
        url.pathname = '/sanshe_cli_never_reached';
      }),
    );
    // Trust authentication says the role does not exist; password authentication does not tell.
    expect(stderr).toMatch(
      new RegExp(
        `^sanshe: PostgreSQL database \\S+: (role "${role}" does not exist \\(28000\\)|password authentication failed for user "${role}" \\(28P01\\))\n`,
      ),
    );
    expect(stderr).toMatch(/\n {2}hint: correct the user .*in --database-url/);
    // The password, when there is one, is not printed.
    const password = new URL(serverUrl!).password;
    if (password) expect(stderr).not.toContain(password);
  });

  it('a closed port: ECONNREFUSED with the address, and whether PostgreSQL runs there', async () => {
    // A port just freed: nothing listens on it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const stderr = await serveAt(
      urlWith((url) => {
        url.hostname = '127.0.0.1';
        url.port = String(port);
        url.pathname = '/sanshe_cli_never_reached';
      }),
    );
    expect(stderr).toMatch(
      new RegExp(
        `^sanshe: PostgreSQL database \\S+: connect ECONNREFUSED 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)\n`,
      ),
    );
    expect(stderr).toMatch(/\n {2}hint: nothing listens there: is PostgreSQL running/);
  });
});
