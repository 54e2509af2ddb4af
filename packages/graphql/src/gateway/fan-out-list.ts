import { delegateToSchema } from '@graphql-tools/delegate';
import { type GraphQLFieldResolver, responsePathAsArray } from 'graphql';
import { mapBounded } from './bounded-map.js';
import { filterReaches, isExpectedError, reasonOf, withTimeout } from './district-call.js';
import { reportDistrictUnavailable } from './district-errors.js';
import type { DistrictSource } from './district-source.js';
import type { FieldRoute } from './routes.js';

/**
 * A root list answered by every district the filter can reach, in parallel, concatenated in
 * district-code order. Each district resolves the client's whole selection in one request. A
 * district that fails or times out is left out with a DISTRICT_UNAVAILABLE error beside the data.
 */
export function fanOutListResolver(
  route: Extract<FieldRoute, { kind: 'fanOutList' }>,
  sources: readonly DistrictSource[],
  fieldName: string,
  options: { timeoutMs: number; concurrency: number },
): GraphQLFieldResolver<unknown, Record<string, unknown>, Record<string, unknown>> {
  const ordered = [...sources].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
  return async (_root, args, context, info) => {
    const targets = ordered.filter((source) => filterReaches(route, args, source.districtCode));
    const answers = await mapBounded(targets, options.concurrency, async (source) => {
      let result: unknown;
      try {
        result = await withTimeout(
          Promise.resolve(
            delegateToSchema({
              schema: source.subschema,
              operation: 'query' as never,
              fieldName,
              args,
              context,
              info,
            }),
          ),
          options.timeoutMs,
        );
      } catch (error) {
        result = error;
      }
      if (result instanceof Error || !Array.isArray(result)) {
        if (isExpectedError(result)) throw result;
        reportDistrictUnavailable(
          context,
          source.districtCode,
          reasonOf(result),
          responsePathAsArray(info.path),
        );
        return [];
      }
      return result as unknown[];
    });
    return answers.flat();
  };
}
