import { type ErrorCode, type ErrorKind, errorKindOf } from './error-codes.js';

/** Where in the input a problem lies, e.g. `['input', 'code']`. */
export type FieldPath = readonly (string | number)[];

/** A problem with one value: what a validator returns and what a {@link SansheError} carries. */
export interface ValidationIssue {
  readonly code: ErrorCode;
  readonly message: string;
  readonly path: FieldPath;
  /** Machine-readable facts about the fault (never the caller's raw value). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The one error class for expected failures. Services throw it; the gateway turns it into
 * a typed GraphQL error; anything else that escapes is masked as INTERNAL_SERVER_ERROR.
 */
export class SansheError extends Error {
  override readonly name = 'SansheError';
  readonly code: ErrorCode;
  readonly path: FieldPath;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { path?: FieldPath; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path ?? [];
    this.details = options.details;
  }

  get kind(): ErrorKind {
    return errorKindOf(this.code);
  }

  static fromIssue(issue: ValidationIssue): SansheError {
    return new SansheError(issue.code, issue.message, {
      path: issue.path,
      ...(issue.details ? { details: issue.details } : {}),
    });
  }
}

export function isSansheError(error: unknown): error is SansheError {
  return error instanceof SansheError;
}
