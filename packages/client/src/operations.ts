// Ready-made documents for the common reads and changes. They are ordinary gql.tada documents:
// copy one and change its selection when you need other fields. One module per area under
// `operations/`; every failure member of a mutation's result union is read through the one
// `ErrorFields` fragment.

export { ErrorFields } from './operations/error-fields.js';
export {
  CommunitiesPage,
  CommunityByCode,
  CommunityFields,
  CreateCommunity,
  NodeById,
  RenameCommunity,
  RetireCommunity,
} from './operations/hierarchy.js';

// ---- The three societies: social organizations, social workers, indicators (docs/domain.md §3, §4, §10)

export {
  GradeOrganization,
  ListOrganization,
  PublicCreditReport,
} from './operations/credit.js';
export {
  CityIndicators,
  Indicators,
  IndicatorsByChildUnit,
  IndicatorValueFields,
} from './operations/indicators.js';
export {
  AddHubMember,
  ChangeOrganization,
  DeregisterOrganization,
  FileCommunityGroup,
  RegisterOrganization,
  SocialOrganizationById,
  SocialOrganizationFields,
  SocialOrganizationsPage,
} from './operations/organizations.js';
export {
  PersonalDataAccessLog,
  RevealSocialWorkerIdentifiers,
} from './operations/personal-data.js';
export {
  AddCertificate,
  CertificateRegistrationFields,
  EndPost,
  RecordContinuingEducation,
  RegisterCertificate,
  RegisterSocialWorker,
  RenewRegistration,
  SocialWorkerById,
  SocialWorkerFields,
  SocialWorkerPostFields,
  SocialWorkersPage,
  StartPost,
} from './operations/social-workers.js';
export { CommunityThreeSocieties } from './operations/three-societies.js';
