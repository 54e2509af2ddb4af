import type { DemoScale } from '@sanshe/core/demo';
import { createDemoTestDistrictDatabase, createSqlRecorder, type SqlRecorder } from '@sanshe/core/testing';
import { createGateway, createLocalDistrictSource, type Gateway } from '../../src/index.js';
import { testAuth } from './demo-gateway.js';

/** The district {@link openDemoDistrictGateway} seeds. */
export const demoDistrictCode = '320505';

/**
 * One demo district (320505 虎丘区, seed 1) of the given size on a fresh test database, behind a
 * gateway of its own that takes the test tokens: what a district runs for itself, and where the
 * SQL statements of one request can be counted. `recorder` sees every statement the gateway's
 * database runs (the district is seeded once per test run and copied: clear it before the
 * request counted all the same).
 */
export async function openDemoDistrictGateway(options: {
  scale: DemoScale;
  /** Serve `/subgraph` as well. */
  subgraph?: boolean;
}): Promise<{ gateway: Gateway; recorder: SqlRecorder }> {
  const recorder = createSqlRecorder();
  const database = await createDemoTestDistrictDatabase({
    plan: { districtCode: demoDistrictCode, name: '虎丘区', seed: 1, scale: options.scale },
    logger: recorder,
  });
  const gateway = createGateway({
    districts: [createLocalDistrictSource(database)],
    auth: testAuth,
    logging: false,
    // Compiled, not verified: verifying would run each read's resolvers too, and their statements
    // would be counted with the compiled one's.
    compiledReads: true,
    ...(options.subgraph ? { subgraph: true } : {}),
  });
  return { gateway, recorder };
}
