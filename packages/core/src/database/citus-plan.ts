import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import * as tables from '../schema/tables.js';

/**
 * How a district database spreads over a Citus cluster (a distributed PostgreSQL), for a
 * deployment whose data outgrows one server: README "Scaling past one machine (Citus)".
 *
 * - Every table that holds a district's records is distributed by `district_code` and all of
 *   them are co-located, so a district's rows of every table live on the same worker: joins,
 *   foreign keys and the one-statement nested pages stay on one node, and every query (which
 *   always names its district) is routed to that node alone.
 * - Small tables every query reads alongside (the district row itself, policy values) are
 *   reference tables, copied to every worker. Code lists need nothing: they are in code and in
 *   CHECK constraints, not tables.
 * - Citus distributes identity columns only when they are bigint: every id is one (idColumn).
 * - The triggers (append-only: personal_data_access_log, journal_entries, journal_lines,
 *   idempotency_keys; the ledger's balance, deferred balance check and purchase stages, migration
 *   `needs_projects_funds_invariants`) need `citus.enable_unsafe_triggers`. The ledger's triggers
 *   read and update co-located rows of the same district (lines → their entry and accounts); that
 *   they run as such on a shard is not yet tried on a Citus cluster. So are the indicator
 *   counters' triggers (migration `indicator_counters`), which read and write the same district's
 *   rows of the tables they follow and of `indicator_contributions` and `indicator_counters`.
 */
export interface CitusPlan {
  /** Copied to every worker: small, read with everything. */
  referenceTables: readonly string[];
  /** Hash-distributed by district_code, all co-located, each after the tables it references. */
  distributedTables: readonly string[];
  /** The whole script, for a coordinator that holds the migrated schema. */
  script: string;
}

/** The tables every worker holds whole. */
export const citusReferenceTables = ['districts', 'policy_values'] as const;

export const distributionColumn = 'district_code';

const allTables = Object.values(tables) as PgTable[];

export function citusPlan(): CitusPlan {
  const configs = allTables.map((table) => getTableConfig(table));
  const byName = new Map(configs.map((config) => [config.name, config]));
  const reference = new Set<string>(citusReferenceTables);
  for (const name of reference) if (!byName.has(name)) throw new Error(`no table ${name}`);

  // Referenced tables first: Citus checks a foreign key when the referencing table is
  // distributed, so what it points at must already be distributed or a reference table.
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.includes(name) || reference.has(name)) return;
    if (visiting.has(name)) return; // a cycle is broken by the first table reached
    visiting.add(name);
    for (const foreignKey of byName.get(name)!.foreignKeys) {
      const target = getTableConfig(foreignKey.reference().foreignTable).name;
      if (target !== name) visit(target);
    }
    ordered.push(name);
  };
  for (const config of [...configs].sort((a, b) => a.name.localeCompare(b.name))) visit(config.name);

  const [anchor] = ordered;
  const script = [
    '-- sanshe on Citus: run on the coordinator, in the database `sanshe migrate` prepared.',
    '-- 1. The triggers (append-only logs and ledger, ledger balances, purchase stages) run on each shard.',
    'SET citus.enable_unsafe_triggers TO on;',
    '-- 2. Reference tables: copied to every worker.',
    ...[...reference].map((name) => `SELECT create_reference_table('${name}');`),
    `-- 3. Every district-owned table by ${distributionColumn}, co-located with ${anchor}.`,
    ...ordered.map((name) =>
      name === anchor
        ? `SELECT create_distributed_table('${name}', '${distributionColumn}');`
        : `SELECT create_distributed_table('${name}', '${distributionColumn}', colocate_with => '${anchor}');`,
    ),
    '',
  ].join('\n');
  return { referenceTables: [...reference], distributedTables: ordered, script };
}
