import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SansheError } from '../errors/sanshe-error.js';

/**
 * One writer per embedded database directory.
 *
 * PGlite is PostgreSQL compiled to WebAssembly, running inside one process: a second process
 * opening the same directory gets its own private copy of the buffers and the WAL position,
 * each process sees only its own writes, and whatever one of them flushes last overwrites
 * the other's acknowledged writes. PostgreSQL's own `postmaster.pid` does not stop this: the
 * WebAssembly build sees a fake process id. So the directory gets a lock file of ours,
 * created exclusively (`wx`: O_CREAT|O_EXCL), that names its holder: process id, host, start
 * time and, on Linux, the boot id and the process's start tick (to tell a live holder from a
 * recycled process id).
 *
 * A lock left by a holder that is gone (killed, crashed, the machine restarted) is taken over:
 * under a short-lived takeover guard (also `wx`), the taker checks the lock still holds the
 * dead holder's bytes, removes it and creates its own with `wx` again. Two takers racing
 * cannot both win: only one holds the guard, and the second finds the lock changed.
 */
export const dataDirLockFile = 'sanshe.lock';

/** Who holds a data directory, as written in its lock file. */
export interface DataDirLockHolder {
  pid: number;
  host: string;
  /** When the holding process started (ISO 8601). */
  startedAt: string;
  /** Linux: `/proc/sys/kernel/random/boot_id` of the machine the holder runs on. */
  bootId?: string;
  /** Linux: the holder's start time in clock ticks since boot (`/proc/<pid>/stat` field 22). */
  startTicks?: string;
}

export interface DataDirLock {
  /** The lock file. */
  readonly path: string;
  readonly holder: DataDirLockHolder;
  /** Remove the lock file (when it is still ours). Idempotent. */
  release(): void;
}

/** The locks this process holds, shared by every copy of this module loaded in the process. */
function heldLocks(): Map<string, string> {
  const key = Symbol.for('@sanshe/core.dataDirLocks');
  const scope = globalThis as { [key]?: Map<string, string> };
  if (!scope[key]) {
    const held = new Map<string, string>();
    scope[key] = held;
    // A process that exits without closing its databases (process.exit after an error) must
    // not leave its locks behind: they would still be taken over, but with a warning-worthy
    // stale file in between.
    process.once('exit', () => {
      for (const [path, text] of held) removeIfUnchanged(path, text);
    });
  }
  return scope[key];
}

/**
 * Take the exclusive lock of an embedded database directory (which must exist).
 *
 * @throws {SansheError} DATABASE_IN_USE when another live process (or this one, through
 *   another open database) holds it; the message names the holder's process id.
 */
export async function acquireDataDirLock(dir: string): Promise<DataDirLock> {
  const path = resolve(join(dir, dataDirLockFile));
  const held = heldLocks();
  const holder = thisProcess();
  const text = `${JSON.stringify(holder)}\n`;
  const existing = held.get(path);
  if (existing !== undefined) throw inUse(dir, path, parseHolder(existing));

  // Each round either creates the lock, refuses, or clears a dead holder's lock and tries
  // again; a few rounds cover takers racing each other.
  for (let round = 0; round < 20; round += 1) {
    if (createExclusive(path, text)) {
      held.set(path, text);
      return {
        path,
        holder,
        release: () => {
          if (held.get(path) !== text) return;
          held.delete(path);
          removeIfUnchanged(path, text);
        },
      };
    }
    const seen = await readSettledLock(path);
    if (seen === undefined) continue; // removed in between: try again
    if (seen.holder && holderIsAlive(seen.holder, path)) throw inUse(dir, path, seen.holder);
    await removeDeadLock(path, seen.text, text);
  }
  const last = readLock(path);
  throw inUse(dir, path, last?.holder);
}

