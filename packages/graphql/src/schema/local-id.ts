import { type FieldPath, SansheError } from '@sanshe/core';
import { decodeGlobalId } from '../global-id.js';

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
