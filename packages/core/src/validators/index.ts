/**
 * Pure validators of sanshe's codes and identifiers. Each returns a `ParseResult` and
 * never throws on bad input; the `compute…Check` helpers make valid codes for demo data.
 */
export type {
  CommunityKind,
  DivisionCodeInfo,
  DivisionLevel,
  GridCodeInfo,
  SubdistrictKind,
} from './division-code.js';
export {
  isProvinceCode,
  parseDivisionCode,
  parseDivisionCodeOfLevel,
  parseGridCode,
} from './division-code.js';
export type { MobilePhoneInfo } from './mobile-phone.js';
export { maskMobilePhone, parseMobilePhone } from './mobile-phone.js';
export type { OrganizationCodeInfo } from './organization-code.js';
export { computeOrganizationCodeCheck, parseOrganizationCode } from './organization-code.js';
export { checkPublishedText, parsePublicName } from './published-text.js';
export type { ResidentIdInfo, ResidentIdParseOptions, Sex } from './resident-id.js';
export { computeResidentIdCheck, maskResidentId, parseResidentId } from './resident-id.js';
export type { TextOptions } from './text.js';
export { isCalendarDate, parseIsoDate, parseName } from './text.js';
export type {
  UsccAreaLevel,
  UsccAuthority,
  UsccAuthorityName,
  UsccCategory,
  UsccInfo,
  UsccParseOptions,
} from './uscc.js';
export { computeUsccCheck, parseUscc, USCC_ALPHABET } from './uscc.js';
