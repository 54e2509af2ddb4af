import type { Logger } from 'drizzle-orm';

/** One SQL statement as drizzle sent it. */
export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/**
 * A drizzle logger that keeps every statement, so tests and benchmarks can count and
 * snapshot the SQL a request costs. Pass it as `logger` when opening a database.
 */
export interface SqlRecorder extends Logger {
  readonly statements: readonly RecordedStatement[];
  clear(): void;
}

export function createSqlRecorder(): SqlRecorder {
  const statements: RecordedStatement[] = [];
  return {
    statements,
    logQuery(sql, params) {
      statements.push({ sql, params });
    },
    clear() {
      statements.length = 0;
    },
  };
}
