/**
 * The migrations turn PostgreSQL's JIT compilation off for the district's database
 * (migrations/20261203093417_database_jit_off): sanshe's short aggregates over a district cost
 * more to compile than to run. Every session opened on a migrated database runs with it off.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/test-databases.js';

const opened: DistrictDatabase[] = [];
afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
});

async function migratedDatabase() {
  const database = await createTestDistrictDatabase({ districtCode: '320505' });
  opened.push(database);
  return database;
}

describe('a migrated district database', () => {
  it('holds JIT off among its own settings', async () => {
    const database = await migratedDatabase();
    const [row] = await database.queryRows(
      `select setconfig from pg_db_role_setting
        where setrole = 0 and setdatabase = (select oid from pg_database where datname = current_database())`,
      [],
    );
    expect(row?.setconfig).toContain('jit=off');
  });

  // PGlite is built without LLVM, so it never compiles a statement whatever the setting, and its
  // one session is not opened as PostgreSQL's are (database settings are not applied to it).
  it.runIf(testDatabaseKind() === 'postgres')('runs every pooled session with JIT off', async () => {
    const database = await migratedDatabase();
    // Several at once, so that more than one pooled session answers.
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => database.queryRows(`select current_setting('jit') as jit`, [])),
    );
    expect(answers.map(([row]) => row?.jit)).toEqual(['off', 'off', 'off', 'off']);
  });
});
