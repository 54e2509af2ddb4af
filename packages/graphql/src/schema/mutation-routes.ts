import { SansheError } from '@sanshe/core';
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

/**
 * A mutation routed by a district code in its input may only act on the district that answers
 * it (the gateway routes it there; an embedding that calls the district schema directly is held
 * to the same rule).
 */
export function assertOwnDistrict(
  inputDistrictCode: string,
  ctx: { district: { districtCode: string } },
): void {
  if (inputDistrictCode !== ctx.district.districtCode) {
    throw new SansheError('CODE_OUTSIDE_DISTRICT', `districtCode must be ${ctx.district.districtCode}.`, {
      path: ['input', 'districtCode'],
    });
  }
}
