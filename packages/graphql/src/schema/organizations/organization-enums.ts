import {
  creditCategories,
  creditLists,
  creditProcedureKinds,
  creditProcedureStatuses,
  disclosureKinds,
  legalForms,
  legalStatuses,
  listingReasons,
  listRemovalReasons,
  organizationCategories,
  organizationStatuses,
  serviceDomains,
  statusChangeKinds,
} from '@sanshe/core';
import { codeListEnum } from '../code-list-enum.js';

export const LegalStatusEnum = codeListEnum(
  'LegalStatus',
  'Registered (登记, a legal person with a USCC) or filed (备案, a community group).',
  legalStatuses,
);
export const LegalFormEnum = codeListEnum(
  'LegalForm',
  'The legal form of a registered organization.',
  legalForms,
);
export const OrganizationCategoryEnum = codeListEnum(
  'OrganizationCategory',
  'The category of a community social organization.',
  organizationCategories,
);
export const ServiceDomainEnum = codeListEnum(
  'ServiceDomain',
  'A field an organization serves in.',
  serviceDomains,
);
export const OrganizationStatusEnum = codeListEnum(
  'OrganizationStatus',
  'Whether the organization is active or deregistered.',
  organizationStatuses,
);
export const StatusChangeKindEnum = codeListEnum(
  'StatusChangeKind',
  'What happened to an organization on a date.',
  statusChangeKinds,
);
export const CreditCategoryEnum = codeListEnum(
  'CreditCategory',
  'The categories of credit information (社会组织信用信息管理办法).',
  creditCategories,
);
export const CreditListEnum = codeListEnum('CreditList', 'The two credit lists.', creditLists);
export const ListingReasonEnum = codeListEnum(
  'ListingReason',
  'Why an organization is put on a list.',
  listingReasons,
);
export const ListRemovalReasonEnum = codeListEnum(
  'ListRemovalReason',
  'Why an organization left a list.',
  listRemovalReasons,
);
export const CreditProcedureKindEnum = codeListEnum(
  'CreditProcedureKind',
  'Objection (异议) or credit repair (信用修复).',
  creditProcedureKinds,
);
export const CreditProcedureStatusEnum = codeListEnum(
  'CreditProcedureStatus',
  'Where a credit procedure stands.',
  creditProcedureStatuses,
);
export const DisclosureKindEnum = codeListEnum(
  'DisclosureKind',
  'What an organization publishes (四公开).',
  disclosureKinds,
);
