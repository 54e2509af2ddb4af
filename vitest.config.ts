import { defineConfig } from 'vitest/config';

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
      { extends: true, test: { name: 'graphql', root: 'packages/graphql', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'client', root: 'packages/client', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'examples', root: 'examples', include: ['*/test/**/*.test.ts'] } },
    ],
  },
});
