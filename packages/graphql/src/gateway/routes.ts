/**
 * How the gateway finds the district(s) that answer a root field. Each root field of the
 * district schema declares its route in its GraphQL extensions (`sansheRoute`), next to its
 * definition; the gateway refuses to start if a root field has none.
 */
export type FieldRoute =
  /**
   * The district is encoded in a global ID at this argument path (e.g. `id`, `input.id`). When
   * that argument is absent and `orCodeAt` is given, the district is the first 6 digits of the
   * division code there instead (a report names its grid, or only its district and a point).
   */
  | { kind: 'globalId'; argPath: readonly string[]; orCodeAt?: readonly string[] }
  /** The district is the first 6 digits of a division code at this argument path. */
  | { kind: 'code'; argPath: readonly string[] }
  /**
   * Every served district answers and the connections are merged in a stable order.
   * `filterArg` names the input whose `districtCode` / `parentCode` narrows the districts asked.
   * `sortFields` gives, for each value of the `orderBy` argument (the first is the default),
   * the node fields that order the merged list; the last must be unique across the city.
   */
  | { kind: 'fanOutConnection'; filterArg?: string; sortFields: Readonly<Record<string, readonly string[]>> }
  /**
   * Every served district answers a list; the lists are concatenated in district-code order.
   * `filterArg` narrows the districts asked, as for connections.
   */
  | { kind: 'fanOutList'; filterArg?: string }
  /**
   * Every served district answers its indicators; the gateway adds them up per key: numerators
   * with numerators, denominators with denominators, the ratio computed once from the sums.
   */
  | { kind: 'fanOutIndicators' }
  /**
   * Every served district answers its part of an assessment of grid work; the gateway puts the
   * units together, ranks them again under the rule asked for and adds up the totals
   * (gateway/fan-out-assessment.ts).
   */
  | { kind: 'fanOutAssessment' }
  /**
   * A subscription every served district the filter can reach answers; their events are merged
   * as they come. `filterArg` names the input whose `districtCode` / `unitCode` narrows them.
   */
  | { kind: 'fanOutSubscription'; filterArg?: string };

export const routeExtensionKey = 'sansheRoute';

export function routeExtension(route: FieldRoute) {
  return { [routeExtensionKey]: route };
}

export function readRoute(extensions: Record<string, unknown> | null | undefined): FieldRoute | undefined {
  return extensions?.[routeExtensionKey] as FieldRoute | undefined;
}
