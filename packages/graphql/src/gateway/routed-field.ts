import { delegateToSchema } from '@graphql-tools/delegate';
import { errorMessage, SansheError } from '@sanshe/core';
import { type GraphQLFieldResolver, isNonNullType, type OperationTypeNode } from 'graphql';
import { decodeGlobalId } from '../global-id.js';
import { isExpectedError } from './district-call.js';
import { watchDistrictCall } from './district-call-telemetry.js';
import type { GatewayContext } from './district-errors.js';
import type { DistrictSource } from './district-source.js';
import type { FieldRoute } from './routes.js';

/**
 * A root field answered by one district: the one a global ID or a division code names.
 * Queries for a district this gateway does not serve answer null (nothing is there), or, where
 * the field cannot be null (a district's figures), the typed error DISTRICT_NOT_SERVED; mutations
 * answer the typed NotFoundError DISTRICT_NOT_SERVED. Malformed IDs and codes are delegated to
 * any district, whose resolver turns them into the field's own typed error.
 */
export function routedFieldResolver(
  route: Extract<FieldRoute, { kind: 'globalId' | 'code' }>,
  sources: readonly DistrictSource[],
  operation: OperationTypeNode,
  fieldName: string,
): GraphQLFieldResolver<unknown, Record<string, unknown>, Record<string, unknown>> {
  return routeToDistrict(route, sources, operation, {
    answer: (source, _root, args, context, info) =>
      delegateToSchema({ schema: source.subschema, operation, fieldName, args, context, info }),
    // The gateway's union members are told apart by __typename (graphql-tools' merging).
    notServed: (error, context) => ({
      __typename: 'NotFoundError',
      code: error.code,
      message: (context as GatewayContext).language === 'zh' ? errorMessage(error.code, 'zh') : error.message,
      detail: error.message,
      path: [...error.path],
    }),
  });
}

/**
 * The routing of {@link routedFieldResolver}, with the district's answer left to `answer` (a
 * delegation to the district's schema, or its own resolver called in-process) and a mutation on
 * a district not served to `notServed`, in the form the schema's result union recognizes.
 */
export function routeToDistrict(
  route: Extract<FieldRoute, { kind: 'globalId' | 'code' }>,
  sources: readonly DistrictSource[],
  operation: OperationTypeNode,
  how: {
    answer: (
      source: DistrictSource,
      ...resolverArgs: Parameters<
        GraphQLFieldResolver<unknown, Record<string, unknown>, Record<string, unknown>>
      >
    ) => unknown;
    notServed: (error: SansheError, context: Record<string, unknown>) => unknown;
  },
): GraphQLFieldResolver<unknown, Record<string, unknown>, Record<string, unknown>> {
  const byCode = new Map(sources.map((source) => [source.districtCode, source]));
  return (root, args, context, info) => {
    const primary = readPath(args, route.argPath);
    // An absent global ID with a fallback: the division code at `orCodeAt` names the district.
    const fallback =
      route.kind === 'globalId' && route.orCodeAt && (primary === undefined || primary === null)
        ? ({ kind: 'code', argPath: route.orCodeAt } as const)
        : undefined;
    const used = fallback ?? route;
    const value = fallback ? readPath(args, fallback.argPath) : primary;
    const districtCode = districtOf(used, value);
    const isMutation = operation === 'mutation';
    if (districtCode === undefined) {
      if (!isMutation) {
        throw used.kind === 'globalId'
          ? new SansheError('INVALID_ID', `"${String(value).slice(0, 80)}" is not a valid global ID.`, {
              path: used.argPath,
            })
          : new SansheError(
              'INVALID_DIVISION_CODE',
              `"${String(value).slice(0, 40)}" is not a division code.`,
              {
                path: used.argPath,
              },
            );
      }
    }
    const source = districtCode === undefined ? sources[0] : byCode.get(districtCode);
    if (!source) {
      const notServed = new SansheError(
        'DISTRICT_NOT_SERVED',
        `This gateway serves no district ${districtCode}.`,
        {
          path: used.argPath,
        },
      );
      if (isMutation) return how.notServed(notServed, context);
      // Null would break a field that cannot be null into an internal error: say why instead.
      if (isNonNullType(info.returnType)) throw notServed;
      return null;
    }
    return watchDistrictCall(
      context,
      source,
      info.fieldName,
      () => how.answer(source, root, args, context, info),
      isExpectedError,
    );
  };
}

function readPath(args: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = args;
  for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
  return value;
}

function districtOf(route: FieldRoute, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (route.kind === 'code') return /^\d{6}(\d*)$/.test(value) ? value.slice(0, 6) : undefined;
  try {
    return decodeGlobalId(value).districtCode;
  } catch {
    return undefined;
  }
}
