import { readdirSync } from 'node:fs';
import { type SQL, sql } from 'drizzle-orm';
import type { DistrictDatabase } from './district-database.js';
import { migrationsFolder } from './migrations-folder.js';

/**
 * What a database holds before sanshe migrates it: nothing of anyone's (`empty`), sanshe's
 * migrations (`sanshe`), or somebody else's tables (`other`, with a few of their names). A
 * program about to create sanshe's tables asks first, so that a wrong URL does not fill
 * another application's database.
 */
export type DatabaseContents =
  | { kind: 'empty' }
  | { kind: 'sanshe' }
  | { kind: 'other'; relations: string[] };

/**
 * Look at a database without changing it. Sanshe's is recognised by drizzle's migrations table
 * holding sanshe's first migration (another drizzle application has the table, not that row);
 * objects an extension created (pg_stat_statements' views) do not make a database non-empty.
 */
export async function inspectDatabaseContents(
  database: Pick<DistrictDatabase, 'db'>,
): Promise<DatabaseContents> {
  const firstMigration = readdirSync(migrationsFolder())
    .filter((entry) => /^\d{14}_/.test(entry))
    .sort()[0];
  const migrations = await rowsOf<{ table: string | null }>(
    database,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as "table"`,
  );
  if (migrations[0]?.table) {
    const ours = await rowsOf<{ found: number }>(
      database,
      sql`select count(*)::int as found from drizzle.__drizzle_migrations where name = ${firstMigration}`,
    );
    if ((ours[0]?.found ?? 0) > 0) return { kind: 'sanshe' };
  }
  const relations = await rowsOf<{ name: string }>(
    database,
    sql`select n.nspname || '.' || c.relname as name
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp\\_%'
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
        order by 1 limit 5`,
  );
  return relations.length === 0
    ? { kind: 'empty' }
    : { kind: 'other', relations: relations.map((r) => r.name) };
}

async function rowsOf<Row>(database: Pick<DistrictDatabase, 'db'>, query: SQL): Promise<Row[]> {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: Row[] }).rows;
}
