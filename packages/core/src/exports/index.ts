/**
 * Open-standard exports of a district's service chain (四公开, docs/domain.md §6.8 and §11): OCDS 1.1
 * for its purchases, 360Giving 1.4 for its funding, HSDS 3.0 for its organizations and their
 * services. Public data only, read through the whitelists of public-chain-fields.ts.
 */
export type {
  GivingExportOptions,
  GivingGrant,
  GivingOrganization,
  GivingPackage,
} from './360giving-package.js';
export {
  export360GivingPackage,
  givingClassificationVocabularies,
  localAreaLocationScope,
  placeholderGrantIdPrefix,
} from './360giving-package.js';
export type { ExportOptions, ExportPublisher, ParsedExportOptions } from './export-options.js';
export { parseExportOptions } from './export-options.js';
export type { DistrictExportOptions, ExportStandard } from './export-standards.js';
export { exportDistrict, exportStandards, isExportStandard } from './export-standards.js';
export type {
  HsdsAttribute,
  HsdsExportOptions,
  HsdsOrganization,
  HsdsOrganizationPage,
  HsdsService,
  HsdsServiceStatus,
} from './hsds-directory.js';
export { exportHsds, serviceDomainTaxonomy, serviceStatus } from './hsds-directory.js';
export type { OcdsMethod, OcdsPartyRole, OcdsReleaseTag } from './ocds-codes.js';
export {
  ocdsDocumentTypeOfEvaluation,
  ocdsMethodOfPurchaseMethod,
  ocdsMilestoneTypeOfTranche,
  ocdsStageCodes,
} from './ocds-codes.js';
export type {
  OcdsExportOptions,
  OcdsParty,
  OcdsRelease,
  OcdsReleasePackage,
} from './ocds-release-package.js';
export { exportOcdsReleasePackage, placeholderOcidPrefix } from './ocds-release-package.js';
export { usccIdentifierType, usccOrgId, usccScheme } from './organization-identifiers.js';
export { individualDonorName, publishedFunderName } from './public-chain.js';
export {
  PUBLIC_AWARDED_BID_FIELDS,
  PUBLIC_CONTRACT_FIELDS,
  PUBLIC_EARMARK_FIELDS,
  PUBLIC_EVALUATION_FIELDS,
  PUBLIC_FUNDING_SOURCE_FIELDS,
  PUBLIC_PROJECT_FIELDS,
  PUBLIC_PURCHASE_FIELDS,
  PUBLIC_TRANCHE_FIELDS,
} from './public-chain-fields.js';
export { publishableText } from './publishable-text.js';
