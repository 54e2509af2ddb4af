/**
 * @sanshe/core: the embeddable 三社联动 domain library.
 *
 * Open a district database, migrate it, and work with it through services. Subpaths:
 * `@sanshe/core/validators` (pure validators), `@sanshe/core/schema` (drizzle tables),
 * `@sanshe/core/demo` (demo city generator), `@sanshe/core/testing` (test databases).
 */

export type {
  Actor,
  OrganizationVisibilityColumns,
  PostVisibilityColumns,
  Reach,
  RecordKind,
  Role,
  WriteAction,
  WriteTarget,
} from './access/index.js';
export {
  auditReaderRoles,
  authorizeWrite,
  isRole,
  mayPerform,
  reachCovers,
  reachOf,
  recordIsVisible,
  recordKinds,
  requireVisibleRecord,
  roles,
  seesWholeDistrict,
  systemActor,
  visibleHubMemberships,
  visibleOrganizations,
  visiblePosts,
  visibleWorkers,
  writePermissions,
} from './access/index.js';
export type { AuditEntry, AuditQuery } from './audit/index.js';
export { appendAudit, auditSnapshot, readAuditLog } from './audit/index.js';
export type { CitusPlan } from './database/citus-plan.js';
export { citusPlan, citusReferenceTables, distributionColumn } from './database/citus-plan.js';
export type { DataDirLock, DataDirLockHolder } from './database/data-dir-lock.js';
export { acquireDataDirLock, dataDirLockFile } from './database/data-dir-lock.js';
export type {
  DatabaseConnection,
  DistrictDatabase,
  OpenDistrictDatabaseOptions,
  SansheDb,
} from './database/district-database.js';
export { openDistrictDatabase } from './database/district-database.js';
export type { RecordedStatement, SqlRecorder } from './database/sql-recorder.js';
export { createSqlRecorder } from './database/sql-recorder.js';
export type {
  ErrorCode,
  ErrorKind,
  FieldPath,
  ParseOptions,
  ParseResult,
  ValidationIssue,
} from './errors/index.js';
export {
  errorCodeList,
  errorCodes,
  errorKindOf,
  fail,
  isErrorCode,
  isSansheError,
  ok,
  SansheError,
} from './errors/index.js';
export type {
  CreateCommunityInput,
  CreateDistrictInput,
  CreateGridInput,
  CreateSubdistrictInput,
  HierarchyService,
  HierarchyServiceOptions,
  HierarchyUnit,
  Lifespan,
  RenameUnitInput,
  RetireUnitInput,
  UnitColumns,
  UnitFilter,
  UnitLevel,
} from './hierarchy/index.js';
export {
  createHierarchyService,
  isActiveOn,
  likePattern,
  unitCondition,
  unitLevels,
  unitTables,
  unitWhere,
  urbanRuralClasses,
} from './hierarchy/index.js';
export type {
  PopulationBasis,
  PopulationInForceInput,
  PopulationService,
  RecordPopulationInput,
} from './hierarchy/population-service.js';
export {
  createPopulationService,
  maxCommunityPopulation,
  populationBases,
} from './hierarchy/population-service.js';
export type { UnitFilterInput } from './hierarchy/unit-filter-rules.js';
export { maxNameSearchLength, parseUnitFilter } from './hierarchy/unit-filter-rules.js';
export * from './indicators/index.js';
export * from './organizations/index.js';
export * from './personal-data/index.js';
export type {
  AmountsByLevel,
  CommunityOrganizationTargets,
  EvaluationEligibility,
  GradeCutoffs,
  PolicyCandidate,
  PolicyDefinition,
  PolicyInForce,
  PolicyKey,
  PolicyService,
  PolicyServiceOptions,
  PolicyValueOf,
  RegistrationRules,
  RevealLimits,
  SetPolicyInput,
  SocialWorkerLevel,
} from './policies/index.js';
export {
  createPolicyService,
  gradeNames,
  isPolicyKey,
  jurisdictionChain,
  policyDefinitions,
  resolvePolicy,
} from './policies/index.js';
export type * from './schema/index.js';
export { relations } from './schema/index.js';
export * from './schema/tables.js';
export type {
  ServiceKit,
  ServiceOptions,
  StateMachine,
  StateMachineDefinition,
  TransitionDefinition,
} from './services/index.js';
export {
  addDays,
  addMonths,
  addYears,
  createServiceKit,
  defineStateMachine,
  isLocalId,
  parseCode,
  periodsOverlap,
  todayInChina,
} from './services/index.js';
export type { CertificateHoldings } from './social-workers/certification.js';
export { certificateHolderOnCondition, holdsCertificateOn } from './social-workers/certification.js';
export * from './social-workers/index.js';
export type { WorkerColumns, WorkerFilter } from './social-workers/worker-filter.js';
export { workerCondition } from './social-workers/worker-filter.js';
export type {
  DivisionCodeInfo,
  DivisionLevel,
  GridCodeInfo,
  MobilePhoneInfo,
  OrganizationCodeInfo,
  ResidentIdInfo,
  UsccInfo,
} from './validators/index.js';
export {
  checkPublishedText,
  computeOrganizationCodeCheck,
  computeResidentIdCheck,
  computeUsccCheck,
  maskMobilePhone,
  maskResidentId,
  parseDivisionCode,
  parseDivisionCodeOfLevel,
  parseGridCode,
  parseIsoDate,
  parseMobilePhone,
  parseName,
  parseOrganizationCode,
  parsePublicName,
  parseResidentId,
  parseUscc,
} from './validators/index.js';
