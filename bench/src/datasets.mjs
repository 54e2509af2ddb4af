/**
 * The benchmark's databases: one PostgreSQL database per district and scale, generated once by
 * the demo generator (bulk, multi-row inserts) and reused by later runs. A database is reused only
 * when its comment records a finished generation of the same plan.
 */
import { openDistrictDatabase } from '@sanshe/core';
import { planDemoDistrict, seedDemoDistrict } from '@sanshe/core/demo';
import pg from 'pg';

/** The five districts of the benchmark city (苏州市, GB/T 2260 codes). */
export const benchDistricts = [
  { districtCode: '320505', name: '虎丘区', seed: 320505 },
  { districtCode: '320506', name: '吴中区', seed: 320506 },
  { districtCode: '320507', name: '相城区', seed: 320507 },
  { districtCode: '320508', name: '姑苏区', seed: 320508 },
  { districtCode: '320509', name: '吴江区', seed: 320509 },
];

/** The demo generator makes about 90 rows per community (organizations, workers, posts …). */
const rowsPerCommunity = 90;

/** Subdistricts × communities giving about `targetRows` rows in all. */
export function scaleFor(targetRows) {
  const communities = Math.max(10, Math.round(targetRows / rowsPerCommunity));
  const communitiesPerSubdistrict = Math.min(100, Math.max(10, Math.round(Math.sqrt(communities))));
  const subdistricts = Math.min(399, Math.max(1, Math.round(communities / communitiesPerSubdistrict)));
  return { subdistricts, communitiesPerSubdistrict, gridsPerCommunity: 4 };
}

export function databaseUrl(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withServer(serverUrl, work) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The district's database at this scale, generated if it is missing or unfinished.
 * @returns {{ url: string, districtCode: string, rows: number, generation?: { rows: number, ms: number, rowsPerSecond: number } }}
 */
export async function ensureDistrictDatabase(serverUrl, district, label, targetRows) {
  const name = `sanshe_bench_${label}_${district.districtCode}`;
  const scale = scaleFor(targetRows);
  const marker = `sanshe-bench ${JSON.stringify({ seed: district.seed, scale })}`;
  const url = databaseUrl(serverUrl, name);
  const existing = await withServer(serverUrl, async (client) => {
    const { rows } = await client.query(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [name],
    );
    return rows[0];
  });
  if (existing?.comment?.startsWith(`${marker} rows=`)) {
    // Reused, but brought up to the current schema (a new index, say) first.
    const database = await openDistrictDatabase({ url, districtCode: district.districtCode });
    await database.migrate();
    await database.close();
    return { url, districtCode: district.districtCode, rows: Number(existing.comment.split('rows=')[1]) };
  }
  await withServer(serverUrl, async (client) => {
    if (existing) await client.query(`drop database "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  });
  const database = await openDistrictDatabase({ url, districtCode: district.districtCode });
  try {
    await database.migrate();
    const plan = planDemoDistrict({ ...district, scale });
    const started = performance.now();
    const report = await seedDemoDistrict(database, plan);
    const ms = performance.now() - started;
    // Settle the fresh tables before anything is timed: without this, autovacuum's first pass over
    // a just-loaded district (visibility map, statistics) runs during the measurements and takes
    // CPU from whichever contender is timed then (a community page's throughput halved once).
    await withServer(url, (client) => client.query('vacuum (analyze)'));
    await withServer(serverUrl, (client) =>
      client.query(`comment on database "${name}" is '${marker} rows=${report.rows}'`),
    );
    return {
      url,
      districtCode: district.districtCode,
      rows: report.rows,
      generation: {
        rows: report.rows,
        ms: Math.round(ms),
        rowsPerSecond: Math.round(report.rows / (ms / 1000)),
      },
    };
  } finally {
    await database.close();
  }
}
