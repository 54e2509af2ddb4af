import type { ErrorCode } from './error-codes.js';
import type { FieldPath, ValidationIssue } from './sanshe-error.js';

/** What every validator returns, in the shape zod made familiar. */
export type ParseResult<T> = { success: true; data: T } | { success: false; error: ValidationIssue };

export function ok<T>(data: T): ParseResult<T> {
  return { success: true, data };
}

export function fail<T = never>(
  code: ErrorCode,
  message: string,
  path: FieldPath = [],
  details?: Readonly<Record<string, unknown>>,
): ParseResult<T> {
  return { success: false, error: { code, message, path, ...(details ? { details } : {}) } };
}

/** Options every validator accepts: where the value sits in a larger input. */
export interface ParseOptions {
  path?: FieldPath;
}
