#!/usr/bin/env node
// `npm start` and `npm test` on a fresh clone with nothing but Node 20 and npm: install pnpm and
// the locked dependencies when needed, build what is stale, then start the gateway or run the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const [command = 'test', ...rest] = process.argv.slice(2);

function run(program, args, env = {}) {
  const result = spawnSync(program, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function pnpm(args, env) {
  // corepack is not reliable everywhere; npx fetches the pinned pnpm from the npm registry once.
  run('npx', ['--yes', `pnpm@${pnpmVersion}`, ...args], { npm_config_update_notifier: 'false', ...env });
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function ensureInstalled() {
  const marker = join(root, 'node_modules', '.sanshe-installed');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('sanshe: installing dependencies (pnpm, frozen lockfile)…');
  pnpm(['install', '--frozen-lockfile', '--prefer-offline']);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}

function ensureBuilt() {
  const packages = ['core', 'graphql', 'client'];
  const stale = packages.some((name) => {
    const dir = join(root, 'packages', name);
    const built = join(dir, 'dist', 'index.js');
    // Declarations too: an application embedding the packages type-checks against them.
    if (!existsSync(join(dir, 'dist', 'index.d.ts'))) return true;
    return !existsSync(built) || newestMtime(join(dir, 'src')) > statSync(built).mtimeMs;
  });
  if (!stale) return;
  console.log('sanshe: building the packages…');
  pnpm(['-r', '--filter', './packages/**', 'run', 'build']);
}

ensureInstalled();
ensureBuilt();
if (command === 'start') {
  run(process.execPath, [join(root, 'packages/graphql/bin/sanshe.js'), 'serve', ...rest]);
} else if (command === 'test') {
  run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...rest]);
} else {
  console.error(`bootstrap: unknown command ${command} (start | test)`);
  process.exit(2);
}
