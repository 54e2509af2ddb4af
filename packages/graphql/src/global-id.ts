import { SansheError } from '@sanshe/core';

/**
 * Relay global IDs encode the type, the owning district and the local id, so the gateway can
 * route `node(id:)` and every mutation to the district that owns the record without a lookup.
 * The text `Community:320505:17` is base64url-encoded; clients treat it as opaque.
 */
export interface DecodedGlobalId {
  typename: string;
  districtCode: string;
  localId: string;
}

const pattern = /^([A-Z][A-Za-z]{0,63}):(\d{6}):(\d{1,12})$/;

export function encodeGlobalId(typename: string, districtCode: string, localId: string | number): string {
  return Buffer.from(`${typename}:${districtCode}:${localId}`, 'utf8').toString('base64url');
}

/** @throws {SansheError} INVALID_ID when the text is not a global ID this system issued. */
export function decodeGlobalId(globalId: string): DecodedGlobalId {
  const text = /^[A-Za-z0-9_-]{1,120}$/.test(globalId)
    ? Buffer.from(globalId, 'base64url').toString('utf8')
    : '';
  const match = pattern.exec(text);
  if (!match) throw new SansheError('INVALID_ID', `"${globalId.slice(0, 80)}" is not a valid global ID.`);
  return { typename: match[1]!, districtCode: match[2]!, localId: match[3]! };
}

/**
 * The bridge to Pothos' drizzle plugin, which serialises a composite key (district_code, id) as
 * the JSON array `["320505",17]` and the district table's single key as `320505`.
 */
export function encodePothosId(typename: string, id: string | number | bigint): string {
  const text = String(id);
  if (text.startsWith('[')) {
    const [districtCode, localId] = JSON.parse(text) as [string, number];
    return encodeGlobalId(typename, districtCode, localId);
  }
  return encodeGlobalId(typename, text, text);
}

export function decodePothosId(globalId: string): { typename: string; id: string } {
  const { typename, districtCode, localId } = decodeGlobalId(globalId);
  if (typename === 'District') return { typename, id: districtCode };
  return { typename, id: JSON.stringify([districtCode, Number(localId)]) };
}