/** Create `path` with `text` only when it does not exist (O_EXCL). False when it exists. */
function createExclusive(path: string, text: string): boolean {
  try {
    writeFileSync(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readLock(path: string): { text: string; holder: DataDirLockHolder | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { text, holder: parseHolder(text) };
}

/**
 * The lock's content. A holder writes its few bytes right after creating the file, so an
 * empty or torn file is read again a few times; one that stays unreadable was left by a
 * process that died in between (or is garbage) and counts as a dead holder's.
 */
async function readSettledLock(path: string) {
  let seen = readLock(path);
  for (let retry = 0; seen && !seen.holder && retry < 5; retry += 1) {
    await sleep(20);
    seen = readLock(path);
  }
  return seen;
}

function parseHolder(text: string): DataDirLockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<DataDirLockHolder>;
    if (
      typeof value.pid === 'number' &&
      Number.isInteger(value.pid) &&
      value.pid > 0 &&
      typeof value.host === 'string'
    ) {
      return value as DataDirLockHolder;
    }
  } catch {
    // not ours, or torn
  }
  return undefined;
}

/**
 * Remove a dead holder's lock, once: under the takeover guard, and only if the file still has
 * the bytes judged dead (another taker may have replaced it with a live lock meanwhile).
 */
async function removeDeadLock(path: string, deadText: string, ourText: string): Promise<void> {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, ourText)) {
    // Another process is taking over right now (for microseconds). A guard whose holder died
    // in that window is cleared, so it cannot block the directory forever.
    const other = readLock(guard);
    if (other && (!other.holder || !holderIsAlive(other.holder, guard)) && ageMs(guard) > 1000) {
      removeIfUnchanged(guard, other.text);
    }
    await sleep(10 + Math.random() * 20);
    return;
  }
  try {
    removeIfUnchanged(path, deadText);
  } finally {
    removeIfUnchanged(guard, ourText);
  }
}

function removeIfUnchanged(path: string, text: string): void {
  try {
    if (readFileSync(path, 'utf8') === text) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Whether the process a lock names may still be running. When in doubt (another host, no
 * permission to tell) it is alive: refusing to start is recoverable, two writers are not.
 */
function holderIsAlive(holder: DataDirLockHolder, path: string): boolean {
  if (holder.host !== hostname()) return true;
  const current = thisProcess();
  // The machine restarted since: nothing from before is running.
  if (holder.bootId && current.bootId && holder.bootId !== current.bootId) return false;
  if (holder.pid === process.pid) {
    // Our own id: held by this process only if this process took it (a lock from an earlier
    // process that had our id, e.g. PID 1 in a restarted container, is dead).
    return heldLocks().has(path);
  }
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: a process of another user has that id; go on to compare start times.
  }
  const running = linuxProcessStat(holder.pid);
  if (running?.state === 'Z' || running?.state === 'X') return false; // killed, not yet reaped
  // The id was recycled by a process that started later than the holder.
  if (running && holder.startTicks && running.startTicks !== holder.startTicks) return false;
  return true;
}

let self: DataDirLockHolder | undefined;

function thisProcess(): DataDirLockHolder {
  if (!self) {
    const startTicks = linuxProcessStat(process.pid)?.startTicks;
    const bootId = readTrimmed('/proc/sys/kernel/random/boot_id');
    self = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
      ...(bootId ? { bootId } : {}),
      ...(startTicks ? { startTicks } : {}),
    };
  }
  return self;
}

/** `/proc/<pid>/stat`: the state (field 3) and start time in ticks since boot (field 22). */
function linuxProcessStat(pid: number): { state: string; startTicks: string } | undefined {
  const stat = readTrimmed(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) is in parentheses and may contain spaces: split after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTicks = fields[19];
  return state && startTicks ? { state, startTicks } : undefined;
}

function readTrimmed(path: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function inUse(dir: string, path: string, holder: DataDirLockHolder | undefined): SansheError {
  const who = holder
    ? `process ${holder.pid} on ${holder.host} (started ${holder.startedAt})`
    : 'another process (its lock file cannot be read)';
  return new SansheError(
    'DATABASE_IN_USE',
    `The database in ${dir} is in use by ${who}. An embedded database has one writer: stop that process, or reach the data through the gateway it serves. If no such process runs, delete ${path}.`,
    { details: { lockFile: path, ...(holder ? { holder } : {}) } },
  );
}
