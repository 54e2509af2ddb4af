export {
  authorizeCertifier,
  type Certifier,
  certifierKindsOf,
  membershipOn,
  refuseSelfCertification,
} from './certifier.js';
export type {
  CertifierKind,
  EngagementRole,
  GuardianRelation,
  RecordItemKind,
  TeamRole,
  VolunteerRating,
  VolunteerSkill,
} from './code-lists.js';
export {
  certifierKinds,
  engagementRoles,
  guardianRelations,
  recordItemKinds,
  teamRoles,
  volunteerRatings,
  volunteerSkills,
} from './code-lists.js';
export { MAX_TRAINING_MINUTES } from './record-items.js';
export { findOverlappingService, serviceInForce } from './services-in-force.js';
export type { VolunteerColumns, VolunteerFilter } from './volunteer-filter.js';
export { MAX_NAME_PREFIX_LENGTH, parseVolunteerFilter, volunteerCondition } from './volunteer-filter.js';
export type {
  RevealedVolunteerIdentifiers,
  RevealVolunteerIdentifiersInput,
  VolunteerIdentifier,
} from './volunteer-identifiers.js';
export {
  volunteerIdentifiers,
  volunteerMobilePhoneColumns,
  volunteerResidentIdColumns,
} from './volunteer-identifiers.js';
export { serviceDaySql } from './volunteer-reads.js';
export type { GuardianConsentInput } from './volunteer-rules.js';
export {
  AGE_OF_MAJORITY,
  adultOnOf,
  chinaDayOf,
  isMinorOn,
  MAX_SERVICE_SPAN_MINUTES,
  parseInstant,
  parseSkills,
  requireGuardianConsent,
  servedMinutes,
  storedInstant,
} from './volunteer-rules.js';
export type { VolunteerServiceOptions, VolunteersService } from './volunteer-service.js';
export { createVolunteerService } from './volunteer-service.js';
export type {
  AddTeamMemberInput,
  CertifierInput,
  CorrectServiceInput,
  DisbandTeamInput,
  EndEngagementInput,
  EndTeamMembershipInput,
  FormTeamInput,
  RecordedService,
  RecordItemInput,
  RecordServiceInput,
  RegisterVolunteerInput,
  ServiceChain,
  ServiceFactsInput,
  StartEngagementInput,
  UpdateVolunteerInput,
  WithdrawVolunteerInput,
} from './volunteer-types.js';
