import type { IdentifierField } from '../personal-data/classification.js';
import type { PersonalDataKeyring } from '../personal-data/keyring.js';
import { protectIdentifier } from '../personal-data/protected-value.js';
import { maskMobilePhone } from '../validators/mobile-phone.js';

/**
 * A reporter's phone on a grid event (an Open311 or hotline caller's number to call back): a
 * personal identifier (个人信息保护法; docs/domain.md §9), sealed, hashed and masked exactly as a
 * volunteer's mobile phone is (volunteers/volunteer-identifiers.ts, `sealedMobilePhoneColumns`),
 * under its own column name so the sealed value cannot be moved to another column.
 */
export const reporterPhoneField: IdentifierField = {
  field: 'reporterPhone',
  column: 'grid_events.reporter_phone',
  mask: maskMobilePhone,
};

/** The stored columns of a reporter's phone (11 validated digits); all null when there is none. */
export function reporterPhoneColumns(
  keyring: PersonalDataKeyring,
  districtCode: string,
  phone: string | null,
) {
  if (phone === null) {
    return { reporterPhoneEncrypted: null, reporterPhoneHash: null, reporterPhoneMasked: null };
  }
  const value = protectIdentifier(keyring, districtCode, reporterPhoneField, phone);
  return {
    reporterPhoneEncrypted: value.encrypted,
    reporterPhoneHash: value.hash,
    reporterPhoneMasked: value.masked,
  };
}
