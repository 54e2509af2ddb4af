/**
 * Issue 15, nothing acknowledged is lost on a crash: a real `sanshe serve` process takes a
 * write load (createCommunity and createGrid from six concurrent clients) and is killed with
 * SIGKILL in the middle of it. Restarted on the same data, every acknowledged write is there,
 * and nothing is half-written: no community or grid without its audit entry (written in the
 * same transaction), no audit entry without its row. On embedded PGlite and, with
 * SANSHE_TEST_PG, on a fresh PostgreSQL database made for the run.
 *
 * Why PGlite keeps acknowledged writes through SIGKILL: it runs PostgreSQL in WebAssembly over
 * Emscripten's NODEFS, whose writes are synchronous `fs.writeSync` calls into the real files;
 * a commit writes its WAL record before the answer goes out (synchronous_commit is on), so by
 * the time a client is told "done" the record is in the operating system's page cache, which
 * the death of the process does not touch. (A power cut is another matter: PGlite runs with
 * fsync off and NODEFS has no fsync.)
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DistrictDatabase, openDistrictDatabase } from '@sanshe/core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cityAdminToken,
  createCommunityMutation,
  createGridMutation,
  graphqlRequest,
  oneKeptAliveConnection,
  processEnv,
  writeDistrictsFile,
} from './support/gateway-client.js';
import { processSandbox, type SansheProcess, sansheBuilt, startSanshe } from './support/sanshe-process.js';

const { dir, running } = processSandbox('crash');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  // The processes first (the sandbox would kill them later), so nothing holds a database dropped here.
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  for (const cleanup of cleanups) await cleanup();
});

const env = { ...processEnv, SANSHE_SHUTDOWN_GRACE_MS: '0' };
async function serve(districtsFile: string) {
  const started = await startSanshe(['serve', '--port', '0', '--districts', districtsFile], env);
  running.push(started);
  return started;
}

/** Every write of the load is named 负载… so the checks find exactly these. */
const LOAD = '负载';
/** Community codes 100–199 are free in the demo's 街道 320505001 and 320505002. */
const communityCodes = [1, 2].flatMap((s) => Array.from({ length: 100 }, (_, i) => `32050500${s}${100 + i}`));
const gridCode = (n: number) => `3205050010019${String(n).padStart(5, '0')}`;

interface LoadResult {
  acknowledged: string[];
  /** Sent but never answered: the process died with them in flight. */
  unanswered: string[];
  /** Answered with an error (should be none). */
  refused: string[];
}

/** Six clients writing until `killAfterMs`, when the gateway is killed with SIGKILL. */
async function writeUntilKilled(gateway: SansheProcess, killAfterMs: number): Promise<LoadResult> {
  const token = await cityAdminToken();
  const result: LoadResult = { acknowledged: [], unanswered: [], refused: [] };
  let serial = 0;
  let killed = false;
  const writer = async () => {
    const agent = oneKeptAliveConnection();
    try {
      while (!killed) {
        const n = serial++;
        const community = n % 3 === 0 ? communityCodes[n / 3] : undefined;
        const code = community ?? gridCode(n);
        const payload = community
          ? { query: createCommunityMutation, variables: { input: { code, name: `${LOAD}社区${n}` } } }
          : { query: createGridMutation, variables: { input: { code, name: `${LOAD}网格${n}` } } };
        try {
          const answer = await graphqlRequest(gateway.origin, payload, { token, agent });
          const outcome = answer.body?.data?.[community ? 'createCommunity' : 'createGrid'];
          if (answer.status === 200 && outcome?.data?.code === code) result.acknowledged.push(code);
          else result.refused.push(`${code}: ${JSON.stringify(answer.body)}`);
        } catch {
          result.unanswered.push(code);
        }
      }
    } finally {
      agent.destroy();
    }
  };
  const writers = Array.from({ length: 6 }, writer);
  await sleep(killAfterMs);
  gateway.process.kill('SIGKILL');
  killed = true;
  expect(await gateway.exited).toEqual({ code: null, signal: 'SIGKILL' });
  await Promise.all(writers);
  return result;
}

