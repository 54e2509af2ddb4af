/**
 * Issue 6, scaling past one machine: the Citus distribution plan (src/database/citus-plan.ts)
 * checked against the migrated schema as the database itself reports it. Citus is not installed
 * here, so what it would refuse is checked instead: every table is placed; every primary key,
 * unique constraint and foreign key of a distributed table includes district_code (Citus refuses
 * a unique constraint or a foreign key between distributed tables without the distribution
 * column); no reference table points at a distributed one; tables are distributed after those
 * they reference; identities are bigint (Citus distributes no other).
 */
import { getColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citusPlan, distributionColumn } from '../../src/database/citus-plan.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { demoDistricts } from '../../src/demo/index.js';
import * as tables from '../../src/schema/tables.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';

interface Constraint {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f';
  columns: string[];
  foreignTable: string | null;
  foreignColumns: string[] | null;
}

async function rows<T>(database: DistrictDatabase, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

async function constraintsOf(database: DistrictDatabase): Promise<Constraint[]> {
  return rows<Constraint>(
    database,
    sql`select c.conrelid::regclass::text as "table", c.conname as name, c.contype as kind,
          array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
          case when c.contype = 'f' then c.confrelid::regclass::text end as "foreignTable",
          case when c.contype = 'f' then array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) end as "foreignColumns"
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'public' and c.contype in ('p', 'u', 'f')`,
  );
}

const district = demoDistricts[0];
const plan = citusPlan();
const distributed = new Set(plan.distributedTables);
const reference = new Set(plan.referenceTables);

describe(`the Citus plan against the migrated schema (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let constraints: Constraint[];

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: district.districtCode });
    constraints = await constraintsOf(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('places every table exactly once: reference or distributed by district_code', async () => {
    const tables = await rows<{ name: string }>(
      database,
      sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    );
    const names = tables.map((table) => table.name);
    expect([...distributed, ...reference].sort()).toEqual(names);
    for (const name of distributed) expect(reference.has(name)).toBe(false);
  });

  it('gives every distributed table a NOT NULL district_code', async () => {
    const columns = await rows<{ table: string }>(
      database,
      sql`select table_name as "table" from information_schema.columns
          where table_schema = 'public' and column_name = ${distributionColumn} and is_nullable = 'NO'`,
    );
    const withColumn = new Set(columns.map((column) => column.table));
    for (const name of distributed) expect(withColumn.has(name), name).toBe(true);
  });

  it('includes district_code in every primary key and unique constraint of a distributed table', () => {
    const keys = constraints.filter((c) => c.kind !== 'f' && distributed.has(c.table));
    expect(keys.length).toBeGreaterThan(distributed.size - 1);
    for (const key of keys) expect(key.columns, `${key.table}.${key.name}`).toContain(distributionColumn);
  });

  it('joins distributed tables only on district_code (co-located), never a reference table to a distributed one', () => {
    const foreignKeys = constraints.filter((c) => c.kind === 'f');
    expect(foreignKeys.length).toBeGreaterThan(10);
    for (const key of foreignKeys) {
      const label = `${key.table}.${key.name}`;
      if (reference.has(key.table)) expect(reference.has(key.foreignTable!), label).toBe(true);
      if (distributed.has(key.table) && distributed.has(key.foreignTable!)) {
        const position = key.columns.indexOf(distributionColumn);
        expect(position, label).toBeGreaterThanOrEqual(0);
        expect(key.foreignColumns![position], label).toBe(distributionColumn);
      }
    }
  });

  it('distributes each table after the tables it references', () => {
    const order = plan.distributedTables;
    for (const key of constraints.filter((c) => c.kind === 'f' && c.table !== c.foreignTable)) {
      if (!distributed.has(key.table) || !distributed.has(key.foreignTable!)) continue;
      expect(order.indexOf(key.foreignTable!), `${key.table} → ${key.foreignTable}`).toBeLessThan(
        order.indexOf(key.table),
      );
    }
    expect(plan.script).toMatch(/^SELECT create_reference_table\('districts'\);$/m);
    expect(plan.script.match(/create_distributed_table\(/g)).toHaveLength(distributed.size);
  });

  it('has only bigint identities (Citus distributes no other), and keys referring to them of the same type', async () => {
    const types = await rows<{ table: string; column: string; type: string; identity: string }>(
      database,
      sql`select table_name as "table", column_name as "column", data_type as type, is_identity as identity
          from information_schema.columns where table_schema = 'public'`,
    );
    const identities = types.filter((column) => column.identity === 'YES');
    // Every identity the schema declares; tables keyed by what they link (organization_communities,
    // project_needs, idempotency_keys) have none.
    const declared = Object.values(tables).filter(
      (table) => (getColumns(table) as Record<string, { generatedIdentity?: unknown }>).id?.generatedIdentity,
    );
    expect(identities.length).toBe(declared.length);
    for (const column of identities) expect(column.type, `${column.table}.${column.column}`).toBe('bigint');
    const typeOf = (table: string, column: string) =>
      types.find((t) => t.table === table && t.column === column)?.type;
    for (const key of constraints.filter((c) => c.kind === 'f')) {
      key.columns.forEach((column, i) => {
        expect(typeOf(key.table, column), `${key.table}.${column}`).toBe(
          typeOf(key.foreignTable!, key.foreignColumns![i]!),
        );
      });
    }
  });
});
