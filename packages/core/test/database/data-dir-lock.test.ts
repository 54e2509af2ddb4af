/**
 * Issue 15, one writer per embedded database: the lock file of a PGlite data directory
 * (src/database/data-dir-lock.ts). Two opens are refused with DATABASE_IN_USE naming the
 * holder; a dead holder's lock (killed process, torn file, recycled process id, earlier process
 * with our id) is taken over; of several processes taking over one dead lock at once, exactly
 * one wins.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, dataDirLockFile } from '../../src/database/data-dir-lock.js';
import { openDistrictDatabase } from '../../src/database/district-database.js';
import { SansheError } from '../../src/errors/sanshe-error.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';

const root = mkdtempSync(join(tmpdir(), 'sanshe-lock-'));
const freshDir = () => mkdtempSync(join(root, 'd-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** A process that stays alive until killed. */
function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** The id of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

function writeLock(dir: string, holder: Record<string, unknown> | string) {
  writeFileSync(
    join(dir, dataDirLockFile),
    typeof holder === 'string' ? holder : `${JSON.stringify(holder)}\n`,
  );
}

async function refusal(promise: Promise<unknown>): Promise<SansheError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SansheError);
  expect((error as SansheError).code).toBe('DATABASE_IN_USE');
  return error as SansheError;
}

describe('the lock of a PGlite data directory', () => {
  it('refuses a second open in the same process, and opens again after close', async () => {
    const dataDir = freshDir();
    const first = await openDistrictDatabase({ dataDir, districtCode: '320505' });
    try {
      await first.migrate();
      await createHierarchyService(first).ensureDistrict({ name: '虎丘区' });
      const lock = JSON.parse(readFileSync(join(dataDir, dataDirLockFile), 'utf8'));
      expect(lock).toMatchObject({ pid: process.pid, host: hostname() });

      const started = performance.now();
      const error = await refusal(openDistrictDatabase({ dataDir, districtCode: '320505' }));
      expect(performance.now() - started).toBeLessThan(500);
      expect(error.message).toContain(`in use by process ${process.pid}`);
      expect(error.kind).toBe('unavailable');
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, dataDirLockFile))).toBe(false);

    const again = await openDistrictDatabase({ dataDir, districtCode: '320505' });
    try {
      const rows = await again.db.query.districts.findMany({ columns: { name: true } });
      expect(rows).toEqual([{ name: '虎丘区' }]);
    } finally {
      await again.close();
      await again.close(); // idempotent
    }
  });

  it('refuses while another live process holds it, naming that process', async () => {
    const dir = freshDir();
    const holder = liveProcess();
    writeLock(dir, { pid: holder.pid, host: hostname(), startedAt: new Date().toISOString() });
    const error = await refusal(acquireDataDirLock(dir));
    expect(error.message).toMatch(new RegExp(`in use by process ${holder.pid} on `));
    expect(error.details).toMatchObject({ holder: { pid: holder.pid } });
    // Refusing changed nothing.
    expect(JSON.parse(readFileSync(join(dir, dataDirLockFile), 'utf8')).pid).toBe(holder.pid);
  });

  it('refuses a lock taken on another host: whether that holder lives cannot be told from here', async () => {
    const dir = freshDir();
    writeLock(dir, { pid: await deadPid(), host: `not-${hostname()}`, startedAt: new Date().toISOString() });
    const error = await refusal(acquireDataDirLock(dir));
    expect(error.message).toContain(`on not-${hostname()}`);
  });

  it('takes over the lock of a process that is gone, and releases only its own lock', async () => {
    const dir = freshDir();
    writeLock(dir, { pid: await deadPid(), host: hostname(), startedAt: new Date().toISOString() });
    const lock = await acquireDataDirLock(dir);
    const text = readFileSync(lock.path, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ pid: process.pid });
    await refusal(acquireDataDirLock(dir));
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lock.release();

    // A release never removes a lock someone else took meanwhile.
    const next = await acquireDataDirLock(dir);
    next.release();
    writeLock(dir, { pid: liveProcess().pid, host: hostname(), startedAt: new Date().toISOString() });
    next.release();
    expect(existsSync(next.path)).toBe(true);
  });

  it('takes over an empty (torn) lock file and one left by an earlier process with our id', async () => {
    const torn = freshDir();
    writeLock(torn, '');
    (await acquireDataDirLock(torn)).release();

    const ours = freshDir();
    writeLock(ours, { pid: process.pid, host: hostname(), startedAt: '2020-01-01T00:00:00.000Z' });
    (await acquireDataDirLock(ours)).release();
  });

  it.runIf(process.platform === 'linux')(
    'takes over a lock whose process id now belongs to a later process',
    async () => {
      const dir = freshDir();
      const recycled = liveProcess();
      writeLock(dir, {
        pid: recycled.pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
        startTicks: '1', // the holder started at boot; the process with that id now did not
      });
      (await acquireDataDirLock(dir)).release();
    },
  );

  const coreDist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  it.runIf(existsSync(coreDist))(
    'of six processes taking over one dead lock at the same moment, exactly one wins',
    async () => {
      const dir = freshDir();
      writeLock(dir, { pid: await deadPid(), host: hostname(), startedAt: new Date().toISOString() });
      const startAt = Date.now() + 1500;
      const script = `
        const { acquireDataDirLock } = await import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)});
        while (Date.now() < ${startAt}) {}
        try {
          await acquireDataDirLock(${JSON.stringify(dir)});
          console.log('won');
          await new Promise((resolve) => setTimeout(resolve, 1500));
        } catch (error) {
          console.log('refused', error.code);
        }`;
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
          children.push(child);
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
          });
          child.stderr.on('data', (chunk: Buffer) => {
            out += chunk.toString();
          });
          await new Promise((resolve) => child.once('exit', resolve));
          return out.trim();
        }),
      );
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'refused DATABASE_IN_USE')).toHaveLength(5);
      // The winner's lock went with it (released at exit).
      expect(existsSync(join(dir, dataDirLockFile))).toBe(false);
    },
  );
});
