/**
 * @sanshe/client: a typed SDK for the sanshe GraphQL gateway. Write documents with `graphql`,
 * send them with `createClient(...).request`, iterate connections with `paginate`; failures
 * come back as `SansheClientError` values.
 */

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
export type {
  AnyDocument,
  ClientOptions,
  RequestArgs,
  RequestOptions,
  RequestResult,
  SansheClient,
  TypedDocument,
} from './client.js';
export { createClient } from './client.js';
export type {
  ClientErrorCode,
  ErrorCode,
  ProtocolErrorCode,
  SansheClientErrorOptions,
  SansheGraphQLError,
  SansheGraphQLResponse,
} from './errors.js';
export { isSansheClientError, SansheClientError } from './errors.js';
export type { SansheScalars, SchemaErrorCode } from './graphql.js';
export { graphql } from './graphql.js';
export {
  AddCertificate,
  AddHubMember,
  CertificateRegistrationFields,
  ChangeOrganization,
  CityIndicators,
  CommunitiesPage,
  CommunityByCode,
  CommunityFields,
  CommunityThreeSocieties,
  CreateCommunity,
  DeregisterOrganization,
  EndPost,
  ErrorFields,
  FileCommunityGroup,
  GradeOrganization,
  Indicators,
  IndicatorsByChildUnit,
  IndicatorValueFields,
  ListOrganization,
  NodeById,
  PersonalDataAccessLog,
  PublicCreditReport,
  RecordContinuingEducation,
  RegisterCertificate,
  RegisterOrganization,
  RegisterSocialWorker,
  RenameCommunity,
  RenewRegistration,
  RetireCommunity,
  RevealSocialWorkerIdentifiers,
  SocialOrganizationById,
  SocialOrganizationFields,
  SocialOrganizationsPage,
  SocialWorkerById,
  SocialWorkerFields,
  SocialWorkerPostFields,
  SocialWorkersPage,
  StartPost,
} from './operations.js';
export type { Connection, ConnectionNode, PaginateVariables } from './paginate.js';
