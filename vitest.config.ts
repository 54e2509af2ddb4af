import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One name for this run, inherited by every worker: what the run builds once for all of them
// (migrated and seeded template databases, @sanshe/core/testing) is kept under it, and removed
// by the global setup's teardown when the run ends.
process.env.SANSHE_TEST_RUN ??= randomBytes(6).toString('hex');

// Every read a gateway compiles is executed by its resolvers too and the answers compared
// (issue 21's differential check over every query of the suites): a difference fails the test
// that read it (scripts/compiled-read-checks-setup.ts). A gateway given `compiledReads`
// explicitly (tests counting statements, the differential test's own pair) keeps its setting.
process.env.SANSHE_COMPILED_READS ??= 'verify';
const compiledReadChecks = fileURLToPath(new URL('./scripts/compiled-read-checks-setup.ts', import.meta.url));

// One run covers every package and example. Each project extends this root config so the
// timeouts and the `source` condition (tests import workspace packages' TypeScript, no build
// needed) apply everywhere.
export default defineConfig({
  resolve: {
    conditions: ['source'],
    // graphql 16 ships CommonJS (main) and ESM (module) copies. Node loads the CommonJS one for
    // every dependency (Pothos, Yoga, graphql-tools); our TypeScript must get the same instance.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A worker per core, not one fewer: much of a suite's time is spent waiting on PostgreSQL, a
    // child process or the network, and on two cores one worker left half the machine idle
    // (the PGlite run took 1,334 s with one worker, 1,019 s with two).
    maxWorkers: Math.max(2, availableParallelism()),
    globalSetup: [fileURLToPath(new URL('./scripts/test-run-setup.ts', import.meta.url))],
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          root: 'packages/core',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          // Files share a worker's module cache, so the migrated PGlite template in
          // src/testing/test-databases.ts is built once per worker and each file only clones it.
          // Every file opens its own cloned database; nothing else is shared.
          isolate: false,
        },
      },
      // The gateway's files share a worker's modules too: importing the gateway (building its
      // schema, loading Yoga, Pothos and drizzle) cost each file about 6 s of the run's CPU when
      // every file had its own. Globals a file sets (tracing.test.ts's tracer) it unsets.
      {
        extends: true,
        test: {
          name: 'graphql',
          root: 'packages/graphql',
          include: ['test/**/*.test.ts'],
          isolate: false,
          setupFiles: [compiledReadChecks],
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          root: 'packages/client',
          include: ['test/**/*.test.ts'],
          isolate: false,
          setupFiles: [compiledReadChecks],
        },
      },
      {
        extends: true,
        test: {
          name: 'examples',
          root: 'examples',
          include: ['*/test/**/*.test.ts'],
          isolate: false,
          setupFiles: [compiledReadChecks],
        },
      },
    ],
  },
});
