export type { RecordedStatement, SqlRecorder } from '../database/sql-recorder.js';
export { createSqlRecorder } from '../database/sql-recorder.js';
export type { Tracked } from './concurrency.js';
export { lockWaiters, track, until } from './concurrency.js';
export { snapshotDatabase } from './database-snapshot.js';
export type { DemoDistrictInput, DemoTestDistrictOptions } from './demo-test-databases.js';
export { createDemoTestDistrictDatabase, demoTestDatabases } from './demo-test-databases.js';
export type { TestDistrictOptions } from './test-databases.js';
export {
  cleanUpTestRun,
  createTestDistrictDatabase,
  databaseUrl,
  testDatabaseKind,
  testPostgresUrl,
  testRunId,
} from './test-databases.js';
