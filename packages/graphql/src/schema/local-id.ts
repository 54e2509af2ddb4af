import { type FieldPath, requireVisibleRecord, SansheError } from '@sanshe/core';
import type { DistrictContext } from '../context.js';
import { decodeGlobalId } from '../global-id.js';
import { recordKindOfType } from './visibility.js';

/**
 * The local id behind a global ID argument, checked to name a record of the expected type in
 * this district. Anything else answers as not found: a caller learns nothing about IDs of
 * other types or districts.
 */
export function localIdOf(globalId: string, typename: string, districtCode: string, path: FieldPath): number {
  let decoded: ReturnType<typeof decodeGlobalId>;
  try {
    decoded = decodeGlobalId(globalId);
  } catch (error) {
    if (error instanceof SansheError) throw new SansheError('INVALID_ID', error.message, { path });
    throw error;
  }
  if (decoded.typename !== typename || decoded.districtCode !== districtCode) {
    throw new SansheError('NOT_FOUND', `No ${typename} with that ID in district ${districtCode}.`, { path });
  }
  return Number(decoded.localId);
}

/** Like {@link localIdOf} for an optional argument. */
export function optionalLocalIdOf(
  globalId: string | null | undefined,
  typename: string,
  districtCode: string,
  path: FieldPath,
): number | null {
  return globalId == null ? null : localIdOf(globalId, typename, districtCode, path);
}

/**
 * The local id behind a filter's optional ID argument in one district of a fan-out list: null
 * when absent, `undefined` when it names another district's record (that district answers the
 * filter; this one has no rows for it), else the local id. A malformed ID or another type is
 * still refused.
 */
export function filterLocalIdOf(
  globalId: string | null | undefined,
  typename: string,
  districtCode: string,
  path: FieldPath,
): number | null | undefined {
  if (globalId == null) return null;
  let decoded: ReturnType<typeof decodeGlobalId>;
  try {
    decoded = decodeGlobalId(globalId);
  } catch {
    return localIdOf(globalId, typename, districtCode, path);
  }
  if (decoded.typename === typename && decoded.districtCode !== districtCode) return undefined;
  return localIdOf(globalId, typename, districtCode, path);
}

/**
 * The local id behind a global ID that a mutation's input names, checked like {@link localIdOf}
 * and then by the read rule of its type (core's `requireVisibleRecord`): a record the caller
 * cannot see answers NOT_FOUND exactly as a missing one, so a write can neither link, change nor
 * unmask what a read would not show, nor count ids.
 */
export async function visibleLocalIdOf(
  ctx: DistrictContext,
  globalId: string,
  typename: string,
  path: FieldPath,
): Promise<number> {
  const districtCode = ctx.district.districtCode;
  const id = localIdOf(globalId, typename, districtCode, path);
  const kind = recordKindOfType[typename];
  if (!kind || kind === 'district') {
    throw new SansheError('NOT_FOUND', `No ${typename} with that ID in district ${districtCode}.`, { path });
  }
  return requireVisibleRecord(ctx.district.db, ctx.actor, districtCode, kind, id, path);
}
