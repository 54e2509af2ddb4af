/**
 * The test run's global setup (vitest.config.ts): when the run ends, remove what it built once for
 * all its workers (@sanshe/core/testing `cleanUpTestRun`: PGlite images, seeded template databases).
 */
import { cleanUpTestRun } from '../packages/core/src/testing/test-databases.js';

export default function setup() {
  const run = process.env.SANSHE_TEST_RUN;
  return async () => {
    if (run) await cleanUpTestRun(run);
  };
}
