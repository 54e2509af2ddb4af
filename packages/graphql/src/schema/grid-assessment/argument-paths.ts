import { isSansheError, SansheError } from '@sanshe/core';

/**
 * Run a read whose core service names its input's fields `['input', <field>]` (core reads one
 * input object) where the query takes them as arguments: an error's path then names the
 * argument the caller sent (`['unitCode']`), as every query's errors do.
 */
export async function atArguments<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isSansheError(error) || error.path[0] !== 'input') throw error;
    throw new SansheError(error.code, error.message, {
      path: error.path.slice(1),
      ...(error.details ? { details: { ...error.details } } : {}),
      cause: error,
    });
  }
}
