import { type FieldPath, isSansheError, SansheError } from '@sanshe/core';

/**
 * Core's reads name the fields of their input object (`['input', 'gridId']`), as its writes do;
 * a query takes them as plain arguments (`gridId`). Run `work` and re-throw a typed error at the
 * argument's own name (`renamed` maps core's name to the argument's where they differ), so an
 * error's `field` names what the caller sent.
 */
export async function atArguments<T>(
  work: () => Promise<T>,
  renamed: Readonly<Record<string, string>> = {},
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isSansheError(error)) throw error;
    const [root, field, ...rest] = error.path;
    const path: FieldPath | null =
      root === 'input' && typeof field === 'string'
        ? [renamed[field] ?? field, ...rest]
        : typeof root === 'string' && renamed[root] !== undefined
          ? [renamed[root]!, ...error.path.slice(1)]
          : null;
    if (path === null) throw error;
    throw new SansheError(error.code, error.message, {
      path,
      ...(error.details ? { details: { ...error.details } } : {}),
      cause: error,
    });
  }
}

/**
 * A query routed by the district code in its `districtCode` argument answers for that district
 * only (the gateway routes it there; an embedding that calls the district schema directly is held
 * to the same rule).
 *
 * @throws {SansheError} CODE_OUTSIDE_DISTRICT at `districtCode`
 */
export function requireOwnDistrict(districtCode: string, ctx: { district: { districtCode: string } }): void {
  if (districtCode !== ctx.district.districtCode) {
    throw new SansheError('CODE_OUTSIDE_DISTRICT', `districtCode must be ${ctx.district.districtCode}.`, {
      path: ['districtCode'],
    });
  }
}
