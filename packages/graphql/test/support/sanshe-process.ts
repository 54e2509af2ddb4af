import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The built CLI (`npm test` builds first; after editing src, build again). */
export const sansheBin = fileURLToPath(new URL('../../bin/sanshe.js', import.meta.url));
export const sansheBuilt = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface SansheProcess {
  process: ChildProcess;
  /** e.g. http://127.0.0.1:43123 */
  origin: string;
  /** Everything it printed, stdout and stderr interleaved. */
  output: string[];
  /** How it ended, once it has. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Start `sanshe <args>` as a real process and wait for its start line. */
export async function startSanshe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SansheProcess> {
  const child = spawn(process.execPath, [sansheBin, ...args], {
    env: { ...process.env, DATABASE_URL: '', SANSHE_TEST_PG: '', ...env },
  });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line:\n${output.join('')}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const text = output.join('');
      // GraphiQL outside production; production names the endpoint as GraphQL.
      const match = /Graph(?:i)?QL:\s+(\S+)\/graphql/.exec(text);
      if (match && /started in/.test(text)) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sanshe exited with ${code}:\n${output.join('')}`));
    });
  });
  return {
    process: child,
    origin,
    output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

export interface SansheRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `sanshe <args>` to its end (a command that exits: seed, migrate, create-district …). */
export async function runSanshe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SansheRun> {
  const child = spawn(process.execPath, [sansheBin, ...args], {
    env: { ...process.env, DATABASE_URL: '', SANSHE_TEST_PG: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

/**
 * A folder for one test file's processes and their data, and the list of processes it starts:
 * when the file ends, every process still running is killed and the folder removed.
 */
export function processSandbox(prefix: string): { dir: string; running: SansheProcess[] } {
  const dir = mkdtempSync(join(tmpdir(), `sanshe-${prefix}-`));
  const running: SansheProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, running };
}
