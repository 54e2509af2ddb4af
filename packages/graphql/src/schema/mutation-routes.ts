import { routeExtension } from '../gateway/routes.js';

/** Route a mutation to the district of the global ID at `input.<field>`. */
export function byInputGlobalId(field: string) {
  return routeExtension({ kind: 'globalId', argPath: ['input', field] });
}

/** Route a mutation to the district whose code starts the division code at `input.<field>`. */
export function byInputDivisionCode(field: string) {
  return routeExtension({ kind: 'code', argPath: ['input', field] });
}

/** Drop undefined and null optional fields, so services apply their own defaults. */
export function definedOnly<T extends Record<string, unknown>>(
  input: T,
): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined && value !== null),
  ) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
