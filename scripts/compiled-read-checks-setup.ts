import { subscribe } from 'node:diagnostics_channel';
import { afterEach } from 'vitest';
import {
  type CompiledReadMismatch,
  compiledReadMismatchChannel,
} from '../packages/graphql/src/compiled-reads/compiled-read-checks.js';

/**
 * The gateway's suites run with compiled reads verified (vitest.config.ts sets
 * `SANSHE_COMPILED_READS=verify`): every read a compiled statement answers is executed by the
 * resolvers too. Here a test fails when any of its reads was answered otherwise by the two, naming
 * the operation and where the answers part. (Gateways in child processes verify too; a difference
 * there is logged and counted, not reported here.)
 */

// Files of a project share a worker's modules and this file runs before each of them: one
// subscription per worker, kept on the global object.
const key = Symbol.for('sanshe.test.compiledReadMismatches');
const store = globalThis as typeof globalThis & { [key]?: CompiledReadMismatch[] };
const found: CompiledReadMismatch[] =
  store[key] ??
  (() => {
    const list: CompiledReadMismatch[] = [];
    subscribe(compiledReadMismatchChannel, (message) => list.push(message as CompiledReadMismatch));
    store[key] = list;
    return list;
  })();

afterEach(() => {
  const mismatches = found.splice(0);
  if (mismatches.length === 0) return;
  const described = mismatches.slice(0, 3).map(describe).join('\n\n');
  throw new Error(
    `${mismatches.length} read(s) answered otherwise by the compiled statement than by the resolvers:\n\n${described}`,
  );
});

function describe(mismatch: CompiledReadMismatch): string {
  const { compiled, general } = mismatch;
  let at = 0;
  while (at < compiled.length && compiled[at] === general[at]) at++;
  const around = (text: string) => text.slice(Math.max(0, at - 120), at + 200);
  return [
    `operation ${mismatch.operationName ?? '(anonymous)'}: ${mismatch.query.replace(/\s+/g, ' ').slice(0, 600)}`,
    `variables: ${JSON.stringify(mismatch.variables).slice(0, 400)}`,
    `compiled, from character ${at}: …${around(compiled)}`,
    `resolvers, from character ${at}: …${around(general)}`,
  ].join('\n');
}
