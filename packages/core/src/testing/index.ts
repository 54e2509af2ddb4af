export type { RecordedStatement, SqlRecorder } from '../database/sql-recorder.js';
export { createSqlRecorder } from '../database/sql-recorder.js';
export type { Tracked } from './concurrency.js';
export { lockWaiters, track, until } from './concurrency.js';
export { snapshotDatabase } from './database-snapshot.js';
export type { TestDistrictOptions } from './test-databases.js';
export {
  createTestDistrictDatabase,
  databaseUrl,
  testDatabaseKind,
  testPostgresUrl,
} from './test-databases.js';
