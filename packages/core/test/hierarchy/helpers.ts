/**
 * Shared pieces of the hierarchy suites. Not a test file: vitest collects only `*.test.ts`.
 */
import { expect } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import type { ErrorCode, FieldPath } from '../../src/errors/index.js';
import { SansheError } from '../../src/errors/index.js';
import { createHierarchyService, type HierarchyService } from '../../src/hierarchy/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';

/** Every suite's district: 苏州市虎丘区 (GB/T 2260 320505). */
export const DISTRICT = '320505';

/** The fixed "today" of the services under test, so no result depends on the wall clock. */
export const TODAY = '2025-06-01';

/** A service whose default date is {@link TODAY}. */
export function serviceFor(database: DistrictDatabase): HierarchyService {
  return createHierarchyService(database, { today: () => TODAY });
}

export interface ExpectedRefusal {
  code: ErrorCode;
  path: FieldPath;
  details?: Record<string, unknown>;
}

/**
 * The service's promise (hierarchy-service.ts): a refused write throws a SansheError with the
 * given code and path, and changes nothing. "Changes nothing" is checked on a full snapshot
 * of every table taken before and after, not assumed.
 */
export async function expectRefused(
  database: DistrictDatabase,
  action: () => Promise<unknown>,
  expected: ExpectedRefusal,
  /**
   * The snapshot of the state before the action, when the caller already holds it: a suite
   * made only of refusals takes one after its fixture, and every test compares against it.
   */
  before?: Record<string, unknown[]>,
): Promise<SansheError> {
  before ??= await snapshotDatabase(database);
  // Started inside a promise so that a synchronous throw is caught like a rejection.
  const attempt = Promise.resolve().then(action);
  await expect(attempt).rejects.toMatchObject(expected);
  await expect(attempt).rejects.toBeInstanceOf(SansheError);
  expect(await snapshotDatabase(database)).toEqual(before);
  return attempt.then(
    () => {
      throw new Error('unreachable: the action was expected to fail');
    },
    (error: unknown) => error as SansheError,
  );
}
