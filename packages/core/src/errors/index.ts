export type { ErrorCode, ErrorKind, MessageLanguage } from './error-codes.js';
export { errorCodeList, errorCodes, errorKindOf, errorMessage, isErrorCode } from './error-codes.js';
export type { ParseOptions, ParseResult } from './result.js';
export { fail, ok } from './result.js';
export type { FieldPath, ValidationIssue } from './sanshe-error.js';
export { isSansheError, SansheError } from './sanshe-error.js';
