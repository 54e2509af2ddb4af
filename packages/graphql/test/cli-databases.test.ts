/**
 * Which PostgreSQL databases the CLI writes, with the real binary against SANSHE_TEST_PG: `seed`
 * writes exactly the database it is given and creates none; `serve` refuses a database holding
 * another application's tables (unless --init) and the server's maintenance database, and a
 * database recording another district than asked. Every database used here is made by this file
 * under a unique name and dropped at the end.
 */
import { existsSync } from 'node:fs';
import { testPostgresUrl } from '@sanshe/core/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { processSandbox, runSanshe, sansheBuilt, startSanshe } from './support/sanshe-process.js';
import { scratchDatabases } from './support/scratch-databases.js';
import { serveArgs } from './support/serve-args.js';

const serverUrl = testPostgresUrl();
const { running } = processSandbox('cli-databases');
const scratch = scratchDatabases(serverUrl);

/**
 * The server's databases, less the throwaway ones other test files make and drop meanwhile, and
 * the run's seeded templates (`sanshe_run_…`), which the first file to need one makes whenever it
 * starts.
 */
async function databases(): Promise<string[]> {
  const admin = await scratch.admin();
  const { rows } = await admin.query<{ datname: string }>('select datname from pg_database order by 1');
  return rows
    .map((row) => row.datname)
    .filter((name) => !/^sanshe_(t|tpl|crash|run)_/.test(name) && !scratch.madeElsewhere(name));
}

async function query<Row extends pg.QueryResultRow>(database: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: scratch.url(database) });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

const hasSanshesMigrations = async (database: string) =>
  (
    await query<{ table: string | null }>(
      database,
      `select to_regclass('drizzle.__drizzle_migrations')::text as "table"`,
    )
  )[0]!.table !== null;

describe.runIf(serverUrl && existsSync(sansheBuilt))('the databases the CLI writes on PostgreSQL', () => {
  // Before the scratch databases are dropped at the file's end.
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
  });

  it('seed --district --database-url seeds that one district into exactly that database, and no other', async () => {
    const target = await scratch.create('cli_seed');
    const before = await databases();

    const ambiguous = await runSanshe(['seed', '--database-url', scratch.url(target)]);
    expect(ambiguous.code).toBe(2);
    expect(await hasSanshesMigrations(target)).toBe(false);

    const seeded = await runSanshe(['seed', '--district', '320505', '--database-url', scratch.url(target)]);
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/^seeded district 320505: \d+ rows in \d+ ms\n$/);
    expect(await databases()).toEqual(before);
    expect(await query(target, 'select district_code, name from districts')).toEqual([
      { district_code: '320505', name: '虎丘区' },
    ]);
    const communities = await query<{ n: number }>(target, 'select count(*)::int as n from communities');
    expect(communities[0]!.n).toBeGreaterThan(10);

    // Again: the database is seeded already and left as it is.
    const again = await runSanshe(['seed', '--district', '320505', '--database-url', scratch.url(target)]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^already seeded: district 320505 \(虎丘区\)/);
    expect(await query<{ n: number }>(target, 'select count(*)::int as n from communities')).toEqual(
      communities,
    );
    expect(await databases()).toEqual(before);

    // Another district's demo data is refused: the database records 320505.
    const other = await runSanshe(['seed', '--district', '320506', '--database-url', scratch.url(target)]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/holds district 320505 \(虎丘区\), not 320506\n/);

    // serve without --district serves the district the database records; with another, refuses.
    const mismatch = await runSanshe(serveArgs(scratch.url(target), { district: '320508' }));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(
      /holds district 320505 \(虎丘区\), not 320508\n {2}hint: correct --district/,
    );
    const served = await startSanshe(['serve', '--port', '0', '--database-url', scratch.url(target)]);
    running.push(served);
    expect(served.output.join('')).toMatch(/serving district 320505 \(虎丘区\) in the PostgreSQL database/);
    await served.stop();
    expect(await databases()).toEqual(before);
  }, 120_000);

  it('serve refuses a database holding other tables unless --init, and then keeps them', async () => {
    const foreign = await scratch.create('cli_foreign');
    await query(foreign, 'create table unrelated_ledger (id int primary key, amount numeric)');
    await query(foreign, 'insert into unrelated_ledger values (1, 42)');

    const refused = await runSanshe(serveArgs(scratch.url(foreign)));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^sanshe: PostgreSQL database \\S+/${foreign} holds tables that are not sanshe's \\(public\\.unrelated_ledger, …\\) and no sanshe migrations\n {2}hint: .*pass --init`,
      ),
    );
    expect(await hasSanshesMigrations(foreign)).toBe(false);

    const served = await startSanshe(serveArgs(scratch.url(foreign), { init: true }));
    running.push(served);
    await served.stop();
    expect(await hasSanshesMigrations(foreign)).toBe(true);
    expect(await query(foreign, 'select id, amount::int from unrelated_ledger')).toEqual([
      { id: 1, amount: 42 },
    ]);
  }, 60_000);

  it('an empty database is migrated and served as before; the maintenance database is refused', async () => {
    const empty = await scratch.create('cli_empty');
    const served = await startSanshe(serveArgs(scratch.url(empty)));
    running.push(served);
    expect(served.output.join('')).toMatch(/district 320505 is not recorded in its database yet/);
    await served.stop();
    expect(await hasSanshesMigrations(empty)).toBe(true);

    const maintenance = await runSanshe(serveArgs(scratch.url('postgres')));
    expect(maintenance.code).toBe(2);
    expect(maintenance.stderr).toMatch(
      /^sanshe: postgres is the server's maintenance database, not a district's: .*--init to use it anyway\n$/,
    );
  }, 60_000);
});
