/**
 * Issue 15, one writer per embedded PGlite database, with real `sanshe serve` processes: a
 * second process on the same data directory is refused at once with DATABASE_IN_USE naming
 * the first one's process id; once the first is killed (SIGKILL, so its lock stays behind),
 * a new process takes the stale lock over, starts, and sees what the first acknowledged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cityAdminToken,
  createGridMutation,
  graphqlRequest,
  processEnv,
  writeDistrictsFile,
} from './support/gateway-client.js';
import { processSandbox, sansheBuilt, startSanshe } from './support/sanshe-process.js';

const { dir, running } = processSandbox('single-writer');

const districtsFile = writeDistrictsFile(dir, 'districts.json', {
  districts: [{ code: '320505', local: { dataDir: 'data/320505' }, demo: true }],
});
const lockFile = join(dir, 'data/320505/sanshe.lock');
const env = { ...processEnv, SANSHE_SHUTDOWN_GRACE_MS: '0' };
const serve = async () => {
  const started = await startSanshe(['serve', '--port', '0', '--districts', districtsFile], env);
  running.push(started);
  return started;
};

describe.runIf(existsSync(sansheBuilt))('one process per PGlite data directory', () => {
  it('refuses a second process, naming the first; takes over after the first is killed', async () => {
    const first = await serve();
    const holder = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(holder.pid).toBe(first.process.pid);

    const token = await cityAdminToken();
    const written = await graphqlRequest(
      first.origin,
      { query: createGridMutation, variables: { input: { code: '3205050010017001', name: '首写网格' } } },
      { token },
    );
    expect(written.body.data.createGrid.__typename).toBe('CreateGridSuccess');

    // A second gateway on the same directory: refused before it serves anything.
    const attempted = performance.now();
    const refusal = await serve().then(
      () => 'started',
      (error: Error) => error.message,
    );
    const refusedIn = performance.now() - attempted;
    console.log(`second process refused in ${Math.round(refusedIn)} ms (process start included)`);
    expect(refusal).toMatch(/exited with 1/);
    expect(refusal).toMatch(
      new RegExp(`DATABASE_IN_USE: The database in \\S+ is in use by process ${first.process.pid} on `),
    );
    expect(refusal).not.toMatch(/GraphiQL/);
    expect(refusedIn).toBeLessThan(10_000);
    // The refused process left the first one's lock alone, and the first still serves.
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(first.process.pid);
    expect((await fetch(`${first.origin}/ready`)).status).toBe(200);

    // Killed: nothing is released, the lock file stays and names a dead process.
    await first.stop('SIGKILL');
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(first.process.pid);

    const second = await serve();
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(second.process.pid);
    const read = await graphqlRequest(
      second.origin,
      { query: '{ grid(code: "3205050010017001") { name } }' },
      { token },
    );
    expect(read.body.data.grid).toEqual({ name: '首写网格' });

    await second.stop('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFile)).toBe(false);
  }, 60_000);
});
