/**
 * Issue 16: the client's `ErrorCode` is core's one table of codes (through the schema's enum)
 * plus the client's own transport codes, and nothing else.
 */
import type { ErrorCode as CoreErrorCode } from '@sanshe/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { ClientErrorCode, ErrorCode, SchemaErrorCode } from '../src/index.js';

describe('ErrorCode', () => {
  it('is the table’s codes plus the client’s transport codes', () => {
    expectTypeOf<SchemaErrorCode>().toEqualTypeOf<CoreErrorCode>();
    expectTypeOf<ErrorCode>().toEqualTypeOf<CoreErrorCode | ClientErrorCode>();
  });

  it('includes what the gateway sends before any resolver runs', () => {
    expectTypeOf<
      | 'QUERY_TOO_DEEP'
      | 'TOO_MANY_ALIASES'
      | 'TOO_MANY_TOKENS'
      | 'TOO_MANY_DIRECTIVES'
      | 'QUERY_TOO_COSTLY'
      | 'BODY_TOO_LARGE'
      | 'PERSISTED_QUERY_NOT_FOUND'
      | 'PERSISTED_QUERY_ONLY'
      | 'UNAUTHENTICATED'
      | 'GRAPHQL_PARSE_FAILED'
      | 'GRAPHQL_VALIDATION_FAILED'
      | 'BAD_REQUEST'
      | 'DISTRICT_UNAVAILABLE'
      | 'DISTRICT_NOT_SERVED'
    >().toExtend<ErrorCode>();
    expectTypeOf<'NO_SUCH_CODE'>().not.toExtend<ErrorCode>();
  });
});
