import type { GraphQLFieldResolver } from 'graphql';
import { mapBounded } from './bounded-map.js';
import { askDistrict, filterReaches } from './district-call.js';
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
      const list = await askDistrict(source, {
        fieldName,
        args,
        context,
        info,
        timeoutMs: options.timeoutMs,
        isAnswer: Array.isArray,
      });
      return (list as unknown[] | undefined) ?? [];
    });
    return answers.flat();
  };
}
