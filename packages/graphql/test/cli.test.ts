import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `sanshe serve` as a real process, the way `npm start` runs it. It needs the built package
 * (`npm test` builds first; after editing src, run the build or `npm test`).
 */
const bin = fileURLToPath(new URL('../bin/sanshe.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'sanshe-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startServe(): Promise<{ process: ChildProcess; url: string; output: string[] }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, DATABASE_URL: '', SANSHE_TEST_PG: '' },
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no GraphiQL line:\n${output.join('')}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /GraphiQL:\s+(\S+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sanshe exited with ${code}:\n${output.join('')}`)));
  });
  return { process: child, url, output };
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe('sanshe serve (the CLI)', () => {
  it.runIf(existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))))(
    'seeds the demo city once, serves it, and reuses the data on the next start',
    async () => {
      const first = await startServe();
      try {
        expect(first.output.join('')).toMatch(/seeded district 320505/);
        const response = await fetch(first.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ communities(first: 1) { totalCount } }' }),
        });
        const body = (await response.json()) as { data: { communities: { totalCount: number } } };
        expect(body.data.communities.totalCount).toBeGreaterThan(100);
      } finally {
        await stop(first.process);
      }
      const second = await startServe();
      try {
        expect(second.output.join('')).not.toMatch(/seeded/);
      } finally {
        await stop(second.process);
      }
    },
  );

  it('refuses bad flags with a clear message', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', 'eighty']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port must be 0–65535/);
  });
});
