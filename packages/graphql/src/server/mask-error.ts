import { isSansheError } from '@sanshe/core';
import { GraphQLError } from 'graphql';
import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';

/**
 * Expected errors keep their message and carry `extensions.code` from core's table; anything
 * else becomes "Unexpected error." with INTERNAL_SERVER_ERROR, so no internals leak.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? undefined) : error;
  const sanshe = isSansheError(original)
    ? original
    : isSansheError(deepOriginal(original))
      ? deepOriginal(original)
      : undefined;
  if (sanshe && isSansheError(sanshe)) {
    return createGraphQLError(sanshe.message, {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
      extensions: { code: sanshe.code, ...(sanshe.path.length ? { field: sanshe.path.map(String) } : {}) },
    });
  }
  if (error instanceof GraphQLError && typeof error.extensions?.code === 'string' && !error.originalError) {
    return error;
  }
  if (error instanceof GraphQLError && isPageSizeError(error)) {
    return createGraphQLError(error.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'PAGE_SIZE_EXCEEDED' },
    });
  }
  return yogaMaskError(error, message, isDev);
}

function deepOriginal(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5 && current instanceof GraphQLError && current.originalError; i++)
    current = current.originalError;
  return current;
}

/** Pothos' connection arguments refuse pages over the maximum with a validation error. */
function isPageSizeError(error: GraphQLError): boolean {
  const original = deepOriginal(error);
  return (
    original instanceof Error &&
    original.name === 'PothosValidationError' &&
    /first|last|size/i.test(original.message)
  );
}
