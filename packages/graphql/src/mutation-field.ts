import type { InputObjectRef, OutputShape, OutputType } from '@pothos/core';
import { isSansheError, SansheError } from '@sanshe/core';
import { builder, type SansheSchemaTypes } from './builder.js';
import type { DistrictContext } from './context.js';
import type { routeExtension } from './gateway/routes.js';
import { expectFailures, mutationErrorTypes } from './schema/error-types.js';
import { returnedRow } from './schema/returned-row.js';

type Types = PothosSchemaTypes.ExtendDefaultTypes<SansheSchemaTypes>;

/** What a mutation declares; everything else is the same for every mutation. */
export interface MutationOptions<Type extends OutputType<Types>, Input> {
  /** The record (or result) a success carries in `data`. */
  type: Type;
  description?: string;
  /** The one `input` argument, required. */
  input: InputObjectRef<Types, Input>;
  /** Which district answers: `byInputGlobalId(...)` or `byInputDivisionCode(...)`. */
  route: ReturnType<typeof routeExtension>;
  /** Do the work; a core `SansheError` becomes the union member of its kind. */
  resolve: (input: Input, ctx: DistrictContext) => Promise<OutputShape<Types, Type>>;
  /**
   * Core's name of an input field → the GraphQL input's name for it, where they differ (core's
   * `needId` is the input's `id`), so an error's path names the field the caller sent.
   */
  inputNames?: Readonly<Record<string, string>>;
}

/**
 * Declare a mutation: `name(input: <Name>Input!): <Name>Result!`, where the result union is
 * `<Name>Success { data }` or one of the typed errors (validation, not found, conflict,
 * forbidden), each carrying a code from core's table. The only way mutations are declared, so
 * each has the same shape for clients and the same routing for the gateway.
 */
export function defineMutation<Type extends OutputType<Types>, Input>(
  name: string,
  { type, description, input, route, resolve, inputNames }: MutationOptions<Type, Input>,
): void {
  builder.mutationField(name, (t) =>
    t.field({
      // biome-ignore lint/suspicious/noExplicitAny: generic over every output type; typed by MutationOptions
      type: type as any,
      nullable: false,
      ...(description === undefined ? {} : { description }),
      args: { input: t.arg({ type: input, required: true }) },
      errors: errorsNamed(name.charAt(0).toUpperCase() + name.slice(1)),
      extensions: route,
      resolve: (_root, args, ctx, info) =>
        expectFailures(async () =>
          returnedRow(
            type,
            await renamingErrorPaths(inputNames, () => resolve((args as { input: Input }).input, ctx)),
            ctx,
            info,
          ),
        ) as never,
    }),
  );
}

/** The names of a mutation's result union and its success member: `<Name>Result`, `<Name>Success`. */
function errorsNamed(name: string) {
  return {
    types: mutationErrorTypes,
    union: { name: `${name}Result` },
    result: { name: `${name}Success` },
  };
}

/** Run `work`; a core error at `['input', <core name>, …]` is re-thrown at the input's own name. */
async function renamingErrorPaths<T>(
  inputNames: Readonly<Record<string, string>> | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!inputNames) return work();
  try {
    return await work();
  } catch (error) {
    const [root, field, ...rest] = isSansheError(error) ? error.path : [];
    const renamed = root === 'input' && typeof field === 'string' ? inputNames[field] : undefined;
    if (!isSansheError(error) || renamed === undefined) throw error;
    throw new SansheError(error.code, error.message, {
      path: ['input', renamed, ...rest],
      ...(error.details ? { details: { ...error.details } } : {}),
      cause: error,
    });
  }
}