/** What the database holds of the load, and what of it is half-written. */
async function inspect(database: DistrictDatabase) {
  const rows = async (query: ReturnType<typeof sql>) =>
    ((await database.db.execute(query)) as unknown as { rows: Record<string, string>[] }).rows;
  const pattern = `${LOAD}%`;
  const present = await rows(sql`
    select code from communities where name like ${pattern}
    union all select code from grids where name like ${pattern}`);
  const withoutAudit = await rows(sql`
    select c.code from communities c where c.name like ${pattern} and not exists (
      select 1 from audit_log a where a.district_code = c.district_code and a.action = 'community.create'
        and a.entity_type = 'community' and a.entity_id = c.id)
    union all
    select g.code from grids g where g.name like ${pattern} and not exists (
      select 1 from audit_log a where a.district_code = g.district_code and a.action = 'grid.create'
        and a.entity_type = 'grid' and a.entity_id = g.id)`);
  const auditWithoutRow = await rows(sql`
    select a.after->>'code' as code from audit_log a
    where a.action in ('community.create', 'grid.create') and a.after->>'name' like ${pattern}
      and not exists (select 1 from communities c where a.entity_type = 'community'
        and c.district_code = a.district_code and c.id = a.entity_id and c.code = a.after->>'code')
      and not exists (select 1 from grids g where a.entity_type = 'grid'
        and g.district_code = a.district_code and g.id = a.entity_id and g.code = a.after->>'code')`);
  return {
    present: new Set(present.map((r) => r.code!)),
    halfWritten: [...withoutAudit, ...auditWithoutRow].map((r) => r.code!),
  };
}

/**
 * Load, kill, restart, check: through the restarted gateway (it starts, and counts what it
 * has), then in the database itself once that gateway stopped.
 */
async function crashAndRecover(kind: string, districtsFile: string, open: () => Promise<DistrictDatabase>) {
  const gateway = await serve(districtsFile);
  const load = await writeUntilKilled(gateway, 1500);

  const restarted = await serve(districtsFile);
  const token = await cityAdminToken();
  const counted = await graphqlRequest(
    restarted.origin,
    {
      query: `{
        communities(first: 1, filter: { districtCode: "320505", nameContains: "${LOAD}" }) { totalCount }
        grids(first: 1, filter: { districtCode: "320505", nameContains: "${LOAD}" }) { totalCount }
      }`,
    },
    { token },
  );
  await restarted.stop('SIGTERM');
  expect(await restarted.exited).toEqual({ code: 0, signal: null });

  const database = await open();
  let found: Awaited<ReturnType<typeof inspect>>;
  try {
    found = await inspect(database);
  } finally {
    await database.close();
  }
  const lost = load.acknowledged.filter((code) => !found.present.has(code));
  const unansweredButPresent = load.unanswered.filter((code) => found.present.has(code)).length;
  console.log(
    `crash under load on ${kind}: ${load.acknowledged.length} acknowledged, ${load.acknowledged.length - lost.length} of them present after restart, ${lost.length} lost; ${load.unanswered.length} in flight at SIGKILL (${unansweredButPresent} of them committed); ${found.halfWritten.length} half-written`,
  );
  expect(load.refused).toEqual([]);
  expect(load.acknowledged.length).toBeGreaterThan(20);
  expect(load.unanswered.length).toBeGreaterThan(0);
  expect(lost).toEqual([]);
  expect(found.halfWritten).toEqual([]);
  // Nothing is there that was never sent.
  const sent = new Set([...load.acknowledged, ...load.unanswered]);
  expect([...found.present].filter((code) => !sent.has(code))).toEqual([]);
  expect(
    counted.body.data.communities.totalCount + counted.body.data.grids.totalCount,
    'what the restarted gateway serves',
  ).toBe(found.present.size);
}

describe.runIf(existsSync(sansheBuilt))(
  'a gateway killed under write load loses nothing it acknowledged',
  () => {
    it('on embedded PGlite', async () => {
      const districtsFile = writeDistrictsFile(dir, 'pglite.json', {
        districts: [{ code: '320505', local: { dataDir: 'data/320505' }, demo: true }],
      });
      await crashAndRecover('PGlite', districtsFile, () =>
        openDistrictDatabase({ dataDir: join(dir, 'data/320505'), districtCode: '320505' }),
      );
    }, 60_000);

    const serverUrl = process.env.SANSHE_TEST_PG || process.env.DATABASE_URL || undefined;
    it.runIf(serverUrl)(
      'on PostgreSQL',
      async () => {
        // A database of its own for this run, dropped at the end (nothing else is touched).
        const name = `sanshe_crash_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`create database "${name}"`);
        cleanups.push(async () => {
          await admin.query(`drop database if exists "${name}" with (force)`);
          await admin.end();
        });
        const url = new URL(serverUrl!);
        url.pathname = `/${name}`;
        const districtsFile = writeDistrictsFile(dir, 'postgres.json', {
          districts: [{ code: '320505', local: { databaseUrl: url.toString() }, demo: true }],
        });
        await crashAndRecover('PostgreSQL', districtsFile, () =>
          openDistrictDatabase({ url: url.toString(), districtCode: '320505', poolSize: 1 }),
        );
      },
      60_000,
    );
  },
);
