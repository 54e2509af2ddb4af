/**
 * SQL statements per request, as the database counts them (pg_stat_statements), not as any
 * contender reports them. The extension must be preloaded by the server
 * (`shared_preload_libraries = 'pg_stat_statements'`, then a restart); without it the
 * benchmark still runs and reports the counts as unavailable.
 */
import pg from 'pg';

export async function openStatementCounter(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let available = false;
  try {
    await client.query('create extension if not exists pg_stat_statements');
    await client.query('select pg_stat_statements_reset()');
    available = true;
  } catch {
    available = false;
  }
  // Everything this database ran, but the counter's own reads and resets.
  const total = async () => {
    const { rows } = await client.query(
      `select coalesce(sum(calls), 0)::bigint as calls from pg_stat_statements
       where dbid = (select oid from pg_database where datname = current_database())
         and query not ilike '%pg_stat_statements%'`,
    );
    return Number(rows[0].calls);
  };
  return {
    available,
    /** Statements the database ran while `work` ran `times` requests, per request. */
    async perRequest(work, times) {
      if (!available) return null;
      const before = await total();
      await work();
      const after = await total();
      return (after - before) / times;
    },
    close: () => client.end(),
  };
}
