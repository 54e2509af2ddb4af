export type { PersonalDataAccess, PersonalDataAccessQuery } from './access-log.js';
export { appendPersonalDataAccess } from './access-log.js';
export type {
  FieldClass,
  IdentifierField,
  PersonalEntity,
  SensitiveCategory,
} from './classification.js';
export {
  identifierFieldsOf,
  isUnder14,
  personalDataClassification,
  sensitiveCategories,
} from './classification.js';
export { lookupHash, openField, sealedKeyId, sealField } from './field-cipher.js';
export type { KeyRotationReport } from './key-rotation.js';
export { rotatePersonalDataKeys, sealedIdentifierTables } from './key-rotation.js';
export type { PersonalDataKeyring, PersonalDataKeyringConfig } from './keyring.js';
export { createPersonalDataKeyring, developmentKeyring, parsePersonalDataKeyring } from './keyring.js';
export type { PersonalDataFinding, PersonalDataKind } from './personal-data-scan.js';
export { containsPersonalData, findPersonalData } from './personal-data-scan.js';
export type { PersonalDataService } from './personal-data-service.js';
export { createPersonalDataService } from './personal-data-service.js';
export type { ProtectedValue } from './protected-value.js';
export { identifierLookupHash, openIdentifier, protectIdentifier, sealContext } from './protected-value.js';
export type { UnmaskPurpose } from './purposes.js';
export { authorizeUnmask, purposesForSensitive, unmaskPurposes, unmaskRoles } from './purposes.js';
