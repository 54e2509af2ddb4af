import type { GraphQLFieldResolver } from 'graphql';
import { mapBounded } from './bounded-map.js';
import { askDistrict } from './district-call.js';
import type { DistrictSource } from './district-source.js';
import { field, selectionSet } from './selection.js';

/** One indicator as a district reports it for the city, and as the city adds it up. */
export interface CityIndicator {
  key: string;
  on: string;
  numerator: number;
  denominator: number;
  scale: number;
  value: number | null;
  districts: string[];
  numeratorDefinition: string;
  denominatorDefinition: string;
}

const wanted = [
  'key',
  'on',
  'numerator',
  'denominator',
  'scale',
  'districts',
  'numeratorDefinition',
  'denominatorDefinition',
] as const;

/**
 * City-wide indicators: every district answers for itself in parallel (one request each), and
 * the gateway adds numerators to numerators and denominators to denominators per indicator,
 * computing each ratio once from the sums (docs/domain.md §10: never an average of ratios). A
 * district that fails or times out is left out, named in a DISTRICT_UNAVAILABLE error and
 * absent from each indicator's `districts`.
 */
export function fanOutIndicatorsResolver(
  sources: readonly DistrictSource[],
  fieldName: string,
  options: { timeoutMs: number; concurrency: number },
): GraphQLFieldResolver<unknown, Record<string, unknown>, Record<string, unknown>> {
  const ordered = [...sources].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
  const request = selectionSet(wanted.map((name) => field(name)));
  return async (_root, args, context, info) => {
    const answers = await mapBounded(ordered, options.concurrency, async (source) => {
      const values = await askDistrict(source, {
        fieldName,
        args,
        context,
        info,
        selectionSet: request,
        timeoutMs: options.timeoutMs,
        isAnswer: Array.isArray,
      });
      return (values as CityIndicator[] | undefined) ?? [];
    });
    return sumIndicators(answers.flat());
  };
}

/** Add up the districts' indicators per key, in the order the first district gives them. */
export function sumIndicators(values: readonly CityIndicator[]): CityIndicator[] {
  const byKey = new Map<string, CityIndicator>();
  for (const value of values) {
    const sum = byKey.get(value.key);
    if (!sum) {
      byKey.set(value.key, { ...value, districts: [...value.districts] });
      continue;
    }
    sum.numerator += value.numerator;
    sum.denominator += value.denominator;
    sum.districts.push(...value.districts);
  }
  return [...byKey.values()].map((sum) => ({
    ...sum,
    value: sum.denominator === 0 ? null : (sum.numerator / sum.denominator) * sum.scale,
    districts: sum.districts.sort(),
  }));
}
