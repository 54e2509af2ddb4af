import {
  type ErrorCode,
  errorCodeList,
  errorCodes,
  errorMessage,
  isSansheError,
  type SansheError,
} from '@sanshe/core';
import { builder } from '../builder.js';

/**
 * Expected failures of mutations come back as members of a result union, typed by kind, each
 * carrying a code from core's one table. Pothos' errors plugin dispatches on the thrown class,
 * so a core SansheError is wrapped in the class of its kind on the way out (see
 * {@link expectFailures}); anything else is not expected and is masked by the server.
 */
abstract class ExpectedFailure extends Error {
  readonly code: ErrorCode;
  readonly path: readonly (string | number)[];
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(error: SansheError) {
    super(error.message);
    this.code = error.code;
    this.path = error.path;
    this.details = error.details;
  }
}

export class ValidationFailure extends ExpectedFailure {}
export class NotFoundFailure extends ExpectedFailure {}
export class ConflictFailure extends ExpectedFailure {}
export class ForbiddenFailure extends ExpectedFailure {}

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Every code an expected failure can carry. The same table is exported by @sanshe/core.',
  values: Object.fromEntries(
    errorCodeList.map((code) => [code, { value: code, description: errorCodes[code].description }]),
  ) as Record<ErrorCode, { value: ErrorCode; description: string }>,
});

const ErrorInterface = builder.interfaceRef<ExpectedFailure>('Error').implement({
  description: 'An expected failure: the input, the state of the data or the rights did not allow it.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    message: t.string({
      description:
        'What went wrong, in the language of the request (Accept-Language): in English, as specific as `detail`; in Chinese, the meaning of the code (简体中文).',
      resolve: (error, _args, context) =>
        context.language === 'zh' ? errorMessage(error.code, 'zh') : error.message,
    }),
    detail: t.string({
      description:
        "What went wrong in this case, in English, whatever the language of the request: the field, the state or the limit at fault. Never the caller's personal data.",
      resolve: (error) => error.message,
    }),
    path: t.stringList({
      description: 'Where in the input the problem lies, e.g. ["input", "code"].',
      resolve: (error) => error.path.map(String),
    }),
  }),
});

builder.objectType(ValidationFailure, {
  name: 'ValidationError',
  description: 'The input does not have the expected form; fix it and send it again.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationFailure,
});

builder.objectType(NotFoundFailure, {
  name: 'NotFoundError',
  description: 'A record the input names does not exist (or is not visible to the caller).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundFailure,
});

builder.objectType(ConflictFailure, {
  name: 'ConflictError',
  description: 'The change does not fit the current state: a duplicate, a retired unit, or a stale version.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictFailure,
  fields: (t) => ({
    currentVersion: t.int({
      nullable: true,
      description: 'For VERSION_CONFLICT: the version the record is at now.',
      resolve: (error) =>
        typeof error.details?.currentVersion === 'number' ? error.details.currentVersion : null,
    }),
  }),
});

builder.objectType(ForbiddenFailure, {
  name: 'ForbiddenError',
  description: 'The caller may not make this change.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenFailure,
});

/** The error members of every mutation's result union. */
export const mutationErrorTypes = [ValidationFailure, NotFoundFailure, ConflictFailure, ForbiddenFailure];

/** Run a service call, re-throwing core's expected failures as the union member of their kind. */
export async function expectFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isSansheError(error)) throw error;
    switch (error.kind) {
      case 'validation':
        throw new ValidationFailure(error);
      case 'not_found':
        throw new NotFoundFailure(error);
      case 'conflict':
        throw new ConflictFailure(error);
      case 'forbidden':
        throw new ForbiddenFailure(error);
      default:
        throw error;
    }
  }
}
