/**
 * Issue 15, clean shutdown, with a real `sanshe serve` process on an embedded PGlite district:
 * on SIGTERM `/ready` answers 503 at once, a request sent 50 ms after the signal on a kept-alive
 * connection is served (not reset), new connections are refused once the grace period is over,
 * 20 requests in flight (their bodies completed only then) all get complete answers, the
 * process exits 0, and a restarted process on the same data directory sees every write.
 * Then the drain timeout: a request that never completes is cut, and the process still exits 0.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  cityAdminToken,
  createGridMutation,
  getPath,
  graphqlRequest,
  heldGraphqlRequest,
  oneKeptAliveConnection,
  processEnv,
  writeDistrictsFile,
} from './support/gateway-client.js';
import { processSandbox, sansheBuilt, startSanshe } from './support/sanshe-process.js';

const { dir, running } = processSandbox('shutdown');

const districtsFile = writeDistrictsFile(dir, 'districts.json', {
  districts: [{ code: '320505', local: { dataDir: 'data/320505' }, demo: true }],
});
const community = '320505001001';
/** Grids this suite creates: the demo community's code + 8 + a serial. */
const gridCode = (n: number) => `${community}8${String(n).padStart(5, '0')}`;

async function serve(env: Record<string, string> = {}) {
  const started = await startSanshe(['serve', '--port', '0', '--districts', districtsFile], {
    ...processEnv,
    ...env,
  });
  running.push(started);
  return started;
}

describe.runIf(existsSync(sansheBuilt))('sanshe serve stops cleanly on SIGTERM', () => {
  it('answers every request in flight, refuses readiness at once, exits 0, and keeps the data', async () => {
    const token = await cityAdminToken();
    const gateway = await serve({ SANSHE_SHUTDOWN_GRACE_MS: '500', SANSHE_DRAIN_TIMEOUT_MS: '10000' });
    const keptAlive = oneKeptAliveConnection();
    const before = await graphqlRequest(
      gateway.origin,
      { query: createGridMutation, variables: { input: { code: gridCode(0), name: '停机前网格' } } },
      { token, agent: keptAlive },
    );
    expect(before.body.data.createGrid.__typename).toBe('CreateGridSuccess');
    expect((await getPath(gateway.origin, '/ready')).status).toBe(200);

    // 20 writes in flight: the server has their headers and half their bodies.
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      heldGraphqlRequest(
        gateway.origin,
        {
          query: createGridMutation,
          variables: { input: { code: gridCode(i + 1), name: `在途网格${i + 1}` } },
        },
        { token },
      ),
    );
    await sleep(300);

    const signalled = performance.now();
    gateway.process.kill('SIGTERM');
    // Readiness flips at once, on a new connection (the listener is still open).
    await sleep(20);
    const ready = await getPath(gateway.origin, '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, draining: true });

    // 50 ms after the signal, a write on the kept-alive connection of the first request: served,
    // and told to close the connection afterwards.
    await sleep(Math.max(0, 50 - (performance.now() - signalled)));
    const late = await graphqlRequest(
      gateway.origin,
      { query: createGridMutation, variables: { input: { code: gridCode(21), name: '信号后网格' } } },
      { token, agent: keptAlive },
    );
    expect(late.reusedSocket).toBe(true);
    expect(late.status).toBe(200);
    expect(late.body.data.createGrid.__typename).toBe('CreateGridSuccess');
    expect(late.headers.connection).toBe('close');

    // After the grace period the listener is closed: new connections are refused, while the
    // requests in flight are still waited for.
    await sleep(700 - (performance.now() - signalled));
    const refused = await getPath(gateway.origin, '/health').then(
      (answer) => `answered ${answer.status}`,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(gateway.process.exitCode).toBe(null);

    // The rest of their bodies arrive; every request in flight is answered in full.
    for (const request of inFlight) request.finish();
    const answers = await Promise.all(inFlight.map((request) => request.answer));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.every((a) => a.complete)).toBe(true);
    expect(answers.map((a) => a.body?.data?.createGrid?.__typename)).toEqual(
      Array(20).fill('CreateGridSuccess'),
    );
    expect(answers.every((a) => a.headers.connection === 'close')).toBe(true);

    const { code, signal } = await gateway.exited;
    const stoppedAfter = performance.now() - signalled;
    keptAlive.destroy();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(gateway.output.join('')).toMatch(/SIGTERM: draining[\s\S]*stopped/);
    // Once the last answer is out, not at the drain timeout.
    expect(stoppedAfter).toBeLessThan(5000);
    // The lock went with it.
    expect(existsSync(join(dir, 'data/320505/sanshe.lock'))).toBe(false);

    const restarted = await serve({ SANSHE_SHUTDOWN_GRACE_MS: '0', SANSHE_DRAIN_TIMEOUT_MS: '800' });
    const { body } = await graphqlRequest(
      restarted.origin,
      { query: `{ community(code: "${community}") { grids(first: 100) { nodes { code } } } }` },
      { token },
    );
    const codes = new Set(body.data.community.grids.nodes.map((n: { code: string }) => n.code));
    const written = Array.from({ length: 22 }, (_, i) => gridCode(i));
    expect(written.filter((c) => !codes.has(c))).toEqual([]);
  }, 60_000);

  it('cuts a request that outlasts the drain timeout, and still exits 0', async () => {
    const gateway = running.at(-1)!; // the restarted process: no grace, 800 ms drain timeout
    const token = await cityAdminToken();
    const stuck = heldGraphqlRequest(
      gateway.origin,
      { query: '{ districts(first: 1) { totalCount } }' },
      { token },
    );
    const outcome = stuck.answer.then(
      (answer) => `answered ${answer.status}`,
      (error: NodeJS.ErrnoException) => `cut (${error.code ?? error.message})`,
    );
    await sleep(200);
    const signalled = performance.now();
    gateway.process.kill('SIGTERM');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    const took = performance.now() - signalled;
    expect(await outcome).toMatch(/^cut/);
    expect(took).toBeGreaterThanOrEqual(700);
    expect(took).toBeLessThan(4000);
  });
});
